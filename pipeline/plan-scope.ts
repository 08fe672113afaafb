/**
 * Which stacks a pipeline plans. On the default branch and on schedules: every stack. On a merge
 * request: the stacks whose synthesized JSON differs from what the merge request's base commit (where
 * the branch left the target branch) synthesizes, with that commit's own code and config: a change
 * to a blueprint, a building block or a package shows up in every stack it touches, a change to one
 * environment file in that stack only. When the base cannot be synthesized (it did not build, or its
 * commit is not in the clone), every stack is planned: planning too much is safe, too little is not.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readSynthesizedStacks } from './stack-synth';

export interface PlanScope {
  planned: string[];
  /** Stacks a merge request leaves as they are (not planned). */
  unchanged: string[];
  /** Stacks the merge request removes: nothing plans them (their state is left alone). */
  removed: string[];
  /** Why everything is planned, when the comparison could not be made. */
  fallbackReason?: string;
}

export function compareSynths(current: Map<string, string>, base: Map<string, string>): PlanScope {
  const planned: string[] = [];
  const unchanged: string[] = [];
  for (const [name, json] of current) (base.get(name) === json ? unchanged : planned).push(name);
  const removed = [...base.keys()].filter((name) => !current.has(name));
  return { planned, unchanged, removed };
}

export function everyStack(current: Map<string, string>, fallbackReason?: string): PlanScope {
  return { planned: [...current.keys()], unchanged: [], removed: [], fallbackReason };
}

function git(cwd: string, args: string[]): { status: number; out: string } {
  const res = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return { status: res.status ?? 1, out: `${res.stdout ?? ''}${res.stderr ?? ''}`.trim() };
}

/**
 * Synthesizes commit `sha` in a temporary worktree with this checkout's installed packages, into a
 * folder it returns; or the reason it could not.
 */
export function synthesizeCommit(projectDir: string, sha: string, env: NodeJS.ProcessEnv): { outdir?: string; failure?: string } {
  if (git(projectDir, ['cat-file', '-e', `${sha}^{commit}`]).status !== 0) {
    const fetched = git(projectDir, ['fetch', '--quiet', '--depth=1', 'origin', sha]);
    if (fetched.status !== 0) return { failure: `the base commit ${sha} is not in the clone and could not be fetched (${fetched.out.split('\n')[0]})` };
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-scope-'));
  const worktree = path.join(tmp, 'base');
  const outdir = path.join(tmp, 'cdktf.out');
  const added = git(projectDir, ['worktree', 'add', '--detach', '--quiet', worktree, sha]);
  if (added.status !== 0) return { failure: `git worktree add failed: ${added.out.split('\n')[0]}` };
  try {
    const lockChanged = git(projectDir, ['diff', '--quiet', sha, 'HEAD', '--', 'package-lock.json']).status !== 0;
    if (lockChanged) return { failure: 'package-lock.json changed, so the base would synthesize with other packages than it was built with' };
    // The packages this job runs with (a checkout's own node_modules, or one further up).
    const modules = path.join(worktree, 'node_modules');
    if (!fs.existsSync(modules)) fs.symlinkSync(path.resolve(path.dirname(require.resolve('ts-node/package.json')), '..'), modules, 'dir');
    const res = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'main.ts', '--out', outdir], {
      cwd: worktree,
      env: { ...env, CDKTF_OUTDIR: undefined },
      encoding: 'utf8',
      timeout: 600_000,
    });
    if (res.status !== 0) return { failure: `the base commit did not synthesize (exit ${res.status}): ${(res.stderr || res.stdout).trim().split('\n').slice(-3).join(' / ')}` };
    return { outdir };
  } catch (err) {
    return { failure: `the base commit could not be synthesized: ${(err as Error).message}` };
  } finally {
    git(projectDir, ['worktree', 'remove', '--force', worktree]);
  }
}

/** The scope of a merge request whose base commit is `baseSha`; every stack if there is no usable base. */
export function mergeRequestScope(projectDir: string, outdir: string, baseSha: string | undefined, env: NodeJS.ProcessEnv): PlanScope {
  const current = readSynthesizedStacks(outdir);
  if (!baseSha) return everyStack(current, 'CI_MERGE_REQUEST_DIFF_BASE_SHA is not set');
  const base = synthesizeCommit(projectDir, baseSha, env);
  if (!base.outdir) return everyStack(current, base.failure);
  try {
    return compareSynths(current, readSynthesizedStacks(base.outdir));
  } finally {
    fs.rmSync(path.dirname(base.outdir), { recursive: true, force: true });
  }
}
