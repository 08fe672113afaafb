/**
 * A bucket's lifecycle configuration (aws_s3_bucket_lifecycle_configuration), imported by the
 * bucket's name. Each rule is written as S3 reports it (filter, expiration, transitions, noncurrent
 * versions, incomplete uploads); fields S3 leaves out stay out.
 */
import { GetBucketLifecycleConfigurationCommand, LifecycleRule, LifecycleRuleFilter, Tag } from '@aws-sdk/client-s3';
import { AttrValue } from '../model';
import { defined } from '../resource-type';
import { orAbsent, subResource } from './s3';

const tag = (t: Tag) => ({ key: t.Key!, value: t.Value ?? '' });
const day = (d: Date | undefined) => d?.toISOString();

function filter(f: LifecycleRuleFilter): Record<string, AttrValue> {
  return defined({
    prefix: f.Prefix,
    tag: f.Tag ? [tag(f.Tag)] : undefined,
    objectSizeGreaterThan: f.ObjectSizeGreaterThan,
    objectSizeLessThan: f.ObjectSizeLessThan,
    and: f.And
      ? [
          defined({
            prefix: f.And.Prefix,
            tags: f.And.Tags?.length ? Object.fromEntries(f.And.Tags.map((t) => [t.Key!, t.Value ?? ''])) : undefined,
            objectSizeGreaterThan: f.And.ObjectSizeGreaterThan,
            objectSizeLessThan: f.And.ObjectSizeLessThan,
          }),
        ]
      : undefined,
  });
}

function rule(r: LifecycleRule): Record<string, AttrValue> {
  return defined({
    id: r.ID!,
    status: r.Status!,
    filter: r.Filter ? [filter(r.Filter)] : undefined,
    // the rule-level prefix is the old form of filter.prefix; S3 still reports it for old rules
    prefix: r.Prefix,
    expiration: r.Expiration ? [defined({ days: r.Expiration.Days, date: day(r.Expiration.Date), expiredObjectDeleteMarker: r.Expiration.ExpiredObjectDeleteMarker })] : undefined,
    transition: r.Transitions?.length ? r.Transitions.map((t) => defined({ days: t.Days, date: day(t.Date), storageClass: t.StorageClass! })) : undefined,
    noncurrentVersionExpiration: r.NoncurrentVersionExpiration
      ? [defined({ noncurrentDays: r.NoncurrentVersionExpiration.NoncurrentDays, newerNoncurrentVersions: r.NoncurrentVersionExpiration.NewerNoncurrentVersions })]
      : undefined,
    noncurrentVersionTransition: r.NoncurrentVersionTransitions?.length
      ? r.NoncurrentVersionTransitions.map((t) => defined({ noncurrentDays: t.NoncurrentDays, storageClass: t.StorageClass!, newerNoncurrentVersions: t.NewerNoncurrentVersions }))
      : undefined,
    abortIncompleteMultipartUpload: r.AbortIncompleteMultipartUpload ? [defined({ daysAfterInitiation: r.AbortIncompleteMultipartUpload.DaysAfterInitiation })] : undefined,
  });
}

export const s3BucketLifecycleType = subResource(
  'aws_s3_bucket_lifecycle_configuration',
  'S3BucketLifecycleConfiguration',
  's3-bucket-lifecycle-configuration',
  's3:GetLifecycleConfiguration',
  async (ctx, bucket) => {
    const out = await orAbsent(ctx.clients.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })));
    if (!out?.Rules?.length) return undefined;
    return {
      rule: out.Rules.map(rule),
      // provider default all_storage_classes_128K (S3's own since September 2024)
      ...(out.TransitionDefaultMinimumObjectSize && out.TransitionDefaultMinimumObjectSize !== 'all_storage_classes_128K'
        ? { transitionDefaultMinimumObjectSize: out.TransitionDefaultMinimumObjectSize }
        : {}),
    };
  },
);
