/**
 * aws_s3_bucket_policy: imported by the bucket's name, pointing at the bucket by reference, with the
 * policy document as S3 holds it; a bucket without a policy has none (S3's NoSuchBucketPolicy is
 * "not configured", not a failure). The plan is proven in added-types-round-trip.test.ts.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { EMULATOR_REGION } from '../../../test-bed/emulator';
import { createBucketWithLifecycleAndPolicy } from '../../support/import-type-fixtures';
import { callsNotAllowed } from '../../support/import-iam-actions';
import { discoverTypes, useImportEmulator } from '../../support/import-type-test';

const TYPES = ['aws_s3_bucket_policy'];

describe('aws_s3_bucket_policy discovery', () => {
  const { emulator, sdk } = useImportEmulator();

  it('finds the policy of a bucket that has one, and nothing for one that has none', async () => {
    const fixture = await createBucketWithLifecycleAndPolicy(emulator());
    const s3 = new S3Client({ ...sdk(), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'no-policy', CreateBucketConfiguration: { LocationConstraint: EMULATOR_REGION } }));
    s3.destroy();

    const { manifest, calls } = await discoverTypes(TYPES);
    const entries = manifest.entries;
    expect(entries.map((e) => [e.decision, e.address, e.importId])).toEqual([['import', 'aws_s3_bucket_policy.legacy_reports', fixture.bucket]]);
    const { bucket, policy } = entries[0].resource.attributes;
    expect(bucket).toEqual({ $ref: fixture.bucket, attr: 'bucket' });
    expect(JSON.parse(policy as string)).toEqual(fixture.policy);
    expect(callsNotAllowed(calls, TYPES)).toEqual([]);
  });
});
