/**
 * What every building block needs to know about the environment it is placed into. Deliberately not
 * the tier: what the tier decides arrives as resolved settings (config/tier-defaults.ts), so a block
 * cannot make a test/production difference that the tier table does not show.
 */
import { ResourceNames } from '../../config/resource-names';

export interface EnvironmentContext {
  names: ResourceNames;
  region: string;
  account: string;
  /** Partition-aware ARN prefix pieces come from here so GovCloud/China stay possible. */
  partition: string;
}

export function arnFor(ctx: EnvironmentContext, service: string, resource: string, region = ctx.region): string {
  return `arn:${ctx.partition}:${service}:${region}:${ctx.account}:${resource}`;
}
