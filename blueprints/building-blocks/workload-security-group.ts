/**
 * The security group of a workload tier (Fargate tasks, EC2 instances, an OpenSearch domain, the
 * Firehose and Grafana network interfaces): reachable from the load balancer only, on the app port, or
 * from nothing but what the caller adds; HTTPS out to AWS APIs through the landing zone's egress when the
 * tier calls them; and, when the tier uses the database, the database port out to the database's group
 * only. The resources are created in the caller's scope, so their Terraform addresses are those of the
 * tier itself.
 */
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { Construct } from 'constructs';
import { HttpsLoadBalancer } from './https-load-balancer';
import { RelationalDatabase } from './relational-database';

export interface WorkloadSecurityGroupProps {
  /** AWS name of the group, also its Name tag. */
  name: string;
  description: string;
  vpcId: string;
  /** Which AWS APIs the tier calls, shown on the HTTPS egress rule to anywhere. @default no egress to anywhere */
  httpsEgressDescription?: string;
  /** The load balancer that alone reaches the tier; `ruleId` names its rule pair, `label` the tier in descriptions. @default no load balancer */
  fromLoadBalancer?: { loadBalancer: HttpsLoadBalancer; ruleId: string; port: number; label: string };
  /** @default no database access */
  toDatabase?: { database: RelationalDatabase; ruleId: string; label: string };
}

export function workloadSecurityGroup(scope: Construct, props: WorkloadSecurityGroupProps): SecurityGroup {
  const group = new SecurityGroup(scope, 'security-group', {
    name: props.name,
    description: props.description,
    vpcId: props.vpcId,
    tags: { Name: props.name },
  });
  if (props.httpsEgressDescription) {
    new VpcSecurityGroupEgressRule(scope, 'egress-https', {
      securityGroupId: group.id,
      cidrIpv4: '0.0.0.0/0',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description: props.httpsEgressDescription,
    });
  }
  const lb = props.fromLoadBalancer;
  lb?.loadBalancer.allowTrafficTo(lb.ruleId, group.id, lb.port, lb.label);

  if (props.toDatabase) {
    const { database, ruleId, label } = props.toDatabase;
    new VpcSecurityGroupEgressRule(scope, 'egress-database', {
      securityGroupId: group.id,
      referencedSecurityGroupId: database.securityGroup.id,
      ipProtocol: 'tcp',
      fromPort: database.instance.port,
      toPort: database.instance.port,
      description: database.engineLabel,
    });
    database.allowFrom(ruleId, group.id, label);
  }
  return group;
}

/** HTTPS out of `securityGroupId` to one other group only (a tier that calls nothing but that service). */
export function httpsEgressToGroup(scope: Construct, id: string, securityGroupId: string, targetSecurityGroupId: string, description: string): VpcSecurityGroupEgressRule {
  return new VpcSecurityGroupEgressRule(scope, id, {
    securityGroupId,
    referencedSecurityGroupId: targetSecurityGroupId,
    ipProtocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    description,
  });
}
