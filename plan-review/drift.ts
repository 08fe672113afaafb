/**
 * Drift (`resource_drift`): changes made outside Terraform, found by the refresh. Most of it does not
 * matter to the plan under review (a tag added by hand that the plan reverts anyway shows up as the
 * update itself), so, like Terraform's own plan output, only the drifted attributes that
 * `relevant_attributes` names are shown; the rest is summarised by attribute name, never by value.
 */
import { DiffEntry, PathStep } from './attribute-diff';
import { RelevantAttribute } from './plan-types';

export interface DriftReview {
  stack: string;
  address: string;
  /** "update" when attributes changed, "delete" when the object is gone. */
  kind: 'update' | 'delete';
  relevant: DiffEntry[];
  /** Top-level names of drifted attributes that do not affect the plan. */
  otherAttributes: string[];
}

export class RelevanceIndex {
  private readonly byResource = new Map<string, PathStep[][]>();

  constructor(attrs: RelevantAttribute[]) {
    for (const a of attrs) {
      const list = this.byResource.get(a.resource) ?? [];
      list.push(a.attribute);
      this.byResource.set(a.resource, list);
    }
  }

  isRelevant(address: string, path: PathStep[]): boolean {
    const paths = this.byResource.get(address);
    if (!paths) return false;
    return paths.some((r) => isPrefix(r, path) || isPrefix(path, r));
  }
}

function isPrefix(prefix: PathStep[], path: PathStep[]): boolean {
  return prefix.length <= path.length && prefix.every((step, i) => step === path[i]);
}

/** The Terraform attribute path of an entry, leaving out any steps inside a JSON document. */
function attributePath(e: DiffEntry): PathStep[] {
  return e.jsonFrom === undefined ? e.path : e.path.slice(0, e.jsonFrom);
}

export function filterDrift(d: { stack: string; address: string; deleted: boolean; entries: DiffEntry[] }, index: RelevanceIndex): DriftReview | undefined {
  if (d.deleted) return { stack: d.stack, address: d.address, kind: 'delete', relevant: [], otherAttributes: [] };
  const relevant: DiffEntry[] = [];
  const other = new Set<string>();
  for (const e of d.entries) {
    if (index.isRelevant(d.address, attributePath(e))) relevant.push(e);
    else other.add(String(e.path[0]));
  }
  if (relevant.length === 0 && other.size === 0) return undefined;
  return { stack: d.stack, address: d.address, kind: 'update', relevant, otherAttributes: [...other].sort() };
}
