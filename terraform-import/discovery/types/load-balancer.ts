/**
 * Application and network load balancers, their target groups (+ attachments, declared: Terraform
 * cannot import a registration, and registering a target again is idempotent), listeners and
 * listener rules. Tags come from DescribeTags, 20 ARNs a call.
 */
import {
  Action,
  DescribeLoadBalancerAttributesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetHealthCommand,
  LoadBalancer,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeRules,
  paginateDescribeTargetGroups,
  RuleCondition,
  TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { AttrValue, DiscoveredResource, ref } from '../model';
import { DiscoveryContext, ResourceTypeModule, collect, tagsArgument } from '../resource-type';

const TAGS_PER_CALL = 20;

const listLoadBalancers = (ctx: DiscoveryContext): Promise<LoadBalancer[]> =>
  ctx.once('elbv2:DescribeLoadBalancers', () => collect(paginateDescribeLoadBalancers({ client: ctx.clients.elbv2 }, {}), (p) => p.LoadBalancers));
const listTargetGroups = (ctx: DiscoveryContext): Promise<TargetGroup[]> =>
  ctx.once('elbv2:DescribeTargetGroups', () => collect(paginateDescribeTargetGroups({ client: ctx.clients.elbv2 }, {}), (p) => p.TargetGroups));
const listListeners = (ctx: DiscoveryContext) =>
  ctx.once('elbv2:DescribeListeners', async () => {
    const perLb = await ctx.each('aws_lb_listener', await listLoadBalancers(ctx), (lb) => lb.LoadBalancerArn!, (lb) =>
      collect(paginateDescribeListeners({ client: ctx.clients.elbv2 }, { LoadBalancerArn: lb.LoadBalancerArn }), (p) => p.Listeners),
    );
    return perLb.flat();
  });

async function tagsOf(ctx: DiscoveryContext, arns: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  for (let i = 0; i < arns.length; i += TAGS_PER_CALL) {
    const res = await ctx.clients.elbv2.send(new DescribeTagsCommand({ ResourceArns: arns.slice(i, i + TAGS_PER_CALL) }));
    for (const d of res.TagDescriptions ?? []) out.set(d.ResourceArn!, Object.fromEntries((d.Tags ?? []).map((t) => [t.Key!, t.Value ?? ''])));
  }
  return out;
}

const bool = (v: string | undefined) => v === 'true';

export const loadBalancerType: ResourceTypeModule = {
  type: 'aws_lb',
  resource: { module: 'lb', className: 'Lb' },
  iamActions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancerAttributes', 'elasticloadbalancing:DescribeTags'],
  async discover(ctx) {
    const lbs = await listLoadBalancers(ctx);
    const tags = await tagsOf(ctx, lbs.map((lb) => lb.LoadBalancerArn!));
    return ctx.each('aws_lb', lbs, (lb) => lb.LoadBalancerArn!, async (lb): Promise<DiscoveredResource> => {
      const attrs = Object.fromEntries(
        ((await ctx.clients.elbv2.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: lb.LoadBalancerArn }))).Attributes ?? []).map((a) => [a.Key!, a.Value ?? '']),
      );
      const t = tags.get(lb.LoadBalancerArn!) ?? {};
      const application = lb.Type === 'application';
      return {
        type: 'aws_lb',
        id: lb.LoadBalancerArn!,
        importId: lb.LoadBalancerArn!,
        name: lb.LoadBalancerName!,
        tags: t,
        vpcId: lb.VpcId,
        attributes: {
          name: lb.LoadBalancerName!,
          ...(lb.Scheme === 'internal' ? { internal: true } : {}),
          ...(lb.Type && lb.Type !== 'application' ? { loadBalancerType: lb.Type } : {}),
          subnets: (lb.AvailabilityZones ?? []).map((z) => ref(z.SubnetId!)),
          ...(lb.SecurityGroups?.length ? { securityGroups: lb.SecurityGroups.map((g) => ref(g)) } : {}),
          ...(lb.IpAddressType && lb.IpAddressType !== 'ipv4' ? { ipAddressType: lb.IpAddressType } : {}),
          // provider defaults: no deletion protection, 60 s idle timeout, HTTP/2 on, headers kept
          ...(bool(attrs['deletion_protection.enabled']) ? { enableDeletionProtection: true } : {}),
          ...(application && attrs['idle_timeout.timeout_seconds'] && attrs['idle_timeout.timeout_seconds'] !== '60' ? { idleTimeout: Number(attrs['idle_timeout.timeout_seconds']) } : {}),
          ...(application && attrs['routing.http2.enabled'] === 'false' ? { enableHttp2: false } : {}),
          ...(application && bool(attrs['routing.http.drop_invalid_header_fields.enabled']) ? { dropInvalidHeaderFields: true } : {}),
          ...(bool(attrs['access_logs.s3.enabled'])
            ? { accessLogs: { bucket: ref(attrs['access_logs.s3.bucket'], 'bucket'), enabled: true, ...(attrs['access_logs.s3.prefix'] ? { prefix: attrs['access_logs.s3.prefix'] } : {}) } }
            : {}),
          ...tagsArgument(t),
        },
      };
    });
  },
};

export const targetGroupType: ResourceTypeModule = {
  type: 'aws_lb_target_group',
  resource: { module: 'lb-target-group', className: 'LbTargetGroup' },
  iamActions: ['elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetGroupAttributes', 'elasticloadbalancing:DescribeTags'],
  async discover(ctx) {
    const groups = await listTargetGroups(ctx);
    const tags = await tagsOf(ctx, groups.map((g) => g.TargetGroupArn!));
    return ctx.each('aws_lb_target_group', groups, (g) => g.TargetGroupArn!, async (g): Promise<DiscoveredResource> => {
      const attrs = Object.fromEntries(
        ((await ctx.clients.elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: g.TargetGroupArn }))).Attributes ?? []).map((a) => [a.Key!, a.Value ?? '']),
      );
      const t = tags.get(g.TargetGroupArn!) ?? {};
      const lambda = g.TargetType === 'lambda';
      return {
        type: 'aws_lb_target_group',
        id: g.TargetGroupArn!,
        importId: g.TargetGroupArn!,
        name: g.TargetGroupName!,
        tags: t,
        vpcId: g.VpcId,
        attributes: {
          name: g.TargetGroupName!,
          ...(lambda ? {} : { port: g.Port!, protocol: g.Protocol!, vpcId: ref(g.VpcId!) }),
          ...(g.TargetType && g.TargetType !== 'instance' ? { targetType: g.TargetType } : {}),
          healthCheck: {
            enabled: g.HealthCheckEnabled ?? true,
            ...(g.HealthCheckPath ? { path: g.HealthCheckPath } : {}),
            ...(g.HealthCheckPort ? { port: g.HealthCheckPort } : {}),
            ...(g.HealthCheckProtocol ? { protocol: g.HealthCheckProtocol } : {}),
            ...(g.Matcher?.HttpCode ? { matcher: g.Matcher.HttpCode } : {}),
            ...(g.HealthCheckIntervalSeconds ? { interval: g.HealthCheckIntervalSeconds } : {}),
            ...(g.HealthCheckTimeoutSeconds ? { timeout: g.HealthCheckTimeoutSeconds } : {}),
            ...(g.HealthyThresholdCount ? { healthyThreshold: g.HealthyThresholdCount } : {}),
            ...(g.UnhealthyThresholdCount ? { unhealthyThreshold: g.UnhealthyThresholdCount } : {}),
          },
          // provider default 300 s
          ...(attrs['deregistration_delay.timeout_seconds'] && attrs['deregistration_delay.timeout_seconds'] !== '300'
            ? { deregistrationDelay: attrs['deregistration_delay.timeout_seconds'] }
            : {}),
          ...tagsArgument(t),
        },
      };
    });
  },
};

export const targetGroupAttachmentType: ResourceTypeModule = {
  type: 'aws_lb_target_group_attachment',
  resource: { module: 'lb-target-group-attachment', className: 'LbTargetGroupAttachment' },
  iamActions: ['elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetHealth'],
  async discover(ctx) {
    const groups = await listTargetGroups(ctx);
    const perGroup = await ctx.each('aws_lb_target_group_attachment', groups, (g) => g.TargetGroupArn!, async (g) => {
      const health = await ctx.clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: g.TargetGroupArn }));
      return (health.TargetHealthDescriptions ?? []).map((d): DiscoveredResource => {
        const target = d.Target!;
        const id = `${g.TargetGroupArn}/${target.Id}${target.Port ? `:${target.Port}` : ''}`;
        return {
          type: 'aws_lb_target_group_attachment',
          id,
          importId: id,
          name: `${g.TargetGroupName}_${target.Id}`,
          tags: {},
          declareOnly: 'Terraform cannot import a target registration; declaring it registers the target again, which is idempotent',
          attributes: {
            targetGroupArn: ref(g.TargetGroupArn!, 'arn'),
            targetId: g.TargetType === 'instance' || !g.TargetType ? ref(target.Id!) : target.Id!,
            ...(target.Port && target.Port !== g.Port ? { port: target.Port } : target.Port ? { port: target.Port } : {}),
          },
        };
      });
    });
    return perGroup.flat();
  },
};

function actionArguments(a: Action): Record<string, AttrValue> {
  return {
    type: a.Type!,
    ...(a.TargetGroupArn ? { targetGroupArn: ref(a.TargetGroupArn, 'arn') } : {}),
    ...(a.RedirectConfig
      ? {
          redirect: {
            statusCode: a.RedirectConfig.StatusCode!,
            ...(a.RedirectConfig.Protocol && a.RedirectConfig.Protocol !== '#{protocol}' ? { protocol: a.RedirectConfig.Protocol } : {}),
            ...(a.RedirectConfig.Port && a.RedirectConfig.Port !== '#{port}' ? { port: a.RedirectConfig.Port } : {}),
            ...(a.RedirectConfig.Host && a.RedirectConfig.Host !== '#{host}' ? { host: a.RedirectConfig.Host } : {}),
            ...(a.RedirectConfig.Path && a.RedirectConfig.Path !== '/#{path}' ? { path: a.RedirectConfig.Path } : {}),
            ...(a.RedirectConfig.Query && a.RedirectConfig.Query !== '#{query}' ? { query: a.RedirectConfig.Query } : {}),
          },
        }
      : {}),
    ...(a.FixedResponseConfig
      ? {
          fixedResponse: {
            contentType: a.FixedResponseConfig.ContentType!,
            ...(a.FixedResponseConfig.MessageBody ? { messageBody: a.FixedResponseConfig.MessageBody } : {}),
            ...(a.FixedResponseConfig.StatusCode ? { statusCode: a.FixedResponseConfig.StatusCode } : {}),
          },
        }
      : {}),
  };
}

function conditionArguments(c: RuleCondition): Record<string, AttrValue> {
  const values = (v: string[] | undefined) => ({ values: v ?? [] });
  switch (c.Field) {
    case 'host-header':
      return { hostHeader: values(c.HostHeaderConfig?.Values ?? c.Values) };
    case 'path-pattern':
      return { pathPattern: values(c.PathPatternConfig?.Values ?? c.Values) };
    case 'http-request-method':
      return { httpRequestMethod: values(c.HttpRequestMethodConfig?.Values) };
    case 'source-ip':
      return { sourceIp: values(c.SourceIpConfig?.Values) };
    case 'http-header':
      return { httpHeader: { httpHeaderName: c.HttpHeaderConfig?.HttpHeaderName ?? '', values: c.HttpHeaderConfig?.Values ?? [] } };
    default:
      throw new Error(`listener rule condition ${c.Field} is not supported yet`);
  }
}

export const listenerType: ResourceTypeModule = {
  type: 'aws_lb_listener',
  resource: { module: 'lb-listener', className: 'LbListener' },
  iamActions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeTags'],
  async discover(ctx) {
    const listeners = await listListeners(ctx);
    const names = new Map((await listLoadBalancers(ctx)).map((lb) => [lb.LoadBalancerArn!, lb.LoadBalancerName!]));
    const tags = await tagsOf(ctx, listeners.map((l) => l.ListenerArn!));
    return listeners.map((l): DiscoveredResource => {
      const t = tags.get(l.ListenerArn!) ?? {};
      return {
        type: 'aws_lb_listener',
        id: l.ListenerArn!,
        importId: l.ListenerArn!,
        name: `${names.get(l.LoadBalancerArn!) ?? 'lb'}_${l.Protocol?.toLowerCase()}_${l.Port}`,
        tags: t,
        attributes: {
          loadBalancerArn: ref(l.LoadBalancerArn!, 'arn'),
          port: l.Port!,
          protocol: l.Protocol!,
          ...(l.SslPolicy ? { sslPolicy: l.SslPolicy } : {}),
          // the certificate by reference when it is imported too (a literal ARN otherwise)
          ...(l.Certificates?.[0]?.CertificateArn ? { certificateArn: ref(l.Certificates[0].CertificateArn, 'arn') } : {}),
          defaultAction: (l.DefaultActions ?? []).map(actionArguments),
          ...tagsArgument(t),
        },
      };
    });
  },
};

export const listenerRuleType: ResourceTypeModule = {
  type: 'aws_lb_listener_rule',
  resource: { module: 'lb-listener-rule', className: 'LbListenerRule' },
  iamActions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTags'],
  async discover(ctx) {
    const listeners = await listListeners(ctx);
    const perListener = await ctx.each('aws_lb_listener_rule', listeners, (l) => l.ListenerArn!, async (l) => {
      const rules = (await collect(paginateDescribeRules({ client: ctx.clients.elbv2 }, { ListenerArn: l.ListenerArn }), (p) => p.Rules)).filter((r) => !r.IsDefault);
      const tags = await tagsOf(ctx, rules.map((r) => r.RuleArn!));
      return rules.map((r): DiscoveredResource => {
        const t = tags.get(r.RuleArn!) ?? {};
        return {
          type: 'aws_lb_listener_rule',
          id: r.RuleArn!,
          importId: r.RuleArn!,
          name: `rule_${r.Priority}_${l.Port}`,
          tags: t,
          attributes: {
            listenerArn: ref(l.ListenerArn!, 'arn'),
            priority: Number(r.Priority),
            action: (r.Actions ?? []).map(actionArguments),
            condition: (r.Conditions ?? []).map(conditionArguments),
            ...tagsArgument(t),
          },
        };
      });
    });
    return perListener.flat();
  },
};
