/**
 * The main job: synthesizes every environment under the environments folder as one Terraform stack
 * per app × environment, and prints a table of stacks, resource counts and seconds.
 *
 *   npx ts-node --transpile-only main.ts [--environments DIR] [--out DIR]
 *
 * Under the cdktf CLI (`cdktf synth|diff|deploy`, via cdktf.json) the CLI chooses the output folder.
 * Configuration problems are printed one per line (file:line: key: expected …, found …) with exit 1
 * and nothing written. An `--out` that is not a previous synthesis output (the project root, the
 * environments folder, any folder of the user's) is refused with exit 2 and left untouched.
 */
import { ConfigError } from './config/config-error';
import { DEFAULT_ENVIRONMENTS_DIR, loadEnvironments } from './config/load-environments';
import { formatOverrideWarning } from './config/tier-defaults';
import { OutputFolderError } from './stacks/output-folder';
import { formatSynthTable, synthesizeEnvironments } from './stacks/synthesize';

interface Options {
  environmentsDir: string;
  outdir: string;
  underCdktfCli: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    environmentsDir: process.env.CDKTF_BLUEPRINTS_ENVIRONMENTS ?? DEFAULT_ENVIRONMENTS_DIR,
    outdir: process.env.CDKTF_OUTDIR ?? 'cdktf.out',
    underCdktfCli: Boolean(process.env.CDKTF_OUTDIR),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (!v || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--environments') options.environmentsDir = value();
    else if (arg === '--out') options.outdir = value();
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: main.ts [--environments DIR] [--out DIR]\n');
      process.exit(0);
    } else throw new UsageError(`unknown argument ${arg} (usage: main.ts [--environments DIR] [--out DIR])`);
  }
  return options;
}

function main(): number {
  try {
    const options = parseArgs(process.argv.slice(2));
    const environments = loadEnvironments(options.environmentsDir);
    for (const loaded of environments) {
      for (const override of loaded.overrides) process.stderr.write(`${formatOverrideWarning(override)}\n`);
    }
    const results = synthesizeEnvironments(environments, options.outdir, !options.underCdktfCli, options.environmentsDir);
    if (!options.underCdktfCli) process.stdout.write(`${formatSynthTable(results)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n${err.issues.length} configuration problem(s); nothing was written.\n`);
      return 1;
    }
    if (err instanceof OutputFolderError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    // Anything else is a bug in the toolkit, not in the user's config: keep the stack for the report.
    throw err;
  }
}

process.exitCode = main();
