/**
 * A click-ops account of about N importable resources for the import benchmark, built out of band
 * with the AWS SDK in the emulator. The mix is per 100: 1 VPC, 3 route tables, 8 subnets, 8 security
 * groups (each with the allow-all egress rule AWS adds), 8 ingress rules, 4 Elastic IPs, 8 EBS volumes,
 * 10 SSM parameters, 10 log groups, 8 SNS topics, 6 IAM roles, 6 IAM policies, 6 S3 buckets and 5 ECR
 * repositories: many types, each with many resources, so the per-type listing pays off as it would in
 * a real account. The exact count is what discovery decides to import, reported by the benchmark.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  AllocateAddressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  EC2Client,
  TagSpecification,
} from '@aws-sdk/client-ec2';
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { CreatePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { EMULATOR_REGION, Emulator } from '../test-bed/emulator';

/** How many of each kind per 100 resources (a security group counts twice: it comes with its egress rule). */
const PER_100 = {
  vpc: 1,
  routeTable: 3,
  subnet: 8,
  securityGroup: 8,
  ingressRule: 8,
  eip: 4,
  volume: 8,
  parameter: 10,
  logGroup: 10,
  topic: 8,
  role: 6,
  policy: 6,
  bucket: 6,
  repository: 5,
} as const;

export type AccountMix = Record<keyof typeof PER_100, number>;

export function accountMix(resources: number): AccountMix {
  const scale = resources / 100;
  return Object.fromEntries(Object.entries(PER_100).map(([k, v]) => [k, Math.max(1, Math.round(v * scale))])) as AccountMix;
}

const named = (kind: string, i: number) => `bench-${kind}-${String(i).padStart(4, '0')}`;
const tagged = (ResourceType: TagSpecification['ResourceType'], name: string): TagSpecification[] => [{ ResourceType, Tags: [{ Key: 'Name', Value: name }, { Key: 'Bench', Value: 'import' }] }];
const range = (n: number) => [...Array(n).keys()];

/** Runs fn over items, `limit` at a time (the emulator answers one request per thread). */
async function inBatches<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += limit) await Promise.all(items.slice(i, i + limit).map(fn));
}

export async function buildImportAccount(emulator: Emulator, mix: AccountMix): Promise<void> {
  const config = {
    endpoint: emulator.endpoint,
    region: EMULATOR_REGION,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 3,
  };
  const ec2 = new EC2Client(config);
  const clients = [ec2];
  try {
    const vpcs: string[] = [];
    for (const i of range(mix.vpc)) {
      const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${i}.0.0/16`, TagSpecifications: tagged('vpc', named('vpc', i)) }));
      vpcs.push(vpc.Vpc!.VpcId!);
    }
    const vpcOf = (i: number) => vpcs[i % vpcs.length];
    const parallel = 8;
    await inBatches(range(mix.routeTable), parallel, (i) => ec2.send(new CreateRouteTableCommand({ VpcId: vpcOf(i), TagSpecifications: tagged('route-table', named('rt', i)) })));
    await inBatches(range(mix.subnet), parallel, (i) =>
      ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcOf(i),
          // 256 /24 per VPC: subnet i is the (i / VPCs)-th of its VPC
          CidrBlock: `10.${i % vpcs.length}.${Math.floor(i / vpcs.length)}.0/24`,
          AvailabilityZone: `${EMULATOR_REGION}${'abc'[i % 3]}`,
          TagSpecifications: tagged('subnet', named('subnet', i)),
        }),
      ),
    );
    const groups: string[] = [];
    await inBatches(range(mix.securityGroup), parallel, async (i) => {
      const g = await ec2.send(new CreateSecurityGroupCommand({ GroupName: named('sg', i), Description: `bench group ${i}`, VpcId: vpcOf(i), TagSpecifications: tagged('security-group', named('sg', i)) }));
      groups[i] = g.GroupId!;
    });
    await inBatches(range(mix.ingressRule), parallel, (i) =>
      ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groups[i % groups.length],
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 1000 + i, ToPort: 1000 + i, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: `bench rule ${i}` }] }],
        }),
      ),
    );
    await inBatches(range(mix.eip), parallel, (i) => ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: tagged('elastic-ip', named('eip', i)) })));
    await inBatches(range(mix.volume), parallel, (i) =>
      ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${EMULATOR_REGION}a`, Size: 8 + (i % 4), VolumeType: 'gp3', TagSpecifications: tagged('volume', named('vol', i)) })),
    );

    const ssm = new SSMClient(config);
    const logs = new CloudWatchLogsClient(config);
    const sns = new SNSClient(config);
    const iam = new IAMClient(config);
    const s3 = new S3Client({ ...config, forcePathStyle: true });
    const ecr = new ECRClient(config);
    clients.push(ssm as never, logs as never, sns as never, iam as never, s3 as never, ecr as never);
    await inBatches(range(mix.parameter), parallel, (i) => ssm.send(new PutParameterCommand({ Name: `/bench/${named('param', i)}`, Type: 'String', Value: `value-${i}` })));
    await inBatches(range(mix.logGroup), parallel, (i) => logs.send(new CreateLogGroupCommand({ logGroupName: `/bench/${named('logs', i)}` })));
    await inBatches(range(mix.topic), parallel, (i) => sns.send(new CreateTopicCommand({ Name: named('topic', i) })));
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await inBatches(range(mix.role), parallel, (i) => iam.send(new CreateRoleCommand({ RoleName: named('role', i), AssumeRolePolicyDocument: trust })));
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*' }] });
    await inBatches(range(mix.policy), parallel, (i) => iam.send(new CreatePolicyCommand({ PolicyName: named('policy', i), PolicyDocument: policy })));
    await inBatches(range(mix.bucket), parallel, (i) =>
      s3.send(new CreateBucketCommand({ Bucket: named('bucket', i), CreateBucketConfiguration: { LocationConstraint: EMULATOR_REGION } })),
    );
    await inBatches(range(mix.repository), parallel, (i) => ecr.send(new CreateRepositoryCommand({ repositoryName: named('repo', i) })));
  } finally {
    for (const c of clients) (c as { destroy(): void }).destroy();
  }
}
