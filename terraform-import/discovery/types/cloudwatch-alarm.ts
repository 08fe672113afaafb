import { ListTagsForResourceCommand, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import { AttrValue, DiscoveredResource, ref } from '../model';
import { ResourceTypeModule, collect, tagsArgument } from '../resource-type';

/** Alarm actions that name a discovered resource (SNS topics) become references; EC2 actions stay literal. */
const action = (arn: string): AttrValue => (arn.startsWith('arn:aws:sns:') ? ref(arn, 'arn') : arn);

/** Metric alarms (single metric); the dimensions tie an alarm to the instance or database it watches. */
export const metricAlarmType: ResourceTypeModule = {
  type: 'aws_cloudwatch_metric_alarm',
  resource: { module: 'cloudwatch-metric-alarm', className: 'CloudwatchMetricAlarm' },
  iamActions: ['cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource'],
  async discover(ctx) {
    const alarms = await collect(paginateDescribeAlarms({ client: ctx.clients.cloudwatch }, { AlarmTypes: ['MetricAlarm'] }), (p) => p.MetricAlarms);
    return ctx.each('aws_cloudwatch_metric_alarm', alarms.filter((a) => a.MetricName), (a) => a.AlarmName!, async (a): Promise<DiscoveredResource> => {
      const tags = Object.fromEntries(((await ctx.clients.cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: a.AlarmArn }))).Tags ?? []).map((t) => [t.Key!, t.Value ?? '']));
      const dimensions = Object.fromEntries((a.Dimensions ?? []).map((d) => [d.Name!, d.Value ?? '']));
      const dimensionRefs: Record<string, AttrValue> = Object.fromEntries(
        Object.entries(dimensions).map(([k, v]) => [k, k === 'InstanceId' ? ref(v) : v]),
      );
      return {
        type: 'aws_cloudwatch_metric_alarm',
        id: a.AlarmName!,
        importId: a.AlarmName!,
        name: a.AlarmName!,
        tags,
        altIds: a.AlarmArn ? [a.AlarmArn] : [],
        relatedIds: Object.values(dimensions),
        attributes: {
          alarmName: a.AlarmName!,
          comparisonOperator: a.ComparisonOperator!,
          evaluationPeriods: a.EvaluationPeriods!,
          metricName: a.MetricName!,
          namespace: a.Namespace!,
          period: a.Period!,
          ...(a.Statistic ? { statistic: a.Statistic } : {}),
          ...(a.ExtendedStatistic ? { extendedStatistic: a.ExtendedStatistic } : {}),
          threshold: a.Threshold!,
          ...(a.AlarmDescription ? { alarmDescription: a.AlarmDescription } : {}),
          ...(a.DatapointsToAlarm ? { datapointsToAlarm: a.DatapointsToAlarm } : {}),
          ...(a.Unit ? { unit: a.Unit } : {}),
          ...(a.ActionsEnabled === false ? { actionsEnabled: false } : {}),
          ...(a.TreatMissingData && a.TreatMissingData !== 'missing' ? { treatMissingData: a.TreatMissingData } : {}),
          ...(Object.keys(dimensions).length ? { dimensions: dimensionRefs } : {}),
          ...(a.AlarmActions?.length ? { alarmActions: a.AlarmActions.map(action) } : {}),
          ...(a.OKActions?.length ? { okActions: a.OKActions.map(action) } : {}),
          ...(a.InsufficientDataActions?.length ? { insufficientDataActions: a.InsufficientDataActions.map(action) } : {}),
          ...tagsArgument(tags),
        },
      };
    });
  },
};
