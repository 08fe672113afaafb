/** Reads what decides "reference" and "skip": landing-zone files and Terraform state files. */
import * as fs from 'fs';
import { parse } from 'yaml';
import { DecisionInputs } from './manifest';

export class InputFileError extends Error {}

function read(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputFileError(`${file}: cannot read the ${what} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** A YAML (or JSON) list of IDs, or a map with an `ids` list. */
export function readLandingZoneFile(file: string): string[] {
  let doc: unknown;
  try {
    doc = parse(read(file, 'landing-zone file'));
  } catch (err) {
    throw new InputFileError(`${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const ids = Array.isArray(doc) ? doc : (doc as { ids?: unknown })?.ids;
  if (!Array.isArray(ids) || ids.some((i) => typeof i !== 'string')) throw new InputFileError(`${file}: ids: expected a list of resource IDs`);
  return ids as string[];
}

interface StateV4 {
  resources?: { mode?: string; type: string; instances?: { attributes?: Record<string, unknown> }[] }[];
}
interface ShowJson {
  values?: { root_module?: ShowModule };
}
interface ShowModule {
  resources?: { mode?: string; type: string; values?: Record<string, unknown> }[];
  child_modules?: ShowModule[];
}

/** IDs per type in a Terraform state: a .tfstate file or `terraform show -json` output. */
export function readStateFile(file: string): NonNullable<DecisionInputs['managed']> {
  let doc: StateV4 & ShowJson;
  try {
    doc = JSON.parse(read(file, 'Terraform state'));
  } catch (err) {
    if (err instanceof InputFileError) throw err;
    throw new InputFileError(`${file}: not a Terraform state (expected JSON): ${(err as Error).message}`);
  }
  const byType = new Map<string, Set<string>>();
  const add = (type: string, attrs: Record<string, unknown> | undefined) => {
    const ids = byType.get(type) ?? new Set<string>();
    for (const key of ['id', 'arn', 'name', 'bucket', 'key_id']) if (typeof attrs?.[key] === 'string') ids.add(attrs[key] as string);
    byType.set(type, ids);
  };
  if (Array.isArray(doc.resources)) {
    for (const r of doc.resources) if (r.mode !== 'data') for (const i of r.instances ?? []) add(r.type, i.attributes);
  } else if (doc.values?.root_module) {
    const walk = (m: ShowModule) => {
      for (const r of m.resources ?? []) if (r.mode !== 'data') add(r.type, r.values);
      (m.child_modules ?? []).forEach(walk);
    };
    walk(doc.values.root_module);
  } else {
    throw new InputFileError(`${file}: not a Terraform state: expected "resources" (a .tfstate) or "values.root_module" (terraform show -json)`);
  }
  return [...byType].map(([type, ids]) => ({ type, ids, where: file }));
}
