/** The HTTPS load balancer on its own: TLS 1.2+, redirect-only HTTP, hardened ALB, logged, WAF in front, tiered protection. */
import { HttpsLoadBalancer, TLS_POLICY } from '../../blueprints/building-blocks/https-load-balancer';
import { resolveLoadBalancer } from '../../config/resolve-environment';
import { CertificateConfig } from '../../config/schema';
import { allOf, blockContext, Json, refTo, resource, statementsOf, synthBlock, tierDefaults, TIERS } from '../support/building-block-synth';

const CERTIFICATE = { arn: 'arn:aws:acm:eu-central-1:123456789012:certificate/abc' };

function synthLoadBalancer(
  tier: (typeof TIERS)[number],
  file: { scheme?: 'internal' | 'internet-facing'; certificate?: CertificateConfig } = {},
  extras: { centralLogs?: { destinationArn: string; filterPattern: string }; adoptedGroupName?: string } = {},
) {
  const network = { kind: 'ids' as const, vpcId: 'vpc-0123456789abcdef0', vpcCidr: '10.0.0.0/16', privateSubnets: [] };
  const settings = resolveLoadBalancer({ certificate: CERTIFICATE, ...file }, network, tierDefaults(tier));
  return synthBlock((scope) => {
    const lb = new HttpsLoadBalancer(scope, 'lb', {
      ctx: blockContext(),
      settings,
      vpcId: 'vpc-0123456789abcdef0',
      subnetIds: ['subnet-1', 'subnet-2'],
      kmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/app',
      alarmTopicArn: 'arn:aws:sns:eu-central-1:123456789012:alarms',
      centralLogs: extras.centralLogs,
    });
    const group = lb.addTargetGroup('web', { name: 'web', port: 3000, targetType: 'ip', healthCheckPath: '/up' });
    lb.route('web', group, { priority: 10, hostHeaders: ['shop.example.com'], pathPatterns: ['/shop/*'] });
    lb.allowTrafficTo('web', 'sg-0123456789abcdef0', 3000, 'web tasks');
    lb.addTargetGroup('erp', { name: 'erp', port: 8080, targetType: 'instance', healthCheckPath: '/erp/health', healthyStatusCodes: '200', stickinessSeconds: 3600 });
    if (extras.adoptedGroupName) lb.addTargetGroup('legacy', { name: 'legacy', port: 8080, targetType: 'instance', healthCheckPath: '/', adopted: { name: extras.adoptedGroupName } });
  });
}

describe.each(TIERS)('HttpsLoadBalancer, %s tier', (tier) => {
  const production = tier === 'production';
  const json = synthLoadBalancer(tier);
  const alb = resource(json, 'aws_lb', 'lb_alb');

  it('protects a production load balancer from deletion', () => {
    expect(alb.enable_deletion_protection).toBe(production);
  });

  it('drops invalid headers and mitigates desync attacks (request smuggling)', () => {
    expect(alb.drop_invalid_header_fields).toBe(true);
    expect(alb.desync_mitigation_mode).toBe('defensive');
  });

  it('faces the internet from the given subnets, behind its own security group', () => {
    expect([alb.name, alb.load_balancer_type, alb.idle_timeout]).toEqual(['shop-test-alb', 'application', 60]);
    expect(alb.internal).toBe(false);
    // A security group's name and description cannot change in place: a change replaces the group.
    expect(resource(json, 'aws_security_group', 'lb_security-group')).toEqual({
      name: 'shop-test-alb',
      description: 'shop-test load balancer: HTTPS in, app ports out to its targets only',
      vpc_id: 'vpc-0123456789abcdef0',
      tags: { Name: 'shop-test-alb' },
    });
    expect(alb.subnets).toEqual(['subnet-1', 'subnet-2']);
    expect(alb.security_groups).toEqual([refTo(json, 'aws_security_group', 'lb_security-group', 'id')]);
  });

  it('logs every request to its hardened bucket, once the bucket admits the ELB delivery account', () => {
    expect(alb.access_logs).toEqual({ bucket: refTo(json, 'aws_s3_bucket', 'lb_access-logs_bucket', 'id'), prefix: 'alb', enabled: true });
    expect(alb.depends_on).toEqual([`aws_s3_bucket_policy.${Object.keys(json.resource!.aws_s3_bucket_policy)[0]}`]);
    const delivery = statementsOf(json, 'lb_access-logs_policy-document').ElasticLoadBalancingWritesAccessLogs;
    expect(delivery.principals).toEqual([{ type: 'AWS', identifiers: ['arn:aws:iam::054676820949:root'] }]);
    expect(delivery.resources).toEqual([`${refTo(json, 'aws_s3_bucket', 'lb_access-logs_bucket', 'arn')}/alb/AWSLogs/123456789012/*`]);
  });

  it('keeps production access logs 365 days and on destroy (no force_destroy); test 30 days, emptied on destroy', () => {
    const bucket = resource(json, 'aws_s3_bucket', 'lb_access-logs_bucket');
    expect(bucket.force_destroy).toBe(!production);
    expect(bucket.bucket).toBe('shop-test-alb-logs-123456789012');
    expect(resource(json, 'aws_s3_bucket_lifecycle_configuration', 'lb_access-logs_lifecycle').rule[0].expiration).toEqual([{ days: production ? 365 : 30 }]);
    expect(resource(json, 'aws_s3_bucket_server_side_encryption_configuration', 'lb_access-logs_encryption').rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'AES256' });
  });

  it('terminates TLS 1.2+ with the certificate and answers unknown routes with 404', () => {
    const https = resource(json, 'aws_lb_listener', 'lb_https');
    expect(https).toMatchObject({ port: 443, protocol: 'HTTPS', ssl_policy: TLS_POLICY, certificate_arn: CERTIFICATE.arn });
    expect(TLS_POLICY).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    expect(https.default_action).toEqual([{ type: 'fixed-response', fixed_response: { content_type: 'text/plain', status_code: '404', message_body: 'Not found' } }]);
  });

  it('answers port 80 only with a permanent redirect to HTTPS', () => {
    const http = resource(json, 'aws_lb_listener', 'lb_http-redirect');
    expect(http).toMatchObject({ port: 80, protocol: 'HTTP' });
    expect(http.default_action).toEqual([{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }]);
  });

  it('admits 443 and 80 from the allowed CIDRs only (the whole internet when internet-facing)', () => {
    const ingress = Object.values(allOf(json, 'aws_vpc_security_group_ingress_rule')).filter((r) => r.security_group_id === refTo(json, 'aws_security_group', 'lb_security-group', 'id'));
    expect(ingress.map((r) => [r.cidr_ipv4, r.ip_protocol, r.from_port, r.to_port, r.description])).toEqual([
      ['0.0.0.0/0', 'tcp', 443, 443, 'HTTPS from 0.0.0.0/0'],
      ['0.0.0.0/0', 'tcp', 80, 80, 'HTTP from 0.0.0.0/0, answered only with a redirect to HTTPS'],
    ]);
    expect(resource(json, 'aws_security_group', 'lb_security-group').egress).toBeUndefined();
  });

  it('reaches a target group only on its port, and the target admits only the load balancer', () => {
    const sg = refTo(json, 'aws_security_group', 'lb_security-group', 'id');
    expect(resource(json, 'aws_vpc_security_group_egress_rule', 'lb_egress-web')).toMatchObject({
      security_group_id: sg,
      referenced_security_group_id: 'sg-0123456789abcdef0',
      ip_protocol: 'tcp',
      from_port: 3000,
      to_port: 3000,
      description: 'To web tasks on 3000',
    });
    expect(resource(json, 'aws_vpc_security_group_ingress_rule', 'lb_target-ingress-web')).toEqual({
      security_group_id: 'sg-0123456789abcdef0',
      referenced_security_group_id: sg,
      ip_protocol: 'tcp',
      from_port: 3000,
      to_port: 3000,
      description: 'From the shop-test load balancer',
    });
  });

  it('puts AWS managed WAF rules in front of an internet-facing load balancer, logged to an encrypted group', () => {
    const acl = resource(json, 'aws_wafv2_web_acl', 'lb_waf');
    expect([acl.name, acl.description]).toEqual(['shop-test-waf', 'shop-test: AWS managed rules in front of the load balancer']);
    // Metrics and sampled requests are how an operator sees what the rules block.
    expect(acl.visibility_config).toEqual({ cloudwatch_metrics_enabled: true, metric_name: 'shop-test-waf', sampled_requests_enabled: true });
    for (const rule of acl.rule as Json[]) {
      expect(rule.visibility_config).toEqual({ cloudwatch_metrics_enabled: true, metric_name: rule.name, sampled_requests_enabled: true });
      expect(rule.statement.managed_rule_group_statement).toMatchObject({ name: rule.name, vendor_name: 'AWS' });
    }
    expect(resource(json, 'aws_wafv2_web_acl_logging_configuration', 'lb_waf-logging')).toEqual({
      resource_arn: refTo(json, 'aws_wafv2_web_acl', 'lb_waf', 'arn'),
      log_destination_configs: [refTo(json, 'aws_cloudwatch_log_group', 'lb_waf-logs', 'arn')],
    });
    expect(acl.default_action).toEqual({ allow: {} });
    expect(acl.scope).toBe('REGIONAL');
    expect((acl.rule as Json[]).map((r) => r.name)).toEqual([
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesAnonymousIpList',
    ]);
    expect((acl.rule as Json[]).map((r) => r.override_action)).toEqual([{ none: {} }, { none: {} }, { none: {} }, { none: {} }]);
    expect((acl.rule as Json[])[3].statement.managed_rule_group_statement.rule_action_override).toEqual([{ name: 'HostingProviderIPList', action_to_use: { count: {} } }]);
    expect(resource(json, 'aws_wafv2_web_acl_association', 'lb_waf-association').resource_arn).toBe(refTo(json, 'aws_lb', 'lb_alb', 'arn'));
    const logs = resource(json, 'aws_cloudwatch_log_group', 'lb_waf-logs');
    expect(logs).toEqual({ name: 'aws-waf-logs-shop-test', kms_key_id: 'arn:aws:kms:eu-central-1:123456789012:key/app', retention_in_days: production ? 365 : 30 });
  });

  it('health-checks targets before they get traffic, and replaces a target group before letting go of the old one', () => {
    const group = resource(json, 'aws_lb_target_group', 'lb_target-group-web');
    expect(group).toMatchObject({ port: 3000, protocol: 'HTTP', target_type: 'ip', vpc_id: 'vpc-0123456789abcdef0', deregistration_delay: '30' });
    expect(group.health_check).toEqual({ enabled: true, path: '/up', protocol: 'HTTP', matcher: '200-399', interval: 15, timeout: 5, healthy_threshold: 2, unhealthy_threshold: 3 });
    expect(group.stickiness).toEqual({ type: 'lb_cookie', enabled: false });
    expect(group.lifecycle).toEqual({ create_before_destroy: true });
    // The name is part of the group: a changed name replaces it.
    expect(group.name).toBe('shop-test-web');
    const sticky = resource(json, 'aws_lb_target_group', 'lb_target-group-erp');
    expect([sticky.target_type, sticky.health_check.matcher]).toEqual(['instance', '200']);
    expect(sticky.stickiness).toEqual({ type: 'lb_cookie', enabled: true, cookie_duration: 3600 });
  });

  it('routes by host and path to the target group', () => {
    const rule = resource(json, 'aws_lb_listener_rule', 'lb_rule-web');
    expect(rule.priority).toBe(10);
    expect(rule.action).toEqual([{ type: 'forward', target_group_arn: refTo(json, 'aws_lb_target_group', 'lb_target-group-web', 'arn') }]);
    expect(rule.condition).toEqual([{ host_header: { values: ['shop.example.com'] } }, { path_pattern: { values: ['/shop/*'] } }]);
  });

  it('alarms on load-balancer 5xx, unhealthy targets, target 5xx and p99 latency', () => {
    const alarms = allOf(json, 'aws_cloudwatch_metric_alarm');
    const ofWeb = Object.entries(alarms).filter(([id]) => !id.endsWith('-erp')).map(([, a]) => a);
    expect(ofWeb.map((a) => [a.metric_name, a.comparison_operator, a.threshold]).sort()).toEqual(
      [
        ['HTTPCode_ELB_5XX_Count', 'GreaterThanThreshold', 10],
        ['HTTPCode_Target_5XX_Count', 'GreaterThanThreshold', 10],
        ['TargetResponseTime', 'GreaterThanThreshold', 2],
        ['UnHealthyHostCount', 'GreaterThanOrEqualToThreshold', 1],
      ].sort(),
    );
    expect(alarms['lb_response-time-alarm-web'].extended_statistic).toBe('p99');
    const lbSuffix = refTo(json, 'aws_lb', 'lb_alb', 'arn_suffix');
    const groupSuffix = refTo(json, 'aws_lb_target_group', 'lb_target-group-web', 'arn_suffix');
    expect(alarms['lb_elb-5xx-alarm']).toMatchObject({
      alarm_name: 'shop-test-alb-5xx',
      alarm_description: 'The load balancer itself answers 5xx (no healthy target, or target connection errors)',
      namespace: 'AWS/ApplicationELB',
      dimensions: { LoadBalancer: lbSuffix },
    });
    const perTarget: [string, string, string][] = [
      ['lb_unhealthy-hosts-alarm-web', 'shop-test-web-unhealthy-hosts', 'Targets of web fail their health check'],
      ['lb_target-5xx-alarm-web', 'shop-test-web-target-5xx', 'web answers 5xx'],
      ['lb_response-time-alarm-web', 'shop-test-web-response-time', 'web p99 response time above 2 seconds'],
    ];
    for (const [id, name, description] of perTarget) {
      expect(alarms[id]).toMatchObject({ alarm_name: name, alarm_description: description, namespace: 'AWS/ApplicationELB', dimensions: { LoadBalancer: lbSuffix, TargetGroup: groupSuffix } });
    }
  });
});

describe('HttpsLoadBalancer, internal', () => {
  const json = synthLoadBalancer('production', { scheme: 'internal' });

  it('is internal, admits only the VPC, and has no WAF (nothing from the internet reaches it)', () => {
    expect(resource(json, 'aws_lb', 'lb_alb').internal).toBe(true);
    expect(Object.values(allOf(json, 'aws_vpc_security_group_ingress_rule')).filter((r) => r.cidr_ipv4).map((r) => r.cidr_ipv4)).toEqual(['10.0.0.0/16', '10.0.0.0/16']);
    expect(allOf(json, 'aws_wafv2_web_acl')).toEqual({});
  });
});

describe('HttpsLoadBalancer with a new certificate', () => {
  const json = synthLoadBalancer('test', { certificate: { domainName: 'shop.example.com', hostedZoneId: 'Z0123456789ABC', subjectAlternativeNames: ['*.shop.example.com'] } });

  it('requests a DNS-validated RSA certificate, replaced before the old one is destroyed, and listens with the validated ARN', () => {
    expect(resource(json, 'aws_acm_certificate', 'lb_certificate')).toMatchObject({
      domain_name: 'shop.example.com',
      subject_alternative_names: ['*.shop.example.com'],
      validation_method: 'DNS',
      key_algorithm: 'RSA_2048',
      lifecycle: { create_before_destroy: true },
    });
    expect(resource(json, 'aws_lb_listener', 'lb_https').certificate_arn).toBe(refTo(json, 'aws_acm_certificate_validation', 'lb_certificate-validation', 'certificate_arn'));
    const records = resource(json, 'aws_route53_record', 'lb_certificate-validation-record');
    expect(records.zone_id).toBe('Z0123456789ABC');
    expect(records.allow_overwrite).toBe(true);
    // One record per distinct name on the certificate, keyed by name (known at plan time), sorted.
    expect(records.for_each).toBe('${toset(["*.shop.example.com", "shop.example.com"])}');
    const certificate = Object.keys(json.resource!.aws_acm_certificate)[0];
    const option = (attribute: string) => `\${{ for o in aws_acm_certificate.${certificate}.domain_validation_options : o.domain_name => o }[each.value].${attribute}}`;
    expect([records.name, records.type, records.records, records.ttl]).toEqual([option('resource_record_name'), option('resource_record_type'), [option('resource_record_value')], 300]);
    expect(resource(json, 'aws_acm_certificate_validation', 'lb_certificate-validation')).toEqual({
      certificate_arn: refTo(json, 'aws_acm_certificate', 'lb_certificate', 'arn'),
      validation_record_fqdns: `\${[ for key, val in aws_route53_record.${Object.keys(json.resource!.aws_route53_record)[0]}: val.fqdn]}`,
    });
  });
});

describe('HttpsLoadBalancer with a new single-name certificate', () => {
  it('validates exactly that name', () => {
    const json = synthLoadBalancer('test', { certificate: { domainName: 'shop.example.com', hostedZoneId: 'Z0123456789ABC' } });
    expect(resource(json, 'aws_route53_record', 'lb_certificate-validation-record').for_each).toBe('${toset(["shop.example.com"])}');
  });
});

describe('HttpsLoadBalancer with central logging and an adopted target group', () => {
  const central = { destinationArn: 'arn:aws:logs:eu-central-1:210987654321:destination:central-logs', filterPattern: '' };
  const json = synthLoadBalancer('production', {}, { centralLogs: central, adoptedGroupName: 'erp-legacy-tg' });

  it('keeps the name an adopted target group has (another name would replace it)', () => {
    expect(resource(json, 'aws_lb_target_group', 'lb_target-group-legacy').name).toBe('erp-legacy-tg');
    expect(resource(json, 'aws_lb_target_group', 'lb_target-group-web').name).toBe('shop-test-web');
  });

  it('subscribes the WAF log group, by reference, under an address of its own', () => {
    // The construct id is the resource address: a changed one destroys and recreates the subscription.
    expect(resource(json, 'aws_cloudwatch_log_subscription_filter', 'lb_waf-logs-central-logs')).toEqual({
      name: 'shop-test-central-logs',
      log_group_name: refTo(json, 'aws_cloudwatch_log_group', 'lb_waf-logs', 'name'),
      destination_arn: central.destinationArn,
      filter_pattern: '',
    });
  });
});
