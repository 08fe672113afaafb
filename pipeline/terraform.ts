/**
 * Terraform as the pipeline runs it: no prompts, the job's log gets Terraform's output, and the
 * offline provider mirror is used where one exists (tooling/terraform-cli.ts), else the registry.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { PROVIDER_SOURCE_VARIABLE, PrerequisiteError, terraformCliConfigFile } from '../tooling/terraform-cli';
import { PipelineError } from './errors';

export interface TerraformRun {
  status: number;
  stdout: string;
  stderr: string;
}

function cliConfig(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // The runner's own CLI config wins; a name of a file that does not exist is no config (tooling/terraform-cli.ts).
  if (env.TF_CLI_CONFIG_FILE && fs.existsSync(env.TF_CLI_CONFIG_FILE)) return {};
  try {
    return { TF_CLI_CONFIG_FILE: terraformCliConfigFile() };
  } catch (err) {
    // No mirror on this runner: the registry it is, also for the import tool the job runs as a child.
    if (err instanceof PrerequisiteError) return { [PROVIDER_SOURCE_VARIABLE]: 'registry' };
    throw err;
  }
}

export function terraformJobEnv(env: NodeJS.ProcessEnv, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', ...cliConfig(env), ...extra };
}

/**
 * Runs `terraform <args>` in `cwd`, echoing its output to the job log unless `quiet`; never throws on a
 * non-zero exit.
 */
export function terraform(cwd: string, args: string[], env: NodeJS.ProcessEnv, opts: { quiet?: boolean } = {}): TerraformRun {
  if (!opts.quiet) process.stderr.write(`$ terraform ${args.join(' ')}\n`);
  const res = spawnSync('terraform', [...args, '-no-color'], { cwd, env, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  if (res.error) throw new PipelineError(`terraform could not run (${res.error.message}); the job image needs Terraform >= 1.11 on PATH`);
  if (!opts.quiet) {
    process.stderr.write(res.stdout);
    process.stderr.write(res.stderr);
  }
  return { status: res.status ?? 1, stdout: res.stdout, stderr: res.stderr };
}

export function terraformOrFail(cwd: string, args: string[], env: NodeJS.ProcessEnv, what: string): TerraformRun {
  const run = terraform(cwd, args, env);
  if (run.status !== 0) throw new PipelineError(`${what} failed (terraform ${args[0]} exit ${run.status}); Terraform's output is above`);
  return run;
}
