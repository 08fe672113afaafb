/**
 * The jobs of the plan pipeline and the drift check: plan a stack to a saved plan, apply exactly that
 * saved plan, review the merge request's plans, and plan every deployed stack for drift.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Io, main as reviewMain } from '../plan-review/cli';
import { JobAccess, jobCredentials } from './aws-credentials';
import { PipelineKind } from './ci-env';
import { PLAN_FILE, PLAN_JSON_FILE, REVIEW_NOTE_FILE, REVIEW_REPORT_DIR, planJobName } from './child-pipeline';
import { PipelineError } from './errors';
import { gitlabStateEnv } from './state-env';
import { PipelineStack, describeStacks, findStack, requireRemoteState, synthesizeStacks } from './stack-synth';
import { terraform, terraformJobEnv, terraformOrFail } from './terraform';

export const DRIFT_REPORT_FILE = 'drift-report.md';
export const DRIFT_PLAN_DIR = 'drift-plans';

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

/**
 * Plans every deployed stack with -detailed-exitcode and reports the differences through the plan
 * reviewer (drift-report.md, a job artifact). Exit 0 when every deployed stack matches its
 * configuration, 3 when one does not (drift, or a change not yet deployed), 1 when a stack could not
 * be planned.
 */
export async function checkDrift(env: NodeJS.ProcessEnv): Promise<number> {
  const stacks = synthesizeStacks(env);
  const differing: string[] = [];
  const failed: string[] = [];
  const reviewArgs: string[] = [];
  fs.mkdirSync(DRIFT_PLAN_DIR, { recursive: true });
  for (const stack of stacks) {
    if (stack.backend === 'local') {
      process.stderr.write(`pipeline: ${stack.name}: local state, not deployed by pipelines; skipped\n`);
      continue;
    }
    try {
      withStackEnv(stack, 'deploy', env, (tfEnv) => {
        init(stack, tfEnv);
        const state = terraform(stack.dir, ['state', 'list'], tfEnv, { quiet: true });
        if (state.status !== 0) throw new PipelineError(`terraform state list failed: ${state.stderr.trim()}`);
        if (state.stdout.trim() === '') {
          process.stderr.write(`pipeline: ${stack.name}: no state yet (never deployed); skipped\n`);
          return;
        }
        const plan = terraform(stack.dir, ['plan', '-input=false', '-detailed-exitcode', `-out=${PLAN_FILE}`], tfEnv);
        if (plan.status === 1) throw new PipelineError('terraform plan failed');
        const json = terraform(stack.dir, ['show', '-json', PLAN_FILE], tfEnv, { quiet: true });
        if (json.status !== 0) throw new PipelineError(`terraform show -json failed: ${json.stderr.trim()}`);
        const file = path.join(DRIFT_PLAN_DIR, `${stack.name}.json`);
        fs.writeFileSync(file, json.stdout);
        reviewArgs.push('--plan', `${stack.name}=${file}`);
        if (plan.status === 2) differing.push(stack.name);
      });
    } catch (err) {
      if (!(err instanceof PipelineError)) throw err;
      process.stderr.write(`pipeline: ${stack.name}: ${err.message}\n`);
      failed.push(stack.name);
    }
  }
  if (reviewArgs.length > 0) {
    const reviewed = await reviewMain([...reviewArgs, '--markdown', DRIFT_REPORT_FILE, '--note-key', 'drift', '--labels', ''], env, jobIo);
    if (reviewed === 1) return 1;
  }
  if (failed.length > 0) {
    process.stderr.write(`pipeline: drift check incomplete: could not plan ${failed.join(', ')}\n`);
    return 1;
  }
  if (differing.length > 0) {
    process.stderr.write(`pipeline: ${differing.length} deployed stack(s) differ from their configuration: ${differing.join(', ')}; see ${DRIFT_REPORT_FILE}\n`);
    return 3;
  }
  process.stderr.write('pipeline: no drift: every deployed stack matches its configuration\n');
  return 0;
}
