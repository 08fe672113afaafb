/**
 * aws_cloudwatch_metric_alarm: imported by name, its SNS actions and the instance it watches as
 * references, EC2 automate actions literal, "missing" data treatment (the default) dropped.
 */
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { AwsQueryProtocol } from '@aws-sdk/core/protocols';
import { EMULATOR_BASE_AMI } from '../../../test-bed/emulator';
import { constructOf, discoverTypes, useImportEmulator } from '../../support/import-type-test';

describe('import type aws_cloudwatch_metric_alarm', () => {
  const { sdk } = useImportEmulator();
  let instance: string;
  let topicArn: string;

  beforeAll(async () => {
    const ec2 = new EC2Client(sdk());
    const sns = new SNSClient(sdk());
    const cloudwatch = new CloudWatchClient({ ...sdk(), protocol: AwsQueryProtocol });
    instance = (await ec2.send(new RunInstancesCommand({ ImageId: EMULATOR_BASE_AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'licence-server' }] }] }))).Instances![0].InstanceId!;
    topicArn = (await sns.send(new CreateTopicCommand({ Name: 'pager' }))).TopicArn!;
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: 'licence-server-recover',
        Namespace: 'AWS/EC2',
        MetricName: 'StatusCheckFailed_System',
        Dimensions: [{ Name: 'InstanceId', Value: instance }],
        Statistic: 'Maximum',
        Period: 60,
        EvaluationPeriods: 2,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: ['arn:aws:automate:eu-central-1:ec2:recover', topicArn],
        TreatMissingData: 'missing',
      }),
    );
    for (const c of [ec2, sns, cloudwatch]) c.destroy();
  });

  it('imports the alarm by name with the instance and topic as references and the recover action literal', async () => {
    const found = await discoverTypes(['aws_cloudwatch_metric_alarm', 'aws_instance', 'aws_sns_topic']);
    const alarm = found.entry('aws_cloudwatch_metric_alarm', 'licence-server-recover');
    expect([alarm.importId, alarm.resource.name, alarm.decision, alarm.reason, alarm.address]).toEqual([
      'licence-server-recover',
      'licence-server-recover',
      'import',
      'discovered, not managed by Terraform',
      'aws_cloudwatch_metric_alarm.licence_server_recover',
    ]);
    expect(alarm.resource.relatedIds).toEqual([instance]);
    const construct = constructOf(found.code, alarm);
    expect(construct.imported).toBe(true);
    expect(construct.body).toContain('dimensions: {\n        InstanceId: licenceServer.id,\n      },');
    expect(construct.body).toContain('alarmActions: ["arn:aws:automate:eu-central-1:ec2:recover", pager.arn],');
    expect(construct.body).not.toContain('treatMissingData');
    expect(construct.body).not.toContain(instance);
  });
});
