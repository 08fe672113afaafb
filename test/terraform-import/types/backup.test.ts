/**
 * aws_backup_vault, aws_backup_plan, aws_backup_selection: a vault by name with its KMS key by
 * reference, a plan by ID whose rule names its vault by
 * reference (provider defaults left out), and a selection imported as `plan-id|selection-id` that
 * points at its plan and IAM role. The plan is proven in added-types-round-trip.test.ts.
 */
import { createBackup } from '../../support/import-type-fixtures';
import { callsNotAllowed } from '../../support/import-iam-actions';
import { discoverTypes, useImportEmulator } from '../../support/import-type-test';

const TYPES = ['aws_backup_vault', 'aws_backup_plan', 'aws_backup_selection'];

describe('Backup discovery', () => {
  const { emulator } = useImportEmulator();

  it('finds the vault, the plan and its selection, each pointing at what it uses', async () => {
    const fixture = await createBackup(emulator());

    const { manifest, calls } = await discoverTypes(TYPES);
    const entries = manifest.entries;

    const vault = entries.find((e) => e.id === fixture.vault)!;
    expect([vault.decision, vault.address, vault.importId]).toEqual(['import', 'aws_backup_vault.legacy_vault', 'legacy-vault']);
    expect(vault.resource.attributes).toEqual({ name: 'legacy-vault', kmsKeyArn: { $ref: fixture.keyArn, attr: 'arn' }, tags: { Team: 'ops' } });
    expect(vault.resource.terraformOnlyArguments).toEqual(['forceDestroy']);

    const plan = entries.find((e) => e.type === 'aws_backup_plan')!;
    expect([plan.decision, plan.address, plan.importId]).toEqual(['import', 'aws_backup_plan.legacy_daily', fixture.planId]);
    expect(plan.resource.attributes).toEqual({
      name: 'legacy-daily',
      rule: [
        {
          ruleName: 'daily',
          targetVaultName: { $ref: 'legacy-vault', attr: 'name', to: 'aws_backup_vault' },
          schedule: 'cron(0 3 * * ? *)',
          scheduleExpressionTimezone: 'Etc/UTC',
          // start window 60 and completion window 180 minutes are the provider's defaults: left out
          lifecycle: { deleteAfter: 35 },
        },
      ],
      tags: { Team: 'ops' },
    });

    const selection = entries.find((e) => e.type === 'aws_backup_selection')!;
    expect([selection.decision, selection.address, selection.importId]).toEqual(['import', 'aws_backup_selection.legacy_daily_tagged', `${fixture.planId}|${fixture.selectionId}`]);
    expect(selection.resource.attributes).toEqual({
      name: 'tagged',
      planId: { $ref: fixture.planId, attr: 'id', to: 'aws_backup_plan' },
      iamRoleArn: { $ref: fixture.role, attr: 'arn', to: 'aws_iam_role' },
      selectionTag: [{ type: 'STRINGEQUALS', key: 'Backup', value: 'daily' }],
    });

    expect(callsNotAllowed(calls, TYPES)).toEqual([]);
  });
});
