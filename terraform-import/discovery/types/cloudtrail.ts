import { DescribeTrailsCommand, GetTrailStatusCommand, ListTagsCommand } from '@aws-sdk/client-cloudtrail';
import { DiscoveredResource, kmsKeyRef, ref } from '../model';
import { ResourceTypeModule, tagsArgument } from '../resource-type';

/** Trails whose home is this region (a multi-region trail is listed in every region, imported in one). */
export const cloudTrailType: ResourceTypeModule = {
  type: 'aws_cloudtrail',
  resource: { module: 'cloudtrail', className: 'Cloudtrail' },
  iamActions: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:ListTags'],
  async discover(ctx) {
    // DescribeTrails has no pagination: one call lists every trail
    const trails = ((await ctx.clients.cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList ?? []).filter((t) => !t.HomeRegion || t.HomeRegion === ctx.region);
    return ctx.each('aws_cloudtrail', trails, (t) => t.TrailARN!, async (t): Promise<DiscoveredResource> => {
      const status = await ctx.clients.cloudtrail.send(new GetTrailStatusCommand({ Name: t.TrailARN }));
      const listed = await ctx.clients.cloudtrail.send(new ListTagsCommand({ ResourceIdList: [t.TrailARN!] }));
      const tags = Object.fromEntries((listed.ResourceTagList?.[0]?.TagsList ?? []).map((x) => [x.Key!, x.Value ?? '']));
      return {
        type: 'aws_cloudtrail',
        id: t.TrailARN!,
        importId: t.TrailARN!,
        name: t.Name!,
        tags,
        relatedIds: [t.S3BucketName!],
        attributes: {
          name: t.Name!,
          s3BucketName: ref(t.S3BucketName!, 'bucket', undefined, 'aws_s3_bucket'),
          ...(t.S3KeyPrefix ? { s3KeyPrefix: t.S3KeyPrefix } : {}),
          ...(t.SnsTopicARN ? { snsTopicName: ref(t.SnsTopicARN, 'name', t.SnsTopicName) } : {}),
          // provider defaults: global service events on, single region, no validation, logging on
          ...(t.IncludeGlobalServiceEvents === false ? { includeGlobalServiceEvents: false } : {}),
          ...(t.IsMultiRegionTrail ? { isMultiRegionTrail: true } : {}),
          ...(t.IsOrganizationTrail ? { isOrganizationTrail: true } : {}),
          ...(t.LogFileValidationEnabled ? { enableLogFileValidation: true } : {}),
          ...(t.KmsKeyId ? { kmsKeyId: kmsKeyRef(t.KmsKeyId) } : {}),
          // the trail names the group's ARN with a :* suffix that the log group's own arn lacks: kept literal
          ...(t.CloudWatchLogsLogGroupArn ? { cloudWatchLogsGroupArn: t.CloudWatchLogsLogGroupArn } : {}),
          ...(t.CloudWatchLogsRoleArn ? { cloudWatchLogsRoleArn: ref(t.CloudWatchLogsRoleArn, 'arn') } : {}),
          ...(status.IsLogging === false ? { enableLogging: false } : {}),
          ...tagsArgument(tags),
        },
      };
    });
  },
};
