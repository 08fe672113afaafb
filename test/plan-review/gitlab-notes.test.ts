/**
 * Posting the note: created once, then updated in place, through GitLab's REST API, here a local
 * server that checks every request (test/support/gitlab-server.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Corpus, CORPUS_BUILD_TIMEOUT_MS, ensureCorpus } from '../../test-bed/plan-corpus';
import { BOT, FakeGitlab, HUMAN, seedNote, startFakeGitlab } from '../support/gitlab-server';
import { expectNoSecrets, runReview, sensitiveValuesOf } from '../support/review-helpers';
import { tempDir } from '../support/synth-stack';

const TOKEN = 'glpat-test-Xy9vQ2kLm3Np8Rs4';
const PROJECT = 'shop/infrastructure';
const MR = '17';

let corpus: Corpus;
let gitlab: FakeGitlab;
let dir: string;

beforeAll(async () => {
  corpus = await ensureCorpus();
  dir = tempDir('notes');
}, CORPUS_BUILD_TIMEOUT_MS);

beforeEach(async () => {
  gitlab = await startFakeGitlab({ token: TOKEN, projectPath: PROJECT, mrIid: MR });
});

afterEach(async () => {
  expect(gitlab.violations).toEqual([]);
  await gitlab.close();
});

function ciEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { CI_API_V4_URL: gitlab.apiUrl, CI_PROJECT_ID: PROJECT, CI_MERGE_REQUEST_IID: MR, GITLAB_TOKEN: TOKEN, ...extra };
}

async function post(stacks: (keyof Corpus)[], env = ciEnv(), extra: string[] = []) {
  const note = path.join(dir, `note-${Date.now()}.md`);
  const run = await runReview([...stacks.flatMap((s) => ['--plan', `${s}=${corpus[s].jsonFile}`]), '--post', '--markdown', note, '--labels', 'allow-protected-change', ...extra], env);
  return { ...run, note: fs.existsSync(note) ? fs.readFileSync(note, 'utf8') : undefined };
}

describe('merge-request note', () => {
  it('creates the note once, then updates that same note in place', async () => {
    const first = await post(['shop-test']);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('plan-review: created note 1000 on merge request !17');
    expect(gitlab.notes).toHaveLength(1);
    expect(gitlab.notes[0].body).toBe(first.note);

    const second = await post(['shop-test', 'shop-production']);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('plan-review: updated note 1000 on merge request !17');
    expect(gitlab.notes).toHaveLength(1);
    expect(gitlab.notes[0].body).toBe(second.note);
    expect(gitlab.notes[0].body).toContain('`shop-production`');

    const calls = gitlab.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`);
    const notes = `/api/v4/projects/shop%2Finfrastructure/merge_requests/17/notes`;
    expect(calls).toEqual(['GET /api/v4/user', `GET ${notes}`, `POST ${notes}`, 'GET /api/v4/user', `GET ${notes}`, `PUT ${notes}/1000`]);
    for (const r of gitlab.requests) expect(r.headers['private-token']).toBe(TOKEN);
    for (const r of gitlab.requests.filter((x) => x.method !== 'GET')) expect(JSON.parse(r.body)).toEqual({ body: expect.stringMatching(/^<!-- plan-review:plan-review -->\n/) });
  });

  it("leaves other people's notes alone, even when they quote the marker", async () => {
    const quoted = seedNote(gitlab, HUMAN, '<!-- plan-review:plan-review -->\nI copied the bot note here: why is the key replaced?');
    const system = seedNote(gitlab, BOT, '<!-- plan-review:plan-review -->\nsystem notes cannot be edited', true);
    const run = await post(['shop-test']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('created note');
    expect(gitlab.notes.find((n) => n.id === quoted.id)?.body).toContain('I copied the bot note');
    expect(gitlab.notes.find((n) => n.id === system.id)?.body).toContain('system notes cannot be edited');
    expect(gitlab.requests.filter((r) => r.method === 'PUT')).toEqual([]);
  });

  it('finds its note on a later page of a busy merge request', async () => {
    const mine = seedNote(gitlab, BOT, '<!-- plan-review:plan-review -->\nold review');
    for (let i = 0; i < 130; i++) seedNote(gitlab, HUMAN, `comment ${i}`);
    const run = await post(['billing-test']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`updated note ${mine.id}`);
    expect(mine.body).toContain('`billing-test`');
    const pages = gitlab.requests.filter((r) => r.method === 'GET' && r.path.includes('/notes')).map((r) => new URL(r.path, 'http://x').searchParams.get('page'));
    expect(pages).toEqual(['1', '2']);
  });

  it('keeps notes with another key apart', async () => {
    const other = seedNote(gitlab, BOT, '<!-- plan-review:plan-review -->\nthe main review');
    const run = await post(['billing-test'], ciEnv(), ['--note-key', 'nightly']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('created note');
    expect(other.body).toBe('<!-- plan-review:plan-review -->\nthe main review');
    expect(gitlab.notes.at(-1)?.body.startsWith('<!-- plan-review:nightly -->\n')).toBe(true);
  });

  it('never sends or prints a secret, and never prints the token', async () => {
    const run = await post(['shop-test', 'shop-production', 'billing-test']);
    expect(run.code).toBe(0);
    const secrets = [...sensitiveValuesOf(Object.values(corpus).map((c) => c.jsonFile))];
    expectNoSecrets(secrets, Object.fromEntries(gitlab.requests.map((r, i) => [`request ${i} body`, r.body])));
    expectNoSecrets([TOKEN], { stdout: run.stdout, stderr: run.stderr, note: run.note ?? '' });
  });

  it('reports a refused token in one line, without the token', async () => {
    const run = await post(['shop-test'], ciEnv({ GITLAB_TOKEN: 'glpat-wrong-token-value-123' }));
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(
      'plan-review: GitLab GET /user answered 401 "401 Unauthorized" (check the token: it needs the api scope and at least Reporter access to the project)',
    );
    expect(run.stderr).not.toContain('glpat-wrong-token-value-123');
    expect(gitlab.notes).toEqual([]);
  });

  it('takes the token from the variable --token-env names', async () => {
    const run = await post(['billing-test'], ciEnv({ GITLAB_TOKEN: undefined, PLAN_REVIEW_TOKEN: TOKEN }), ['--token-env', 'PLAN_REVIEW_TOKEN']);
    expect(run.code).toBe(0);
    expect(gitlab.notes).toHaveLength(1);
  });

  it('says so in one line when GitLab cannot be reached', async () => {
    await gitlab.close();
    const run = await post(['billing-test'], ciEnv());
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toMatch(/^plan-review: GitLab GET \/user failed: cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/);
    // afterEach closes again: give it a server to close.
    gitlab = await startFakeGitlab({ token: TOKEN, projectPath: PROJECT, mrIid: MR });
  });
});
