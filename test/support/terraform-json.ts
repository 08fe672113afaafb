/**
 * Reading synthesized Terraform JSON in tests, apart from synth-stack.ts, which loads stacks/ (cdktf and
 * the provider classes): test helpers that only read JSON stay cheap to load (docs/MUTATION.md, run C).
 */
export interface TerraformJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, Record<string, unknown>>;
  terraform?: Record<string, unknown>;
  provider?: Record<string, unknown[]>;
}

/** All resources of one type in a stack, by logical name. */
export function resourcesOfType(stack: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  return stack.resource?.[type] ?? {};
}

/** A resource's arguments, read as the tests read them: any nesting, checked by the assertions. */
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The logical name and body of the single resource (or, with `kind` 'data', data source) of a type
 * whose construct path contains `pathPart`; fails loudly otherwise.
 */
export function entryAt(stack: TerraformJson, type: string, pathPart: string, kind: 'resource' | 'data' = 'resource'): [string, Record<string, unknown>] {
  const matches = Object.entries(stack[kind]?.[type] ?? {}).filter(([, r]) => {
    const meta = (r['//'] as { metadata?: { path?: string } } | undefined)?.metadata;
    return meta?.path?.includes(pathPart);
  });
  if (matches.length !== 1) throw new Error(`expected one ${type} at *${pathPart}*, found ${matches.length}`);
  return matches[0];
}

/** The single resource of a type whose construct path contains `pathPart`; fails loudly otherwise. */
export function resourceAt(stack: TerraformJson, type: string, pathPart: string): Record<string, unknown> {
  return entryAt(stack, type, pathPart)[1];
}

/** `${type.logical_name.attr}` (or `${data.type…}`): how Terraform JSON refers to an attribute of a resource or data source. */
export function terraformReference(kind: 'resource' | 'data', type: string, logicalName: string, attr: string): string {
  return `\${${kind === 'data' ? 'data.' : ''}${type}.${logicalName}.${attr}}`;
}

/**
 * How another resource refers to the one whose construct path contains `pathPart` (stack tests: a whole
 * environment, looked up by part of a path). Block tests look up by exact construct ID: `refTo` in
 * building-block-synth.ts, with the same reference form.
 */
export function ref(stack: TerraformJson, type: string, pathPart: string, attr: string, kind: 'resource' | 'data' = 'resource'): string {
  const [name] = entryAt(stack, type, pathPart, kind);
  return terraformReference(kind, type, name, attr);
}

/** Every resource of a type in a stack. */
export function all(stack: TerraformJson, type: string): Json[] {
  return Object.values(resourcesOfType(stack, type));
}

/** The one resource of a type in a stack; fails loudly when there is none or more than one. */
export function only(stack: TerraformJson, type: string): Json {
  const found = all(stack, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}
