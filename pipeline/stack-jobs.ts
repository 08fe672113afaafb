/**
 * The jobs of the plan pipeline and the drift pipeline: plan a stack to a saved plan, apply exactly
 * that saved plan, review the merge request's plans, check one deployed stack for drift, report drift.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../config/config-error';
import { Io, main as reviewMain } from '../plan-review/cli';
import { JobAccess, jobCredentials } from './aws-credentials';
import { PipelineKind } from './ci-env';
import { DRIFT_DIR, DRIFT_REPORT_FILE, PLAN_FILE, PLAN_JSON_FILE, REVIEW_NOTE_FILE, REVIEW_REPORT_DIR, driftJobName, planJobName } from './child-pipeline';
import { gitlabStateEnv } from '../stacks/gitlab-state-env';
import { PipelineError } from './errors';
import { PipelineStack, describeStacks, findStack, requireRemoteState, synthesizeStacks } from './stack-synth';
import { terraform, terraformJobEnv, terraformOrFail } from './terraform';


/** Set in the child pipeline by the generator (ci-env.ts). */
function childKind(env: NodeJS.ProcessEnv): PipelineKind {
  const kind = env.PIPELINE_KIND;
  if (kind !== 'merge-request' && kind !== 'default-branch' && kind !== 'schedule') {
    throw new PipelineError(`PIPELINE_KIND is ${kind ? `"${kind}"` : 'not set'}: run this in the generated plan pipeline (npm run pipeline -- child-pipeline)`);
  }
  return kind;
}

/** Terraform's environment for one stack: its state's address and credentials, the job's role. */
function withStackEnv<T>(stack: PipelineStack, access: JobAccess, env: NodeJS.ProcessEnv, work: (tfEnv: NodeJS.ProcessEnv) => T): T {
  requireRemoteState(stack);
  const credentials = jobCredentials(stack, access, env);
  try {
    const state = stack.backend === 'gitlab' ? gitlabStateEnv(env, stack.name) : {};
    return work(terraformJobEnv(env, { ...credentials.env, ...state }));
  } finally {
    credentials.dispose();
  }
}

function init(stack: PipelineStack, tfEnv: NodeJS.ProcessEnv): void {
  terraformOrFail(stack.dir, ['init', '-input=false'], tfEnv, `${stack.name}: terraform init`);
}

/** Synthesizes the stack and saves its plan (binary and JSON) next to its config, for the deploy and review jobs. */
export function planStack(name: string, env: NodeJS.ProcessEnv): void {
  const access: JobAccess = childKind(env) === 'merge-request' ? 'plan' : 'deploy';
  const [stack] = synthesizeStacks(env, undefined, name);
  withStackEnv(stack, access, env, (tfEnv) => {
    init(stack, tfEnv);
    terraformOrFail(stack.dir, ['plan', '-input=false', `-out=${PLAN_FILE}`], tfEnv, `${stack.name}: terraform plan`);
    const json = terraform(stack.dir, ['show', '-json', PLAN_FILE], tfEnv, { quiet: true });
    if (json.status !== 0) throw new PipelineError(`${stack.name}: terraform show -json failed: ${json.stderr.trim()}`);
    fs.writeFileSync(path.join(stack.dir, PLAN_JSON_FILE), json.stdout);
  });
  process.stderr.write(`pipeline: saved the plan of ${name} (${stack.dir}/${PLAN_FILE}, ${PLAN_JSON_FILE})\n`);
}

/** `terraform validate` of every synthesized stack (no backend, no credentials); every failure is listed. */
export function validateStacks(outdir: string, env: NodeJS.ProcessEnv): void {
  const root = path.join(outdir, 'stacks');
  if (!fs.existsSync(root)) throw new PipelineError(`no synthesized stacks in ${root}: run npm run synth first`);
  const tfEnv = terraformJobEnv(env, {});
  const failed = fs
    .readdirSync(root)
    .sort()
    .filter((name) => {
      const dir = path.join(root, name);
      const ok = terraform(dir, ['init', '-backend=false', '-input=false'], tfEnv).status === 0 && terraform(dir, ['validate'], tfEnv).status === 0;
      return !ok;
    });
  if (failed.length) throw new PipelineError(`terraform validate failed for ${failed.join(', ')}; Terraform's output is above`);
}

const STALE_PLAN = /Saved plan is stale/;

/**
 * Applies the plan job's saved plan, never a new one: what was reviewed is what runs. Terraform
 * refuses a plan whose state changed since it was made (another apply ran in between); that is said
 * in words, with what to do.
 */
export function applyStack(name: string, env: NodeJS.ProcessEnv): void {
  const stack = findStack(describeStacks(env), name, env);
  const planFile = path.join(stack.dir, PLAN_FILE);
  if (!fs.existsSync(planFile)) {
    throw new PipelineError(`${name}: no saved plan at ${planFile}; the deploy job applies the plan job's artifact (needs: ${planJobName(name)})`);
  }
  withStackEnv(stack, 'deploy', env, (tfEnv) => {
    init(stack, tfEnv);
    const run = terraform(stack.dir, ['apply', '-input=false', PLAN_FILE], tfEnv);
    if (run.status === 0) return;
    if (STALE_PLAN.test(run.stderr)) {
      throw new PipelineError(
        `${name}: refused to apply a stale plan: the stack's state changed after this pipeline planned it (another apply ran since). ` +
          'Nothing was changed. Re-run the pipeline to plan again, review the new plan, and deploy that.',
      );
    }
    throw new PipelineError(`${name}: terraform apply failed (exit ${run.status}); Terraform's output is above`);
  });
  process.stderr.write(`pipeline: applied the saved plan of ${name}\n`);
}

const jobIo: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

/** One note for all planned stacks (posted on a merge request), a terraform report per stack, the gate. */
export async function reviewPlans(stacks: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (stacks.length === 0) throw new PipelineError('review: name the planned stacks');
  const kind = childKind(env);
  const args = stacks.flatMap((s) => ['--plan', `${s}=${path.join('cdktf.out', 'stacks', s, PLAN_JSON_FILE)}`]);
  args.push('--markdown', REVIEW_NOTE_FILE, '--gitlab-report-dir', REVIEW_REPORT_DIR, '--labels', env.PLAN_MR_LABELS ?? '');
  if (kind === 'merge-request') args.push('--post', '--mr-iid', env.PLAN_MR_IID ?? '');
  return reviewMain(args, env, jobIo);
}

export type DriftOutcome = 'in-sync' | 'drift' | 'not-deployed' | 'failed';

export interface DriftResult {
  stack: string;
  outcome: DriftOutcome;
  message?: string;
}

/** The exit code of a drift job: 0 in sync (or never deployed), 3 drift, 1 not checked. */
const DRIFT_EXIT: Record<DriftOutcome, number> = { 'in-sync': 0, 'not-deployed': 0, drift: 3, failed: 1 };

function driftFile(stack: string, suffix: 'plan.json' | 'outcome.json'): string {
  return path.join(DRIFT_DIR, `${stack}.${suffix}`);
}

/**
 * A stack's drift job: plans the deployed stack with -detailed-exitcode (deploy role: the state is
 * the default branch's) and leaves its plan JSON and outcome for the report job. Exit 0 when the
 * stack matches its configuration (or was never deployed), 3 when it differs (drift, or a change not
 * yet deployed), 1 when it could not be planned.
 */
export function checkStackDrift(name: string, env: NodeJS.ProcessEnv): number {
  fs.mkdirSync(DRIFT_DIR, { recursive: true });
  let result: DriftResult;
  try {
    const [stack] = synthesizeStacks(env, undefined, name);
    result = withStackEnv(stack, 'deploy', env, (tfEnv): DriftResult => {
      init(stack, tfEnv);
      const state = terraform(stack.dir, ['state', 'list'], tfEnv, { quiet: true });
      if (state.status !== 0) throw new PipelineError(`terraform state list failed: ${state.stderr.trim()}`);
      if (state.stdout.trim() === '') return { stack: name, outcome: 'not-deployed', message: 'no state yet (never deployed)' };
      const plan = terraform(stack.dir, ['plan', '-input=false', '-detailed-exitcode', `-out=${PLAN_FILE}`], tfEnv);
      if (plan.status !== 0 && plan.status !== 2) throw new PipelineError(`terraform plan failed (exit ${plan.status}); Terraform's output is above`);
      const json = terraform(stack.dir, ['show', '-json', PLAN_FILE], tfEnv, { quiet: true });
      if (json.status !== 0) throw new PipelineError(`terraform show -json failed: ${json.stderr.trim()}`);
      fs.writeFileSync(driftFile(name, 'plan.json'), json.stdout);
      return { stack: name, outcome: plan.status === 2 ? 'drift' : 'in-sync' };
    });
  } catch (err) {
    if (!(err instanceof PipelineError) && !(err instanceof ConfigError)) throw err;
    result = { stack: name, outcome: 'failed', message: err.message.split('\n')[0] };
  }
  fs.writeFileSync(driftFile(name, 'outcome.json'), `${JSON.stringify(result)}\n`);
  const said: Record<DriftOutcome, string> = {
    'in-sync': 'no drift: the deployed stack matches its configuration',
    'not-deployed': `not checked: ${result.message}`,
    drift: `the deployed stack differs from its configuration; the schedule's drift-report job shows how`,
    failed: `drift check failed: ${result.message}`,
  };
  process.stderr.write(`pipeline: ${name}: ${said[result.outcome]}\n`);
  return DRIFT_EXIT[result.outcome];
}

function readDriftResult(stack: string): DriftResult {
  const file = driftFile(stack, 'outcome.json');
  if (!fs.existsSync(file)) return { stack, outcome: 'failed', message: `its drift job left no result (${driftJobName(stack)} did not run or crashed)` };
  return JSON.parse(fs.readFileSync(file, 'utf8')) as DriftResult;
}

/**
 * The drift report job: the reviewer's note over every stack's drift plan (drift-report.md, a job
 * artifact), with the stacks that were not checked listed below it. Exit 3 when a stack differs, 1
 * when one could not be checked, 0 otherwise (the drift jobs fail too; this is the one place to read).
 */
export async function reportDrift(stacks: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (stacks.length === 0) throw new PipelineError('drift-report: name the checked stacks');
  const results = stacks.map(readDriftResult);
  const planned = results.filter((r) => r.outcome === 'drift' || r.outcome === 'in-sync');
  const lines: string[] = [];
  if (planned.length > 0) {
    const args = planned.flatMap((r) => ['--plan', `${r.stack}=${driftFile(r.stack, 'plan.json')}`]);
    const reviewed = await reviewMain([...args, '--markdown', DRIFT_REPORT_FILE, '--note-key', 'drift', '--labels', ''], env, jobIo);
    if (reviewed === 1) return 1;
  } else {
    lines.push('<!-- plan-review:drift -->', '### Drift check', '', 'No deployed stack could be planned.');
  }
  const unchecked = results.filter((r) => r.outcome === 'failed' || r.outcome === 'not-deployed');
  if (unchecked.length > 0) {
    lines.push('', '#### Not checked', '', ...unchecked.map((r) => `- \`${r.stack}\`: ${r.outcome === 'failed' ? `**failed**: ${r.message} (see the job ${driftJobName(r.stack)})` : r.message}`));
  }
  if (lines.length > 0) fs.appendFileSync(DRIFT_REPORT_FILE, `${lines.join('\n')}\n`);
  const differing = results.filter((r) => r.outcome === 'drift').map((r) => r.stack);
  const failed = results.filter((r) => r.outcome === 'failed').map((r) => r.stack);
  if (differing.length > 0) {
    process.stderr.write(`pipeline: ${differing.length} deployed stack(s) differ from their configuration: ${differing.join(', ')}; see ${DRIFT_REPORT_FILE}\n`);
  }
  if (failed.length > 0) process.stderr.write(`pipeline: drift check incomplete: could not plan ${failed.join(', ')}\n`);
  if (differing.length > 0) return 3;
  if (failed.length > 0) return 1;
  process.stderr.write('pipeline: no drift: every deployed stack matches its configuration\n');
  return 0;
}
