import { paginateDescribeNatGateways } from '@aws-sdk/client-ec2';
import { ref, tagMap } from '../model';
import { ResourceTypeModule, collect, tagsArgument } from '../resource-type';
import { nameTag } from './ec2-shared';

export const natGatewayType: ResourceTypeModule = {
  type: 'aws_nat_gateway',
  resource: { module: 'nat-gateway', className: 'NatGateway' },
  iamActions: ['ec2:DescribeNatGateways'],
  async discover(ctx) {
    const gateways = (await collect(paginateDescribeNatGateways({ client: ctx.clients.ec2 }, {}), (p) => p.NatGateways)).filter(
      (g) => g.State !== 'deleted' && g.State !== 'deleting',
    );
    return gateways.map((g) => {
      const tags = tagMap(g.Tags);
      const allocationId = g.NatGatewayAddresses?.find((a) => a.IsPrimary !== false)?.AllocationId;
      return {
        type: 'aws_nat_gateway',
        id: g.NatGatewayId!,
        importId: g.NatGatewayId!,
        name: nameTag(tags, g.NatGatewayId!),
        tags,
        vpcId: g.VpcId,
        attributes: {
          subnetId: ref(g.SubnetId!),
          ...(allocationId ? { allocationId: ref(allocationId) } : {}),
          // provider default "public"
          ...(g.ConnectivityType && g.ConnectivityType !== 'public' ? { connectivityType: g.ConnectivityType } : {}),
          ...tagsArgument(tags),
        },
      };
    });
  },
};
