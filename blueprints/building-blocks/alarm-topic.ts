/**
 * The SNS topic every alarm of an environment notifies: KMS-encrypted with the app key, publishable
 * only by CloudWatch of this account (or by the one publisher the caller names, e.g. the account
 * baseline's EventBridge rules), and optionally forwarded to Opsgenie over HTTPS. The Opsgenie
 * integration URL embeds its API key, so it is read from an SSM SecureString at plan time and never
 * passes through config or synth output.
 */
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { EnvironmentContext } from './environment-context';
import { policyDocument, PolicyStatement } from './policy-document';

/** The one AWS service allowed to publish, and the conditions that narrow it to our own resources. */
export interface TopicPublisher {
  sid: string;
  service: string;
  condition: NonNullable<PolicyStatement['condition']>;
}

export interface AlarmTopicProps {
  ctx: EnvironmentContext;
  kmsKeyArn: string;
  /** SSM parameter holding the Opsgenie CloudWatch integration URL. @default no Opsgenie subscription */
  opsgenieEndpointParameter?: string;
  /** E-mail subscribers (each must confirm). @default [] */
  emails?: string[];
  /** Suffix of the topic name. @default alarms */
  nameSuffix?: string;
  /** Who may publish. @default CloudWatch alarms of this account */
  publisher?: TopicPublisher;
}

export class AlarmTopic extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const { ctx } = props;
    this.topic = new SnsTopic(this, 'topic', { name: ctx.names.name(props.nameSuffix ?? 'alarms', 256), kmsMasterKeyId: props.kmsKeyArn });
    const publisher: TopicPublisher = props.publisher ?? {
      sid: 'CloudWatchAlarmsOfThisAccountPublish',
      service: 'cloudwatch.amazonaws.com',
      condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [ctx.account] }],
    };
    const document = policyDocument(this, 'policy-document', [
      {
        sid: publisher.sid,
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: [publisher.service] }],
        actions: ['sns:Publish'],
        resources: [this.topic.arn],
        condition: publisher.condition,
      },
      {
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        principals: [{ type: '*', identifiers: ['*'] }],
        actions: ['sns:Publish'],
        resources: [this.topic.arn],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
    ]);
    new SnsTopicPolicy(this, 'policy', { arn: this.topic.arn, policy: document.json });
    if (props.opsgenieEndpointParameter) {
      const endpoint = new DataAwsSsmParameter(this, 'opsgenie-endpoint', { name: props.opsgenieEndpointParameter, withDecryption: true });
      new SnsTopicSubscription(this, 'opsgenie', {
        topicArn: this.topic.arn,
        protocol: 'https',
        endpoint: endpoint.value,
        endpointAutoConfirms: true,
        // Opsgenie's CloudWatch integration parses the SNS envelope itself.
        rawMessageDelivery: false,
      });
    }
    (props.emails ?? []).forEach((email, i) => {
      new SnsTopicSubscription(this, `email-${i}`, { topicArn: this.topic.arn, protocol: 'email', endpoint: email });
    });
  }

  get arn(): string {
    return this.topic.arn;
  }
}
