/**
 * AWS Config in one region: a recorder of every supported resource type (global IAM resources only
 * in the home region, so they are not recorded once per region), delivering snapshots to the audit
 * bucket through a role of its own that may write there and encrypt with the baseline key.
 */
import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { EnvironmentContext } from '../building-blocks/environment-context';
import { assumeRoleDocument, policyDocument } from '../building-blocks/policy-document';
import { CONFIG_PREFIX } from './audit-bucket';

export interface ConfigRecorderProps {
  ctx: EnvironmentContext;
  bucketName: string;
  bucketArn: string;
  kmsKeyArn: string;
  /** Record IAM users, roles and policies too (once per account: in the home region). */
  includeGlobalResourceTypes: boolean;
  snapshotDeliveryFrequency: string;
}

export class ConfigRecorder extends Construct {
  readonly recorder: ConfigConfigurationRecorder;
  /** Rules must wait for this: a rule without a running recorder evaluates nothing. */
  readonly status: ConfigConfigurationRecorderStatus;

  constructor(scope: Construct, id: string, props: ConfigRecorderProps) {
    super(scope, id);
    const { ctx } = props;
    const role = new IamRole(this, 'role', {
      name: ctx.names.name('config', 64),
      description: 'AWS Config: read resource configurations, deliver them to the audit bucket',
      assumeRolePolicy: assumeRoleDocument(this, 'trust', 'config.amazonaws.com', ctx.account).json,
    });
    new IamRolePolicyAttachment(this, 'read-configurations', {
      role: role.name,
      policyArn: `arn:${ctx.partition}:iam::aws:policy/service-role/AWS_ConfigRole`,
    });
    new IamRolePolicy(this, 'deliver', {
      name: 'deliver-to-audit-bucket',
      role: role.id,
      policy: policyDocument(this, 'deliver-document', [
        { sid: 'CheckBucketAcl', actions: ['s3:GetBucketAcl'], resources: [props.bucketArn] },
        { sid: 'WriteSnapshots', actions: ['s3:PutObject'], resources: [`${props.bucketArn}/${CONFIG_PREFIX}/AWSLogs/${ctx.account}/*`] },
        { sid: 'EncryptSnapshots', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.kmsKeyArn] },
      ]).json,
    });
    this.recorder = new ConfigConfigurationRecorder(this, 'recorder', {
      name: ctx.names.name('config'),
      roleArn: role.arn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: props.includeGlobalResourceTypes },
    });
    const channel = new ConfigDeliveryChannel(this, 'delivery-channel', {
      name: ctx.names.name('config'),
      s3BucketName: props.bucketName,
      s3KeyPrefix: CONFIG_PREFIX,
      s3KmsKeyArn: props.kmsKeyArn,
      snapshotDeliveryProperties: { deliveryFrequency: props.snapshotDeliveryFrequency },
      dependsOn: [this.recorder],
    });
    this.status = new ConfigConfigurationRecorderStatus(this, 'status', {
      name: this.recorder.name,
      isEnabled: true,
      dependsOn: [channel],
    });
  }
}
