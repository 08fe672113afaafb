/**
 * EventBridge event-pattern matching, for the pattern features the blueprints use: exact values (string,
 * number, boolean, null), `prefix`, `suffix`, `numeric` ranges, `anything-but` (values or a prefix) and
 * `exists`. Semantics as documented in the EventBridge User Guide ("Event patterns", "Content filtering"):
 * every field of the pattern must match; a pattern leaf is an array of alternatives, any one of which
 * may match; an array in the event matches when any of its elements matches; a field missing from the
 * event matches only `{ exists: false }`. An unknown filter throws, so a test never passes on a pattern
 * this matcher does not understand.
 */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type EventPattern = { [key: string]: EventPattern | unknown[] };

const NUMERIC_OPERATORS: Record<string, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function matchesNumeric(conditions: unknown[], value: Json): boolean {
  if (typeof value !== 'number') return false;
  if (conditions.length === 0 || conditions.length % 2 !== 0) throw new Error(`numeric filter needs operator/number pairs, found ${JSON.stringify(conditions)}`);
  for (let i = 0; i < conditions.length; i += 2) {
    const compare = NUMERIC_OPERATORS[conditions[i] as string];
    const bound = conditions[i + 1];
    if (!compare || typeof bound !== 'number') throw new Error(`unsupported numeric condition ${JSON.stringify(conditions.slice(i, i + 2))}`);
    if (!compare(value, bound)) return false;
  }
  return true;
}

function matchesAnythingBut(excluded: unknown, value: Json): boolean {
  if (isObject(excluded)) {
    if (Object.keys(excluded).length !== 1 || typeof excluded.prefix !== 'string') throw new Error(`unsupported anything-but filter ${JSON.stringify(excluded)}`);
    return typeof value === 'string' && !value.startsWith(excluded.prefix);
  }
  const values = Array.isArray(excluded) ? excluded : [excluded];
  return !values.some((v) => v === value);
}

/** One alternative of a pattern leaf against one scalar of the event. */
function matchesAlternative(alternative: unknown, value: Json): boolean {
  if (!isObject(alternative)) return alternative === value;
  const [filter, ...more] = Object.keys(alternative);
  if (more.length > 0) throw new Error(`one filter per alternative, found ${JSON.stringify(alternative)}`);
  const operand = alternative[filter];
  switch (filter) {
    case 'prefix':
      return typeof value === 'string' && typeof operand === 'string' && value.startsWith(operand);
    case 'suffix':
      return typeof value === 'string' && typeof operand === 'string' && value.endsWith(operand);
    case 'numeric':
      return matchesNumeric(operand as unknown[], value);
    case 'anything-but':
      return matchesAnythingBut(operand, value);
    default:
      throw new Error(`unsupported filter "${filter}"`);
  }
}

function matchesLeaf(alternatives: unknown[], present: boolean, value: Json | undefined): boolean {
  return alternatives.some((alternative) => {
    if (isObject(alternative) && 'exists' in alternative) {
      // `exists` looks at leaves only: an object in the event does not count as an existing leaf.
      const exists = present && !isObject(value);
      return alternative.exists === exists;
    }
    if (!present || value === undefined) return false;
    const candidates = Array.isArray(value) ? value : [value];
    return candidates.some((candidate) => matchesAlternative(alternative, candidate));
  });
}

export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  if (!isObject(event)) return false;
  return Object.entries(pattern).every(([key, sub]) => {
    const present = Object.prototype.hasOwnProperty.call(event, key);
    const value = event[key] as Json | undefined;
    if (Array.isArray(sub)) return matchesLeaf(sub, present, value);
    if (!isObject(sub)) throw new Error(`pattern field "${key}" must be an array of alternatives or an object, found ${JSON.stringify(sub)}`);
    // An array of objects in the event matches when any of its objects does.
    if (Array.isArray(value)) return value.some((element) => matchesEventPattern(sub as EventPattern, element));
    return present && matchesEventPattern(sub as EventPattern, value);
  });
}
