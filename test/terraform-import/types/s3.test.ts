/**
 * aws_s3_bucket and its sub-resources: the bucket imported by name (buckets of other regions left to
 * their region), versioning, encryption (its key a reference) and public access block each their own
 * resource imported by the bucket name, with the bucket as a reference; absent when not configured.
 */
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutBucketEncryptionCommand, PutBucketTaggingCommand, PutBucketVersioningCommand, PutPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { constructOf, discoverTypes, useImportEmulator } from '../../support/import-type-test';

const SUB_RESOURCES = ['aws_s3_bucket_versioning', 'aws_s3_bucket_server_side_encryption_configuration', 'aws_s3_bucket_public_access_block'];

describe('import types aws_s3_bucket, versioning, encryption and public access block', () => {
  const { sdk } = useImportEmulator();
  let keyArn: string;

  beforeAll(async () => {
    const s3 = new S3Client({ ...sdk(), forcePathStyle: true });
    const kms = new KMSClient(sdk());
    keyArn = (await kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'Name', TagValue: 'documents' }] }))).KeyMetadata!.Arn!;
    const here = { CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' as const } };
    await s3.send(new CreateBucketCommand({ Bucket: 'legacy-documents', ...here }));
    await s3.send(new PutBucketTaggingCommand({ Bucket: 'legacy-documents', Tagging: { TagSet: [{ Key: 'Team', Value: 'platform' }] } }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'legacy-documents', VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'legacy-documents',
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn }, BucketKeyEnabled: true }] },
      }),
    );
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'legacy-documents', PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true } }));
    await s3.send(new CreateBucketCommand({ Bucket: 'legacy-scratch', ...here }));
    // a bucket is created through its own region's endpoint
    const west = new S3Client({ ...sdk(), region: 'eu-west-1', forcePathStyle: true });
    await west.send(new CreateBucketCommand({ Bucket: 'legacy-elsewhere', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    west.destroy();
    s3.destroy();
    kms.destroy();
  });

  it('imports the bucket by name and each configured sub-resource by the bucket name, with references', async () => {
    const found = await discoverTypes(['aws_s3_bucket', ...SUB_RESOURCES, 'aws_kms_key']);
    const bucket = found.entry('aws_s3_bucket', 'legacy-documents');
    expect([bucket.importId, bucket.resource.name, bucket.decision, bucket.reason, bucket.address]).toEqual(['legacy-documents', 'legacy-documents', 'import', 'discovered, not managed by Terraform', 'aws_s3_bucket.legacy_documents']);
    expect(bucket.resource.attributes).toEqual({ bucket: 'legacy-documents', tags: { Team: 'platform' } });

    const versioning = found.entry('aws_s3_bucket_versioning', 'aws_s3_bucket_versioning:legacy-documents');
    expect([versioning.importId, versioning.decision, versioning.address]).toEqual(['legacy-documents', 'import', 'aws_s3_bucket_versioning.legacy_documents_s3_bucket_versioning']);
    expect(constructOf(found.code, versioning).body).toBe('      bucket: legacyDocuments.bucket,\n      versioningConfiguration: {\n        status: "Enabled",\n      },');

    const encryption = found.ofType('aws_s3_bucket_server_side_encryption_configuration').find((e) => e.importId === 'legacy-documents')!;
    const encryptionCode = constructOf(found.code, encryption);
    expect(encryptionCode.imported).toBe(true);
    expect(encryptionCode.body).toContain('kmsMasterKeyId: documents.arn,');
    expect(encryptionCode.body).toContain('bucketKeyEnabled: true,');

    const block = found.ofType('aws_s3_bucket_public_access_block').find((e) => e.importId === 'legacy-documents')!;
    expect(block.resource.attributes).toEqual({ bucket: { $ref: 'legacy-documents', attr: 'bucket' }, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
  });

  it('writes no sub-resource a bucket does not have, and leaves buckets of other regions alone', async () => {
    const found = await discoverTypes(['aws_s3_bucket', ...SUB_RESOURCES]);
    expect(found.entry('aws_s3_bucket', 'legacy-scratch').decision).toBe('import');
    expect(found.ofType('aws_s3_bucket_versioning').map((e) => e.importId)).toEqual(['legacy-documents']);
    expect(found.ofType('aws_s3_bucket_public_access_block').map((e) => e.importId)).toEqual(['legacy-documents']);
    expect(found.manifest.entries.some((e) => e.importId === 'legacy-elsewhere')).toBe(false);
  });
});
