/**
 * `adopt --verify`: synthesizes the adopted environment with its import file, plans it against the
 * account with the real Terraform (AWS_ENDPOINT_URL honoured, as by `import verify`), writes
 * plan.json (`terraform show -json`, secrets masked) and plan-summary.txt into the work dir, and fails
 * on any replacement or destroy. The one replacement allowed is a new ECS task-definition revision:
 * registering a revision is how a service deploys, rolling and without downtime.
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatConfigIssue } from '../../config/config-error';
import { loadEnvironmentFile } from '../../config/load-environments';
import { stackName } from '../../config/resolve-environment';
import { synthesizeEnvironments } from '../../stacks/synthesize';
import { runTerraformAsync } from '../../tooling/terraform-cli';
import { writeFileAtomic } from '../atomic-write';
import { formatSummary, PLAN_JSON, PLAN_SUMMARY, PlanSummary, prepareTerraformDir, redactPlan, summarizePlan, VerifyError } from '../verify/verify';
import { PlannedChange } from './adoption-report';

/** Resource types whose replacement is a rolling deployment, not a loss: shown, allowed. */
export const REPLACEMENT_ALLOWED = new Set(['aws_ecs_task_definition']);

/** What carries the app: a replace or destroy of one of these is named as such in the failure. */
export const CARRIES_THE_APP = new Set([
  'aws_instance',
  'aws_ebs_volume',
  'aws_volume_attachment',
  'aws_db_instance',
  'aws_kms_key',
  'aws_lb',
  'aws_lb_listener',
  'aws_lb_target_group',
  'aws_ecs_service',
  'aws_ecs_cluster',
]);

export function defaultWorkDir(app: string, environment: string): string {
  return path.join('.work', 'adopt', `${app}-${environment}`);
}

export interface AdoptionVerdict {
  summary: PlanSummary;
  passed: boolean;
  /** One line per replacement or destroy that fails the adoption. */
  failures: string[];
  inPlace: PlannedChange[];
  allowedReplacements: PlannedChange[];
  text: string;
  /** Terraform's working directory (config, state, plan.tfplan). */
  terraformDir: string;
}

const typeOf = (address: string) => address.split('.').slice(-2)[0];

/**
 * Judges a plan: replacements and destroys fail, except a task-definition revision; so does every
 * address of `expectedImports` the plan does not import (the stack did not take up the import file).
 */
export function judgePlan(summary: PlanSummary, expectedImports: readonly string[] = []): Omit<AdoptionVerdict, 'text' | 'terraformDir'> {
  const failures: string[] = [];
  const imported = new Set(summary.changes.filter((c) => c.importing).map((c) => c.address));
  for (const address of expectedImports) if (!imported.has(address)) failures.push(`${address}: in the import file, but the plan does not import it`);
  const inPlace: PlannedChange[] = [];
  const allowedReplacements: PlannedChange[] = [];
  for (const c of summary.changes) {
    const replace = c.actions.includes('create') && c.actions.includes('delete');
    const type = typeOf(c.address);
    if (replace && REPLACEMENT_ALLOWED.has(type)) {
      allowedReplacements.push({ address: c.address, what: 'new task-definition revision', attributes: c.changedAttributes });
    } else if (replace || c.actions.includes('delete')) {
      const what = replace ? 'replace' : 'destroy';
      const carries = CARRIES_THE_APP.has(type) ? ' (carries the app)' : '';
      failures.push(`${c.address}: ${what}${carries}${c.changedAttributes.length ? `, forced by ${c.changedAttributes.join(', ')}` : ''}`);
    } else if (c.actions.includes('update')) {
      inPlace.push({ address: c.address, what: 'update', attributes: c.changedAttributes });
    }
  }
  return { summary, passed: failures.length === 0, failures, inPlace, allowedReplacements };
}

export function formatVerdict(v: Omit<AdoptionVerdict, 'text' | 'terraformDir'>): string {
  const replacements = v.summary.toReplace - v.allowedReplacements.length;
  const lines = [
    `${v.summary.toImport} to import, ${v.summary.toAdd} to add, ${v.summary.toChange} to change, ${v.summary.toDestroy} to destroy; ${replacements} replace, ${v.summary.toDestroy - v.summary.toReplace} destroy (app resources kept)`,
    ...v.allowedReplacements.map((c) => `allowed: ${c.address}: ${c.what}`),
    ...v.failures.map((f) => `NOT ALLOWED: ${f}`),
  ];
  return lines.join('\n') + '\n';
}

/**
 * Plans the adopted environment `envFile` (its import file beside it) in `workDir`; `expectedImports`
 * are the Terraform addresses the import file must turn into imports.
 */
export async function verifyAdoption(envFile: string, workDir: string, expectedImports: readonly string[] = []): Promise<AdoptionVerdict> {
  const { loaded, issues } = loadEnvironmentFile(envFile, envFile);
  if (!loaded) throw new VerifyError(`${envFile} does not load:\n${issues.map(formatConfigIssue).join('\n')}`);
  fs.mkdirSync(workDir, { recursive: true });
  const outdir = path.join(workDir, 'cdktf.out');
  synthesizeEnvironments([loaded], outdir);
  const stackJson = path.join(outdir, 'stacks', stackName(loaded.environment), 'cdk.tf.json');
  const tfDir = prepareTerraformDir(workDir, stackJson);
  // asynchronous, so two adoptions (or an adoption and other work) can plan side by side
  const step = async (args: string[]) => {
    const res = await runTerraformAsync(tfDir, args);
    if (res.status !== 0) throw new VerifyError(`terraform ${args[0]} failed in ${tfDir}:\n${(res.stderr || res.stdout).trim()}`);
    return res.stdout;
  };
  await step(['init', '-input=false']);
  await step(['plan', '-input=false', '-out=plan.tfplan']);
  const plan = JSON.parse(await step(['show', '-json', 'plan.tfplan'])) as Parameters<typeof summarizePlan>[0] & Record<string, unknown>;
  const summary = summarizePlan(plan);
  const verdict = judgePlan(summary, expectedImports);
  const text = formatVerdict(verdict) + formatSummary(summary);
  writeFileAtomic(path.join(workDir, PLAN_JSON), JSON.stringify(redactPlan(plan), null, 1) + '\n');
  writeFileAtomic(path.join(workDir, PLAN_SUMMARY), text);
  return { ...verdict, text, terraformDir: tfDir };
}
