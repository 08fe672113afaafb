/**
 * The main job's synthesis: every stack of every environment, timed per stack, written to a temporary
 * folder that replaces the output folder only once everything succeeded, so a failed run never leaves
 * a half-written `cdktf.out` that a later `terraform apply` could pick up. Only a folder this tool
 * wrote is ever replaced (output-folder.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { ConfigError, ConfigIssue } from '../config/config-error';
import { LoadedEnvironment } from '../config/load-environments';
import { stackName } from '../config/resolve-environment';
import { EnvironmentStack } from './environment-stack';
import { checkOutputFolder, isSynthesisOutput, OUTPUT_MARKER_FILE, OUTPUT_MARKER_TEXT, OutputFolderError, PROJECT_ROOT } from './output-folder';

export interface StackSynthResult {
  stack: string;
  resources: number;
  seconds: number;
}

function countResources(stackDir: string): number {
  const doc = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as { resource?: Record<string, Record<string, unknown>> };
  return Object.values(doc.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

/**
 * cdktf records a creation stack trace for every token it makes, for its own error messages. Under
 * ts-node each trace is formatted through source maps, which was a third of the synth time of 100
 * stacks (docs/BENCHMARKS.md). Frames are still captured; only their formatting is skipped while
 * synthesizing. Errors read after this returns format normally again.
 */
function withCheapStackTraces<T>(work: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => `${error.name}: ${error.message}\n${frames.map((f) => `    at ${f.getFileName()}:${f.getLineNumber()}`).join('\n')}`;
  try {
    return work();
  } finally {
    Error.prepareStackTrace = previous;
  }
}

/**
 * Synthesizes into `outdir`. With `atomic`, writes a fresh sibling temp folder first and swaps it in,
 * and refuses (OutputFolderError, nothing touched) an `outdir` that exists and is not a previous
 * synthesis output; the cdktf CLI, which owns its output folder, calls this with `atomic: false`.
 * Either way `outdir` may not be the project root, the working directory, an ancestor of them, or
 * overlap `environmentsDir`.
 */
export function synthesizeEnvironments(environments: LoadedEnvironment[], outdir: string, atomic = true, environmentsDir?: string): StackSynthResult[] {
  const guard = { roots: [PROJECT_ROOT, process.cwd()], protectedFolders: environmentsDir ? [environmentsDir] : [] };
  if (atomic) checkOutputFolder(outdir, guard);
  else checkOutputFolder(outdir, guard, { cliOwned: true });
  return withCheapStackTraces(() => synthesize(environments, outdir, atomic));
}

/** Moves `workdir` to `target`, moving a previous output aside first and deleting it only after the swap. */
function swapIn(workdir: string, target: string): void {
  if (!fs.existsSync(target)) {
    fs.renameSync(workdir, target);
    return;
  }
  // Checked again right before the move: the folder may have changed since the run started.
  if (!isSynthesisOutput(target)) throw new OutputFolderError(target, `changed during the run and is no longer a synthesis output (no ${OUTPUT_MARKER_FILE} marker)`);
  const aside = fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.old-`));
  fs.rmdirSync(aside);
  fs.renameSync(target, aside);
  try {
    fs.renameSync(workdir, target);
  } catch (err) {
    fs.renameSync(aside, target);
    throw err;
  }
  fs.rmSync(aside, { recursive: true, force: true });
}

function synthesize(environments: LoadedEnvironment[], outdir: string, atomic: boolean): StackSynthResult[] {
  const target = path.resolve(outdir);
  let workdir = target;
  if (atomic) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    workdir = fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.new-`));
  } else {
    fs.rmSync(workdir, { recursive: true, force: true });
  }
  try {
    const constructSeconds = new Map<string, number>();
    const started = process.hrtime.bigint();
    // Stack traces in construct metadata embed absolute paths, which would make output machine-specific.
    const app = new App({ outdir: workdir, stackTraces: false });
    let last = started;
    const importProblems: ConfigIssue[] = [];
    for (const loaded of environments) {
      try {
        new EnvironmentStack(app, loaded.environment, loaded.imports);
      } catch (err) {
        // Every stack's import-file problems at once, like the config's; nothing is written.
        if (!(err instanceof ConfigError)) throw err;
        importProblems.push(...err.issues);
      }
      const now = process.hrtime.bigint();
      constructSeconds.set(stackName(loaded.environment), Number(now - last) / 1e9);
      last = now;
    }
    if (importProblems.length > 0) throw new ConfigError(importProblems);
    // App.synth() in per-stack steps, so each stack's time is its own.
    const session = { outdir: workdir, skipValidation: false, manifest: app.manifest };
    const stacks = app.node.findAll().filter(TerraformStack.isStack);
    const results: StackSynthResult[] = [];
    for (const stack of stacks) {
      const t0 = process.hrtime.bigint();
      stack.prepareStack();
      stack.synthesizer.synthesize(session);
      const validation = stack.node.validate();
      if (validation.length) throw new Error(`stack ${stack.node.id} is invalid:\n  ${validation.join('\n  ')}`);
      const seconds = (constructSeconds.get(stack.node.id) ?? 0) + Number(process.hrtime.bigint() - t0) / 1e9;
      results.push({ stack: stack.node.id, resources: 0, seconds });
    }
    app.manifest.writeToFile();
    for (const r of results) r.resources = countResources(path.join(workdir, 'stacks', r.stack));
    fs.writeFileSync(path.join(workdir, OUTPUT_MARKER_FILE), OUTPUT_MARKER_TEXT);
    if (atomic) swapIn(workdir, target);
    return results;
  } catch (err) {
    if (atomic) fs.rmSync(workdir, { recursive: true, force: true });
    throw err;
  }
}

export function formatSynthTable(results: StackSynthResult[]): string {
  const header = ['stack', 'resources', 'seconds'];
  const rows = results.map((r) => [r.stack, String(r.resources), r.seconds.toFixed(2)]);
  const total = ['total', String(results.reduce((n, r) => n + r.resources, 0)), results.reduce((n, r) => n + r.seconds, 0).toFixed(2)];
  const all = [header, ...rows, total];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), line(total)].join('\n');
}
