/**
 * Sensitivity and unknown-value masks, and the display form of a value.
 *
 * Terraform writes sensitive values in clear text in `before`/`after` and marks them only in the
 * parallel `before_sensitive`/`after_sensitive` masks, so every value passes through here before it
 * is shown. Secrets seen under a mask are also collected: a value that is not marked but contains one
 * of them (Terraform does not propagate marks through every provider attribute) is hidden as well.
 */
import { Mask } from './plan-types';

export const SENSITIVE = '(sensitive value)';
export const KNOWN_AFTER_APPLY = '(known after apply)';

/** Shorter marked strings ("true", "80") are too common to hide wherever they appear. */
export const MIN_SECRET_LENGTH = 5;

/** Longest display text kept per value; the Markdown shows far less, this only bounds memory. */
export const MAX_KEPT_VALUE_CHARS = 2000;

/**
 * The mask of a value's member. A list mask asked for an attribute, or an object mask for an index,
 * does not fit its value (plan-validate.ts refuses such plans): if it marks anything, the member is
 * taken as sensitive rather than as clear.
 */
export function childMask(mask: Mask | undefined, key: string | number): Mask | undefined {
  if (mask === true) return true;
  if (mask === null || typeof mask !== 'object') return undefined;
  if (Array.isArray(mask)) return typeof key === 'number' ? mask[key] : maskHasTrue(mask) ? true : undefined;
  if (typeof key === 'number') return maskHasTrue(mask) ? true : undefined;
  return Object.prototype.hasOwnProperty.call(mask, key) ? (mask as Record<string, Mask>)[key] : undefined;
}

export function childValue(value: unknown, key: string | number): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) return typeof key === 'number' ? value[key] : undefined;
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key as string] : undefined;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasNoKeys(o: object): boolean {
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) return false;
  return true;
}

/** Null, a missing value, "" and an empty collection all read as "not set" to a reviewer. */
export function isUnset(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) return hasNoKeys(v);
  return false;
}

export function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

/** Allocation-free: it runs over every unchanged attribute of every update in a 100 MB plan. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let count = 0;
  for (const k in ao) {
    if (!Object.prototype.hasOwnProperty.call(ao, k)) continue;
    if (!Object.prototype.hasOwnProperty.call(bo, k) || !deepEqual(ao[k], bo[k])) return false;
    count++;
  }
  for (const k in bo) if (Object.prototype.hasOwnProperty.call(bo, k)) count--;
  return count === 0;
}

/** Sorted keys of both objects and of the unknown mask (unknown attributes are left out of `after`). */
export function unionKeys(b: unknown, a: unknown, au: unknown): string[] {
  const keys: string[] = [];
  const bo = isPlainObject(b) ? b : undefined;
  const ao = isPlainObject(a) ? a : undefined;
  const has = (o: Record<string, unknown> | undefined, k: string) => o !== undefined && Object.prototype.hasOwnProperty.call(o, k);
  if (bo) for (const k in bo) if (has(bo, k)) keys.push(k);
  if (ao) for (const k in ao) if (has(ao, k) && !has(bo, k)) keys.push(k);
  if (isPlainObject(au)) for (const k in au) if (has(au, k) && !has(bo, k) && !has(ao, k)) keys.push(k);
  return keys.sort();
}

export function maskLength(mask: Mask | undefined): number {
  return Array.isArray(mask) ? mask.length : 0;
}

/** Whether any part of the mask is true: an array of values rendered as one line must then be split. */
export function maskHasTrue(mask: Mask | undefined): boolean {
  if (mask === true) return true;
  if (mask === null || typeof mask !== 'object') return false;
  if (Array.isArray(mask)) {
    for (const m of mask) if (maskHasTrue(m)) return true;
    return false;
  }
  for (const k in mask) if (Object.prototype.hasOwnProperty.call(mask, k) && maskHasTrue((mask as Record<string, Mask>)[k])) return true;
  return false;
}

/** The display text of a value that is neither sensitive nor unknown, capped in length. */
export function displayValue(v: unknown): string {
  const text = JSON.stringify(v) ?? 'null';
  return text.length > MAX_KEPT_VALUE_CHARS ? text.slice(0, MAX_KEPT_VALUE_CHARS) : text;
}

/**
 * The display text of a value under its sensitivity mask: JSON, with every part the mask marks
 * replaced by `(sensitive value)`. Whatever the value's type (it may differ from the other side's,
 * or from what the mask was written for), a marked part is never printed; a mask that does not fit
 * its value is refused earlier (plan-validate.ts), and a part this walk cannot pair with its mask is
 * shown as sensitive, never in clear.
 */
export function displayMasked(v: unknown, mask: Mask | undefined): string {
  if (mask === true) return SENSITIVE;
  if (!maskHasTrue(mask)) return displayValue(v);
  const out: string[] = [];
  let size = 0;
  const emit = (t: string): boolean => {
    out.push(t);
    size += t.length;
    return size <= MAX_KEPT_VALUE_CHARS;
  };
  const walk = (x: unknown, m: Mask | undefined): boolean => {
    if (m === true) return emit(SENSITIVE);
    if (!maskHasTrue(m)) return emit(JSON.stringify(x) ?? 'null');
    if (Array.isArray(x) && Array.isArray(m)) {
      if (!emit('[')) return false;
      for (let i = 0; i < x.length; i++) if ((i > 0 && !emit(',')) || !walk(x[i], m[i])) return false;
      return emit(']');
    }
    if (isPlainObject(x) && isPlainObject(m)) {
      if (!emit('{')) return false;
      let first = true;
      for (const k of Object.keys(x)) {
        if ((!first && !emit(',')) || !emit(`${JSON.stringify(k)}:`) || !walk(x[k], childMask(m, k))) return false;
        first = false;
      }
      return emit('}');
    }
    // A marked mask over a value of another shape: nothing of it is shown.
    return emit(SENSITIVE);
  };
  walk(v, mask);
  const text = out.join('');
  return text.length > MAX_KEPT_VALUE_CHARS ? text.slice(0, MAX_KEPT_VALUE_CHARS) : text;
}

/** Shortest marked value looked for as a whole JSON token ("Zq7!" or 7919 copied into another attribute). */
export const MIN_TOKEN_SECRET_LENGTH = 3;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A string as it reads inside a JSON string literal. */
function jsonEscaped(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/**
 * How a string can read in a display text: in clear, and escaped once per JSON string it sits in (a
 * display text is JSON, and may hold a JSON document in a string holding another one).
 */
const ESCAPING_LEVELS = 3;

function escapings(s: string): string[] {
  const out = [s];
  for (let i = 0; i < ESCAPING_LEVELS; i++) out.push(jsonEscaped(out[out.length - 1]));
  return [...new Set(out)];
}

/**
 * The second line of defence: every string and number seen under a sensitive mark anywhere in the
 * plan (resource changes, drift, deferred changes, outputs, and variables the configuration declares
 * sensitive), looked for in everything the note shows.
 *
 * - Texts of MIN_SECRET_LENGTH characters or more are looked for anywhere, in clear, JSON-escaped and
 *   double-encoded form (a JSON document inside a JSON string).
 * - Shorter texts of MIN_TOKEN_SECRET_LENGTH or more ("Zq7!", 7919) are looked for only as a whole
 *   JSON token (a string or number literal of their own): as a substring they would hide every
 *   value that happens to contain "7919".
 * - Booleans, null and texts of one or two characters are never looked for: `true` or `1` occur in
 *   every plan. For those only the masks themselves (the first line) keep them out, and that line
 *   is checked on every code path (attribute-diff.ts, displayMasked).
 */
export class SecretCollector {
  private readonly texts = new Set<string>();
  private anywhere?: RegExp | null;
  private token?: RegExp | null;
  /** Long texts by their first characters, for values cut at MAX_KEPT_VALUE_CHARS mid-secret. */
  private longTexts: string[] = [];

  get size(): number {
    return this.texts.size;
  }

  addText(t: string): void {
    if (t.length < MIN_TOKEN_SECRET_LENGTH || this.texts.has(t)) return;
    this.texts.add(t);
    this.anywhere = undefined;
    this.token = undefined;
  }

  addValue(v: unknown): void {
    if (typeof v === 'string') this.addText(v);
    else if (typeof v === 'number') {
      if (Number.isFinite(v)) this.addText(JSON.stringify(v));
    } else if (Array.isArray(v)) v.forEach((x) => this.addValue(x));
    else if (isPlainObject(v)) for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) this.addValue(v[k]);
  }

  /** Walks a value with its mask and collects the parts the mask marks. */
  addMarked(v: unknown, mask: Mask | undefined): void {
    if (mask === true) {
      this.addValue(v);
      return;
    }
    if (mask === null || typeof mask !== 'object') return;
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) this.addMarked(v[i], childMask(mask, i));
    else if (isPlainObject(v)) for (const k in mask as object) this.addMarked(childValue(v, k), childMask(mask, k));
  }

  private compile(): void {
    const long = [...this.texts].filter((t) => t.length >= MIN_SECRET_LENGTH);
    const forms = new Set<string>();
    for (const t of long) for (const f of escapings(t)) forms.add(f);
    const alternation = (list: Iterable<string>) => [...list].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
    this.anywhere = forms.size ? new RegExp(alternation(forms), 'g') : null;
    this.longTexts = long;
    const short = [...this.texts].filter((t) => t.length < MIN_SECRET_LENGTH);
    if (short.length === 0) {
      this.token = null;
      return;
    }
    const quoted = new Set<string>();
    for (const t of short) for (const f of escapings(t)) quoted.add(f);
    const numbers = short.filter((t) => /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(t));
    // As a string literal of its own, in clear or escaped inside JSON documents held in strings.
    const parts = [`\\\\*"(?:${alternation(quoted)})\\\\*"`];
    if (numbers.length) parts.push(`(?<![\\w.+-])(?:${alternation(numbers)})(?![\\w.])`);
    this.token = new RegExp(parts.join('|'), 'g');
  }

  private ready(): { anywhere: RegExp | null; token: RegExp | null } {
    if (this.anywhere === undefined || this.token === undefined) this.compile();
    return { anywhere: this.anywhere ?? null, token: this.token ?? null };
  }

  /** Whether a display text holds a collected secret (see the class comment for how each is looked for). */
  contains(text: string): boolean {
    const { anywhere, token } = this.ready();
    if (anywhere) {
      anywhere.lastIndex = 0;
      if (anywhere.test(text)) return true;
    }
    if (token) {
      token.lastIndex = 0;
      if (token.test(text)) return true;
    }
    if (this.texts.has(text)) return true;
    // A value kept only up to MAX_KEPT_VALUE_CHARS may end with the first part of a secret.
    if (text.length >= MAX_KEPT_VALUE_CHARS) {
      for (const s of this.longTexts) {
        for (const form of escapings(s)) {
          for (let k = Math.min(form.length - 1, text.length); k >= MIN_SECRET_LENGTH; k--) if (text.endsWith(form.slice(0, k))) return true;
        }
      }
    }
    return false;
  }

  /** A display text with any collected secret in it is hidden whole. */
  redact(text: string): string {
    return this.contains(text) ? SENSITIVE : text;
  }

  /**
   * Replaces every occurrence of a long secret (in any of its forms) in free text: the catch-all
   * over a whole rendered note or message, for strings no other check saw.
   */
  scrub(text: string): string {
    const { anywhere } = this.ready();
    if (!anywhere) return text;
    return text.replace(anywhere, SENSITIVE);
  }
}
