/**
 * The account baseline's synthesized Terraform: each control with its hardening, each control left out
 * when the landing zone provides it, account-wide controls only in the home region, and production
 * protection of the audit trail.
 */
import { loadEnvironments } from '../../config/load-environments';
import { all, entryAt, ref, resourceAt, resourcesOfType, synthEnvironments, TerraformJson, writeEnvironments } from '../support/synth-stack';
import { accountBaselineConfig } from '../support/account-baseline-config';

type Resource = Record<string, unknown>;

function policyOf(stack: TerraformJson, pathPart: string): Resource[] {
  const docs = Object.entries(stack.data?.aws_iam_policy_document ?? {}).filter(([, d]) => (d['//'] as { metadata: { path: string } }).metadata.path.includes(pathPart));
  if (docs.length !== 1) throw new Error(`expected one policy document at *${pathPart}*, found ${docs.length}`);
  return docs[0][1].statement as Resource[];
}

const ALL_CONTROLS = ['cloudTrail', 'guardDuty', 'configRecorder', 'configRules', 'passwordPolicy', 'ebsEncryptionByDefault', 's3PublicAccessBlock', 'inspector', 'findingAlerts'];

describe('account baseline', () => {
  const synth = synthEnvironments({
    'baseline/test': accountBaselineConfig('test'),
    'baseline/production': accountBaselineConfig('production', { account: '210987654321' }),
    'baseline/other-region': accountBaselineConfig('test', { region: 'eu-west-1', homeRegion: 'eu-central-1' }),
    'baseline/landing-zone': accountBaselineConfig('test', { account: '111122223333', providedByLandingZone: ALL_CONTROLS }),
  });
  const test = synth.stacks['baseline-123456789012-eu-central-1'];
  const production = synth.stacks['baseline-210987654321-eu-central-1'];
  const otherRegion = synth.stacks['baseline-123456789012-eu-west-1'];
  const landingZone = synth.stacks['baseline-111122223333-eu-central-1'];
  const tiers: [string, TerraformJson][] = [
    ['test', test],
    ['production', production],
  ];

  it('names each stack baseline-<account>-<region>', () => {
    expect(Object.keys(synth.stacks).sort()).toEqual([
      'baseline-111122223333-eu-central-1',
      'baseline-123456789012-eu-central-1',
      'baseline-123456789012-eu-west-1',
      'baseline-210987654321-eu-central-1',
    ]);
    expect((test.provider?.aws[0] as { allowed_account_ids: string[] }).allowed_account_ids).toEqual(['123456789012']);
  });

  describe('CloudTrail', () => {
    it.each(tiers)('%s: one multi-region trail with global events, log-file validation, KMS and an encrypted SNS topic', (_, stack) => {
      const trail = resourceAt(stack, 'aws_cloudtrail', 'cloudtrail/trail');
      expect(trail).toMatchObject({
        is_multi_region_trail: true,
        include_global_service_events: true,
        enable_log_file_validation: true,
        enable_logging: true,
        kms_key_id: ref(stack, 'aws_kms_key', 'kms/key', 'arn'),
        s3_bucket_name: ref(stack, 'aws_s3_bucket', 'audit-bucket/audit/bucket', 'id'),
        s3_key_prefix: 'cloudtrail',
        sns_topic_name: ref(stack, 'aws_sns_topic', 'cloudtrail/topic', 'name'),
      });
      expect(resourceAt(stack, 'aws_sns_topic', 'cloudtrail/topic').kms_master_key_id).toBe(ref(stack, 'aws_kms_key', 'kms/key', 'arn'));
      expect(trail.cloud_watch_logs_group_arn).toBe(`${ref(stack, 'aws_cloudwatch_log_group', 'cloudtrail/logs', 'arn')}:*`);
      expect(trail.cloud_watch_logs_role_arn).toBe(ref(stack, 'aws_iam_role', 'cloudtrail/logs-role', 'arn'));
      expect(resourceAt(stack, 'aws_cloudwatch_log_group', 'cloudtrail/logs')).toMatchObject({
        kms_key_id: ref(stack, 'aws_kms_key', 'kms/key', 'arn'),
        retention_in_days: stack === production ? 365 : 30,
      });
      const keyPolicy = policyOf(stack, 'kms/policy');
      expect(keyPolicy).toEqual(expect.arrayContaining([expect.objectContaining({ principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }] })]));
    });

    it.each(tiers)('%s: a hardened audit bucket (public access block, versioning, KMS, access logging, TLS-only, lifecycle)', (_, stack) => {
      const bucket = ref(stack, 'aws_s3_bucket', 'audit-bucket/audit/bucket', 'id');
      const forBucket = (type: string) => all(stack, type).filter((r) => r.bucket === bucket);
      expect(forBucket('aws_s3_bucket_public_access_block')).toEqual([
        expect.objectContaining({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }),
      ]);
      expect(forBucket('aws_s3_bucket_versioning')).toEqual([expect.objectContaining({ versioning_configuration: { status: 'Enabled' } })]);
      expect(JSON.stringify(forBucket('aws_s3_bucket_server_side_encryption_configuration'))).toContain(ref(stack, 'aws_kms_key', 'kms/key', 'arn'));
      expect(forBucket('aws_s3_bucket_logging')).toEqual([
        expect.objectContaining({ target_bucket: ref(stack, 'aws_s3_bucket', 'audit-bucket/access-logs/bucket', 'id'), target_prefix: 'audit/' }),
      ]);
      const expiry = stack === production ? 730 : 90;
      expect(JSON.stringify(forBucket('aws_s3_bucket_lifecycle_configuration'))).toContain(`"expiration":[{"days":${expiry}}]`);
      const statements = policyOf(stack, 'audit-bucket/audit/policy-document');
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ sid: 'DenyInsecureTransport', effect: 'Deny', condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] }),
          expect.objectContaining({ sid: 'CloudTrailWritesLogFiles', actions: ['s3:PutObject'] }),
        ]),
      );
    });

    it('protects the production audit trail from destroy, and lets test tear down', () => {
      expect(resourceAt(production, 'aws_s3_bucket', 'audit-bucket/audit/bucket')).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
      expect(resourceAt(production, 'aws_kms_key', 'kms/key').lifecycle).toEqual({ prevent_destroy: true });
      expect(resourceAt(test, 'aws_s3_bucket', 'audit-bucket/audit/bucket')).toMatchObject({ force_destroy: true });
    });
  });

  it.each(tiers)('%s: GuardDuty with its protection plans', (_, stack) => {
    expect(resourceAt(stack, 'aws_guardduty_detector', 'guardduty')).toMatchObject({ enable: true, finding_publishing_frequency: 'FIFTEEN_MINUTES' });
    expect(all(stack, 'aws_guardduty_detector_feature').map((f) => [f.name, f.status])).toEqual([
      ['EBS_MALWARE_PROTECTION', 'ENABLED'],
      ['RDS_LOGIN_EVENTS', 'ENABLED'],
      ['S3_DATA_EVENTS', 'ENABLED'],
    ]);
  });

  describe('AWS Config', () => {
    it.each(tiers)('%s: a recorder of all resources, delivering KMS-encrypted to the audit bucket, switched on', (_, stack) => {
      expect(resourceAt(stack, 'aws_config_configuration_recorder', 'config/recorder').recording_group).toEqual({ all_supported: true, include_global_resource_types: true });
      expect(resourceAt(stack, 'aws_config_delivery_channel', 'config/delivery-channel')).toMatchObject({
        s3_bucket_name: ref(stack, 'aws_s3_bucket', 'audit-bucket/audit/bucket', 'id'),
        s3_key_prefix: 'config',
        s3_kms_key_arn: ref(stack, 'aws_kms_key', 'kms/key', 'arn'),
      });
      expect(resourceAt(stack, 'aws_config_configuration_recorder_status', 'config/status')).toMatchObject({ is_enabled: true });
    });

    it.each(tiers)('%s: managed rules for encrypted volumes and databases, restricted SSH, IMDSv2, root MFA, CloudTrail', (_, stack) => {
      const rules = all(stack, 'aws_config_config_rule').map((r) => (r.source as { source_identifier: string }).source_identifier);
      expect(rules).toEqual(
        expect.arrayContaining([
          'ENCRYPTED_VOLUMES',
          'RDS_STORAGE_ENCRYPTED',
          'INCOMING_SSH_DISABLED',
          'EC2_IMDSV2_CHECK',
          'ROOT_ACCOUNT_MFA_ENABLED',
          'MULTI_REGION_CLOUD_TRAIL_ENABLED',
          'IAM_PASSWORD_POLICY',
          'EC2_EBS_ENCRYPTION_BY_DEFAULT',
          'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC',
        ]),
      );
      const status = `aws_config_configuration_recorder_status.${entryAt(stack, 'aws_config_configuration_recorder_status', 'config/status')[0]}`;
      for (const rule of all(stack, 'aws_config_config_rule')) expect(rule.depends_on).toEqual([status]);
    });
  });

  it.each(tiers)('%s: password policy, EBS encryption by default and the S3 account public access block', (_, stack) => {
    expect(resourceAt(stack, 'aws_iam_account_password_policy', 'password-policy')).toMatchObject({
      minimum_password_length: 14,
      require_lowercase_characters: true,
      require_uppercase_characters: true,
      require_numbers: true,
      require_symbols: true,
      password_reuse_prevention: 24,
      max_password_age: 90,
    });
    expect(resourceAt(stack, 'aws_ebs_encryption_by_default', 'ebs-encryption-by-default').enabled).toBe(true);
    expect(resourceAt(stack, 'aws_s3_account_public_access_block', 's3-public-access-block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it('creates nothing the landing zone provides', () => {
    expect(landingZone.resource ?? {}).toEqual({});
  });

  /** Construct paths of every resource in a stack, below the stack's own name. */
  const resourcePaths = (stack: TerraformJson) =>
    Object.values(stack.resource ?? {})
      .flatMap((byName) => Object.values(byName))
      .map((r) => (r['//'] as { metadata: { path: string } }).metadata.path.replace(/^[^/]+\//, ''))
      .sort();

  it.each([
    ['cloudTrail', 'baseline/cloudtrail/', 'aws_cloudtrail'],
    ['guardDuty', 'baseline/guardduty', 'aws_guardduty_detector'],
    ['configRecorder', 'baseline/config/', 'aws_config_configuration_recorder'],
    ['configRules', 'baseline/config-rules/', 'aws_config_config_rule'],
    ['passwordPolicy', 'baseline/password-policy', 'aws_iam_account_password_policy'],
    ['ebsEncryptionByDefault', 'baseline/ebs-encryption-by-default', 'aws_ebs_encryption_by_default'],
    ['s3PublicAccessBlock', 'baseline/s3-public-access-block', 'aws_s3_account_public_access_block'],
  ])('leaves out %s (everything below %s) when the landing zone provides it, and nothing else', (control, prefix, type) => {
    const { stacks } = synthEnvironments({ env: accountBaselineConfig('test', { providedByLandingZone: [control] }) });
    const stack = stacks['baseline-123456789012-eu-central-1'];
    expect(resourcesOfType(stack, type)).toEqual({});
    const full = resourcePaths(test);
    expect(full.some((p) => p.startsWith(prefix))).toBe(true);
    expect(resourcePaths(stack)).toEqual(full.filter((p) => !p.startsWith(prefix)));
  });

  it('runs rules on the landing zone recorder when only the recorder is provided', () => {
    const { stacks } = synthEnvironments({ env: accountBaselineConfig('test', { providedByLandingZone: ['configRecorder'] }) });
    const rules = all(stacks['baseline-123456789012-eu-central-1'], 'aws_config_config_rule');
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((r) => r.depends_on === undefined)).toBe(true);
  });

  it('keeps account-wide controls in the home region only', () => {
    for (const type of ['aws_cloudtrail', 'aws_iam_account_password_policy', 'aws_s3_account_public_access_block']) {
      expect(resourcesOfType(otherRegion, type)).toEqual({});
    }
    expect(resourceAt(otherRegion, 'aws_config_configuration_recorder', 'config/recorder').recording_group).toEqual({ all_supported: true, include_global_resource_types: false });
    const rules = all(otherRegion, 'aws_config_config_rule').map((r) => (r.source as { source_identifier: string }).source_identifier);
    expect(rules).toContain('ENCRYPTED_VOLUMES');
    expect(rules).not.toContain('ROOT_ACCOUNT_MFA_ENABLED');
    expect(resourceAt(otherRegion, 'aws_guardduty_detector', 'guardduty')).toBeDefined();
    expect(resourceAt(otherRegion, 'aws_ebs_encryption_by_default', 'ebs-encryption-by-default')).toBeDefined();
  });

  it('needs no network or app keys, and warns when production shortens audit-log retention', () => {
    const dir = writeEnvironments({ env: accountBaselineConfig('production', { auditLogs: { retentionDays: 30 } }) });
    const [loaded] = loadEnvironments(dir);
    expect(loaded.environment).toMatchObject({ blueprint: 'account-baseline', app: 'baseline', environment: '123456789012-eu-central-1', auditLogs: { retentionDays: 30 } });
    expect(loaded.overrides).toEqual([expect.objectContaining({ keyPath: 'auditLogs.retentionDays', defaultValue: 730, value: 30 })]);
  });
});
