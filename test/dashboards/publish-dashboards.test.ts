/**
 * Publishing through Grafana's HTTP API, against a local HTTP server (127.0.0.1, a free port) that
 * answers like Grafana and records every request: folders per blueprint kind, an upsert per dashboard,
 * the same result when published again, retries on 5xx, and a refused token stops with a clear
 * message that does not contain the token.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { AddressInfo } from 'net';
import { main } from '../../dashboards/cli';
import { DASHBOARDS_DIR, DashboardFile, loadDashboards } from '../../dashboards/load-dashboards';
import { GrafanaError, folderOf, publishDashboards } from '../../dashboards/publish';
import { tempDir } from '../support/synth-stack';

const TOKEN = 'glsa_test-token-0123456789abcdef';

interface Recorded {
  method: string;
  path: string;
  authorization?: string;
  body?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A stand-in for Grafana's folder and dashboard API, with its answers' shapes; `failNext` queues error statuses. */
class FakeGrafana {
  readonly requests: Recorded[] = [];
  readonly folders = new Map<string, string>();
  readonly dashboards = new Map<string, { version: number; folderUid: string; json: Record<string, unknown> }>();
  failNext: number[] = [];
  private server!: http.Server;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const body = text ? JSON.parse(text) : undefined;
        this.requests.push({ method: req.method!, path: req.url!, authorization: req.headers.authorization, body });
        const reply = (status: number, json: unknown) => {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(json));
        };
        const failure = this.failNext.shift();
        if (failure) return reply(failure, { message: failure === 401 ? 'invalid API key' : 'database is locked' });
        if (req.headers.authorization !== `Bearer ${TOKEN}`) return reply(401, { message: 'invalid API key' });
        const folder = /^\/api\/folders\/([^/]+)$/.exec(req.url!);
        if (req.method === 'GET' && folder) {
          const title = this.folders.get(decodeURIComponent(folder[1]));
          return title ? reply(200, { uid: folder[1], title }) : reply(404, { message: 'folder not found' });
        }
        if (req.method === 'POST' && req.url === '/api/folders') {
          if (this.folders.has(body.uid)) return reply(409, { message: 'a folder with the same uid already exists' });
          this.folders.set(body.uid, body.title);
          return reply(200, { uid: body.uid, title: body.title });
        }
        if (req.method === 'POST' && req.url === '/api/dashboards/db') {
          const uid = body.dashboard.uid as string;
          const existing = this.dashboards.get(uid);
          if (existing && !body.overwrite) return reply(412, { status: 'version-mismatch', message: 'The dashboard has been changed by someone else' });
          if (!this.folders.has(body.folderUid)) return reply(400, { message: 'folder not found' });
          const version = (existing?.version ?? 0) + 1;
          this.dashboards.set(uid, { version, folderUid: body.folderUid, json: body.dashboard });
          return reply(200, { id: 1, uid, url: `/d/${uid}/x`, status: 'success', version });
        }
        reply(404, { message: 'Not found' });
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('publishing dashboards to Grafana', () => {
  let grafana: FakeGrafana;
  let url: string;
  const dashboards: DashboardFile[] = loadDashboards();
  const publish = (token = TOKEN, log?: (line: string) => void) => publishDashboards({ url, token, dashboards, retryDelayMs: 1, log });

  beforeEach(async () => {
    grafana = new FakeGrafana();
    url = await grafana.start();
  });
  afterEach(() => grafana.stop());

  it('creates a folder per blueprint kind and upserts each dashboard with its uid, overwrite on, the token as bearer', async () => {
    const published = await publish();
    expect(grafana.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/folders/cdktf-container-app',
      'POST /api/folders',
      'POST /api/dashboards/db',
      'GET /api/folders/cdktf-instance-app',
      'POST /api/folders',
      'POST /api/dashboards/db',
    ]);
    expect(grafana.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    const uploads = grafana.requests.filter((r) => r.path === '/api/dashboards/db').map((r) => r.body!);
    for (const [i, { kind, dashboard }] of dashboards.entries()) {
      // The file as it is, uid included, id null: Grafana matches by uid in any instance.
      expect(uploads[i]).toMatchObject({ dashboard: { ...dashboard, id: null }, folderUid: folderOf(kind).uid, overwrite: true });
    }
    expect(published.map((p) => [p.kind, p.uid, p.version])).toEqual([
      ['container-app', 'cdktf-container-app', 1],
      ['instance-app', 'cdktf-instance-app', 1],
    ]);
  });

  it('publishing again is idempotent: the folders are found, the same dashboards are overwritten in place', async () => {
    await publish();
    const first = new Map([...grafana.dashboards].map(([uid, d]) => [uid, d.json]));
    grafana.requests.length = 0;
    await publish();
    expect(grafana.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/folders/cdktf-container-app',
      'POST /api/dashboards/db',
      'GET /api/folders/cdktf-instance-app',
      'POST /api/dashboards/db',
    ]);
    expect([...grafana.folders.keys()].sort()).toEqual(['cdktf-container-app', 'cdktf-instance-app']);
    expect(new Map([...grafana.dashboards].map(([uid, d]) => [uid, d.json]))).toEqual(first);
    expect([...grafana.dashboards.values()].map((d) => d.version)).toEqual([2, 2]);
  });

  it('retries a 5xx and succeeds, saying so', async () => {
    grafana.failNext = [503, 502];
    const lines: string[] = [];
    await publish(TOKEN, (l) => lines.push(l));
    expect(grafana.requests.slice(0, 3).map((r) => `${r.method} ${r.path}`)).toEqual(Array(3).fill('GET /api/folders/cdktf-container-app'));
    expect(lines.filter((l) => l.includes('retrying'))).toHaveLength(2);
    expect(grafana.dashboards.size).toBe(2);
  });

  it('gives up after three 5xx answers with what Grafana said', async () => {
    grafana.failNext = [500, 500, 500];
    await expect(publish()).rejects.toThrow(/^Grafana failed the folder cdktf-container-app \(GET \/api\/folders\/cdktf-container-app\) 3 times, last: HTTP 500: database is locked$/);
  });

  it('stops at a 401 at once, with a clear message and without the token, also through the CLI', async () => {
    grafana.failNext = [401];
    const error = await publish().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrafanaError);
    expect((error as Error).message).toBe(
      'Grafana refused the folder cdktf-container-app (GET /api/folders/cdktf-container-app): HTTP 401: invalid API key. Check GRAFANA_TOKEN: a service-account token of this Grafana with the Editor role.',
    );
    expect(grafana.requests).toHaveLength(1);

    const output: string[] = [];
    const code = await main([], { GRAFANA_URL: url, GRAFANA_TOKEN: 'glsa_wrong-token-fedcba9876543210' }, (l) => output.push(l));
    expect(code).toBe(1);
    expect(output.join('\n')).toMatch(/^error: Grafana refused the folder cdktf-container-app .*HTTP 401: invalid API key\. Check GRAFANA_TOKEN/);
    expect(output.join('\n')).not.toContain('glsa_wrong-token');
    expect(grafana.requests.at(-1)!.authorization).toBe('Bearer glsa_wrong-token-fedcba9876543210');
  });

  it('the CLI needs GRAFANA_URL and GRAFANA_TOKEN and says so without calling anything', async () => {
    const output: string[] = [];
    expect(await main([], {}, (l) => output.push(l))).toBe(1);
    expect(output).toEqual(['error: dashboards:publish needs GRAFANA_URL (the http(s) base URL of the Grafana workspace) and GRAFANA_TOKEN (a service-account token with the Editor role) in the environment']);
    expect(grafana.requests).toEqual([]);
  });

  it('the CLI publishes every dashboard of the folder, one line each', async () => {
    const output: string[] = [];
    expect(await main([], { GRAFANA_URL: url, GRAFANA_TOKEN: TOKEN }, (l) => output.push(l))).toBe(0);
    expect(output.filter((l) => l.startsWith('published '))).toEqual([
      `published container-app: ${url}/d/cdktf-container-app/x (version 1)`,
      `published instance-app: ${url}/d/cdktf-instance-app/x (version 1)`,
    ]);
    expect(output.join('\n')).not.toContain(TOKEN);
  });

  it('with --changed-since publishes only when the folder changed since that commit, and always when git cannot tell', async () => {
    // A repository of its own: the dashboards, committed twice, the second time changed.
    const repo = tempDir('dashboards-git');
    const dir = path.join(repo, 'dashboards');
    fs.mkdirSync(dir);
    for (const name of ['container-app.json', 'instance-app.json']) fs.copyFileSync(path.join(DASHBOARDS_DIR, name), path.join(dir, name));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], { cwd: repo, encoding: 'utf8' }).trim();
    git('init', '--quiet', '-b', 'main');
    git('add', '.');
    git('commit', '--quiet', '-m', 'dashboards');
    const first = git('rev-parse', 'HEAD');
    fs.writeFileSync(path.join(repo, 'README.md'), 'not a dashboard\n');
    git('add', '.');
    git('commit', '--quiet', '-m', 'readme');
    const second = git('rev-parse', 'HEAD');
    const env = { GRAFANA_URL: url, GRAFANA_TOKEN: TOKEN };
    const run = async (since: string) => {
      const output: string[] = [];
      const code = await main(['--changed-since', since], env, (l) => output.push(l), dir);
      return { code, output };
    };

    expect(await run(second)).toEqual({ code: 0, output: [`dashboards/ unchanged since ${second}: nothing to publish (the manual dashboards-publish job publishes anyway)`] });
    expect(grafana.requests).toEqual([]);

    const json = JSON.parse(fs.readFileSync(path.join(dir, 'instance-app.json'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'instance-app.json'), JSON.stringify({ ...json, title: 'Instance app (renamed)' }, null, 2));
    git('commit', '--quiet', '-am', 'rename');
    const changed = await run(first);
    expect(changed.code).toBe(0);
    expect(changed.output[0]).toBe(`changed since ${first}: dashboards/instance-app.json`);
    expect(grafana.dashboards.get('cdktf-instance-app')?.json.title).toBe('Instance app (renamed)');

    // A new branch's before-SHA is all zeros: nothing to compare with, so it publishes.
    const zero = await run('0000000000000000000000000000000000000000');
    expect(zero.output[0]).toBe('cannot compare with "0000000000000000000000000000000000000000" (new branch or shallow clone); publishing');
    expect(grafana.dashboards.get('cdktf-instance-app')?.version).toBe(2);
  });
});
