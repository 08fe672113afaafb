/**
 * Which CloudWatch metrics an environment of a blueprint really has, so a dashboard panel can be
 * checked against them: every namespace / metric / dimension set its synthesized alarms and
 * CloudWatch dashboard use (the CloudWatch agent's included: its alarms name the agent's metrics), and
 * the metrics AWS publishes on its own for resources the blueprint creates (`AWS_PUBLISHED_METRICS`,
 * each tied to the resource that makes AWS publish it, which the check finds in the synthesized stack).
 * A metric renamed in the blueprints changes the first set, and a panel still naming the old one fails.
 */
import type { Dashboard } from './dashboard-schema';

export type BlueprintKind = 'container-app' | 'instance-app';

export interface EmittedMetric {
  namespace: string;
  metricName: string;
  /** The dimension names of one published series, sorted. */
  dimensions: string[];
}

/** A metric AWS publishes by itself once the blueprint creates a resource (AWS documentation, per service). */
export interface AwsPublishedMetric extends EmittedMetric {
  blueprints: BlueprintKind[];
  /** The Terraform resource type whose presence makes AWS publish it, and how it must be configured. */
  publishedFor: { resourceType: string; when?: (resource: Record<string, unknown>) => boolean; why: string };
}

const alb = (metricName: string, dimensions: string[]): AwsPublishedMetric => ({
  namespace: 'AWS/ApplicationELB',
  metricName,
  dimensions,
  blueprints: ['container-app', 'instance-app'],
  publishedFor: { resourceType: 'aws_lb', why: 'Elastic Load Balancing publishes per load balancer and per target group every minute (ELB User Guide, "CloudWatch metrics for your Application Load Balancer").' },
});
const rds = (metricName: string): AwsPublishedMetric => ({
  namespace: 'AWS/RDS',
  metricName,
  dimensions: ['DBInstanceIdentifier'],
  blueprints: ['container-app', 'instance-app'],
  publishedFor: { resourceType: 'aws_db_instance', why: 'RDS publishes instance metrics every minute (RDS User Guide, "Amazon CloudWatch metrics for Amazon RDS").' },
});

export const AWS_PUBLISHED_METRICS: readonly AwsPublishedMetric[] = [
  alb('HealthyHostCount', ['LoadBalancer', 'TargetGroup']),
  alb('UnHealthyHostCount', ['LoadBalancer', 'TargetGroup']),
  alb('HTTPCode_Target_4XX_Count', ['LoadBalancer']),
  rds('ReadLatency'),
  rds('WriteLatency'),
  {
    namespace: 'ECS/ContainerInsights',
    metricName: 'RunningTaskCount',
    dimensions: ['ClusterName', 'ServiceName'],
    blueprints: ['container-app'],
    publishedFor: {
      resourceType: 'aws_ecs_cluster',
      when: (cluster) => ((cluster.setting as { name: string; value: string }[] | undefined) ?? []).some((s) => s.name === 'containerInsights' && s.value === 'enabled'),
      why: 'Container Insights, switched on for the cluster, publishes task counts per service (ECS Developer Guide, "Amazon ECS Container Insights metrics").',
    },
  },
  {
    namespace: 'AWS/Backup',
    metricName: 'NumberOfBackupJobsCompleted',
    dimensions: ['BackupVaultName'],
    blueprints: ['instance-app'],
    publishedFor: { resourceType: 'aws_backup_vault', why: 'AWS Backup publishes job counts per vault (AWS Backup Developer Guide, "Monitoring AWS Backup metrics with CloudWatch").' },
  },
  ...['CommandsSucceeded', 'CommandsFailed'].map(
    (metricName): AwsPublishedMetric => ({
      namespace: 'AWS/SSM-RunCommand',
      metricName,
      dimensions: [],
      blueprints: ['instance-app'],
      publishedFor: {
        resourceType: 'aws_ssm_maintenance_window_task',
        when: (task) => task.task_type === 'RUN_COMMAND',
        why: 'The patch window runs AWS-RunPatchBaseline through Run Command, which publishes account-wide command counts (Systems Manager User Guide, "Monitoring Run Command metrics using Amazon CloudWatch").',
      },
    }),
  ),
];

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** The metrics one synthesized stack names in its alarms and its CloudWatch dashboard. */
export function metricsOfStack(stack: { resource?: Resources }): EmittedMetric[] {
  const found: EmittedMetric[] = [];
  for (const alarm of Object.values(stack.resource?.aws_cloudwatch_metric_alarm ?? {})) {
    if (typeof alarm.namespace !== 'string' || typeof alarm.metric_name !== 'string') continue;
    found.push({ namespace: alarm.namespace, metricName: alarm.metric_name, dimensions: Object.keys((alarm.dimensions as Record<string, string>) ?? {}).sort() });
  }
  for (const dashboard of Object.values(stack.resource?.aws_cloudwatch_dashboard ?? {})) {
    const body = JSON.parse(dashboard.dashboard_body as string) as { widgets: { properties: { metrics?: unknown[][] } }[] };
    for (const widget of body.widgets) {
      for (const [namespace, metricName, ...rest] of widget.properties.metrics ?? []) {
        // [namespace, metric, dimName, dimValue, ..., {options}?]
        const pairs = rest.filter((x) => typeof x === 'string') as string[];
        found.push({ namespace: namespace as string, metricName: metricName as string, dimensions: pairs.filter((_, i) => i % 2 === 0).sort() });
      }
    }
  }
  return found;
}

/** The AWS-published metrics of a blueprint whose resource the stack really has; the reasons of those it lacks. */
export function publishedMetricsOf(kind: BlueprintKind, stack: { resource?: Resources }): { metrics: EmittedMetric[]; missing: string[] } {
  const metrics: EmittedMetric[] = [];
  const missing: string[] = [];
  for (const m of AWS_PUBLISHED_METRICS.filter((p) => p.blueprints.includes(kind))) {
    const resources = Object.values(stack.resource?.[m.publishedFor.resourceType] ?? {});
    if (resources.some((r) => m.publishedFor.when?.(r) ?? true)) metrics.push({ namespace: m.namespace, metricName: m.metricName, dimensions: [...m.dimensions].sort() });
    else missing.push(`${m.namespace} ${m.metricName}: no ${m.publishedFor.resourceType} that makes AWS publish it`);
  }
  return { metrics, missing };
}

const key = (m: EmittedMetric) => `${m.namespace} ${m.metricName} [${m.dimensions.join(',')}]`;

/**
 * Every CloudWatch reference of a dashboard (panel queries and dimension-value variables) that names a
 * metric, or a dimension set, the environment does not have; one line each, naming the panel.
 */
export function unknownMetricReferences(dashboard: Dashboard, emitted: EmittedMetric[]): string[] {
  const known = new Set(emitted.map(key));
  const series = (namespace: string, metricName: string) => emitted.filter((m) => m.namespace === namespace && m.metricName === metricName);
  const problems: string[] = [];
  for (const panel of dashboard.panels) {
    if (panel.type === 'row' || panel.datasource.uid !== 'cloudwatch') continue;
    for (const target of panel.targets) {
      if (!('namespace' in target)) continue;
      const wanted = { namespace: target.namespace, metricName: target.metricName, dimensions: Object.keys(target.dimensions).sort() };
      if (known.has(key(wanted))) continue;
      const other = series(target.namespace, target.metricName);
      problems.push(
        other.length === 0
          ? `panel "${panel.title}" ${target.refId}: ${target.namespace} ${target.metricName} is not a metric the blueprint emits`
          : `panel "${panel.title}" ${target.refId}: ${target.namespace} ${target.metricName} has no series with dimensions [${wanted.dimensions.join(', ')}] (emitted: ${[...new Set(other.map((o) => `[${o.dimensions.join(', ')}]`))].join(' ')})`,
      );
    }
  }
  for (const v of dashboard.templating.list) {
    if (v.type !== 'query' || v.query.queryType !== 'dimensionValues') continue;
    const { namespace, metricName, dimensionKey } = v.query;
    if (!series(namespace, metricName).some((m) => m.dimensions.includes(dimensionKey))) {
      problems.push(`variable "${v.name}": ${namespace} ${metricName} has no emitted series with dimension ${dimensionKey}`);
    }
  }
  return problems;
}
