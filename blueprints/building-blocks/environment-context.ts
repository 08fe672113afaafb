/** What every building block needs to know about the environment it is placed into. */
import { Tier } from '../../config/schema';
import { ResourceNames } from '../../config/resource-names';

export interface EnvironmentContext {
  names: ResourceNames;
  tier: Tier;
  region: string;
  account: string;
  /** Partition-aware ARN prefix pieces come from here so GovCloud/China stay possible. */
  partition: string;
}

export function arnFor(ctx: EnvironmentContext, service: string, resource: string, region = ctx.region): string {
  return `arn:${ctx.partition}:${service}:${region}:${ctx.account}:${resource}`;
}
