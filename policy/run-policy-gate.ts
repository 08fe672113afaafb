/**
 * The policy gate as a command: synthesizes every environment into a temporary folder, runs checkov
 * (project venv, one process for all stacks) and applies policy/checkov-suppressions.ts.
 *
 *   npm run policy [-- --environments DIR]
 *
 * Exit 0: no failed check. Exit 1: failed checks (printed per stack; the synthesized stacks are kept
 * for inspection). Exit 2: configuration problems, bad arguments, or checkov could not run.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../config/config-error';
import { DEFAULT_ENVIRONMENTS_DIR, loadEnvironments } from '../config/load-environments';
import { formatOverrideWarning } from '../config/tier-defaults';
import { synthesizeEnvironments } from '../stacks/synthesize';
import { PrerequisiteError, WORK_DIR } from '../tooling/terraform-cli';
import { describeSuppression, formatFailures, runPolicyGate } from './checkov-gate';

const USAGE = 'usage: run-policy-gate.ts [--environments DIR]';

function parseArgs(argv: string[]): { environmentsDir: string } {
  let environmentsDir = DEFAULT_ENVIRONMENTS_DIR;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--environments') {
      const value = argv[++i];
      if (!value || value.startsWith('--')) throw new UsageError(`--environments needs a value (${USAGE})`);
      environmentsDir = value;
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new UsageError(`unknown argument ${arg} (${USAGE})`);
  }
  return { environmentsDir };
}

class UsageError extends Error {}

function main(): number {
  let workdir: string | undefined;
  try {
    const { environmentsDir } = parseArgs(process.argv.slice(2));
    const environments = loadEnvironments(environmentsDir);
    // A weakened secure default is the usual reason for a production finding: say so up front.
    for (const loaded of environments) {
      for (const override of loaded.overrides) process.stderr.write(`${formatOverrideWarning(override)}\n`);
    }
    fs.mkdirSync(path.join(WORK_DIR, 'tmp'), { recursive: true });
    workdir = fs.mkdtempSync(path.join(WORK_DIR, 'tmp', 'policy-gate-'));
    const outdir = path.join(workdir, 'cdktf.out');
    synthesizeEnvironments(environments, outdir);
    const stacksRoot = path.join(outdir, 'stacks');
    const stackDirs = fs.readdirSync(stacksRoot).sort().map((name) => path.join(stacksRoot, name));

    const report = runPolicyGate(stackDirs);
    for (const s of report.unusedSuppressions) process.stderr.write(`warning: suppression ${describeSuppression(s)} matched no finding in these stacks\n`);
    const summary = `${report.stacks.length} stack(s), ${report.suppressed.length} finding(s) suppressed, checkov ${(report.checkovMs / 1000).toFixed(1)} s`;
    if (report.failed.length > 0) {
      process.stdout.write(`${formatFailures(report.failed)}\n`);
      process.stdout.write(`policy gate FAILED: ${report.failed.length} failed check(s); ${summary}\n`);
      process.stdout.write(`Fix the blueprint, or add a justified, narrowly scoped entry to policy/checkov-suppressions.ts. Stacks kept in ${outdir}\n`);
      workdir = undefined;
      return 1;
    }
    process.stdout.write(`policy gate passed: 0 failed checks; ${summary}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n${err.issues.length} configuration problem(s); nothing was scanned.\n`);
      return 2;
    }
    if (err instanceof UsageError || err instanceof PrerequisiteError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    if (err instanceof Error && /^checkov /.test(err.message)) {
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    throw err;
  } finally {
    if (workdir) fs.rmSync(workdir, { recursive: true, force: true });
  }
}

process.exitCode = main();
