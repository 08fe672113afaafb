/** The hardened bucket on its own: no public access, owner-enforced, versioned, encrypted, TLS-only, expiring. */
import { HardenedBucket, HardenedBucketProps } from '../../blueprints/building-blocks/hardened-bucket';
import { Json, refTo, resource, statementsOf, synthBlock } from '../support/building-block-synth';

const synthBucket = (props: Partial<HardenedBucketProps> = {}) =>
  synthBlock((scope) => new HardenedBucket(scope, 'logs', { bucketName: 'shop-test-logs', expirationDays: 90, forceDestroy: false, ...props }));

describe('HardenedBucket', () => {
  const json = synthBucket();
  const bucketId = refTo(json, 'aws_s3_bucket', 'logs_bucket', 'id');

  it('blocks every kind of public access', () => {
    expect(resource(json, 'aws_s3_bucket_public_access_block', 'logs_public-access')).toEqual({
      bucket: bucketId,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it('disables ACLs: the bucket owner owns every object', () => {
    expect(resource(json, 'aws_s3_bucket_ownership_controls', 'logs_ownership').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
  });

  it('keeps versions, so an overwritten or deleted object can be recovered', () => {
    expect(resource(json, 'aws_s3_bucket_versioning', 'logs_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
  });

  it('encrypts with SSE-S3 when no key is given (ALB log delivery cannot write to SSE-KMS)', () => {
    expect(resource(json, 'aws_s3_bucket_server_side_encryption_configuration', 'logs_encryption').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
    ]);
  });

  it('encrypts with the given KMS key and a bucket key (fewer KMS calls)', () => {
    const kms = synthBucket({ kmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/audit' });
    expect(resource(kms, 'aws_s3_bucket_server_side_encryption_configuration', 'logs_encryption').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: 'arn:aws:kms:eu-central-1:123456789012:key/audit' }, bucket_key_enabled: true },
    ]);
  });

  it('expires objects after the retention, old versions after 30 days, and aborts stale uploads after 7', () => {
    expect(resource(json, 'aws_s3_bucket_lifecycle_configuration', 'logs_lifecycle').rule).toEqual([
      {
        id: 'expire-after-retention',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        expiration: [{ days: 90 }],
        noncurrent_version_expiration: [{ noncurrent_days: 30 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
  });

  it('denies every request that does not use TLS, on the bucket and its objects', () => {
    const statements = statementsOf(json, 'logs_policy-document');
    const bucketArn = refTo(json, 'aws_s3_bucket', 'logs_bucket', 'arn');
    expect(statements.DenyInsecureTransport).toEqual({
      sid: 'DenyInsecureTransport',
      effect: 'Deny',
      principals: [{ type: '*', identifiers: ['*'] }],
      actions: ['s3:*'],
      resources: [bucketArn, `${bucketArn}/*`],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
  });

  it('applies its policy only after the public access block exists', () => {
    const policy = resource(json, 'aws_s3_bucket_policy', 'logs_policy');
    expect(policy.depends_on).toEqual([`aws_s3_bucket_public_access_block.${Object.keys(json.resource!.aws_s3_bucket_public_access_block)[0]}`]);
    expect(policy.policy).toBe(refTo(json, 'aws_iam_policy_document', 'logs_policy-document', 'json', 'data'));
  });

  it('appends the caller statements after the TLS deny', () => {
    const extra = (arn: string): Json[] => [{ sid: 'Delivery', effect: 'Allow', principals: [{ type: 'Service', identifiers: ['x.amazonaws.com'] }], actions: ['s3:PutObject'], resources: [`${arn}/*`] }];
    const statements = statementsOf(synthBucket({ extraStatements: extra as never }), 'logs_policy-document');
    expect(Object.keys(statements)).toEqual(['DenyInsecureTransport', 'Delivery']);
  });

  it('keeps its objects on destroy and has no prevent_destroy unless told: both come from the caller, never a hidden default', () => {
    const bucket = resource(json, 'aws_s3_bucket', 'logs_bucket');
    expect(bucket.force_destroy).toBe(false);
    expect(bucket.lifecycle).toBeUndefined();
    const guarded = resource(synthBucket({ forceDestroy: true, preventDestroy: true }), 'aws_s3_bucket', 'logs_bucket');
    expect(guarded.force_destroy).toBe(true);
    expect(guarded.lifecycle).toEqual({ prevent_destroy: true });
  });

  it('sends its server access logs to the target bucket under the prefix, once the target admits the logging service', () => {
    const withLogging = synthBlock((scope) => {
      const target = new HardenedBucket(scope, 'target', { bucketName: 'shop-test-access', expirationDays: 30, forceDestroy: false });
      new HardenedBucket(scope, 'logs', { bucketName: 'shop-test-logs', expirationDays: 90, forceDestroy: false, accessLogBucket: { target, prefix: 'audit/' } });
    });
    const logging = resource(withLogging, 'aws_s3_bucket_logging', 'logs_access-logging');
    expect(logging.target_bucket).toBe(refTo(withLogging, 'aws_s3_bucket', 'target_bucket', 'id'));
    expect(logging.target_prefix).toBe('audit/');
    expect(logging.depends_on).toEqual([`aws_s3_bucket_policy.${Object.keys(withLogging.resource!.aws_s3_bucket_policy).find((k) => k.startsWith('target_'))}`]);
    expect(json.resource!.aws_s3_bucket_logging).toBeUndefined();
  });
});
