/** The alarm topic on its own: encrypted, publishable by this account's CloudWatch only, TLS-only, Opsgenie by reference. */
import { TerraformOutput } from 'cdktf';
import { AlarmTopic } from '../../blueprints/building-blocks/alarm-topic';
import { allOf, blockContext, refTo, resource, statementsOf, synthBlock } from '../support/building-block-synth';

const KEY = 'arn:aws:kms:eu-central-1:123456789012:key/app';

describe('AlarmTopic', () => {
  const json = synthBlock(
    (scope) =>
      new AlarmTopic(scope, 'alarms', { ctx: blockContext(), kmsKeyArn: KEY, opsgenieEndpointParameter: '/platform/opsgenie', emails: ['ops@example.com', 'dev@example.com'] }),
  );
  const topicArn = refTo(json, 'aws_sns_topic', 'alarms_topic', 'arn');

  it("encrypts the topic with the app's key", () => {
    expect(resource(json, 'aws_sns_topic', 'alarms_topic')).toEqual({ name: 'shop-test-alarms', kms_master_key_id: KEY });
  });

  it('lets only CloudWatch of this account publish, and only over TLS', () => {
    const statements = statementsOf(json, 'alarms_policy-document');
    expect(statements.CloudWatchAlarmsOfThisAccountPublish).toEqual({
      sid: 'CloudWatchAlarmsOfThisAccountPublish',
      effect: 'Allow',
      principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
      actions: ['sns:Publish'],
      resources: [topicArn],
      condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: ['123456789012'] }],
    });
    expect(statements.DenyInsecureTransport).toEqual({
      sid: 'DenyInsecureTransport',
      effect: 'Deny',
      principals: [{ type: '*', identifiers: ['*'] }],
      actions: ['sns:Publish'],
      resources: [topicArn],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
    expect(Object.keys(statements)).toEqual(['CloudWatchAlarmsOfThisAccountPublish', 'DenyInsecureTransport']);
    expect(resource(json, 'aws_sns_topic_policy', 'alarms_policy')).toEqual({ arn: topicArn, policy: refTo(json, 'aws_iam_policy_document', 'alarms_policy-document', 'json', 'data') });
  });

  it('subscribes Opsgenie over HTTPS with the URL read (decrypted) from SSM at plan time, never from config', () => {
    expect(resource(json, 'aws_ssm_parameter', 'alarms_opsgenie-endpoint', 'data')).toEqual({ name: '/platform/opsgenie', with_decryption: true });
    expect(resource(json, 'aws_sns_topic_subscription', 'alarms_opsgenie')).toEqual({
      topic_arn: topicArn,
      protocol: 'https',
      endpoint: refTo(json, 'aws_ssm_parameter', 'alarms_opsgenie-endpoint', 'value', 'data'),
      endpoint_auto_confirms: true,
      raw_message_delivery: false,
    });
  });

  it('subscribes each e-mail address', () => {
    const subscriptions = allOf(json, 'aws_sns_topic_subscription');
    expect([subscriptions['alarms_email-0'], subscriptions['alarms_email-1']]).toEqual([
      { topic_arn: topicArn, protocol: 'email', endpoint: 'ops@example.com' },
      { topic_arn: topicArn, protocol: 'email', endpoint: 'dev@example.com' },
    ]);
  });

  it('can carry another name and admit exactly one other publisher instead of CloudWatch (the baseline’s findings topic: EventBridge rules)', () => {
    const condition = [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: ['arn:aws:events:eu-central-1:123456789012:rule/findings'] }];
    const other = synthBlock((scope) => {
      const topic = new AlarmTopic(scope, 'alarms', { ctx: blockContext(), kmsKeyArn: KEY, nameSuffix: 'findings', publisher: { sid: 'FindingRulesPublish', service: 'events.amazonaws.com', condition } });
      new TerraformOutput(scope, 'arn', { value: topic.arn });
    });
    const otherArn = refTo(other, 'aws_sns_topic', 'alarms_topic', 'arn');
    expect(resource(other, 'aws_sns_topic', 'alarms_topic')).toEqual({ name: 'shop-test-findings', kms_master_key_id: KEY });
    const statements = statementsOf(other, 'alarms_policy-document');
    expect(Object.keys(statements)).toEqual(['FindingRulesPublish', 'DenyInsecureTransport']);
    expect(statements.FindingRulesPublish).toEqual({
      sid: 'FindingRulesPublish',
      effect: 'Allow',
      principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
      actions: ['sns:Publish'],
      resources: [otherArn],
      condition,
    });
    // What alarms and rules are pointed at.
    expect((other.output as Record<string, { value: string }>).arn.value).toBe(otherArn);
  });

  it('has no subscription when none is configured', () => {
    const bare = synthBlock((scope) => new AlarmTopic(scope, 'alarms', { ctx: blockContext(), kmsKeyArn: KEY }));
    expect(allOf(bare, 'aws_sns_topic_subscription')).toEqual({});
    expect(allOf(bare, 'aws_ssm_parameter', 'data')).toEqual({});
  });
});
