/**
 * Deploys environment files to the AWS API emulator with the real Terraform and the real AWS provider.
 *
 * The environments of the project name a real account, a real landing-zone network, hosted zone,
 * hardened image and SSM parameters. None of those exist in the emulator, so a deployment goes:
 *
 *  1. Landing zone (test-bed/landing-zone.ts): what the files reference is created in the emulator
 *     with the AWS SDK first, as the platform team's landing zone would have it.
 *  2. Variants (test-bed/emulator-variants.ts): each file is rewritten to the emulator's account and
 *     the landing zone's IDs, with local state; nothing of the stack's own resources or lifecycle
 *     rules changes.
 *  3. The variants are synthesized by the project's own synthesizer, and `terraform init` + `apply`
 *     run per stack (test-bed/stack-deployment.ts), with `-target` lists from the gap table
 *     (test-bed/emulator-gaps.ts) when a resource type cannot be deployed to the emulator. Every step
 *     is timed. A resource whose provider wait the emulator does not need (the gap table's
 *     provider-wait-shortened) gets shorter timeouts through a Terraform override file.
 *
 * Used by the end-to-end tests (test/e2e/) and by `npm run demo` (test-bed/demo.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { loadEnvironments } from '../config/load-environments';
import { EnvironmentFile } from '../config/schema';
import { synthesizeEnvironments } from '../stacks/synthesize';
import { WORK_DIR } from '../tooling/terraform-cli';
import { Emulator } from './emulator';
import { EMULATOR_WAITS_OVERRIDE_FILE, emulatorWaitOverride } from './emulator-gaps';
import { EMULATOR_OVERRIDE_FILE, SourceEnvironment, emulatorProviderOverride, emulatorVariant, readEnvironmentFiles, stackNameOf } from './emulator-variants';
import { LandingZone, createLandingZone } from './landing-zone';
import { StackDeployment, StepTiming } from './stack-deployment';

// --- Putting it together ---------------------------------------------------------------------------

export interface DeployOptions {
  /** A folder of environment YAML files (e.g. the project's `environments/`). */
  environmentsDir: string;
  emulator: Emulator;
  /** Which files to deploy. @default every test-tier file */
  select?: (env: SourceEnvironment) => boolean;
  /** Where the variants, synthesized stacks and states go. @default a fresh folder under .work/e2e/ */
  workDir?: string;
  /** Progress lines. @default silent */
  log?: (line: string) => void;
  /**
   * Changes a test makes to a selected file before anything is deployed, e.g. switching on a feature
   * the checked-in file leaves off; the result is validated like the file itself. @default none
   */
  amend?: (env: SourceEnvironment) => EnvironmentFile;
}

export interface Deployment {
  workDir: string;
  /** The emulator variants of the selected files. */
  variantsDir: string;
  outdir: string;
  landingZone: LandingZone;
  stacks: Record<string, StackDeployment>;
  /** Seconds spent on the landing zone, and on synthesizing the variants. */
  setupTimings: { landingZone: number; synth: number };
  /** Every Terraform step of every stack so far. */
  timings(): StepTiming[];
}

export const isTestTier = (env: SourceEnvironment) => env.config.tier === 'test';

/** Earlier runs' folders (variants, stacks, states, Terraform logs) kept for a look after a failure. */
const RUNS_KEPT = 10;

/** Deletes all but the newest `keep` folders named `<prefix>*` in `dir`, so run folders do not pile up. */
export function pruneOldRuns(dir: string, prefix: string, keep: number): void {
  const runs = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name.startsWith(prefix))
    .map((e) => ({ name: e.name, t: fs.statSync(path.join(dir, e.name)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { name } of runs.slice(keep)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/**
 * Landing zone, variants, synthesis and `terraform init` of the selected files; nothing applied yet.
 * The landing zone is made from the selected files only.
 */
export async function prepareDeployment(options: DeployOptions): Promise<Deployment> {
  const log = options.log ?? (() => undefined);
  const amend = options.amend;
  const sources = readEnvironmentFiles(options.environmentsDir)
    .filter(options.select ?? isTestTier)
    .map((s) => (amend ? { ...s, config: amend(s) } : s));
  if (sources.length === 0) throw new Error(`no environment file in ${options.environmentsDir} was selected for deployment`);
  const runsDir = path.join(WORK_DIR, 'e2e');
  fs.mkdirSync(runsDir, { recursive: true });
  if (!options.workDir) pruneOldRuns(runsDir, 'run-', RUNS_KEPT);
  const workDir = options.workDir ?? fs.mkdtempSync(path.join(runsDir, 'run-'));
  fs.mkdirSync(workDir, { recursive: true });

  let t0 = process.hrtime.bigint();
  const landingZone = await createLandingZone(options.emulator, sources.map((s) => s.config));
  const landingZoneSeconds = seconds(t0);
  log(`landing zone: ${Object.keys(landingZone.vpcs).length} VPC(s), ${Object.keys(landingZone.subnets).length} subnets, ${Object.keys(landingZone.hostedZones).length} hosted zone(s), ${landingZone.parameters.length} SSM parameters (${landingZoneSeconds.toFixed(1)} s)`);

  const variantsDir = path.join(workDir, 'environments');
  fs.rmSync(variantsDir, { recursive: true, force: true });
  const variants = new Map<string, { source: SourceEnvironment; variant: EnvironmentFile }>();
  for (const source of sources) {
    const variant = emulatorVariant(source.config, landingZone, options.emulator);
    const file = path.join(variantsDir, source.relativePath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `# Emulator variant of ${source.relativePath}, written by test-bed/deploy.ts\n${stringify(variant)}`);
    variants.set(stackNameOf(variant), { source, variant });
  }

  t0 = process.hrtime.bigint();
  const outdir = path.join(workDir, 'cdktf.out');
  synthesizeEnvironments(loadEnvironments(variantsDir, workDir), outdir);
  const synthSeconds = seconds(t0);

  const stacks: Record<string, StackDeployment> = {};
  for (const [name, { source, variant }] of variants) {
    const dir = path.join(outdir, 'stacks', name);
    if (variant.tier === 'production') fs.writeFileSync(path.join(dir, EMULATOR_OVERRIDE_FILE), JSON.stringify(emulatorProviderOverride(), null, 2));
    // Whatever the tier: a provider wait the emulator does not need is cut short (the gap table's provider-wait-shortened).
    const waits = emulatorWaitOverride(JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')));
    if (waits) fs.writeFileSync(path.join(dir, EMULATOR_WAITS_OVERRIDE_FILE), JSON.stringify(waits, null, 2));
    stacks[name] = new StackDeployment(name, dir, source, variant, options.emulator, log);
  }
  // One after the other: parallel inits could race on a plugin cache that does not hold the provider yet.
  for (const stack of Object.values(stacks)) await stack.init();

  return {
    workDir,
    variantsDir,
    outdir,
    landingZone,
    stacks,
    setupTimings: { landingZone: landingZoneSeconds, synth: synthSeconds },
    timings: () => Object.values(stacks).flatMap((s) => s.timings),
  };
}

/** prepareDeployment, then `terraform apply` of every stack, all at once (most of the time is the provider's waiters). */
export async function deployEnvironments(options: DeployOptions): Promise<Deployment> {
  const deployment = await prepareDeployment(options);
  await settleAll(Object.values(deployment.stacks).map((s) => s.apply()));
  return deployment;
}

/**
 * Like Promise.all, but waits for every promise before failing, so no Terraform process is still
 * running against the emulator when the caller stops it; all failures are reported together.
 */
export async function settleAll<T>(promises: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason instanceof Error ? r.reason.message : String(r.reason)));
  if (failures.length > 0) throw new Error(failures.join('\n\n----\n\n'));
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** Timings as a table for the README and docs/BENCHMARKS.md. */
export function formatTimings(timings: StepTiming[]): string {
  const rows = timings.map((t) => [t.stack, t.step, t.resources === undefined ? '' : String(t.resources), t.seconds.toFixed(1)]);
  const header = ['stack', 'step', 'resources', 'seconds'];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
