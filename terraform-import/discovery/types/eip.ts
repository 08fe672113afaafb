import { tagMap } from '../model';
import { ResourceTypeModule, tagsArgument } from '../resource-type';
import { listAddresses, nameTag } from './ec2-shared';

export const eipType: ResourceTypeModule = {
  type: 'aws_eip',
  resource: { module: 'eip', className: 'Eip' },
  iamActions: ['ec2:DescribeAddresses'],
  async discover(ctx) {
    const addresses = await listAddresses(ctx);
    return addresses
      .filter((a) => a.AllocationId)
      .map((a) => {
        const tags = tagMap(a.Tags);
        return {
          type: 'aws_eip',
          id: a.AllocationId!,
          importId: a.AllocationId!,
          name: nameTag(tags, a.AllocationId!),
          tags,
          altIds: a.PublicIp ? [a.PublicIp] : [],
          // An address held by an instance or a NAT gateway is associated by that resource.
          attributes: { domain: 'vpc', ...tagsArgument(tags) },
        };
      });
  },
};
