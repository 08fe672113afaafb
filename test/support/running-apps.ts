/**
 * Running applications built out of band with the AWS SDK (never Terraform) in the emulator: what the
 * adoption end-to-end test adopts into the blueprints. Each lives in its own landing-zone VPC (VPC and
 * subnets tagged LandingZone=true), so several share one emulator and are told apart by --vpc.
 *
 * - instanceApp: an off-the-shelf app on two EBS-optimized instances in two zones, each with an
 *   encrypted root and data volume and termination protection, behind an HTTPS ALB (certificate, target group on 8080), with
 *   PostgreSQL whose master password was set by hand, one KMS key and its own security groups.
 * - containerApp: an ECS cluster and a Fargate service (two tasks) behind an HTTPS ALB (IP target group
 *   on 3000), with PostgreSQL whose master password was set by hand, one KMS key, its security groups.
 * - misfitApp: what does not fit: both instances in one zone, two load balancers, a MariaDB database.
 */
import { CreateClusterCommand, CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { ACMClient, RequestCertificateCommand } from '@aws-sdk/client-acm';
import {
  AttachVolumeCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, ElasticLoadBalancingV2Client, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateDBInstanceCommand, CreateDBSubnetGroupCommand, RDSClient } from '@aws-sdk/client-rds';
import { EMULATOR_BASE_AMI, EMULATOR_REGION, Emulator, sdkConfig } from '../../test-bed/emulator';
import { LANDING_ZONE_TAG, tagged } from './legacy-account';


export interface RunningApp {
  vpcId: string;
  instances: string[];
  volumes: string[];
  keyArn: string;
  /** The ECS service's ARN, for the container app. */
  serviceArn?: string;
  loadBalancerArns: string[];
  targetGroupArn: string;
  listenerArn: string;
  database: string;
  /** The hand-set master password: no written file may contain it. */
  databasePassword: string;
}


interface Shape {
  name: string;
  /** Second octet of the VPC's 10.x.0.0/16. */
  cidrOctet: number;
  /** Zone letter of each instance. */
  instanceZones: ('a' | 'b')[];
  loadBalancers: number;
  engine: string;
  engineVersion: string;
  /** Fargate tasks on port 3000 instead of instances on 8080. */
  containers?: boolean;
}

async function build(emulator: Emulator, shape: Shape): Promise<RunningApp> {
  const config = sdkConfig(emulator);
  const ec2 = new EC2Client(config);
  const zone = (z: 'a' | 'b') => `${EMULATOR_REGION}${z}`;
  const n = shape.name;
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${shape.cidrOctet}.0.0/16`, TagSpecifications: tagged('vpc', { Name: `${n}-lz`, ...LANDING_ZONE_TAG }) }))).Vpc!.VpcId!;
  const subnet = async (name: string, index: number, z: 'a' | 'b') =>
    (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.${shape.cidrOctet}.${index}.0/24`, AvailabilityZone: zone(z), TagSpecifications: tagged('subnet', { Name: `${n}-${name}`, ...LANDING_ZONE_TAG }) })))
      .Subnet!.SubnetId!;
  const subnets = { publicA: await subnet('public-a', 1, 'a'), publicB: await subnet('public-b', 2, 'b'), privateA: await subnet('private-a', 11, 'a'), privateB: await subnet('private-b', 12, 'b') };

  const group = async (name: string, description: string) =>
    (await ec2.send(new CreateSecurityGroupCommand({ GroupName: `${n}-${name}`, Description: description, VpcId: vpcId, TagSpecifications: tagged('security-group', { Name: `${n}-${name}` }) }))).GroupId!;
  const groups = { alb: await group('alb', 'web traffic'), app: await group('app', 'app servers'), db: await group('db', 'database') };
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groups.alb, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groups.app, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: groups.alb }] }] }));
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groups.db, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: groups.app }] }] }));

  const kms = new KMSClient(config);
  const key = (await kms.send(new CreateKeyCommand({ Description: `${n} data`, Tags: [{ TagKey: 'Name', TagValue: `${n}-data` }] }))).KeyMetadata!;

  const instances: string[] = [];
  const volumes: string[] = [];
  for (const [i, z] of shape.instanceZones.entries()) {
    const id = (
      await ec2.send(
        new RunInstancesCommand({
          ImageId: EMULATOR_BASE_AMI,
          InstanceType: 't3.medium',
          MinCount: 1,
          MaxCount: 1,
          SubnetId: z === 'a' ? subnets.privateA : subnets.privateB,
          SecurityGroupIds: [groups.app],
          EbsOptimized: true,
          BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 30, VolumeType: 'gp3', Encrypted: true, KmsKeyId: key.Arn, DeleteOnTermination: true } }],
          TagSpecifications: tagged('instance', { Name: `${n}-${i + 1}` }),
        }),
      )
    ).Instances![0].InstanceId!;
    // the licence is bound to this machine: someone once made sure it cannot be terminated by accident
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, DisableApiTermination: { Value: true } }));
    const volume = (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: zone(z), Size: 100, VolumeType: 'gp3', Encrypted: true, KmsKeyId: key.Arn, TagSpecifications: tagged('volume', { Name: `${n}-${i + 1}-data` }) }))).VolumeId!;
    await ec2.send(new AttachVolumeCommand({ VolumeId: volume, InstanceId: id, Device: '/dev/sdf' }));
    instances.push(id);
    volumes.push(volume);
  }

  const acm = new ACMClient(config);
  const certificateArn = (await acm.send(new RequestCertificateCommand({ DomainName: `${n}.example.com`, ValidationMethod: 'DNS' }))).CertificateArn!;
  const elbv2 = new ElasticLoadBalancingV2Client(config);
  const loadBalancerArns: string[] = [];
  for (let i = 0; i < shape.loadBalancers; i++) {
    loadBalancerArns.push(
      (await elbv2.send(new CreateLoadBalancerCommand({ Name: `${n}-web${i || ''}`, Subnets: [subnets.publicA, subnets.publicB], SecurityGroups: [groups.alb], Scheme: 'internet-facing', Type: 'application' })))
        .LoadBalancers![0].LoadBalancerArn!,
    );
  }
  const port = shape.containers ? 3000 : 8080;
  const targetGroupArn = (
    await elbv2.send(
      new CreateTargetGroupCommand({ Name: `${n}-app`, Protocol: 'HTTP', Port: port, VpcId: vpcId, TargetType: shape.containers ? 'ip' : 'instance', HealthCheckPath: '/app/health', Matcher: { HttpCode: '200' } }),
    )
  ).TargetGroups![0].TargetGroupArn!;
  if (instances.length) await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: instances.map((Id) => ({ Id, Port: port })) }));
  const listenerArn = (
    await elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: loadBalancerArns[0],
        Protocol: 'HTTPS',
        Port: 443,
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        Certificates: [{ CertificateArn: certificateArn }],
        DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
      }),
    )
  ).Listeners![0].ListenerArn!;

  const rds = new RDSClient(config);
  const database = `${n}-db`;
  const databasePassword = `${n}-hand-set-Pa55-7d1e`;
  await rds.send(new CreateDBSubnetGroupCommand({ DBSubnetGroupName: `${n}-db`, DBSubnetGroupDescription: `${n} database subnets`, SubnetIds: [subnets.privateA, subnets.privateB] }));
  await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: database,
      Engine: shape.engine,
      EngineVersion: shape.engineVersion,
      DBInstanceClass: 'db.t4g.medium',
      AllocatedStorage: 50,
      StorageType: 'gp3',
      MasterUsername: 'shopadmin',
      MasterUserPassword: databasePassword,
      DBName: 'shop',
      DBSubnetGroupName: `${n}-db`,
      VpcSecurityGroupIds: [groups.db],
      StorageEncrypted: true,
      KmsKeyId: key.Arn,
      BackupRetentionPeriod: 7,
    }),
  );
  let serviceArn: string | undefined;
  if (shape.containers) {
    const ecs = new ECSClient(config);
    const cluster = (await ecs.send(new CreateClusterCommand({ clusterName: n }))).cluster!.clusterArn!;
    const taskDefinition = (
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: `${n}-web`,
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          cpu: '512',
          memory: '1024',
          containerDefinitions: [{ name: 'web', image: 'public.ecr.aws/docker/library/nginx:1.27', essential: true, portMappings: [{ containerPort: 3000, protocol: 'tcp' }] }],
        }),
      )
    ).taskDefinition!.taskDefinitionArn!;
    serviceArn = (
      await ecs.send(
        new CreateServiceCommand({
          cluster,
          serviceName: `${n}-web`,
          taskDefinition,
          desiredCount: 2,
          launchType: 'FARGATE',
          loadBalancers: [{ targetGroupArn, containerName: 'web', containerPort: 3000 }],
          networkConfiguration: { awsvpcConfiguration: { subnets: [subnets.privateA, subnets.privateB], securityGroups: [groups.app], assignPublicIp: 'DISABLED' } },
        }),
      )
    ).service!.serviceArn!;
  }
  return { vpcId, instances, volumes, keyArn: key.Arn!, loadBalancerArns, targetGroupArn, listenerArn, database, databasePassword, serviceArn };
}

/** The off-the-shelf app that fits the instance-app blueprint. */
export function buildInstanceApp(emulator: Emulator): Promise<RunningApp> {
  return build(emulator, { name: 'shop', cidrOctet: 31, instanceZones: ['a', 'b'], loadBalancers: 1, engine: 'postgres', engineVersion: '16.3' });
}

/** The containerised app that fits the container-app blueprint. */
export function buildContainerApp(emulator: Emulator): Promise<RunningApp> {
  return build(emulator, { name: 'kiosk', cidrOctet: 33, instanceZones: [], loadBalancers: 1, engine: 'postgres', engineVersion: '16.3', containers: true });
}

/** An app that does not fit: one zone only, two load balancers, an engine the blueprint lacks. */
export function buildMisfitApp(emulator: Emulator): Promise<RunningApp> {
  return build(emulator, { name: 'odd', cidrOctet: 32, instanceZones: ['a', 'a'], loadBalancers: 2, engine: 'mariadb', engineVersion: '10.11' });
}
