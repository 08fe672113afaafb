/**
 * Where an account's audit trail lands: a KMS-encrypted hardened bucket (CloudTrail under
 * `cloudtrail/`, AWS Config under `config/`) whose server access logs go to a second hardened bucket.
 * S3 server access logging cannot write to an SSE-KMS bucket, so that one uses SSE-S3 and is itself
 * not logged (a log of the log bucket would have to go somewhere else again).
 */
import { Construct } from 'constructs';
import { ResolvedAuditLogs } from '../../config/resolve-environment';
import { EnvironmentContext } from '../building-blocks/environment-context';
import { HardenedBucket } from '../building-blocks/hardened-bucket';
import { PolicyStatement } from '../building-blocks/policy-document';

export const CLOUDTRAIL_PREFIX = 'cloudtrail';
export const CONFIG_PREFIX = 'config';
const ACCESS_LOG_PREFIX = 'audit/';

export interface AuditBucketProps {
  ctx: EnvironmentContext;
  kmsKeyArn: string;
  /** Retention, `force_destroy` and `prevent_destroy` of both buckets (`auditLogs.*` in the tier table). */
  settings: ResolvedAuditLogs;
  /** ARN of the trail that delivers here; its statements are added to the bucket policy. @default no trail */
  trailArn?: string;
}

export class AuditBucket extends Construct {
  readonly audit: HardenedBucket;
  readonly accessLogs: HardenedBucket;

  constructor(scope: Construct, id: string, props: AuditBucketProps) {
    super(scope, id);
    const { ctx, settings } = props;
    const auditBucketName = ctx.names.name('audit');
    const auditBucketArn = `arn:${ctx.partition}:s3:::${auditBucketName}`;

    this.accessLogs = new HardenedBucket(this, 'access-logs', {
      bucketName: ctx.names.name('audit-access-logs'),
      expirationDays: settings.retentionDays,
      preventDestroy: settings.preventDestroy,
      forceDestroy: settings.forceDestroy,
      extraStatements: (arn) => [
        {
          sid: 'S3ServerAccessLogsOfTheAuditBucket',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
          actions: ['s3:PutObject'],
          resources: [`${arn}/${ACCESS_LOG_PREFIX}*`],
          condition: [
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: [ctx.account] },
            { test: 'ArnLike', variable: 'aws:SourceArn', values: [auditBucketArn] },
          ],
        },
      ],
    });

    this.audit = new HardenedBucket(this, 'audit', {
      bucketName: auditBucketName,
      kmsKeyArn: props.kmsKeyArn,
      expirationDays: settings.retentionDays,
      preventDestroy: settings.preventDestroy,
      forceDestroy: settings.forceDestroy,
      accessLogBucket: { target: this.accessLogs, prefix: ACCESS_LOG_PREFIX },
      extraStatements: (arn) => (props.trailArn ? trailDeliveryStatements(ctx, arn, props.trailArn) : []),
    });
  }
}

/** The two grants CloudTrail needs (AWS CloudTrail user guide, "Amazon S3 bucket policy for CloudTrail"), for this trail only. */
function trailDeliveryStatements(ctx: EnvironmentContext, bucketArn: string, trailArn: string): PolicyStatement[] {
  const principals = [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }];
  const thisTrail = { test: 'StringEquals', variable: 'aws:SourceArn', values: [trailArn] };
  return [
    { sid: 'CloudTrailChecksTheBucketAcl', effect: 'Allow', principals, actions: ['s3:GetBucketAcl'], resources: [bucketArn], condition: [thisTrail] },
    {
      sid: 'CloudTrailWritesLogFiles',
      effect: 'Allow',
      principals,
      actions: ['s3:PutObject'],
      resources: [`${bucketArn}/${CLOUDTRAIL_PREFIX}/AWSLogs/${ctx.account}/*`],
      condition: [thisTrail, { test: 'StringEquals', variable: 's3:x-amz-acl', values: ['bucket-owner-full-control'] }],
    },
  ];
}
