/** Shared helpers of the plan-review tests: running the CLI, golden files, and secret hunting. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../plan-review/cli';
import { CORPUS_SECRETS, SHORT_CORPUS_SECRETS } from '../../test-bed/corpus-stacks';
import { PROJECT_ROOT } from '../../tooling/terraform-cli';

export const GOLDEN_DIR = path.join(__dirname, '..', 'plan-review', 'golden');
export const CLI = path.join(PROJECT_ROOT, 'plan-review', 'cli.ts');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process (fast); the environment is only what is passed. */
export async function runReview(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, env, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** Runs the CLI as the pipeline does, in its own process, to see the real exit status and output. */
export function runReviewProcess(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const res = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', CLI, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (res.error) throw res.error;
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

/**
 * Values the emulator makes up on every run. The renderer already keeps most of them out of the note
 * (a replacement lists computed attributes by name), this catches the rest.
 */
export function normalizeVolatile(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\b(sg|i|vpc|subnet|eni|vol|igw|rtb|acl)-[0-9a-f]{8,17}\b/g, '$1-<id>')
    .replace(/\bdb-[A-Z0-9]{26}\b/g, 'db-<id>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<timestamp>')
    .replace(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g, '<ip>');
}

/** Compares with test/plan-review/golden/<name>; UPDATE_GOLDEN=1 rewrites the file instead. */
export function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  const normalized = normalizeVolatile(actual);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(GOLDEN_DIR, { recursive: true });
    fs.writeFileSync(file, normalized);
    return;
  }
  if (!fs.existsSync(file)) throw new Error(`golden file ${file} is missing; run the test with UPDATE_GOLDEN=1 and review the result`);
  expect(normalized).toBe(fs.readFileSync(file, 'utf8'));
}

function collectMarked(value: unknown, mask: unknown, out: Set<string>): void {
  if (mask === true) {
    const walk = (v: unknown): void => {
      if (typeof v === 'string' || typeof v === 'number') out.add(String(v));
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(value);
    return;
  }
  if (!mask || typeof mask !== 'object' || !value || typeof value !== 'object') return;
  for (const [k, m] of Object.entries(mask as Record<string, unknown>)) collectMarked((value as Record<string, unknown>)[k], m, out);
}

/**
 * Every string and number a plan marks sensitive (found here independently of the reviewer's own
 * mask code), plus the secrets the corpus put in. Values of one or two characters are left out
 * ("1", "on" match everywhere); expectNoSecrets looks for short ones as whole tokens.
 */
export function sensitiveValuesOf(planJsonFiles: string[]): string[] {
  const out = new Set<string>([...Object.values(CORPUS_SECRETS), ...Object.values(SHORT_CORPUS_SECRETS).map(String)]);
  for (const file of planJsonFiles) {
    const plan = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const rc of [...(plan.resource_changes ?? []), ...(plan.resource_drift ?? [])]) {
      collectMarked(rc.change.before, rc.change.before_sensitive, out);
      collectMarked(rc.change.after, rc.change.after_sensitive, out);
    }
    for (const oc of Object.values(plan.output_changes ?? {}) as Record<string, unknown>[]) {
      collectMarked(oc.before, oc.before_sensitive, out);
      collectMarked(oc.after, oc.after_sensitive, out);
    }
    const declared = (plan.configuration?.root_module?.variables ?? {}) as Record<string, { sensitive?: boolean }>;
    for (const [name, v] of Object.entries((plan.variables ?? {}) as Record<string, { value?: unknown }>)) {
      if (declared[name]?.sensitive) collectMarked(v.value, true, out);
    }
  }
  return [...out].filter((s) => s.length >= 3);
}

/** The forms a value can take in an output: clear, and JSON-escaped up to three times (JSON in JSON in a display text). */
export function encodings(secret: string): string[] {
  const out = [secret];
  for (let i = 0; i < 3; i++) out.push(JSON.stringify(out[out.length - 1]).slice(1, -1));
  return [...new Set(out)];
}

/** Where a short secret would show: as a whole JSON string or number token, in any of its encodings. */
function shortTokenPattern(secret: string): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const quoted = encodings(secret).map((e) => `"${esc(e)}"|\\\\"${esc(e)}\\\\"`);
  const bare = /^-?\d+(\.\d+)?$/.test(secret) ? [`(?<![\\w.+-])${esc(secret)}(?![\\w.])`] : [];
  return new RegExp([...quoted, ...bare].join('|'));
}

/**
 * Fails naming the secret and where it leaked. Secrets of five characters or more count anywhere, in
 * any encoding; shorter ones (3–4 characters) count as whole tokens.
 */
export function expectNoSecrets(secrets: string[], outputs: Record<string, string>): void {
  const leaks: string[] = [];
  for (const [where, text] of Object.entries(outputs)) {
    for (const s of secrets) {
      const found = s.length >= 5 ? encodings(s).some((e) => text.includes(e)) : shortTokenPattern(s).test(text);
      if (found) leaks.push(`${where} contains a sensitive value (${s.length} chars, starts ${s.slice(0, 2)}…)`);
    }
  }
  expect(leaks).toEqual([]);
}
