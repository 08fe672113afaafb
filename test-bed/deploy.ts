/**
 * Deploys environment files to the AWS API emulator with the real Terraform and the real AWS provider.
 *
 * The environments of the project name a real account, a real landing-zone network, hosted zone,
 * hardened image and SSM parameters. None of those exist in the emulator, so a deployment goes:
 *
 *  1. Landing zone: what the files reference is created in the emulator with the AWS SDK first, as
 *     the platform team's landing zone would have it (a VPC per referenced VPC with a subnet per
 *     referenced subnet in the same zone, a hosted zone per referenced zone ID, the hardened image,
 *     the Opsgenie endpoint and app secrets as SecureString parameters, a certificate per ARN).
 *  2. Variants: each file is rewritten to the emulator's account and the landing zone's IDs, with
 *     local state; test-tier files get `emulation.endpoint`, which is how the project points a stack at
 *     an emulator. Production-tier files reject `emulation` (config/check-environment-props.ts), so
 *     their variants keep the production provider and the emulator is reached through the process
 *     environment (AWS_ENDPOINT_URL) plus a Terraform override file with the emulator's provider
 *     settings: nothing of the stack's own resources or lifecycle rules changes.
 *  3. The variants are synthesized by the project's own synthesizer, and `terraform init` + `apply`
 *     run per stack, with `-target` lists from the gap table (test-bed/emulator-gaps.ts) when a
 *     resource type cannot be deployed to the emulator. Every step is timed.
 *
 * Used by the end-to-end tests (test/e2e/) and by `npm run demo` (test-bed/demo.ts).
 */
// The project runs on Node 20 (engines >= 20); the SDK's notice about its future Node 22 floor is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { ACMClient, RequestCertificateCommand } from '@aws-sdk/client-acm';
import { CopyImageCommand, CreateSubnetCommand, CreateTagsCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ChangeTagsForResourceCommand, CreateHostedZoneCommand, DeleteHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { ConfigError } from '../config/config-error';
import { loadEnvironmentFile, loadEnvironments, findEnvironmentFiles } from '../config/load-environments';
import { stackName, baselineIdentity } from '../config/resolve-environment';
import { EnvironmentFile, environmentFileSchema } from '../config/schema';
import { synthesizeEnvironments } from '../stacks/synthesize';
import { TerraformResult, WORK_DIR, terraformEnv } from '../tooling/terraform-cli';
import { EMULATED_PROVIDER_SETTINGS, EMULATOR_REGION, Emulator, emulatorEnv, logTail } from './emulator';
import { DeploymentTargets, deploymentTargets } from './emulator-gaps';

/** An image of moto's own catalogue; an AMI ID from real AWS is unknown to the emulator. */
export const EMULATOR_BASE_AMI = 'ami-1e749f67';
/** What the landing zone stores in the Opsgenie endpoint parameter: a URL that can never be reached. */
export const DUMMY_OPSGENIE_ENDPOINT = 'https://api.opsgenie.example/v1/json/cloudwatch?apiKey=emulated-not-a-key';
/** The name of the file that points a production-tier stack's provider at the emulator. */
export const EMULATOR_OVERRIDE_FILE = 'emulator_override.tf.json';

/**
 * The emulator's HTTP server now and then closes a kept-alive connection under a request; the
 * provider then reports one of these. Such a Terraform run is repeated once (apply, plan and destroy
 * converge); any other failure is reported as it is.
 */
const TRANSPORT_ERROR = /use of closed network connection|connection reset by peer|: EOF$/m;
const TERRAFORM_TIMEOUT_MS = 15 * 60_000;

/** AWS SDK v3 client settings for talking to the emulator directly (one attempt: a failure is a finding). */
export function sdkConfig(emulator: Emulator) {
  const env = emulatorEnv(emulator);
  return {
    endpoint: emulator.endpoint,
    region: EMULATOR_REGION,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! },
    maxAttempts: 1,
  };
}

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

// --- The landing zone -------------------------------------------------------------------------------

interface Subnet {
  id: string;
  availabilityZone: string;
}

/** IDs in the emulator that stand in for the IDs (and lookups) of the landing zone the files name. */
export interface LandingZone {
  accountId: string;
  /** Source VPC ID (or `lookup:<the lookup's tags>` for a network found by tag) → emulator VPC. */
  vpcs: Record<string, { vpcId: string; vpcCidr: string }>;
  /** Source subnet ID → emulator subnet ID. */
  subnets: Record<string, string>;
  /** Source hosted zone ID → emulator zone ID and the zone's name. */
  hostedZones: Record<string, { zoneId: string; name: string }>;
  /** Source certificate ARN → certificate ARN in the emulator. */
  certificates: Record<string, string>;
  /** `owner/namePattern` or an AMI ID from a file → image in the emulator (and its owner). */
  images: Record<string, { imageId: string; owner: string; name?: string }>;
  /** SecureString parameters created for the files (names only; the values are dummies). */
  parameters: string[];
}

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** The `index`-th subnet CIDR of a VPC CIDR: /24s in a /16, smaller ones in smaller VPCs. */
export function subnetCidr(vpcCidr: string, index: number): string {
  const [address, prefixText] = vpcCidr.split('/');
  const vpcPrefix = Number(prefixText);
  const prefix = Math.min(28, Math.max(24, vpcPrefix + 4));
  if (index >= 2 ** (prefix - vpcPrefix)) throw new Error(`no room for subnet #${index + 1} in ${vpcCidr} (/${prefix} subnets)`);
  const base = ipv4ToNumber(address) - (ipv4ToNumber(address) % 2 ** (32 - vpcPrefix));
  return `${numberToIpv4(base + index * 2 ** (32 - prefix))}/${prefix}`;
}

/** The longest DNS suffix (at least two labels) the names share: the zone they were validated in. */
export function commonZoneName(names: string[]): string {
  const labels = names.map((n) => n.replace(/^\*\./, '').split('.').reverse());
  const shared: string[] = [];
  for (let i = 0; labels.every((l) => i < l.length && l[i] === labels[0][i]); i++) shared.push(labels[0][i]);
  // A name is never its own zone's apex here unless every name is the same; keep at least two labels.
  if (shared.length < 2) throw new Error(`the names ${names.join(', ')} share no DNS zone (one hosted zone ID is used for all of them)`);
  return shared.reverse().join('.');
}

/** An image name that matches an AMI name pattern (`*` and `?` wildcards). */
export function nameMatching(pattern: string): string {
  return pattern.replace(/\*/g, 'emulated').replace(/\?/g, 'x');
}

function tagList(tags: Record<string, string>) {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/**
 * Creates, in the emulator, everything the environment files reference but do not create. Files that
 * name the same VPC, subnet, zone, image or parameter share one.
 */
export async function createLandingZone(emulator: Emulator, configs: EnvironmentFile[]): Promise<LandingZone> {
  const config = sdkConfig(emulator);
  const ec2 = new EC2Client(config);
  const ssm = new SSMClient(config);
  const route53 = new Route53Client(config);
  const acm = new ACMClient(config);
  const zone: LandingZone = { accountId: emulator.accountId, vpcs: {}, subnets: {}, hostedZones: {}, certificates: {}, images: {}, parameters: [] };
  try {
    const apps = configs.filter((c): c is Exclude<EnvironmentFile, { blueprint: 'account-baseline' }> => c.blueprint !== 'account-baseline');

    // Networks referenced by ID: one VPC per VPC ID, one subnet per subnet ID, in the zone the file names.
    const subnetCount = new Map<string, number>();
    for (const app of apps) {
      if ('lookup' in app.network) continue;
      const { vpcId, vpcCidr } = app.network;
      let vpc = zone.vpcs[vpcId];
      if (!vpc) {
        const created = await ec2.send(new CreateVpcCommand({ CidrBlock: vpcCidr, TagSpecifications: [{ ResourceType: 'vpc', Tags: tagList({ Name: `landing-zone ${vpcId}` }) }] }));
        vpc = zone.vpcs[vpcId] = { vpcId: created.Vpc!.VpcId!, vpcCidr };
      } else if (vpc.vpcCidr !== vpcCidr) {
        throw new Error(`${vpcId} is given as ${vpc.vpcCidr} in one file and ${vpcCidr} in another`);
      }
      for (const subnet of [...app.network.privateSubnets, ...(app.network.publicSubnets ?? [])]) {
        if (zone.subnets[subnet.id]) continue;
        const created = await ec2.send(
          new CreateSubnetCommand({
            VpcId: vpc.vpcId,
            CidrBlock: subnetCidr(vpcCidr, subnetCount.get(vpcId) ?? 0),
            AvailabilityZone: subnet.availabilityZone,
            TagSpecifications: [{ ResourceType: 'subnet', Tags: tagList({ Name: `landing-zone ${subnet.id}` }) }],
          }),
        );
        zone.subnets[subnet.id] = created.Subnet!.SubnetId!;
        subnetCount.set(vpcId, (subnetCount.get(vpcId) ?? 0) + 1);
      }
    }

    // Networks found by tag: a VPC and one subnet per zone carrying the tags the lookup asks for.
    let lookupIndex = 0;
    for (const app of apps) {
      if (!('lookup' in app.network)) continue;
      const { lookup } = app.network;
      const key = `lookup:${JSON.stringify(lookup)}`;
      if (zone.vpcs[key]) continue;
      const vpcCidr = `10.${200 + lookupIndex++}.0.0/16`;
      const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: vpcCidr, TagSpecifications: [{ ResourceType: 'vpc', Tags: tagList(lookup.vpcTags) }] }));
      zone.vpcs[key] = { vpcId: vpc.Vpc!.VpcId!, vpcCidr };
      const kinds = [lookup.privateSubnetTags, ...(lookup.publicSubnetTags ? [lookup.publicSubnetTags] : [])];
      let index = 0;
      for (const tags of kinds) {
        for (const availabilityZone of lookup.availabilityZones) {
          const subnet = await ec2.send(new CreateSubnetCommand({ VpcId: vpc.Vpc!.VpcId!, CidrBlock: subnetCidr(vpcCidr, index++), AvailabilityZone: availabilityZone }));
          await ec2.send(new CreateTagsCommand({ Resources: [subnet.Subnet!.SubnetId!], Tags: tagList(tags) }));
        }
      }
    }

    // Hosted zones: one per zone ID, named after what its certificates validate.
    const namesByZone = new Map<string, string[]>();
    for (const app of apps) {
      const cert = app.loadBalancer.certificate;
      if ('hostedZoneId' in cert) namesByZone.set(cert.hostedZoneId, [...(namesByZone.get(cert.hostedZoneId) ?? []), cert.domainName, ...(cert.subjectAlternativeNames ?? [])]);
    }
    for (const [sourceZoneId, names] of namesByZone) {
      const name = commonZoneName(names);
      zone.hostedZones[sourceZoneId] = { zoneId: await createHostedZone(route53, name, sourceZoneId), name };
    }

    // Certificates given by ARN: requested in the emulator, for a name under the app's own domain.
    for (const app of apps) {
      const cert = app.loadBalancer.certificate;
      if (!('arn' in cert) || zone.certificates[cert.arn]) continue;
      const requested = await acm.send(new RequestCertificateCommand({ DomainName: `${app.app}-${app.environment}.emulated.example`, ValidationMethod: 'DNS' }));
      zone.certificates[cert.arn] = requested.CertificateArn!;
    }

    // The hardened image: a copy of a moto image, owned by the emulator's account, named to match the lookup.
    for (const app of apps) {
      if (app.blueprint !== 'instance-app') continue;
      const ami = app.instanceApp.ami;
      if ('id' in ami) {
        zone.images[ami.id] ??= { imageId: EMULATOR_BASE_AMI, owner: 'amazon' };
        continue;
      }
      const key = `${ami.owner}/${ami.namePattern}`;
      if (zone.images[key]) continue;
      const name = nameMatching(ami.namePattern);
      const copied = await ec2.send(new CopyImageCommand({ SourceImageId: EMULATOR_BASE_AMI, SourceRegion: EMULATOR_REGION, Name: name }));
      zone.images[key] = { imageId: copied.ImageId!, owner: emulator.accountId, name };
    }

    // SSM parameters the stacks read at plan time (Opsgenie) or hand to ECS (app secrets), as SecureStrings.
    const parameters = new Map<string, string>();
    for (const app of apps) {
      if (app.alerting?.opsgenieEndpointParameter) parameters.set(app.alerting.opsgenieEndpointParameter, DUMMY_OPSGENIE_ENDPOINT);
      if (app.blueprint === 'container-app') {
        for (const service of app.containerApp.services) {
          for (const name of Object.values(service.secrets ?? {})) parameters.set(name, `emulated-${crypto.randomBytes(16).toString('hex')}`);
        }
      }
    }
    for (const [name, value] of [...parameters].sort()) {
      await ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: 'SecureString', Overwrite: true }));
      zone.parameters.push(name);
    }
    return zone;
  } finally {
    for (const client of [ec2, ssm, route53, acm]) client.destroy();
  }
}

/**
 * Route 53 zone IDs start with Z (the config schema checks that); moto draws all 22 characters at
 * random. Zones are created until one has a real-shaped ID and the others are deleted again; each
 * attempt succeeds with p = 1/36, so this takes ~36 calls of a few milliseconds.
 */
async function createHostedZone(route53: Route53Client, name: string, sourceZoneId: string): Promise<string> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const created = await route53.send(new CreateHostedZoneCommand({ Name: name, CallerReference: `landing-zone-${sourceZoneId}-${attempt}-${Date.now()}` }));
    const zoneId = created.HostedZone!.Id!.replace(/^\/hostedzone\//, '');
    if (/^Z[A-Z0-9]{4,32}$/.test(zoneId)) {
      await route53.send(new ChangeTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: zoneId, AddTags: [{ Key: 'Name', Value: `landing-zone ${sourceZoneId}` }] }));
      return zoneId;
    }
    await route53.send(new DeleteHostedZoneCommand({ Id: zoneId }));
  }
  throw new Error(`the emulator gave no hosted zone ID starting with Z in 1000 attempts (zone ${name})`);
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

/** cdktf's camelCase provider arguments as Terraform's snake_case ones. */
function snakeCase(settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
}

/**
 * A Terraform override file (merged into the stack's provider block by Terraform itself) with the
 * settings a provider needs against the emulator. Only for stacks that cannot carry `emulation`: the
 * endpoint itself comes from AWS_ENDPOINT_URL (emulatorEnv), the provider's allowed_account_ids stays.
 */
export function emulatorProviderOverride(): Record<string, unknown> {
  return { provider: { aws: [snakeCase(EMULATED_PROVIDER_SETTINGS)] } };
}

// --- Terraform ------------------------------------------------------------------------------------

export type TerraformStep = 'init' | 'apply' | 'plan' | 'plan-destroy' | 'destroy' | 'output';

export interface StepTiming {
  stack: string;
  step: TerraformStep;
  seconds: number;
  /** Resources the step covered (apply: in the -target list or the whole stack). */
  resources?: number;
}

/** A resource as `terraform show -json` reports it from the state. */
export interface StateResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** Attribute values as Terraform stores them (any shape the resource type has). */
  values: Record<string, any>;
}

/** One resource (or output) the plan would change, with the attributes that differ. */
export interface PlannedChange {
  address: string;
  actions: string[];
  attributes: string[];
}

export interface PlanSummary {
  /** terraform plan -detailed-exitcode: 0 no changes, 2 changes. */
  exitCode: 0 | 2;
  changes: PlannedChange[];
}

/** The parts of `terraform show -json <plan>` the summary reads. */
export interface PlanJson {
  resource_changes?: { address: string; mode: string; change: { actions: string[]; before: unknown; after: unknown; after_unknown?: unknown } }[];
  output_changes?: Record<string, { actions: string[] }>;
}

function changedAttributes(before: unknown, after: unknown, afterUnknown: unknown): string[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const u = (afterUnknown ?? {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => u[k] === true || JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .sort();
}

/** The changes of a `terraform show -json` plan, without no-ops. */
export function plannedChanges(plan: PlanJson): PlannedChange[] {
  const resources = (plan.resource_changes ?? [])
    .filter((c) => !c.change.actions.every((a) => a === 'no-op'))
    .map((c) => ({ address: c.address, actions: c.change.actions, attributes: changedAttributes(c.change.before, c.change.after, c.change.after_unknown) }));
  const outputs = Object.entries(plan.output_changes ?? {})
    .filter(([, c]) => !c.actions.every((a) => a === 'no-op'))
    .map(([name, c]) => ({ address: `output.${name}`, actions: c.actions, attributes: [] }));
  return [...resources, ...outputs];
}

/** runTerraform without blocking the event loop, so several stacks deploy at the same time. */
export function runTerraformAsync(cwd: string, args: string[], extraEnv: NodeJS.ProcessEnv, timeoutMs = TERRAFORM_TIMEOUT_MS): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [...args, '-no-color'], { cwd, env: terraformEnv(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${timeoutMs / 1000} s)`;
      child.kill('SIGTERM');
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`terraform ${args[0]} could not run: ${err.message}`));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? 1, stdout, stderr });
    });
  });
}

function countResources(stack: { resource?: Record<string, Record<string, unknown>> }): number {
  return Object.values(stack.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

/** One synthesized stack in its folder, with its local state, deployed to the emulator step by step. */
export class StackDeployment {
  readonly timings: StepTiming[] = [];
  /** Which resources go to the emulator: all, unless the gap table says some cannot. */
  readonly targets: DeploymentTargets;
  readonly resourceCount: number;
  private runs = 0;
  private stateCache?: { version: string; resources: StateResource[] };

  constructor(
    readonly name: string,
    readonly dir: string,
    readonly source: SourceEnvironment,
    readonly variant: EnvironmentFile,
    private readonly emulator: Emulator,
    private readonly log: (line: string) => void,
  ) {
    const stack = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
    this.targets = deploymentTargets(stack);
    this.resourceCount = countResources(stack);
  }

  /** The synthesized configuration (cdk.tf.json). */
  stackJson(): { resource?: Record<string, Record<string, Record<string, unknown>>>; output?: Record<string, unknown> } {
    return JSON.parse(fs.readFileSync(path.join(this.dir, 'cdk.tf.json'), 'utf8'));
  }

  get stateFile(): string {
    return path.join(this.dir, `terraform.${this.name}.tfstate`);
  }

  /**
   * Runs one Terraform command against the emulator, timed. A run that failed only on the emulator's
   * transport is repeated once; any other exit code not in `allowed` throws with Terraform's output
   * and the emulator log's tail.
   */
  async terraform(step: TerraformStep, args: string[], allowed: number[] = [0], resources?: number): Promise<TerraformResult> {
    const started = process.hrtime.bigint();
    const run = () => runTerraformAsync(this.dir, args, emulatorEnv(this.emulator));
    let res = await run();
    if (!allowed.includes(res.status) && TRANSPORT_ERROR.test(res.stderr)) {
      this.log(`${this.name}: terraform ${args[0]} hit a dropped emulator connection; running it once more`);
      res = await run();
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // Terraform's whole output, kept beside the stack for whoever needs more than the error's tail.
    const logFile = path.join(this.dir, 'logs', `${String(++this.runs).padStart(2, '0')}-${step}.log`);
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    fs.writeFileSync(logFile, `$ terraform ${args.join(' ')}\n# exit ${res.status} after ${seconds.toFixed(1)} s\n\n${res.stdout}\n${res.stderr}`);
    this.timings.push({ stack: this.name, step, seconds, ...(resources === undefined ? {} : { resources }) });
    if (!allowed.includes(res.status)) {
      throw new Error(
        `terraform ${args.join(' ')} exited ${res.status} for stack ${this.name} (full output: ${logFile})\n${res.stderr.trim()}\n` +
          `${res.stdout.slice(-4000)}\nemulator log ${this.emulator.logFile}:\n${logTail(this.emulator.logFile, 30)}`,
      );
    }
    return res;
  }

  async init(): Promise<void> {
    await this.terraform('init', ['init', '-input=false']);
  }

  /** `terraform apply`: the whole stack minus what the gap table excludes, or only `only` (with what it depends on). */
  async apply(only?: string[]): Promise<void> {
    const targetArgs = only ? only.map((a) => `-target=${a}`) : this.targets.targetArgs;
    const resources = only ? only.length : this.targets.deploy.length;
    this.log(`${this.name}: terraform apply (${only ? `${only.length} targeted resources and what they depend on` : `${resources} of ${this.resourceCount} resources`})`);
    await this.terraform('apply', ['apply', '-input=false', '-auto-approve', ...targetArgs], [0], resources);
  }

  /** `terraform plan -detailed-exitcode` over what apply deployed, with the changes it found. */
  async plan(): Promise<PlanSummary> {
    const planFile = `${this.name}.tfplan`;
    const res = await this.terraform('plan', ['plan', '-input=false', '-detailed-exitcode', `-out=${planFile}`, ...this.targets.targetArgs], [0, 2]);
    if (res.status === 0) return { exitCode: 0, changes: [] };
    const shown = await runTerraformAsync(this.dir, ['show', '-json', planFile], emulatorEnv(this.emulator));
    if (shown.status !== 0) throw new Error(`terraform show -json ${planFile} exited ${shown.status}: ${shown.stderr}`);
    return { exitCode: 2, changes: plannedChanges(JSON.parse(shown.stdout)) };
  }

  /** `terraform plan -destroy`; returns Terraform's result whatever it is (a refusal is what a test may want). */
  async planDestroy(): Promise<TerraformResult> {
    return this.terraform('plan-destroy', ['plan', '-input=false', '-destroy'], [0, 1, 2]);
  }

  async destroy(): Promise<void> {
    this.log(`${this.name}: terraform destroy`);
    await this.terraform('destroy', ['destroy', '-input=false', '-auto-approve', ...this.targets.targetArgs], [0], this.targets.deploy.length);
  }

  /** `terraform output -json`, as plain values. */
  async outputs(): Promise<Record<string, unknown>> {
    const res = await this.terraform('output', ['output', '-json']);
    const raw = JSON.parse(res.stdout || '{}') as Record<string, { value: unknown }>;
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.value]));
  }

  /**
   * The managed resources in the state (`terraform show -json`), with their attribute values; empty
   * once destroyed. Read again only when the state file changed: each `terraform show` loads the
   * provider's schema (seconds of CPU), and the checks read one unchanged state many times.
   */
  async state(): Promise<StateResource[]> {
    if (!fs.existsSync(this.stateFile)) return [];
    const { mtimeMs, size } = fs.statSync(this.stateFile);
    const version = `${mtimeMs}:${size}`;
    if (this.stateCache?.version !== version) {
      const res = await runTerraformAsync(this.dir, ['show', '-json'], emulatorEnv(this.emulator));
      if (res.status !== 0) throw new Error(`terraform show -json exited ${res.status} for ${this.name}: ${res.stderr}`);
      const shown = JSON.parse(res.stdout || '{}') as { values?: { root_module?: { resources?: StateResource[] } } };
      this.stateCache = { version, resources: (shown.values?.root_module?.resources ?? []).filter((r) => r.mode === 'managed') };
    }
    return structuredClone(this.stateCache.resources);
  }
}

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
  const sources = readEnvironmentFiles(options.environmentsDir).filter(options.select ?? isTestTier);
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
