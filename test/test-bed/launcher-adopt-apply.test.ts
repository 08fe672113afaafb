/**
 * Launcher extensions found applying an adopted production stack (test/e2e/import-adopt.test.ts):
 * calls the apply makes on resources that already run, where moto lost or refused what AWS keeps.
 */
import { BackupClient, CreateBackupVaultCommand, DeleteBackupVaultAccessPolicyCommand, GetBackupVaultAccessPolicyCommand, PutBackupVaultAccessPolicyCommand } from '@aws-sdk/client-backup';
import { CreateSubnetCommand, CreateVolumeCommand, CreateVpcCommand, DescribeVolumesCommand, EC2Client, ModifyVolumeCommand } from '@aws-sdk/client-ec2';
import { CreateDBSubnetGroupCommand, DescribeDBSubnetGroupsCommand, ModifyDBSubnetGroupCommand, RDSClient } from '@aws-sdk/client-rds';
import { EMULATOR_GAPS } from '../../test-bed/emulator-gaps';
import { Emulator, sdkConfig, startEmulator } from '../../test-bed/emulator';

describe('launcher: calls an adoption apply makes on running resources', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it('has a gap-table entry for each of these extensions, proven here', () => {
    const entries = EMULATOR_GAPS.filter((g) => g.provenBy === 'test/test-bed/launcher-adopt-apply.test.ts').map((g) => `${g.resourceType}: ${g.missingCall}`);
    for (const gap of [/aws_db_subnet_group: RDS ModifyDBSubnetGroup/, /aws_backup_vault_policy: Backup PutBackupVaultAccessPolicy/, /aws_ebs_volume: EC2 CreateVolume of a gp3 volume without Throughput/]) {
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
});
