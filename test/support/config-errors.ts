/** Runs the loader on one environment file and returns its error lines as the CLI prints them. */
import { stringify } from 'yaml';
import { ConfigError } from '../../config/config-error';
import { loadEnvironments } from '../../config/load-environments';
import { writeEnvironments } from './environment-dir';

export interface MalformedCase {
  name: string;
  file: Record<string, unknown> | string;
  /** Each must match one printed line; there must be no other lines. */
  expect: RegExp[];
}

export function configErrorLines(file: Record<string, unknown> | string): string[] {
  return folderErrorLines({ env: typeof file === 'string' ? file : stringify(file) });
}

/** The same for a folder of files (name → config or YAML text, see writeEnvironments); [] when all load. */
export function folderErrorLines(files: Record<string, unknown>): string[] {
  const dir = writeEnvironments(files);
  try {
    loadEnvironments(dir, dir);
  } catch (err) {
    if (err instanceof ConfigError) return err.message.split('\n');
    throw err;
  }
  return [];
}

/** Asserts one line per expected problem, each in `env.yaml:<line>: <key>: …` form. */
export function expectConfigErrors(c: MalformedCase): void {
  const lines = configErrorLines(c.file);
  expect(lines).toHaveLength(c.expect.length);
  for (const pattern of c.expect) expect(lines).toContainEqual(expect.stringMatching(pattern));
  for (const line of lines) expect(line).toMatch(/^env\.yaml:\d+: \S/);
}
