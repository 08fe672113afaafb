import { ListTagsForResourceCommand, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { DiscoveredResource, kmsKeyRef } from '../model';
import { ResourceTypeModule, collect, tagsArgument } from '../resource-type';

export const logGroupType: ResourceTypeModule = {
  type: 'aws_cloudwatch_log_group',
  resource: { module: 'cloudwatch-log-group', className: 'CloudwatchLogGroup' },
  iamActions: ['logs:DescribeLogGroups', 'logs:ListTagsForResource'],
  async discover(ctx) {
    const groups = await collect(paginateDescribeLogGroups({ client: ctx.clients.logs }, {}), (p) => p.logGroups);
    return ctx.each('aws_cloudwatch_log_group', groups, (g) => g.logGroupName!, async (g): Promise<DiscoveredResource> => {
      const arn = g.arn!.replace(/:\*$/, '');
      const tags = (await ctx.clients.logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags ?? {};
      return {
        type: 'aws_cloudwatch_log_group',
        id: g.logGroupName!,
        importId: g.logGroupName!,
        name: g.logGroupName!,
        tags,
        altIds: [arn],
        attributes: {
          name: g.logGroupName!,
          ...(g.retentionInDays ? { retentionInDays: g.retentionInDays } : {}),
          ...(g.kmsKeyId ? { kmsKeyId: kmsKeyRef(g.kmsKeyId) } : {}),
          ...(g.logGroupClass && g.logGroupClass !== 'STANDARD' ? { logGroupClass: g.logGroupClass } : {}),
          ...tagsArgument(tags),
        },
      };
    });
  },
};
