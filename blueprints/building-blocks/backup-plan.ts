/**
 * AWS Backup for one app environment: a vault encrypted with the app key, a tiered plan (daily;
 * weekly and monthly where the tier keeps them), and a selection of this account's EC2 instances,
 * EBS volumes and RDS databases that carry the environment's backup tag. An instance backup is an AMI
 * with snapshots of every attached volume, so tagging an instance covers its volumes; a volume that
 * carries the tag itself is also backed up alone, to be restored without its instance. Where the
 * tier asks for it (production), a vault policy stops anyone from deleting or shortening recovery
 * points: only their lifecycle expires them.
 */
import { BackupPlan as AwsBackupPlan, BackupPlanRule } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { BackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import { BackupVaultPolicy } from '@cdktf/provider-aws/lib/backup-vault-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { ResolvedBackup } from '../../config/resolve-environment';
import { arnFor, EnvironmentContext } from './environment-context';
import { metricAlarm } from './metric-alarm';
import { RESOURCE_TAG_KEYS } from '../../config/resource-names';
import { assumeRoleDocument, policyDocument } from './policy-document';

/** The tag key that puts a resource into its environment's backup selection. */
export const BACKUP_TAG_KEY = RESOURCE_TAG_KEYS.backupPlan;

/**
 * 23:00 UTC, hours before the 03:00 patch window, so an instance is backed up before it is patched.
 * The rules start together; where they overlap AWS Backup keeps the one with the longest retention.
 */
const SCHEDULES = {
  daily: 'cron(0 23 * * ? *)',
  weekly: 'cron(0 23 ? * SUN *)',
  monthly: 'cron(0 23 1 * ? *)',
} as const;

export interface BackupPlanProps {
  ctx: EnvironmentContext;
  settings: ResolvedBackup;
  kmsKeyArn: string;
  alarmTopicArn: string;
}

export class BackupPlan extends Construct {
  readonly vault: BackupVault;
  readonly plan: AwsBackupPlan;
  /** Tag (key and value) a resource needs to be backed up by this plan. */
  readonly selectionTag: { key: string; value: string };

  constructor(scope: Construct, id: string, props: BackupPlanProps) {
    super(scope, id);
    const { ctx, settings } = props;
    const name = ctx.names.backup();
    this.selectionTag = { key: BACKUP_TAG_KEY, value: name };

    this.vault = new BackupVault(this, 'vault', {
      name,
      kmsKeyArn: props.kmsKeyArn,
      forceDestroy: settings.vaultForceDestroy,
      // The vault holds the only copies of instances that must never be rebuilt from an image.
      lifecycle: { preventDestroy: settings.vaultPreventDestroy },
    });
    if (settings.recoveryPointsOnlyExpire) {
      new BackupVaultPolicy(this, 'vault-policy', {
        backupVaultName: this.vault.name,
        policy: policyDocument(this, 'vault-policy-document', [
          {
            sid: 'RecoveryPointsOnlyExpire',
            effect: 'Deny',
            principals: [{ type: 'AWS', identifiers: ['*'] }],
            actions: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
            resources: ['*'],
          },
        ]).json,
      });
    }

    const rules: BackupPlanRule[] = [];
    const rule = (ruleName: keyof typeof SCHEDULES, days: number) => {
      if (days <= 0) return;
      rules.push({
        ruleName,
        targetVaultName: this.vault.name,
        schedule: SCHEDULES[ruleName],
        startWindow: 60,
        completionWindow: 480,
        lifecycle: { deleteAfter: days },
        recoveryPointTags: { [BACKUP_TAG_KEY]: name, Rule: ruleName },
      });
    };
    rule('daily', settings.dailyRetentionDays);
    rule('weekly', settings.weeklyRetentionDays);
    rule('monthly', settings.monthlyRetentionDays);
    this.plan = new AwsBackupPlan(this, 'plan', { name, rule: rules });

    const role = new IamRole(this, 'role', {
      name: ctx.names.backup(),
      description: `AWS Backup for ${ctx.names.prefix}: snapshot and restore the tagged instances, volumes and databases`,
      assumeRolePolicy: assumeRoleDocument(this, 'role-trust', 'backup.amazonaws.com', ctx.account).json,
    });
    for (const [policyId, policy] of [
      ['backup-policy', 'AWSBackupServiceRolePolicyForBackup'],
      ['restore-policy', 'AWSBackupServiceRolePolicyForRestores'],
    ]) {
      new IamRolePolicyAttachment(this, policyId, { role: role.name, policyArn: `arn:${ctx.partition}:iam::aws:policy/service-role/${policy}` });
    }
    new BackupSelection(this, 'selection', {
      name,
      planId: this.plan.id,
      iamRoleArn: role.arn,
      // Resource types of this account and region, narrowed by the condition to this environment's tag.
      resources: [arnFor(ctx, 'ec2', 'instance/*'), arnFor(ctx, 'ec2', 'volume/*'), arnFor(ctx, 'rds', 'db:*')],
      condition: [{ stringEquals: [{ key: `aws:ResourceTag/${BACKUP_TAG_KEY}`, value: name }] }],
    });

    metricAlarm(this, 'failed-jobs-alarm', {
      ctx,
      name: 'backup-jobs-failed',
      description: `A backup job of ${ctx.names.prefix} failed`,
      namespace: 'AWS/Backup',
      metricName: 'NumberOfBackupJobsFailed',
      dimensions: { BackupVaultName: this.vault.name },
      statistic: 'Sum',
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      periodSeconds: 3600,
      evaluationPeriods: 1,
      topicArn: props.alarmTopicArn,
    });
  }
}
