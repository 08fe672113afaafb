/**
 * Launcher extensions found by importing resources made through the API (not by Terraform): AWS
 * fills in defaults and reports them; moto stored nothing (or the key as named) and reported that,
 * which an importer's plan then "changed" back — a replacement for a key, a NAT gateway or a volume.
 */
import { CreateLoadBalancerCommand, DescribeLoadBalancerAttributesCommand, ElasticLoadBalancingV2Client, ModifyLoadBalancerAttributesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { AllocateAddressCommand, CreateNatGatewayCommand, CreateSubnetCommand, CreateVolumeCommand, CreateVpcCommand, DescribeNatGatewaysCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateKeyCommand, DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateDBInstanceCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { EMULATOR_GAPS } from '../../test-bed/emulator-gaps';
import { Emulator, sdkConfig } from '../../test-bed/emulator';
import { workerEmulator } from '../support/worker-emulator';

describe('launcher: defaults AWS reports for resources created without them', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await workerEmulator();
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it('has a gap-table entry for each of these extensions', () => {
    const entries = EMULATOR_GAPS.map((g) => `${g.resourceType}: ${g.missingCall}`);
    for (const gap of [/aws_kms_key: KMS CreateKey without KeyUsage/, /aws_nat_gateway: EC2 CreateNatGateway without ConnectivityType/, /aws_ebs_volume: EC2 CreateVolume with KmsKeyId/, /aws_db_instance: RDS CreateDBInstance with KmsKeyId/, /aws_lb: ELBv2 DescribeLoadBalancerAttributes/]) {
      expect(entries.some((e) => gap.test(e))).toBe(true);
    }
  });

  it('reports KeyUsage ENCRYPT_DECRYPT for a key created without it, and volumes and databases with that key by its ARN', async () => {
    const kms = new KMSClient(sdkConfig(emulator));
    const key = (await kms.send(new CreateKeyCommand({ Description: 'no usage given' }))).KeyMetadata!;
    expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.KeyUsage).toBe('ENCRYPT_DECRYPT');

    const ec2 = new EC2Client(sdkConfig(emulator));
    const volume = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'eu-central-1a', Size: 1, Encrypted: true, KmsKeyId: key.KeyId }));
    expect((await ec2.send(new DescribeVolumesCommand({ VolumeIds: [volume.VolumeId!] }))).Volumes![0].KmsKeyId).toBe(key.Arn);

    const rds = new RDSClient(sdkConfig(emulator));
    await rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: 'keyed', Engine: 'postgres', DBInstanceClass: 'db.t4g.micro', AllocatedStorage: 20, MasterUsername: 'u', MasterUserPassword: 'not-a-secret-1', StorageEncrypted: true, KmsKeyId: key.KeyId }));
    expect((await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'keyed' }))).DBInstances![0].KmsKeyId).toBe(key.Arn);
    for (const c of [kms, ec2, rds]) c.destroy();
  });

  it('reports ConnectivityType public for a NAT gateway created without it', async () => {
    const ec2 = new EC2Client(sdkConfig(emulator));
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }))).Vpc!.VpcId!;
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.9.0.0/24' }))).Subnet!.SubnetId!;
    const eip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
    const nat = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnet, AllocationId: eip }))).NatGateway!.NatGatewayId!;
    expect((await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [nat] }))).NatGateways![0].ConnectivityType).toBe('public');
    ec2.destroy();
  });

  it('reports every attribute of a new ALB with AWS\'s defaults, and keeps what a request set', async () => {
    const ec2 = new EC2Client(sdkConfig(emulator));
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.8.0.0/16' }))).Vpc!.VpcId!;
    const subnets = [
      (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.8.0.0/24', AvailabilityZone: 'eu-central-1a' }))).Subnet!.SubnetId!,
      (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.8.1.0/24', AvailabilityZone: 'eu-central-1b' }))).Subnet!.SubnetId!,
    ];
    const elbv2 = new ElasticLoadBalancingV2Client(sdkConfig(emulator));
    const arn = (await elbv2.send(new CreateLoadBalancerCommand({ Name: 'defaults', Subnets: subnets }))).LoadBalancers![0].LoadBalancerArn!;
    await elbv2.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '120' }] }));
    const attrs = Object.fromEntries((await elbv2.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }))).Attributes!.map((a) => [a.Key, a.Value]));
    expect(attrs).toMatchObject({
      'idle_timeout.timeout_seconds': '120',
      'routing.http2.enabled': 'true',
      'routing.http.desync_mitigation_mode': 'defensive',
      'client_keep_alive.seconds': '3600',
      'connection_logs.s3.enabled': 'false',
      'routing.http.xff_header_processing.mode': 'append',
      'deletion_protection.enabled': 'false',
    });
    for (const c of [ec2, elbv2]) c.destroy();
  });
});
