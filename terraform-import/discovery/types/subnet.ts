import { ref, tagMap } from '../model';
import { ResourceTypeModule, tagsArgument } from '../resource-type';
import { listSubnets, nameTag } from './ec2-shared';

export const subnetType: ResourceTypeModule = {
  type: 'aws_subnet',
  resource: { module: 'subnet', className: 'Subnet' },
  dataSource: { module: 'data-aws-subnet', className: 'DataAwsSubnet', idArgument: 'id' },
  iamActions: ['ec2:DescribeSubnets'],
  async discover(ctx) {
    const subnets = await listSubnets(ctx);
    return subnets.map((s) => {
      const tags = tagMap(s.Tags);
      return {
        type: 'aws_subnet',
        id: s.SubnetId!,
        importId: s.SubnetId!,
        name: nameTag(tags, s.SubnetId!),
        tags,
        vpcId: s.VpcId,
        skipReason: s.DefaultForAz ? 'AWS-managed: a default subnet of the default VPC' : undefined,
        attributes: {
          vpcId: ref(s.VpcId!),
          cidrBlock: s.CidrBlock!,
          availabilityZone: s.AvailabilityZone!,
          ...(s.MapPublicIpOnLaunch ? { mapPublicIpOnLaunch: true } : {}),
          ...(s.Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock ? { ipv6CidrBlock: s.Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock } : {}),
          ...(s.AssignIpv6AddressOnCreation ? { assignIpv6AddressOnCreation: true } : {}),
          ...tagsArgument(tags),
        },
      };
    });
  },
};
