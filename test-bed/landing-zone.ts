/**
 * The landing zone in the emulator: what the environment files reference but do not create, made
 * with the AWS SDK as the platform team's landing zone would have it — a VPC per referenced VPC with a
 * subnet per referenced subnet in the same zone (or tagged ones for a network found by tag), a hosted
 * zone per referenced zone ID, the hardened image, the Opsgenie endpoint and app secrets as
 * SecureString parameters, a certificate per ARN, and the central log store's CloudWatch Logs destination
 * in its own (operations) account. Step 1 of a deployment (test-bed/deploy.ts).
 */
// The project runs on Node 20 (engines >= 20); the SDK's notice about its future Node 22 floor is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { ACMClient, RequestCertificateCommand } from '@aws-sdk/client-acm';
import { CloudWatchLogsClient, PutDestinationCommand, PutDestinationPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CopyImageCommand, CreateSubnetCommand, CreateTagsCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ChangeTagsForResourceCommand, CreateHostedZoneCommand, DeleteHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import * as crypto from 'crypto';
import { EnvironmentFile } from '../config/schema';
import { EMULATOR_BASE_AMI, EMULATOR_REGION, Emulator, sdkConfig } from './emulator';

/** What the landing zone stores in the Opsgenie endpoint parameter: a URL that can never be reached. */
export const DUMMY_OPSGENIE_ENDPOINT = 'https://api.opsgenie.example/v1/json/cloudwatch?apiKey=emulated-not-a-key';

export interface Subnet {
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
  /** CloudWatch Logs destinations the files subscribe to (`logs.central`), created at the ARN they name. */
  logDestinations: string[];
}

/** A CloudWatch Logs client acting in another account of the emulator (moto serves the account this header names). */
export function logsClientIn(emulator: Emulator, accountId: string): CloudWatchLogsClient {
  const client = new CloudWatchLogsClient(sdkConfig(emulator));
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-moto-account-id'] = accountId;
      return next(args);
    },
    { step: 'build', name: 'emulatorAccount' },
  );
  return client;
}

/**
 * The central log store's destination as the `observability` stack would have it: in the account and
 * region its ARN names, with an access policy that lets the emulator's account subscribe. Its target
 * (a Firehose stream of that stack) is named but not created: what subscribes here is the destination.
 */
export async function createLogsDestination(emulator: Emulator, destinationArn: string): Promise<void> {
  const [, , , region, account, , name] = destinationArn.split(':');
  if (region !== EMULATOR_REGION) throw new Error(`${destinationArn}: the emulator's landing zone is built in ${EMULATOR_REGION}`);
  const logs = logsClientIn(emulator, account);
  try {
    await logs.send(
      new PutDestinationCommand({
        destinationName: name,
        targetArn: `arn:aws:firehose:${region}:${account}:deliverystream/${name}`,
        roleArn: `arn:aws:iam::${account}:role/${name}-delivery`,
      }),
    );
    const accessPolicy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: emulator.accountId }, Action: 'logs:PutSubscriptionFilter', Resource: destinationArn }],
    };
    await logs.send(new PutDestinationPolicyCommand({ destinationName: name, accessPolicy: JSON.stringify(accessPolicy) }));
  } finally {
    logs.destroy();
  }
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
  const zone: LandingZone = { accountId: emulator.accountId, vpcs: {}, subnets: {}, hostedZones: {}, certificates: {}, images: {}, parameters: [], logDestinations: [] };
  try {
    // Everything placed into the landing-zone network: the apps and the observability environments.
    const placed = configs.filter((c): c is Exclude<EnvironmentFile, { blueprint: 'account-baseline' }> => c.blueprint !== 'account-baseline');
    const apps = placed.filter((c): c is Extract<EnvironmentFile, { blueprint: 'container-app' | 'instance-app' }> => c.blueprint !== 'observability');

    // Networks referenced by ID: one VPC per VPC ID, one subnet per subnet ID, in the zone the file names.
    const subnetCount = new Map<string, number>();
    for (const app of placed) {
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
    for (const app of placed) {
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
    for (const config of configs) {
      if (config.alerting?.opsgenieEndpointParameter) parameters.set(config.alerting.opsgenieEndpointParameter, DUMMY_OPSGENIE_ENDPOINT);
    }
    for (const app of apps) {
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

    // The central log store's destination every `logs.central` names, once each.
    for (const arn of [...new Set(configs.flatMap((c) => (c.logs?.central ? [c.logs.central.destinationArn] : [])))].sort()) {
      await createLogsDestination(emulator, arn);
      zone.logDestinations.push(arn);
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
