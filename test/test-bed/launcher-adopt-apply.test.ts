/**
 * Launcher extensions found applying an adopted production stack (test/e2e/import-adopt.test.ts):
 * calls the apply makes on resources that already run, where moto lost or refused what AWS keeps.
 */
import { BackupClient, CreateBackupVaultCommand, DeleteBackupVaultAccessPolicyCommand, GetBackupVaultAccessPolicyCommand, PutBackupVaultAccessPolicyCommand } from '@aws-sdk/client-backup';
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVolumeCommand, CreateVpcCommand, DescribeInstancesCommand, DescribeVolumesCommand, EC2Client, ModifyNetworkInterfaceAttributeCommand, ModifyVolumeCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, CreateServiceCommand, DescribeServicesCommand, ECSClient, RegisterTaskDefinitionCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { CreateDBSubnetGroupCommand, DescribeDBSubnetGroupsCommand, ModifyDBSubnetGroupCommand, RDSClient } from '@aws-sdk/client-rds';
import { EMULATOR_GAPS } from '../../test-bed/emulator-gaps';
import { Emulator, sdkConfig } from '../../test-bed/emulator';
import { workerEmulator } from '../support/worker-emulator';

describe('launcher: calls an adoption apply makes on running resources', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await workerEmulator();
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it('has a gap-table entry for each of these extensions, proven here', () => {
    const entries = EMULATOR_GAPS.filter((g) => g.provenBy === 'test/test-bed/launcher-adopt-apply.test.ts').map((g) => `${g.resourceType}: ${g.missingCall}`);
    for (const gap of [/aws_db_subnet_group: RDS ModifyDBSubnetGroup/, /aws_backup_vault_policy: Backup PutBackupVaultAccessPolicy/, /aws_ebs_volume: EC2 CreateVolume of a gp3 volume without Throughput/, /aws_instance: EC2 ModifyNetworkInterfaceAttribute on an instance's primary interface/, /aws_ecs_service: ECS UpdateService with a partial deploymentConfiguration/]) {
      expect(entries.some((e) => gap.test(e))).toBe(true);
    }
  });

  it('keeps a DB subnet group through ModifyDBSubnetGroup, with the new description', async () => {
    const ec2 = new EC2Client(sdkConfig(emulator));
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.7.0.0/16' }))).Vpc!.VpcId!;
    const subnets = [
      (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.7.0.0/24', AvailabilityZone: 'eu-central-1a' }))).Subnet!.SubnetId!,
      (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.7.1.0/24', AvailabilityZone: 'eu-central-1b' }))).Subnet!.SubnetId!,
    ];
    const rds = new RDSClient(sdkConfig(emulator));
    await rds.send(new CreateDBSubnetGroupCommand({ DBSubnetGroupName: 'adopted', DBSubnetGroupDescription: 'made by hand', SubnetIds: subnets }));
    await rds.send(new ModifyDBSubnetGroupCommand({ DBSubnetGroupName: 'adopted', DBSubnetGroupDescription: 'managed by the blueprint', SubnetIds: subnets }));
    const group = (await rds.send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: 'adopted' }))).DBSubnetGroups![0];
    expect({ description: group.DBSubnetGroupDescription, subnets: group.Subnets!.map((s) => s.SubnetIdentifier).sort() }).toEqual({ description: 'managed by the blueprint', subnets: [...subnets].sort() });
    await expect(rds.send(new ModifyDBSubnetGroupCommand({ DBSubnetGroupName: 'missing', SubnetIds: subnets }))).rejects.toMatchObject({ name: 'DBSubnetGroupNotFoundFault' });
    for (const c of [ec2, rds]) c.destroy();
  });

  it('puts, gets and deletes a backup vault access policy; an unknown vault is refused', async () => {
    const backup = new BackupClient(sdkConfig(emulator));
    await backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'adopted-vault' }));
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'backup:DeleteRecoveryPoint', Resource: '*' }] });
    await backup.send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: 'adopted-vault', Policy: policy }));
    expect(await backup.send(new GetBackupVaultAccessPolicyCommand({ BackupVaultName: 'adopted-vault' }))).toMatchObject({ BackupVaultName: 'adopted-vault', BackupVaultArn: expect.stringMatching(/:backup-vault:adopted-vault$/), Policy: policy });
    await backup.send(new DeleteBackupVaultAccessPolicyCommand({ BackupVaultName: 'adopted-vault' }));
    await expect(backup.send(new GetBackupVaultAccessPolicyCommand({ BackupVaultName: 'adopted-vault' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(backup.send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: 'no-such-vault', Policy: policy }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    backup.destroy();
  });

  it('reports the 125 MiB/s baseline throughput of a gp3 volume created without it, so a modify naming only that throughput is accepted', async () => {
    const ec2 = new EC2Client(sdkConfig(emulator));
    const volume = (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'eu-central-1a', Size: 10, VolumeType: 'gp3' }))).VolumeId!;
    expect((await ec2.send(new DescribeVolumesCommand({ VolumeIds: [volume] }))).Volumes![0].Throughput).toBe(125);
    // provider 5.100.0 calls ModifyVolume when only final_snapshot changes, naming just the throughput it read
    await ec2.send(new ModifyVolumeCommand({ VolumeId: volume, Throughput: 125 }));
    const gp2 = (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'eu-central-1a', Size: 10, VolumeType: 'gp2' }))).VolumeId!;
    expect((await ec2.send(new DescribeVolumesCommand({ VolumeIds: [gp2] }))).Volumes![0].Throughput).toBeUndefined();
    ec2.destroy();
  });

  it('reports the groups set on an instance\'s primary interface as the instance\'s, as EC2 does', async () => {
    const ec2 = new EC2Client(sdkConfig(emulator));
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.6.0.0/16' }))).Vpc!.VpcId!;
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.6.0.0/24', AvailabilityZone: 'eu-central-1a' }))).Subnet!.SubnetId!;
    const [old, blueprint] = [
      (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: 'made-by-hand', Description: 'old' }))).GroupId!,
      (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: 'blueprint', Description: 'new' }))).GroupId!,
    ];
    const instance = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12c6146b', MinCount: 1, MaxCount: 1, SubnetId: subnet, SecurityGroupIds: [old] }))).Instances![0];
    await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: instance.NetworkInterfaces![0].NetworkInterfaceId, Groups: [blueprint] }));
    const read = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instance.InstanceId!] }))).Reservations![0].Instances![0];
    expect({ instance: read.SecurityGroups!.map((g) => g.GroupId), primaryInterface: read.NetworkInterfaces![0].Groups!.map((g) => g.GroupId) }).toEqual({ instance: [blueprint], primaryInterface: [blueprint] });
    ec2.destroy();
  });

  it('keeps the parts of a service\'s deployment configuration an UpdateService leaves out', async () => {
    const ecs = new ECSClient(sdkConfig(emulator));
    await ecs.send(new CreateClusterCommand({ clusterName: 'adopted' }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512', containerDefinitions: [{ name: 'web', image: 'nginx' }] }));
    await ecs.send(new CreateServiceCommand({ cluster: 'adopted', serviceName: 'web', taskDefinition: 'web', desiredCount: 1, launchType: 'FARGATE' }));
    await ecs.send(new UpdateServiceCommand({ cluster: 'adopted', service: 'web', deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } } }));
    const service = (await ecs.send(new DescribeServicesCommand({ cluster: 'adopted', services: ['web'] }))).services![0];
    expect(service.deploymentConfiguration).toMatchObject({ maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: true, rollback: true } });
    ecs.destroy();
  });
});
