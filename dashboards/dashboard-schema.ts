/**
 * The subset of Grafana's dashboard JSON (schemaVersion 39) that the dashboards in this folder use,
 * as a strict zod schema: a key Grafana would ignore or misread is an error here, not a blank panel
 * in production. Two data sources only, by the uids the `observability` blueprint provisions in the
 * Grafana workspace: `cloudwatch` (metrics) and `opensearch` (the central logs).
 */
import { z } from 'zod';

/** The data-source uids the observability workspace provisions; the contract between both sides. */
export const DATA_SOURCES = {
  cloudwatch: { type: 'cloudwatch', uid: 'cloudwatch' },
  opensearch: { type: 'grafana-opensearch-datasource', uid: 'opensearch' },
} as const;

const cloudWatchRef = z.strictObject({ type: z.literal(DATA_SOURCES.cloudwatch.type), uid: z.literal(DATA_SOURCES.cloudwatch.uid) });
const openSearchRef = z.strictObject({ type: z.literal(DATA_SOURCES.opensearch.type), uid: z.literal(DATA_SOURCES.opensearch.uid) });

const refId = z.string().regex(/^[A-Z]$/, 'a one-letter refId');
/** A value or a template variable such as `$stack` or `${app}-${environment}-db`. */
const dimensionValue = z.string().min(1);

export const cloudWatchMetricTarget = z.strictObject({
  refId,
  datasource: cloudWatchRef,
  queryMode: z.literal('Metrics'),
  metricQueryType: z.literal(0),
  metricEditorMode: z.literal(0),
  region: z.string().min(1),
  namespace: z.string().regex(/^[A-Za-z][\w/.-]*$/, 'a CloudWatch namespace'),
  metricName: z.string().regex(/^[A-Za-z][\w.-]*$/, 'a CloudWatch metric name'),
  dimensions: z.record(z.string().min(1), dimensionValue),
  statistic: z.enum(['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount', 'p50', 'p90', 'p99']),
  period: z.string().regex(/^(\d+|auto)$/, 'seconds or auto'),
  /** false: a `*` dimension value matches every series, e.g. every service of a cluster. */
  matchExact: z.boolean(),
  label: z.string().optional(),
});

export const openSearchTarget = z.strictObject({
  refId,
  datasource: openSearchRef,
  queryType: z.literal('lucene'),
  query: z.string().min(1),
  timeField: z.literal('@timestamp'),
  metrics: z.array(z.strictObject({ id: z.string(), type: z.enum(['count', 'logs']) })).min(1),
  bucketAggs: z.array(
    z.strictObject({ id: z.string(), type: z.literal('date_histogram'), field: z.literal('@timestamp'), settings: z.strictObject({ interval: z.string() }) }),
  ),
  alias: z.string().optional(),
});

const gridPos = z.strictObject({ x: z.number().int().min(0).max(23), y: z.number().int().min(0), w: z.number().int().min(1).max(24), h: z.number().int().min(1) });

const panelBase = {
  id: z.number().int().positive(),
  title: z.string().min(1),
  description: z.string().optional(),
  gridPos,
};

const fieldConfig = z
  .strictObject({
    defaults: z.strictObject({ unit: z.string().optional(), min: z.number().optional(), max: z.number().optional() }),
    overrides: z.array(z.never()),
  })
  .optional();

export const metricPanel = z.strictObject({
  ...panelBase,
  type: z.enum(['timeseries', 'stat']),
  datasource: cloudWatchRef,
  targets: z.array(cloudWatchMetricTarget).min(1),
  fieldConfig,
});

export const logPanel = z.strictObject({
  ...panelBase,
  type: z.enum(['timeseries', 'logs']),
  datasource: openSearchRef,
  targets: z.array(openSearchTarget).min(1),
  fieldConfig,
});

export const rowPanel = z.strictObject({ ...panelBase, type: z.literal('row'), collapsed: z.literal(false), panels: z.array(z.never()) });

export const panel = z.union([metricPanel, logPanel, rowPanel]);

/** A text box the operator fills in (app, environment) or a fixed choice (region). */
const textVariable = z.strictObject({
  name: z.string().regex(/^[a-z_]+$/),
  label: z.string(),
  type: z.enum(['textbox', 'custom']),
  query: z.string(),
  current: z.strictObject({ text: z.string(), value: z.string() }),
  hide: z.literal(0),
});

/** Values found through the CloudWatch data source: a dimension's values, or instances by tag. */
const cloudWatchVariable = z.strictObject({
  name: z.string().regex(/^[a-z_]+$/),
  label: z.string(),
  type: z.literal('query'),
  datasource: cloudWatchRef,
  query: z.union([
    z.strictObject({
      queryType: z.literal('dimensionValues'),
      region: z.string(),
      namespace: z.string(),
      metricName: z.string(),
      dimensionKey: z.string(),
      dimensionFilters: z.record(z.string(), z.string()),
      refId: z.string(),
    }),
    z.strictObject({
      queryType: z.literal('ec2InstanceAttributes'),
      region: z.string(),
      attributeName: z.literal('InstanceId'),
      ec2Filters: z.record(z.string().regex(/^tag:[\w:-]+$/), z.array(z.string())),
      refId: z.string(),
    }),
  ]),
  regex: z.string(),
  refresh: z.literal(1),
  multi: z.boolean(),
  includeAll: z.boolean(),
  hide: z.literal(0),
});

export const variable = z.union([textVariable, cloudWatchVariable]);

export const dashboardSchema = z.strictObject({
  uid: z.string().regex(/^[a-z0-9-]{1,40}$/, 'a stable uid (publishing upserts by it)'),
  title: z.string().min(1),
  description: z.string(),
  tags: z.array(z.string()).min(1),
  timezone: z.enum(['browser', 'utc']),
  schemaVersion: z.literal(39),
  editable: z.boolean(),
  graphTooltip: z.literal(1),
  refresh: z.string(),
  time: z.strictObject({ from: z.string(), to: z.string() }),
  templating: z.strictObject({ list: z.array(variable) }),
  panels: z.array(panel).min(1),
});

export type Dashboard = z.infer<typeof dashboardSchema>;
export type Panel = z.infer<typeof panel>;
export type CloudWatchMetricTarget = z.infer<typeof cloudWatchMetricTarget>;
