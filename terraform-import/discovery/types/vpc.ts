import { DescribeVpcAttributeCommand } from '@aws-sdk/client-ec2';
import { tagMap } from '../model';
import { ResourceTypeModule, tagsArgument } from '../resource-type';
import { listVpcs, nameTag } from './ec2-shared';

export const vpcType: ResourceTypeModule = {
  type: 'aws_vpc',
  resource: { module: 'vpc', className: 'Vpc' },
  dataSource: { module: 'data-aws-vpc', className: 'DataAwsVpc', idArgument: 'id' },
  iamActions: ['ec2:DescribeVpcs', 'ec2:DescribeVpcAttribute'],
  async discover(ctx) {
    const vpcs = await listVpcs(ctx);
    return ctx.each('aws_vpc', vpcs, (v) => v.VpcId!, async (v) => {
      const attribute = async (Attribute: 'enableDnsSupport' | 'enableDnsHostnames') => {
        const out = await ctx.clients.ec2.send(new DescribeVpcAttributeCommand({ VpcId: v.VpcId, Attribute }));
        return (Attribute === 'enableDnsSupport' ? out.EnableDnsSupport : out.EnableDnsHostnames)?.Value ?? false;
      };
      const tags = tagMap(v.Tags);
      const [dnsSupport, dnsHostnames] = [await attribute('enableDnsSupport'), await attribute('enableDnsHostnames')];
      return {
        type: 'aws_vpc',
        id: v.VpcId!,
        importId: v.VpcId!,
        name: nameTag(tags, v.VpcId!),
        tags,
        vpcId: v.VpcId,
        skipReason: v.IsDefault ? 'AWS-managed: the default VPC' : undefined,
        attributes: {
          cidrBlock: v.CidrBlock!,
          // provider defaults: DNS support on, hostnames off, tenancy "default"
          ...(dnsSupport ? {} : { enableDnsSupport: false }),
          ...(dnsHostnames ? { enableDnsHostnames: true } : {}),
          ...(v.InstanceTenancy && v.InstanceTenancy !== 'default' ? { instanceTenancy: v.InstanceTenancy } : {}),
          ...tagsArgument(tags),
        },
      };
    });
  },
};
