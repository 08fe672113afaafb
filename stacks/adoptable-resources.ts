/**
 * Every resource an environment's stack would create, with the construct path an import file names it
 * by and the Terraform address a plan shows: what the adopt command maps running AWS resources onto,
 * and what its report names. The stack is built, never synthesized; nothing is written.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { ResolvedEnvironment } from '../config/resolve-environment';
import { EnvironmentStack } from './environment-stack';
import { stackResources } from './stack-resources';

export interface AdoptableResource {
  /** Construct path below the stack, e.g. `app/database/instance`: the key of an import file. */
  constructPath: string;
  /** Terraform resource type, e.g. `aws_db_instance`. */
  terraformType: string;
  /** Terraform address in the synthesized stack, e.g. `aws_db_instance.app_database_instance_1A2B3C4D`. */
  terraformAddress: string;
}

/** The resources of `env`'s stack, sorted by construct path (deterministic for the same config). */
export function adoptableResources(env: ResolvedEnvironment): AdoptableResource[] {
  // cdktf's App creates its output folder when constructed; it stays empty and is removed again.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'adoptable-resources-'));
  try {
    const stack = new EnvironmentStack(new App({ outdir, stackTraces: false }), env);
    return stackResources(stack).map(({ constructPath, terraformType, terraformAddress }) => ({ constructPath, terraformType, terraformAddress }));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
