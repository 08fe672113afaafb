/** The alarm convention on its own: named per environment, notifying on ALARM and OK, quiet without data unless told. */
import { metricAlarm, MetricAlarmProps } from '../../blueprints/building-blocks/metric-alarm';
import { blockContext, resource, synthBlock } from '../support/building-block-synth';

const TOPIC = 'arn:aws:sns:eu-central-1:123456789012:alarms';
const base: MetricAlarmProps = {
  ctx: blockContext(),
  name: 'web-cpu-high',
  description: 'CPU high',
  namespace: 'AWS/ECS',
  metricName: 'CPUUtilization',
  dimensions: { ServiceName: 'web' },
  comparison: 'GreaterThanThreshold',
  threshold: 80,
  topicArn: TOPIC,
};
const synthAlarm = (props: Partial<MetricAlarmProps> = {}) => resource(synthBlock((scope) => metricAlarm(scope, 'alarm', { ...base, ...props })), 'aws_cloudwatch_metric_alarm', 'alarm');

describe('metricAlarm', () => {
  it('averages one-minute periods, alarms only when all five breach, and treats missing data as not breaching', () => {
    expect(synthAlarm()).toEqual({
      alarm_name: 'shop-test-web-cpu-high',
      alarm_description: 'CPU high',
      namespace: 'AWS/ECS',
      metric_name: 'CPUUtilization',
      dimensions: { ServiceName: 'web' },
      statistic: 'Average',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 80,
      period: 60,
      evaluation_periods: 5,
      datapoints_to_alarm: 5,
      treat_missing_data: 'notBreaching',
      alarm_actions: [TOPIC],
      ok_actions: [TOPIC],
    });
  });

  it('takes the statistic, period, evaluation periods, missing-data treatment and extra actions it is given', () => {
    const alarm = synthAlarm({ statistic: 'Maximum', periodSeconds: 3600, evaluationPeriods: 2, treatMissingData: 'missing', extraAlarmActions: ['arn:aws:automate:eu-central-1:ec2:recover'] });
    expect(alarm).toMatchObject({ statistic: 'Maximum', period: 3600, evaluation_periods: 2, datapoints_to_alarm: 2, treat_missing_data: 'missing' });
    expect(alarm.alarm_actions).toEqual([TOPIC, 'arn:aws:automate:eu-central-1:ec2:recover']);
    expect(alarm.ok_actions).toEqual([TOPIC]);
  });

  it('uses an extended statistic such as p99 instead of the statistic', () => {
    const alarm = synthAlarm({ extendedStatistic: 'p99', statistic: 'Sum' });
    expect(alarm.extended_statistic).toBe('p99');
    expect(alarm.statistic).toBeUndefined();
  });
});
