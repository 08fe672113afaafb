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

export interface FakeGitlab {
  apiUrl: string;
  requests: RecordedRequest[];
  notes: StoredNote[];
  /** Requests the server refused as malformed (a test expects none). */
  violations: string[];
  intercept(i: Interception): void;
  /** How the notes list says there is a next page. @default 'x-next-page' */
  paging: 'x-next-page' | 'link' | 'link-elsewhere';
  close(): Promise<void>;
}

export const BOT = { id: 41, username: 'project_7_bot' };
export const HUMAN = { id: 5, username: 'reviewer' };

export async function startFakeGitlab(opts: { token: string; projectPath: string; mrIid: string; botUser?: typeof BOT }): Promise<FakeGitlab> {
  const requests: RecordedRequest[] = [];
  const notes: StoredNote[] = [];
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
    violations,
    paging: 'x-next-page',
    intercept: (i) => interceptions.push(i),
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
  return gitlab;
}

let seedClock = 0;

/** A note already on the merge request; later seeds are newer (created and updated later). */
export function seedNote(gitlab: FakeGitlab, author: { id: number; username: string }, body: string, system = false): StoredNote {
  seedClock++;
  const note = { id: 100 + gitlab.notes.length, body, system, author, created: seedClock, updated: seedClock };
  gitlab.notes.push(note);
  return note;
}
