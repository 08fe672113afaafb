/**
 * The blast radius of a stack's destroys and replacements: a Mermaid picture of the resources whose
 * real object is destroyed and everything in the configuration that refers to them, directly or
 * through others, coloured by what the plan does to each. The references come from the plan's
 * `configuration` (`expressions.*.references`), read once into an edge list while the plan streams by.
 * The reviewer reads the root module's resources only (a cdktf stack has no modules): a resource inside
 * a module is drawn when it changes, without the references of its module.
 *
 * Secret-safe by construction: labels are addresses (without instance keys, which can hold values)
 * and types, nothing else from the plan.
 */
import { appendTo } from '../diagrams/append-to';
import { groupItems } from '../diagrams/grouping';
import { FlowEdge, FlowNode, renderFlowchart } from '../diagrams/mermaid';
import { countOf, resourceKind } from '../diagrams/resource-kinds';
import type { ChangeKind, Classification } from './classify';
import type { Piece } from './note-budget';

/** Configuration address (no instance keys) -> configuration addresses it refers to. */
export type ReferenceIndex = Map<string, string[]>;

/** `var.x`, `local.y`, `each.key`, `count.index`, `path.module`, `module.m.output`: not resources. */
const NOT_A_RESOURCE = /^(var|local|each|count|path|self|terraform|module)\./;
const RESOURCE_REF = /^((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every `references` array anywhere below an `expressions` value (nested blocks included). */
function collectReferences(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectReferences(v, into);
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'references' && Array.isArray(v)) {
        for (const ref of v) {
          if (typeof ref !== 'string' || NOT_A_RESOURCE.test(ref)) continue;
          const m = ref.match(RESOURCE_REF);
          if (m) into.add(m[1]);
        }
      } else collectReferences(v, into);
    }
  }
}

/** Reads the plan's `configuration` into references per resource; anything malformed is skipped. */
export function configurationReferences(configuration: unknown): ReferenceIndex {
  const index: ReferenceIndex = new Map();
  const walk = (module: unknown, prefix: string) => {
    if (!isObject(module)) return;
    for (const r of Array.isArray(module.resources) ? module.resources : []) {
      if (!isObject(r) || typeof r.address !== 'string') continue;
      const refs = new Set<string>();
      collectReferences(r.expressions, refs);
      collectReferences(r.count_expression, refs);
      collectReferences(r.for_each_expression, refs);
      const address = `${prefix}${r.address}`;
      refs.delete(address);
      index.set(address, [...refs].map((ref) => `${prefix}${ref}`).sort());
    }
    if (isObject(module.module_calls)) {
      for (const [name, call] of Object.entries(module.module_calls)) if (isObject(call)) walk(call.module, `${prefix}module.${name}.`);
    }
  };
  if (isObject(configuration)) walk(configuration.root_module, '');
  return index;
}

/** `module.a["x"].aws_s3_bucket.b[0]` -> `module.a.aws_s3_bucket.b`, the address in the configuration. */
export function configurationAddress(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\]/g, '');
}

function typeOf(address: string): string {
  const parts = address.split('.');
  const i = parts.findIndex((p, n) => n % 2 === 0 && p !== 'module' && parts[n - 1] !== 'module' && p !== 'data');
  return parts[i] ?? parts[parts.length - 2];
}

/** Most severe first, for a configuration address whose instances change differently. */
const SEVERITY: ChangeKind[] = ['delete', 'replace', 'forget', 'update', 'create', 'read', 'no-op'];
const COLOURS: Record<string, string> = {
  delete: 'fill:#fdd,stroke:#c00,stroke-width:2px',
  replace: 'fill:#fe9,stroke:#c60,stroke-width:2px',
  forget: 'fill:#eee,stroke:#c00,stroke-dasharray:4 2',
  update: 'fill:#def,stroke:#36c',
  create: 'fill:#dfd,stroke:#393',
  unchanged: 'fill:#fff,stroke:#999',
};

/** A data source read during the plan is drawn like an unchanged resource. */
function colourOf(kind: ChangeKind | undefined): string {
  return kind && kind in COLOURS ? kind : 'unchanged';
}

export interface BlastRadius {
  /** Configuration addresses whose real object is destroyed. */
  destroyed: string[];
  /** The colours used, as `class: colour` words for the legend. */
  legend: string[];
  /** Resources drawn besides them (referrers and what the plan changes among them). */
  affected: number;
  mermaid: string;
}

/** What the blast radius reads of a stack's review (`StackReview`, which stack-review.ts builds). */
export interface ReviewedChanges {
  references?: ReferenceIndex;
  resources: readonly { address: string; classification: Pick<Classification, 'kind' | 'destroys'> }[];
}

export function blastRadius(stack: ReviewedChanges, cap = 40): BlastRadius | undefined {
  const references = stack.references;
  const action = new Map<string, ChangeKind>();
  const destroyed = new Set<string>();
  for (const r of stack.resources) {
    const address = configurationAddress(r.address);
    const kind = r.classification.kind;
    const current = action.get(address);
    if (!current || SEVERITY.indexOf(kind) < SEVERITY.indexOf(current)) action.set(address, kind);
    if (r.classification.destroys) destroyed.add(address);
  }
  if (destroyed.size === 0) return undefined;

  const referrers = new Map<string, string[]>();
  for (const [from, tos] of references ?? []) for (const to of tos) appendTo(referrers, to, from);
  // Everything that refers to a destroyed resource, directly or through another referrer.
  const reached = new Set(destroyed);
  const queue = [...destroyed];
  while (queue.length) {
    for (const from of referrers.get(queue.shift()!) ?? []) {
      if (!reached.has(from)) {
        reached.add(from);
        queue.push(from);
      }
    }
  }
  const items = [...reached].sort().map((address) => ({ key: address, type: typeOf(address), own: action.has(address) || resourceKind(typeOf(address)).own }));
  const groups = groupItems(items, cap);
  const nodeOf = new Map<string, string>();
  const nodes: FlowNode[] = groups.map((g, i) => {
    const id = `n${i + 1}`;
    for (const m of g.members) nodeOf.set(m.key, id);
    if (!g.counted) {
      const address = g.members[0].key;
      return { id, lines: [address, resourceKind(g.members[0].type).name], className: colourOf(action.get(address)) };
    }
    const kinds = [...new Set(g.members.map((m) => colourOf(action.get(m.key))))];
    return { id, lines: [g.type ? countOf(g.type, g.members.length) : `${g.members.length} resources`, 'referring to the above'], className: kinds.length === 1 ? kinds[0] : 'update' };
  });
  const edges = new Map<string, FlowEdge>();
  for (const from of [...reached].sort()) {
    for (const to of references?.get(from) ?? []) {
      const a = nodeOf.get(to);
      const b = nodeOf.get(from);
      // The arrow points from what changes to what hangs off it.
      if (a && b && a !== b) edges.set(`${a} ${b}`, { from: a, to: b });
    }
  }
  const legend = Object.keys(COLOURS).filter((k) => nodes.some((n) => n.className === k));
  const mermaid = renderFlowchart({
    direction: 'LR',
    nodes,
    edges: [...edges.values()].sort((x, y) => Number(x.from.slice(1)) - Number(y.from.slice(1)) || Number(x.to.slice(1)) - Number(y.to.slice(1))),
    subgraphs: [],
    classes: Object.fromEntries(legend.map((k) => [k, COLOURS[k]])),
  });
  const words: Record<string, string> = { delete: 'red: destroyed', replace: 'amber: replaced', forget: 'grey: forgotten', update: 'blue: updated', create: 'green: created', unchanged: 'white: unchanged' };
  return { destroyed: [...destroyed].sort(), legend: legend.map((k) => words[k]), affected: reached.size - destroyed.size, mermaid };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The note's collapsed section for one stack, or nothing when the stack destroys nothing. It is the
 * first detail the note budget sheds (lowest `keep` in the first phase), never the summary.
 */
export function blastRadiusPieces(stack: ReviewedChanges, phase: number): Piece[] {
  const radius = blastRadius(stack);
  if (!radius) return [];
  const referring = radius.affected ? `${plural(radius.affected, 'other resource')} referring to them` : 'nothing else in the configuration refers to them';
  const text =
    `<details><summary>Blast radius: ${plural(radius.destroyed.length, 'resource')} destroyed or replaced, ${referring}</summary>\n\n` +
    `Arrows point from a resource to those whose configuration refers to it (${radius.legend.join(', ')}).\n\n` +
    `\`\`\`mermaid\n${radius.mermaid}\`\`\`\n\n</details>\n\n`;
  return [{ kind: 'sheddable', versions: [text, ''], phases: [0, phase], keep: Number.MIN_SAFE_INTEGER }];
}
