/** The workload security group on its own: in from the load balancer only, HTTPS out, the database port to the database only. */
import { HttpsLoadBalancer } from '../../blueprints/building-blocks/https-load-balancer';
import { RelationalDatabase } from '../../blueprints/building-blocks/relational-database';
import { httpsEgressToGroup, workloadSecurityGroup } from '../../blueprints/building-blocks/workload-security-group';
import { resolveDatabase, resolveLoadBalancer } from '../../config/resolve-environment';
import { allOf, blockContext, refTo, resource, synthBlock, tierDefaults } from '../support/building-block-synth';

function synthWorkload(withDatabase: boolean) {
  return synthBlock((scope) => {
    const ctx = blockContext();
    const tiers = tierDefaults('production');
    const common = { ctx, vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-1', 'subnet-2'], kmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/app', alarmTopicArn: 'arn:aws:sns:eu-central-1:123456789012:alarms' };
    const loadBalancer = new HttpsLoadBalancer(scope, 'lb', { ...common, settings: resolveLoadBalancer({ certificate: { arn: 'arn:aws:acm:eu-central-1:123456789012:certificate/abc' } }, { kind: 'ids', vpcId: 'vpc-0123456789abcdef0', vpcCidr: '10.0.0.0/16', privateSubnets: [] }, tiers) });
    const database = new RelationalDatabase(scope, 'db', { ...common, settings: resolveDatabase(undefined, 'shop', tiers) });
    workloadSecurityGroup(scope, {
      name: 'shop-test-app',
      description: 'app instances',
      vpcId: 'vpc-0123456789abcdef0',
      httpsEgressDescription: 'HTTPS to AWS APIs',
      fromLoadBalancer: { loadBalancer, ruleId: 'app', port: 8080, label: 'app instances' },
      toDatabase: withDatabase ? { database, ruleId: 'app', label: 'shop-test app instances' } : undefined,
    });
  });
}

describe('workloadSecurityGroup', () => {
  const json = synthWorkload(true);
  const group = refTo(json, 'aws_security_group', 'security-group', 'id');

  it('is a named group in the landing-zone VPC with no inline rules', () => {
    expect(resource(json, 'aws_security_group', 'security-group')).toEqual({ name: 'shop-test-app', description: 'app instances', vpc_id: 'vpc-0123456789abcdef0', tags: { Name: 'shop-test-app' } });
  });

  it('admits nothing but the load balancer, on the app port', () => {
    const ingress = Object.values(allOf(json, 'aws_vpc_security_group_ingress_rule')).filter((r) => r.security_group_id === group);
    expect(ingress).toEqual([
      { security_group_id: group, referenced_security_group_id: refTo(json, 'aws_security_group', 'lb_security-group', 'id'), ip_protocol: 'tcp', from_port: 8080, to_port: 8080, description: 'From the shop-test load balancer' },
    ]);
  });

  it('sends HTTPS out (AWS APIs through the landing-zone egress) and the database port to the database group only', () => {
    expect(resource(json, 'aws_vpc_security_group_egress_rule', 'egress-https')).toEqual({ security_group_id: group, cidr_ipv4: '0.0.0.0/0', ip_protocol: 'tcp', from_port: 443, to_port: 443, description: 'HTTPS to AWS APIs' });
    expect(resource(json, 'aws_vpc_security_group_egress_rule', 'egress-database')).toEqual({
      security_group_id: group,
      referenced_security_group_id: refTo(json, 'aws_security_group', 'db_security-group', 'id'),
      ip_protocol: 'tcp',
      from_port: refTo(json, 'aws_db_instance', 'db_instance', 'port'),
      to_port: refTo(json, 'aws_db_instance', 'db_instance', 'port'),
      description: 'PostgreSQL',
    });
    expect(resource(json, 'aws_vpc_security_group_ingress_rule', 'db_ingress-app')).toMatchObject({ security_group_id: refTo(json, 'aws_security_group', 'db_security-group', 'id'), referenced_security_group_id: group, from_port: 5432 });
  });

  it('sends nothing out without an HTTPS egress description; a tier that calls one service gets HTTPS to that group only', () => {
    const json2 = synthBlock((scope) => {
      const tier = workloadSecurityGroup(scope, { name: 'ops-test-grafana', description: 'Grafana', vpcId: 'vpc-0123456789abcdef0' });
      httpsEgressToGroup(scope, 'egress-opensearch', tier.id, 'sg-0opensearch', 'HTTPS to the OpenSearch domain');
    });
    expect(allOf(json2, 'aws_vpc_security_group_egress_rule')).toEqual({
      'egress-opensearch': {
        security_group_id: refTo(json2, 'aws_security_group', 'security-group', 'id'),
        referenced_security_group_id: 'sg-0opensearch',
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        description: 'HTTPS to the OpenSearch domain',
      },
    });
  });

  it('has no path to the database when the workload does not use it', () => {
    const json2 = synthWorkload(false);
    expect(Object.keys(allOf(json2, 'aws_vpc_security_group_egress_rule')).filter((k) => !k.startsWith('lb_'))).toEqual(['egress-https']);
    expect(allOf(json2, 'aws_vpc_security_group_ingress_rule')['db_ingress-app']).toBeUndefined();
  });
});
