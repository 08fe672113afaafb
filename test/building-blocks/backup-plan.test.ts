/** AWS Backup on its own: an encrypted vault guarded in production, tiered rules, a tag-scoped selection, an alarm. */
import { BACKUP_TAG_KEY, BackupPlan } from '../../blueprints/building-blocks/backup-plan';
import { resolveBackup } from '../../config/resolve-environment';
import { allOf, blockContext, refTo, resource, statementsOf, synthBlock, tierDefaults, TIERS } from '../support/building-block-synth';

const KEY = 'arn:aws:kms:eu-central-1:123456789012:key/app';
const TOPIC = 'arn:aws:sns:eu-central-1:123456789012:shop-test-alarms';

describe.each(TIERS)('BackupPlan, %s tier', (tier) => {
  const production = tier === 'production';
  const json = synthBlock(
    (scope) => new BackupPlan(scope, 'backup', { ctx: blockContext(), settings: resolveBackup(undefined, tierDefaults(tier)), kmsKeyArn: KEY, alarmTopicArn: TOPIC }),
  );
  const vault = resource(json, 'aws_backup_vault', 'backup_vault');

  it("encrypts the vault with the app's key", () => {
    expect(vault.kms_key_arn).toBe(KEY);
    expect(vault.name).toBe('shop-test-backup');
  });

  it('keeps a production vault and its recovery points on destroy (no force_destroy, prevent_destroy)', () => {
    expect(vault.force_destroy).toBe(!production);
    expect(vault.lifecycle).toEqual({ prevent_destroy: production });
  });

  it('in production, denies everyone deleting or shortening recovery points: only their lifecycle expires them', () => {
    const policies = allOf(json, 'aws_backup_vault_policy');
    if (!production) {
      expect(policies).toEqual({});
      return;
    }
    expect(policies['backup_vault-policy'].backup_vault_name).toBe(refTo(json, 'aws_backup_vault', 'backup_vault', 'name'));
    expect(statementsOf(json, 'backup_vault-policy-document').RecoveryPointsOnlyExpire).toEqual({
      sid: 'RecoveryPointsOnlyExpire',
      effect: 'Deny',
      principals: [{ type: 'AWS', identifiers: ['*'] }],
      actions: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
      resources: ['*'],
    });
  });

  it('keeps daily points 35 days in production (7 in test), and weekly 90 / monthly 365 days in production only', () => {
    const rules = resource(json, 'aws_backup_plan', 'backup_plan').rule as Record<string, unknown>[];
    const expected = production
      ? [
          ['daily', 'cron(0 23 * * ? *)', 35],
          ['weekly', 'cron(0 23 ? * SUN *)', 90],
          ['monthly', 'cron(0 23 1 * ? *)', 365],
        ]
      : [['daily', 'cron(0 23 * * ? *)', 7]];
    expect(rules).toEqual(
      expected.map(([ruleName, schedule, days]) => ({
        rule_name: ruleName,
        target_vault_name: refTo(json, 'aws_backup_vault', 'backup_vault', 'name'),
        schedule,
        start_window: 60,
        completion_window: 480,
        lifecycle: { delete_after: days },
        recovery_point_tags: { [BACKUP_TAG_KEY]: 'shop-test-backup', Rule: ruleName },
      })),
    );
  });

  it("selects only this account's instances, volumes and databases that carry the environment's backup tag", () => {
    const selection = resource(json, 'aws_backup_selection', 'backup_selection');
    expect(selection.resources).toEqual([
      'arn:aws:ec2:eu-central-1:123456789012:instance/*',
      'arn:aws:ec2:eu-central-1:123456789012:volume/*',
      'arn:aws:rds:eu-central-1:123456789012:db:*',
    ]);
    expect(selection.condition).toEqual([{ string_equals: [{ key: 'aws:ResourceTag/BackupPlan', value: 'shop-test-backup' }] }]);
    expect(selection.iam_role_arn).toBe(refTo(json, 'aws_iam_role', 'backup_role', 'arn'));
    // Role name and description are part of its identity in IAM: a change replaces the role.
    expect(resource(json, 'aws_iam_role', 'backup_role')).toMatchObject({
      name: 'shop-test-backup',
      description: 'AWS Backup for shop-test: snapshot and restore the tagged instances, volumes and databases',
    });
  });

  it('runs as a role that only AWS Backup of this account can assume, with the AWS-managed backup and restore policies', () => {
    const trust = statementsOf(json, 'backup_role-trust');
    const statement = Object.values(trust)[0];
    expect(statement.principals).toEqual([{ type: 'Service', identifiers: ['backup.amazonaws.com'] }]);
    expect(statement.actions).toEqual(['sts:AssumeRole']);
    expect(statement.condition).toEqual([{ test: 'StringEquals', variable: 'aws:SourceAccount', values: ['123456789012'] }]);
    expect(Object.values(allOf(json, 'aws_iam_role_policy_attachment')).map((a) => a.policy_arn).sort()).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
      'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
    ]);
  });

  it('pages when a backup job fails', () => {
    const alarm = resource(json, 'aws_cloudwatch_metric_alarm', 'backup_failed-jobs-alarm');
    expect(alarm).toMatchObject({
      alarm_name: 'shop-test-backup-jobs-failed',
      alarm_description: 'A backup job of shop-test failed',
      dimensions: { BackupVaultName: refTo(json, 'aws_backup_vault', 'backup_vault', 'name') },
      namespace: 'AWS/Backup',
      metric_name: 'NumberOfBackupJobsFailed',
      statistic: 'Sum',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 0,
      period: 3600,
      alarm_actions: [TOPIC],
    });
  });
});

describe('BackupPlan with weekly and monthly off', () => {
  it('creates no rule for a retention of 0', () => {
    const settings = { ...resolveBackup(undefined, tierDefaults('production')), weeklyRetentionDays: 0, monthlyRetentionDays: 0 };
    const json = synthBlock((scope) => new BackupPlan(scope, 'backup', { ctx: blockContext(), settings, kmsKeyArn: KEY, alarmTopicArn: TOPIC }));
    expect((resource(json, 'aws_backup_plan', 'backup_plan').rule as { rule_name: string }[]).map((r) => r.rule_name)).toEqual(['daily']);
  });
});
