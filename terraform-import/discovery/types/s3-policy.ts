/** A bucket's policy (aws_s3_bucket_policy), imported by the bucket's name; none set, no resource. */
import { GetBucketPolicyCommand } from '@aws-sdk/client-s3';
import { orAbsent, subResource } from './s3';

export const s3BucketPolicyType = subResource('aws_s3_bucket_policy', 'S3BucketPolicy', 's3-bucket-policy', 's3:GetBucketPolicy', async (ctx, bucket) => {
  const out = await orAbsent(ctx.clients.s3.send(new GetBucketPolicyCommand({ Bucket: bucket })));
  // the provider compares policies as documents (order and whitespace aside): written as AWS holds it
  return out?.Policy ? { policy: out.Policy } : undefined;
});
