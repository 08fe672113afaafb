/**
 * Resources and the references between them, read from a synthesized `cdk.tf.json`: every
 * `${aws_x.y…}` inside a resource's arguments is an edge to `aws_x.y`.
 */

export interface TfResource {
  /** `aws_lb.app_load-balancer_alb_E53DAD5A`, or `data.aws_subnet.x` for a data source. */
  address: string;
  type: string;
  /** Construct path below the blueprint (`load-balancer/alb`), else the Terraform name. */
  name: string;
  attrs: Record<string, unknown>;
  /** Addresses this resource's arguments refer to, sorted, without duplicates. */
  refs: string[];
}

export interface StackDocument {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  provider?: { aws?: Array<{ region?: string; allowed_account_ids?: string[] }> };
}

const REFERENCE = /\$\{[^}]*/g;
const ADDRESS = /(?<![\w.])((?:data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)/g;
/** Ordering and bookkeeping, not relations between resources. */
const SKIPPED_KEYS = new Set(['//', 'depends_on', 'lifecycle', 'provider']);

function collectRefs(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    for (const expr of value.match(REFERENCE) ?? []) for (const m of expr.matchAll(ADDRESS)) into.add(m[1]);
  } else if (Array.isArray(value)) {
    for (const v of value) collectRefs(v, into);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (!SKIPPED_KEYS.has(k)) collectRefs(v, into);
  }
}

function constructName(body: Record<string, unknown>, fallback: string): string {
  const meta = (body['//'] as { metadata?: { path?: string } } | undefined)?.metadata;
  // stack/blueprint-root/rest: the first two are the same for every resource of the stack.
  const parts = meta?.path?.split('/') ?? [];
  return parts.length > 2 ? parts.slice(2).join('/') : fallback;
}

function read(blocks: StackDocument['resource'], prefix: string): TfResource[] {
  const out: TfResource[] = [];
  for (const [type, byName] of Object.entries(blocks ?? {})) {
    for (const [tfName, body] of Object.entries(byName)) {
      const refs = new Set<string>();
      collectRefs(body, refs);
      const address = `${prefix}${type}.${tfName}`;
      refs.delete(address);
      out.push({ address, type, name: constructName(body, tfName), attrs: body, refs: [...refs].sort() });
    }
  }
  return out.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

export function stackResources(doc: StackDocument): { resources: TfResource[]; dataSources: TfResource[] } {
  return { resources: read(doc.resource, ''), dataSources: read(doc.data, 'data.') };
}
