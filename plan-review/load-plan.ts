/**
 * Reads one stack's plan, given either as Terraform's binary plan file or as its JSON, and reviews it
 * in a single streaming pass (see json-scan.ts).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { terraformEnv } from '../tooling/terraform-cli';
import { ReviewError, oneLine } from './errors';
import { JsonScanner } from './json-scan';
import { ReviewContext, StackCollector, StackReview } from './stack-review';

/** Binary plan files are zip archives. */
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** `terraform show -json` of a 15k-resource plan has been seen to take minutes. */
const SHOW_TIMEOUT_MS = 30 * 60_000;

function readMagic(file: string): Buffer {
  const magic = Buffer.alloc(ZIP_MAGIC.length);
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const n = fs.readSync(fd, magic, 0, magic.length, 0);
    return magic.subarray(0, n);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a plan file' : (code ?? oneLine((err as Error).message));
    throw new ReviewError(`${file}: cannot read the plan (${why})`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Terraform needs the plan's initialised working directory (its providers' schemas) to render a
 * binary plan; `terraform plan -out` leaves the plan there, so the plan file's folder is used.
 * The JSON goes to a temporary file, not a pipe, so a 100 MB plan is never held in memory.
 */
function withPlanJson<T>(file: string, use: (jsonFile: string) => T): T {
  const abs = path.resolve(file);
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-review-'));
  const out = path.join(tmpDir, 'plan.json');
  try {
    const fd = fs.openSync(out, 'w');
    let res;
    try {
      // A CI job's own CLI config (TF_CLI_CONFIG_FILE) wins over the project's mirror config.
      const passThrough = process.env.TF_CLI_CONFIG_FILE ? { TF_CLI_CONFIG_FILE: process.env.TF_CLI_CONFIG_FILE } : {};
      res = spawnSync('terraform', ['show', '-json', '-no-color', abs], {
        cwd: path.dirname(abs),
        env: terraformEnv(passThrough),
        stdio: ['ignore', fd, 'pipe'],
        encoding: 'utf8',
        timeout: SHOW_TIMEOUT_MS,
        maxBuffer: 16 * 1024 * 1024,
      });
    } finally {
      fs.closeSync(fd);
    }
    if (res.error) throw new ReviewError(`${file}: terraform show -json could not run (${oneLine(res.error.message)}); install Terraform >= 1.11 and put it on PATH`);
    if (res.status !== 0) {
      // Only the diagnostic's summary line: the lines under it may quote configuration source.
      const text = res.stderr.replace(/[╷│╵]/g, ' ');
      const summary = /Error: ([^\n]*)/.exec(text)?.[1] ?? text.trim().split('\n')[0] ?? '';
      const detail = oneLine(summary);
      throw new ReviewError(`${file}: terraform show -json failed (exit ${res.status}) in ${path.dirname(abs)}: ${detail}`);
    }
    return use(out);
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

export function reviewPlan(stack: string, file: string, ctx: ReviewContext): StackReview {
  const collector = new StackCollector(stack, file, ctx);
  const scan = (jsonFile: string) => JsonScanner.scanFile(jsonFile, collector.handlers(), file);
  const keys = readMagic(file).equals(ZIP_MAGIC) ? withPlanJson(file, scan) : scan(file);
  return collector.finish(keys);
}
