/**
 * A CloudWatch alarm with the environment's conventions: named `<env>-<what>`, notifying the alarm
 * topic on ALARM and OK, and quiet when a metric has no data (a scaled-in service is not an outage).
 */
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { EnvironmentContext } from './environment-context';

export interface MetricAlarmProps {
  ctx: EnvironmentContext;
  /** Short name, unique in the environment, e.g. `web-cpu-high`. */
  name: string;
  description: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  /** @default Average (ignored when `extendedStatistic` is set) */
  statistic?: 'Average' | 'Sum' | 'Maximum' | 'Minimum' | 'SampleCount';
  /** ExtendedStatistic such as p99 instead of `statistic`. @default none */
  extendedStatistic?: string;
  comparison: 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
  threshold: number;
  /** @default 60 */
  periodSeconds?: number;
  /** @default 5 */
  evaluationPeriods?: number;
  /** @default notBreaching */
  treatMissingData?: 'notBreaching' | 'breaching' | 'ignore' | 'missing';
  /** Topic notified on ALARM and OK. */
  topicArn: string;
  /** Extra ALARM actions such as the EC2 recover action. @default [] */
  extraAlarmActions?: string[];
}

export function metricAlarm(scope: Construct, id: string, props: MetricAlarmProps): CloudwatchMetricAlarm {
  const evaluationPeriods = props.evaluationPeriods ?? 5;
  return new CloudwatchMetricAlarm(scope, id, {
    alarmName: props.ctx.names.name(props.name, 255),
    alarmDescription: props.description,
    namespace: props.namespace,
    metricName: props.metricName,
    dimensions: props.dimensions,
    statistic: props.extendedStatistic ? undefined : (props.statistic ?? 'Average'),
    extendedStatistic: props.extendedStatistic,
    comparisonOperator: props.comparison,
    threshold: props.threshold,
    period: props.periodSeconds ?? 60,
    evaluationPeriods,
    // Every period of the evaluation must breach: one noisy datapoint pages nobody.
    datapointsToAlarm: evaluationPeriods,
    treatMissingData: props.treatMissingData ?? 'notBreaching',
    alarmActions: [props.topicArn, ...(props.extraAlarmActions ?? [])],
    okActions: [props.topicArn],
  });
}
