/**
 * The README's configuration reference, generated from the descriptions on the zod schema: the same
 * text editors show from the JSON Schema, so the README, editor hints and validation cannot disagree.
 * `npm run schema` rewrites the tables between the README's `config-reference:<section>` markers; a
 * test fails when they are stale.
 */
import { z } from 'zod';
import { accountBaselineSchema, containerAppEnvironmentSchema, environmentCommon, instanceAppEnvironmentSchema, observabilityEnvironmentSchema, stackCommon } from './schema';

export interface ReferenceRow {
  /** Dotted key path; `[]` marks the items of a list. */
  key: string;
  required: boolean;
  description: string;
  defaultText?: string;
}

type AnySchema = z.core.$ZodType;

const def = (schema: AnySchema) => schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;

/** The description on a schema or on any optional wrapper around it. */
function descriptionOf(schema: AnySchema): string | undefined {
  for (let s: AnySchema | undefined = schema; s; s = def(s).type === 'optional' ? (def(s).innerType as AnySchema) : undefined) {
    const description = z.globalRegistry.get(s)?.description;
    if (description) return description;
  }
  return undefined;
}

function unwrapOptional(schema: AnySchema): { inner: AnySchema; optional: boolean } {
  let inner = schema;
  let optional = false;
  while (def(inner).type === 'optional') {
    optional = true;
    inner = def(inner).innerType as AnySchema;
  }
  return { inner, optional };
}

/** The values an enum or literal key accepts, for the README (editors get them from the JSON Schema). */
function allowedValues(schema: AnySchema): string | undefined {
  const d = def(schema);
  if (d.type === 'enum') return Object.values(d.entries as Record<string, string>).map((v) => `\`${v}\``).join(', ');
  if (d.type === 'literal' && (d.values as unknown[]).length > 1) return (d.values as unknown[]).join(', ');
  if (d.type === 'array') return allowedValues(d.element as AnySchema);
  return undefined;
}

function objectShape(schema: AnySchema): Record<string, AnySchema> | undefined {
  return def(schema).type === 'object' ? (def(schema).shape as Record<string, AnySchema>) : undefined;
}

/** One row for the key, then rows for what it contains: object keys, list items, each form of a union. */
export function referenceRows(key: string, schema: AnySchema): ReferenceRow[] {
  const { inner, optional } = unwrapOptional(schema);
  const text = descriptionOf(schema);
  if (!text) throw new Error(`config key ${key} has no description: wrap it in described(…) in config/schema.ts`);
  const [, description, defaultText] = /^(.*?)(?: Default: (.*)\.)?$/s.exec(text)!;
  const values = allowedValues(inner);
  const rows: ReferenceRow[] = [{ key, required: !optional, description: values ? `${description} One of ${values}.` : description, defaultText }];
  const d = def(inner);
  const children = (prefix: string, shape: Record<string, AnySchema>) => Object.entries(shape).flatMap(([k, v]) => referenceRows(`${prefix}.${k}`, v));
  const shape = objectShape(inner);
  if (shape) rows.push(...children(key, shape));
  if (d.type === 'array') {
    const itemShape = objectShape(d.element as AnySchema);
    if (itemShape) rows.push(...children(`${key}[]`, itemShape));
  }
  if (d.type === 'union') {
    for (const option of d.options as AnySchema[]) {
      const optionShape = objectShape(option);
      if (optionShape) rows.push(...children(key, optionShape));
    }
  }
  return rows;
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderRows(rows: ReferenceRow[]): string {
  return [
    '| key | required | meaning | default |',
    '|---|---|---|---|',
    ...rows.map((r) => `| \`${r.key}\` | ${r.required ? 'yes' : ''} | ${escapeCell(r.description)} | ${escapeCell(r.defaultText ?? '')} |`),
  ].join('\n');
}

function keysOf(shape: Record<string, AnySchema>, leaveOut: string[] = []): ReferenceRow[] {
  return Object.entries(shape)
    .filter(([k]) => !leaveOut.includes(k))
    .flatMap(([k, v]) => referenceRows(k, v));
}

/** The README sections: keys every app environment has, then what each blueprint adds. */
export const REFERENCE_SECTIONS: Record<string, () => ReferenceRow[]> = {
  'app-environment': () => keysOf(environmentCommon),
  'container-app': () => keysOf(containerAppEnvironmentSchema.shape, Object.keys(environmentCommon)),
  'instance-app': () => keysOf(instanceAppEnvironmentSchema.shape, Object.keys(environmentCommon)),
  'account-baseline': () => keysOf(accountBaselineSchema.shape, Object.keys(stackCommon)),
  observability: () => keysOf(observabilityEnvironmentSchema.shape, Object.keys(stackCommon)),
};

const sectionPattern = (name: string) => new RegExp(`(<!-- config-reference:${name}:start -->\\n)(?:[\\s\\S]*?\\n)?(<!-- config-reference:${name}:end -->)`);

/** The README with every marked section replaced by the table generated from the schema. */
export function withConfigReference(readme: string): string {
  let out = readme;
  for (const [name, rows] of Object.entries(REFERENCE_SECTIONS)) {
    const pattern = sectionPattern(name);
    if (!pattern.test(out)) throw new Error(`README.md has no <!-- config-reference:${name}:start --> … :end --> markers`);
    out = out.replace(pattern, (_, start: string, end: string) => `${start}${renderRows(rows())}\n${end}`);
  }
  return out;
}
