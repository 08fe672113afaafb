/**
 * One building block on its own: constructed in a bare `Testing.synthScope` stack with the values the
 * tier table resolves for a tier, so a test sees exactly the arguments the block sets.
 */
import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { EnvironmentContext } from '../../blueprints/building-blocks/environment-context';
import { ResourceNames } from '../../config/resource-names';
import { Tier } from '../../config/schema';
import { TierResolver, TIERS as CONFIG_TIERS } from '../../config/tier-defaults';
import { Json, TerraformJson, terraformReference } from './terraform-json';

export type { Json };

/** Both tiers, as the tier table lists them, for `it.each`. */
export const TIERS: Tier[] = [...CONFIG_TIERS];

/** The environment `shop-test` in account 123456789012, eu-central-1. */
export function blockContext(): EnvironmentContext {
  return { names: new ResourceNames('shop', 'test'), region: 'eu-central-1', account: '123456789012', partition: 'aws' };
}

/** The tier's defaults, nothing overridden (as resolve-environment fills them for a file that sets none). */
export function tierDefaults(tier: Tier): TierResolver {
  return new TierResolver(tier, 'block-test.yaml');
}

export function synthBlock(build: (scope: Construct) => void): TerraformJson {
  return JSON.parse(Testing.synthScope(build)) as TerraformJson;
}

/** Logical IDs are the construct path joined by `_` plus a hash; this strips the hash. */
function idOf(logicalId: string): string {
  return logicalId.replace(/_[0-9A-F]{8}$/, '');
}

/** Every resource (or data source with `kind: 'data'`) of a type, by construct-path ID without hash. */
export function allOf(json: TerraformJson, type: string, kind: 'resource' | 'data' = 'resource'): Record<string, Json> {
  const found = json[kind]?.[type] ?? {};
  return Object.fromEntries(Object.entries(found).map(([id, r]) => [idOf(id), r as Json]));
}

/** The one resource of a type whose construct-path ID is `id`; fails loudly with what exists otherwise. */
export function resource(json: TerraformJson, type: string, id: string, kind: 'resource' | 'data' = 'resource'): Json {
  const all = allOf(json, type, kind);
  if (!all[id]) throw new Error(`no ${type} ${id}; found: ${Object.keys(all).join(', ') || 'none'}`);
  return all[id];
}

/** The Terraform reference `${type.<logical id>.attribute}` of a resource. */
export function refTo(json: TerraformJson, type: string, id: string, attribute: string, kind: 'resource' | 'data' = 'resource'): string {
  const logicalId = Object.keys(json[kind]?.[type] ?? {}).find((l) => idOf(l) === id);
  if (!logicalId) throw new Error(`no ${type} ${id}`);
  return terraformReference(kind, type, logicalId, attribute);
}

/** The statements of a policy document data source, by sid. */
export function statementsOf(json: TerraformJson, id: string): Record<string, Json> {
  const doc = resource(json, 'aws_iam_policy_document', id, 'data');
  return Object.fromEntries((doc.statement as Json[]).map((s) => [s.sid, s]));
}
