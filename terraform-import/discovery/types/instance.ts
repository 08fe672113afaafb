import { DescribeInstanceAttributeCommand } from '@aws-sdk/client-ec2';
import { AttrValue, ref, tagMap } from '../model';
import { ResourceTypeModule, tagsArgument } from '../resource-type';
import { listInstances, nameTag } from './ec2-shared';

/**
 * EC2 instances. Only arguments that are not computed by the provider or that differ from its
 * defaults are written, and nothing that forces a replacement is guessed: a licence-bound instance
 * must never be replaced.
 */
export const instanceType: ResourceTypeModule = {
  type: 'aws_instance',
  resource: { module: 'instance', className: 'Instance' },
  iamActions: ['ec2:DescribeInstances', 'ec2:DescribeInstanceAttribute'],
  async discover(ctx) {
    const instances = await listInstances(ctx);
    return ctx.each('aws_instance', instances, (i) => i.InstanceId!, async (i) => {
      const tags = tagMap(i.Tags);
      const termination = await ctx.clients.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: i.InstanceId, Attribute: 'disableApiTermination' }));
      const attributes: Record<string, AttrValue> = {
        ami: i.ImageId!,
        instanceType: i.InstanceType!,
        ...(i.SubnetId ? { subnetId: ref(i.SubnetId) } : {}),
        ...(i.SecurityGroups?.length ? { vpcSecurityGroupIds: i.SecurityGroups.map((g) => ref(g.GroupId!)) } : {}),
        ...(i.IamInstanceProfile?.Arn ? { iamInstanceProfile: ref(i.IamInstanceProfile.Arn, 'name', i.IamInstanceProfile.Arn.split('/').pop(), 'aws_iam_instance_profile') } : {}),
        ...(i.KeyName ? { keyName: i.KeyName } : {}),
        ...(termination.DisableApiTermination?.Value ? { disableApiTermination: true } : {}),
        ...(i.SourceDestCheck === false ? { sourceDestCheck: false } : {}),
        ...(i.Monitoring?.State === 'enabled' ? { monitoring: true } : {}),
        ...(i.MetadataOptions?.HttpTokens === 'required'
          ? { metadataOptions: { httpTokens: 'required', httpEndpoint: i.MetadataOptions.HttpEndpoint ?? 'enabled' } }
          : {}),
        ...tagsArgument(tags),
      };
      return {
        type: 'aws_instance',
        id: i.InstanceId!,
        importId: i.InstanceId!,
        name: nameTag(tags, i.InstanceId!),
        tags,
        vpcId: i.VpcId,
        attributes,
      };
    });
  },
};
