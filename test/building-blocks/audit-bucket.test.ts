/** The account's audit buckets on their own: KMS-encrypted trail bucket, its access-log bucket, guarded in production. */
import { AuditBucket } from '../../blueprints/account-baseline/audit-bucket';
import { ResolvedAuditLogs } from '../../config/resolve-environment';
import { blockContext, refTo, resource, statementsOf, synthBlock, tierDefaults, TIERS } from '../support/building-block-synth';

const KEY = 'arn:aws:kms:eu-central-1:123456789012:key/audit';
const TRAIL = 'arn:aws:cloudtrail:eu-central-1:123456789012:trail/shop-test';

function auditSettings(tier: (typeof TIERS)[number]): ResolvedAuditLogs {
  const tiers = tierDefaults(tier);
  return {
    retentionDays: tiers.value('auditLogs.retentionDays', 'auditLogs.retentionDays', undefined),
    forceDestroy: tiers.value('auditLogs.forceDestroy', 'auditLogs.forceDestroy', undefined),
    preventDestroy: tiers.value('auditLogs.preventDestroy', 'auditLogs.preventDestroy', undefined),
  };
}

describe.each(TIERS)('AuditBucket, %s tier', (tier) => {
  const production = tier === 'production';
  const json = synthBlock((scope) => new AuditBucket(scope, 'audit-bucket', { ctx: blockContext(), kmsKeyArn: KEY, settings: auditSettings(tier), trailArn: TRAIL }));
  const audit = resource(json, 'aws_s3_bucket', 'audit-bucket_audit_bucket');
  const accessLogs = resource(json, 'aws_s3_bucket', 'audit-bucket_access-logs_bucket');

  it('keeps both production buckets and their objects on destroy (prevent_destroy, no force_destroy): the evidence outlives the stack', () => {
    for (const bucket of [audit, accessLogs]) {
      expect(bucket.force_destroy).toBe(!production);
      expect(bucket.lifecycle).toEqual(production ? { prevent_destroy: true } : undefined);
    }
  });

  it('keeps audit objects 730 days in production, 90 in test', () => {
    for (const id of ['audit-bucket_audit_lifecycle', 'audit-bucket_access-logs_lifecycle']) {
      expect(resource(json, 'aws_s3_bucket_lifecycle_configuration', id).rule[0].expiration).toEqual([{ days: production ? 730 : 90 }]);
    }
  });

  it('encrypts the audit bucket with the KMS key; the access-log bucket with SSE-S3 (S3 server access logging cannot write SSE-KMS)', () => {
    expect(resource(json, 'aws_s3_bucket_server_side_encryption_configuration', 'audit-bucket_audit_encryption').rule[0].apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: 'aws:kms',
      kms_master_key_id: KEY,
    });
    expect(resource(json, 'aws_s3_bucket_server_side_encryption_configuration', 'audit-bucket_access-logs_encryption').rule[0].apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: 'AES256',
    });
  });

  it('logs access to the audit bucket into the access-log bucket under audit/', () => {
    const logging = resource(json, 'aws_s3_bucket_logging', 'audit-bucket_audit_access-logging');
    expect(logging.target_bucket).toBe(refTo(json, 'aws_s3_bucket', 'audit-bucket_access-logs_bucket', 'id'));
    expect(logging.target_prefix).toBe('audit/');
  });

  it('admits S3 logging only for the audit bucket of this account', () => {
    const statement = statementsOf(json, 'audit-bucket_access-logs_policy-document').S3ServerAccessLogsOfTheAuditBucket;
    expect(statement.principals).toEqual([{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }]);
    expect(statement.actions).toEqual(['s3:PutObject']);
    expect(statement.condition).toEqual([
      { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['123456789012'] },
      { test: 'ArnLike', variable: 'aws:SourceArn', values: ['arn:aws:s3:::shop-test-audit'] },
    ]);
  });

  it('admits CloudTrail for this trail only, writing with bucket-owner-full-control under cloudtrail/AWSLogs/<account>/', () => {
    const statements = statementsOf(json, 'audit-bucket_audit_policy-document');
    const bucketArn = refTo(json, 'aws_s3_bucket', 'audit-bucket_audit_bucket', 'arn');
    const thisTrail = { test: 'StringEquals', variable: 'aws:SourceArn', values: [TRAIL] };
    expect(statements.CloudTrailChecksTheBucketAcl).toMatchObject({ actions: ['s3:GetBucketAcl'], resources: [bucketArn], condition: [thisTrail] });
    expect(statements.CloudTrailWritesLogFiles).toMatchObject({
      actions: ['s3:PutObject'],
      resources: [`${bucketArn}/cloudtrail/AWSLogs/123456789012/*`],
      condition: [thisTrail, { test: 'StringEquals', variable: 's3:x-amz-acl', values: ['bucket-owner-full-control'] }],
    });
  });
});

describe('AuditBucket without a trail', () => {
  it('grants CloudTrail nothing', () => {
    const json = synthBlock((scope) => new AuditBucket(scope, 'audit-bucket', { ctx: blockContext(), kmsKeyArn: KEY, settings: auditSettings('test') }));
    expect(Object.keys(statementsOf(json, 'audit-bucket_audit_policy-document'))).toEqual(['DenyInsecureTransport']);
  });
});
