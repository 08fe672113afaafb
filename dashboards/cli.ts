/**
 * `npm run dashboards:publish [-- --changed-since <commit>]`: validates every dashboard of this folder
 * and upserts it into the Grafana at GRAFANA_URL with the token in GRAFANA_TOKEN (the pipeline's
 * `dashboards` jobs; CI/CD variables, the token masked and protected). With `--changed-since`, it
 * publishes only when dashboards/ changed between that commit and HEAD (an unknown or all-zero commit,
 * as on a new branch, counts as changed). Prints one line per dashboard; a failure prints what went
 * wrong and what to check, never the token, and exits 1.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { DASHBOARDS_DIR, DashboardError, loadDashboards } from './load-dashboards';
import { GrafanaError, publishDashboards } from './publish';

/** The files under `dir` that differ between `commit` and HEAD, or undefined when git cannot tell. */
export function changedSince(commit: string, dir = DASHBOARDS_DIR): string[] | undefined {
  if (!/^[0-9a-f]{7,40}$/.test(commit) || /^0+$/.test(commit)) return undefined;
  try {
    const out = execFileSync('git', ['diff', '--name-only', commit, 'HEAD', '--', '.'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split('\n').filter(Boolean);
  } catch {
    return undefined;
  }
}

export async function main(
  args: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  dir = DASHBOARDS_DIR,
): Promise<number> {
  try {
    const at = args.indexOf('--changed-since');
    const unknown = args.filter((a, i) => a !== '--changed-since' && i !== at + 1);
    if (unknown.length > 0 || (at >= 0 && args[at + 1] === undefined)) throw new DashboardError(`usage: npm run dashboards:publish [-- --changed-since <commit>] (found ${args.join(' ')})`);
    if (at >= 0) {
      const since = args[at + 1];
      const changed = changedSince(since, dir);
      if (changed === undefined) out(`cannot compare with "${since}" (new branch or shallow clone); publishing`);
      else if (changed.length === 0) {
        out(`${path.basename(dir)}/ unchanged since ${since}: nothing to publish (the manual dashboards-publish job publishes anyway)`);
        return 0;
      } else out(`changed since ${since}: ${changed.join(', ')}`);
    }
    const url = env.GRAFANA_URL ?? '';
    const token = env.GRAFANA_TOKEN ?? '';
    const missing = [!/^https?:\/\/\S+$/.test(url) ? 'GRAFANA_URL (the http(s) base URL of the Grafana workspace)' : '', !token ? 'GRAFANA_TOKEN (a service-account token with the Editor role)' : ''].filter(Boolean);
    if (missing.length > 0) throw new DashboardError(`dashboards:publish needs ${missing.join(' and ')} in the environment`);
    const dashboards = loadDashboards(dir);
    await publishDashboards({ url, token, dashboards, log: out });
    return 0;
  } catch (err) {
    if (err instanceof DashboardError || err instanceof GrafanaError) {
      out(`error: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

if (require.main === module) {
  main().then((code) => process.exit(code));
}
