/**
 * One round trip for the import types added after the first onboarding (ACM, ECS, Backup, Config,
 * S3 lifecycle and policy, inline role policies): their resources are built out of band in one
 * emulator, `import onboard` discovers them (with the VPC, subnets, groups, target group, roles, key
 * and buckets they point at), generates the stack and verifies it with one `terraform init` + `plan`.
 * The plan must import every resource and add, change and destroy nothing: that proves each type's
 * import ID and arguments, and the references between them, against the real provider.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../terraform-import/cli';
import { readManifest } from '../../../terraform-import/manifest/manifest';
import { PLAN_JSON, PLAN_SUMMARY } from '../../../terraform-import/verify/verify';
import { logTail } from '../../../test-bed/emulator';
import { WORK_DIR } from '../../../tooling/terraform-cli';
import {
  CLEAR_TEXT_SECRET,
  createBackup,
  createBucketWithLifecycleAndPolicy,
  createCertificate,
  createConfigRecorderAndRule,
  createEcsService,
  createInlineRolePolicy,
} from '../../support/import-type-fixtures';
import { useImportEmulator } from '../../support/import-type-test';

jest.setTimeout(5 * 60_000);

/** The review artefacts under `dir` (Terraform's own state and plan file apart: they hold every value by design) that contain `text`. */
function filesHolding(dir: string, text: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile() && !/(\.tfstate(\.backup)?|\.tfplan)$/.test(f) && !f.includes(`${path.sep}.terraform${path.sep}`))
    .filter((f) => fs.readFileSync(f).includes(text))
    .map((f) => path.relative(dir, f));
}

const ADDED_TYPES = [
  'aws_acm_certificate',
  'aws_ecs_cluster',
  'aws_ecs_task_definition',
  'aws_ecs_service',
  'aws_backup_vault',
  'aws_backup_plan',
  'aws_backup_selection',
  'aws_config_configuration_recorder',
  'aws_config_delivery_channel',
  'aws_config_configuration_recorder_status',
  'aws_config_config_rule',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_s3_bucket_policy',
  'aws_iam_role_policy',
];
/** What the added types point at, imported beside them so the references are proven too. */
const POINTED_AT = ['aws_vpc', 'aws_subnet', 'aws_security_group', 'aws_lb_target_group', 'aws_iam_role', 'aws_kms_key', 'aws_s3_bucket'];

describe('import round trip of the added types', () => {
  const { emulator } = useImportEmulator();

  it('onboards them all with a plan of imports only, references wired', async () => {
    await createCertificate(emulator());
    await createInlineRolePolicy(emulator());
    await createBucketWithLifecycleAndPolicy(emulator());
    const ecs = await createEcsService(emulator());
    await createBackup(emulator());
    await createConfigRecorderAndRule(emulator());

    const root = fs.mkdtempSync(path.join(fs.existsSync(WORK_DIR) ? WORK_DIR : os.tmpdir(), 'import-types-'));
    const out = path.join(root, 'onboard');
    const lines: string[] = [];
    const code = await main(['onboard', '--region', 'eu-central-1', '--types', [...ADDED_TYPES, ...POINTED_AT].join(','), '--out', out], (l) => lines.push(l), (l) => lines.push(l));
    const context = `${lines.join('\n')}\nwork: ${root}\nemulator log:\n${logTail(emulator().logFile, 10)}`;
    // on failure, the run's output says which resource planned a change, and why
    expect(code === 0 ? 'exit 0' : `exit ${code}\n${context}`).toBe('exit 0');

    const imported = readManifest(path.join(out, 'manifest.yaml')).entries.filter((e) => e.decision === 'import');
    // every added type was found, and each import ID was accepted by the provider
    expect(ADDED_TYPES.filter((t) => !imported.some((e) => e.type === t))).toEqual([]);
    const summary = fs.readFileSync(path.join(out, PLAN_SUMMARY), 'utf8');
    expect(summary).toBe(`${imported.length} to import, 0 to add, 0 to change, 0 to destroy\n`);
    const plan = JSON.parse(fs.readFileSync(path.join(out, PLAN_JSON), 'utf8')) as { resource_changes: { address: string; change: { actions: string[]; importing?: object } }[] };
    expect(plan.resource_changes.filter((r) => !r.change.importing || r.change.actions.join() !== 'no-op').map((r) => r.address)).toEqual([]);

    // references, not literal IDs, between the imported resources
    const stack = fs.readFileSync(path.join(out, 'imported-stack.ts'), 'utf8');
    expect(stack).toMatch(/cluster: shop\.arn,/);
    expect(stack).toContain('taskDefinition: `${shopWeb1.getStringAttribute("family")}:${shopWeb1.getStringAttribute("revision")}`,');
    expect(stack).toMatch(/targetGroupArn: shopWeb\w*\.arn,/);
    expect(stack).toMatch(/executionRoleArn: shopTaskExecution\.arn,/);
    expect(stack).toMatch(/kmsKeyArn: \w+\.arn,/);
    expect(stack).toMatch(/targetVaultName: legacyVault\.name,/);
    expect(stack).toMatch(/planId: legacyDaily\.id,/);
    expect(stack).toMatch(/s3BucketName: legacyConfigHistory\.bucket,/);
    expect(stack).toMatch(/name: defaultRecorder\.name,/);
    expect(stack).toMatch(/role: inlineApp\.name,/);
    expect(stack).toMatch(/bucket: legacyReports\.bucket,/);
    for (const id of [...ecs.subnets, ecs.securityGroup]) expect(stack.split(`"${id}"`).length - 1).toBe(1);

    // the task definition's secret in clear reached neither the code nor any other file of the output,
    // and the plan above is still of imports only: ignore_changes keeps the placeholder from being applied
    expect(stack).toContain('ignoreChanges: ["container_definitions","skip_destroy","track_latest"]');
    expect(filesHolding(out, CLEAR_TEXT_SECRET)).toEqual([]);
  });
});
