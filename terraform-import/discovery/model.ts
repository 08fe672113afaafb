/**
 * What discovery finds, independent of code generation: a resource's Terraform type, its AWS ID, the
 * ID `terraform import` takes, a readable name, and the arguments that reproduce it, with references
 * to other resources kept as references (by AWS ID) so a generator can wire them.
 */

/** A value that points at another discovered resource: `{ $ref: <AWS ID>, attr: 'id' | 'arn' | … }`. */
export interface Ref {
  $ref: string;
  /** The target's attribute the value equals (the generator emits `<target>.<attr>`). */
  attr: string;
  /** The literal, for when the target is not in the generated code. @default the $ref ID */
  value?: string;
  /** The target's Terraform type, where an ID alone is ambiguous (a role and its instance profile share names). */
  to?: string;
  /**
   * Several of the target's attributes joined, `{attr}` standing for each (an ECS service names its
   * task definition as `{family}:{revision}`). @default the attribute `attr` alone
   */
  template?: string;
}

export type AttrValue = string | number | boolean | Ref | AttrValue[] | { [key: string]: AttrValue };

export function ref(id: string, attr = 'id', value?: string, to?: string, template?: string): Ref {
  return { $ref: id, attr, ...(value === undefined || value === id ? {} : { value }), ...(to ? { to } : {}), ...(template ? { template } : {}) };
}

export function isRef(v: unknown): v is Ref {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Ref).$ref === 'string';
}

export interface DiscoveredResource {
  /** Terraform resource type, e.g. aws_vpc. */
  type: string;
  /** The AWS identifier other resources use to point at this one (ID, ARN or name, per type). */
  id: string;
  /** The ID `terraform import` / an import block takes. */
  importId: string;
  /** From the Name tag, else the most readable identifier. */
  name: string;
  tags: Record<string, string>;
  /** cdktf config properties (camelCase) that reproduce the resource; references as Ref. */
  attributes: Record<string, AttrValue>;
  /**
   * Why this resource is never imported whatever the scope: owned by AWS (default VPC, aws/ KMS
   * aliases) or part of another resource (an instance's root volume).
   */
  skipReason?: string;
  /** Other identifiers that point at this resource (an ARN beside an ID, a name beside an ARN). */
  altIds?: string[];
  /**
   * Declared, not imported: Terraform cannot import it, but creating it again is an idempotent
   * registration (target group attachments).
   */
  declareOnly?: string;
  /** VPC the resource lives in, for --vpc scoping. */
  vpcId?: string;
  /** Other AWS IDs this resource depends on without a Ref attribute (e.g. an alarm's dimension). */
  relatedIds?: string[];
  /**
   * Arguments Terraform must not manage from code because their value is secret: the generator
   * writes `ignore_changes` for them with a comment. The value itself is never read.
   */
  secretArguments?: string[];
  /**
   * Arguments that configure Terraform, not AWS (e.g. how long to wait for a confirmation): the
   * provider cannot read them back on import, so the generator writes `ignore_changes` for them.
   */
  terraformOnlyArguments?: string[];
  /** Why an argument has the value it has, written as a comment above it. */
  notes?: Record<string, string>;
  /** Stateful: the generated resource gets lifecycle.prevent_destroy. */
  preventDestroy?: boolean;
}

/** A resource that could not be read; the run goes on and the exit code says so. */
export interface DiscoveryFailure {
  type: string;
  id?: string;
  message: string;
}

/** Every Ref inside an attribute value. */
export function refsOf(value: AttrValue | undefined, out: Ref[] = []): Ref[] {
  if (value === undefined) return out;
  if (isRef(value)) out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => refsOf(v, out));
  else if (typeof value === 'object') Object.values(value).forEach((v) => refsOf(v, out));
  return out;
}

/** What a resource points at: its references, and related IDs (of any type). */
export function dependenciesOf(r: DiscoveredResource): { id: string; to?: string }[] {
  const out: { id: string; to?: string }[] = (r.relatedIds ?? []).map((id) => ({ id }));
  for (const v of Object.values(r.attributes)) for (const x of refsOf(v)) out.push({ id: x.$ref, to: x.to });
  return out;
}

/** Stands in for a secret where the provider's schema requires an argument (never the secret itself). */
export const SECRET_PLACEHOLDER = 'set-outside-terraform';

export function tagMap(tags: { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key !== undefined && !t.Key.startsWith('aws:')) out[t.Key] = t.Value ?? '';
  return out;
}

/**
 * A reference to a KMS key as AWS reported it: an ARN points at the key's `arn`, an alias at the
 * alias's `name`, a bare ID at the key's `id`. Written the way it was read, so the plan compares
 * like with like.
 */
export function kmsKeyRef(keyId: string): Ref {
  if (keyId.startsWith('alias/')) return ref(keyId, 'name');
  if (/^arn:[^:]+:kms:[^:]*:[^:]*:alias\//.test(keyId)) return ref(keyId, 'arn');
  return ref(keyId, keyId.startsWith('arn:') ? 'arn' : 'id');
}
