/** The main job as a user runs it: a table of stacks, deterministic output, warnings for weakened defaults. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { containerAppConfig } from '../support/container-app-config';
import { treeDigest } from '../support/tree-digest';
import { runMain, tempDir, writeEnvironments } from '../support/synth-stack';
import { PROJECT_ROOT } from '../../tooling/terraform-cli';

describe('main job', () => {
  it('synthesizes every environment of the project and prints a table of stacks, resources and seconds', () => {
    const outdir = path.join(tempDir('main'), 'cdktf.out');
    const run = runMain(['--out', outdir]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^stack\s+resources\s+seconds$/);
    const stacks = fs.readdirSync(path.join(outdir, 'stacks')).sort();
    for (const stack of stacks) expect(run.stdout).toMatch(new RegExp(`^${stack}\\s+\\d+\\s+\\d+\\.\\d\\d$`, 'm'));
    expect(lines[lines.length - 1]).toMatch(/^total\s+\d+\s+\d+\.\d\d$/);
    expect(fs.existsSync(path.join(outdir, 'manifest.json'))).toBe(true);
  });

  // Production runs on this output, so a refactoring must not change it: the golden file holds the
  // digests of today's output. A deliberate change updates it in the same commit, which names the change.
  it('writes byte-identical output for the same config, and exactly the output in golden/project-synth.sha256.json', () => {
    const root = tempDir('determinism');
    const first = path.join(root, 'first');
    const second = path.join(root, 'second');
    expect(runMain(['--out', first]).status).toBe(0);
    expect(runMain(['--out', second]).status).toBe(0);
    expect(treeDigest(second)).toEqual(treeDigest(first));
    expect(Object.keys(treeDigest(first)).length).toBeGreaterThan(2);
    const golden = JSON.parse(fs.readFileSync(path.join(__dirname, 'golden', 'project-synth.sha256.json'), 'utf8'));
    expect(treeDigest(first)).toEqual(golden);
  });

  it('warns visibly when a config weakens a secure production default, and still synthesizes', () => {
    const dir = writeEnvironments({
      env: containerAppConfig('production', { database: { multiAz: false, deletionProtection: false, backupRetentionDays: 3 }, logs: { retentionDays: 30 } }),
    });
    const run = runMain(['--environments', dir, '--out', path.join(tempDir('warn'), 'cdktf.out')]);
    expect(run.status).toBe(0);
    const warnings = run.stderr.trim().split('\n');
    expect(warnings).toEqual([
      expect.stringMatching(/^WARNING .*env\.yaml: logs\.retentionDays = 30 weakens the production default \(365\)$/),
      expect.stringMatching(/^WARNING .*env\.yaml: database\.multiAz = false weakens the production default \(true\)$/),
      expect.stringMatching(/^WARNING .*env\.yaml: database\.deletionProtection = false weakens the production default \(true\)$/),
      expect.stringMatching(/^WARNING .*env\.yaml: database\.backupRetentionDays = 3 weakens the production default \(30\)$/),
    ]);
  });

  it('does not warn when a test environment keeps or strengthens its defaults', () => {
    const dir = writeEnvironments({ env: containerAppConfig('test', { database: { multiAz: true, backupRetentionDays: 14 } }) });
    const run = runMain(['--environments', dir, '--out', path.join(tempDir('nowarn'), 'cdktf.out')]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('runs under the cdktf CLI through cdktf.json (cdktf synth)', () => {
    const dir = writeEnvironments({ env: containerAppConfig('test') });
    const outdir = path.join(tempDir('cli'), 'cdktf.out');
    const res = spawnSync(process.execPath, [require.resolve('cdktf-cli/bundle/bin/cdktf'), 'synth', '--output', outdir], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CDKTF_BLUEPRINTS_ENVIRONMENTS: dir, CI: '1', CHECKPOINT_DISABLE: '1' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(res.status).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks)).toEqual(['shop-test']);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'shop-test', 'cdk.tf.json'))).toBe(true);
  });
});
