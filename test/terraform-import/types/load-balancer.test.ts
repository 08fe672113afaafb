/**
 * Load balancing: aws_lb, aws_lb_target_group, aws_lb_listener and aws_lb_listener_rule imported by
 * ARN with references between them and to subnets, groups and instances; a target registration
 * (aws_lb_target_group_attachment) cannot be imported and is declared, said so in the code.
 */
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateListenerCommand, CreateLoadBalancerCommand, CreateRuleCommand, CreateTargetGroupCommand, ElasticLoadBalancingV2Client, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { EMULATOR_BASE_AMI } from '../../../test-bed/emulator';
import { constructOf, discoverTypes, TypeDiscovery, useImportEmulator } from '../../support/import-type-test';

const TYPES = ['aws_lb', 'aws_lb_target_group', 'aws_lb_target_group_attachment', 'aws_lb_listener', 'aws_lb_listener_rule', 'aws_subnet', 'aws_security_group', 'aws_vpc', 'aws_instance'];

describe('import types aws_lb, target groups and attachments, listeners and rules', () => {
  const { sdk } = useImportEmulator();
  let lbArn: string;
  let tgArn: string;
  let listenerArn: string;
  let instance: string;
  let found: TypeDiscovery;

  beforeAll(async () => {
    const ec2 = new EC2Client(sdk());
    const elb = new ElasticLoadBalancingV2Client(sdk());
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.11.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'web' }] }] }))).Vpc!.VpcId!;
    const subnet = async (cidr: string, zone: string, name: string) =>
      (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: zone, TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: name }] }] }))).Subnet!.SubnetId!;
    const subnets = [await subnet('10.11.1.0/24', 'eu-central-1a', 'public-a'), await subnet('10.11.2.0/24', 'eu-central-1b', 'public-b')];
    const group = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'alb', Description: 'load balancer', VpcId: vpc }))).GroupId!;
    instance = (await ec2.send(new RunInstancesCommand({ ImageId: EMULATOR_BASE_AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: subnets[0], TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'app-1' }] }] }))).Instances![0].InstanceId!;
    lbArn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'legacy-web', Subnets: subnets, SecurityGroups: [group], Type: 'application' }))).LoadBalancers![0].LoadBalancerArn!;
    tgArn = (
      await elb.send(new CreateTargetGroupCommand({ Name: 'legacy-app', Protocol: 'HTTP', Port: 8080, VpcId: vpc, HealthCheckPath: '/health', TargetType: 'instance' }))
    ).TargetGroups![0].TargetGroupArn!;
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [{ Id: instance, Port: 8080 }] }));
    listenerArn = (await elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }] }))).Listeners![0].ListenerArn!;
    await elb.send(
      new CreateRuleCommand({ ListenerArn: listenerArn, Priority: 10, Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['app.example.com'] } }], Actions: [{ Type: 'forward', TargetGroupArn: tgArn }] }),
    );
    ec2.destroy();
    elb.destroy();
    found = await discoverTypes(TYPES);
  });

  it('imports the load balancer by ARN with its subnets and security group as references', () => {
    const lb = found.entry('aws_lb', lbArn);
    expect([lb.importId, lb.resource.name, lb.decision, lb.reason, lb.address]).toEqual([lbArn, 'legacy-web', 'import', 'discovered, not managed by Terraform', 'aws_lb.legacy_web']);
    const body = constructOf(found.code, lb).body;
    expect(body).toContain('subnets: [publicA.id, publicB.id],');
    expect(body).toContain('securityGroups: [alb.id],');
    // application type, ipv4, a 60 s idle timeout and HTTP/2 on are the provider's defaults
    expect(body).not.toMatch(/loadBalancerType|ipAddressType|idleTimeout|enableHttp2/);
  });

  it('imports the target group, listener and rule by ARN, pointing at each other by reference', () => {
    const tg = found.entry('aws_lb_target_group', tgArn);
    expect([tg.importId, tg.decision, tg.address]).toEqual([tgArn, 'import', 'aws_lb_target_group.legacy_app']);
    expect(constructOf(found.code, tg).body).toContain('vpcId: web.id,');
    expect(tg.resource.attributes.healthCheck).toMatchObject({ enabled: true, path: '/health' });

    const listener = found.entry('aws_lb_listener', listenerArn);
    expect([listener.importId, listener.resource.name, listener.decision, listener.address]).toEqual([listenerArn, 'legacy-web_http_80', 'import', 'aws_lb_listener.legacy_web_http_80']);
    const listenerBody = constructOf(found.code, listener).body;
    expect(listenerBody).toContain('loadBalancerArn: legacyWeb.arn,');
    expect(listenerBody).toContain('targetGroupArn: legacyApp.arn,');

    const [rule] = found.ofType('aws_lb_listener_rule');
    expect([rule.resource.name, rule.decision, rule.address]).toEqual(['rule_10_80', 'import', 'aws_lb_listener_rule.rule_10_80']);
    const ruleBody = constructOf(found.code, rule).body;
    expect(ruleBody).toContain('listenerArn: legacyWebHttp80.arn,');
    expect(ruleBody).toContain('priority: 10,');
    expect(ruleBody).toMatch(/hostHeader: \{\n\s+values: \["app\.example\.com"\],/);
    expect(found.code.split(`"${tgArn}"`).length - 1).toBe(1);
  });

  it('declares the target registration (no import exists for it) with the instance as a reference', () => {
    const attachment = found.entry('aws_lb_target_group_attachment', `${tgArn}/${instance}:8080`);
    expect([attachment.decision, attachment.address]).toEqual(['import', `aws_lb_target_group_attachment.legacy_app_${instance.replace('-', '_')}`]);
    const construct = constructOf(found.code, attachment);
    expect(construct.imported).toBe(false);
    expect(construct.body).toBe('      targetGroupArn: legacyApp.arn,\n      targetId: app1.id,\n      port: 8080,');
    expect(found.code).toContain('// Declared, not imported: Terraform cannot import a target registration; declaring it registers the target again, which is idempotent.');
  });
});
