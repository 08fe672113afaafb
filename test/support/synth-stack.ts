/** Synthesizes environment configs in a temp folder and gives tests the resulting Terraform JSON. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { loadEnvironments } from '../../config/load-environments';
import { synthesizeEnvironments } from '../../stacks/synthesize';
import { PROJECT_ROOT } from '../../tooling/terraform-cli';

export interface TerraformJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, Record<string, unknown>>;
  terraform?: Record<string, unknown>;
  provider?: Record<string, unknown[]>;
}

export interface SynthResult {
  environmentsDir: string;
  outdir: string;
  stacks: Record<string, TerraformJson>;
  /** Directory of each synthesized stack (for terraform init/validate/plan). */
  stackDirs: Record<string, string>;
}

export function tempDir(prefix: string): string {
  const base = path.join(PROJECT_ROOT, '.work', 'tmp');
  fs.mkdirSync(base, { recursive: true });
  return fs.mkdtempSync(path.join(base, `${prefix}-`));
}

/** Writes each config object as `<name>.yaml` (name may contain folders) into a fresh folder. */
export function writeEnvironments(files: Record<string, unknown>): string {
  const dir = tempDir('env');
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, `${name}.yaml`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : stringify(content));
  }
  return dir;
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

/** All resources of one type in a stack, by logical name. */
export function resourcesOfType(stack: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  return stack.resource?.[type] ?? {};
}

/** A resource's arguments, read as the tests read them: any nesting, checked by the assertions. */
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The logical name and body of the single resource (or, with `kind` 'data', data source) of a type
 * whose construct path contains `pathPart`; fails loudly otherwise.
 */
export function entryAt(stack: TerraformJson, type: string, pathPart: string, kind: 'resource' | 'data' = 'resource'): [string, Record<string, unknown>] {
  const matches = Object.entries(stack[kind]?.[type] ?? {}).filter(([, r]) => {
    const meta = (r['//'] as { metadata?: { path?: string } } | undefined)?.metadata;
    return meta?.path?.includes(pathPart);
  });
  if (matches.length !== 1) throw new Error(`expected one ${type} at *${pathPart}*, found ${matches.length}`);
  return matches[0];
}

/** The single resource of a type whose construct path contains `pathPart`; fails loudly otherwise. */
export function resourceAt(stack: TerraformJson, type: string, pathPart: string): Record<string, unknown> {
  return entryAt(stack, type, pathPart)[1];
}

/** `${type.logical_name.attr}` (or `${data.type…}`): how another resource refers to the one at `pathPart`. */
export function ref(stack: TerraformJson, type: string, pathPart: string, attr: string, kind: 'resource' | 'data' = 'resource'): string {
  const [name] = entryAt(stack, type, pathPart, kind);
  return `\${${kind === 'data' ? 'data.' : ''}${type}.${name}.${attr}}`;
}

/** Every resource of a type in a stack. */
export function all(stack: TerraformJson, type: string): Json[] {
  return Object.values(resourcesOfType(stack, type));
}

/** The one resource of a type in a stack; fails loudly when there is none or more than one. */
export function only(stack: TerraformJson, type: string): Json {
  const found = all(stack, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
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
