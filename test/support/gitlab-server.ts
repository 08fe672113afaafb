/**
 * A local HTTP server standing in for GitLab's notes API (REST v4) during the poster's tests. It
 * answers like GitLab (status codes, JSON shapes, X-Next-Page pagination) and checks every request:
 * the token header, the JSON content type, the encoded project path. Everything it receives is
 * recorded so a test can assert on the exact requests.
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
}

export interface FakeGitlab {
  apiUrl: string;
  requests: RecordedRequest[];
  notes: StoredNote[];
  /** Requests the server refused as malformed (a test expects none). */
  violations: string[];
  close(): Promise<void>;
}

export const BOT = { id: 41, username: 'project_7_bot' };
export const HUMAN = { id: 5, username: 'reviewer' };

export async function startFakeGitlab(opts: { token: string; projectPath: string; mrIid: string; botUser?: typeof BOT }): Promise<FakeGitlab> {
  const requests: RecordedRequest[] = [];
  const notes: StoredNote[] = [];
  const violations: string[] = [];
  const me = opts.botUser ?? BOT;
  let nextId = 1000;
  const notesPath = `/api/v4/projects/${encodeURIComponent(opts.projectPath)}/merge_requests/${opts.mrIid}/notes`;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(JSON.stringify(data));
      };
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
          const slice = notes.slice((page - 1) * perPage, page * perPage);
          const more = page * perPage < notes.length;
          return send(200, slice, more ? { 'X-Next-Page': String(page + 1), 'X-Page': String(page) } : { 'X-Next-Page': '', 'X-Page': String(page) });
        }
        if (req.method === 'POST') {
          const note: StoredNote = { id: nextId++, body: payload.body as string, system: false, author: me };
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
        return send(200, note);
      }
      violations.push(`unexpected ${req.method} ${url.pathname}`);
      return send(404, { message: '404 Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/v4`,
    requests,
    notes,
    violations,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

export function seedNote(gitlab: FakeGitlab, author: { id: number; username: string }, body: string, system = false): StoredNote {
  const note = { id: 100 + gitlab.notes.length, body, system, author };
  gitlab.notes.push(note);
  return note;
}
