import { SecurityGroupRule } from '@aws-sdk/client-ec2';
import { AttrValue, DiscoveredResource, ref, tagMap } from '../model';
import { ResourceTypeModule, tagsArgument } from '../resource-type';
import { listSecurityGroupRules, listSecurityGroups, nameTag } from './ec2-shared';

/**
 * Security groups without inline rules: every rule is its own aws_vpc_security_group_ingress_rule or
 * egress_rule (importable by its sgr- ID, with group and self references), and the group's inline
 * `ingress`/`egress` are optional and computed, so leaving them out plans no change.
 */
export const securityGroupType: ResourceTypeModule = {
  type: 'aws_security_group',
  resource: { module: 'security-group', className: 'SecurityGroup' },
  dataSource: { module: 'data-aws-security-group', className: 'DataAwsSecurityGroup', idArgument: 'id' },
  iamActions: ['ec2:DescribeSecurityGroups'],
  async discover(ctx) {
    const groups = await listSecurityGroups(ctx);
    return groups.map((g): DiscoveredResource => {
      const tags = tagMap(g.Tags);
      return {
        type: 'aws_security_group',
        id: g.GroupId!,
        importId: g.GroupId!,
        name: nameTag(tags, g.GroupName!),
        tags,
        vpcId: g.VpcId,
        skipReason: g.GroupName === 'default' ? 'AWS-managed: the default security group of its VPC' : undefined,
        attributes: {
          name: g.GroupName!,
          // provider default "Managed by Terraform": AWS requires a description, so always write it
          description: g.Description ?? '',
          ...(g.VpcId ? { vpcId: ref(g.VpcId) } : {}),
          ...tagsArgument(tags),
        },
      };
    });
  },
};

function ruleArguments(r: SecurityGroupRule): Record<string, AttrValue> {
  const allProtocols = r.IpProtocol === '-1';
  return {
    securityGroupId: ref(r.GroupId!),
    ipProtocol: r.IpProtocol!,
    // all protocols has no ports; the provider rejects them then
    ...(allProtocols ? {} : { fromPort: r.FromPort!, toPort: r.ToPort! }),
    ...(r.CidrIpv4 ? { cidrIpv4: r.CidrIpv4 } : {}),
    ...(r.CidrIpv6 ? { cidrIpv6: r.CidrIpv6 } : {}),
    ...(r.PrefixListId ? { prefixListId: r.PrefixListId } : {}),
    ...(r.ReferencedGroupInfo?.GroupId ? { referencedSecurityGroupId: ref(r.ReferencedGroupInfo.GroupId) } : {}),
    ...(r.Description ? { description: r.Description } : {}),
    ...tagsArgument(tagMap(r.Tags)),
  };
}

function ruleName(r: SecurityGroupRule, groupName: string): string {
  const ports = r.IpProtocol === '-1' ? 'all' : r.FromPort === r.ToPort ? `${r.FromPort}` : `${r.FromPort}_${r.ToPort}`;
  const source = r.ReferencedGroupInfo?.GroupId
    ? r.ReferencedGroupInfo.GroupId === r.GroupId
      ? 'self'
      : 'group'
    : r.CidrIpv6
      ? 'ipv6'
      : r.CidrIpv4 === '0.0.0.0/0'
        ? 'anywhere'
        : r.PrefixListId
          ? 'prefix_list'
          : 'cidr';
  return `${groupName}_${r.IsEgress ? 'egress' : 'ingress'}_${ports}_${source}`;
}

function ruleType(egress: boolean): ResourceTypeModule {
  const type = egress ? 'aws_vpc_security_group_egress_rule' : 'aws_vpc_security_group_ingress_rule';
  return {
    type,
    resource: egress
      ? { module: 'vpc-security-group-egress-rule', className: 'VpcSecurityGroupEgressRule' }
      : { module: 'vpc-security-group-ingress-rule', className: 'VpcSecurityGroupIngressRule' },
    iamActions: ['ec2:DescribeSecurityGroupRules', 'ec2:DescribeSecurityGroups'],
    async discover(ctx) {
      const [groups, rules] = [await listSecurityGroups(ctx), await listSecurityGroupRules(ctx)];
      const groupNames = new Map(groups.map((g) => [g.GroupId!, nameTag(tagMap(g.Tags), g.GroupName!)]));
      const defaultGroups = new Set(groups.filter((g) => g.GroupName === 'default').map((g) => g.GroupId!));
      const vpcOf = new Map(groups.map((g) => [g.GroupId!, g.VpcId]));
      return rules
        .filter((r) => Boolean(r.IsEgress) === egress)
        .map(
          (r): DiscoveredResource => ({
            type,
            id: r.SecurityGroupRuleId!,
            importId: r.SecurityGroupRuleId!,
            name: ruleName(r, groupNames.get(r.GroupId!) ?? r.GroupId!),
            tags: tagMap(r.Tags),
            vpcId: vpcOf.get(r.GroupId!),
            skipReason: defaultGroups.has(r.GroupId!) ? 'AWS-managed: a rule of a default security group' : undefined,
            attributes: ruleArguments(r),
          }),
        );
    },
  };
}

export const securityGroupIngressRuleType = ruleType(false);
export const securityGroupEgressRuleType = ruleType(true);
