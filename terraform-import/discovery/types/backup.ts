/**
 * AWS Backup vaults (by name), plans (by ID) and their selections (`plan-id|selection-id`). A plan's
 * rules point at their vault by reference, a vault at its KMS key, a selection at its plan and IAM
 * role. AWS-managed vaults (aws/…) are AWS's.
 */
import {
  BackupPlan,
  BackupRule,
  GetBackupPlanCommand,
  GetBackupSelectionCommand,
  Lifecycle,
  paginateListBackupPlans,
  paginateListBackupSelections,
  paginateListBackupVaults,
  paginateListTags,
} from '@aws-sdk/client-backup';
import { AttrValue, DiscoveredResource, kmsKeyRef, ref } from '../model';
import { DiscoveryContext, ResourceTypeModule, collect, defined, tagsArgument } from '../resource-type';

const listTags = async (ctx: DiscoveryContext, arn: string): Promise<Record<string, string>> => {
  const pages = await collect(paginateListTags({ client: ctx.clients.backup }, { ResourceArn: arn }), (p) => [p.Tags ?? {}]);
  return Object.assign({}, ...pages) as Record<string, string>;
};

export const backupVaultType: ResourceTypeModule = {
  type: 'aws_backup_vault',
  resource: { module: 'backup-vault', className: 'BackupVault' },
  iamActions: ['backup:ListBackupVaults', 'backup:ListTags'],
  async discover(ctx) {
    const vaults = await collect(paginateListBackupVaults({ client: ctx.clients.backup }, {}), (p) => p.BackupVaultList);
    return ctx.each('aws_backup_vault', vaults, (v) => v.BackupVaultName!, async (v): Promise<DiscoveredResource> => {
      const managed = v.BackupVaultName!.startsWith('aws/');
      // a logically air-gapped or restore-access vault is another Terraform type (or none)
      const otherKind = v.VaultType && v.VaultType !== 'BACKUP_VAULT' ? v.VaultType : undefined;
      const tags = managed ? {} : await listTags(ctx, v.BackupVaultArn!);
      return {
        type: 'aws_backup_vault',
        id: v.BackupVaultName!,
        importId: v.BackupVaultName!,
        name: tags.Name ?? v.BackupVaultName!,
        tags,
        altIds: [v.BackupVaultArn!],
        skipReason: managed ? 'AWS-managed: a vault AWS Backup created for a service' : otherKind ? `a ${otherKind}, not a standard vault: not an aws_backup_vault` : undefined,
        // whether `terraform destroy` deletes recovery points with the vault: Terraform's to say
        terraformOnlyArguments: ['forceDestroy'],
        attributes: {
          name: v.BackupVaultName!,
          ...(v.EncryptionKeyArn ? { kmsKeyArn: kmsKeyRef(v.EncryptionKeyArn) } : {}),
          ...tagsArgument(tags),
        },
      };
    });
  },
};

function lifecycle(l: Lifecycle | undefined): Record<string, AttrValue> | undefined {
  if (!l) return undefined;
  const out = defined({ coldStorageAfter: l.MoveToColdStorageAfterDays, deleteAfter: l.DeleteAfterDays, optInToArchiveForSupportedResources: l.OptInToArchiveForSupportedResources || undefined });
  return Object.keys(out).length ? out : undefined;
}

function rule(r: BackupRule): Record<string, AttrValue> {
  return defined({
    ruleName: r.RuleName!,
    targetVaultName: ref(r.TargetBackupVaultName!, 'name', undefined, 'aws_backup_vault'),
    schedule: r.ScheduleExpression,
    // AWS reports Etc/UTC when none was given; the provider reads it back the same
    scheduleExpressionTimezone: r.ScheduleExpressionTimezone,
    // provider defaults 60 and 180 minutes
    startWindow: r.StartWindowMinutes !== undefined && r.StartWindowMinutes !== 60 ? r.StartWindowMinutes : undefined,
    completionWindow: r.CompletionWindowMinutes !== undefined && r.CompletionWindowMinutes !== 180 ? r.CompletionWindowMinutes : undefined,
    enableContinuousBackup: r.EnableContinuousBackup || undefined,
    lifecycle: lifecycle(r.Lifecycle),
    recoveryPointTags: r.RecoveryPointTags && Object.keys(r.RecoveryPointTags).length ? r.RecoveryPointTags : undefined,
    copyAction: r.CopyActions?.length
      ? r.CopyActions.map((c) => defined({ destinationVaultArn: ref(c.DestinationBackupVaultArn!, 'arn', undefined, 'aws_backup_vault'), lifecycle: lifecycle(c.Lifecycle) }))
      : undefined,
  });
}

const planAttributes = (plan: BackupPlan, advanced: { ResourceType?: string; BackupOptions?: Record<string, string> }[] | undefined, tags: Record<string, string>): Record<string, AttrValue> => ({
  name: plan.BackupPlanName!,
  rule: (plan.Rules ?? []).map(rule),
  ...(advanced?.length ? { advancedBackupSetting: advanced.map((a) => ({ resourceType: a.ResourceType!, backupOptions: a.BackupOptions ?? {} })) } : {}),
  ...tagsArgument(tags),
});

const listPlans = (ctx: DiscoveryContext) => ctx.once('backup:ListBackupPlans', () => collect(paginateListBackupPlans({ client: ctx.clients.backup }, {}), (p) => p.BackupPlansList));

export const backupPlanType: ResourceTypeModule = {
  type: 'aws_backup_plan',
  resource: { module: 'backup-plan', className: 'BackupPlan' },
  iamActions: ['backup:ListBackupPlans', 'backup:GetBackupPlan', 'backup:ListTags'],
  async discover(ctx) {
    return ctx.each('aws_backup_plan', await listPlans(ctx), (p) => p.BackupPlanId!, async (p): Promise<DiscoveredResource> => {
      const got = await ctx.clients.backup.send(new GetBackupPlanCommand({ BackupPlanId: p.BackupPlanId }));
      const tags = await listTags(ctx, p.BackupPlanArn!);
      return {
        type: 'aws_backup_plan',
        id: p.BackupPlanId!,
        importId: p.BackupPlanId!,
        name: tags.Name ?? p.BackupPlanName!,
        tags,
        altIds: [p.BackupPlanArn!],
        attributes: planAttributes(got.BackupPlan!, got.AdvancedBackupSettings, tags),
      };
    });
  },
};

export const backupSelectionType: ResourceTypeModule = {
  type: 'aws_backup_selection',
  resource: { module: 'backup-selection', className: 'BackupSelection' },
  iamActions: ['backup:ListBackupPlans', 'backup:ListBackupSelections', 'backup:GetBackupSelection'],
  async discover(ctx) {
    const plans = await listPlans(ctx);
    const perPlan = await ctx.each('aws_backup_selection', plans, (p) => p.BackupPlanId!, async (p) => {
      const listed = await collect(paginateListBackupSelections({ client: ctx.clients.backup }, { BackupPlanId: p.BackupPlanId }), (page) => page.BackupSelectionsList);
      return Promise.all(
        listed.map(async (l): Promise<DiscoveredResource> => {
          const s = (await ctx.clients.backup.send(new GetBackupSelectionCommand({ BackupPlanId: p.BackupPlanId, SelectionId: l.SelectionId }))).BackupSelection!;
          const id = `${p.BackupPlanId}|${l.SelectionId}`;
          const c = s.Conditions;
          const conditions = c
            ? defined({
                stringEquals: c.StringEquals?.length ? c.StringEquals.map((x) => ({ key: x.ConditionKey!, value: x.ConditionValue! })) : undefined,
                stringNotEquals: c.StringNotEquals?.length ? c.StringNotEquals.map((x) => ({ key: x.ConditionKey!, value: x.ConditionValue! })) : undefined,
                stringLike: c.StringLike?.length ? c.StringLike.map((x) => ({ key: x.ConditionKey!, value: x.ConditionValue! })) : undefined,
                stringNotLike: c.StringNotLike?.length ? c.StringNotLike.map((x) => ({ key: x.ConditionKey!, value: x.ConditionValue! })) : undefined,
              })
            : {};
          return {
            type: 'aws_backup_selection',
            id,
            importId: id,
            name: `${p.BackupPlanName}_${s.SelectionName}`,
            tags: {},
            attributes: defined({
              name: s.SelectionName!,
              planId: ref(p.BackupPlanId!, 'id', undefined, 'aws_backup_plan'),
              iamRoleArn: ref(s.IamRoleArn!, 'arn', undefined, 'aws_iam_role'),
              resources: s.Resources?.length ? s.Resources : undefined,
              notResources: s.NotResources?.length ? s.NotResources : undefined,
              selectionTag: s.ListOfTags?.length ? s.ListOfTags.map((t) => ({ type: t.ConditionType!, key: t.ConditionKey!, value: t.ConditionValue! })) : undefined,
              condition: Object.keys(conditions).length ? [conditions] : undefined,
            }),
          };
        }),
      );
    });
    return perPlan.flat();
  },
};
