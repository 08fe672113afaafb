/**
 * Posts the review as one merge-request note and updates that same note on every later pipeline,
 * so a merge request never collects a stack of stale plan comments.
 *
 * The note is found by the marker on its first line, among the notes written by the token's own user
 * (a person quoting the note must not have their comment overwritten). The token travels only in the
 * PRIVATE-TOKEN header, only over https (plain http only to this machine, for tests), and only to the
 * origin of the API URL: a redirect or a pagination link to any other origin is refused. No message,
 * error or log line contains it: a response body that quotes it is not shown.
 *
 * GitLab under load answers 429 or 5xx: such requests are retried with exponential backoff, or after
 * the `Retry-After` GitLab asks for, a bounded number of times. A create that failed that way may
 * still have happened, so the note is looked for again before a second create: the note is never
 * duplicated. A note deleted meanwhile (the update answers 404) is created again.
 */
import { ReviewError, oneLine } from './errors';

export interface GitlabTarget {
  /** e.g. https://gitlab.example.com/api/v4 (CI_API_V4_URL) */
  apiUrl: string;
  /** Numeric id or "group/project" path (CI_PROJECT_ID). */
  projectId: string;
  /** The merge request's iid within the project (CI_MERGE_REQUEST_IID). */
  mrIid: string;
  token: string;
}

export interface RetryPolicy {
  /** Attempts per request, the first included. @default 5 */
  attempts: number;
  /** First backoff; doubled on each retry. @default 1000 */
  baseDelayMs: number;
  /** No single wait is longer; a Retry-After beyond it ends the retries. @default 60000 */
  maxDelayMs: number;
  /** @default setTimeout */
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface UpsertResult {
  action: 'created' | 'updated';
  noteId: number;
}

interface Note {
  id: number;
  body: string;
  system?: boolean;
  author?: { id?: number };
}

const REQUEST_TIMEOUT_MS = 30_000;
const PAGE_SIZE = 100;
/**
 * Notes are searched up to this many pages (10,000 notes). Past it the note could be on a page not
 * read, and creating one could duplicate it: the post fails instead.
 */
export const MAX_PAGES = 100;
/** Same-origin redirects followed per request (a moved project path, for example). */
const MAX_REDIRECTS = 5;

export function markerLine(marker: string): string {
  return `<!-- ${marker} -->`;
}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Why an API URL may not carry the token, or undefined when it may: https anywhere, http only to
 * loopback, never with credentials in the URL. The URL is never quoted (it could hold credentials).
 */
export function apiUrlProblem(apiUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    return 'expected an https URL like https://gitlab.example.com/api/v4';
  }
  if (url.username || url.password) return 'the URL must not carry credentials (the token is read from --token-env)';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return undefined;
  if (url.protocol === 'http:') return 'plain http would send the token in clear: use https (http is accepted only for localhost, in tests)';
  return 'expected an https URL like https://gitlab.example.com/api/v4';
}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** The next page's URL from a Link header (rel="next"), if any. */
function nextLink(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && /(^|;)\s*rel="?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/.test(m[2])) return m[1];
  }
  return undefined;
}

/** An answer GitLab gave with a status that is final (4xx other than 429). */
class HttpError extends ReviewError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Connection failures worth another attempt; a refused connection or an unknown host is not one. */
const TRANSIENT_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'TimeoutError', 'EAI_AGAIN']);

class RetryableError extends ReviewError {
  constructor(
    message: string,
    readonly waitMs: number | undefined,
  ) {
    super(message);
  }
}

interface ApiResponse {
  status: number;
  data: unknown;
  headers: Headers;
}

export class GitlabNotes {
  private readonly base: URL;
  private readonly retry: RetryPolicy;
  /** Times the note was deleted under us and made again: a bound, so a broken server cannot loop us. */
  private recreated = 0;

  constructor(
    private readonly target: GitlabTarget,
    retry: Partial<RetryPolicy> = {},
  ) {
    const problem = apiUrlProblem(target.apiUrl);
    if (problem) throw new ReviewError(`GitLab API URL: ${problem}`);
    this.base = new URL(target.apiUrl.replace(/\/+$/, ''));
    this.retry = { ...DEFAULT_RETRY, ...retry };
  }

  private notesPath(): string {
    return `/projects/${encodeURIComponent(this.target.projectId)}/merge_requests/${encodeURIComponent(this.target.mrIid)}/notes`;
  }

  private urlOf(apiPath: string): URL {
    return new URL(`${this.base.href}${apiPath}`);
  }

  /** A message from GitLab, unless it quotes the token (then nothing of it is shown). */
  private safeMessage(text: string): string {
    let message = '';
    try {
      const parsed = JSON.parse(text) as { message?: unknown; error?: unknown };
      message = JSON.stringify(parsed.message ?? parsed.error ?? '');
    } catch {
      return '';
    }
    const token = this.target.token;
    if (!message || message === '""') return '';
    if (message.includes(token) || message.includes(encodeURIComponent(token)) || text.includes(token)) return ' (the answer is not shown: it quotes the token)';
    return ` ${oneLine(message, 200)}`;
  }

  /** One HTTP exchange, following same-origin redirects only. */
  private async once(method: string, url: URL, label: string, body?: unknown): Promise<ApiResponse> {
    let current = url;
    for (let hop = 0; ; hop++) {
      let res: Response;
      try {
        res = await fetch(current, {
          method,
          headers: {
            'PRIVATE-TOKEN': this.target.token,
            Accept: 'application/json',
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          redirect: 'manual',
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
        const message = `GitLab ${label} failed: cannot reach ${this.base.origin} (${cause})`;
        if (TRANSIENT_NETWORK.has(cause)) throw new RetryableError(message, undefined);
        throw new ReviewError(message);
      }
      if (res.status >= 300 && res.status < 400 && res.headers.has('location')) {
        await res.body?.cancel();
        let next: URL;
        try {
          next = new URL(res.headers.get('location') as string, current);
        } catch {
          throw new ReviewError(`GitLab ${label} answered ${res.status} with an unreadable redirect`);
        }
        // The token goes to the origin it was given for, nowhere else (not even the same host over http).
        if (next.origin !== this.base.origin) {
          throw new ReviewError(`GitLab ${label} answered ${res.status}, a redirect to another origin; not followed (the token goes only to ${this.base.origin}: check --gitlab-api-url)`);
        }
        const keepsMethod = res.status === 307 || res.status === 308 || method === 'GET';
        if (!keepsMethod) throw new ReviewError(`GitLab ${label} answered ${res.status}, a redirect that would change the request; not followed (check --gitlab-api-url)`);
        if (hop >= MAX_REDIRECTS) throw new ReviewError(`GitLab ${label}: more than ${MAX_REDIRECTS} redirects`);
        current = next;
        continue;
      }
      const text = await res.text();
      if (res.status === 429 || res.status >= 500) {
        throw new RetryableError(`GitLab ${label} answered ${res.status}${this.safeMessage(text)}`, retryAfterMs(res.headers.get('retry-after')));
      }
      if (!res.ok) {
        const hint = res.status === 401 || res.status === 403 ? ' (check the token: it needs the api scope and at least Reporter access to the project)' : '';
        throw new HttpError(`GitLab ${label} answered ${res.status}${this.safeMessage(text)}${hint}`, res.status);
      }
      try {
        return { status: res.status, data: text ? JSON.parse(text) : undefined, headers: res.headers };
      } catch {
        throw new ReviewError(`GitLab ${label} answered ${res.status} with a body that is not JSON`);
      }
    }
  }

  /**
   * A request with retries on 429, 5xx and network errors. A create is not retried here (it may have
   * happened): `retryCreate` decides after looking for the note again.
   */
  private async request(method: string, url: URL, label: string, body?: unknown, retry = method !== 'POST'): Promise<ApiResponse> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(method, url, label, body);
      } catch (err) {
        if (!(err instanceof RetryableError) || !retry) throw err;
        await this.backoff(err, attempt);
      }
    }
  }

  private async backoff(err: RetryableError, attempt: number): Promise<void> {
    if (attempt >= this.retry.attempts) throw new ReviewError(`${err.message}; gave up after ${attempt} attempts`);
    if (err.waitMs !== undefined && err.waitMs > this.retry.maxDelayMs) {
      throw new ReviewError(`${err.message}; GitLab asks to wait ${Math.ceil(err.waitMs / 1000)} s, longer than ${this.retry.maxDelayMs / 1000} s`);
    }
    const wait = err.waitMs ?? Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    await this.retry.sleep(wait);
  }

  async currentUserId(): Promise<number> {
    const { data } = await this.request('GET', this.urlOf('/user'), 'GET /user');
    const id = (data as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'number') throw new ReviewError('GitLab GET /user answered without a user id');
    return id;
  }

  /**
   * The first note by `authorId` that starts with the marker, most recently updated first (the note
   * is updated on every pipeline, so it is normally on the first page). Pages are followed through
   * X-Next-Page or the Link header, up to MAX_PAGES.
   */
  async findNote(marker: string, authorId: number): Promise<Note | undefined> {
    const first = markerLine(marker);
    const label = `GET ${this.notesPath()}`;
    let url: URL = this.urlOf(`${this.notesPath()}?sort=desc&order_by=updated_at&per_page=${PAGE_SIZE}&page=1`);
    const seen = new Set<string>();
    for (let n = 0; n < MAX_PAGES; n++) {
      seen.add(url.href);
      const { data, headers } = await this.request('GET', url, label);
      if (!Array.isArray(data)) throw new ReviewError(`GitLab ${label} answered with something other than a list of notes`);
      const found = (data as Note[]).find(
        (note) => note !== null && typeof note === 'object' && !note.system && note.author?.id === authorId && typeof note.id === 'number' && typeof note.body === 'string' && note.body.startsWith(first),
      );
      if (found) return found;
      const next = this.nextPage(url, headers, label);
      if (!next) return undefined;
      if (seen.has(next.href)) throw new ReviewError(`GitLab ${label}: the next page leads back to a page already read`);
      url = next;
    }
    throw new ReviewError(`GitLab ${label}: more than ${MAX_PAGES} pages of notes; the note is not posted, as it could be on a page not read and would then be duplicated`);
  }

  private nextPage(current: URL, headers: Headers, label: string): URL | undefined {
    const xNext = headers.get('x-next-page');
    if (xNext !== null && xNext.trim() !== '') {
      if (!/^\d{1,9}$/.test(xNext.trim())) throw new ReviewError(`GitLab ${label} answered an X-Next-Page that is not a page number`);
      const next = new URL(current);
      next.searchParams.set('page', xNext.trim());
      return next;
    }
    const link = nextLink(headers.get('link'));
    if (!link) return undefined;
    let next: URL;
    try {
      next = new URL(link, current);
    } catch {
      throw new ReviewError(`GitLab ${label} answered a Link header that is not a URL`);
    }
    if (next.origin !== this.base.origin) throw new ReviewError(`GitLab ${label} answered a next-page link to another origin; not followed (the token goes only to ${this.base.origin})`);
    return next;
  }

  private async create(body: string, marker: string, me: number): Promise<UpsertResult> {
    const label = `POST ${this.notesPath()}`;
    for (let attempt = 1; ; attempt++) {
      try {
        const { data } = await this.request('POST', this.urlOf(this.notesPath()), label, { body }, false);
        const id = (data as { id?: unknown } | undefined)?.id;
        if (typeof id !== 'number') throw new ReviewError(`GitLab ${label} answered without a note id`);
        return { action: 'created', noteId: id };
      } catch (err) {
        if (!(err instanceof RetryableError)) throw err;
        await this.backoff(err, attempt);
        // The create may have happened before GitLab failed to answer: update it rather than add another.
        const made = await this.findNote(marker, me);
        if (made) return this.update(made.id, body, marker, me);
      }
    }
  }

  private async update(id: number, body: string, marker: string, me: number): Promise<UpsertResult> {
    try {
      await this.request('PUT', this.urlOf(`${this.notesPath()}/${id}`), `PUT ${this.notesPath()}/${id}`, { body });
      return { action: 'updated', noteId: id };
    } catch (err) {
      // Deleted since it was found: the merge request gets the note again.
      if (err instanceof HttpError && err.status === 404 && this.recreated++ < 2) return this.create(body, marker, me);
      throw err;
    }
  }

  /** Creates the note, or replaces the body of the note this reviewer wrote before. */
  async upsert(body: string, marker: string): Promise<UpsertResult> {
    if (!body.startsWith(markerLine(marker))) throw new Error('the note body must start with its marker line');
    const me = await this.currentUserId();
    const existing = await this.findNote(marker, me);
    if (existing) return this.update(existing.id, body, marker, me);
    return this.create(body, marker, me);
  }
}
