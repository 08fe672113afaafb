/**
 * Attribute-level differences between `before` and `after`, with every value passed through the
 * sensitivity and unknown masks first.
 *
 * Noise a reviewer should not have to read is recognised here: a JSON document (an IAM policy) whose
 * only change is whitespace or key order, `tags_all` repeating a `tags` change, and `null` versus an
 * empty collection. A JSON document that does change is compared inside, so the diff names the
 * statement that changed instead of showing two long strings.
 */
import {
  KNOWN_AFTER_APPLY,
  childMask,
  childValue,
  deepEqual,
  displayMasked,
  isPlainObject,
  isScalar,
  isUnset,
  maskHasTrue,
  maskLength,
  unionKeys,
} from './mask';
import { Mask } from './plan-types';

export type PathStep = string | number;

export interface DiffEntry {
  /** The Terraform attribute path, continued inside a JSON string from `jsonFrom` on. */
  path: PathStep[];
  jsonFrom?: number;
  op: 'add' | 'remove' | 'change';
  /** Display texts: a JSON literal, or SENSITIVE / KNOWN_AFTER_APPLY. */
  before?: string;
  after?: string;
}

export interface AttributeDiff {
  entries: DiffEntry[];
  /** For a create: the attributes Terraform knows only after apply (listed once, not one line each). */
  knownAfterApply: PathStep[][];
  /** JSON attributes whose change was whitespace or key order only. */
  jsonNoise: PathStep[][];
  /** For a replacement: attributes the old object had that the new one will not set. */
  notSetOnNew: PathStep[][];
}

export interface DiffInput {
  before: unknown;
  after: unknown;
  beforeSensitive?: Mask;
  afterSensitive?: Mask;
  afterUnknown?: Mask;
}

/** Nested values below this many scalars are shown on one line rather than split into paths. */
const INLINE_ARRAY_MAX = 20;

/** The caller collects the change's marked values into its SecretCollector (once per change). */
export function diffAttributes(input: DiffInput): AttributeDiff {
  const w = new DiffWalker(isUnset(input.before));
  w.walk(input.before, input.after, input.beforeSensitive, input.afterSensitive, input.afterUnknown, []);
  return { entries: dropTagsAllEchoes(w.entries), knownAfterApply: w.knownAfterApply, jsonNoise: w.jsonNoise, notSetOnNew: [] };
}

function isUnder(path: PathStep[], prefix: PathStep[]): boolean {
  return prefix.length <= path.length && prefix.every((step, i) => step === path[i]);
}

/** Whether the entry's attribute is one Terraform says forces the replacement. */
export function forcesReplacement(e: DiffEntry, replacePaths: PathStep[][]): boolean {
  const attr = e.jsonFrom === undefined ? e.path : e.path.slice(0, e.jsonFrom);
  return replacePaths.some((p) => isUnder(attr, p));
}

/**
 * A replacement builds a new object, so every computed attribute turns "known after apply" and every
 * value the old object merely had goes away. Listing each one buries the attributes that matter (the
 * configured values and the ones forcing the replacement), so those two groups are listed by name only.
 */
export function foldReplacement(diff: AttributeDiff, replacePaths: PathStep[][]): AttributeDiff {
  const entries: DiffEntry[] = [];
  const knownAfterApply = [...diff.knownAfterApply];
  const notSetOnNew = [...diff.notSetOnNew];
  for (const e of diff.entries) {
    if (forcesReplacement(e, replacePaths)) entries.push(e);
    else if (e.after === KNOWN_AFTER_APPLY) knownAfterApply.push(e.path);
    else if (e.op === 'remove') notSetOnNew.push(e.path);
    else entries.push(e);
  }
  return { ...diff, entries, knownAfterApply, notSetOnNew };
}

class DiffWalker {
  entries: DiffEntry[] = [];
  knownAfterApply: PathStep[][] = [];
  jsonNoise: PathStep[][] = [];

  constructor(private readonly creating: boolean) {}

  /** `path` is one shared stack (pushed and popped around each step); an entry keeps a copy. */
  walk(b: unknown, a: unknown, bs: Mask | undefined, as: Mask | undefined, au: Mask | undefined, path: PathStep[], jsonFrom?: number): void {
    if (au === true) {
      if (this.creating && jsonFrom === undefined) this.knownAfterApply.push(path.slice());
      else this.push({ path: path.slice(), jsonFrom, op: isUnset(b) ? 'add' : 'change', before: isUnset(b) ? undefined : shown(b, bs), after: KNOWN_AFTER_APPLY });
      return;
    }
    if (bs === true || as === true) {
      if (bs === as && deepEqual(b, a)) return;
      if (isUnset(b) && isUnset(a)) return;
      // Each side is shown under its own mask: a value that stops (or starts) being sensitive shows
      // its clear side, never the other.
      if (isUnset(b)) this.push({ path: path.slice(), jsonFrom, op: 'add', after: shown(a, as) });
      else if (isUnset(a)) this.push({ path: path.slice(), jsonFrom, op: 'remove', before: shown(b, bs) });
      else this.push({ path: path.slice(), jsonFrom, op: 'change', before: shown(b, bs), after: shown(a, as) });
      return;
    }
    // Most of an updated object is unchanged: skip such subtrees without walking them.
    if (!maskHasTrue(au) && deepEqual(b, a)) return;
    if (isPlainObject(b) || isPlainObject(a) || isPlainObject(au)) {
      if (!(isPlainObject(b) || isUnset(b)) || !(isPlainObject(a) || isUnset(a))) return this.leaf(b, a, bs, as, path, jsonFrom);
      for (const k of unionKeys(b, a, au)) {
        path.push(k);
        this.walk(childValue(b, k), childValue(a, k), childMask(bs, k), childMask(as, k), childMask(au, k), path, jsonFrom);
        path.pop();
      }
      return;
    }
    if (Array.isArray(b) || Array.isArray(a)) {
      if (!(Array.isArray(b) || isUnset(b)) || !(Array.isArray(a) || isUnset(a))) return this.leaf(b, a, bs, as, path, jsonFrom);
      // An unset side may be null, missing or "": only an array is walked.
      const bb = Array.isArray(b) ? b : [];
      const aa = Array.isArray(a) ? a : [];
      if (inlineable(bb, bs) && inlineable(aa, as) && !maskHasTrue(au)) return this.leaf(b, a, bs, as, path, jsonFrom);
      const n = Math.max(bb.length, aa.length, maskLength(au));
      for (let i = 0; i < n; i++) {
        path.push(i);
        this.walk(bb[i], aa[i], childMask(bs, i), childMask(as, i), childMask(au, i), path, jsonFrom);
        path.pop();
      }
      return;
    }
    if (typeof b === 'string' && typeof a === 'string' && jsonFrom === undefined && b !== a) {
      const jb = parseJsonDocument(b);
      const ja = parseJsonDocument(a);
      if (jb !== undefined && ja !== undefined) {
        if (deepEqual(jb, ja)) this.jsonNoise.push(path.slice());
        else this.walk(jb, ja, undefined, undefined, undefined, path, path.length);
        return;
      }
    }
    this.leaf(b, a, bs, as, path, jsonFrom);
  }

  /**
   * A value shown whole: a scalar, a short array, or two sides of different types (an object that
   * becomes a string). Every side passes its own mask here; no value is printed by any other route.
   */
  private leaf(b: unknown, a: unknown, bs: Mask | undefined, as: Mask | undefined, path: PathStep[], jsonFrom: number | undefined): void {
    if (isUnset(b) && isUnset(a)) return;
    if (deepEqual(b, a) && maskHasTrue(bs) === maskHasTrue(as)) return;
    if (isUnset(b)) this.push({ path: path.slice(), jsonFrom, op: 'add', after: shown(a, as) });
    else if (isUnset(a)) {
      if (!this.creating) this.push({ path: path.slice(), jsonFrom, op: 'remove', before: shown(b, bs) });
    } else this.push({ path: path.slice(), jsonFrom, op: 'change', before: shown(b, bs), after: shown(a, as) });
  }

  private push(e: DiffEntry): void {
    if (e.jsonFrom === undefined) delete e.jsonFrom;
    this.entries.push(e);
  }
}

function shown(v: unknown, mask: Mask | undefined): string {
  return displayMasked(v, mask);
}

function inlineable(arr: unknown[], mask: Mask | undefined): boolean {
  return arr.length <= INLINE_ARRAY_MAX && arr.every(isScalar) && !maskHasTrue(mask);
}

/** Only objects and arrays count as JSON documents: "123" or "true" are plain strings to a reviewer. */
function parseJsonDocument(s: string): unknown {
  const t = s.trimStart();
  if (!(t.startsWith('{') || t.startsWith('['))) return undefined;
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** The AWS provider mirrors every `tags` change into `tags_all`; showing both says the same thing twice. */
function dropTagsAllEchoes(entries: DiffEntry[]): DiffEntry[] {
  const tagChanges = new Set(
    entries.filter((e) => e.path[0] === 'tags' && e.path.length === 2).map((e) => `${String(e.path[1])}\u0000${e.op}\u0000${e.before}\u0000${e.after}`),
  );
  if (tagChanges.size === 0) return entries;
  return entries.filter(
    (e) => !(e.path[0] === 'tags_all' && e.path.length === 2 && tagChanges.has(`${String(e.path[1])}\u0000${e.op}\u0000${e.before}\u0000${e.after}`)),
  );
}

/** Whether every change is to tags: such updates are listed apart as noise. */
export function isTagOnly(entries: DiffEntry[]): boolean {
  return entries.length > 0 && entries.every((e) => e.path[0] === 'tags' || e.path[0] === 'tags_all');
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function formatPath(path: PathStep[], jsonFrom?: number): string {
  let out = '';
  path.forEach((step, i) => {
    if (i === jsonFrom) out += '{';
    if (typeof step === 'number') out += `[${step}]`;
    else if (IDENTIFIER.test(step)) out += out && !out.endsWith('{') ? `.${step}` : step;
    else out += `[${JSON.stringify(step)}]`;
  });
  if (jsonFrom !== undefined && jsonFrom < path.length) out += '}';
  else if (jsonFrom !== undefined) out += '{}';
  return out;
}
