/** Properties of the observability blueprint that matter, asserted on the synthesized JSON of both tiers. */
import { loadEnvironments } from '../../config/load-environments';
import { formatOverrideWarning } from '../../config/tier-defaults';
import { OPENSEARCH_TLS_POLICY } from '../../blueprints/observability/log-search-domain';
import { configErrorLines } from '../support/config-errors';
import { observabilityConfig } from '../support/observability-config';
import { all, Json, only, ref, resourceAt, synthEnvironments, TerraformJson, writeEnvironments } from '../support/synth-stack';

const synth = synthEnvironments({
  'ops/test': observabilityConfig('test'),
  'ops/production': observabilityConfig('production', { backend: { s3: { bucket: 'ops-state-210987654321' } } }),
});
const tiers: [string, TerraformJson][] = [
  ['test', synth.stacks['ops-test']],
  ['production', synth.stacks['ops-production']],
];

const ACCOUNT = '210987654321';
const DOMAIN_ARN = (env: string) => `arn:aws:es:eu-central-1:${ACCOUNT}:domain/ops-${env}-logs`;
const statements = (stack: TerraformJson, pathPart: string): Json[] => {
  const doc = Object.values(stack.data?.aws_iam_policy_document ?? {}).find((d) => (d as Json)['//'].metadata.path.endsWith(pathPart));
  if (!doc) throw new Error(`no policy document at ${pathPart}`);
  return (doc as Json).statement;
};
const statement = (stack: TerraformJson, pathPart: string, sid: string): Json => {
  const found = statements(stack, pathPart).find((s) => s.sid === sid);
  if (!found) throw new Error(`no statement ${sid} in ${pathPart}`);
  return found;
};

describe.each(tiers)('observability, %s tier', (tier, stack) => {
  const production = tier === 'production';
  const domain = () => only(stack, 'aws_opensearch_domain');
  const key = () => ref(stack, 'aws_kms_key', 'kms/key', 'arn');

  it('places the domain in private subnets only, one per zone it spans, behind its own security group', () => {
    const vpc = domain().vpc_options;
    expect(vpc.subnet_ids).toEqual(production ? ['subnet-00000000000000021', 'subnet-00000000000000022', 'subnet-00000000000000023'] : ['subnet-00000000000000021']);
    expect(vpc.security_group_ids).toEqual([ref(stack, 'aws_security_group', 'opensearch/security-group', 'id')]);
  });

  it('sizes the cluster from the tier: dedicated masters and three zones in production, one small node in test', () => {
    const cluster = domain().cluster_config;
    if (production) {
      expect(cluster).toMatchObject({
        instance_type: 'r6g.large.search',
        instance_count: 3,
        zone_awareness_enabled: true,
        zone_awareness_config: { availability_zone_count: 3 },
        dedicated_master_enabled: true,
        dedicated_master_count: 3,
        dedicated_master_type: 'm6g.large.search',
      });
    } else {
      expect(cluster).toEqual({ instance_type: 't3.small.search', instance_count: 1, zone_awareness_enabled: false, dedicated_master_enabled: false });
    }
    expect(domain().ebs_options).toEqual({ ebs_enabled: true, volume_type: 'gp3', volume_size: production ? 100 : 10 });
  });

  it('encrypts at rest with its own key and between nodes, and answers HTTPS with TLS 1.2+ only', () => {
    expect(domain().encrypt_at_rest).toEqual({ enabled: true, kms_key_id: key() });
    expect(domain().node_to_node_encryption).toEqual({ enabled: true });
    expect(domain().domain_endpoint_options).toEqual({ enforce_https: true, tls_security_policy: OPENSEARCH_TLS_POLICY });
    expect(OPENSEARCH_TLS_POLICY).toMatch(/^Policy-Min-TLS-1-2-/);
    expect(only(stack, 'aws_kms_key').enable_key_rotation).toBe(true);
  });

  it('uses fine-grained access control with an IAM master role and no internal users, so no password exists', () => {
    expect(domain().advanced_security_options).toEqual({
      enabled: true,
      anonymous_auth_enabled: false,
      internal_user_database_enabled: false,
      master_user_options: { master_user_arn: `arn:aws:iam::${ACCOUNT}:role/opensearch-admin` },
    });
    expect(JSON.stringify(domain())).not.toMatch(/master_user_(name|password)/);
  });

  it('lets only the master, Firehose and Grafana roles call the domain at all', () => {
    const [access] = statements(stack, 'opensearch/access-policy');
    expect(access.principals).toEqual([
      {
        type: 'AWS',
        identifiers: [
          `arn:aws:iam::${ACCOUNT}:role/opensearch-admin`,
          ref(stack, 'aws_iam_role', 'ingestion/firehose-role', 'arn'),
          ref(stack, 'aws_iam_role', 'grafana/role', 'arn'),
        ],
      },
    ]);
    expect(access.resources).toEqual([`${DOMAIN_ARN(tier)}/*`]);
  });

  it('takes automated snapshots and sends audit, slow and error logs to encrypted log groups OpenSearch may write', () => {
    expect(domain().snapshot_options).toEqual({ automated_snapshot_start_hour: 2 });
    const published = domain().log_publishing_options as Json[];
    expect(published.map((o) => o.log_type)).toEqual(['AUDIT_LOGS', 'INDEX_SLOW_LOGS', 'SEARCH_SLOW_LOGS', 'ES_APPLICATION_LOGS']);
    for (const o of published) expect(o.enabled).toBe(true);
    for (const name of ['audit', 'index-slow', 'search-slow', 'application']) {
      const group = resourceAt(stack, 'aws_cloudwatch_log_group', `opensearch/${name}-logs/`) as Json;
      expect(group.name).toBe(`/ops/${tier}/opensearch/${name}`);
      expect(group.kms_key_id).toBe(key());
      expect(group.retention_in_days).toBe(production ? 365 : 30);
    }
    const [delivery] = statements(stack, 'opensearch/log-delivery-policy');
    expect(delivery.principals).toEqual([{ type: 'Service', identifiers: ['es.amazonaws.com'] }]);
    expect(delivery.actions).toEqual(['logs:PutLogEvents', 'logs:CreateLogStream']);
    expect(delivery.resources).toHaveLength(4);
    expect(delivery.condition).toContainEqual({ test: 'ArnLike', variable: 'aws:SourceArn', values: [DOMAIN_ARN(tier)] });
    // The domain waits for the policy: OpenSearch refuses log groups it may not write.
    expect(domain().depends_on).toEqual([expect.stringMatching(/^aws_cloudwatch_log_resource_policy\./)]);
  });

  it('keeps the production domain from terraform destroy', () => {
    expect(domain().lifecycle).toEqual({ prevent_destroy: production });
  });

  it('opens the domain on 443 to the Firehose and Grafana groups only, and lets the domain call nothing', () => {
    const domainGroup = ref(stack, 'aws_security_group', 'opensearch/security-group', 'id');
    const ingress = all(stack, 'aws_vpc_security_group_ingress_rule');
    expect(ingress).toHaveLength(2);
    for (const rule of ingress) {
      expect(rule).toMatchObject({ security_group_id: domainGroup, ip_protocol: 'tcp', from_port: 443, to_port: 443 });
      expect(rule.cidr_ipv4).toBeUndefined();
    }
    expect(ingress.map((r) => r.referenced_security_group_id).sort()).toEqual(
      [ref(stack, 'aws_security_group', 'ingestion/security-group', 'id'), ref(stack, 'aws_security_group', 'grafana/security-group', 'id')].sort(),
    );
    const egress = all(stack, 'aws_vpc_security_group_egress_rule');
    expect(egress.filter((r) => r.security_group_id === domainGroup)).toEqual([]);
    // Firehose reaches the domain only; Grafana the domain and, for CloudWatch, HTTPS through the landing zone.
    const firehoseEgress = egress.filter((r) => r.security_group_id === ref(stack, 'aws_security_group', 'ingestion/security-group', 'id'));
    expect(firehoseEgress).toEqual([expect.objectContaining({ referenced_security_group_id: domainGroup, from_port: 443, to_port: 443 })]);
    const grafanaEgress = egress.filter((r) => r.security_group_id === ref(stack, 'aws_security_group', 'grafana/security-group', 'id'));
    expect(grafanaEgress.map((r) => r.referenced_security_group_id ?? r.cidr_ipv4).sort()).toEqual(['0.0.0.0/0', domainGroup].sort());
  });

  it('delivers from Firehose into the domain through the VPC, refused documents to a hardened KMS bucket, KMS on the stream', () => {
    const stream = only(stack, 'aws_kinesis_firehose_delivery_stream');
    expect(stream.destination).toBe('opensearch');
    expect(stream.server_side_encryption).toEqual({ enabled: true, key_type: 'CUSTOMER_MANAGED_CMK', key_arn: key() });
    const os = stream.opensearch_configuration;
    expect(os.domain_arn).toBe(DOMAIN_ARN(tier));
    expect(os.s3_backup_mode).toBe('FailedDocumentsOnly');
    expect(os.vpc_config.subnet_ids).toEqual(domain().vpc_options.subnet_ids);
    expect(os.vpc_config.security_group_ids).toEqual([ref(stack, 'aws_security_group', 'ingestion/security-group', 'id')]);
    expect(os.s3_configuration.bucket_arn).toBe(ref(stack, 'aws_s3_bucket', 'failed-documents/bucket', 'arn'));
    expect(os.s3_configuration.kms_key_arn).toBe(key());
    expect(os.processing_configuration.processors).toEqual([{ type: 'Decompression', parameters: [{ parameter_name: 'CompressionFormat', parameter_value: 'GZIP' }] }]);
    expect(os.cloudwatch_logging_options.enabled).toBe(true);
    // Firehose checks the domain when the stream is created.
    expect(stream.depends_on).toContainEqual(expect.stringMatching(/^aws_opensearch_domain\./));
    const bucket = resourceAt(stack, 'aws_s3_bucket', 'failed-documents/bucket') as Json;
    expect(bucket.bucket).toBe(`ops-${tier}-failed-logs-${ACCOUNT}`);
    expect(bucket.force_destroy).toBe(!production);
    const encryption = resourceAt(stack, 'aws_s3_bucket_server_side_encryption_configuration', 'failed-documents/') as Json;
    expect(encryption.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: key() });
    const publicAccess = resourceAt(stack, 'aws_s3_bucket_public_access_block', 'failed-documents/') as Json;
    expect([publicAccess.block_public_acls, publicAccess.block_public_policy, publicAccess.ignore_public_acls, publicAccess.restrict_public_buckets]).toEqual([true, true, true, true]);
    const lifecycle = resourceAt(stack, 'aws_s3_bucket_lifecycle_configuration', 'failed-documents/') as Json;
    expect(lifecycle.rule[0].expiration).toEqual([{ days: production ? 365 : 30 }]);
  });

  it('gives the Firehose role only this bucket, this key, this domain, its own error log and its network interfaces in this VPC', () => {
    const doc = statements(stack, 'ingestion/firehose-permissions');
    const bucketArn = ref(stack, 'aws_s3_bucket', 'failed-documents/bucket', 'arn');
    expect(statement(stack, 'ingestion/firehose-permissions', 'WriteRefusedDocuments').resources).toEqual([bucketArn, `${bucketArn}/*`]);
    expect(statement(stack, 'ingestion/firehose-permissions', 'EncryptWithTheEnvironmentKey').resources).toEqual([key()]);
    expect(statement(stack, 'ingestion/firehose-permissions', 'WriteTheDomainsIndices').resources).toEqual([DOMAIN_ARN(tier), `${DOMAIN_ARN(tier)}/*`]);
    for (const s of doc.filter((s) => (s.actions as string[]).some((a) => a.startsWith('es:')))) {
      for (const r of s.resources as string[]) expect(r.startsWith(DOMAIN_ARN(tier))).toBe(true);
    }
    const eni = statement(stack, 'ingestion/firehose-permissions', 'ManageItsNetworkInterfacesInTheseSubnets');
    expect(eni.condition).toEqual([{ test: 'StringEquals', variable: 'ec2:Vpc', values: ['arn:aws:ec2:eu-central-1:210987654321:vpc/vpc-0fedcba9876543210'] }]);
    // Only EC2's describe calls, which have no resource-level permissions, use `*`.
    for (const s of doc.filter((s) => (s.resources as string[]).includes('*'))) {
      for (const a of s.actions as string[]) expect(a).toMatch(/^ec2:Describe/);
    }
    const [trust] = statements(stack, 'ingestion/firehose-trust');
    expect(trust.principals).toEqual([{ type: 'Service', identifiers: ['firehose.amazonaws.com'] }]);
    expect(trust.condition).toEqual([{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [ACCOUNT] }]);
  });

  it('lets the configured app accounts (and this one) subscribe to the destination, whose role may only put into the stream', () => {
    const destination = only(stack, 'aws_cloudwatch_log_destination');
    expect(destination.name).toBe(`ops-${tier}-central-logs`);
    expect(destination.target_arn).toBe(ref(stack, 'aws_kinesis_firehose_delivery_stream', 'ingestion/stream', 'arn'));
    expect(destination.role_arn).toBe(ref(stack, 'aws_iam_role', 'ingestion/logs-role', 'arn'));
    const [access] = statements(stack, 'ingestion/destination-access');
    expect(access.principals).toEqual([{ type: 'AWS', identifiers: ['111122223333', '123456789012', ACCOUNT] }]);
    expect(access.actions).toEqual(['logs:PutSubscriptionFilter']);
    expect(access.resources).toEqual([ref(stack, 'aws_cloudwatch_log_destination', 'ingestion/destination', 'arn')]);
    expect(only(stack, 'aws_cloudwatch_log_destination_policy').destination_name).toBe(ref(stack, 'aws_cloudwatch_log_destination', 'ingestion/destination', 'name'));
    const [trust] = statements(stack, 'ingestion/logs-trust');
    expect(trust.principals).toEqual([{ type: 'Service', identifiers: ['logs.eu-central-1.amazonaws.com'] }]);
    expect(trust.condition[0].values).toEqual(['111122223333', '123456789012', ACCOUNT].map((a) => `arn:aws:logs:eu-central-1:${a}:*`));
    expect(statements(stack, 'ingestion/logs-permissions')).toEqual([
      expect.objectContaining({ actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'], resources: [`arn:aws:firehose:eu-central-1:${ACCOUNT}:deliverystream/ops-${tier}-central-logs`] }),
    ]);
  });

  it('runs a Grafana workspace with SSO sign-in in the VPC, CloudWatch and OpenSearch data sources and a customer-managed role', () => {
    const workspace = only(stack, 'aws_grafana_workspace');
    expect(workspace).toMatchObject({
      account_access_type: 'CURRENT_ACCOUNT',
      authentication_providers: ['AWS_SSO'],
      permission_type: 'CUSTOMER_MANAGED',
      data_sources: ['CLOUDWATCH', 'AMAZON_OPENSEARCH_SERVICE'],
      role_arn: ref(stack, 'aws_iam_role', 'grafana/role', 'arn'),
    });
    expect(workspace.vpc_configuration.subnet_ids).toHaveLength(3);
    expect(JSON.parse(workspace.configuration).plugins.pluginAdminEnabled).toBe(false);
  });

  it('lets the Grafana role read CloudWatch and search this domain only', () => {
    const doc = statements(stack, 'grafana/permissions');
    const esActions = doc.flatMap((s) => (s.actions as string[]).filter((a) => a.startsWith('es:')));
    expect(esActions.sort()).toEqual(['es:DescribeDomain', 'es:DescribeDomains', 'es:ESHttpGet', 'es:ESHttpPost']);
    for (const s of doc.filter((s) => (s.actions as string[]).some((a) => a.startsWith('es:')))) {
      for (const r of s.resources as string[]) expect(r.startsWith(DOMAIN_ARN(tier))).toBe(true);
    }
    // Nothing that writes: every action is a read, list, describe or a Logs Insights query.
    for (const a of doc.flatMap((s) => s.actions as string[])) expect(a).toMatch(/:(Describe|List|Get|StartQuery|StopQuery|ESHttpGet|ESHttpPost)/);
  });

  it('pages the alarm topic (to Opsgenie) on a red cluster, low storage and JVM pressure; yellow and master alarms where they mean something', () => {
    const alarms = all(stack, 'aws_cloudwatch_metric_alarm');
    const byMetric = Object.fromEntries(alarms.map((a) => [a.metric_name, a]));
    const expected = ['ClusterStatus.red', 'FreeStorageSpace', 'JVMMemoryPressure', ...(production ? ['ClusterStatus.yellow', 'MasterJVMMemoryPressure'] : [])];
    expect(Object.keys(byMetric).sort()).toEqual(expected.sort());
    const topic = ref(stack, 'aws_sns_topic', 'alarms/topic', 'arn');
    for (const alarm of alarms) {
      expect(alarm.namespace).toBe('AWS/ES');
      expect(alarm.dimensions).toEqual({ DomainName: ref(stack, 'aws_opensearch_domain', 'opensearch/domain', 'domain_name'), ClientId: ACCOUNT });
      expect(alarm.alarm_actions).toEqual([topic]);
      expect(alarm.ok_actions).toEqual([topic]);
    }
    // A quarter of the volume, in MiB, per node.
    expect(byMetric.FreeStorageSpace.threshold).toBe((production ? 100 : 10) * 1024 * 0.25);
    expect(resourceAt(stack, 'aws_sns_topic', 'alarms/topic').kms_master_key_id).toBe(key());
    expect(resourceAt(stack, 'aws_sns_topic_subscription', 'alarms/opsgenie')).toMatchObject({ protocol: 'https' });
  });

  it('outputs what app environments and the dashboards job consume: the destination ARN, the Grafana endpoint and data sources', () => {
    expect(stack.output?.central_logs_destination_arn.value).toBe(ref(stack, 'aws_cloudwatch_log_destination', 'ingestion/destination', 'arn'));
    expect(stack.output?.grafana_workspace_endpoint.value).toBe(ref(stack, 'aws_grafana_workspace', 'grafana/workspace', 'endpoint'));
    const sources = JSON.parse(stack.output?.grafana_data_sources.value as string) as Json[];
    expect(sources.map((s) => [s.name, s.uid])).toEqual([
      ['cloudwatch', 'cloudwatch'],
      ['opensearch', 'opensearch'],
    ]);
    expect(sources[1].url).toBe(`https://${ref(stack, 'aws_opensearch_domain', 'opensearch/domain', 'endpoint')}`);
    expect(JSON.stringify(sources)).not.toMatch(/password|secret/i);
  });
});

describe('observability config', () => {
  it('warns when production weakens a secure OpenSearch default', () => {
    const dir = writeEnvironments({
      env: observabilityConfig('production', { openSearch: { masterRoleArn: `arn:aws:iam::${ACCOUNT}:role/a`, dedicatedMasters: false, preventDestroy: false } }),
    });
    const [loaded] = loadEnvironments(dir);
    expect(loaded.overrides.map(formatOverrideWarning)).toEqual([
      expect.stringMatching(/openSearch\.dedicatedMasters = false weakens the production default \(true\)/),
      expect.stringMatching(/openSearch\.preventDestroy = false weakens the production default \(true\)/),
    ]);
  });

  it('refuses more zones than the subnets cover and node counts that do not split evenly over the zones, all at once', () => {
    const lines = configErrorLines(
      observabilityConfig('production', {
        network: { vpcId: 'vpc-0fedcba9876543210', vpcCidr: '10.50.0.0/16', privateSubnets: [{ id: 'subnet-00000000000000021', availabilityZone: 'eu-central-1a' }, { id: 'subnet-00000000000000022', availabilityZone: 'eu-central-1b' }] },
        openSearch: { masterRoleArn: `arn:aws:iam::${ACCOUNT}:role/a`, instanceCount: 4 },
        ingestion: { subscriberAccounts: ['123456789012', '123456789012'] },
      }),
    );
    expect(lines).toEqual([
      expect.stringMatching(/^env\.yaml:\d+: openSearch\.zoneCount: expected at most as many zones as the private subnets cover \(2\), found 3$/),
      expect.stringMatching(/^env\.yaml:\d+: openSearch\.instanceCount: expected a multiple of zoneCount \(3\), so every zone holds as many data nodes, found 4$/),
      expect.stringMatching(/^env\.yaml:\d+: ingestion\.subscriberAccounts\[1\]: expected each account once, found 123456789012 again \(also \[0\]\)$/),
    ]);
  });

  it('refuses logs.central: the central log store does not feed its own groups back into itself', () => {
    const lines = configErrorLines(observabilityConfig('test', { logs: { central: { destinationArn: 'arn:aws:logs:eu-central-1:210987654321:destination:ops-test-central-logs' } } }));
    expect(lines).toEqual([expect.stringMatching(/^env\.yaml:\d+: logs\.central: an observability stack is the central log store; its own log groups are not subscribed anywhere, remove logs\.central$/)]);
  });

  it('refuses a missing master role and an unknown sign-in method with the key that is wrong', () => {
    const lines = configErrorLines(observabilityConfig('test', { openSearch: {}, grafana: { authenticationProviders: ['PASSWORD'] } }));
    expect(lines).toHaveLength(2);
    expect(lines).toContainEqual(expect.stringMatching(/^env\.yaml:\d+: openSearch\.masterRoleArn: /));
    expect(lines).toContainEqual(expect.stringMatching(/^env\.yaml:\d+: grafana\.authenticationProviders\[0\]: /));
  });

  it('synthesizes the same JSON twice', () => {
    const again = synthEnvironments({ 'ops/test': observabilityConfig('test') });
    expect(again.stacks['ops-test']).toEqual(synth.stacks['ops-test']);
  });
});
