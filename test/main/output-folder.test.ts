/**
 * `npm run synth -- --out .` once deleted the working copy: the main job replaces its output folder,
 * so it must refuse every folder it did not write. Each refusal: exit 2, one line naming --out and
 * the reason, no stack trace, and not a file deleted or added.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { containerAppConfig } from '../support/container-app-config';
import { runMain, tempDir, writeEnvironments } from '../support/synth-stack';
import { OUTPUT_MARKER_FILE } from '../../stacks/output-folder';
import { PROJECT_ROOT } from '../../tooling/terraform-cli';

/** Every path below `dir` with a digest of its content (links by target), to prove nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      const rel = path.relative(dir, p);
      if (entry.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(p)}`;
      else if (entry.isDirectory()) {
        out[rel] = 'dir';
        walk(p);
      } else out[rel] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

function expectRefused(run: { status: number; stdout: string; stderr: string }, reason: RegExp): void {
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: --out .+: .+; nothing was written$/);
  expect(lines[0]).toMatch(reason);
  expect(run.stderr).not.toMatch(/\n\s+at |\.ts:\d+:\d+/);
}

describe('main job output folder', () => {
  const environmentsDir = writeEnvironments({ 'shop/test': containerAppConfig('test') });

  it('refuses a folder of the user that is not a previous synthesis output, and leaves it as it was', () => {
    const outdir = path.join(tempDir('users-folder'), 'mine');
    fs.mkdirSync(path.join(outdir, 'notes'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'notes', 'todo.txt'), 'keep me');
    const before = snapshot(path.dirname(outdir));
    expectRefused(runMain(['--environments', environmentsDir, '--out', outdir]), /is not a previous synthesis output/);
    expect(snapshot(path.dirname(outdir))).toEqual(before);
  });

  it('refuses the environments folder itself, and a folder that contains it', () => {
    const root = tempDir('env-overlap');
    const envDir = path.join(root, 'environments');
    fs.cpSync(environmentsDir, envDir, { recursive: true });
    const before = snapshot(root);
    expectRefused(runMain(['--environments', envDir, '--out', envDir]), /overlaps the environments folder/);
    expectRefused(runMain(['--environments', envDir, '--out', root]), /overlaps the environments folder/);
    expectRefused(runMain(['--environments', envDir, '--out', path.join(envDir, 'out')]), /overlaps the environments folder/);
    expect(snapshot(root)).toEqual(before);
  });

  it('refuses the project root (--out .), its ancestors, and a symlink to the project root', () => {
    const rootEntries = fs.readdirSync(PROJECT_ROOT).sort();
    expectRefused(runMain(['--environments', environmentsDir, '--out', '.']), /is the project root/);
    expectRefused(runMain(['--environments', environmentsDir, '--out', '..']), /is an ancestor of the project root/);
    expectRefused(runMain(['--environments', environmentsDir, '--out', '/']), /is an ancestor of the project root/);
    const link = path.join(tempDir('root-link'), 'link-to-root');
    fs.symlinkSync(PROJECT_ROOT, link);
    expectRefused(runMain(['--environments', environmentsDir, '--out', link]), /is the project root/);
    expect(fs.readdirSync(PROJECT_ROOT).sort()).toEqual(rootEntries);
    expect(fs.existsSync(path.join(PROJECT_ROOT, '.git'))).toBe(true);
    expect(fs.existsSync(path.join(PROJECT_ROOT, OUTPUT_MARKER_FILE))).toBe(false);
  });

  it('refuses a symlink to a previous output (it would replace the link), and a plain file', () => {
    const root = tempDir('links');
    const real = path.join(root, 'real-out');
    expect(runMain(['--environments', environmentsDir, '--out', real]).status).toBe(0);
    fs.symlinkSync(real, path.join(root, 'link-out'));
    fs.writeFileSync(path.join(root, 'file-out'), 'a file');
    const before = snapshot(root);
    expectRefused(runMain(['--environments', environmentsDir, '--out', path.join(root, 'link-out')]), /is a symbolic link/);
    expectRefused(runMain(['--environments', environmentsDir, '--out', path.join(root, 'file-out')]), /exists and is not a folder/);
    expect(snapshot(root)).toEqual(before);
  });

  it('refuses a folder whose marker file was forged with other content', () => {
    const outdir = path.join(tempDir('forged'), 'out');
    fs.mkdirSync(outdir);
    fs.writeFileSync(path.join(outdir, OUTPUT_MARKER_FILE), 'anything');
    fs.writeFileSync(path.join(outdir, 'thesis.tex'), 'years of work');
    expectRefused(runMain(['--environments', environmentsDir, '--out', outdir]), /is not a previous synthesis output/);
    expect(fs.readFileSync(path.join(outdir, 'thesis.tex'), 'utf8')).toBe('years of work');
  });

  it('replaces its own previous output on a re-run, leaving no temporary folder beside it', () => {
    const root = tempDir('resynth');
    const outdir = path.join(root, 'cdktf.out');
    expect(runMain(['--environments', environmentsDir, '--out', outdir]).status).toBe(0);
    expect(fs.existsSync(path.join(outdir, OUTPUT_MARKER_FILE))).toBe(true);
    const first = snapshot(outdir);
    // A stale stack from an earlier config must not survive the swap.
    fs.mkdirSync(path.join(outdir, 'stacks', 'stale-stack'));
    const run = runMain(['--environments', environmentsDir, '--out', outdir]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(snapshot(outdir)).toEqual(first);
    expect(fs.readdirSync(root)).toEqual(['cdktf.out']);
  });

  it('accepts an empty folder (nothing to lose) and the layout older versions wrote without a marker', () => {
    const root = tempDir('legacy');
    const empty = path.join(root, 'empty');
    fs.mkdirSync(empty);
    expect(runMain(['--environments', environmentsDir, '--out', empty]).status).toBe(0);
    const legacy = path.join(root, 'legacy');
    fs.cpSync(empty, legacy, { recursive: true });
    fs.rmSync(path.join(legacy, OUTPUT_MARKER_FILE));
    const run = runMain(['--environments', environmentsDir, '--out', legacy]);
    expect(run.status).toBe(0);
    expect(fs.existsSync(path.join(legacy, OUTPUT_MARKER_FILE))).toBe(true);
  });
});
