/**
 * The pipeline's view of the stacks: the environment files synthesized in this process (as the main
 * job does), with what each job needs to know about a stack. Synthesis is deterministic, so a job
 * that synthesizes again gets byte for byte the JSON the synth job compared and planned.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_ENVIRONMENTS_DIR, LoadedEnvironment, loadEnvironments } from '../config/load-environments';
import { ResolvedEnvironment, stackName } from '../config/resolve-environment';
import { formatOverrideWarning } from '../config/tier-defaults';
import type * as Synthesize from '../stacks/synthesize';
import { PipelineError } from './errors';

/**
 * The blueprints and provider classes are loaded only by the jobs that synthesize: loading them is
 * most of a job's start-up (about 10 s on a busy runner), which apply and review do not need.
 */
function synthesizer(): typeof Synthesize {
  return require('../stacks/synthesize') as typeof Synthesize;
}

export const DEFAULT_OUTDIR = 'cdktf.out';

export interface PipelineStack {
  name: string;
  tier: 'test' | 'production';
  account: string;
  sourceFile: string;
  backend: 'local' | 's3' | 'gitlab';
  pipelineRoles?: ResolvedEnvironment['pipelineRoles'];
  /** The synthesized stack's folder (cdk.tf.json; Terraform runs here). */
  dir: string;
}

export function environmentsDir(env: NodeJS.ProcessEnv): string {
  return env.CDKTF_BLUEPRINTS_ENVIRONMENTS ?? DEFAULT_ENVIRONMENTS_DIR;
}

function describe(loaded: LoadedEnvironment, outdir: string): PipelineStack {
  const e = loaded.environment;
  const name = stackName(e);
  return {
    name,
    tier: e.tier,
    account: e.account,
    sourceFile: e.sourceFile,
    backend: 'local' in e.backend ? 'local' : 's3' in e.backend ? 's3' : 'gitlab',
    pipelineRoles: e.pipelineRoles,
    dir: path.join(outdir, 'stacks', name),
  };
}

/** Synthesizes every stack (or only `only`) into `outdir` and describes them, sorted by name. */
export function synthesizeStacks(env: NodeJS.ProcessEnv, outdir = DEFAULT_OUTDIR, only?: string): PipelineStack[] {
  const all = loadEnvironments(environmentsDir(env));
  const chosen = only ? all.filter((l) => stackName(l.environment) === only) : all;
  if (only && chosen.length === 0) {
    throw new PipelineError(`no stack named ${only} in ${environmentsDir(env)} (stacks: ${all.map((l) => stackName(l.environment)).sort().join(', ')})`);
  }
  for (const loaded of chosen) for (const o of loaded.overrides) process.stderr.write(`${formatOverrideWarning(o)}\n`);
  const { synthesizeEnvironments, formatSynthTable } = synthesizer();
  const results = synthesizeEnvironments(chosen, outdir);
  process.stdout.write(`${formatSynthTable(results)}\n`);
  return chosen.map((l) => describe(l, outdir)).sort((a, b) => a.name.localeCompare(b.name));
}

/** Every stack of the environment files, without synthesizing (what a job needs to know about them). */
export function describeStacks(env: NodeJS.ProcessEnv, outdir = DEFAULT_OUTDIR): PipelineStack[] {
  return loadEnvironments(environmentsDir(env))
    .map((l) => describe(l, outdir))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function findStack(stacks: PipelineStack[], name: string, env: NodeJS.ProcessEnv): PipelineStack {
  const stack = stacks.find((s) => s.name === name);
  if (!stack) throw new PipelineError(`no stack named ${name} in ${environmentsDir(env)} (stacks: ${stacks.map((s) => s.name).join(', ')})`);
  return stack;
}

/** The synthesized JSON of every stack under `outdir`, by stack name. */
export function readSynthesizedStacks(outdir: string): Map<string, string> {
  const root = path.join(outdir, 'stacks');
  const stacks = new Map<string, string>();
  if (!fs.existsSync(root)) return stacks;
  for (const name of fs.readdirSync(root).sort()) {
    const file = path.join(root, name, 'cdk.tf.json');
    if (fs.existsSync(file)) stacks.set(name, fs.readFileSync(file, 'utf8'));
  }
  return stacks;
}

/** A stack whose state lives in a local file cannot be planned by one job and applied by another. */
export function requireRemoteState(stack: PipelineStack): void {
  if (stack.backend === 'local') {
    throw new PipelineError(
      `${stack.name} keeps its state in a local file, which a pipeline job does not keep; set backend: { gitlab: {} } or backend: { s3: { bucket: … } } in ${stack.sourceFile}`,
    );
  }
}
