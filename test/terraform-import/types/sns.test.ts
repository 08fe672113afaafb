/**
 * aws_sns_topic and aws_sns_topic_subscription: the topic imported by ARN, named after its last ARN
 * part, its key a reference; a confirmed subscription imported by ARN with its topic a reference and
 * the Terraform-only settings ignored; a pending one (no ARN yet) cannot be imported and is left out.
 */
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { constructOf, discoverTypes, useImportEmulator } from '../../support/import-type-test';

describe('import types aws_sns_topic and aws_sns_topic_subscription', () => {
  const { sdk } = useImportEmulator();
  let topicArn: string;
  let keyArn: string;
  let subscriptionArn: string;

  beforeAll(async () => {
    const sns = new SNSClient(sdk());
    const kms = new KMSClient(sdk());
    keyArn = (await kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'Name', TagValue: 'alarms' }] }))).KeyMetadata!.Arn!;
    topicArn = (await sns.send(new CreateTopicCommand({ Name: 'legacy-alarms', Attributes: { DisplayName: 'Legacy alarms', KmsMasterKeyId: keyArn } }))).TopicArn!;
    subscriptionArn = (await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:eu-central-1:123456789012:pager', ReturnSubscriptionArn: true }))).SubscriptionArn!;
    sns.destroy();
    kms.destroy();
  });

  it('imports the topic by ARN with its key as a reference', async () => {
    const found = await discoverTypes(['aws_sns_topic', 'aws_kms_key']);
    const t = found.entry('aws_sns_topic', topicArn);
    expect([t.importId, t.resource.name, t.decision, t.reason, t.address]).toEqual([topicArn, 'legacy-alarms', 'import', 'discovered, not managed by Terraform', 'aws_sns_topic.legacy_alarms']);
    expect(constructOf(found.code, t).body).toBe('      name: "legacy-alarms",\n      displayName: "Legacy alarms",\n      kmsMasterKeyId: alarms.arn,');
  });

  it('imports a subscription by ARN, its topic by reference, Terraform-only settings ignored', async () => {
    const found = await discoverTypes(['aws_sns_topic', 'aws_sns_topic_subscription']);
    const s = found.entry('aws_sns_topic_subscription', subscriptionArn);
    expect([s.importId, s.resource.name, s.decision, s.address]).toEqual([subscriptionArn, 'legacy-alarms_sqs', 'import', 'aws_sns_topic_subscription.legacy_alarms_sqs']);
    const construct = constructOf(found.code, s);
    expect(construct.body).toContain('topicArn: legacyAlarms.arn,');
    expect(construct.body).toContain('lifecycle: { ignoreChanges: ["confirmation_timeout_in_minutes","endpoint_auto_confirms"] },');
    expect(found.code.split(`"${topicArn}"`).length - 1).toBe(1);
  });
});
