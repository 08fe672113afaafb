/**
 * The main job's output folder is replaced on every run, so it must be a folder this tool wrote and
 * nothing else: `--out .` once renamed the working copy away and deleted it. A folder counts as ours
 * only when it carries the marker file written with every synthesis (or is the exact layout an older
 * version wrote: `manifest.json` and `stacks/`, nothing else); an empty folder holds nothing to lose.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Written into every output folder; its presence is what allows the next run to replace the folder. */
export const OUTPUT_MARKER_FILE = '.cdktf-blueprints-output';
export const OUTPUT_MARKER_TEXT = 'Written by cdktf-aws-blueprints (main.ts). The next synthesis replaces this whole folder.\n';

/** The project root: the folder holding main.ts, package.json and .git. */
export const PROJECT_ROOT = path.resolve(__dirname, '..');

/** An output folder the tool refuses to replace; printed as one line, exit 2, nothing touched. */
export class OutputFolderError extends Error {
  constructor(
    readonly outdir: string,
    readonly reason: string,
  ) {
    super(`--out ${outdir}: ${reason}; nothing was written`);
    this.name = 'OutputFolderError';
  }
}

/** `p` with symlinks resolved as far as it exists; the part that does not exist yet is appended. */
export function realPathSoFar(p: string): string {
  const absolute = path.resolve(p);
  const missing: string[] = [];
  let cur = absolute;
  for (;;) {
    try {
      return path.join(fs.realpathSync(cur), ...missing.reverse());
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      const parent = path.dirname(cur);
      if (parent === cur) return absolute;
      missing.push(path.basename(cur));
      cur = parent;
    }
  }
}

/** Whether `inner` is `outer` or lies below it (both already resolved). */
function isSameOrInside(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** A folder an older version of the main job wrote: exactly `manifest.json` (a cdktf manifest) and `stacks/`. */
function isLegacyOutput(dir: string, entries: string[]): boolean {
  if (entries.length !== 2 || !entries.includes('manifest.json') || !entries.includes('stacks')) return false;
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    return typeof manifest.version === 'string' && typeof manifest.stacks === 'object' && fs.statSync(path.join(dir, 'stacks')).isDirectory();
  } catch {
    return false;
  }
}

/** Whether `dir` (which exists) is a folder the main job wrote and may therefore replace. */
export function isSynthesisOutput(dir: string): boolean {
  const entries = fs.readdirSync(dir);
  if (entries.length === 0) return true;
  const marker = path.join(dir, OUTPUT_MARKER_FILE);
  if (entries.includes(OUTPUT_MARKER_FILE)) {
    const stat = fs.lstatSync(marker);
    return stat.isFile() && stat.size === Buffer.byteLength(OUTPUT_MARKER_TEXT) && fs.readFileSync(marker, 'utf8') === OUTPUT_MARKER_TEXT;
  }
  return isLegacyOutput(dir, entries);
}

export interface OutputGuard {
  /** Folders the output must neither be, lie inside, nor contain (the environments folder). */
  protectedFolders: string[];
  /** Folders the output must be neither, nor contain: the project root and the working directory. */
  roots: string[];
}

/**
 * Throws an OutputFolderError unless `outdir` may be replaced: it is not a symlink, not the project
 * root, the working directory or an ancestor of either, does not contain, equal or lie inside the
 * environments folder, and is either absent or a previous synthesis output (`cliOwned`: the cdktf CLI
 * chose the folder, so only the first checks apply).
 */
export function checkOutputFolder(outdir: string, guard: OutputGuard, options: { cliOwned?: boolean } = {}): void {
  const target = realPathSoFar(outdir);
  for (const root of guard.roots) {
    const realRoot = realPathSoFar(root);
    if (isSameOrInside(realRoot, target)) {
      throw new OutputFolderError(outdir, `is ${realRoot === target ? '' : 'an ancestor of '}the project root or working directory (${realRoot}), which the output would replace; choose a folder of its own such as cdktf.out`);
    }
  }
  for (const folder of guard.protectedFolders) {
    const realFolder = realPathSoFar(folder);
    if (isSameOrInside(realFolder, target) || isSameOrInside(target, realFolder)) {
      throw new OutputFolderError(outdir, `overlaps the environments folder (${realFolder}); choose a folder of its own such as cdktf.out`);
    }
  }
  // Under the cdktf CLI the CLI chose and created the folder; only the checks above apply.
  if (options.cliOwned) return;
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(path.resolve(outdir));
  } catch {
    return; // absent: created fresh
  }
  if (stat.isSymbolicLink()) throw new OutputFolderError(outdir, 'is a symbolic link; give the real folder');
  if (!stat.isDirectory()) throw new OutputFolderError(outdir, 'exists and is not a folder');
  if (!isSynthesisOutput(path.resolve(outdir))) {
    throw new OutputFolderError(outdir, `exists and is not a previous synthesis output (no ${OUTPUT_MARKER_FILE} marker), so it is not replaced; remove it yourself or choose another folder`);
  }
}
