/**
 * Posts the review as one merge-request note and updates that same note on every later pipeline,
 * so a merge request never collects a stack of stale plan comments.
 *
 * The note is found by the marker on its first line, among the notes written by the token's own user
 * (a person quoting the note must not have their comment overwritten). The token travels only in the
 * PRIVATE-TOKEN header; no message, error or log line contains it.
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
/** A merge request with more notes than this is not searched further (and gets a new note). */
const MAX_PAGES = 50;

export function markerLine(marker: string): string {
  return `<!-- ${marker} -->`;
}

export class GitlabNotes {
  private readonly base: string;

  constructor(private readonly target: GitlabTarget) {
    this.base = target.apiUrl.replace(/\/+$/, '');
  }

  private notesPath(): string {
    return `/projects/${encodeURIComponent(this.target.projectId)}/merge_requests/${encodeURIComponent(this.target.mrIid)}/notes`;
  }

  private async request(method: string, apiPath: string, body?: unknown): Promise<{ data: unknown; headers: Headers }> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${apiPath}`, {
        method,
        headers: {
          'PRIVATE-TOKEN': this.target.token,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      throw new ReviewError(`GitLab ${method} ${apiPath} failed: cannot reach ${new URL(this.base).origin} (${cause})`);
    }
    const text = await res.text();
    if (!res.ok) {
      let message = '';
      try {
        const parsed = JSON.parse(text) as { message?: unknown; error?: unknown };
        message = JSON.stringify(parsed.message ?? parsed.error ?? '');
      } catch {
        message = '';
      }
      const hint = res.status === 401 || res.status === 403 ? ' (check the token: it needs the api scope and at least Reporter access to the project)' : '';
      throw new ReviewError(`GitLab ${method} ${apiPath} answered ${res.status}${message ? ` ${oneLine(message, 200)}` : ''}${hint}`);
    }
    try {
      return { data: text ? JSON.parse(text) : undefined, headers: res.headers };
    } catch {
      throw new ReviewError(`GitLab ${method} ${apiPath} answered ${res.status} with a body that is not JSON`);
    }
  }

  async currentUserId(): Promise<number> {
    const { data } = await this.request('GET', '/user');
    const id = (data as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'number') throw new ReviewError('GitLab GET /user answered without a user id');
    return id;
  }

  async findNote(marker: string, authorId: number): Promise<Note | undefined> {
    const first = markerLine(marker);
    let page = 1;
    for (let n = 0; n < MAX_PAGES; n++) {
      const { data, headers } = await this.request('GET', `${this.notesPath()}?sort=asc&order_by=created_at&per_page=${PAGE_SIZE}&page=${page}`);
      if (!Array.isArray(data)) throw new ReviewError(`GitLab GET ${this.notesPath()} answered with something other than a list of notes`);
      const found = (data as Note[]).find((note) => !note.system && note.author?.id === authorId && typeof note.body === 'string' && note.body.startsWith(first));
      if (found) return found;
      const next = headers.get('x-next-page');
      if (!next) return undefined;
      page = Number(next);
    }
    return undefined;
  }

  /** Creates the note, or replaces the body of the note this reviewer wrote before. */
  async upsert(body: string, marker: string): Promise<UpsertResult> {
    if (!body.startsWith(markerLine(marker))) throw new Error('the note body must start with its marker line');
    const me = await this.currentUserId();
    const existing = await this.findNote(marker, me);
    if (existing) {
      await this.request('PUT', `${this.notesPath()}/${existing.id}`, { body });
      return { action: 'updated', noteId: existing.id };
    }
    const { data } = await this.request('POST', this.notesPath(), { body });
    const id = (data as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'number') throw new ReviewError(`GitLab POST ${this.notesPath()} answered without a note id`);
    return { action: 'created', noteId: id };
  }
}
