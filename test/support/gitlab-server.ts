/**
 * A local HTTP server standing in for GitLab's notes API (REST v4) during the poster's tests. It
 * answers like GitLab (status codes, JSON shapes, X-Next-Page or Link pagination, ordering by
 * created_at/updated_at) and checks every request: the token header, the JSON content type, the
 * encoded project path. Everything it receives is recorded so a test can assert on the exact
 * requests. Faults a real GitLab shows (429 with Retry-After, 5xx after or before doing the work,
 * redirects, a note deleted meanwhile) are scripted with `intercept`.
 */
import * as http from 'http';
import { AddressInfo } from 'net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface StoredNote {
  id: number;
  body: string;
  system: boolean;
  author: { id: number; username: string };
  /** Ordering keys (GitLab's created_at / updated_at), as a counter. */
  created: number;
  updated: number;
}

export interface Interception {
  /** Which requests it applies to. */
  method?: string;
  path?: RegExp;
  /** How many matching requests it applies to. @default 1 */
  times?: number;
  /** Runs before the request is handled (e.g. deletes the note a PUT is about to update). */
  before?(): void;
  /** Handle the request normally first, then answer this instead (the work happened, the answer failed). */
  afterHandling?: boolean;
  /** The answer; without it the request is handled normally (after `before`). */
  respond?: { status: number; headers?: Record<string, string>; body?: unknown };
}

/** One GitLab-managed Terraform state (the http backend's protocol): its JSON and the lock holder. */
export interface StoredTerraformState {
  state?: string;
  /** The lock info Terraform sent with the lock request, while locked. */
  lock?: string;
  /** How many times the state was written. */
  writes: number;
}

export interface FakeGitlab {
  apiUrl: string;
  requests: RecordedRequest[];
  notes: StoredNote[];
  /** GitLab-managed Terraform states by name (with the `terraformState` option). */
  terraformStates: Map<string, StoredTerraformState>;
  /** Requests the server refused as malformed (a test expects none). */
  violations: string[];
  intercept(i: Interception): void;
  /** How the notes list says there is a next page. @default 'x-next-page' */
  paging: 'x-next-page' | 'link' | 'link-elsewhere';
  close(): Promise<void>;
}

export const BOT = { id: 41, username: 'project_7_bot' };
export const HUMAN = { id: 5, username: 'reviewer' };

export interface FakeGitlabOptions {
  token: string;
  projectPath: string;
  mrIid: string;
  botUser?: typeof BOT;
  /** Also serve GitLab-managed Terraform state for the project, to `gitlab-ci-token` with this job token. */
  terraformState?: { jobToken: string };
}

export async function startFakeGitlab(opts: FakeGitlabOptions): Promise<FakeGitlab> {
  const requests: RecordedRequest[] = [];
  const notes: StoredNote[] = [];
  const terraformStates = new Map<string, StoredTerraformState>();
  const statePrefix = `/api/v4/projects/${encodeURIComponent(opts.projectPath)}/terraform/state/`;
  const violations: string[] = [];
  const me = opts.botUser ?? BOT;
  const interceptions: Interception[] = [];
  let nextId = 1000;
  let clock = 10_000;
  let port = 0;
  const notesPath = `/api/v4/projects/${encodeURIComponent(opts.projectPath)}/merge_requests/${opts.mrIid}/notes`;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const hit = interceptions.find((i) => (i.times ?? 1) > 0 && (!i.method || i.method === req.method) && (!i.path || i.path.test(url.pathname)));
      if (hit) hit.times = (hit.times ?? 1) - 1;
      hit?.before?.();
      let sent = false;
      const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
        if (sent) return;
        sent = true;
        if (hit?.respond && hit.afterHandling) {
          status = hit.respond.status;
          headers = hit.respond.headers ?? {};
          data = hit.respond.body ?? { message: `${status}` };
        }
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(JSON.stringify(data));
      };
      if (hit?.respond && !hit.afterHandling) return send(hit.respond.status, hit.respond.body ?? { message: `${hit.respond.status}` }, hit.respond.headers);
      if (opts.terraformState && url.pathname.startsWith(statePrefix)) {
        return serveTerraformState(req.method ?? '', url, req.headers.authorization, body, opts.terraformState.jobToken, terraformStates, statePrefix, violations, res);
      }
      if (req.headers['private-token'] !== opts.token) return send(401, { message: '401 Unauthorized' });
      const wantsJson = req.method === 'POST' || req.method === 'PUT';
      let payload: { body?: unknown } = {};
      if (wantsJson) {
        if (req.headers['content-type'] !== 'application/json') violations.push(`${req.method} ${url.pathname} without a JSON content type`);
        try {
          payload = JSON.parse(body);
        } catch {
          violations.push(`${req.method} ${url.pathname} with a body that is not JSON`);
          return send(400, { error: 'body is invalid' });
        }
        if (typeof payload.body !== 'string' || payload.body.length === 0) return send(400, { error: 'body is missing' });
        if (payload.body.length > 1_000_000) return send(400, { message: { note: ['is too long (maximum is 1000000 characters)'] } });
      }

      if (req.method === 'GET' && url.pathname === '/api/v4/user') return send(200, { id: me.id, username: me.username });
      if (url.pathname === notesPath) {
        if (req.method === 'GET') {
          const perPage = Number(url.searchParams.get('per_page') ?? 20);
          const page = Number(url.searchParams.get('page') ?? 1);
          const key = url.searchParams.get('order_by') === 'updated_at' ? 'updated' : 'created';
          const sign = url.searchParams.get('sort') === 'asc' ? 1 : -1;
          const ordered = [...notes].sort((a, b) => sign * (a[key] - b[key]));
          const slice = ordered.slice((page - 1) * perPage, page * perPage);
          const more = page * perPage < notes.length;
          const nextUrl = new URL(url.href);
          nextUrl.searchParams.set('page', String(page + 1));
          const origin = gitlab.paging === 'link-elsewhere' ? 'http://127.0.0.2:9' : `http://127.0.0.1:${port}`;
          const link = `<${origin}${nextUrl.pathname}${nextUrl.search}>; rel="next", <${origin}${url.pathname}>; rel="first"`;
          const headers: Record<string, string> =
            gitlab.paging === 'x-next-page' ? { 'X-Next-Page': more ? String(page + 1) : '', 'X-Page': String(page) } : more ? { Link: link } : {};
          return send(200, slice, headers);
        }
        if (req.method === 'POST') {
          const note: StoredNote = { id: nextId++, body: payload.body as string, system: false, author: me, created: ++clock, updated: clock };
          notes.push(note);
          return send(201, note);
        }
      }
      const m = url.pathname.startsWith(`${notesPath}/`) ? /^(\d+)$/.exec(url.pathname.slice(notesPath.length + 1)) : null;
      if (m && req.method === 'PUT') {
        const note = notes.find((n) => n.id === Number(m[1]));
        if (!note) return send(404, { message: '404 Not found' });
        if (note.author.id !== me.id) return send(403, { message: '403 Forbidden' });
        note.body = payload.body as string;
        note.updated = ++clock;
        return send(200, note);
      }
      violations.push(`unexpected ${req.method} ${url.pathname}`);
      return send(404, { message: '404 Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const gitlab: FakeGitlab = {
    apiUrl: `http://127.0.0.1:${port}/api/v4`,
    requests,
    notes,
    terraformStates,
    violations,
    paging: 'x-next-page',
    intercept: (i) => interceptions.push(i),
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
  return gitlab;
}

/**
 * GitLab's Terraform state API as Terraform's http backend uses it: GET the state (204 when there is
 * none), POST a new state (with `?ID=<lock id>` while locked), POST `/lock` with the lock info (423
 * with the holder's info when someone else holds it), DELETE `/lock` to unlock. Basic auth with
 * `gitlab-ci-token` and the job token, as GitLab takes it.
 */
function serveTerraformState(
  method: string,
  url: URL,
  authorization: string | undefined,
  body: string,
  jobToken: string,
  states: Map<string, StoredTerraformState>,
  prefix: string,
  violations: string[],
  res: http.ServerResponse,
): void {
  const reply = (status: number, text = '', type = 'application/json') => {
    res.writeHead(status, { 'Content-Type': type });
    res.end(text);
  };
  const expected = `Basic ${Buffer.from(`gitlab-ci-token:${jobToken}`).toString('base64')}`;
  if (authorization !== expected) return reply(401, JSON.stringify({ message: '401 Unauthorized' }));
  const rest = decodeURIComponent(url.pathname.slice(prefix.length));
  const lockRequest = rest.endsWith('/lock');
  const name = lockRequest ? rest.slice(0, -'/lock'.length) : rest;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    violations.push(`terraform state with an unexpected name "${name}"`);
    return reply(400, JSON.stringify({ message: 'bad state name' }));
  }
  const entry = states.get(name) ?? { writes: 0 };
  states.set(name, entry);
  const lockId = (info: string | undefined): string | undefined => (info ? (JSON.parse(info) as { ID?: string }).ID : undefined);
  if (lockRequest && method === 'POST') {
    if (entry.lock) return reply(423, entry.lock);
    entry.lock = body;
    return reply(200, body);
  }
  if (lockRequest && method === 'DELETE') {
    if (entry.lock && body && lockId(body) !== lockId(entry.lock)) return reply(409, entry.lock);
    entry.lock = undefined;
    return reply(200);
  }
  if (!lockRequest && method === 'GET') return entry.state === undefined ? reply(204) : reply(200, entry.state);
  if (!lockRequest && method === 'POST') {
    const id = url.searchParams.get('ID');
    if (entry.lock && id !== lockId(entry.lock)) {
      violations.push(`state ${name} written without holding its lock`);
      return reply(423, entry.lock);
    }
    try {
      JSON.parse(body);
    } catch {
      violations.push(`state ${name} written with a body that is not JSON`);
      return reply(400);
    }
    entry.state = body;
    entry.writes++;
    return reply(200);
  }
  violations.push(`unexpected ${method} ${url.pathname}`);
  return reply(405);
}

let seedClock = 0;

/** A note already on the merge request; later seeds are newer (created and updated later). */
export function seedNote(gitlab: FakeGitlab, author: { id: number; username: string }, body: string, system = false): StoredNote {
  seedClock++;
  const note = { id: 100 + gitlab.notes.length, body, system, author, created: seedClock, updated: seedClock };
  gitlab.notes.push(note);
  return note;
}
