/**
 * One customer-managed KMS key per app environment. Everything stateful in the environment encrypts
 * with it, so revoking it or auditing its use covers the whole app. The key policy is explicit: the
 * account (and so IAM policies) administers it, and the AWS services that encrypt on the app's behalf
 * without an IAM role of ours (CloudWatch Logs, CloudWatch alarms publishing to SNS) get exactly the
 * calls they make, scoped to this environment.
 */
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { ResolvedKmsKey } from '../../config/resolve-environment';
import { arnFor, EnvironmentContext } from './environment-context';
import { PolicyStatement, policyDocument } from './policy-document';

export interface AppKmsKeyProps {
  ctx: EnvironmentContext;
  /** Deletion window and `prevent_destroy`, resolved from the tier (`kmsKey.*` in the tier table). */
  settings: ResolvedKmsKey;
  /**
   * Statements for services that need more than Decrypt/GenerateDataKey, or other conditions (e.g.
   * CloudTrail, which also describes the key). `resources` is `*`: in a key policy it means this key.
   * @default []
   */
  extraStatements?: PolicyStatement[];
  /** @default "<prefix>: encryption at rest for the app's data, logs, parameters and alarms" */
  description?: string;
}

/** Lets CloudWatch Logs use the key for the named log groups (`*` as wildcard) of the environment's account and region. */
export function logGroupsKeyStatement(ctx: EnvironmentContext, sid: string, logGroupNames: string[]): PolicyStatement {
  return {
    sid,
    effect: 'Allow',
    principals: [{ type: 'Service', identifiers: [`logs.${ctx.region}.amazonaws.com`] }],
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
    resources: ['*'],
    condition: [{ test: 'ArnLike', variable: 'kms:EncryptionContext:aws:logs:arn', values: logGroupNames.map((name) => arnFor(ctx, 'logs', `log-group:${name}`)) }],
  };
}

export class AppKmsKey extends Construct {
  /** The key and alias this environment manages; absent when it uses an existing key (`existingKeyArn`). */
  readonly key?: KmsKey;
  readonly alias?: KmsAlias;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: AppKmsKeyProps) {
    super(scope, id);
    const { ctx, settings } = props;
    if (settings.existingKeyArn) {
      // A key owned elsewhere (or kept out of this stack on purpose): referenced, never created.
      this.arn = settings.existingKeyArn;
      return;
    }
    const accountRoot = `arn:${ctx.partition}:iam::${ctx.account}:root`;
    const policy = policyDocument(this, 'policy', [
      {
        sid: 'AccountAdministersKeyThroughIam',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: [accountRoot] }],
        actions: ['kms:*'],
        resources: ['*'],
      },
      logGroupsKeyStatement(ctx, 'CloudWatchLogsEncryptsThisEnvironmentsLogGroups', [ctx.names.logGroupName('*'), ctx.names.wafLogGroupName]),
      {
        sid: 'CloudWatchAlarmsPublishToTheEncryptedTopic',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [ctx.account] }],
      },
      ...(props.extraStatements ?? []),
    ]);
    this.key = new KmsKey(this, 'key', {
      description: props.description ?? `${ctx.names.prefix}: encryption at rest for the app's data, logs, parameters and alarms`,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: settings.deletionWindowDays,
      policy: policy.json,
      // Everything the environment stores is encrypted with this key: destroying it loses the data.
      lifecycle: { preventDestroy: settings.preventDestroy },
    });
    this.alias = new KmsAlias(this, 'alias', { name: settings.aliasName ?? ctx.names.kmsAlias(), targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
  }
}
