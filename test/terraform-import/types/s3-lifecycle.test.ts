/**
 * aws_s3_bucket_lifecycle_configuration: imported by the bucket's name, pointing at the bucket by
 * reference, each rule as S3 reports it (filter, transitions, expiration, incomplete uploads; S3's
 * default minimum object size left out); a bucket without rules has none. The plan is proven in
 * added-types-round-trip.test.ts.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { EMULATOR_REGION } from '../../../test-bed/emulator';
import { createBucketWithLifecycleAndPolicy } from '../../support/import-type-fixtures';
import { callsNotAllowed } from '../../support/import-iam-actions';
import { discoverTypes, useImportEmulator } from '../../support/import-type-test';

const TYPES = ['aws_s3_bucket_lifecycle_configuration'];

describe('aws_s3_bucket_lifecycle_configuration discovery', () => {
  const { emulator, sdk } = useImportEmulator();

  it('finds the rules of a bucket that has them, and nothing for one that has none', async () => {
    const fixture = await createBucketWithLifecycleAndPolicy(emulator());
    const s3 = new S3Client({ ...sdk(), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'no-lifecycle', CreateBucketConfiguration: { LocationConstraint: EMULATOR_REGION } }));
    s3.destroy();

    const { manifest, calls } = await discoverTypes(TYPES);
    const entries = manifest.entries;
    expect(entries.map((e) => [e.decision, e.address, e.importId])).toEqual([['import', 'aws_s3_bucket_lifecycle_configuration.legacy_reports', fixture.bucket]]);
    expect(entries[0].resource.attributes).toEqual({
      bucket: { $ref: fixture.bucket, attr: 'bucket' },
      rule: [
        { id: 'archive-reports', status: 'Enabled', filter: [{ prefix: 'reports/' }], expiration: [{ days: 365 }], transition: [{ days: 30, storageClass: 'STANDARD_IA' }] },
        { id: 'abort-uploads', status: 'Enabled', filter: [{ prefix: '' }], abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }] },
      ],
    });
    expect(callsNotAllowed(calls, TYPES)).toEqual([]);
  });
});
