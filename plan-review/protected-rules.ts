/**
 * The protected-resource rules (plan-review/protected-resources.yaml): which resources nobody should
 * destroy or replace by accident, and which resource types hold state. Validated with zod; every
 * problem in the file is reported at once, each with the file and the key path.
 */
import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import { z } from 'zod';
import { ReviewError, oneLine } from './errors';

export const DEFAULT_RULES_FILE = path.join(__dirname, 'protected-resources.yaml');

const glob = z.string().min(1, 'expected a non-empty glob pattern');

const matchSchema = z
  .strictObject({
    type: glob.optional(),
    address: glob.optional(),
    stack: glob.optional(),
    tags: z.record(z.string().min(1), glob).optional(),
  })
  .refine((m) => m.type !== undefined || m.address !== undefined || m.stack !== undefined || m.tags !== undefined, {
    message: 'a match needs at least one of type, address, stack, tags',
  });

const ruleSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a name of lowercase letters, digits and dashes'),
  reason: z.string().min(1),
  match: matchSchema,
});

const rulesFileSchema = z.strictObject({
  override_label: z.string().min(1),
  stateful_types: z.array(glob),
  protected: z.array(ruleSchema).min(1, 'expected at least one rule'),
});

export type ProtectionRule = z.infer<typeof ruleSchema>;

export interface RiskRules {
  overrideLabel: string;
  protectedRules: CompiledRule[];
  statefulTypes: RegExp[];
}

export interface CompiledRule {
  name: string;
  reason: string;
  type?: RegExp;
  address?: RegExp;
  stack?: RegExp;
  tags?: [string, RegExp][];
}

/** `*` matches any run of characters and `?` one character; everything else is literal (addresses hold brackets and quotes). */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 's');
}

function formatIssuePath(p: readonly PropertyKey[]): string {
  let out = '';
  for (const step of p) {
    if (typeof step === 'number') out += `[${step}]`;
    else out += out ? `.${String(step)}` : String(step);
  }
  return out || '(top level)';
}

export function parseRules(text: string, file: string): RiskRules {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) {
    throw new ReviewError(
      doc.errors
        .map((e) => {
          const pos = e.linePos?.[0];
          const what = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
          return `${file}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid YAML: ${oneLine(what)}`;
        })
        .join('\n'),
    );
  }
  const parsed = rulesFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new ReviewError(parsed.error.issues.map((i) => `${file}: ${formatIssuePath(i.path)}: ${oneLine(i.message)}`).join('\n'));
  }
  const cfg = parsed.data;
  const names = new Set<string>();
  const duplicates: string[] = [];
  cfg.protected.forEach((r, i) => {
    if (names.has(r.name)) duplicates.push(`${file}: protected[${i}].name: "${r.name}" is used by an earlier rule`);
    names.add(r.name);
  });
  if (duplicates.length > 0) throw new ReviewError(duplicates.join('\n'));
  return {
    overrideLabel: cfg.override_label,
    statefulTypes: cfg.stateful_types.map(globToRegExp),
    protectedRules: cfg.protected.map((r) => ({
      name: r.name,
      reason: r.reason,
      type: r.match.type === undefined ? undefined : globToRegExp(r.match.type),
      address: r.match.address === undefined ? undefined : globToRegExp(r.match.address),
      stack: r.match.stack === undefined ? undefined : globToRegExp(r.match.stack),
      tags: r.match.tags === undefined ? undefined : Object.entries(r.match.tags).map(([k, v]) => [k, globToRegExp(v)]),
    })),
  };
}

export function loadRules(file: string = DEFAULT_RULES_FILE): RiskRules {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ReviewError(`${file}: cannot read the protected-resource rules (${(err as NodeJS.ErrnoException).code ?? oneLine((err as Error).message)})`);
  }
  return parseRules(text, file);
}

export interface ResourceIdentity {
  stack: string;
  address: string;
  type: string;
  tags: Record<string, string>;
}

export interface ProtectionMatch {
  rule: string;
  reason: string;
}

export function matchProtection(rules: RiskRules, r: ResourceIdentity): ProtectionMatch[] {
  return rules.protectedRules
    .filter(
      (rule) =>
        (!rule.type || rule.type.test(r.type)) &&
        (!rule.address || rule.address.test(r.address)) &&
        (!rule.stack || rule.stack.test(r.stack)) &&
        (!rule.tags || rule.tags.every(([k, v]) => Object.prototype.hasOwnProperty.call(r.tags, k) && v.test(r.tags[k]))),
    )
    .map((rule) => ({ rule: rule.name, reason: rule.reason }));
}

export function isStatefulType(rules: RiskRules, type: string): boolean {
  return rules.statefulTypes.some((re) => re.test(type));
}
