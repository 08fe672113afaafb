/**
 * The import manifest: one entry per discovered resource with its decision (import, reference or
 * skip), the reason, and the Terraform address it gets. Users review and edit it; `generate` reads it
 * back; a new `discover` merges into it, keeping every decision the user changed and every address
 * already given (addresses are what state is keyed by, so they never move on their own).
 */
import * as fs from 'fs';
import { parseDocument, stringify } from 'yaml';
import { writeFileAtomic } from '../atomic-write';
import { DiscoveredResource } from '../discovery/model';
import { RESOURCE_TYPES } from '../discovery/registry';
import { uniqueIdentifier } from './names';

export type Decision = 'import' | 'reference' | 'skip';
const DECISIONS: readonly Decision[] = ['import', 'reference', 'skip'];

export interface ManifestEntry {
  type: string;
  id: string;
  name: string;
  decision: Decision;
  reason: string;
  /** Terraform address: aws_x.name for import, data.aws_x.name for reference, none for skip. */
  address: string;
  /** What discovery suggested; a decision that differs is the user's and survives a new discover. */
  suggested: Decision;
  importId: string;
  resource: DiscoveredResource;
}

export interface Manifest {
  region: string;
  entries: ManifestEntry[];
}

export interface DecisionInputs {
  /** IDs the landing zone owns (--landing-zone FILE). */
  landingZoneIds?: Set<string>;
  /** Tags that mark landing-zone property (--landing-zone-tag K=V). */
  landingZoneTags?: Record<string, string>[];
  /** Resources already under Terraform state (--state FILE): type → IDs and ARNs found there. */
  managed?: { type: string; ids: Set<string>; where: string }[];
}

/** An error in a manifest file: says where and what was expected. */
export class ManifestError extends Error {}

function suggest(r: DiscoveredResource, inputs: DecisionInputs): { decision: Decision; reason: string } {
  if (r.skipReason) return { decision: 'skip', reason: r.skipReason };
  const ids = [r.id, r.importId, ...(r.altIds ?? [])];
  const state = inputs.managed?.find((m) => m.type === r.type && ids.some((id) => m.ids.has(id)));
  if (state) return { decision: 'skip', reason: `already in Terraform state ${state.where}` };
  const byFile = ids.some((id) => inputs.landingZoneIds?.has(id));
  const tag = inputs.landingZoneTags?.find((t) => Object.entries(t).every(([k, v]) => r.tags[k] === v));
  if (byFile || tag) {
    const why = byFile ? 'owned by the landing zone (listed in the landing-zone file)' : `owned by the landing zone (tag ${Object.entries(tag!).map(([k, v]) => `${k}=${v}`).join(',')})`;
    const canRead = RESOURCE_TYPES.find((t) => t.type === r.type)?.dataSource;
    return canRead ? { decision: 'reference', reason: `${why}: read with a data source` } : { decision: 'skip', reason: `${why}: no data source for this type` };
  }
  return { decision: 'import', reason: 'discovered, not managed by Terraform' };
}

function addressFor(type: string, name: string, decision: Decision): string {
  return decision === 'skip' ? '' : decision === 'reference' ? `data.${type}.${name}` : `${type}.${name}`;
}

/**
 * Builds the manifest for a discovery, merged with a previous one: entries keep their name (and so
 * their address) and any decision the user changed; resources that are gone are dropped.
 */
export function buildManifest(region: string, resources: DiscoveredResource[], inputs: DecisionInputs, previous?: Manifest): Manifest {
  const before = new Map((previous?.entries ?? []).map((e) => [`${e.type} ${e.id}`, e]));
  const taken = new Set<string>();
  for (const e of previous?.entries ?? []) if (resources.some((r) => r.type === e.type && r.id === e.id)) taken.add(e.name);
  const sorted = [...resources].sort((a, b) => a.type.localeCompare(b.type) || a.id.localeCompare(b.id));
  const entries = sorted.map((r): ManifestEntry => {
    const { decision: suggested, reason: suggestedReason } = suggest(r, inputs);
    const old = before.get(`${r.type} ${r.id}`);
    const userDecided = old !== undefined && old.decision !== old.suggested;
    const decision = userDecided ? old.decision : suggested;
    const reason = userDecided ? old.reason : suggestedReason;
    const name = old?.name ?? uniqueIdentifier(r.name, r.type, taken);
    return { type: r.type, id: r.id, name, decision, reason, address: addressFor(r.type, name, decision), suggested, importId: r.importId, resource: r };
  });
  return { region, entries };
}

const HEADER = [
  '# Import manifest written by `npm run import -- discover`.',
  '# Edit `decision` (import | reference | skip) and `reason`, then run `npm run import -- generate`.',
  '# A new discover keeps every decision you changed and every name (the Terraform address).',
  '',
].join('\n');

export function formatManifest(m: Manifest): string {
  const doc = {
    version: 1,
    region: m.region,
    resources: m.entries.map((e) => ({
      type: e.type,
      id: e.id,
      name: e.name,
      decision: e.decision,
      reason: e.reason,
      address: e.address || undefined,
      suggested: e.suggested,
      importId: e.importId,
      discovered: e.resource,
    })),
  };
  return HEADER + stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}

export function writeManifest(file: string, m: Manifest): void {
  writeFileAtomic(file, formatManifest(m));
}

export function readManifest(file: string): Manifest {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ManifestError(`${file}: cannot read the manifest (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new ManifestError(`${file}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  const raw = doc.toJS() as { region?: unknown; resources?: unknown };
  const problems: string[] = [];
  if (typeof raw?.region !== 'string') problems.push(`${file}: region: expected a region name`);
  if (!Array.isArray(raw?.resources)) problems.push(`${file}: resources: expected a list`);
  if (problems.length > 0) throw new ManifestError(problems.join('\n'));
  const names = new Set<string>();
  const entries = (raw.resources as Record<string, unknown>[]).map((e, i): ManifestEntry => {
    const at = `${file}: resources[${i}]`;
    if (typeof e.type !== 'string' || !RESOURCE_TYPES.some((t) => t.type === e.type)) problems.push(`${at}.type: expected a supported resource type, found ${JSON.stringify(e.type)}`);
    if (!DECISIONS.includes(e.decision as Decision)) problems.push(`${at}.decision: expected import, reference or skip, found ${JSON.stringify(e.decision)}`);
    if (typeof e.name !== 'string' || !/^[a-z_][a-z0-9_]*$/.test(e.name)) problems.push(`${at}.name: expected a Terraform name (lower-case letters, digits, _), found ${JSON.stringify(e.name)}`);
    else if (names.has(e.name)) problems.push(`${at}.name: ${e.name} is used twice (names are unique in the stack)`);
    else names.add(e.name);
    if (typeof e.discovered !== 'object' || e.discovered === null) problems.push(`${at}.discovered: missing (re-run discover)`);
    if (e.decision === 'reference' && !RESOURCE_TYPES.find((t) => t.type === e.type)?.dataSource) problems.push(`${at}.decision: ${e.type} has no data source to reference it with; use import or skip`);
    const decision = e.decision as Decision;
    return {
      type: e.type as string,
      id: String(e.id),
      name: e.name as string,
      decision,
      reason: String(e.reason ?? ''),
      address: addressFor(e.type as string, e.name as string, decision),
      suggested: (DECISIONS.includes(e.suggested as Decision) ? e.suggested : decision) as Decision,
      importId: String(e.importId ?? e.id),
      resource: e.discovered as DiscoveredResource,
    };
  });
  if (problems.length > 0) throw new ManifestError(problems.join('\n'));
  return { region: raw.region as string, entries };
}
