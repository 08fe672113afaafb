/**
 * Proves a generated stack: synthesizes it, runs `terraform init` (during the synthesis where it can,
 * early-init.ts) and `plan` with the offline provider mirror, writes DIR/plan.json (`terraform show -json`) and a summary. Import IDs are proven here: a
 * wrong one fails the plan. A plan passes when it only imports (0 to add, 0 to change, 0 to destroy);
 * with allowUpdates, in-place updates pass too, never a replacement or a destroy.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '../atomic-write';
import { maskContainerDefinitions } from '../secret-environment';
import { gitlabStateEnv, StateBackendError } from '../../stacks/gitlab-state-env';
import { APP_FILE, BACKEND_FILE, DECLARED_FILE, STACK_NAME, StateSettings } from '../generate/generate-stack';
import { PROJECT_ROOT, runTerraform } from '../../tooling/terraform-cli';
import { finishEarlyInit, startEarlyInit } from './early-init';
import { APP_COMPILER_OPTIONS, TranspiledApp, transpileApp, TranspileError } from './transpile-app';

/** Runs the generated app's TypeScript from what transpile-app.ts made of it. */
const SYNTH_LOADER = path.join(__dirname, 'synth-loader.js');

export const PLAN_JSON = 'plan.json';
export const PLAN_SUMMARY = 'plan-summary.txt';
/** Terraform's working directory under DIR: the synthesized config and the local state. */
export const TERRAFORM_DIR = 'terraform';

export interface ResourceChange {
  address: string;
  actions: string[];
  importing: boolean;
  /** Attributes whose planned value differs from the imported one. */
  changedAttributes: string[];
  /** Declared without import (see PlanSummary.toDeclare). */
  declared?: boolean;
}

export interface PlanSummary {
  toImport: number;
  /** Declared resources Terraform cannot import, created by re-registering (idempotent). */
  toDeclare: number;
  toAdd: number;
  toChange: number;
  toDestroy: number;
  /** Resources to replace (each also counts as one to add and one to destroy). */
  toReplace: number;
  changes: ResourceChange[];
}

export class VerifyError extends Error {}

type PlanJson = {
  resource_changes?: {
    address: string;
    mode: string;
    change: {
      actions: string[];
      before?: Record<string, unknown> | null;
      after?: Record<string, unknown> | null;
      after_unknown?: Record<string, unknown>;
      importing?: unknown;
      replace_paths?: (string | number)[][];
    };
  }[];
};

export function summarizePlan(plan: PlanJson, declared: ReadonlySet<string> = new Set()): PlanSummary {
  const s: PlanSummary = { toImport: 0, toDeclare: 0, toAdd: 0, toChange: 0, toDestroy: 0, toReplace: 0, changes: [] };
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== 'managed') continue;
    const { actions, before, after, after_unknown: unknown } = rc.change;
    const importing = rc.change.importing !== undefined && rc.change.importing !== null;
    if (importing) s.toImport++;
    const replace = actions.includes('create') && actions.includes('delete');
    if (replace) s.toReplace++;
    if (actions.length === 1 && actions[0] === 'create' && declared.has(rc.address)) s.toDeclare++;
    else if (actions.includes('create')) s.toAdd++;
    if (actions.includes('delete')) s.toDestroy++;
    if (actions.includes('update')) s.toChange++;
    if (actions.every((a) => a === 'no-op' || a === 'read') && !importing) continue;
    const compared = actions.includes('update') || replace;
    // known values that differ, and what forces a replacement (computed values that become unknown
    // on a replacement are its consequence, not its cause)
    const forcing = new Set((rc.change.replace_paths ?? []).map((p) => String(p[0])));
    const keys = compared ? new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]) : new Set<string>();
    const changedAttributes = [...keys]
      .filter((k) => forcing.has(k) || (unknown?.[k] !== true && JSON.stringify((before ?? {})[k] ?? null) !== JSON.stringify((after ?? {})[k] ?? null)))
      .sort();
    s.changes.push({ address: rc.address, actions, importing, changedAttributes, ...(declared.has(rc.address) ? { declared: true } : {}) });
  }
  return s;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Replaces every value its sensitivity mask marks (Terraform's `*_sensitive` / `sensitive_values`), and
 * the secret-looking environment values of a task definition, which the provider does not mark.
 */
function redact(value: Json, mask: Json | undefined): Json {
  const masked = redactSensitive(value, mask);
  if (masked === null || typeof masked !== 'object' || Array.isArray(masked) || typeof masked.container_definitions !== 'string') return masked;
  return { ...masked, container_definitions: maskContainerDefinitions(masked.container_definitions, '(sensitive)') };
}

function redactSensitive(value: Json, mask: Json | undefined): Json {
  if (mask === true) return value === null ? null : '(sensitive)';
  if (mask === undefined || mask === null || typeof mask !== 'object' || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v, i) => redactSensitive(v, (mask as Json[])[i]));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSensitive(v, (mask as Record<string, Json>)[k])]));
}

interface ShownModule {
  resources?: { values?: Json; sensitive_values?: Json }[];
  child_modules?: ShownModule[];
}

/**
 * `terraform show -json` prints sensitive values in clear (an imported SecureString's value, say);
 * plan.json is a review artefact, so they are masked before it is written.
 */
export function redactPlan(plan: Record<string, unknown>): Record<string, unknown> {
  const walk = (m: ShownModule | undefined) => {
    for (const r of m?.resources ?? []) if (r.values !== undefined) r.values = redact(r.values, r.sensitive_values);
    (m?.child_modules ?? []).forEach(walk);
  };
  walk((plan.prior_state as { values?: { root_module?: ShownModule } } | undefined)?.values?.root_module);
  walk((plan.planned_values as { root_module?: ShownModule } | undefined)?.root_module);
  for (const rc of (plan.resource_changes ?? []) as { change: Record<string, Json> }[]) {
    rc.change.before = redact(rc.change.before, rc.change.before_sensitive);
    rc.change.after = redact(rc.change.after, rc.change.after_sensitive);
  }
  delete plan.variables;
  return plan;
}

export function formatSummary(s: PlanSummary): string {
  const lines = [`${s.toImport} to import, ${s.toAdd} to add, ${s.toChange} to change, ${s.toDestroy} to destroy`];
  if (s.toDeclare > 0) lines.push(`${s.toDeclare} declared without import (target registrations; registering again is idempotent)`);
  for (const c of s.changes) {
    if (c.actions.every((a) => a === 'no-op') || (c.actions.join() === 'create' && !c.changedAttributes.length && declaredOnly(s, c))) continue;
    const what = c.actions.includes('create') && c.actions.includes('delete') ? 'replace' : c.actions.join('+');
    lines.push(`  ${c.address}: ${what}${c.changedAttributes.length ? ` (${c.changedAttributes.join(', ')})` : ''}`);
  }
  return lines.join('\n') + '\n';
}

function declaredOnly(s: PlanSummary, c: ResourceChange): boolean {
  return s.toDeclare > 0 && c.declared === true;
}

export function planPasses(s: PlanSummary, allowUpdates: boolean): boolean {
  return s.toAdd === 0 && s.toDestroy === 0 && s.toReplace === 0 && (allowUpdates || s.toChange === 0);
}

/** Runs the generated app: DIR/cdktf.out/stacks/imported/cdk.tf.json. */
export function synthesize(relativeOrAbsoluteDir: string): string {
  // the app runs with DIR as its working directory: a relative DIR would be resolved twice
  const dir = path.resolve(relativeOrAbsoluteDir);
  const app = path.join(dir, APP_FILE);
  if (!fs.existsSync(app)) throw new VerifyError(`${app} not found: run \`npm run import -- generate --manifest FILE --out ${dir}\` first`);
  const outdir = path.join(dir, 'cdktf.out');
  fs.rmSync(outdir, { recursive: true, force: true });
  let transpiled: TranspiledApp;
  try {
    transpiled = transpileApp(app);
  } catch (err) {
    if (err instanceof TranspileError) throw new VerifyError(`synthesizing ${app} failed:\n${err.message}`);
    throw err;
  }
  const res = spawnSync(process.execPath, ['-r', SYNTH_LOADER, app], {
    cwd: dir,
    encoding: 'utf8',
    input: JSON.stringify({ ...transpiled, compilerOptions: APP_COMPILER_OPTIONS }),
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      CDKTF_OUTDIR: outdir,
      // the generated code lives outside the project: let it find cdktf and the provider bindings here
      NODE_PATH: path.join(PROJECT_ROOT, 'node_modules'),
    },
  });
  if (res.status !== 0) throw new VerifyError(`synthesizing ${app} failed:\n${(res.stderr || res.stdout || res.error?.message || '').trim()}`);
  const stackJson = path.join(outdir, 'stacks', STACK_NAME, 'cdk.tf.json');
  if (!fs.existsSync(stackJson)) throw new VerifyError(`synthesis wrote no ${stackJson}`);
  return stackJson;
}

/** Terraform's working directory for DIR, holding the synthesized config (state stays there). */
export function prepareTerraformDir(dir: string, stackJson: string): string {
  const tfDir = path.join(dir, TERRAFORM_DIR);
  fs.mkdirSync(tfDir, { recursive: true });
  writeFileAtomic(path.join(tfDir, 'cdk.tf.json'), fs.readFileSync(stackJson, 'utf8'));
  return tfDir;
}

export interface VerifyResult {
  summary: PlanSummary;
  passed: boolean;
  text: string;
}

/**
 * What Terraform needs in its environment for the backend generate wrote: GitLab-managed state takes
 * its address (from CI_API_V4_URL, CI_PROJECT_ID and the state name) and the job token at init, the
 * way the pipeline passes them (stacks/gitlab-state-env.ts); local and S3 need nothing.
 */
export function backendEnv(dir: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const file = path.join(dir, BACKEND_FILE);
  if (!fs.existsSync(file)) return {};
  const settings = JSON.parse(fs.readFileSync(file, 'utf8')) as StateSettings;
  if (!('gitlab' in settings.backend)) return {};
  try {
    return gitlabStateEnv(env, settings.stateName);
  } catch (e) {
    if (e instanceof StateBackendError) throw new VerifyError(`the generated stack keeps its state in GitLab: ${e.message}`);
    throw e;
  }
}

export async function verify(dir: string, options: { allowUpdates?: boolean } = {}): Promise<VerifyResult> {
  const env = backendEnv(dir);
  const early = startEarlyInit(dir, path.join(dir, TERRAFORM_DIR), env);
  let stackJson: string;
  try {
    stackJson = synthesize(dir);
  } catch (err) {
    if (early) await finishEarlyInit(early, path.join(dir, TERRAFORM_DIR), undefined);
    throw err;
  }
  const tfDir = prepareTerraformDir(dir, stackJson);
  const step = (args: string[]) => {
    const res = runTerraform(tfDir, args, env);
    if (res.status !== 0) throw new VerifyError(`terraform ${args[0]} failed in ${tfDir}:\n${(res.stderr || res.stdout).trim()}`);
    return res.stdout;
  };
  const synthesizedBlock = (JSON.parse(fs.readFileSync(stackJson, 'utf8')) as { terraform?: unknown }).terraform;
  if (!early || !(await finishEarlyInit(early, tfDir, synthesizedBlock))) step(['init', '-input=false']);
  step(['plan', '-input=false', '-out=plan.tfplan']);
  const planJson = step(['show', '-json', 'plan.tfplan']);
  const plan = JSON.parse(planJson) as PlanJson & Record<string, unknown>;
  const declaredFile = path.join(dir, DECLARED_FILE);
  const declared = new Set<string>(fs.existsSync(declaredFile) ? (JSON.parse(fs.readFileSync(declaredFile, 'utf8')) as string[]) : []);
  const summary = summarizePlan(plan, declared);
  const text = formatSummary(summary);
  writeFileAtomic(path.join(dir, PLAN_JSON), JSON.stringify(redactPlan(plan), null, 1) + '\n');
  writeFileAtomic(path.join(dir, PLAN_SUMMARY), text);
  return { summary, passed: planPasses(summary, options.allowUpdates ?? false), text };
}
