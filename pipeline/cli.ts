/**
 * The scripts behind .gitlab-ci.yml (npm run pipeline -- <command>):
 *
 *   child-pipeline [--out FILE]   synth job: synthesize every stack (cdktf.out), choose the stacks to
 *                                 plan, write them as the plan pipeline's YAML
 *   validate                      terraform validate of every synthesized stack
 *   plan <stack>                  plan job: synthesize the stack, save its plan (binary + JSON)
 *   review <stack>...             review job: one note for the planned stacks, a report per stack, the gate
 *   apply <stack>                 deploy job: apply the saved plan of the plan job
 *   drift                         scheduled job: plan every deployed stack, report differences
 *   import                        manual job: onboard an account (IMPORT_* variables, import-job.ts)
 *
 * A failure prints one line saying what went wrong and what to do, and exits non-zero.
 */
import * as fs from 'fs';
import { ConfigError } from '../config/config-error';
import { pipelineContext } from './ci-env';
import { childPipeline } from './child-pipeline';
import { PipelineError, PipelineUsageError } from './errors';
import { PlanScope, everyStack, mergeRequestScope } from './plan-scope';
import { applyStack, checkDrift, planStack, reviewPlans, validateStacks } from './stack-jobs';
import { DEFAULT_OUTDIR, describeStacks, readSynthesizedStacks, synthesizeStacks } from './stack-synth';

export const USAGE = `usage: npm run pipeline -- <command>
  child-pipeline [--out FILE]   synthesize into cdktf.out and write the plan pipeline for the stacks
                                to plan (default plan-pipeline.yml)
  validate                      terraform validate of every stack in cdktf.out
  plan <stack>                  save the stack's plan (cdktf.out/stacks/<stack>/plan.tfplan and plan.json)
  review <stack>...             review the saved plans (note, reports, gate; posts on merge requests)
  apply <stack>                 apply the stack's saved plan
  drift                         plan every deployed stack and report differences (exit 3 on drift)
  import                        onboard an account into onboarding/<account>-<region>/ (variables
                                IMPORT_REGION, IMPORT_ACCOUNT, IMPORT_SCOPE, IMPORT_LANDING_ZONE_TAG)
`;

export const CHILD_PIPELINE_FILE = 'plan-pipeline.yml';

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
  let out = CHILD_PIPELINE_FILE;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out' && args[i + 1]) out = args[++i];
    else throw new PipelineUsageError(`child-pipeline: unexpected argument ${args[i]}`);
  }
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
      case 'drift':
        if (args.length) throw new PipelineUsageError('drift takes no arguments');
        return await checkDrift(env);
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
    if (err instanceof PipelineError) process.stderr.write(`pipeline: ${err.message}\n`);
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
