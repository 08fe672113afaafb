/**
 * `terraform init` while the generated app synthesizes. Init reads nothing of the configuration but its
 * `terraform` block (the provider requirement and the backend), and with the local backend that block
 * is known before synthesis: the AWS provider at the project's version, the state file named after the
 * state. So init runs on that block alone in a scratch folder beside Terraform's working directory,
 * and its result (.terraform and the lock file) moves in only when the synthesized block is that same
 * one and init succeeded. Anything else (another backend, a working directory initialized before,
 * init failing, a block that differs) leaves the working directory untouched: verify then runs init
 * there as it always did, which reports a failure with Terraform's own message.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { localStateFile } from '../../config/state-location';
import { BACKEND_FILE, StateSettings } from '../generate/generate-stack';
import { AWS_PROVIDER_VERSION, runTerraformAsync, TerraformResult } from '../../tooling/terraform-cli';

/** What init writes into its working directory. */
const INIT_OUTPUTS = ['.terraform', '.terraform.lock.hcl'];

export type TerraformBlock = Record<string, unknown>;

/** The `terraform` block the generated stack in `dir` synthesizes, where it is known beforehand (local backend). */
export function expectedTerraformBlock(dir: string): TerraformBlock | undefined {
  const file = path.join(dir, BACKEND_FILE);
  if (!fs.existsSync(file)) return undefined;
  const settings = JSON.parse(fs.readFileSync(file, 'utf8')) as StateSettings;
  if (!('local' in settings.backend)) return undefined;
  return { backend: { local: { path: localStateFile(settings.stateName) } }, required_providers: { aws: { source: 'aws', version: AWS_PROVIDER_VERSION } } };
}

export interface EarlyInit {
  block: TerraformBlock;
  scratch: string;
  result: Promise<TerraformResult | undefined>;
}

/** Starts init for the stack in `dir`, or undefined where it has to wait for the synthesized block. */
export function startEarlyInit(dir: string, tfDir: string, env: NodeJS.ProcessEnv): EarlyInit | undefined {
  const block = expectedTerraformBlock(dir);
  // an initialized working directory keeps its lock file and backend settings: init runs there
  if (!block || INIT_OUTPUTS.some((f) => fs.existsSync(path.join(tfDir, f)))) return undefined;
  const scratch = fs.mkdtempSync(path.join(dir, '.terraform-init-'));
  fs.writeFileSync(path.join(scratch, 'cdk.tf.json'), JSON.stringify({ terraform: block }));
  // a run that cannot start is a failed early init: verify's own init reports why
  const result = runTerraformAsync(scratch, ['init', '-input=false'], env).catch(() => undefined);
  return { block, scratch, result };
}

/**
 * Moves the early init's result into `tfDir` when it initialized `synthesized` (the stack's
 * `terraform` block); true if so. The scratch folder is gone afterwards either way.
 */
export async function finishEarlyInit(early: EarlyInit, tfDir: string, synthesized: unknown): Promise<boolean> {
  try {
    const res = await early.result;
    if (res?.status !== 0 || !isDeepStrictEqual(synthesized, early.block)) return false;
    fs.mkdirSync(tfDir, { recursive: true });
    for (const f of INIT_OUTPUTS) fs.renameSync(path.join(early.scratch, f), path.join(tfDir, f));
    return true;
  } catch {
    // a rename that failed half-way leaves .terraform without its lock file: init completes it
    return false;
  } finally {
    fs.rmSync(early.scratch, { recursive: true, force: true });
  }
}
