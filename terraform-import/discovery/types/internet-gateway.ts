import { paginateDescribeInternetGateways } from '@aws-sdk/client-ec2';
import { ref, tagMap } from '../model';
import { ResourceTypeModule, collect, tagsArgument } from '../resource-type';
import { nameTag } from './ec2-shared';

export const internetGatewayType: ResourceTypeModule = {
  type: 'aws_internet_gateway',
  resource: { module: 'internet-gateway', className: 'InternetGateway' },
  iamActions: ['ec2:DescribeInternetGateways'],
  async discover(ctx) {
    const gateways = await collect(paginateDescribeInternetGateways({ client: ctx.clients.ec2 }, {}), (p) => p.InternetGateways);
    return gateways.map((g) => {
      const tags = tagMap(g.Tags);
      const vpcId = g.Attachments?.[0]?.VpcId;
      return {
        type: 'aws_internet_gateway',
        id: g.InternetGatewayId!,
        importId: g.InternetGatewayId!,
        name: nameTag(tags, g.InternetGatewayId!),
        tags,
        vpcId,
        attributes: { ...(vpcId ? { vpcId: ref(vpcId) } : {}), ...tagsArgument(tags) },
      };
    });
  },
};
