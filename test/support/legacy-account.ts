/**
 * A click-ops AWS account, built out of band with the AWS SDK (never Terraform) in the emulator: what
 * the import end-to-end test onboards. A landing-zone VPC (tagged LandingZone=true) with public and
 * private subnets in two zones, IGW, NAT + EIP, route tables; security groups with cross-group, self
 * and IPv6 rules; a KMS key + alias; an IAM role, policy and instance profile; two instances with an
 * extra encrypted volume each behind an HTTPS load balancer with a host-header rule; PostgreSQL
 * Multi-AZ with its own subnet and parameter groups; String and SecureString parameters; recovery
 * alarms; an SNS topic with an HTTPS subscription; a versioned, encrypted bucket with a lifecycle; a log
 * group; an ECR repository, a GuardDuty detector and a multi-region CloudTrail trail with its bucket
 * policy; an inline policy on the app role; AWS Backup of the app servers (vault, plan, selection).
 */
import { ACMClient, RequestCertificateCommand } from '@aws-sdk/client-acm';
import { BackupClient, CreateBackupPlanCommand, CreateBackupSelectionCommand, CreateBackupVaultCommand } from '@aws-sdk/client-backup';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { CreateDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateDBInstanceCommand, CreateDBParameterGroupCommand, CreateDBSubnetGroupCommand, ModifyDBParameterGroupCommand, RDSClient } from '@aws-sdk/client-rds';
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AttachVolumeCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
  RunInstancesCommand,
  TagSpecification,
} from '@aws-sdk/client-ec2';
import { AddRoleToInstanceProfileCommand, AttachRolePolicyCommand, CreateInstanceProfileCommand, CreatePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AwsQueryProtocol } from '@aws-sdk/core/protocols';
import { EMULATOR_BASE_AMI, EMULATOR_REGION, Emulator, sdkConfig } from '../../test-bed/emulator';

/** Secrets the account holds: no generated file and no manifest may contain them. */
export const LEGACY_SECRETS = ['legacy-secure-string-value-7c1f', 'legacy-db-master-password-93ab'];
export const LANDING_ZONE_TAG = { LandingZone: 'true' };

export interface LegacyAccount {
  vpcId: string;
  subnets: { publicA: string; publicB: string; privateA: string; privateB: string };
  instances: [string, string];
  volumes: [string, string];
  securityGroups: { alb: string; app: string; db: string; other: string };
  keyId: string;
  role: string;
  policyArn: string;
  instanceProfile: string;
  topicArn: string;
  bucket: string;
  alarms: [string, string];
  loadBalancerArn: string;
  targetGroupArn: string;
  listenerArn: string;
  database: string;
  certificateArn: string;
  /** The app role's inline policy (role:policy). */
  inlinePolicy: string;
  backupPlanId: string;
}

export const tagged = (ResourceType: TagSpecification['ResourceType'], tags: Record<string, string>): TagSpecification[] => [
  { ResourceType, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
];

export async function buildLegacyAccount(emulator: Emulator): Promise<LegacyAccount> {
  const config = sdkConfig(emulator);
  const ec2 = new EC2Client(config);
  const zone = (z: 'a' | 'b') => `${EMULATOR_REGION}${z}`;

  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16', TagSpecifications: tagged('vpc', { Name: 'landing-zone', ...LANDING_ZONE_TAG }) }))).Vpc!.VpcId!;
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  const subnet = async (name: string, cidr: string, z: 'a' | 'b') =>
    (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: zone(z), TagSpecifications: tagged('subnet', { Name: name, ...LANDING_ZONE_TAG }) }))).Subnet!.SubnetId!;
  const subnets = {
    publicA: await subnet('public-a', '10.20.0.0/24', 'a'),
    publicB: await subnet('public-b', '10.20.1.0/24', 'b'),
    privateA: await subnet('private-a', '10.20.10.0/24', 'a'),
    privateB: await subnet('private-b', '10.20.11.0/24', 'b'),
  };
  const igw = (await ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: tagged('internet-gateway', { Name: 'legacy-igw' }) }))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  const eip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: tagged('elastic-ip', { Name: 'legacy-nat-ip' }) }))).AllocationId!;
  const nat = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnets.publicA, AllocationId: eip, TagSpecifications: tagged('natgateway', { Name: 'legacy-nat' }) }))).NatGateway!.NatGatewayId!;
  const routeTable = async (name: string, route: { GatewayId?: string; NatGatewayId?: string }, members: string[]) => {
    const id = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId, TagSpecifications: tagged('route-table', { Name: name }) }))).RouteTable!.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: id, DestinationCidrBlock: '0.0.0.0/0', ...route }));
    for (const s of members) await ec2.send(new AssociateRouteTableCommand({ RouteTableId: id, SubnetId: s }));
  };
  await routeTable('legacy-public', { GatewayId: igw }, [subnets.publicA, subnets.publicB]);
  await routeTable('legacy-private', { NatGatewayId: nat }, [subnets.privateA, subnets.privateB]);

  const group = async (name: string, description: string) =>
    (await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: description, VpcId: vpcId, TagSpecifications: tagged('security-group', { Name: name }) }))).GroupId!;
  const securityGroups = {
    alb: await group('legacy-alb', 'Load balancer of the legacy app'),
    app: await group('legacy-app', 'Application servers'),
    db: await group('legacy-db', 'PostgreSQL'),
    other: await group('legacy-bastion', 'Bastion, unrelated to the app'),
  };
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: securityGroups.alb,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'HTTPS' }], Ipv6Ranges: [{ CidrIpv6: '::/0', Description: 'HTTPS over IPv6' }] }],
    }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: securityGroups.app,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: securityGroups.alb, Description: 'from the load balancer' }] },
        { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: securityGroups.app, Description: 'cluster peers' }] },
      ],
    }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: securityGroups.db,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: securityGroups.app, Description: 'from the app' }] }],
    }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: securityGroups.other,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '192.0.2.0/24', Description: 'office' }] }],
    }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupEgressCommand({
      GroupId: securityGroups.alb,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: securityGroups.app, Description: 'to the app' }] }],
    }),
  );

  const kms = new KMSClient(config);
  const keyId = (await kms.send(new CreateKeyCommand({ Description: 'legacy app data', Tags: [{ TagKey: 'Name', TagValue: 'legacy-data' }] }))).KeyMetadata!.KeyId!;
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/legacy-data', TargetKeyId: keyId }));

  const iam = new IAMClient(config);
  const role = 'legacy-app-server';
  await iam.send(
    new CreateRoleCommand({
      RoleName: role,
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      Description: 'legacy app servers',
    }),
  );
  const policyArn = (
    await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'legacy-app-parameters',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: 'arn:aws:ssm:*:*:parameter/legacy/*' }] }),
      }),
    )
  ).Policy!.Arn!;
  await iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: policyArn }));
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: role,
      PolicyName: 'legacy-app-logs',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: 'arn:aws:logs:*:*:log-group:/legacy/app:*' }] }),
    }),
  );
  const instanceProfile = 'legacy-app-server';
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: instanceProfile }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: instanceProfile, RoleName: role }));

  const instance = async (name: string, subnetId: string) =>
    (
      await ec2.send(
        new RunInstancesCommand({
          ImageId: EMULATOR_BASE_AMI,
          InstanceType: 't3.small',
          MinCount: 1,
          MaxCount: 1,
          SubnetId: subnetId,
          SecurityGroupIds: [securityGroups.app],
          IamInstanceProfile: { Name: instanceProfile },
          TagSpecifications: tagged('instance', { Name: name }),
        }),
      )
    ).Instances![0].InstanceId!;
  const instances: [string, string] = [await instance('legacy-app-1', subnets.privateA), await instance('legacy-app-2', subnets.privateB)];
  const volume = async (name: string, z: 'a' | 'b', instanceId: string) => {
    const id = (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: zone(z), Size: 20, VolumeType: 'gp3', Encrypted: true, KmsKeyId: keyId, TagSpecifications: tagged('volume', { Name: name }) }))).VolumeId!;
    await ec2.send(new AttachVolumeCommand({ VolumeId: id, InstanceId: instanceId, Device: '/dev/sdf' }));
    return id;
  };
  const volumes: [string, string] = [await volume('legacy-app-1-data', 'a', instances[0]), await volume('legacy-app-2-data', 'b', instances[1])];

  const ssm = new SSMClient(config);
  await ssm.send(new PutParameterCommand({ Name: '/legacy/app/url', Type: 'String', Value: 'https://legacy.example.com' }));
  await ssm.send(new PutParameterCommand({ Name: '/legacy/app/api-key', Type: 'SecureString', Value: LEGACY_SECRETS[0], KeyId: keyId }));

  const sns = new SNSClient(config);
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'legacy-alerts' }))).TopicArn!;
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'https', Endpoint: 'https://alerts.example.com/hook' }));

  const cloudwatch = new CloudWatchClient({ ...config, protocol: AwsQueryProtocol });
  const alarms: [string, string] = ['legacy-app-1-recover', 'legacy-app-2-recover'];
  for (const [i, name] of alarms.entries()) {
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: name,
        Namespace: 'AWS/EC2',
        MetricName: 'StatusCheckFailed_System',
        Dimensions: [{ Name: 'InstanceId', Value: instances[i] }],
        Statistic: 'Maximum',
        Period: 60,
        EvaluationPeriods: 2,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [`arn:aws:automate:${EMULATOR_REGION}:ec2:recover`, topicArn],
      }),
    );
  }

  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const bucket = 'legacy-app-uploads';
  await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: EMULATOR_REGION } }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  await s3.send(new PutBucketEncryptionCommand({ Bucket: bucket, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyId }, BucketKeyEnabled: true }] } }));
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true } }));
  await s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: bucket,
      LifecycleConfiguration: { Rules: [{ ID: 'expire-old-versions', Status: 'Enabled', Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: 90 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }] },
    }),
  );

  const logs = new CloudWatchLogsClient(config);
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/legacy/app' }));
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/legacy/app', retentionInDays: 30 }));

  const acm = new ACMClient(config);
  const certificateArn = (await acm.send(new RequestCertificateCommand({ DomainName: 'legacy.example.com', ValidationMethod: 'DNS' }))).CertificateArn!;
  const elbv2 = new ElasticLoadBalancingV2Client(config);
  const loadBalancerArn = (
    await elbv2.send(new CreateLoadBalancerCommand({ Name: 'legacy-alb', Subnets: [subnets.publicA, subnets.publicB], SecurityGroups: [securityGroups.alb], Scheme: 'internet-facing', Type: 'application' }))
  ).LoadBalancers![0].LoadBalancerArn!;
  const targetGroupArn = (
    await elbv2.send(new CreateTargetGroupCommand({ Name: 'legacy-app', Protocol: 'HTTP', Port: 8080, VpcId: vpcId, TargetType: 'instance', HealthCheckPath: '/health', Matcher: { HttpCode: '200' } }))
  ).TargetGroups![0].TargetGroupArn!;
  await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: instances.map((Id) => ({ Id, Port: 8080 })) }));
  const listenerArn = (
    await elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: loadBalancerArn,
        Protocol: 'HTTPS',
        Port: 443,
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        Certificates: [{ CertificateArn: certificateArn }],
        DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'not here' } }],
      }),
    )
  ).Listeners![0].ListenerArn!;
  await elbv2.send(
    new CreateRuleCommand({
      ListenerArn: listenerArn,
      Priority: 10,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['legacy.example.com'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
    }),
  );

  const rds = new RDSClient(config);
  await rds.send(new CreateDBSubnetGroupCommand({ DBSubnetGroupName: 'legacy-db', DBSubnetGroupDescription: 'legacy database subnets', SubnetIds: [subnets.privateA, subnets.privateB] }));
  await rds.send(new CreateDBParameterGroupCommand({ DBParameterGroupName: 'legacy-postgres16', DBParameterGroupFamily: 'postgres16', Description: 'legacy database settings' }));
  await rds.send(new ModifyDBParameterGroupCommand({ DBParameterGroupName: 'legacy-postgres16', Parameters: [{ ParameterName: 'log_min_duration_statement', ParameterValue: '500', ApplyMethod: 'immediate' }] }));
  const database = 'legacy-db';
  await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: database,
      Engine: 'postgres',
      EngineVersion: '16.3',
      DBInstanceClass: 'db.t4g.medium',
      AllocatedStorage: 50,
      StorageType: 'gp3',
      MultiAZ: true,
      MasterUsername: 'legacy',
      MasterUserPassword: LEGACY_SECRETS[1],
      DBName: 'legacy',
      DBSubnetGroupName: 'legacy-db',
      DBParameterGroupName: 'legacy-postgres16',
      VpcSecurityGroupIds: [securityGroups.db],
      StorageEncrypted: true,
      KmsKeyId: keyId,
      BackupRetentionPeriod: 7,
    }),
  );

  const ecr = new ECRClient(config);
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'legacy/app', imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: { scanOnPush: true } }));
  const guardduty = new GuardDutyClient(config);
  await guardduty.send(new CreateDetectorCommand({ Enable: true, FindingPublishingFrequency: 'FIFTEEN_MINUTES' }));
  await s3.send(new CreateBucketCommand({ Bucket: 'legacy-audit-trail', CreateBucketConfiguration: { LocationConstraint: EMULATOR_REGION } }));
  // what CloudTrail needs to write into the bucket
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: 'legacy-audit-trail',
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'AclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: 'arn:aws:s3:::legacy-audit-trail' },
          { Sid: 'Write', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::legacy-audit-trail/AWSLogs/*', Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } },
        ],
      }),
    }),
  );
  const cloudtrail = new CloudTrailClient(config);
  await cloudtrail.send(new CreateTrailCommand({ Name: 'legacy-audit', S3BucketName: 'legacy-audit-trail', IsMultiRegionTrail: true, EnableLogFileValidation: true }));
  await cloudtrail.send(new StartLoggingCommand({ Name: 'legacy-audit' }));

  // nightly backups of the app servers into a vault encrypted with the app's key
  const backup = new BackupClient(config);
  const backupRole = (await iam.send(new CreateRoleCommand({ RoleName: 'legacy-backup', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }))).Role!.Arn!;
  await backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'legacy-vault', EncryptionKeyArn: `arn:aws:kms:${EMULATOR_REGION}:${emulator.accountId}:key/${keyId}` }));
  const backupPlanId = (
    await backup.send(
      new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: 'legacy-nightly', Rules: [{ RuleName: 'nightly', TargetBackupVaultName: 'legacy-vault', ScheduleExpression: 'cron(0 2 * * ? *)', Lifecycle: { DeleteAfterDays: 30 } }] } }),
    )
  ).BackupPlanId!;
  await backup.send(new CreateBackupSelectionCommand({ BackupPlanId: backupPlanId, BackupSelection: { SelectionName: 'app-servers', IamRoleArn: backupRole, Resources: instances.map((i) => `arn:aws:ec2:${EMULATOR_REGION}:${emulator.accountId}:instance/${i}`) } }));

  for (const c of [ec2, kms, iam, ssm, sns, cloudwatch, s3, logs, acm, elbv2, rds, ecr, guardduty, cloudtrail, backup]) c.destroy();
  return {
    vpcId,
    subnets,
    instances,
    volumes,
    securityGroups,
    keyId,
    role,
    policyArn,
    instanceProfile,
    topicArn,
    bucket,
    alarms,
    loadBalancerArn,
    targetGroupArn,
    listenerArn,
    database,
    certificateArn,
    inlinePolicy: `${role}:legacy-app-logs`,
    backupPlanId,
  };
}
