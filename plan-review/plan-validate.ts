/**
 * Shape checks for the plan JSON parts the reviewer reads. They check in place (no copies, the plan
 * may be 100 MB) and fail with the file, the key path and what was expected. A value is never quoted
 * in an error unless it is one of the format's own keywords: a misplaced field may hold a secret.
 */
import { ReviewError } from './errors';
import {
  ACTIONS,
  Action,
  DeferredChange,
  PlanOutputChange,
  PlanResourceChange,
  RelevantAttribute,
} from './plan-types';

export const SUPPORTED_FORMAT_MAJOR = 1;

const VALID_ACTION_LISTS = [
  'no-op',
  'create',
  'read',
  'update',
  'delete',
  'forget',
  'delete,create',
  'create,delete',
  'create,forget',
];

function kind(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * A value from the plan is named in an error only when it is one of the format's own keywords (the
 * caller's list of what is valid there); anything else is described by its kind, since a misplaced
 * field may hold a secret.
 */
function keyword(value: unknown, known: readonly string[]): string {
  if (typeof value === 'string') return known.includes(value) ? JSON.stringify(value) : 'another string';
  return kind(value);
}

/** Attribute names and map keys are named in key paths only when they look like identifiers. */
const SAFE_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

export function keyStep(key: string): string {
  return SAFE_KEY.test(key) ? `.${key}` : '[…]';
}

/** Deeper values are refused: every walk over a value is then bounded (no stack overflow on hostile input). */
export const MAX_VALUE_DEPTH = 64;

/**
 * Whether a value nests deeper than `limit`. Recursive but bounded: it never descends past `limit`,
 * so its own stack stays small whatever the input; allocation-free, as it runs over every change.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (limit <= 0) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (nestsDeeperThan(value[i], limit - 1)) return true;
    return false;
  }
  for (const k in value) if (Object.prototype.hasOwnProperty.call(value, k) && nestsDeeperThan((value as Record<string, unknown>)[k], limit - 1)) return true;
  return false;
}

/** The first part of a mask that is not a mask, with its relative key path; undefined if all is well. */
function findBadMask(value: unknown): { path: string; value: unknown } | undefined {
  if (value === undefined || value === null || typeof value === 'boolean') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findBadMask(value[i]);
      if (bad) return { path: `[${i}]${bad.path}`, value: bad.value };
    }
    return undefined;
  }
  if (typeof value === 'object') {
    for (const k in value) {
      if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
      const bad = findBadMask((value as Record<string, unknown>)[k]);
      if (bad) return { path: `${keyStep(k)}${bad.path}`, value: bad.value };
    }
    return undefined;
  }
  return { path: '', value };
}

function hasTrue(mask: unknown): boolean {
  if (mask === true) return true;
  if (mask === null || typeof mask !== 'object') return false;
  for (const k in mask) if (Object.prototype.hasOwnProperty.call(mask, k) && hasTrue((mask as Record<string, unknown>)[k])) return true;
  return false;
}

/**
 * Where a (well-formed) mask does not fit the shape of its value; undefined if it fits. Terraform
 * writes each mask in its own value's shape: true or false for any value, a list for a list, an object
 * for an object or map, and an empty list or object for a collection known only after apply (then
 * left out of the value). Anything else is refused, never read as "not sensitive".
 */
function findMisfit(value: unknown, mask: unknown): { path: string; value: unknown; mask: unknown } | undefined {
  if (mask === undefined || mask === null || typeof mask === 'boolean') return undefined;
  const here = { path: '', value, mask };
  if (value === undefined || value === null) return hasTrue(mask) ? here : undefined;
  if (Array.isArray(mask)) {
    if (!Array.isArray(value) || mask.length > value.length) return here;
    for (let i = 0; i < mask.length; i++) {
      const bad = findMisfit(value[i], mask[i]);
      if (bad) return { ...bad, path: `[${i}]${bad.path}` };
    }
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return here;
  for (const k in mask as object) {
    if (!Object.prototype.hasOwnProperty.call(mask, k)) continue;
    const bad = findMisfit((value as Record<string, unknown>)[k], (mask as Record<string, unknown>)[k]);
    if (bad) return { ...bad, path: `${keyStep(k)}${bad.path}` };
  }
  return undefined;
}

class Checker {
  constructor(private readonly source: string) {}

  fail(path: string, expected: string, got: string): never {
    throw new ReviewError(`${this.source}: ${path}: expected ${expected}, got ${got}`);
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, 'an object', kind(value));
    return value as Record<string, unknown>;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, 'a string', kind(value));
    return value;
  }

  optionalString(value: unknown, path: string): void {
    if (value !== undefined && value !== null) this.string(value, path);
  }

  /** A value the reviewer walks: bounded depth, so no walk can exhaust the stack. */
  bounded(value: unknown, path: string): void {
    if (nestsDeeperThan(value, MAX_VALUE_DEPTH)) this.fail(path, `a value nested at most ${MAX_VALUE_DEPTH} levels deep`, 'a deeper one');
  }

  optionalBoolean(value: unknown, path: string): void {
    if (value !== undefined && value !== null && typeof value !== 'boolean') this.fail(path, 'true or false', kind(value));
  }

  actions(value: unknown, path: string): Action[] {
    if (!Array.isArray(value) || value.length === 0) this.fail(path, 'a non-empty array of actions', kind(value));
    value.forEach((a, i) => {
      if (!(ACTIONS as readonly unknown[]).includes(a)) this.fail(`${path}[${i}]`, `one of ${ACTIONS.join(', ')}`, keyword(a, ACTIONS));
    });
    if (!VALID_ACTION_LISTS.includes(value.join(','))) {
      this.fail(path, `one of the action lists Terraform writes (${VALID_ACTION_LISTS.map((l) => `[${l}]`).join(' ')})`, `[${value.join(',')}]`);
    }
    return value as Action[];
  }

  /**
   * Masks are checked all the way down: a malformed sensitivity mask must never be read as "not
   * sensitive". The key path is only spelled out when something is wrong (this runs over every mask
   * of a 100 MB plan).
   */
  mask(value: unknown, path: string): void {
    const bad = findBadMask(value);
    if (bad) this.fail(`${path}${bad.path}`, 'a mask (true, false, or an object or array of masks)', kind(bad.value));
  }

  /**
   * A sensitivity mask: present (Terraform >= 0.15 always writes it; without it nothing could be told
   * apart), well-formed, and in the shape of the value it masks.
   */
  sensitivityMask(mask: unknown, value: unknown, path: string, valuePath: string): void {
    if (mask === undefined || mask === null) this.fail(path, 'a sensitivity mask (true, false, or an object or array of masks)', kind(mask));
    this.mask(mask, path);
    const misfit = findMisfit(value, mask);
    if (misfit) {
      const maskKind = Array.isArray(misfit.mask) ? 'a list mask' : 'an object mask';
      this.fail(`${path}${misfit.path}`, `a mask in the shape of the value it masks (${valuePath}${misfit.path})`, `${maskKind} over ${kind(misfit.value)}`);
    }
  }

  path(value: unknown, path: string): void {
    if (!Array.isArray(value)) this.fail(path, 'an array of attribute names and indexes', kind(value));
    value.forEach((step, i) => {
      if (typeof step !== 'string' && typeof step !== 'number') this.fail(`${path}[${i}]`, 'a string or a number', kind(step));
    });
  }
}

export function checkFormatVersion(value: unknown, source: string): string {
  const c: Checker = new Checker(source);
  const version = c.string(value, 'format_version');
  const m = /^(\d{1,6})\.(\d{1,6})$/.exec(version);
  if (!m) c.fail('format_version', 'a version like "1.2"', 'another string');
  if (Number(m[1]) !== SUPPORTED_FORMAT_MAJOR) {
    // Digits and a dot only: safe to quote.
    throw new ReviewError(
      `${source}: format_version: ${JSON.stringify(version)} is not supported: this reviewer reads plan JSON format ${SUPPORTED_FORMAT_MAJOR}.x (Terraform >= 0.12)`,
    );
  }
  return version;
}

export function checkResourceChange(value: unknown, path: string, source: string): PlanResourceChange {
  const c: Checker = new Checker(source);
  const rc = c.object(value, path);
  c.string(rc.address, `${path}.address`);
  c.optionalString(rc.previous_address, `${path}.previous_address`);
  c.optionalString(rc.deposed, `${path}.deposed`);
  c.optionalString(rc.action_reason, `${path}.action_reason`);
  if (rc.mode !== 'managed' && rc.mode !== 'data') c.fail(`${path}.mode`, '"managed" or "data"', keyword(rc.mode, ['managed', 'data']));
  c.string(rc.type, `${path}.type`);
  c.string(rc.name, `${path}.name`);
  const change = c.object(rc.change, `${path}.change`);
  c.bounded(change, `${path}.change`);
  c.actions(change.actions, `${path}.change.actions`);
  c.mask(change.after_unknown, `${path}.change.after_unknown`);
  c.sensitivityMask(change.before_sensitive, change.before, `${path}.change.before_sensitive`, `${path}.change.before`);
  c.sensitivityMask(change.after_sensitive, change.after, `${path}.change.after_sensitive`, `${path}.change.after`);
  if (change.replace_paths !== undefined && change.replace_paths !== null) {
    if (!Array.isArray(change.replace_paths)) c.fail(`${path}.change.replace_paths`, 'an array of attribute paths', kind(change.replace_paths));
    change.replace_paths.forEach((p, i) => c.path(p, `${path}.change.replace_paths[${i}]`));
  }
  if (change.importing !== undefined && change.importing !== null) {
    const importing = c.object(change.importing, `${path}.change.importing`);
    c.optionalString(importing.id, `${path}.change.importing.id`);
  }
  return rc as unknown as PlanResourceChange;
}

export function checkOutputChanges(value: unknown, source: string): Record<string, PlanOutputChange> {
  const c: Checker = new Checker(source);
  if (value === null) return {};
  const outputs = c.object(value, 'output_changes');
  for (const [name, change] of Object.entries(outputs)) {
    const path = `output_changes${keyStep(name)}`;
    const oc = c.object(change, path);
    c.bounded(oc, path);
    c.actions(oc.actions, `${path}.actions`);
    c.mask(oc.after_unknown, `${path}.after_unknown`);
    c.sensitivityMask(oc.before_sensitive, oc.before, `${path}.before_sensitive`, `${path}.before`);
    c.sensitivityMask(oc.after_sensitive, oc.after, `${path}.after_sensitive`, `${path}.after`);
  }
  return outputs as Record<string, PlanOutputChange>;
}

export function checkRelevantAttributes(value: unknown, source: string): RelevantAttribute[] {
  const c: Checker = new Checker(source);
  if (value === null) return [];
  if (!Array.isArray(value)) c.fail('relevant_attributes', 'an array', kind(value));
  value.forEach((entry, i) => {
    const ra = c.object(entry, `relevant_attributes[${i}]`);
    c.string(ra.resource, `relevant_attributes[${i}].resource`);
    c.path(ra.attribute, `relevant_attributes[${i}].attribute`);
  });
  return value as RelevantAttribute[];
}

export function checkDeferredChange(value: unknown, path: string, source: string): DeferredChange {
  const c: Checker = new Checker(source);
  const dc = c.object(value, path);
  c.string(dc.reason, `${path}.reason`);
  if (!/^[a-z][a-z_]{0,63}$/.test(dc.reason as string)) c.fail(`${path}.reason`, 'a reason keyword like "resource_config_unknown"', 'another string');
  checkResourceChange(dc.resource_change, `${path}.resource_change`, source);
  return dc as unknown as DeferredChange;
}

/** The plan's input variables: an object of {value} objects (values are kept only for the secret scan). */
export function checkVariables(value: unknown, source: string): Record<string, { value?: unknown }> {
  const c: Checker = new Checker(source);
  if (value === null || value === undefined) return {};
  const vars = c.object(value, 'variables');
  for (const [name, v] of Object.entries(vars)) {
    c.object(v, `variables${keyStep(name)}`);
    c.bounded(v, `variables${keyStep(name)}`);
  }
  return vars as Record<string, { value?: unknown }>;
}

/** terraform_version is shown in the note: a version, nothing else. */
export function checkTerraformVersion(value: unknown, source: string): string | undefined {
  const c: Checker = new Checker(source);
  if (value === undefined || value === null) return undefined;
  const version = c.string(value, 'terraform_version');
  if (!/^\d{1,4}\.\d{1,4}\.\d{1,4}(-[0-9A-Za-z.]{1,32})?$/.test(version)) c.fail('terraform_version', 'a version like "1.11.4"', 'another string');
  return version;
}

export function checkOptionalString(value: unknown, key: string, source: string): string | undefined {
  new Checker(source).optionalString(value, key);
  return (value ?? undefined) as string | undefined;
}

export function checkOptionalBoolean(value: unknown, key: string, source: string): boolean | undefined {
  new Checker(source).optionalBoolean(value, key);
  return (value ?? undefined) as boolean | undefined;
}
