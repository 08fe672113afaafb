/**
 * The launcher extensions the end-to-end deployment of the reference environments needed, checked at
 * the API with the AWS SDK: the answers have the real APIs' shapes and semantics. The Terraform
 * round trip of each (apply, re-plan without change, update, destroy) is in
 * launcher-extensions.test.ts through gap-config.ts.
 */
import { ACMClient, DescribeCertificateCommand, RequestCertificateCommand } from '@aws-sdk/client-acm';
import { BackupClient, CreateBackupPlanCommand, CreateBackupVaultCommand, ListRecoveryPointsByBackupVaultCommand, ListTagsCommand } from '@aws-sdk/client-backup';
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CloudTrailClient, CreateTrailCommand, GetTrailCommand } from '@aws-sdk/client-cloudtrail';
import {
  CreateFileSystemCommand,
  DeleteFileSystemPolicyCommand,
  DescribeBackupPolicyCommand,
  DescribeFileSystemPolicyCommand,
  EFSClient,
  PutBackupPolicyCommand,
  PutFileSystemPolicyCommand,
} from '@aws-sdk/client-efs';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateDetectorCommand, GetDetectorCommand, GuardDutyClient, UpdateDetectorCommand } from '@aws-sdk/client-guardduty';
import { CreateBucketCommand, GetBucketLoggingCommand, PutBucketLoggingCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateDBInstanceCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  CreateAssociationCommand,
  DeleteAssociationCommand,
  DescribeAssociationCommand,
  ListAssociationsCommand,
  ListTagsForResourceCommand,
  SSMClient,
  UpdateAssociationCommand,
} from '@aws-sdk/client-ssm';
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeSubscriptionFiltersCommand, PutDestinationCommand, PutSubscriptionFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateWorkspaceCommand,
  DeleteWorkspaceCommand,
  DescribeWorkspaceCommand,
  DescribeWorkspaceConfigurationCommand,
  GrafanaClient,
  ListTagsForResourceCommand as ListGrafanaTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateWorkspaceCommand,
  UpdateWorkspaceConfigurationCommand,
} from '@aws-sdk/client-grafana';
import { CreateDeliveryStreamCommand, DeleteDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseClient, UpdateDestinationCommand } from '@aws-sdk/client-firehose';
import { CreateDomainCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { EMULATOR_BASE_AMI, Emulator, logTail, sdkConfig } from '../../test-bed/emulator';
import { workerEmulator } from '../support/worker-emulator';
import { createLogsDestination, logsClientIn } from '../../test-bed/landing-zone';
import { withEmulatorLog } from '../support/emulator-failure';

describe('launcher extensions for the reference environments', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await workerEmulator();
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  it('gives every DB instance its own DbiResourceId, so the dbi-resource-id filter finds exactly one', async () => {
    const rds = new RDSClient(sdkConfig(emulator));
    const create = (id: string) =>
      rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: id, Engine: 'postgres', DBInstanceClass: 'db.t4g.micro', AllocatedStorage: 20, MasterUsername: 'app', ManageMasterUserPassword: true }));
    const ids = [(await create('first-db')).DBInstance!.DbiResourceId!, (await create('second-db')).DBInstance!.DbiResourceId!];
    expect(ids[0]).not.toBe(ids[1]);
    for (const id of ids) {
      expect(id).toMatch(/^db-[A-Z0-9]{26}$/);
      const found = await rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'dbi-resource-id', Values: [id] }] }));
      expect(found.DBInstances?.map((d) => d.DbiResourceId)).toEqual([id]);
    }
    rds.destroy();
  });

  it('gives a new DB instance RDS\'s default CA unless the request names one', async () => {
    const rds = new RDSClient(sdkConfig(emulator));
    const create = (id: string, ca?: string) =>
      rds.send(
        new CreateDBInstanceCommand({ DBInstanceIdentifier: id, Engine: 'postgres', DBInstanceClass: 'db.t4g.micro', AllocatedStorage: 20, MasterUsername: 'app', ManageMasterUserPassword: true, CACertificateIdentifier: ca }),
      );
    expect((await create('default-ca-db')).DBInstance?.CACertificateIdentifier).toBe('rds-ca-rsa2048-g1');
    expect((await create('named-ca-db', 'rds-ca-ecc384-g1')).DBInstance?.CACertificateIdentifier).toBe('rds-ca-ecc384-g1');
    const described = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'default-ca-db' }));
    expect(described.DBInstances?.[0].CACertificateIdentifier).toBe('rds-ca-rsa2048-g1');
    rds.destroy();
  });

  it('issues a DNS-validated certificate seconds after the request: pending first, as ACM reports it', async () => {
    const acm = new ACMClient(sdkConfig(emulator));
    const { CertificateArn } = await acm.send(new RequestCertificateCommand({ DomainName: 'app.example.com', ValidationMethod: 'DNS' }));
    const status = async () => (await acm.send(new DescribeCertificateCommand({ CertificateArn }))).Certificate?.Status;
    // aws_acm_certificate_validation waits out PENDING_VALIDATION; a certificate issued at once would skip that state.
    expect(await status()).toBe('PENDING_VALIDATION');
    let last = await status();
    for (let polls = 0; last !== 'ISSUED' && polls < 60; polls++) {
      await new Promise((r) => setTimeout(r, 500));
      last = await status();
    }
    // Issued within the 30 s polled, where moto's default (MOTO_ACM_VALIDATION_WAIT 60 s) kept every app stack waiting a minute.
    expect(last).toBe('ISSUED');
    acm.destroy();
  });

  it('accepts S3 server access logging into a bucket whose policy grants the logging service beside a "*" statement, and refuses it without the grant', async () => {
    const s3 = new S3Client({ ...sdkConfig(emulator), forcePathStyle: true });
    for (const bucket of ['logs-granted', 'logs-not-granted', 'source']) await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' } }));
    const tlsOnly = (bucket: string) => ({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    const grant = { Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs-granted/source/*' };
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'logs-granted', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [tlsOnly('logs-granted'), grant] }) }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'logs-not-granted', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [tlsOnly('logs-not-granted')] }) }));
    const logTo = (target: string) =>
      s3.send(new PutBucketLoggingCommand({ Bucket: 'source', BucketLoggingStatus: { LoggingEnabled: { TargetBucket: target, TargetPrefix: 'source/' } } }));
    await expect(logTo('logs-not-granted')).rejects.toMatchObject({ name: 'InvalidTargetBucketForLogging' });
    await logTo('logs-granted');
    expect((await s3.send(new GetBucketLoggingCommand({ Bucket: 'source' }))).LoggingEnabled).toEqual({ TargetBucket: 'logs-granted', TargetPrefix: 'source/' });
    s3.destroy();
  });

  it('lists the tags of Backup vaults and plans, and a vault\'s (absent) recovery points', async () => {
    const backup = new BackupClient(sdkConfig(emulator));
    const vault = await backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'tagged', BackupVaultTags: { Environment: 'test' } }));
    expect((await backup.send(new ListTagsCommand({ ResourceArn: vault.BackupVaultArn }))).Tags).toEqual({ Environment: 'test' });
    const plan = await backup.send(
      new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: 'daily', Rules: [{ RuleName: 'daily', TargetBackupVaultName: 'tagged' }] }, BackupPlanTags: { Tier: 'test' } }),
    );
    expect((await backup.send(new ListTagsCommand({ ResourceArn: plan.BackupPlanArn }))).Tags).toEqual({ Tier: 'test' });
    expect((await backup.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'tagged' }))).RecoveryPoints).toEqual([]);
    await expect(backup.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'missing' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    backup.destroy();
  });

  it('reports the security groups of an instance launched with a network interface specification, and keeps them', async () => {
    const ec2 = new EC2Client(sdkConfig(emulator));
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }))).Vpc!;
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc.VpcId, CidrBlock: '10.9.1.0/24', AvailabilityZone: 'eu-central-1a' }))).Subnet!;
    const group = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'app', Description: 'app', VpcId: vpc.VpcId }));
    const run = await ec2.send(
      new RunInstancesCommand({
        ImageId: EMULATOR_BASE_AMI,
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnet.SubnetId, AssociatePublicIpAddress: false, Groups: [group.GroupId!] }],
      }),
    );
    const id = run.Instances![0].InstanceId!;
    const groupsOf = async () => (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0].Instances![0];
    expect((await groupsOf()).SecurityGroups?.map((g) => g.GroupId)).toEqual([group.GroupId]);
    // The interface has no public address, so no association (the provider reads one as a public IP).
    expect((await groupsOf()).NetworkInterfaces?.[0].Association).toBeUndefined();

    // Setting the shutdown behaviour (as the provider does after launch) keeps the groups.
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceInitiatedShutdownBehavior: { Value: 'stop' } }));
    const behaviour = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'instanceInitiatedShutdownBehavior' }));
    expect(behaviour.InstanceInitiatedShutdownBehavior?.Value).toBe('stop');
    expect((await groupsOf()).SecurityGroups?.map((g) => g.GroupId)).toEqual([group.GroupId]);
    ec2.destroy();
  });

  it('creates a CloudTrail trail whose topic is given by ARN, and reports the topic by name and ARN', async () => {
    const sns = new SNSClient(sdkConfig(emulator));
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'trail-deliveries' }));
    const s3 = new S3Client({ ...sdkConfig(emulator), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'trail-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' } }));
    const cloudtrail = new CloudTrailClient(sdkConfig(emulator));
    await cloudtrail.send(new CreateTrailCommand({ Name: 'by-arn', S3BucketName: 'trail-bucket', SnsTopicName: TopicArn }));
    const { Trail } = await cloudtrail.send(new GetTrailCommand({ Name: 'by-arn' }));
    expect(Trail).toMatchObject({ SnsTopicName: 'trail-deliveries', SnsTopicARN: TopicArn });
    // A topic that does not exist is still refused.
    await expect(cloudtrail.send(new CreateTrailCommand({ Name: 'no-topic', S3BucketName: 'trail-bucket', SnsTopicName: `${TopicArn}-missing` }))).rejects.toMatchObject({
      name: 'InsufficientSnsTopicPolicyException',
    });
    for (const c of [sns, s3, cloudtrail]) c.destroy();
  });

  it('changes only the GuardDuty features an UpdateDetector names', async () => {
    const guardduty = new GuardDutyClient(sdkConfig(emulator));
    const { DetectorId } = await guardduty.send(new CreateDetectorCommand({ Enable: true }));
    await guardduty.send(new UpdateDetectorCommand({ DetectorId, Features: [{ Name: 'S3_DATA_EVENTS', Status: 'ENABLED' }] }));
    await guardduty.send(new UpdateDetectorCommand({ DetectorId, Features: [{ Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' }] }));
    await guardduty.send(new UpdateDetectorCommand({ DetectorId, Features: [{ Name: 'S3_DATA_EVENTS', Status: 'DISABLED' }] }));
    const detector = await guardduty.send(new GetDetectorCommand({ DetectorId }));
    expect(Object.fromEntries((detector.Features ?? []).map((f) => [f.Name, f.Status]))).toEqual({ S3_DATA_EVENTS: 'DISABLED', EBS_MALWARE_PROTECTION: 'ENABLED' });
    guardduty.destroy();
  });

  it('keeps SSM associations through create, describe, tag, update, list and delete', async () => {
    const ssm = new SSMClient(sdkConfig(emulator));
    try {
      const created = await ssm.send(
        new CreateAssociationCommand({
          Name: 'AWS-RunPatchBaseline',
          AssociationName: 'patch-scan',
          Parameters: { Operation: ['Scan'] },
          Targets: [{ Key: 'InstanceIds', Values: ['i-0123456789abcdef0'] }],
          ScheduleExpression: 'cron(0 6 ? * * *)',
          ComplianceSeverity: 'HIGH',
          Tags: [{ Key: 'Environment', Value: 'test' }],
        }),
      );
      const id = created.AssociationDescription!.AssociationId!;
      expect(created.AssociationDescription).toMatchObject({ AssociationVersion: '1', DocumentVersion: '$DEFAULT', Status: { Name: 'Pending' } });

      const described = (await ssm.send(new DescribeAssociationCommand({ AssociationId: id }))).AssociationDescription!;
      expect(described).toMatchObject({
        Name: 'AWS-RunPatchBaseline',
        AssociationName: 'patch-scan',
        Parameters: { Operation: ['Scan'] },
        Targets: [{ Key: 'InstanceIds', Values: ['i-0123456789abcdef0'] }],
        ScheduleExpression: 'cron(0 6 ? * * *)',
        ComplianceSeverity: 'HIGH',
        ApplyOnlyAtCronInterval: false,
      });
      const tags = await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Association', ResourceId: id }));
      expect(tags.TagList).toEqual([{ Key: 'Environment', Value: 'test' }]);

      // Like the real API, an update overwrites every optional field it does not repeat.
      const updated = (
        await ssm.send(new UpdateAssociationCommand({ AssociationId: id, AssociationName: 'patch-scan', ScheduleExpression: 'rate(1 day)', Targets: described.Targets }))
      ).AssociationDescription!;
      expect(updated.AssociationVersion).toBe('2');
      expect(updated.ScheduleExpression).toBe('rate(1 day)');
      expect(updated.ComplianceSeverity).toBeUndefined();

      const listed = await ssm.send(new ListAssociationsCommand({ AssociationFilterList: [{ key: 'AssociationName', value: 'patch-scan' }] }));
      expect(listed.Associations?.map((a) => a.AssociationId)).toEqual([id]);

      await ssm.send(new DeleteAssociationCommand({ AssociationId: id }));
      await expect(ssm.send(new DescribeAssociationCommand({ AssociationId: id }))).rejects.toMatchObject({ name: 'AssociationDoesNotExist' });
    } catch (err) {
      throw new Error(`${(err as Error).message}\nemulator log ${emulator.logFile}:\n${logTail(emulator.logFile, 30)}`);
    } finally {
      ssm.destroy();
    }
  });
  it('puts an EFS backup policy on and off, reads DISABLED back as DISABLED, and deletes a file-system policy', async () => {
    const efs = new EFSClient(sdkConfig(emulator));
    try {
      const { FileSystemId: id } = await efs.send(new CreateFileSystemCommand({ CreationToken: 'uploads', Encrypted: true }));
      await expect(efs.send(new DescribeBackupPolicyCommand({ FileSystemId: id }))).rejects.toMatchObject({ name: 'PolicyNotFound' });
      expect((await efs.send(new PutBackupPolicyCommand({ FileSystemId: id, BackupPolicy: { Status: 'ENABLED' } }))).BackupPolicy).toEqual({ Status: 'ENABLED' });
      expect((await efs.send(new DescribeBackupPolicyCommand({ FileSystemId: id }))).BackupPolicy).toEqual({ Status: 'ENABLED' });
      await efs.send(new PutBackupPolicyCommand({ FileSystemId: id, BackupPolicy: { Status: 'DISABLED' } }));
      expect((await efs.send(new DescribeBackupPolicyCommand({ FileSystemId: id }))).BackupPolicy).toEqual({ Status: 'DISABLED' });
      await expect(efs.send(new PutBackupPolicyCommand({ FileSystemId: 'fs-00000000', BackupPolicy: { Status: 'ENABLED' } }))).rejects.toMatchObject({ name: 'FileSystemNotFound' });

      const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] });
      await efs.send(new PutFileSystemPolicyCommand({ FileSystemId: id, Policy: policy }));
      expect((await efs.send(new DescribeFileSystemPolicyCommand({ FileSystemId: id }))).Policy).toBe(policy);
      await efs.send(new DeleteFileSystemPolicyCommand({ FileSystemId: id }));
      await expect(efs.send(new DescribeFileSystemPolicyCommand({ FileSystemId: id }))).rejects.toMatchObject({ name: 'PolicyNotFound' });
      await expect(efs.send(new DescribeFileSystemPolicyCommand({ FileSystemId: 'fs-00000000' }))).rejects.toMatchObject({ name: 'FileSystemNotFound' });
    } catch (err) {
      throw new Error(`${(err as Error).message}\nemulator log ${emulator.logFile}:\n${logTail(emulator.logFile, 30)}`);
    } finally {
      efs.destroy();
    }
  });

  it('subscribes a log group to a destination in another account only when its access policy admits this one, and in the same region', async () => {
    const operations = '210987654321';
    const admitting = `arn:aws:logs:eu-central-1:${operations}:destination:central-logs`;
    await createLogsDestination(emulator, admitting);
    const other = logsClientIn(emulator, operations);
    await other.send(new PutDestinationCommand({ destinationName: 'no-policy', targetArn: `arn:aws:firehose:eu-central-1:${operations}:deliverystream/x`, roleArn: `arn:aws:iam::${operations}:role/x` }));
    other.destroy();
    const logs = new CloudWatchLogsClient(sdkConfig(emulator));
    try {
      await logs.send(new CreateLogGroupCommand({ logGroupName: '/shop/test/ecs/web' }));
      const subscribe = (destinationArn: string) =>
        logs.send(new PutSubscriptionFilterCommand({ logGroupName: '/shop/test/ecs/web', filterName: 'central-logs', filterPattern: '?ERROR', destinationArn }));
      await expect(subscribe(`arn:aws:logs:eu-central-1:${operations}:destination:no-policy`)).rejects.toMatchObject({ name: 'AccessDeniedException' });
      await expect(subscribe(`arn:aws:logs:eu-central-1:${operations}:destination:missing`)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      await expect(subscribe(`arn:aws:logs:eu-west-1:${operations}:destination:central-logs`)).rejects.toMatchObject({ name: 'InvalidParameterException' });
      await subscribe(admitting);
      const { subscriptionFilters } = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: '/shop/test/ecs/web' }));
      expect(subscriptionFilters?.map((f) => [f.filterName, f.destinationArn, f.filterPattern])).toEqual([['central-logs', admitting, '?ERROR']]);
    } catch (err) {
      throw new Error(`${(err as Error).message}\nemulator log ${emulator.logFile}:\n${logTail(emulator.logFile, 30)}`);
    } finally {
      logs.destroy();
    }
  });

  /** A VPC with subnets in two zones and a security group, as the landing zone gives the operations stack. */
  async function network(cidrPrefix: string): Promise<{ vpcId: string; subnetIds: string[]; groupId: string }> {
    const ec2 = new EC2Client(sdkConfig(emulator));
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: `${cidrPrefix}.0.0/16` }))).Vpc!.VpcId!;
    const subnetIds: string[] = [];
    for (const [i, zone] of ['eu-central-1a', 'eu-central-1b'].entries()) {
      subnetIds.push((await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `${cidrPrefix}.${i + 1}.0/24`, AvailabilityZone: zone }))).Subnet!.SubnetId!);
    }
    const groupId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: `clients-${cidrPrefix}`, Description: 'clients', VpcId: vpcId }))).GroupId!;
    ec2.destroy();
    return { vpcId, subnetIds, groupId };
  }

  const withLog = (fn: () => Promise<void>) => withEmulatorLog(() => emulator, () => '', fn);

  it('keeps Grafana workspaces through create, describe, configuration, tags, update and delete, with the service\'s states',
    withLog(async () => {
      const { subnetIds, groupId } = await network('10.21');
      const grafana = new GrafanaClient(sdkConfig(emulator));
      const role = `arn:aws:iam::${emulator.accountId}:role/grafana`;
      const created = await grafana.send(
        new CreateWorkspaceCommand({
          workspaceName: 'operations-test-grafana',
          accountAccessType: 'CURRENT_ACCOUNT',
          authenticationProviders: ['AWS_SSO'],
          permissionType: 'CUSTOMER_MANAGED',
          workspaceRoleArn: role,
          workspaceDataSources: ['CLOUDWATCH', 'AMAZON_OPENSEARCH_SERVICE'],
          vpcConfiguration: { subnetIds, securityGroupIds: [groupId] },
          configuration: JSON.stringify({ plugins: { pluginAdminEnabled: false } }),
          tags: { Environment: 'test' },
        }),
      );
      const id = created.workspace!.id!;
      // As the service answers: the create is under way; the provider then waits for ACTIVE.
      expect(created.workspace?.status).toBe('CREATING');
      const described = (await grafana.send(new DescribeWorkspaceCommand({ workspaceId: id }))).workspace!;
      expect(described).toMatchObject({
        status: 'ACTIVE',
        name: 'operations-test-grafana',
        authentication: { providers: ['AWS_SSO'] },
        workspaceRoleArn: role,
        dataSources: ['CLOUDWATCH', 'AMAZON_OPENSEARCH_SERVICE'],
        vpcConfiguration: { subnetIds, securityGroupIds: [groupId] },
        grafanaVersion: '10.4',
        tags: { Environment: 'test' },
      });
      expect(described.endpoint).toBe(`${id}.grafana-workspace.eu-central-1.amazonaws.com`);
      expect(JSON.parse((await grafana.send(new DescribeWorkspaceConfigurationCommand({ workspaceId: id }))).configuration!)).toEqual({ plugins: { pluginAdminEnabled: false } });

      const arn = `arn:aws:grafana:eu-central-1:${emulator.accountId}:/workspaces/${id}`;
      await grafana.send(new TagResourceCommand({ resourceArn: arn, tags: { Owner: 'operations-team' } }));
      await grafana.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['Environment'] }));
      expect((await grafana.send(new ListGrafanaTagsCommand({ resourceArn: arn }))).tags).toEqual({ Owner: 'operations-team' });

      expect((await grafana.send(new UpdateWorkspaceCommand({ workspaceId: id, workspaceDescription: 'central logs', removeVpcConfiguration: true }))).workspace?.status).toBe('UPDATING');
      await grafana.send(new UpdateWorkspaceConfigurationCommand({ workspaceId: id, configuration: JSON.stringify({ unifiedAlerting: { enabled: true } }) }));
      const updated = (await grafana.send(new DescribeWorkspaceCommand({ workspaceId: id }))).workspace!;
      expect([updated.status, updated.description, updated.vpcConfiguration]).toEqual(['ACTIVE', 'central logs', undefined]);
      expect(JSON.parse((await grafana.send(new DescribeWorkspaceConfigurationCommand({ workspaceId: id }))).configuration!)).toEqual({ unifiedAlerting: { enabled: true } });

      // Subnets must exist, in two zones or more.
      const invalid = (subnets: string[]) =>
        grafana.send(new CreateWorkspaceCommand({ accountAccessType: 'CURRENT_ACCOUNT', authenticationProviders: ['SAML'], permissionType: 'CUSTOMER_MANAGED', vpcConfiguration: { subnetIds: subnets, securityGroupIds: [groupId] } }));
      await expect(invalid([subnetIds[0], 'subnet-00000000000000000'])).rejects.toMatchObject({ name: 'ValidationException' });
      await expect(invalid([subnetIds[0], subnetIds[0]])).rejects.toMatchObject({ name: 'ValidationException' });

      expect((await grafana.send(new DeleteWorkspaceCommand({ workspaceId: id }))).workspace?.status).toBe('DELETING');
      await expect(grafana.send(new DescribeWorkspaceCommand({ workspaceId: id }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      grafana.destroy();
    }));

  it('creates, describes and updates a Firehose stream to an OpenSearch domain, encrypted, in the domain\'s VPC',
    withLog(async () => {
      const { vpcId, subnetIds, groupId } = await network('10.22');
      const opensearch = new OpenSearchClient(sdkConfig(emulator));
      const domainArn = (await opensearch.send(new CreateDomainCommand({ DomainName: 'central-logs', EngineVersion: 'OpenSearch_2.13' }))).DomainStatus!.ARN!;
      const firehose = new FirehoseClient(sdkConfig(emulator));
      const role = `arn:aws:iam::${emulator.accountId}:role/firehose`;
      const key = `arn:aws:kms:eu-central-1:${emulator.accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
      const destination = {
        RoleARN: role,
        DomainARN: domainArn,
        IndexName: 'app-logs',
        S3BackupMode: 'FailedDocumentsOnly' as const,
        S3Configuration: { RoleARN: role, BucketARN: 'arn:aws:s3:::failed-logs', Prefix: 'failed-documents/', EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: key } } },
        VpcConfiguration: { SubnetIds: subnetIds, SecurityGroupIds: [groupId], RoleARN: role },
      };
      const create = (name: string, config: typeof destination) =>
        firehose.send(
          new CreateDeliveryStreamCommand({
            DeliveryStreamName: name,
            DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: key },
            AmazonopensearchserviceDestinationConfiguration: config,
          }),
        );
      // Like Firehose, a domain that does not exist is refused.
      await expect(create('to-nowhere', { ...destination, DomainARN: `${domainArn}-missing` })).rejects.toMatchObject({ name: 'InvalidArgumentException' });
      await create('central-logs', destination);

      const describe = async () => (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'central-logs' }))).DeliveryStreamDescription!;
      const stream = await describe();
      expect(stream.DeliveryStreamEncryptionConfiguration).toEqual({ KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: key, Status: 'ENABLED' });
      const described = stream.Destinations?.[0].AmazonopensearchserviceDestinationDescription;
      expect(described).toMatchObject({
        DomainARN: domainArn,
        IndexName: 'app-logs',
        S3BackupMode: 'FailedDocumentsOnly',
        // Firehose's defaults for what the request left out.
        IndexRotationPeriod: 'OneDay',
        BufferingHints: { IntervalInSeconds: 300, SizeInMBs: 5 },
        RetryOptions: { DurationInSeconds: 300 },
        S3DestinationDescription: { BucketARN: 'arn:aws:s3:::failed-logs', Prefix: 'failed-documents/', CompressionFormat: 'UNCOMPRESSED', EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: key } } },
        VpcConfigurationDescription: { SubnetIds: subnetIds, SecurityGroupIds: [groupId], RoleARN: role, VpcId: vpcId },
      });

      const update = (change: Record<string, unknown>) =>
        firehose.send(new UpdateDestinationCommand({ DeliveryStreamName: 'central-logs', CurrentDeliveryStreamVersionId: stream.VersionId, DestinationId: stream.Destinations![0].DestinationId, ...change }));
      await update({ AmazonopensearchserviceDestinationUpdate: { IndexName: 'all-logs', S3Update: { Prefix: 'refused/' } } });
      const updated = await describe();
      expect(updated.VersionId).toBe('2');
      expect(updated.Destinations?.[0].AmazonopensearchserviceDestinationDescription).toMatchObject({ IndexName: 'all-logs', S3DestinationDescription: { Prefix: 'refused/', BucketARN: 'arn:aws:s3:::failed-logs' } });
      // An outdated version, or another destination type, is refused as Firehose does.
      await expect(update({ AmazonopensearchserviceDestinationUpdate: { IndexName: 'stale' } })).rejects.toMatchObject({ name: 'ConcurrentModificationException' });
      await expect(
        firehose.send(new UpdateDestinationCommand({ DeliveryStreamName: 'central-logs', CurrentDeliveryStreamVersionId: '2', DestinationId: stream.Destinations![0].DestinationId, ExtendedS3DestinationUpdate: { BucketARN: 'arn:aws:s3:::other' } })),
      ).rejects.toMatchObject({ name: 'InvalidArgumentException' });

      await firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'central-logs' }));
      await expect(describe()).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      for (const c of [opensearch, firehose]) c.destroy();
    }));
});
