/**
 * The account's CloudTrail: one multi-region trail with global service events and log-file
 * validation (tamper evidence), encrypted with the baseline key, delivering to the audit bucket,
 * copying events to an encrypted CloudWatch Logs group (for metric filters and queries), and
 * announcing each delivered file on a KMS-encrypted SNS topic that only this trail may publish to.
 */
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ResolvedCentralLogs } from '../../config/resolve-environment';
import { EncryptedLogGroup } from '../building-blocks/encrypted-log-group';
import { arnFor, EnvironmentContext } from '../building-blocks/environment-context';
import { assumeRoleDocument, policyDocument } from '../building-blocks/policy-document';
import { CLOUDTRAIL_PREFIX } from './audit-bucket';

/** The trail's name and ARN, known before it exists (the bucket and key policies name it). */
export function trailIdentity(ctx: EnvironmentContext): { name: string; arn: string } {
  const name = ctx.names.name('trail', 128);
  return { name, arn: arnFor(ctx, 'cloudtrail', `trail/${name}`) };
}

export interface AuditTrailProps {
  ctx: EnvironmentContext;
  kmsKeyArn: string;
  bucketName: string;
  /** Days the CloudWatch Logs copy keeps events. */
  logRetentionDays: number;
  /** Subscribes the CloudWatch Logs copy to the central log store. @default off */
  centralLogs?: ResolvedCentralLogs;
  /** Resources that must exist first, e.g. the bucket policy CloudTrail checks at creation. */
  dependsOn: ITerraformDependable[];
}

export class AuditTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly topic: SnsTopic;
  readonly logGroup: EncryptedLogGroup;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const { ctx } = props;
    const { name, arn } = trailIdentity(ctx);
    this.topic = new SnsTopic(this, 'topic', { name: ctx.names.name('trail-deliveries', 256), kmsMasterKeyId: props.kmsKeyArn });
    const thisTrail = { test: 'StringEquals', variable: 'aws:SourceArn', values: [arn] };
    const topicPolicy = new SnsTopicPolicy(this, 'topic-policy', {
      arn: this.topic.arn,
      policy: policyDocument(this, 'topic-policy-document', [
        {
          sid: 'ThisTrailPublishes',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
          actions: ['sns:Publish'],
          resources: [this.topic.arn],
          condition: [thisTrail],
        },
      ]).json,
    });
    this.logGroup = new EncryptedLogGroup(this, 'logs', { ctx, path: 'cloudtrail', kmsKeyArn: props.kmsKeyArn, retentionDays: props.logRetentionDays, centralLogs: props.centralLogs });
    const logsRole = new IamRole(this, 'logs-role', {
      name: ctx.names.name('trail-logs', 64),
      description: 'CloudTrail: copy the trail to its CloudWatch Logs group',
      assumeRolePolicy: assumeRoleDocument(this, 'logs-role-trust', 'cloudtrail.amazonaws.com', ctx.account).json,
    });
    const logsPolicy = new IamRolePolicy(this, 'logs-role-policy', {
      name: 'write-trail-log-group',
      role: logsRole.id,
      policy: policyDocument(this, 'logs-role-policy-document', [
        { sid: 'WriteTrailEvents', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${this.logGroup.logGroup.arn}:log-stream:*`] },
      ]).json,
    });
    this.trail = new Cloudtrail(this, 'trail', {
      name,
      s3BucketName: props.bucketName,
      s3KeyPrefix: CLOUDTRAIL_PREFIX,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: props.kmsKeyArn,
      // The name, not the ARN: for a topic in the trail's own account and region the provider reads the
      // name back, so an ARN here showed as a change in every plan (hashicorp/terraform-provider-aws#41263).
      snsTopicName: this.topic.name,
      cloudWatchLogsGroupArn: `${this.logGroup.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: logsRole.arn,
      // CloudTrail checks at creation that the role may write the group and that the bucket and topic
      // policies admit it.
      dependsOn: [...props.dependsOn, logsPolicy, topicPolicy],
    });
  }
}
