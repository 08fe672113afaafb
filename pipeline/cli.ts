/**
 * The scripts behind .gitlab-ci.yml (npm run pipeline -- <command>):
 *
 *   child-pipeline [--out FILE]   synth job: synthesize every stack (cdktf.out), choose the stacks to
 *                                 plan, write them as the plan pipeline's YAML
 *   validate                      terraform validate of every synthesized stack
 *   plan <stack>                  plan job: synthesize the stack, save its plan (binary + JSON)
 *   review <stack>...             review job: one note for the planned stacks, a report per stack, the gate
 *   apply <stack>                 deploy job: apply the saved plan of the plan job
 *   drift-pipeline [--out FILE]   scheduled pipeline: write the drift pipeline, a drift job per stack
 *   drift <stack>                 drift job: plan the deployed stack, keep its plan and outcome
 *   drift-report <stack>...       drift report job: the reviewer's note of every stack's drift
 *   import                        manual job: onboard an account (IMPORT_* variables, import-job.ts)
 *
 * A failure prints one line saying what went wrong and what to do, and exits non-zero.
 */
import * as fs from 'fs';
import { ConfigError } from '../config/config-error';
import { pipelineContext } from './ci-env';
import { childPipeline, driftPipeline } from './child-pipeline';
import { StateBackendError } from '../stacks/gitlab-state-env';
import { PipelineError, PipelineUsageError } from './errors';
import { PlanScope, everyStack, mergeRequestScope } from './plan-scope';
import { applyStack, checkStackDrift, planStack, reportDrift, reviewPlans, validateStacks } from './stack-jobs';
import { DEFAULT_OUTDIR, describeStacks, readSynthesizedStacks, synthesizeStacks } from './stack-synth';

export const USAGE = `usage: npm run pipeline -- <command>
  child-pipeline [--out FILE]   synthesize into cdktf.out and write the plan pipeline for the stacks
                                to plan (default plan-pipeline.yml)
  validate                      terraform validate of every stack in cdktf.out
  plan <stack>                  save the stack's plan (cdktf.out/stacks/<stack>/plan.tfplan and plan.json)
  review <stack>...             review the saved plans (note, reports, gate; posts on merge requests)
  apply <stack>                 apply the stack's saved plan
  drift-pipeline [--out FILE]   write the drift pipeline: a drift job per stack with remote state and
                                a report job (default drift-pipeline.yml)
  drift <stack>                 plan the deployed stack with -detailed-exitcode (exit 3 on drift)
  drift-report <stack>...       the reviewer's note of the drift jobs' plans (drift-report.md; exit 3 on drift)
  import                        onboard an account into onboarding/<account>-<region>/ (variables
                                IMPORT_REGION, IMPORT_ACCOUNT, IMPORT_SCOPE, IMPORT_LANDING_ZONE_TAG)
`;

export const CHILD_PIPELINE_FILE = 'plan-pipeline.yml';
export const DRIFT_PIPELINE_FILE = 'drift-pipeline.yml';

function describeScope(scope: PlanScope): string {
  const lines = [`planned (${scope.planned.length}): ${scope.planned.join(', ') || 'none'}`];
  if (scope.unchanged.length) lines.push(`unchanged, not planned (${scope.unchanged.length}): ${scope.unchanged.join(', ')}`);
  for (const removed of scope.removed) {
    lines.push(`removed: ${removed} is no longer configured; its resources and state stay until someone destroys them on purpose`);
  }
  if (scope.fallbackReason) lines.push(`every stack is planned: ${scope.fallbackReason}`);
  return lines.map((l) => `pipeline: ${l}\n`).join('');
}

function writeChildPipeline(args: string[], env: NodeJS.ProcessEnv): void {
  const out = outFile('child-pipeline', args, CHILD_PIPELINE_FILE);
  const ctx = pipelineContext(env);
  synthesizeStacks(env, DEFAULT_OUTDIR);
  const current = readSynthesizedStacks(DEFAULT_OUTDIR);
  const scope = ctx.kind === 'merge-request' ? mergeRequestScope(process.cwd(), DEFAULT_OUTDIR, ctx.diffBaseSha, env) : everyStack(current);
  process.stderr.write(describeScope(scope));
  const stacks = describeStacks(env).filter((s) => scope.planned.includes(s.name));
  fs.writeFileSync(out, childPipeline(ctx, stacks, scope.unchanged));
  fs.writeFileSync('plan-scope.json', `${JSON.stringify(scope, null, 2)}\n`);
  process.stderr.write(`pipeline: wrote ${out}\n`);
}

function outFile(command: string, args: string[], fallback: string): string {
  let out = fallback;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out' && args[i + 1]) out = args[++i];
    else throw new PipelineUsageError(`${command}: unexpected argument ${args[i]}`);
  }
  return out;
}

/** The drift pipeline from the stack list (no synthesis: each drift job synthesizes its own stack). */
function writeDriftPipeline(args: string[], env: NodeJS.ProcessEnv): void {
  const out = outFile('drift-pipeline', args, DRIFT_PIPELINE_FILE);
  const stacks = describeStacks(env);
  fs.writeFileSync(out, driftPipeline(stacks));
  for (const s of stacks.filter((x) => x.backend === 'local')) process.stderr.write(`pipeline: ${s.name}: local state, not deployed by pipelines; not checked\n`);
  process.stderr.write(`pipeline: wrote ${out}\n`);
}

function oneStack(command: string, args: string[]): string {
  if (args.length !== 1 || args[0].startsWith('-')) throw new PipelineUsageError(`${command} takes one stack name`);
  return args[0];
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'child-pipeline':
        writeChildPipeline(args, env);
        return 0;
      case 'plan':
        planStack(oneStack(command, args), env);
        return 0;
      case 'apply':
        applyStack(oneStack(command, args), env);
        return 0;
      case 'review':
        return await reviewPlans(args, env);
      case 'validate':
        if (args.length) throw new PipelineUsageError('validate takes no arguments');
        validateStacks(DEFAULT_OUTDIR, env);
        return 0;
      case 'drift-pipeline':
        writeDriftPipeline(args, env);
        return 0;
      case 'drift':
        return checkStackDrift(oneStack(command, args), env);
      case 'drift-report':
        return await reportDrift(args, env);
      case 'import':
        if (args.length) throw new PipelineUsageError('import takes no arguments: it reads IMPORT_REGION, IMPORT_ACCOUNT, IMPORT_SCOPE and IMPORT_LANDING_ZONE_TAG');
        // Loaded here only: the import tool brings every discovery client, which the other jobs do not need.
        return await (await import('./import-job')).importJob(env);
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return 0;
      default:
        throw new PipelineUsageError(command ? `unknown command ${command}` : 'no command given');
    }
  } catch (err) {
    if (err instanceof PipelineUsageError) {
      process.stderr.write(`pipeline: ${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof PipelineError || err instanceof StateBackendError) process.stderr.write(`pipeline: ${err.message}\n`);
    else if (err instanceof ConfigError) process.stderr.write(`${err.message}\n${err.issues.length} configuration problem(s)\n`);
    else throw err;
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
