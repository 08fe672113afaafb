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

export function childMask(mask: Mask | undefined, key: string | number): Mask | undefined {
  if (mask === true) return true;
  if (mask === null || typeof mask !== 'object') return undefined;
  if (Array.isArray(mask)) return typeof key === 'number' ? mask[key] : undefined;
  return Object.prototype.hasOwnProperty.call(mask, key) ? (mask as Record<string, Mask>)[key as string] : undefined;
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

/** Collects the string leaves of a value that sits under a sensitive mark. */
export class SecretCollector {
  private readonly secrets = new Set<string>();

  addValue(v: unknown): void {
    if (typeof v === 'string') {
      if (v.length >= MIN_SECRET_LENGTH) this.secrets.add(v);
    } else if (Array.isArray(v)) v.forEach((x) => this.addValue(x));
    else if (isPlainObject(v)) Object.values(v).forEach((x) => this.addValue(x));
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

  /** A display text with any collected secret in it, in clear or JSON-escaped form, is hidden whole. */
  redact(text: string): string {
    for (const s of this.secrets) {
      if (text.includes(s) || text.includes(JSON.stringify(s).slice(1, -1))) return SENSITIVE;
    }
    return text;
  }
}
