/** Synthesizes environment configs in a temp folder and gives tests the resulting Terraform JSON. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments } from '../../config/load-environments';
import { synthesizeEnvironments } from '../../stacks/synthesize';
import { PROJECT_ROOT } from '../../tooling/terraform-cli';
import { tempDir, writeEnvironments } from './environment-dir';
import type { TerraformJson } from './terraform-json';

export { tempDir, writeEnvironments };
export { all, entryAt, only, ref, resourceAt, resourcesOfType } from './terraform-json';
export type { Json, TerraformJson } from './terraform-json';

export interface SynthResult {
  environmentsDir: string;
  outdir: string;
  stacks: Record<string, TerraformJson>;
  /** Directory of each synthesized stack (for terraform init/validate/plan). */
  stackDirs: Record<string, string>;
}

export function readStacks(outdir: string): { stacks: Record<string, TerraformJson>; stackDirs: Record<string, string> } {
  const stacks: Record<string, TerraformJson> = {};
  const stackDirs: Record<string, string> = {};
  const root = path.join(outdir, 'stacks');
  for (const name of fs.readdirSync(root).sort()) {
    stackDirs[name] = path.join(root, name);
    stacks[name] = JSON.parse(fs.readFileSync(path.join(root, name, 'cdk.tf.json'), 'utf8'));
  }
  return { stacks, stackDirs };
}

/** Loads and synthesizes in this process (fast); use `runMain` to test the CLI itself. */
export function synthEnvironments(files: Record<string, unknown>): SynthResult {
  const environmentsDir = writeEnvironments(files);
  const outdir = path.join(tempDir('out'), 'cdktf.out');
  synthesizeEnvironments(loadEnvironments(environmentsDir), outdir);
  return { environmentsDir, outdir, ...readStacks(outdir) };
}

/** Synthesizes the checked-in environments folder of the project. */
export function synthProjectEnvironments(): SynthResult {
  const environmentsDir = path.join(PROJECT_ROOT, 'environments');
  const outdir = path.join(tempDir('out'), 'cdktf.out');
  synthesizeEnvironments(loadEnvironments(environmentsDir, PROJECT_ROOT), outdir);
  return { environmentsDir, outdir, ...readStacks(outdir) };
}

export interface MainRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the main job as a user would, in a child process. */
export function runMain(args: string[], env: NodeJS.ProcessEnv = {}): MainRun {
  const res = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', path.join(PROJECT_ROOT, 'main.ts'), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: res.status ?? 1, stdout: res.stdout, stderr: res.stderr };
}
