/**
 * The Grafana dashboards of dashboards/: valid against the schema of the subset they use, only the two
 * data sources the observability workspace provisions, and every CloudWatch query and variable names a
 * metric (and dimension set) that the reference environment of the blueprint really has.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DATA_SOURCES, Dashboard } from '../../dashboards/dashboard-schema';
import { BlueprintKind, EmittedMetric, metricsOfStack, publishedMetricsOf, unknownMetricReferences } from '../../dashboards/emitted-metrics';
import { DashboardError, DashboardFile, loadDashboards } from '../../dashboards/load-dashboards';
import { synthProjectEnvironments, tempDir, TerraformJson } from '../support/synth-stack';

/** The reference environment of each blueprint kind: its synthesized alarms and dashboard say what it emits. */
const REFERENCE: Record<BlueprintKind, string> = { 'container-app': 'tma-test', 'instance-app': 'workshop-test' };

const dashboards = loadDashboards();
const byKind = Object.fromEntries(dashboards.map((d) => [d.kind, d])) as Record<string, DashboardFile>;
const { stacks } = synthProjectEnvironments();

function emittedBy(kind: BlueprintKind): EmittedMetric[] {
  const stack = stacks[REFERENCE[kind]] as TerraformJson & { resource: Record<string, Record<string, Record<string, unknown>>> };
  return [...metricsOfStack(stack), ...publishedMetricsOf(kind, stack).metrics];
}

const kinds = Object.keys(REFERENCE) as BlueprintKind[];

describe('dashboards as code', () => {
  it('has one dashboard per app blueprint kind, each with its own stable uid (publishing upserts by it)', () => {
    expect(dashboards.map((d) => d.kind).sort()).toEqual([...kinds].sort());
    expect(new Set(dashboards.map((d) => d.dashboard.uid)).size).toBe(dashboards.length);
  });

  it.each(kinds)('%s: uses only the cloudwatch and opensearch data sources, panels and queries alike', (kind) => {
    const { dashboard } = byKind[kind];
    const refs = JSON.stringify(dashboard).match(/"datasource":\{[^}]*\}/g) ?? [];
    const allowed = Object.values(DATA_SOURCES).map((d) => `"datasource":${JSON.stringify(d)}`);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((r) => !allowed.includes(r))).toEqual([]);
    // Both stores are used: metrics from CloudWatch, error rates from the central logs.
    expect(new Set(dashboard.panels.flatMap((p) => ('datasource' in p ? [p.datasource.uid] : [])))).toEqual(new Set(['cloudwatch', 'opensearch']));
  });

  it.each(kinds)('%s: every CloudWatch query names a metric and dimension set the reference environment emits', (kind) => {
    const emitted = emittedBy(kind);
    // The reference stack really has the resources behind every AWS-published metric the check relies on.
    expect(publishedMetricsOf(kind, stacks[REFERENCE[kind]] as never).missing).toEqual([]);
    expect(unknownMetricReferences(byKind[kind].dashboard, emitted)).toEqual([]);
  });

  it('derives the CloudWatch agent metrics from the synthesized alarms, so renaming one in cloudwatch-agent.ts fails here', () => {
    const emitted = emittedBy('instance-app');
    expect(emitted).toContainEqual({ namespace: 'CWAgent', metricName: 'mem_used_percent', dimensions: ['InstanceId'] });
    expect(emitted).toContainEqual({ namespace: 'CWAgent', metricName: 'disk_used_percent', dimensions: ['InstanceId', 'path'] });
    const renamed = emitted.map((m) => (m.metricName === 'mem_used_percent' ? { ...m, metricName: 'mem_used' } : m));
    expect(unknownMetricReferences(byKind['instance-app'].dashboard, renamed)).toEqual([
      'panel "Memory used (CloudWatch agent)" A: CWAgent mem_used_percent is not a metric the blueprint emits',
    ]);
  });

  it('names a panel whose dimensions differ from every emitted series, and a variable on an unknown dimension', () => {
    const dashboard: Dashboard = structuredClone(byKind['container-app'].dashboard);
    const cpu = dashboard.panels.find((p) => p.title === 'Service CPU')!;
    if (cpu.type === 'row' || !('namespace' in cpu.targets[0])) throw new Error('Service CPU is a CloudWatch panel');
    cpu.targets[0].dimensions = { ClusterName: '${app}-${environment}' };
    const lb = dashboard.templating.list.find((v) => v.name === 'load_balancer')!;
    if (lb.type !== 'query' || lb.query.queryType !== 'dimensionValues') throw new Error('load_balancer is a dimension-values variable');
    lb.query.dimensionKey = 'LoadBalancerName';
    expect(unknownMetricReferences(dashboard, emittedBy('container-app'))).toEqual([
      'panel "Service CPU" A: AWS/ECS CPUUtilization has no series with dimensions [ClusterName] (emitted: [ClusterName, ServiceName])',
      'variable "load_balancer": AWS/ApplicationELB RequestCount has no emitted series with dimension LoadBalancerName',
    ]);
  });

  it('filters instances by the tags every resource carries (the provider default tags App and Environment)', () => {
    const variable = byKind['instance-app'].dashboard.templating.list.find((v) => v.name === 'instance')!;
    if (variable.type !== 'query' || variable.query.queryType !== 'ec2InstanceAttributes') throw new Error('instance is an EC2 attributes variable');
    const provider = (stacks['workshop-test'].provider as { aws: { default_tags: { tags: Record<string, string> }[] }[] }).aws[0];
    expect(Object.keys(variable.query.ec2Filters).map((f) => f.replace(/^tag:/, ''))).toEqual(['App', 'Environment']);
    expect(Object.keys(provider.default_tags[0].tags)).toEqual(expect.arrayContaining(['App', 'Environment']));
  });

  it('rejects a file outside the schema with the file and key path: a wrong data source, an unknown key, bad JSON', () => {
    const dir = tempDir('dashboards');
    const bad = structuredClone(byKind['container-app'].dashboard) as unknown as { panels: Record<string, unknown>[] };
    bad.panels[1].datasource = { type: 'prometheus', uid: 'prometheus' };
    bad.panels[2].colour = 'red';
    fs.writeFileSync(path.join(dir, 'container-app.json'), JSON.stringify(bad));
    fs.writeFileSync(path.join(dir, 'instance-app.json'), '{ not json');
    let message = '';
    try {
      loadDashboards(dir);
    } catch (err) {
      expect(err).toBeInstanceOf(DashboardError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/^container-app\.json: panels\.1: /m);
    expect(message).toMatch(/^container-app\.json: panels\.2: /m);
    expect(message).toMatch(/^instance-app\.json: not valid JSON/m);
  });
});
