/**
 * `npm run diagram`: synthesizes every environment like the main job (into cdktf.out) and writes one
 * Mermaid picture per stack to docs/environments/<stack>.md, removing pages of stacks that are gone.
 *
 *   npx ts-node --transpile-only diagrams/cli.ts [--environments DIR] [--out DIR] [--docs DIR]
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../config/config-error';
import { DEFAULT_ENVIRONMENTS_DIR, loadEnvironments } from '../config/load-environments';
import { synthesizeEnvironments } from '../stacks/synthesize';
import { ENVIRONMENT_DOCS_DIR, environmentPages } from './environment-docs';

function main(argv: string[]): number {
  const options = { environments: process.env.CDKTF_BLUEPRINTS_ENVIRONMENTS ?? DEFAULT_ENVIRONMENTS_DIR, out: 'cdktf.out', docs: ENVIRONMENT_DOCS_DIR };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const key = ({ '--environments': 'environments', '--out': 'out', '--docs': 'docs' } as const)[flag];
    if (!key || !value || value.startsWith('--')) {
      process.stderr.write(`error: ${flag}${key ? ' needs a value' : ' is not an option'} (usage: diagrams/cli.ts [--environments DIR] [--out DIR] [--docs DIR])\n`);
      return 2;
    }
    options[key] = value;
  }
  try {
    synthesizeEnvironments(loadEnvironments(options.environments), options.out);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n${err.issues.length} configuration problem(s); nothing was written.\n`);
    return 1;
  }
  const pages = environmentPages(options.out);
  fs.mkdirSync(options.docs, { recursive: true });
  for (const old of fs.readdirSync(options.docs)) {
    if (old.endsWith('.md') && !pages.has(old.slice(0, -3))) fs.rmSync(path.join(options.docs, old));
  }
  for (const [stack, page] of pages) {
    fs.writeFileSync(path.join(options.docs, `${stack}.md`), page);
    process.stdout.write(`${path.join(options.docs, `${stack}.md`)}\n`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
