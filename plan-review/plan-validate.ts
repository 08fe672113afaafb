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
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function keyword(value: unknown): string {
  if (typeof value !== 'string') return kind(value);
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
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
      if (bad) return { path: `.${k}${bad.path}`, value: bad.value };
    }
    return undefined;
  }
  return { path: '', value };
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

  optionalBoolean(value: unknown, path: string): void {
    if (value !== undefined && value !== null && typeof value !== 'boolean') this.fail(path, 'true or false', kind(value));
  }

  actions(value: unknown, path: string): Action[] {
    if (!Array.isArray(value) || value.length === 0) this.fail(path, 'a non-empty array of actions', kind(value));
    value.forEach((a, i) => {
      if (!(ACTIONS as readonly unknown[]).includes(a)) this.fail(`${path}[${i}]`, `one of ${ACTIONS.join(', ')}`, keyword(a));
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
  const m = /^(\d+)\.(\d+)$/.exec(version);
  if (!m) c.fail('format_version', 'a version like "1.2"', keyword(version));
  if (Number(m[1]) !== SUPPORTED_FORMAT_MAJOR) {
    throw new ReviewError(
      `${source}: format_version: ${keyword(version)} is not supported: this reviewer reads plan JSON format ${SUPPORTED_FORMAT_MAJOR}.x (Terraform >= 0.12)`,
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
  if (rc.mode !== 'managed' && rc.mode !== 'data') c.fail(`${path}.mode`, '"managed" or "data"', keyword(rc.mode));
  c.string(rc.type, `${path}.type`);
  c.string(rc.name, `${path}.name`);
  const change = c.object(rc.change, `${path}.change`);
  c.actions(change.actions, `${path}.change.actions`);
  c.mask(change.after_unknown, `${path}.change.after_unknown`);
  c.mask(change.before_sensitive, `${path}.change.before_sensitive`);
  c.mask(change.after_sensitive, `${path}.change.after_sensitive`);
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
    const path = `output_changes.${name}`;
    const oc = c.object(change, path);
    c.actions(oc.actions, `${path}.actions`);
    c.mask(oc.after_unknown, `${path}.after_unknown`);
    c.mask(oc.before_sensitive, `${path}.before_sensitive`);
    c.mask(oc.after_sensitive, `${path}.after_sensitive`);
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
  checkResourceChange(dc.resource_change, `${path}.resource_change`, source);
  return dc as unknown as DeferredChange;
}

export function checkOptionalString(value: unknown, key: string, source: string): string | undefined {
  new Checker(source).optionalString(value, key);
  return (value ?? undefined) as string | undefined;
}

export function checkOptionalBoolean(value: unknown, key: string, source: string): boolean | undefined {
  new Checker(source).optionalBoolean(value, key);
  return (value ?? undefined) as boolean | undefined;
}
