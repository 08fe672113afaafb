/**
 * An S3 bucket for logs and audit data: no public access, owner-enforced objects, versioning,
 * encryption, TLS-only access, and a lifecycle that expires data after the tier's retention.
 */
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { PolicyStatement, policyDocument } from './policy-document';

export interface HardenedBucketProps {
  bucketName: string;
  /**
   * KMS key for default encryption; `undefined` means SSE-S3, which ALB access-log delivery requires
   * (it cannot write to SSE-KMS buckets). @default SSE-S3
   */
  kmsKeyArn?: string;
  /** Days before current objects expire. */
  expirationDays: number;
  /** Bucket receiving this bucket's server access logs. @default none (for buckets that are themselves log targets) */
  accessLogBucket?: { target: HardenedBucket; prefix: string };
  /** Statements granting log-delivery services their writes; the TLS-only deny is always added. @default [] */
  extraStatements?: (bucketArn: string) => PolicyStatement[];
  /** Terraform `prevent_destroy`, for buckets whose loss loses evidence (audit trails). @default false */
  preventDestroy?: boolean;
  /** Let `terraform destroy` empty the bucket; no default, so every caller decides from its tier setting. */
  forceDestroy: boolean;
}

/** Days a replaced or deleted object version is kept: long enough to notice and undo a mistake. */
const NONCURRENT_VERSION_DAYS = 30;

export class HardenedBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: HardenedBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    const bucketId = this.bucket.id;
    const publicAccess = new S3BucketPublicAccessBlock(this, 'public-access', {
      bucket: bucketId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', { bucket: bucketId, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketVersioningA(this, 'versioning', { bucket: bucketId, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: bucketId,
      rule: [
        props.kmsKeyArn
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
      ],
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: bucketId,
      rule: [
        {
          id: 'expire-after-retention',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: props.expirationDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    if (props.accessLogBucket) {
      new S3BucketLoggingA(this, 'access-logging', {
        bucket: bucketId,
        targetBucket: props.accessLogBucket.target.bucket.id,
        targetPrefix: props.accessLogBucket.prefix,
        // S3 refuses a logging target whose policy does not yet admit the logging service.
        dependsOn: [props.accessLogBucket.target.policy],
      });
    }
    const arn = this.bucket.arn;
    const document = policyDocument(this, 'policy-document', [
      {
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        principals: [{ type: '*', identifiers: ['*'] }],
        actions: ['s3:*'],
        resources: [arn, `${arn}/*`],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
      ...(props.extraStatements?.(arn) ?? []),
    ]);
    // The public access block must exist first, or a policy naming a service principal can be refused.
    this.policy = new S3BucketPolicy(this, 'policy', { bucket: bucketId, policy: document.json, dependsOn: [publicAccess] });
  }
}
