/**
 * Temporary folders and environment files for tests, apart from synth-stack.ts: that module loads
 * stacks/ (cdktf and the provider classes, seconds per test file), which the config/ unit tests do not
 * need — the config mutation run (docs/MUTATION.md, run C) loads them once per mutant.
 */
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { PROJECT_ROOT } from '../../tooling/terraform-cli';

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
