/** The dashboards of this folder, one `<blueprint kind>.json` each, read and checked against the schema. */
import * as fs from 'fs';
import * as path from 'path';
import { Dashboard, dashboardSchema } from './dashboard-schema';

export const DASHBOARDS_DIR = __dirname;

export interface DashboardFile {
  /** The blueprint kind, from the file name (container-app.json → container-app). */
  kind: string;
  file: string;
  dashboard: Dashboard;
}

export class DashboardError extends Error {}

/** Every `*.json` of `dir`; a file that is not valid JSON or not a dashboard fails with every problem, file and path named. */
export function loadDashboards(dir = DASHBOARDS_DIR): DashboardFile[] {
  const problems: string[] = [];
  const loaded: DashboardFile[] = [];
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const file = path.join(dir, name);
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      problems.push(`${name}: not valid JSON (${(err as Error).message})`);
      continue;
    }
    const parsed = dashboardSchema.safeParse(json);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((i) => `${name}: ${i.path.join('.') || '(top level)'}: ${i.message}`));
      continue;
    }
    loaded.push({ kind: name.replace(/\.json$/, ''), file, dashboard: parsed.data });
  }
  const uids = new Map<string, string>();
  for (const d of loaded) {
    if (uids.has(d.dashboard.uid)) problems.push(`${path.basename(d.file)}: uid ${d.dashboard.uid} is also ${uids.get(d.dashboard.uid)}'s`);
    uids.set(d.dashboard.uid, path.basename(d.file));
  }
  if (problems.length > 0) throw new DashboardError(problems.join('\n'));
  return loaded;
}
