/**
 * Resources of the import types added after the first onboarding (ACM, ECS, Backup, Config, S3
 * lifecycle and policy, inline role policies), built out of band with the AWS SDK (never Terraform)
 * in the emulator. Each type's test builds only what it needs; the round trip builds them all in one
 * emulator and proves them with one plan.
 */
import { spawnSync } from 'child_process';
import { ACMClient, ImportCertificateCommand, RequestCertificateCommand } from '@aws-sdk/client-acm';
import { BackupClient, CreateBackupPlanCommand, CreateBackupSelectionCommand, CreateBackupVaultCommand } from '@aws-sdk/client-backup';
import {
  ConfigServiceClient,
  PutConfigRuleCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateTargetGroupCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutBucketLifecycleConfigurationCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { Emulator, EMULATOR_REGION, sdkConfig } from '../../test-bed/emulator';
import { ensurePythonTools } from '../../tooling/python-venv';

const trust = (service: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

/** Runs fn with a client to the emulator and destroys the client afterwards. */
async function withClient<C extends { destroy(): void }, T>(client: C, fn: (c: C) => Promise<T>): Promise<T> {
  try {
    return await fn(client);
  } finally {
    client.destroy();
  }
}

async function createRole(emulator: Emulator, name: string, service: string): Promise<string> {
  return withClient(new IAMClient(sdkConfig(emulator)), async (iam) => (await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust(service) }))).Role!.Arn!);
}

async function createBucket(emulator: Emulator, name: string): Promise<void> {
  await withClient(new S3Client({ ...sdkConfig(emulator), forcePathStyle: true }), (s3) =>
    s3.send(new CreateBucketCommand({ Bucket: name, CreateBucketConfiguration: { LocationConstraint: EMULATOR_REGION } })),
  );
}

export interface CertificateFixture {
  arn: string;
}

/** A DNS-validated certificate with a SAN, an EC key and tags. */
export async function createCertificate(emulator: Emulator): Promise<CertificateFixture> {
  return withClient(new ACMClient(sdkConfig(emulator)), async (acm) => ({
    arn: (
      await acm.send(
        new RequestCertificateCommand({
          DomainName: 'shop.example.com',
          SubjectAlternativeNames: ['shop.example.com', 'www.shop.example.com'],
          ValidationMethod: 'DNS',
          KeyAlgorithm: 'EC_prime256v1',
          Tags: [{ Key: 'Name', Value: 'shop-cert' }, { Key: 'Team', Value: 'web' }],
        }),
      )
    ).CertificateArn!,
  }));
}

export interface InlinePolicyFixture {
  role: string;
  policy: string;
  document: object;
}

export async function createInlineRolePolicy(emulator: Emulator): Promise<InlinePolicyFixture> {
  const role = 'inline-app';
  const policy = 'read-config';
  const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: 'arn:aws:ssm:eu-central-1:123456789012:parameter/app/*' }] };
  await createRole(emulator, role, 'ec2.amazonaws.com');
  await withClient(new IAMClient(sdkConfig(emulator)), (iam) => iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: policy, PolicyDocument: JSON.stringify(document) })));
  return { role, policy, document };
}

export interface S3ExtrasFixture {
  bucket: string;
  policy: object;
}

/** A bucket with a lifecycle configuration (two rules) and a TLS-only bucket policy. */
export async function createBucketWithLifecycleAndPolicy(emulator: Emulator): Promise<S3ExtrasFixture> {
  const bucket = 'legacy-reports';
  await createBucket(emulator, bucket);
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ],
  };
  await withClient(new S3Client({ ...sdkConfig(emulator), forcePathStyle: true }), async (s3) => {
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: {
          Rules: [
            {
              ID: 'archive-reports',
              Status: 'Enabled',
              Filter: { Prefix: 'reports/' },
              Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }],
              Expiration: { Days: 365 },
            },
            { ID: 'abort-uploads', Status: 'Enabled', Filter: { Prefix: '' }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
          ],
        },
      }),
    );
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));
  });
  return { bucket, policy };
}

export interface EcsFixture {
  cluster: { name: string; arn: string };
  taskDefinitionArn: string;
  service: string;
  targetGroupArn: string;
  subnets: string[];
  securityGroup: string;
  executionRole: string;
}

/** A cluster with Container Insights, a Fargate task definition and a service behind a target group. */
/** A secret a legacy task definition holds in clear (SECRET_KEY_BASE): imported code and plan.json must not hold it. */
export const CLEAR_TEXT_SECRET = 'legacy-secret-key-base-4f1d9c';

export async function createEcsService(emulator: Emulator): Promise<EcsFixture> {
  const config = sdkConfig(emulator);
  const { subnets, securityGroup, vpcId } = await withClient(new EC2Client(config), async (ec2) => {
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.42.0.0/16' }))).Vpc!.VpcId!;
    const made = [];
    for (const [i, zone] of ['a', 'b'].entries()) {
      made.push((await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: `10.42.${i}.0/24`, AvailabilityZone: `${EMULATOR_REGION}${zone}` }))).Subnet!.SubnetId!);
    }
    const sg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'shop-tasks', Description: 'shop tasks', VpcId: vpc }))).GroupId!;
    return { subnets: made, securityGroup: sg, vpcId: vpc };
  });
  const targetGroupArn = await withClient(new ElasticLoadBalancingV2Client(config), async (elbv2) =>
    (await elbv2.send(new CreateTargetGroupCommand({ Name: 'shop-web', Protocol: 'HTTP', Port: 8080, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups![0].TargetGroupArn!,
  );
  const executionRole = await createRole(emulator, 'shop-task-execution', 'ecs-tasks.amazonaws.com');
  return withClient(new ECSClient(config), async (ecs) => {
    const cluster = (await ecs.send(new CreateClusterCommand({ clusterName: 'shop', settings: [{ name: 'containerInsights', value: 'enabled' }], tags: [{ key: 'Team', value: 'web' }] }))).cluster!;
    const taskDefinitionArn = (
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'shop-web',
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          cpu: '256',
          memory: '512',
          executionRoleArn: executionRole,
          containerDefinitions: [
            {
              name: 'web',
              image: 'public.ecr.aws/nginx/nginx:1.27',
              essential: true,
              portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
              // out of order on purpose: the provider compares them sorted; a secret in clear, as click-ops leaves them
              environment: [{ name: 'RAILS_ENV', value: 'production' }, { name: 'APP_PORT', value: '8080' }, { name: 'SECRET_KEY_BASE', value: CLEAR_TEXT_SECRET }],
              secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:eu-central-1:123456789012:parameter/shop/db-password' }],
              logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/shop/web', 'awslogs-region': EMULATOR_REGION, 'awslogs-stream-prefix': 'web' } },
            },
          ],
          tags: [{ key: 'Team', value: 'web' }],
        }),
      )
    ).taskDefinition!.taskDefinitionArn!;
    await ecs.send(
      new CreateServiceCommand({
        cluster: cluster.clusterName,
        serviceName: 'shop-web',
        taskDefinition: taskDefinitionArn,
        desiredCount: 2,
        launchType: 'FARGATE',
        loadBalancers: [{ targetGroupArn, containerName: 'web', containerPort: 8080 }],
        networkConfiguration: { awsvpcConfiguration: { subnets, securityGroups: [securityGroup], assignPublicIp: 'DISABLED' } },
        deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100 },
        healthCheckGracePeriodSeconds: 60,
        tags: [{ key: 'Team', value: 'web' }],
      }),
    );
    return { cluster: { name: cluster.clusterName!, arn: cluster.clusterArn! }, taskDefinitionArn, service: 'shop-web', targetGroupArn, subnets, securityGroup, executionRole };
  });
}

export interface BackupFixture {
  vault: string;
  keyArn: string;
  planId: string;
  selectionId: string;
  role: string;
}

/** A vault encrypted with a customer key, a daily plan into it and a selection by tag. */
export async function createBackup(emulator: Emulator): Promise<BackupFixture> {
  const config = sdkConfig(emulator);
  const keyArn = await withClient(new KMSClient(config), async (kms) => (await kms.send(new CreateKeyCommand({ Description: 'backup vault key' }))).KeyMetadata!.Arn!);
  const role = await createRole(emulator, 'backup-service', 'backup.amazonaws.com');
  return withClient(new BackupClient(config), async (backup) => {
    const vault = 'legacy-vault';
    await backup.send(new CreateBackupVaultCommand({ BackupVaultName: vault, EncryptionKeyArn: keyArn, BackupVaultTags: { Team: 'ops' } }));
    const planId = (
      await backup.send(
        new CreateBackupPlanCommand({
          BackupPlan: {
            BackupPlanName: 'legacy-daily',
            Rules: [{ RuleName: 'daily', TargetBackupVaultName: vault, ScheduleExpression: 'cron(0 3 * * ? *)', StartWindowMinutes: 60, CompletionWindowMinutes: 180, Lifecycle: { DeleteAfterDays: 35 } }],
          },
          BackupPlanTags: { Team: 'ops' },
        }),
      )
    ).BackupPlanId!;
    const selectionId = (
      await backup.send(
        new CreateBackupSelectionCommand({
          BackupPlanId: planId,
          BackupSelection: { SelectionName: 'tagged', IamRoleArn: role, ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'Backup', ConditionValue: 'daily' }] },
        }),
      )
    ).SelectionId!;
    return { vault, keyArn, planId, selectionId, role };
  });
}

export interface ConfigFixture {
  recorder: string;
  channel: string;
  bucket: string;
  role: string;
  rule: string;
}

/** A recording Config recorder with its delivery channel, and a managed rule with parameters and scope. */
export async function createConfigRecorderAndRule(emulator: Emulator): Promise<ConfigFixture> {
  const bucket = 'legacy-config-history';
  await createBucket(emulator, bucket);
  const role = await createRole(emulator, 'config-recorder', 'config.amazonaws.com');
  return withClient(new ConfigServiceClient(sdkConfig(emulator)), async (config) => {
    await config.send(
      new PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: 'default', roleARN: role, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } } }),
    );
    await config.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: bucket, s3KeyPrefix: 'config', configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' } } }));
    await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    await config.send(
      new PutConfigRuleCommand({
        ConfigRule: {
          ConfigRuleName: 'restricted-ssh',
          Description: 'No security group allows SSH from anywhere',
          Source: { Owner: 'AWS', SourceIdentifier: 'INCOMING_SSH_DISABLED' },
          Scope: { ComplianceResourceTypes: ['AWS::EC2::SecurityGroup'] },
        },
        Tags: [{ Key: 'Team', Value: 'security' }],
      }),
    );
    return { recorder: 'default', channel: 'default', bucket, role, rule: 'restricted-ssh' };
  });
}

/** A self-signed certificate and its key, made with the project venv's `cryptography` (moto's own dependency). */
function selfSignedCertificate(domain: string): { certificate: string; privateKey: string } {
  const script = [
    'import datetime, json, sys',
    'from cryptography import x509',
    'from cryptography.hazmat.primitives import hashes, serialization',
    'from cryptography.hazmat.primitives.asymmetric import ec',
    'from cryptography.x509.oid import NameOID',
    'key = ec.generate_private_key(ec.SECP256R1())',
    'name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, sys.argv[1])])',
    'now = datetime.datetime.now(datetime.timezone.utc)',
    'cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key()).serial_number(x509.random_serial_number())',
    '        .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=30)).sign(key, hashes.SHA256()))',
    'print(json.dumps({"certificate": cert.public_bytes(serialization.Encoding.PEM).decode(),',
    '  "privateKey": key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()}))',
  ].join('\n');
  const res = spawnSync(ensurePythonTools().python, ['-c', script, domain], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`making a test certificate failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as { certificate: string; privateKey: string };
}

export interface ImportedCertificateFixture {
  arn: string;
  /** The key ACM holds: it must never reach a manifest or generated code. */
  privateKey: string;
}

/** A certificate brought into ACM with its own key (ImportCertificate). */
export async function importCertificate(emulator: Emulator): Promise<ImportedCertificateFixture> {
  const { certificate, privateKey } = selfSignedCertificate('legacy-vpn.example.com');
  const arn = await withClient(new ACMClient(sdkConfig(emulator)), async (acm) =>
    (await acm.send(new ImportCertificateCommand({ Certificate: Buffer.from(certificate), PrivateKey: Buffer.from(privateKey) }))).CertificateArn!,
  );
  return { arn, privateKey };
}
