/**
 * Emulator variants of environment files: each file is rewritten to the emulator's account and the
 * landing zone's IDs, with local state. Test-tier files get `emulation.endpoint`, which is how the
 * project points a stack at an emulator. Production-tier files reject `emulation`
 * (config/check-environment-props.ts), so their variants keep the production provider and the emulator
 * is reached through the process environment (AWS_ENDPOINT_URL) plus a Terraform override file with
 * the emulator's provider settings: nothing of the stack's own resources or lifecycle rules changes.
 * The source files are read and validated here first, as the main job validates them. Step 2 of a
 * deployment (test-bed/deploy.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { ConfigError } from '../config/config-error';
import { findEnvironmentFiles, loadEnvironmentFile } from '../config/load-environments';
import { baselineIdentity, stackName } from '../config/resolve-environment';
import { EnvironmentFile, environmentFileSchema } from '../config/schema';
import { EMULATED_PROVIDER_ARGUMENTS, EMULATOR_REGION, Emulator } from './emulator';
import { LandingZone, Subnet } from './landing-zone';

/** The name of the file that points a production-tier stack's provider at the emulator. */
export const EMULATOR_OVERRIDE_FILE = 'emulator_override.tf.json';

// --- Reading the environment files ------------------------------------------------------------------

export interface SourceEnvironment {
  /** The file, relative to the folder it was read from (e.g. tma/test.yaml). */
  relativePath: string;
  config: EnvironmentFile;
}

/**
 * Every environment file below `dir`, validated exactly as the main job validates them: a broken file
 * fails here with the main job's file:line message instead of somewhere inside Terraform.
 */
export function readEnvironmentFiles(dir: string): SourceEnvironment[] {
  const files = findEnvironmentFiles(dir);
  const issues = files.flatMap((file) => loadEnvironmentFile(file, path.relative(dir, file)).issues);
  if (issues.length > 0) throw new ConfigError(issues);
  return files.map((file) => ({
    relativePath: path.relative(dir, file),
    config: environmentFileSchema.parse(parse(fs.readFileSync(file, 'utf8'))),
  }));
}

export function stackNameOf(config: EnvironmentFile): string {
  if (config.blueprint === 'account-baseline') return stackName(baselineIdentity(config.account, config.region ?? EMULATOR_REGION));
  return stackName(config);
}


// --- Emulator variants of the environment files -----------------------------------------------------

/**
 * The file as it would read for the emulator's account and landing zone. Everything the stack itself
 * creates stays as written; only references to things outside the stack change.
 */
export function emulatorVariant(config: EnvironmentFile, zone: LandingZone, emulator: Emulator): EnvironmentFile {
  const variant: EnvironmentFile = structuredClone(config);
  variant.account = zone.accountId;
  // A real account's state bucket does not exist in the emulator; local state sits in the stack's folder.
  variant.backend = { local: {} };
  // The project's own switch for pointing a stack at an emulator; the production tier refuses it.
  if (variant.tier === 'test') variant.emulation = { endpoint: emulator.endpoint };
  else delete variant.emulation;
  if (variant.blueprint === 'account-baseline') return variant;

  const where = `${variant.app}-${variant.environment}`;
  if ((variant.region ?? EMULATOR_REGION) !== EMULATOR_REGION) {
    throw new Error(`${where}: the emulator's landing zone is built in ${EMULATOR_REGION}; this environment is in ${variant.region}`);
  }
  if (!('lookup' in variant.network)) {
    const network = variant.network;
    const subnet = (s: Subnet): Subnet => ({ id: required(zone.subnets[s.id], `${where}: subnet ${s.id}`), availabilityZone: s.availabilityZone });
    variant.network = {
      vpcId: required(zone.vpcs[network.vpcId], `${where}: VPC ${network.vpcId}`).vpcId,
      vpcCidr: network.vpcCidr,
      privateSubnets: network.privateSubnets.map(subnet),
      ...(network.publicSubnets ? { publicSubnets: network.publicSubnets.map(subnet) } : {}),
    };
  }
  if (variant.blueprint === 'observability') {
    // The operations account's own app accounts are the emulator's one account.
    variant.ingestion.subscriberAccounts = [zone.accountId];
    variant.openSearch.masterRoleArn = variant.openSearch.masterRoleArn.replace(/^(arn:[^:]+:iam::)\d{12}:/, `$1${zone.accountId}:`);
    return variant;
  }
  const cert = variant.loadBalancer.certificate;
  variant.loadBalancer.certificate =
    'arn' in cert
      ? { arn: required(zone.certificates[cert.arn], `${where}: certificate ${cert.arn}`) }
      : { ...cert, hostedZoneId: required(zone.hostedZones[cert.hostedZoneId], `${where}: hosted zone ${cert.hostedZoneId}`).zoneId };
  if (variant.blueprint === 'instance-app') {
    const ami = variant.instanceApp.ami;
    if ('id' in ami) {
      variant.instanceApp.ami = { id: required(zone.images[ami.id], `${where}: image ${ami.id}`).imageId };
    } else {
      // The lookup stays a lookup: same name pattern, the emulator's account as the owner.
      const image = required(zone.images[`${ami.owner}/${ami.namePattern}`], `${where}: image ${ami.owner}/${ami.namePattern}`);
      variant.instanceApp.ami = { owner: image.owner, namePattern: ami.namePattern };
    }
  }
  return variant;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} has no counterpart in the emulator's landing zone (was it created from the same files?)`);
  return value;
}

/**
 * A Terraform override file (merged into the stack's provider block by Terraform itself) with the
 * settings a provider needs against the emulator. Only for stacks that cannot carry `emulation`: the
 * endpoint itself comes from AWS_ENDPOINT_URL (emulatorEnv), the provider's allowed_account_ids stays.
 */
export function emulatorProviderOverride(): Record<string, unknown> {
  return { provider: { aws: [EMULATED_PROVIDER_ARGUMENTS] } };
}

/**
 * A stack already synthesized for the real landing zone (an output checked in before a change, or
 * today's synth of a production file), pointed at the emulator as emulatorVariant points a file:
 * every landing-zone ID the stack names (VPCs, subnets, certificates, hosted zones, images) is
 * replaced by its counterpart in the emulator, and the state is local, in the stack's folder under
 * `terraform.<stack>.tfstate` (as the synthesizer names local state). Nothing the stack creates
 * changes: addresses, bodies, lifecycle rules and the provider (allowed_account_ids included) stay, so
 * the emulator must act as the stack's own account, and the endpoint comes from AWS_ENDPOINT_URL and
 * the override file (emulatorProviderOverride) as for a production variant.
 */
export function emulatorVariantOfStack<T extends { terraform?: Record<string, unknown>; provider?: Record<string, unknown[]> }>(stack: T, stackName: string, zone: LandingZone): T {
  const allowed = (stack.provider?.aws?.[0] as { allowed_account_ids?: string[] } | undefined)?.allowed_account_ids;
  if (allowed && !allowed.includes(zone.accountId)) {
    throw new Error(`${stackName}: the provider is pinned to account(s) ${allowed.join(', ')}; start the emulator as that account (startEmulator({ accountId })), not ${zone.accountId}`);
  }
  const replacements = new Map<string, string>([
    ...Object.entries(zone.vpcs).map(([source, v]): [string, string] => [source, v.vpcId]),
    ...Object.entries(zone.subnets),
    ...Object.entries(zone.certificates),
    ...Object.entries(zone.hostedZones).map(([source, z]): [string, string] => [source, z.zoneId]),
    ...Object.entries(zone.images).map(([source, i]): [string, string] => [source, i.imageId]),
  ]);
  // Longest first, so an ID that is the prefix of another one never replaces part of it.
  const sources = [...replacements.keys()].filter((s) => !s.startsWith('lookup:')).sort((a, b) => b.length - a.length);
  let text = JSON.stringify(stack);
  for (const source of sources) text = text.split(source).join(replacements.get(source)!);
  const variant = JSON.parse(text) as T;
  variant.terraform = { ...variant.terraform, backend: { local: { path: `terraform.${stackName}.tfstate` } } };
  return variant;
}
