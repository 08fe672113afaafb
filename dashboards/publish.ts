/**
 * Upserts dashboards into Grafana through its HTTP API: a folder per blueprint kind (created once),
 * then `POST /api/dashboards/db` with `overwrite: true`, so publishing again changes nothing but the
 * version. A 5xx or a dropped connection is retried; a 4xx stops with what Grafana said and what to
 * check. The token travels only in the Authorization header and never appears in a message.
 */
import { DashboardFile } from './load-dashboards';

export interface PublishOptions {
  /** Grafana's base URL, e.g. https://g-abc.grafana-workspace.eu-central-1.amazonaws.com */
  url: string;
  /** A service-account token with the Editor role (dashboards and folders). */
  token: string;
  dashboards: DashboardFile[];
  /** Attempts per request when Grafana answers 5xx or the connection fails. @default 3 */
  attempts?: number;
  /** Wait before the second attempt, doubled for each further one. @default 1000 */
  retryDelayMs?: number;
  /** @default silent */
  log?: (line: string) => void;
}

export interface Published {
  kind: string;
  uid: string;
  folderUid: string;
  version: number;
  url: string;
}

export class GrafanaError extends Error {}

/** The folder a kind's dashboards go to. */
export function folderOf(kind: string): { uid: string; title: string } {
  return { uid: `cdktf-${kind}`, title: `cdktf-aws-blueprints: ${kind}` };
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export async function publishDashboards(options: PublishOptions): Promise<Published[]> {
  const base = options.url.replace(/\/+$/, '');
  const attempts = options.attempts ?? 3;
  const delay = options.retryDelayMs ?? 1000;
  const log = options.log ?? (() => undefined);
  const redact = (text: string) => (options.token ? text.split(options.token).join('[redacted]') : text);

  async function call(method: 'GET' | 'POST', apiPath: string, what: string, body?: unknown, accept: number[] = []): Promise<Answer> {
    for (let attempt = 1; ; attempt++) {
      let answer: Answer | undefined;
      let failure: string;
      try {
        const response = await fetch(`${base}${apiPath}`, {
          method,
          headers: { Authorization: `Bearer ${options.token}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        let parsed: Record<string, unknown> = {};
        try {
          parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        } catch {
          parsed = { message: text.slice(0, 200) };
        }
        answer = { status: response.status, body: parsed };
        failure = `HTTP ${response.status}${parsed.message ? `: ${String(parsed.message)}` : ''}`;
      } catch (err) {
        failure = `no answer (${(err as Error).message})`;
      }
      if (answer && (answer.status < 400 || accept.includes(answer.status))) return answer;
      if (answer && answer.status < 500) {
        const hint =
          answer.status === 401 || answer.status === 403
            ? ' Check GRAFANA_TOKEN: a service-account token of this Grafana with the Editor role.'
            : answer.status === 404
              ? ' Check GRAFANA_URL: the base URL of the Grafana workspace.'
              : '';
        throw new GrafanaError(redact(`Grafana refused ${what} (${method} ${apiPath}): ${failure}.${hint}`));
      }
      if (attempt >= attempts) throw new GrafanaError(redact(`Grafana failed ${what} (${method} ${apiPath}) ${attempts} times, last: ${failure}`));
      log(redact(`${what}: ${failure}; retrying (${attempt}/${attempts - 1})`));
      await new Promise((resolve) => setTimeout(resolve, delay * 2 ** (attempt - 1)));
    }
  }

  const published: Published[] = [];
  const folders = new Set<string>();
  for (const { kind, dashboard } of options.dashboards) {
    const folder = folderOf(kind);
    if (!folders.has(folder.uid)) {
      const existing = await call('GET', `/api/folders/${encodeURIComponent(folder.uid)}`, `the folder ${folder.uid}`, undefined, [404]);
      if (existing.status === 404) {
        await call('POST', '/api/folders', `creating the folder ${folder.uid}`, folder);
        log(`created folder ${folder.title}`);
      }
      folders.add(folder.uid);
    }
    // id null: Grafana matches by uid, so the same file updates the same dashboard in any Grafana.
    const answer = await call('POST', '/api/dashboards/db', `the dashboard ${dashboard.uid}`, {
      dashboard: { ...dashboard, id: null },
      folderUid: folder.uid,
      overwrite: true,
      message: `Published by cdktf-aws-blueprints from dashboards/${kind}.json`,
    });
    const result = { kind, uid: dashboard.uid, folderUid: folder.uid, version: Number(answer.body.version ?? 0), url: `${base}${String(answer.body.url ?? `/d/${dashboard.uid}`)}` };
    log(`published ${kind}: ${result.url} (version ${result.version})`);
    published.push(result);
  }
  return published;
}
