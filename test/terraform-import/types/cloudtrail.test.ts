/**
 * aws_cloudtrail: a trail whose home is this region imported by ARN, its bucket and topic as
 * references, multi-region and log-file validation as set, logging on (the default) dropped.
 */
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { constructOf, discoverTypes, useImportEmulator } from '../../support/import-type-test';

describe('import type aws_cloudtrail', () => {
  const { sdk } = useImportEmulator();
  let trailArn: string;

  beforeAll(async () => {
    const s3 = new S3Client({ ...sdk(), forcePathStyle: true });
    const cloudtrail = new CloudTrailClient(sdk());
    await s3.send(new CreateBucketCommand({ Bucket: 'legacy-trail-logs', CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' } }));
    trailArn = (await cloudtrail.send(new CreateTrailCommand({ Name: 'legacy-audit', S3BucketName: 'legacy-trail-logs', IsMultiRegionTrail: true, EnableLogFileValidation: true }))).TrailARN!;
    await cloudtrail.send(new StartLoggingCommand({ Name: 'legacy-audit' }));
    s3.destroy();
    cloudtrail.destroy();
  });

  it('imports the trail by ARN with its bucket as a reference and only the non-default settings', async () => {
    const found = await discoverTypes(['aws_cloudtrail', 'aws_s3_bucket']);
    const trail = found.entry('aws_cloudtrail', trailArn);
    expect([trail.importId, trail.resource.name, trail.decision, trail.reason, trail.address]).toEqual([trailArn, 'legacy-audit', 'import', 'discovered, not managed by Terraform', 'aws_cloudtrail.legacy_audit']);
    expect(constructOf(found.code, trail).body).toBe('      name: "legacy-audit",\n      s3BucketName: legacyTrailLogs.bucket,\n      isMultiRegionTrail: true,\n      enableLogFileValidation: true,');
  });
});
