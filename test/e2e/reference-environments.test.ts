/**
 * The project's own environments, deployed for real: `terraform apply` with the real AWS provider of
 * the synthesized test stacks of both reference apps (tma: container-app, workshop: instance-app), of
 * the test account's baseline and of the operations environment (observability: OpenSearch domain,
 * Firehose stream, log destination, Grafana workspace), against the AWS API emulator. The emulator's answers are then read
 * with the AWS SDK: what matters exists with the settings the blueprints promise. A second plan right
 * after the apply must show no change, `terraform destroy` must remove everything, and a production
 * stack must refuse to be destroyed.
 *
 * The production stack cannot carry the project's `emulation` switch (the production tier rejects it),
 * so its variant keeps its production provider (allowed_account_ids and all); test-bed/emulator-variants.ts points
 * it at the emulator through AWS_ENDPOINT_URL and a Terraform override file with the emulator's retry
 * settings. Its stateful resources (everything with prevent_destroy, and what they depend on) are
 * applied, so `terraform plan -destroy` has real state to refuse to destroy. Terraform does not reach
 * the destroy of a resource whose dependents already refused (the KMS key under the database), so the
 * key is first applied alone and its refusal checked on its own.
 *
 * Everything is applied at once against one emulator: most of the time is the provider's own waiters
 * (RDS ~90 s per wait, ACM validation ~60 s), not work.
 */
import { BackupClient, GetBackupPlanCommand, GetBackupSelectionCommand } from '@aws-sdk/client-backup';
import { CloudTrailClient, GetTrailCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeDestinationsCommand, DescribeLogGroupsCommand, DescribeResourcePoliciesCommand, DescribeSubscriptionFiltersCommand, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { AwsQueryProtocol } from '@aws-sdk/core/protocols';
import { ConfigServiceClient, DescribeConfigRulesCommand, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { DescribeInstanceAttributeCommand, DescribeInstancesCommand, DescribeSecurityGroupRulesCommand, EC2Client, GetEbsEncryptionByDefaultCommand, Instance } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  DescribeAccessPointsCommand,
  DescribeBackupPolicyCommand,
  DescribeFileSystemsCommand,
  DescribeLifecycleConfigurationCommand,
  DescribeMountTargetsCommand,
  EFSClient,
} from '@aws-sdk/client-efs';
import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { BatchGetAccountStatusCommand, Inspector2Client } from '@aws-sdk/client-inspector2';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { DescribeDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { DescribeWorkspaceCommand, DescribeWorkspaceConfigurationCommand, GrafanaClient } from '@aws-sdk/client-grafana';
import { DescribeDomainCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { DescribeListenersCommand, DescribeLoadBalancerAttributesCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import { GetAccountPasswordPolicyCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { DBInstance, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { DescribeAssociationCommand, GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import * as fs from 'fs';
import * as path from 'path';
import { TLS_POLICY } from '../../blueprints/building-blocks/https-load-balancer';
import { FAILED_DOCUMENTS_PREFIX } from '../../blueprints/observability/log-ingestion';
import { DOMAIN_LOG_TYPES, OPENSEARCH_TLS_POLICY } from '../../blueprints/observability/log-search-domain';
import { loadEnvironments } from '../../config/load-environments';
import { AccountBaselineEnvironment, ContainerAppEnvironment, InstanceAppEnvironment, ObservabilityEnvironment, ResolvedEnvironment, stackName } from '../../config/resolve-environment';
import { Deployment, formatTimings, prepareDeployment, settleAll } from '../../test-bed/deploy';
import { Emulator, logTail, sdkConfig, startEmulator } from '../../test-bed/emulator';
import { EMULATOR_WAITS_OVERRIDE_FILE } from '../../test-bed/emulator-gaps';
import { EMULATOR_OVERRIDE_FILE, stackNameOf } from '../../test-bed/emulator-variants';
import { logsClientIn } from '../../test-bed/landing-zone';
import { StackDeployment, StateResource } from '../../test-bed/stack-deployment';
import { PROJECT_ROOT, TerraformResult, WORK_DIR } from '../../tooling/terraform-cli';

jest.setTimeout(15 * 60_000);

const TMA = 'tma-test';
const WORKSHOP = 'workshop-test';
/** The operations environment (blueprint observability) of the test accounts. */
const OPERATIONS = 'operations-test';
/** The production stack whose stateful resources are applied and must refuse to be destroyed. */
const PRODUCTION_FILE = 'workshop/production.yaml';
const PRODUCTION = 'workshop-production';
const TIMINGS_FILE = path.join(WORK_DIR, 'e2e', 'timings.json');
/**
 * The central log store's destination, in the operations account (another account of the emulator):
 * the checked-in files leave `logs.central` off, so this run switches it on for both test apps.
 */
const CENTRAL_DESTINATION = 'arn:aws:logs:eu-central-1:210987654321:destination:central-logs';
const CENTRALLY_LOGGED = [TMA, WORKSHOP];

describe('the reference environments on the AWS emulator', () => {
  let emulator: Emulator;
  let deployment: Deployment;
  /** The resolved emulator variants, by stack name: what the checks expect. */
  let environments: Record<string, ResolvedEnvironment>;
  /** `terraform plan -destroy` of the production stack while its KMS keys were all it held. */
  let keysOnlyDestroyPlan: TerraformResult;
  const progress: string[] = [];

  const stack = (name: string): StackDeployment => {
    const found = deployment.stacks[name];
    if (!found) throw new Error(`stack ${name} was not deployed (deployed: ${Object.keys(deployment.stacks).join(', ')})`);
    return found;
  };
  const testStacks = () => Object.values(deployment.stacks).filter((s) => s.variant.tier === 'test');
  const baselineName = () => testStacks().find((s) => s.variant.blueprint === 'account-baseline')!.name;
  const client = <T>(Client: new (config: ReturnType<typeof sdkConfig>) => T): T => new Client(sdkConfig(emulator));
  /**
   * CloudWatch serves both awsQuery and JSON; this SDK release speaks JSON, which moto 5.2.5 (with the
   * botocore the venv pins) does not ("Unsupported protocol [json] for service cloudwatch").
   */
  const cloudWatchClient = () => new CloudWatchClient({ ...sdkConfig(emulator), protocol: AwsQueryProtocol });
  /**
   * S3 Control puts the account ID in front of the endpoint's host, and 123456789012.127.0.0.1 is no
   * valid URL host for Node. moto routes /v20180820/ paths to S3 Control whatever the host, and the
   * account still travels in the x-amz-account-id header.
   */
  const s3ControlClient = () => new S3ControlClient({ ...sdkConfig(emulator), endpointProvider: () => ({ url: new URL(emulator.endpoint) }) });
  const refusedToDestroy = (result: TerraformResult) => [...result.stderr.matchAll(/Resource (\S+) has\s+lifecycle\.prevent_destroy set/g)].map((m) => m[1]).sort();
  const keysOf = (addresses: string[]) => addresses.filter((a) => a.startsWith('aws_kms_key.'));

  /** Every resource with prevent_destroy in a synthesized stack. */
  function protectedAddresses(s: StackDeployment): string[] {
    return Object.entries(s.stackJson().resource ?? {})
      .flatMap(([type, byName]) => Object.entries(byName).filter(([, body]) => (body.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy === true).map(([name]) => `${type}.${name}`))
      .sort();
  }

  /** A check that, when it fails, says where the emulator's log is and what it said last. */
  function check(name: string, fn: () => Promise<void>): void {
    it(name, async () => {
      try {
        await fn();
      } catch (err) {
        const e = err as Error;
        e.message += `\n\nemulator log: ${emulator?.logFile}\n${emulator ? logTail(emulator.logFile, 20) : ''}\nstacks: ${deployment?.outdir}`;
        throw e;
      }
    });
  }

  const ofType = (resources: StateResource[], type: string) => resources.filter((r) => r.type === type);
  function onlyInState(resources: StateResource[], type: string): StateResource {
    const found = ofType(resources, type);
    if (found.length !== 1) throw new Error(`expected one ${type} in the state, found ${found.length}`);
    return found[0];
  }

  beforeAll(async () => {
    emulator = await startEmulator();
    const log = (line: string) => progress.push(`${new Date().toISOString()} ${line}`);
    try {
      deployment = await prepareDeployment({
        environmentsDir: path.join(PROJECT_ROOT, 'environments'),
        emulator,
        select: (e) => e.config.tier === 'test' || e.relativePath === PRODUCTION_FILE,
        amend: ({ config }) => (CENTRALLY_LOGGED.includes(stackNameOf(config)) ? { ...config, logs: { ...config.logs, central: { destinationArn: CENTRAL_DESTINATION } } } : config),
        log,
      });
      environments = Object.fromEntries(loadEnvironments(deployment.variantsDir, deployment.workDir).map((l) => [stackName(l.environment), l.environment]));
      const production = stack(PRODUCTION);
      const productionRun = async () => {
        await production.apply(keysOf(protectedAddresses(production)));
        keysOnlyDestroyPlan = await production.planDestroy();
        await production.apply(protectedAddresses(production));
      };
      await settleAll([...testStacks().map((s) => s.apply()), productionRun()]);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n\nemulator log: ${emulator.logFile}\nprogress:\n${progress.join('\n')}`);
    }
  });

  afterAll(async () => {
    if (deployment) {
      // For the README / docs/BENCHMARKS.md: seconds per stack and step, from this run.
      fs.mkdirSync(path.dirname(TIMINGS_FILE), { recursive: true });
      fs.writeFileSync(TIMINGS_FILE, JSON.stringify({ setup: deployment.setupTimings, steps: deployment.timings() }, null, 2));
      process.stdout.write(`\nend-to-end timings (also in ${TIMINGS_FILE}):\n${formatTimings(deployment.timings())}\n`);
    }
    await emulator?.stop();
  });

  check('writes emulator variants: the emulator account and landing zone, emulation only for the test tier', async () => {
    expect(Object.keys(deployment.stacks).sort()).toEqual([`baseline-${emulator.accountId}-eu-central-1`, OPERATIONS, PRODUCTION, TMA, WORKSHOP].sort());
    for (const s of Object.values(deployment.stacks)) {
      expect(s.variant.account).toBe(emulator.accountId);
      const provider = (s.stackJson() as { provider: { aws: Record<string, unknown>[] } }).provider.aws[0];
      if (s.variant.tier === 'test') {
        expect(s.variant.emulation).toEqual({ endpoint: emulator.endpoint });
        expect(fs.existsSync(path.join(s.dir, EMULATOR_OVERRIDE_FILE))).toBe(false);
      } else {
        // The production provider as synthesized for real accounts: pinned to its account, no endpoints.
        expect(s.variant.emulation).toBeUndefined();
        expect(provider.allowed_account_ids).toEqual([emulator.accountId]);
        expect(provider.endpoints).toBeUndefined();
        expect(fs.existsSync(path.join(s.dir, EMULATOR_OVERRIDE_FILE))).toBe(true);
      }
    }
    // No gap forces a resource out of any deployment: every resource of every test stack was applied.
    for (const s of testStacks()) {
      expect(s.targets.exclude).toEqual([]);
      // A resource made per key (for_each) is in the state once per key: its address without the key.
      expect([...new Set((await s.state()).map((r) => r.address.replace(/\[[^\]]*\]$/, '')))].sort()).toEqual(s.targets.deploy);
    }
    // Only the stack with an OpenSearch domain has the shortened provider waits (the gap table's
    // provider-wait-shortened), which change the domain's timeouts and nothing else.
    for (const s of Object.values(deployment.stacks)) {
      const waits = path.join(s.dir, EMULATOR_WAITS_OVERRIDE_FILE);
      expect({ stack: s.name, waits: fs.existsSync(waits) }).toEqual({ stack: s.name, waits: s.name === OPERATIONS });
    }
    const overridden = JSON.parse(fs.readFileSync(path.join(stack(OPERATIONS).dir, EMULATOR_WAITS_OVERRIDE_FILE), 'utf8'));
    expect(Object.values(overridden.resource.aws_opensearch_domain)).toEqual([{ timeouts: expect.any(Object) }]);
  });

  check('operations-test: the key rotates, and the domain\'s and Firehose\'s log groups are encrypted with it; OpenSearch may write them for this domain only', async () => {
    const env = environments[OPERATIONS] as ObservabilityEnvironment;
    const state = await stack(OPERATIONS).state();
    const key = onlyInState(state, 'aws_kms_key').values;
    const kms = client(KMSClient);
    expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.key_id }))).KeyRotationEnabled).toBe(true);
    const logs = client(CloudWatchLogsClient);
    const groups = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/${env.app}/${env.environment}/` }))).logGroups ?? [];
    expect(groups.map((g) => g.logGroupName).sort()).toEqual(
      ['firehose/delivery', 'opensearch/application', 'opensearch/audit', 'opensearch/index-slow', 'opensearch/search-slow'].map((p) => `/${env.app}/${env.environment}/${p}`),
    );
    for (const g of groups) expect([g.kmsKeyId, g.retentionInDays]).toEqual([key.arn, env.logRetentionDays]);
    const policies = (await logs.send(new DescribeResourcePoliciesCommand({}))).resourcePolicies ?? [];
    const policy = JSON.parse(policies.find((p) => p.policyName === `${OPERATIONS}-opensearch-logs`)!.policyDocument!);
    expect(policy.Statement[0].Principal).toEqual({ Service: 'es.amazonaws.com' });
    expect(JSON.stringify(policy.Statement[0].Condition)).toContain(`domain/${OPERATIONS}-logs`);
    const s3 = client(S3Client);
    const bucket = onlyInState(state, 'aws_s3_bucket').values.bucket as string;
    const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    expect(encryption.ServerSideEncryptionConfiguration?.Rules?.[0].ApplyServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.arn });
    for (const c of [kms, logs, s3]) c.destroy();
  });

  check('operations-test: the domain group admits HTTPS from the Firehose and Grafana groups only; the roles keep to this domain and stream', async () => {
    const state = await stack(OPERATIONS).state();
    const groups = Object.fromEntries(ofType(state, 'aws_security_group').map((g) => [g.values.name.replace(`${OPERATIONS}-`, ''), g.values.id as string]));
    expect(Object.keys(groups).sort()).toEqual(['firehose', 'grafana', 'opensearch']);
    const ec2 = client(EC2Client);
    const rulesOf = async (id: string) => (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [id] }] }))).SecurityGroupRules ?? [];
    const domainRules = await rulesOf(groups.opensearch);
    expect(domainRules.filter((r) => r.IsEgress)).toEqual([]);
    expect(domainRules.map((r) => [r.FromPort, r.ToPort, r.CidrIpv4, r.ReferencedGroupInfo?.GroupId]).sort()).toEqual(
      [
        [443, 443, undefined, groups.firehose],
        [443, 443, undefined, groups.grafana],
      ].sort(),
    );
    expect((await rulesOf(groups.firehose)).map((r) => [r.IsEgress, r.FromPort, r.ReferencedGroupInfo?.GroupId])).toEqual([[true, 443, groups.opensearch]]);
    const iam = client(IAMClient);
    const policyOf = async (role: string) => {
      const out = await iam.send(new GetRolePolicyCommand({ RoleName: `${OPERATIONS}-${role}`, PolicyName: `${OPERATIONS}-${role}` }));
      return JSON.parse(decodeURIComponent(out.PolicyDocument!)) as { Statement: { Action: string | string[]; Resource: string | string[] }[] };
    };
    const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
    const domainArn = `arn:aws:es:eu-central-1:${emulator.accountId}:domain/${OPERATIONS}-logs`;
    for (const role of ['firehose', 'grafana']) {
      const onDomain = (await policyOf(role)).Statement.filter((st) => list(st.Action).some((a) => a.startsWith('es:')));
      expect(onDomain.length).toBeGreaterThan(0);
      for (const st of onDomain) for (const r of list(st.Resource)) expect(r.startsWith(domainArn)).toBe(true);
    }
    expect((await policyOf('logs-to-firehose')).Statement).toEqual([
      expect.objectContaining({ Resource: `arn:aws:firehose:eu-central-1:${emulator.accountId}:deliverystream/${OPERATIONS}-central-logs` }),
    ]);
    for (const c of [ec2, iam]) c.destroy();
  });

  /** The operations stack's security groups by their role (firehose, grafana, opensearch), and its roles' ARNs. */
  async function operationsParts() {
    const env = environments[OPERATIONS] as ObservabilityEnvironment;
    const state = await stack(OPERATIONS).state();
    const byName = (type: string) => Object.fromEntries(ofType(state, type).map((r) => [String(r.values.name).replace(`${OPERATIONS}-`, ''), r.values]));
    const groups = byName('aws_security_group');
    const roles = byName('aws_iam_role');
    const subnets = env.network.kind === 'ids' ? env.network.privateSubnets.map((sn) => sn.id) : [];
    return { env, state, groups, roles, subnets, key: onlyInState(state, 'aws_kms_key').values.arn as string, domain: onlyInState(state, 'aws_opensearch_domain').values };
  }

  check('operations-test: the OpenSearch domain is private, encrypted at rest with the environment key and between nodes, HTTPS-only with TLS 1.2+, and under fine-grained access control with an IAM master role', async () => {
    const { env, state, groups, roles, subnets, key, domain } = await operationsParts();
    const opensearch = client(OpenSearchClient);
    const { DomainStatus: status } = await opensearch.send(new DescribeDomainCommand({ DomainName: `${OPERATIONS}-logs` }));
    expect(status).toMatchObject({
      ARN: domain.arn,
      Processing: false,
      EngineVersion: env.openSearch.engineVersion,
      // The tier's size: one small node in one zone for the test tier.
      ClusterConfig: { InstanceType: env.openSearch.instanceType, InstanceCount: env.openSearch.instanceCount, ZoneAwarenessEnabled: env.openSearch.zoneCount > 1, DedicatedMasterEnabled: env.openSearch.dedicatedMasters },
      EncryptionAtRestOptions: { Enabled: true, KmsKeyId: key },
      NodeToNodeEncryptionOptions: { Enabled: true },
      DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: OPENSEARCH_TLS_POLICY },
      // No internal users (so no password) and nothing anonymous; the master is the IAM role below.
      AdvancedSecurityOptions: { Enabled: true, InternalUserDatabaseEnabled: false, AnonymousAuthEnabled: false },
      VPCOptions: { SubnetIds: subnets.slice(0, env.openSearch.zoneCount), SecurityGroupIds: [groups.opensearch.id] },
      SnapshotOptions: { AutomatedSnapshotStartHour: env.openSearch.automatedSnapshotStartHour },
    });
    // Reachable in the VPC only: a VPC endpoint, no public one.
    expect([status?.Endpoint, status?.Endpoints?.vpc]).toEqual([undefined, domain.endpoint]);
    // DescribeDomain never reports the master user (write-only in the API); the provider sent the configured role.
    expect(domain.advanced_security_options[0].master_user_options[0].master_user_arn).toBe(env.openSearch.masterRoleArn);
    const access = JSON.parse(status!.AccessPolicies!) as { Statement: { Principal: { AWS: string | string[] }; Action: string | string[] }[] };
    expect([access.Statement[0].Principal.AWS].flat().sort()).toEqual([env.openSearch.masterRoleArn, roles.firehose.arn, roles.grafana.arn].sort());
    // Audit, slow and error logs, each into its own encrypted log group of the stack.
    const logGroupArn = (suffix: string) => ofType(state, 'aws_cloudwatch_log_group').find((g) => g.values.name === `/${env.app}/${env.environment}/${suffix}`)!.values.arn;
    expect(Object.fromEntries(Object.entries(status!.LogPublishingOptions ?? {}).map(([type, o]) => [type, [o.Enabled, o.CloudWatchLogsLogGroupArn]]))).toEqual(
      Object.fromEntries(Object.entries(DOMAIN_LOG_TYPES).map(([type, suffix]) => [type, [true, logGroupArn(suffix)]])),
    );
    // The domain's health pages the on-call through the environment's topic.
    const cloudwatch = cloudWatchClient();
    const alarms = (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ofType(state, 'aws_cloudwatch_metric_alarm').map((a) => a.values.alarm_name) }))).MetricAlarms ?? [];
    expect(alarms.length).toBeGreaterThanOrEqual(3);
    for (const alarm of alarms) {
      expect(alarm.Namespace).toBe('AWS/ES');
      expect(alarm.Dimensions).toEqual(expect.arrayContaining([{ Name: 'DomainName', Value: `${OPERATIONS}-logs` }]));
      expect(alarm.AlarmActions).toEqual([onlyInState(state, 'aws_sns_topic').values.arn]);
    }
    for (const c of [opensearch, cloudwatch]) c.destroy();
  });

  check('operations-test: Firehose writes into the domain from the private subnets, refused documents into the hardened bucket, all under the environment key', async () => {
    const { env, state, groups, roles, subnets, key, domain } = await operationsParts();
    const firehose = client(FirehoseClient);
    const { DeliveryStreamDescription: stream } = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: `${OPERATIONS}-central-logs` }));
    expect(stream?.DeliveryStreamEncryptionConfiguration).toMatchObject({ KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: key, Status: 'ENABLED' });
    expect(stream?.Destinations).toHaveLength(1);
    expect(stream?.Destinations?.[0].AmazonopensearchserviceDestinationDescription).toMatchObject({
      DomainARN: domain.arn,
      RoleARN: roles.firehose.arn,
      IndexName: env.ingestion.indexName,
      BufferingHints: { IntervalInSeconds: env.ingestion.bufferIntervalSeconds },
      S3BackupMode: 'FailedDocumentsOnly',
      S3DestinationDescription: {
        BucketARN: onlyInState(state, 'aws_s3_bucket').values.arn,
        Prefix: FAILED_DOCUMENTS_PREFIX,
        EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: key } },
      },
      // The domain's zones, through the group the domain admits.
      VpcConfigurationDescription: { SubnetIds: expect.arrayContaining(subnets.slice(0, env.openSearch.zoneCount)), SecurityGroupIds: [groups.firehose.id], RoleARN: roles.firehose.arn, VpcId: env.network.kind === 'ids' ? env.network.vpcId : '' },
      CloudWatchLoggingOptions: { Enabled: true, LogGroupName: `/${env.app}/${env.environment}/firehose/delivery` },
      // CloudWatch Logs sends gzip batches; the domain gets them decompressed.
      ProcessingConfiguration: { Enabled: true, Processors: [expect.objectContaining({ Type: 'Decompression' })] },
    });
    expect(stream?.Destinations?.[0].AmazonopensearchserviceDestinationDescription?.VpcConfigurationDescription?.SubnetIds).toHaveLength(env.openSearch.zoneCount);
    firehose.destroy();
  });

  check('operations-test: the CloudWatch Logs destination puts into the stream, and its policy lets exactly the app accounts subscribe', async () => {
    const { env, roles } = await operationsParts();
    const logs = client(CloudWatchLogsClient);
    const { destinations } = await logs.send(new DescribeDestinationsCommand({ DestinationNamePrefix: `${OPERATIONS}-central-logs` }));
    expect(destinations?.map((d) => [d.destinationName, d.targetArn, d.roleArn])).toEqual([
      [`${OPERATIONS}-central-logs`, `arn:aws:firehose:eu-central-1:${emulator.accountId}:deliverystream/${OPERATIONS}-central-logs`, roles['logs-to-firehose'].arn],
    ]);
    const policy = JSON.parse(destinations![0].accessPolicy!) as { Statement: { Effect: string; Principal: { AWS: string | string[] }; Action: string | string[]; Resource: string | string[] }[] };
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0]).toMatchObject({ Effect: 'Allow', Resource: destinations![0].arn });
    expect([policy.Statement[0].Action].flat()).toEqual(['logs:PutSubscriptionFilter']);
    // The variant's app account is the emulator's own one (the operations account subscribes its own groups too).
    expect([policy.Statement[0].Principal.AWS].flat().sort()).toEqual([...new Set([emulator.accountId, ...env.ingestion.subscriberAccounts])].sort());
    // The stack's output is what the app environments put into logs.central.destinationArn.
    expect((await stack(OPERATIONS).outputs()).central_logs_destination_arn).toBe(destinations![0].arn);
    logs.destroy();
  });

  check('operations-test: the Grafana workspace signs people in through the configured provider, sits in the private subnets and reads with its own role', async () => {
    const { env, state, groups, roles, subnets } = await operationsParts();
    const grafana = client(GrafanaClient);
    const { workspace } = await grafana.send(new DescribeWorkspaceCommand({ workspaceId: onlyInState(state, 'aws_grafana_workspace').values.id }));
    expect(workspace).toMatchObject({
      status: 'ACTIVE',
      name: `${OPERATIONS}-grafana`,
      authentication: { providers: env.grafana.authenticationProviders },
      accountAccessType: 'CURRENT_ACCOUNT',
      // The workspace uses the stack's least-privilege role, not a service-managed one.
      permissionType: 'CUSTOMER_MANAGED',
      workspaceRoleArn: roles.grafana.arn,
      dataSources: ['CLOUDWATCH', 'AMAZON_OPENSEARCH_SERVICE'],
      grafanaVersion: env.grafana.grafanaVersion,
    });
    expect([...(workspace?.vpcConfiguration?.subnetIds ?? [])].sort()).toEqual([...subnets].sort());
    expect(workspace?.vpcConfiguration?.securityGroupIds).toEqual([groups.grafana.id]);
    const { configuration } = await grafana.send(new DescribeWorkspaceConfigurationCommand({ workspaceId: workspace!.id }));
    expect(JSON.parse(configuration!).plugins).toEqual({ pluginAdminEnabled: false });
    grafana.destroy();
  });

  check('tma-test: ECS services roll out 100/200 with the circuit breaker, behind the ALB', async () => {
    const env = environments[TMA] as ContainerAppEnvironment;
    const state = await stack(TMA).state();
    const services = ofType(state, 'aws_ecs_service');
    expect(services.map((s) => s.values.name).sort()).toEqual(env.services.map((s) => `${TMA}-${s.name}`).sort());
    const ecs = client(ECSClient);
    const described = await ecs.send(new DescribeServicesCommand({ cluster: services[0].values.cluster, services: services.map((s) => s.values.name) }));
    expect(described.failures ?? []).toEqual([]);
    expect(described.services).toHaveLength(env.services.length);
    const targetGroups = new Set(ofType(state, 'aws_lb_target_group').map((t) => t.values.arn));
    for (const service of described.services ?? []) {
      const configured = env.services.find((s) => `${TMA}-${s.name}` === service.serviceName)!;
      expect(service.status).toBe('ACTIVE');
      expect(service.launchType).toBe('FARGATE');
      expect(service.desiredCount).toBe(configured.desiredCount);
      expect(service.deploymentConfiguration).toMatchObject({
        minimumHealthyPercent: 100,
        maximumPercent: 200,
        deploymentCircuitBreaker: { enable: true, rollback: true },
      });
      expect(service.networkConfiguration?.awsvpcConfiguration?.assignPublicIp).toBe('DISABLED');
      expect(service.loadBalancers?.every((lb) => targetGroups.has(lb.targetGroupArn))).toBe(true);
    }
    ecs.destroy();
  });

  for (const name of [TMA, WORKSHOP]) {
    check(`${name}: the ALB answers 443 with the TLS policy and the certificate, 80 only with a redirect`, async () => {
      const state = await stack(name).state();
      const elb = client(ElasticLoadBalancingV2Client);
      const lb = onlyInState(state, 'aws_lb');
      const listeners = (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb.values.arn }))).Listeners ?? [];
      expect(listeners.map((l) => l.Port).sort()).toEqual([443, 80]);
      const https = listeners.find((l) => l.Port === 443)!;
      expect(https.Protocol).toBe('HTTPS');
      expect(https.SslPolicy).toBe(TLS_POLICY);
      expect(https.Certificates?.map((c) => c.CertificateArn)).toEqual([onlyInState(state, 'aws_acm_certificate').values.arn]);
      const http = listeners.find((l) => l.Port === 80)!;
      expect(http.Protocol).toBe('HTTP');
      expect(http.DefaultActions).toEqual([expect.objectContaining({ Type: 'redirect', RedirectConfig: expect.objectContaining({ Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' }) })]);
      const attributes = (await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: lb.values.arn }))).Attributes ?? [];
      expect(Object.fromEntries(attributes.map((a) => [a.Key, a.Value]))).toMatchObject({
        'routing.http.drop_invalid_header_fields.enabled': 'true',
        'access_logs.s3.enabled': 'true',
        'deletion_protection.enabled': 'false',
      });
      elb.destroy();
    });

    check(`${name}: the database is encrypted with the app key, Multi-AZ as the tier says, and published in SSM`, async () => {
      const env = environments[name] as ContainerAppEnvironment | InstanceAppEnvironment;
      const state = await stack(name).state();
      const rds = client(RDSClient);
      // The primary database; tma's further database (the docs site's MySQL) is checked on its own below.
      const identifier = ofType(state, 'aws_db_instance').find((d) => d.values.identifier === `${name}-db`)!.values.identifier;
      const [db] = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }))).DBInstances as DBInstance[];
      const appKey = ofType(state, 'aws_kms_key')[0].values.arn;
      expect(db).toMatchObject({
        MultiAZ: env.database.multiAz,
        StorageEncrypted: true,
        KmsKeyId: appKey,
        DeletionProtection: env.database.deletionProtection,
        PubliclyAccessible: false,
        IAMDatabaseAuthenticationEnabled: true,
        PerformanceInsightsEnabled: true,
        BackupRetentionPeriod: env.database.backupRetentionDays,
      });
      const ssm = client(SSMClient);
      const parameters = ofType(state, 'aws_ssm_parameter');
      expect(parameters.length).toBeGreaterThanOrEqual(3);
      for (const p of parameters) {
        const { Parameter } = await ssm.send(new GetParameterCommand({ Name: p.values.name, WithDecryption: true }));
        expect(Parameter?.Type).toBe(p.values.type);
      }
      const host = parameters.find((p) => p.values.name === `/${env.app}/${env.environment}/database/host`);
      const { Parameter: hostParameter } = await ssm.send(new GetParameterCommand({ Name: host!.values.name, WithDecryption: true }));
      expect(hostParameter).toMatchObject({ Type: 'SecureString', Value: db.Endpoint?.Address });
      rds.destroy();
      ssm.destroy();
    });

    check(`${name}: every log group of the stack, the RDS exports' included, is subscribed to the central destination in the operations account`, async () => {
      const state = await stack(name).state();
      const inState = ofType(state, 'aws_cloudwatch_log_group').map((g) => g.values.name as string).sort();
      // The groups RDS exports to are managed by the stack once central logging is on.
      expect(inState.filter((g) => g.startsWith(`/aws/rds/instance/${name}-db`)).length).toBeGreaterThanOrEqual(2);
      const logs = client(CloudWatchLogsClient);
      // Everything in the account that belongs to this environment, however it was made, is in the state.
      const inAccount: string[] = [];
      for await (const page of paginateDescribeLogGroups({ client: logs }, {})) inAccount.push(...(page.logGroups ?? []).map((g) => g.logGroupName!));
      const [app, environment] = [environments[name].app, environments[name].environment];
      const ours = (g: string) => g.startsWith(`/${app}/${environment}/`) || g.startsWith(`/aws/rds/instance/${name}-db`) || g === `aws-waf-logs-${name}`;
      expect(inAccount.filter(ours).sort()).toEqual(inState);
      for (const logGroupName of inState) {
        const { subscriptionFilters } = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName }));
        expect({ logGroupName, filters: (subscriptionFilters ?? []).map((f) => [f.filterName, f.destinationArn, f.filterPattern]) }).toEqual({
          logGroupName,
          filters: [[`${name}-central-logs`, CENTRAL_DESTINATION, '']],
        });
      }
      logs.destroy();
      // The destination is the operations account's, not a copy in the app's account.
      const operations = logsClientIn(emulator, '210987654321');
      expect((await operations.send(new DescribeDestinationsCommand({ DestinationNamePrefix: 'central-logs' }))).destinations?.map((d) => d.arn)).toEqual([CENTRAL_DESTINATION]);
      operations.destroy();
    });

    check(`${name}: every KMS key rotates yearly`, async () => {
      const kms = client(KMSClient);
      const keys = ofType(await stack(name).state(), 'aws_kms_key');
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect((await kms.send(new DescribeKeyCommand({ KeyId: key.values.key_id }))).KeyMetadata?.KeyState).toBe('Enabled');
        expect(await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.values.key_id }))).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
      }
      kms.destroy();
    });
  }

  async function instancesOf(name: string): Promise<{ state: StateResource[]; instances: Instance[] }> {
    const state = await stack(name).state();
    const ids = ofType(state, 'aws_instance').map((i) => i.values.id);
    const ec2 = client(EC2Client);
    const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }));
    ec2.destroy();
    return { state, instances: (out.Reservations ?? []).flatMap((r) => r.Instances ?? []) };
  }

  async function protection(instanceId: string): Promise<{ termination?: boolean; stop?: boolean }> {
    const ec2 = client(EC2Client);
    const termination = (await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'disableApiTermination' }))).DisableApiTermination?.Value;
    const stop = (await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'disableApiStop' }))).DisableApiStop?.Value;
    ec2.destroy();
    return { termination, stop };
  }

  check('workshop-test: instances from the hardened image, IMDSv2 only, protection as the tier says, enrolled in backup', async () => {
    const env = environments[WORKSHOP] as InstanceAppEnvironment;
    const { instances } = await instancesOf(WORKSHOP);
    const zones = env.network.kind === 'ids' ? env.network.privateSubnets.map((s) => s.availabilityZone) : env.network.availabilityZones;
    expect(instances.map((i) => i.Placement?.AvailabilityZone).sort()).toEqual(zones.flatMap((z) => Array(env.instanceApp.instancesPerAz).fill(z)).sort());
    const source = stack(WORKSHOP).source.config as { instanceApp: { ami: { id: string } | { owner: string; namePattern: string } } };
    const ami = source.instanceApp.ami;
    const image = deployment.landingZone.images['id' in ami ? ami.id : `${ami.owner}/${ami.namePattern}`].imageId;
    for (const instance of instances) {
      expect(instance.State?.Name).toBe('running');
      expect(instance.ImageId).toBe(image);
      expect(instance.MetadataOptions).toMatchObject({ HttpTokens: 'required', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled' });
      expect(instance.Monitoring?.State).toBe('enabled');
      expect(instance.MaintenanceOptions?.AutoRecovery).toBe('default');
      expect(await protection(instance.InstanceId!)).toEqual({ termination: env.instanceApp.terminationProtection, stop: env.instanceApp.stopProtection });
      expect(instance.Tags).toEqual(expect.arrayContaining([{ Key: 'BackupPlan', Value: `${WORKSHOP}-backup` }]));
    }
  });

  check('workshop-test: every instance has the StatusCheckFailed_System alarm that recovers it', async () => {
    const { state, instances } = await instancesOf(WORKSHOP);
    const cloudwatch = cloudWatchClient();
    const names = ofType(state, 'aws_cloudwatch_metric_alarm').filter((a) => a.values.metric_name === 'StatusCheckFailed_System').map((a) => a.values.alarm_name);
    const alarms = (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: names }))).MetricAlarms ?? [];
    expect(alarms.map((a) => a.Dimensions?.find((d) => d.Name === 'InstanceId')?.Value).sort()).toEqual(instances.map((i) => i.InstanceId).sort());
    const topic = onlyInState(state, 'aws_sns_topic').values.arn;
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({ Namespace: 'AWS/EC2', Statistic: 'Maximum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', ActionsEnabled: true });
      expect(alarm.AlarmActions?.sort()).toEqual([`arn:aws:automate:eu-central-1:ec2:recover`, topic].sort());
    }
    cloudwatch.destroy();
  });

  check('workshop-test: the backup plan keeps dailies as the tier says and selects the environment by tag', async () => {
    const env = environments[WORKSHOP] as InstanceAppEnvironment;
    const state = await stack(WORKSHOP).state();
    const backup = client(BackupClient);
    const planId = onlyInState(state, 'aws_backup_plan').values.id;
    const plan = await backup.send(new GetBackupPlanCommand({ BackupPlanId: planId }));
    const vault = onlyInState(state, 'aws_backup_vault').values.name;
    const expectedRules = (['daily', 'weekly', 'monthly'] as const).filter((r) => env.backup[`${r}RetentionDays`] > 0);
    expect(plan.BackupPlan?.Rules?.map((r) => r.RuleName).sort()).toEqual([...expectedRules].sort());
    const daily = plan.BackupPlan?.Rules?.find((r) => r.RuleName === 'daily');
    expect(daily).toMatchObject({ TargetBackupVaultName: vault, Lifecycle: { DeleteAfterDays: env.backup.dailyRetentionDays } });
    const selection = onlyInState(state, 'aws_backup_selection');
    const { BackupSelection } = await backup.send(new GetBackupSelectionCommand({ BackupPlanId: planId, SelectionId: selection.values.id }));
    expect(BackupSelection).toMatchObject({
      SelectionName: `${WORKSHOP}-backup`,
      IamRoleArn: ofType(state, 'aws_iam_role').find((r) => r.values.name === `${WORKSHOP}-backup`)?.values.arn,
      Conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/BackupPlan', ConditionValue: `${WORKSHOP}-backup` }] },
    });
    expect(BackupSelection?.Resources).toEqual(expect.arrayContaining([expect.stringMatching(/:instance\/\*$/), expect.stringMatching(/:db:\*$/)]));
    backup.destroy();
  });

  check('workshop-test: State Manager installs and configures the CloudWatch agent and scans for patches on the instances', async () => {
    const { state, instances } = await instancesOf(WORKSHOP);
    const ssm = client(SSMClient);
    const associations = ofType(state, 'aws_ssm_association');
    expect(associations.map((a) => a.values.name).sort()).toEqual(['AWS-ConfigureAWSPackage', 'AWS-RunPatchBaseline', 'AmazonCloudWatch-ManageAgent']);
    for (const a of associations) {
      const { AssociationDescription } = await ssm.send(new DescribeAssociationCommand({ AssociationId: a.values.association_id }));
      const targeted = AssociationDescription?.Targets?.flatMap((t) => (t.Key === 'InstanceIds' ? (t.Values ?? []) : [])) ?? [];
      const tagged = AssociationDescription?.Targets?.some((t) => t.Key?.startsWith('tag:')) ?? false;
      // The agent's associations name the instances; the patch scan finds them by their patch-group tag.
      expect(tagged || instances.every((i) => targeted.includes(i.InstanceId!))).toBe(true);
    }
    ssm.destroy();
  });

  check('baseline: CloudTrail, GuardDuty, Config, password policy, EBS default encryption, S3 account public access block', async () => {
    const name = baselineName();
    const env = environments[name] as AccountBaselineEnvironment;
    const state = await stack(name).state();
    const trailName = onlyInState(state, 'aws_cloudtrail').values.name;
    const cloudtrail = client(CloudTrailClient);
    const { Trail } = await cloudtrail.send(new GetTrailCommand({ Name: trailName }));
    expect(Trail).toMatchObject({ IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, LogFileValidationEnabled: true, KmsKeyId: onlyInState(state, 'aws_kms_key').values.arn });
    expect(Trail?.SnsTopicARN).toBe(ofType(state, 'aws_sns_topic').find((t) => t.address.includes('cloudtrail'))!.values.arn);
    expect((await cloudtrail.send(new GetTrailStatusCommand({ Name: trailName }))).IsLogging).toBe(true);

    const guardduty = client(GuardDutyClient);
    const detector = await guardduty.send(new GetDetectorCommand({ DetectorId: onlyInState(state, 'aws_guardduty_detector').values.id }));
    expect(detector.Status).toBe('ENABLED');
    expect(detector.FindingPublishingFrequency).toBe(env.guardDuty.findingPublishingFrequency);
    expect(Object.fromEntries((detector.Features ?? []).map((f) => [f.Name, f.Status]))).toEqual(Object.fromEntries(env.guardDuty.features.map((f) => [f, 'ENABLED'])));

    const config = client(ConfigServiceClient);
    const recorders = (await config.send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus ?? [];
    expect(recorders.map((r) => r.recording)).toEqual([true]);
    const rules = (await config.send(new DescribeConfigRulesCommand({}))).ConfigRules ?? [];
    expect(rules.map((r) => r.ConfigRuleName).sort()).toEqual(ofType(state, 'aws_config_config_rule').map((r) => r.values.name).sort());

    const iam = client(IAMClient);
    const { PasswordPolicy } = await iam.send(new GetAccountPasswordPolicyCommand({}));
    expect(PasswordPolicy).toMatchObject({ MinimumPasswordLength: env.passwordPolicy.minimumLength, MaxPasswordAge: env.passwordPolicy.maxAgeDays, PasswordReusePrevention: env.passwordPolicy.reusePrevention });

    const ec2 = client(EC2Client);
    expect((await ec2.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(true);
    const s3control = s3ControlClient();
    const { PublicAccessBlockConfiguration } = await s3control.send(new GetPublicAccessBlockCommand({ AccountId: emulator.accountId }));
    expect(PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    for (const c of [cloudtrail, guardduty, config, iam, ec2, s3control]) c.destroy();
  });

  check('baseline: findings rules publish to the encrypted topic, which only they may publish to; Inspector scans EC2 and ECR', async () => {
    const name = baselineName();
    const state = await stack(name).state();
    const events = client(EventBridgeClient);
    const topic = ofType(state, 'aws_sns_topic').find((t) => t.address.includes('finding-alerts'))!;
    const rules = ofType(state, 'aws_cloudwatch_event_rule');
    expect(rules.map((r) => r.values.name).sort()).toEqual(['config-non-compliant', 'guardduty-findings', 'health-events', 'root-sign-in'].map((a) => `${name}-${a}`).sort());
    for (const rule of rules) {
      const described = await events.send(new DescribeRuleCommand({ Name: rule.values.name }));
      expect(described.State).toBe('ENABLED');
      expect(JSON.parse(described.EventPattern!)).toEqual(JSON.parse(rule.values.event_pattern));
      const { Targets } = await events.send(new ListTargetsByRuleCommand({ Rule: rule.values.name }));
      expect(Targets?.map((t) => t.Arn)).toEqual([topic.values.arn]);
    }
    const sns = client(SNSClient);
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn: topic.values.arn }));
    expect(Attributes?.KmsMasterKeyId).toBe(onlyInState(state, 'aws_kms_key').values.arn);
    const publish = (JSON.parse(Attributes!.Policy!).Statement as { Effect: string; Principal: { Service?: string }; Condition: Record<string, Record<string, string[]>> }[]).find(
      (st) => st.Effect === 'Allow',
    )!;
    expect(publish.Principal.Service).toBe('events.amazonaws.com');
    expect([publish.Condition.ArnEquals['aws:SourceArn']].flat().sort()).toEqual(rules.map((r) => r.values.arn).sort());
    const inspector = client(Inspector2Client);
    const { accounts } = await inspector.send(new BatchGetAccountStatusCommand({ accountIds: [emulator.accountId] }));
    expect(accounts?.[0]?.resourceState).toMatchObject({ ec2: { status: 'ENABLED' }, ecr: { status: 'ENABLED' } });
    for (const c of [events, sns, inspector]) c.destroy();
  });

  check('tma-test: the docs site has its own MySQL, wired into WordPress, and its uploads on an encrypted EFS file system', async () => {
    const env = environments[TMA] as ContainerAppEnvironment;
    const state = await stack(TMA).state();
    const appKey = onlyInState(state, 'aws_kms_key').values.arn;
    const rds = client(RDSClient);
    const [docsDb] = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: `${TMA}-db-docs` }))).DBInstances as DBInstance[];
    const docsSettings = env.databases.find((d) => d.name === 'docs')!.settings;
    expect(docsDb).toMatchObject({ Engine: 'mysql', DBName: 'wordpress', StorageEncrypted: true, KmsKeyId: appKey, MultiAZ: docsSettings.multiAz, PubliclyAccessible: false });
    const [railsDb] = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: `${TMA}-db` }))).DBInstances as DBInstance[];
    expect(railsDb.Engine).toBe('postgres');
    // Each database admits its own service only.
    const docsGroup = ofType(state, 'aws_security_group').find((g) => g.values.name === `${TMA}-docs`)!.values.id;
    const ec2 = client(EC2Client);
    const ingressOf = async (groupId: string) =>
      ((await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }))).SecurityGroupRules ?? []).filter((r) => !r.IsEgress);
    expect((await ingressOf(docsDb.VpcSecurityGroups![0].VpcSecurityGroupId!)).map((r) => r.ReferencedGroupInfo?.GroupId)).toEqual([docsGroup]);

    const ssm = client(SSMClient);
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: `/tma/test/database/docs/host`, WithDecryption: true }));
    expect(Parameter?.Value).toBe(docsDb.Endpoint?.Address);

    const ecs = client(ECSClient);
    const taskDefinitionArn = ofType(state, 'aws_ecs_task_definition').find((t) => t.values.family === `${TMA}-docs`)!.values.arn;
    const { taskDefinition } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn }));
    const secrets = Object.fromEntries((taskDefinition?.containerDefinitions?.[0].secrets ?? []).map((x) => [x.name, x.valueFrom]));
    expect(secrets.WORDPRESS_DB_HOST).toMatch(/:parameter\/tma\/test\/database\/docs\/host$/);
    expect(secrets.WORDPRESS_DB_PASSWORD).toBe(`${docsDb.MasterUserSecret?.SecretArn}:password::`);

    const efs = client(EFSClient);
    const fileSystemId = onlyInState(state, 'aws_efs_file_system').values.id;
    const [fileSystem] = (await efs.send(new DescribeFileSystemsCommand({ FileSystemId: fileSystemId }))).FileSystems ?? [];
    expect(fileSystem).toMatchObject({ Encrypted: true, KmsKeyId: appKey });
    expect((await efs.send(new DescribeBackupPolicyCommand({ FileSystemId: fileSystemId }))).BackupPolicy?.Status).toBe('ENABLED');
    expect((await efs.send(new DescribeLifecycleConfigurationCommand({ FileSystemId: fileSystemId }))).LifecyclePolicies).toContainEqual({ TransitionToIA: 'AFTER_30_DAYS' });
    const mountTargets = (await efs.send(new DescribeMountTargetsCommand({ FileSystemId: fileSystemId }))).MountTargets ?? [];
    expect(mountTargets.map((m) => m.SubnetId).sort()).toEqual((env.network.kind === 'ids' ? env.network.privateSubnets.map((sn) => sn.id) : []).sort());
    const [accessPoint] = (await efs.send(new DescribeAccessPointsCommand({ FileSystemId: fileSystemId }))).AccessPoints ?? [];
    expect(accessPoint).toMatchObject({ PosixUser: { Uid: 33, Gid: 33 }, RootDirectory: { Path: '/uploads' } });
    const volume = taskDefinition?.volumes?.find((v) => v.name === 'persistent-uploads');
    expect(volume?.efsVolumeConfiguration).toMatchObject({ fileSystemId, transitEncryption: 'ENABLED', authorizationConfig: { accessPointId: accessPoint.AccessPointId, iam: 'ENABLED' } });
    const efsGroup = ofType(state, 'aws_security_group').find((g) => g.values.name === `${TMA}-docs-efs`)!.values.id;
    expect((await ingressOf(efsGroup)).map((r) => [r.ReferencedGroupInfo?.GroupId, r.FromPort, r.ToPort])).toEqual([[docsGroup, 2049, 2049]]);
    for (const c of [rds, ec2, ssm, ecs, efs]) c.destroy();
  });

  check('the plan right after apply shows no change for any test stack (idempotence)', async () => {
    const plans = await settleAll(testStacks().map(async (s) => ({ stack: s.name, ...(await s.plan()) })));
    // The changes are listed (address, actions, attributes), so a failure names what moved.
    expect(plans.map((p) => ({ stack: p.stack, changes: p.changes }))).toEqual(testStacks().map((s) => ({ stack: s.name, changes: [] })));
    expect(plans.map((p) => p.exitCode)).toEqual(plans.map(() => 0));
  });

  check('production: the stateful resources carry the production protections', async () => {
    const env = environments[PRODUCTION] as InstanceAppEnvironment;
    const { state, instances } = await instancesOf(PRODUCTION);
    expect(instances).toHaveLength(2);
    for (const instance of instances) expect(await protection(instance.InstanceId!)).toEqual({ termination: true, stop: true });
    expect(env.instanceApp).toMatchObject({ terminationProtection: true, stopProtection: true });
    const rds = client(RDSClient);
    const [db] = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: onlyInState(state, 'aws_db_instance').values.identifier }))).DBInstances as DBInstance[];
    expect(db).toMatchObject({ MultiAZ: true, DeletionProtection: true, StorageEncrypted: true, BackupRetentionPeriod: env.database.backupRetentionDays });
    rds.destroy();
  });

  check('production: terraform plan -destroy refuses the KMS key (applied alone first)', async () => {
    const keys = keysOf(protectedAddresses(stack(PRODUCTION)));
    expect(keys.length).toBeGreaterThan(0);
    expect(keysOnlyDestroyPlan.status).toBe(1);
    expect(keysOnlyDestroyPlan.stderr).toContain('Instance cannot be destroyed');
    expect(refusedToDestroy(keysOnlyDestroyPlan)).toEqual(keys);
  });

  check('production: terraform plan -destroy refuses the RDS instance and every other prevent_destroy resource', async () => {
    const production = stack(PRODUCTION);
    const protectedOnes = protectedAddresses(production);
    expect(protectedOnes.map((a) => a.split('.')[0])).toEqual(expect.arrayContaining(['aws_db_instance', 'aws_kms_key', 'aws_instance', 'aws_ebs_volume', 'aws_backup_vault']));
    const inState = new Set((await production.state()).map((r) => r.address));
    expect(protectedOnes.filter((a) => !inState.has(a))).toEqual([]);

    const result = await production.planDestroy();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Instance cannot be destroyed');
    // Everything protected is named, except the keys: their destroy waits on the database, volumes
    // and vault encrypted with them, which were refused first (checked alone above).
    expect(refusedToDestroy(result)).toEqual(protectedOnes.filter((a) => !keysOf([a]).length));
  });

  check('terraform destroy removes every test stack cleanly', async () => {
    await settleAll(testStacks().map((s) => s.destroy()));
    for (const s of testStacks()) expect(await s.state()).toEqual([]);
    const rds = client(RDSClient);
    const left = ((await rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? []).map((d) => d.DBInstanceIdentifier);
    // Only the production database, which refuses to be destroyed, is left.
    expect(left).toEqual([`${PRODUCTION}-db`]);
    rds.destroy();
    const ec2 = client(EC2Client);
    const running = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Environment', Values: ['test'] }, { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }] }));
    expect((running.Reservations ?? []).flatMap((r) => r.Instances ?? [])).toEqual([]);
    ec2.destroy();
  });
});
