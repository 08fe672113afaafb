/**
 * Posting under hostile or flaky conditions, against the local GitLab stand-in
 * (test/support/gitlab-server.ts): where the token may go, redirects, retries with Retry-After, a create
 * whose answer was lost, a note deleted meanwhile, pagination by X-Next-Page and by Link, and answers
 * that quote the token.
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { GitlabNotes, MAX_PAGES, RetryPolicy, apiUrlProblem } from '../../plan-review/gitlab-notes';
import { ReviewError } from '../../plan-review/errors';
import { BOT, FakeGitlab, HUMAN, seedNote, startFakeGitlab } from '../support/gitlab-server';
import * as fs from 'fs';
import * as path from 'path';
import { runReview } from '../support/review-helpers';
import { tempDir } from '../support/synth-stack';

const TOKEN = 'glpat-posting-Qw8eR7tY6uI5';
const PROJECT = 'shop/infrastructure';
const MR = '17';
const MARKER = 'plan-review:plan-review';
const BODY = `<!-- ${MARKER} -->\n### Terraform plan review\n`;

let gitlab: FakeGitlab;
let waits: number[];
let planFile: string;
let noteFile: string;

beforeAll(() => {
  // A plan without changes, as `terraform show -json` writes it: what is posted does not matter here.
  const dir = tempDir('posting');
  planFile = path.join(dir, 'plan.json');
  noteFile = path.join(dir, 'note.md');
  fs.writeFileSync(planFile, JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', planned_values: { root_module: {} }, resource_changes: [], applyable: false, complete: true, errored: false }));
});

beforeEach(async () => {
  gitlab = await startFakeGitlab({ token: TOKEN, projectPath: PROJECT, mrIid: MR });
  waits = [];
});

afterEach(async () => {
  expect(gitlab.violations).toEqual([]);
  await gitlab.close();
});

/** The poster with a recorded, instant sleep: the waits it asked for are asserted, not waited. */
function poster(retry: Partial<RetryPolicy> = {}, apiUrl = gitlab.apiUrl): GitlabNotes {
  return new GitlabNotes({ apiUrl, projectId: PROJECT, mrIid: MR, token: TOKEN }, { sleep: async (ms) => void waits.push(ms), ...retry });
}

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ReviewError);
    return (err as Error).message;
  }
  throw new Error('expected the post to fail');
}

const calls = () => gitlab.requests.map((r) => `${r.method} ${r.path.split('?')[0].replace('/api/v4/projects/shop%2Finfrastructure/merge_requests/17', '…')}`);

/** A second local server: another origin the token must never reach. */
async function otherOrigin(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url} token=${req.headers['private-token'] ?? 'none'}`);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"id": 1}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('where the token may go', () => {
  it.each([
    ['https://gitlab.example.com/api/v4', undefined],
    ['http://127.0.0.1:8080/api/v4', undefined],
    ['http://localhost/api/v4', undefined],
    ['http://[::1]:3000/api/v4', undefined],
    ['http://gitlab.example.com/api/v4', 'plain http would send the token in clear: use https (http is accepted only for localhost, in tests)'],
    ['http://127.0.0.1.nip.io/api/v4', 'plain http would send the token in clear: use https (http is accepted only for localhost, in tests)'],
    ['https://ci:hunter2secret@gitlab.example.com/api/v4', 'the URL must not carry credentials (the token is read from --token-env)'],
    ['ftp://gitlab.example.com/api/v4', 'expected an https URL like https://gitlab.example.com/api/v4'],
    ['gitlab.example.com', 'expected an https URL like https://gitlab.example.com/api/v4'],
  ])('%s', (url, problem) => {
    expect(apiUrlProblem(url)).toBe(problem);
  });

  it('refuses plain http to another host on the command line, before reading any plan, and never quotes the URL', async () => {
    const run = await runReview(['--plan', 'a=/nonexistent.json', '--post'], {
      CI_API_V4_URL: 'http://user:pw-in-url-5x@gitlab.example.com/api/v4',
      CI_PROJECT_ID: '7',
      CI_MERGE_REQUEST_IID: '3',
      GITLAB_TOKEN: TOKEN,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('plan-review: --gitlab-api-url: the URL must not carry credentials (the token is read from --token-env)\nRun with --help for the options.\n');
    const plain = await runReview(['--plan', 'a=/nonexistent.json', '--post', '--gitlab-api-url', 'http://gitlab.example.com/api/v4', '--project-id', '7', '--mr-iid', '3'], { GITLAB_TOKEN: TOKEN });
    expect(plain.stderr.split('\n')[0]).toBe('plan-review: --gitlab-api-url: plain http would send the token in clear: use https (http is accepted only for localhost, in tests)');
  });

  it('never follows a redirect to another origin', async () => {
    const elsewhere = await otherOrigin();
    try {
      gitlab.intercept({ method: 'GET', path: /\/user$/, respond: { status: 302, headers: { Location: `${elsewhere.url}/api/v4/user` } } });
      const message = await failure(poster().upsert(BODY, MARKER));
      expect(message).toBe(`GitLab GET /user answered 302, a redirect to another origin; not followed (the token goes only to ${new URL(gitlab.apiUrl).origin}: check --gitlab-api-url)`);
      expect(elsewhere.hits).toEqual([]);
      // http -> https on the same host is another origin too.
      gitlab.intercept({ method: 'GET', path: /\/user$/, respond: { status: 301, headers: { Location: gitlab.apiUrl.replace('http:', 'https:') + '/user' } } });
      expect(await failure(poster().upsert(BODY, MARKER))).toContain('a redirect to another origin; not followed');
    } finally {
      await elsewhere.close();
    }
  });

  it('follows a redirect within the same origin, keeping the method and body of a PUT (307)', async () => {
    const mine = seedNote(gitlab, BOT, `${BODY}old`);
    const moved = '/api/v4/projects/shop%2Finfrastructure/merge_requests/17/notes';
    gitlab.intercept({ method: 'PUT', path: /\/notes\/\d+$/, respond: { status: 307, headers: { Location: `${moved}/${mine.id}?moved=1` } } });
    expect(await poster().upsert(BODY, MARKER)).toEqual({ action: 'updated', noteId: mine.id });
    expect(mine.body).toBe(BODY);
    expect(calls()).toEqual(['GET /api/v4/user', 'GET …/notes', `PUT …/notes/${mine.id}`, `PUT …/notes/${mine.id}`]);
  });

  it('does not follow a next-page link to another origin', async () => {
    gitlab.paging = 'link-elsewhere';
    for (let i = 0; i < 120; i++) seedNote(gitlab, HUMAN, `comment ${i}`);
    const message = await failure(poster().upsert(BODY, MARKER));
    expect(message).toMatch(/answered a next-page link to another origin; not followed/);
    expect(gitlab.notes.filter((n) => n.author.id === BOT.id)).toEqual([]);
  });
});

describe('retries', () => {
  it('waits as long as Retry-After asks on 429, in seconds or as a date', async () => {
    gitlab.intercept({ method: 'GET', path: /\/user$/, respond: { status: 429, headers: { 'Retry-After': '7' } } });
    gitlab.intercept({ method: 'GET', path: /\/notes$/, respond: { status: 429, headers: { 'Retry-After': new Date(Date.now() + 30_000).toUTCString() } } });
    expect(await poster().upsert(BODY, MARKER)).toEqual({ action: 'created', noteId: 1000 });
    expect(waits[0]).toBe(7000);
    expect(waits[1]).toBeGreaterThan(25_000);
    expect(waits[1]).toBeLessThanOrEqual(30_000);
    expect(gitlab.notes).toHaveLength(1);
  });

  it('backs off exponentially on 5xx and gives up after a bounded number of attempts', async () => {
    gitlab.intercept({ method: 'GET', path: /\/user$/, times: 10, respond: { status: 503, body: { message: '503 Service Unavailable' } } });
    const message = await failure(poster({ attempts: 4, baseDelayMs: 100 }).upsert(BODY, MARKER));
    expect(message).toBe('GitLab GET /user answered 503 "503 Service Unavailable"; gave up after 4 attempts');
    expect(waits).toEqual([100, 200, 400]);
    expect(gitlab.requests).toHaveLength(4);
  });

  it('does not wait longer than its bound when GitLab asks for more', async () => {
    gitlab.intercept({ method: 'GET', path: /\/user$/, respond: { status: 429, headers: { 'Retry-After': '3600' } } });
    const message = await failure(poster().upsert(BODY, MARKER));
    expect(message).toBe('GitLab GET /user answered 429 "429"; GitLab asks to wait 3600 s, longer than 60 s');
    expect(waits).toEqual([]);
  });

  it('never duplicates the note when a create happened but its answer was a 502', async () => {
    gitlab.intercept({ method: 'POST', path: /\/notes$/, afterHandling: true, respond: { status: 502, body: { message: 'bad gateway' } } });
    expect(await poster().upsert(BODY, MARKER)).toEqual({ action: 'updated', noteId: 1000 });
    expect(gitlab.notes).toHaveLength(1);
    expect(calls()).toEqual(['GET /api/v4/user', 'GET …/notes', 'POST …/notes', 'GET …/notes', 'PUT …/notes/1000']);
  });

  it('creates once more when a create failed before it happened', async () => {
    gitlab.intercept({ method: 'POST', path: /\/notes$/, respond: { status: 500 } });
    expect(await poster().upsert(BODY, MARKER)).toEqual({ action: 'created', noteId: 1000 });
    expect(gitlab.notes).toHaveLength(1);
  });

  it('retries a 429 from the command line too (Retry-After: 0)', async () => {
    gitlab.intercept({ method: 'GET', path: /\/user$/, respond: { status: 429, headers: { 'Retry-After': '0' } } });
    const run = await runReview(['--plan', `t=${planFile}`, '--post', '--markdown', noteFile], {
      CI_API_V4_URL: gitlab.apiUrl,
      CI_PROJECT_ID: PROJECT,
      CI_MERGE_REQUEST_IID: MR,
      GITLAB_TOKEN: TOKEN,
    });
    expect(run.stderr).toContain('plan-review: created note 1000 on merge request !17');
    expect(run.code).toBe(0);
  });
});

describe('finding the note', () => {
  it('creates the note again when it was deleted between finding and updating it (PUT answers 404)', async () => {
    const mine = seedNote(gitlab, BOT, `${BODY}old`);
    gitlab.intercept({ method: 'PUT', before: () => gitlab.notes.splice(gitlab.notes.indexOf(mine), 1) });
    expect(await poster().upsert(BODY, MARKER)).toEqual({ action: 'created', noteId: 1000 });
    expect(gitlab.notes.map((n) => n.body)).toEqual([BODY]);
  });

  it.each(['x-next-page', 'link'] as const)('finds its note on the third page, paged by %s, and updates it', async (paging) => {
    gitlab.paging = paging;
    const mine = seedNote(gitlab, BOT, `${BODY}old`);
    for (let i = 0; i < 250; i++) seedNote(gitlab, HUMAN, `comment ${i}`);
    expect(await poster().upsert(BODY, MARKER)).toEqual({ action: 'updated', noteId: mine.id });
    const pages = gitlab.requests.filter((r) => r.path.includes('/notes?')).map((r) => new URL(r.path, 'http://x').searchParams.get('page'));
    expect(pages).toEqual(['1', '2', '3']);
    expect(gitlab.notes).toHaveLength(251);
  });

  it('refuses to post rather than risk a duplicate when the notes run past the page bound', async () => {
    for (let i = 0; i < MAX_PAGES * 100 + 1; i++) seedNote(gitlab, HUMAN, `comment ${i}`);
    const message = await failure(poster().upsert(BODY, MARKER));
    expect(message).toMatch(new RegExp(`more than ${MAX_PAGES} pages of notes; the note is not posted`));
    expect(gitlab.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('stops when the next page leads back to one already read', async () => {
    gitlab.intercept({ method: 'GET', path: /\/notes$/, times: 2, respond: { status: 200, body: [], headers: { 'X-Next-Page': '1' } } });
    expect(await failure(poster().upsert(BODY, MARKER))).toMatch(/the next page leads back to a page already read$/);
  });
});

describe('answers that quote the token', () => {
  it('never prints a response body that contains the token', async () => {
    gitlab.intercept({ method: 'GET', path: /\/user$/, respond: { status: 401, body: { message: `token ${TOKEN} is revoked` } } });
    const message = await failure(poster().upsert(BODY, MARKER));
    expect(message).toBe('GitLab GET /user answered 401 (the answer is not shown: it quotes the token) (check the token: it needs the api scope and at least Reporter access to the project)');
    expect(message).not.toContain(TOKEN);
  });

  it('keeps the token out of the command line output whatever the error says', async () => {
    gitlab.intercept({ method: 'GET', path: /\/user$/, respond: { status: 400, body: { error: `bad header ${encodeURIComponent(TOKEN)}` } } });
    const run = await runReview(['--plan', `t=${planFile}`, '--post', '--markdown', noteFile], {
      CI_API_V4_URL: gitlab.apiUrl,
      CI_PROJECT_ID: PROJECT,
      CI_MERGE_REQUEST_IID: MR,
      GITLAB_TOKEN: TOKEN,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain(TOKEN);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe('plan-review: GitLab GET /user answered 400 (the answer is not shown: it quotes the token)');
  });
});
