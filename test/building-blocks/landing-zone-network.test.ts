/**
 * The landing-zone network on its own: it reads a VPC the central team owns (by IDs or by tags) and never
 * creates one, places one instance per zone, and keeps a load balancer out of public subnets unless it
 * faces the internet.
 */
import { TerraformOutput } from 'cdktf';
import { LandingZoneNetwork } from '../../blueprints/building-blocks/landing-zone-network';
import { ResolvedNetwork } from '../../config/resolve-environment';
import { allOf, refTo, resource, synthBlock } from '../support/building-block-synth';

const BY_IDS: ResolvedNetwork = {
  kind: 'ids',
  vpcId: 'vpc-0123456789abcdef0',
  vpcCidr: '10.0.0.0/16',
  // Out of zone order, with two subnets in zone b: placement must still be one per zone, in zone order.
  privateSubnets: [
    { id: 'subnet-b1', availabilityZone: 'eu-central-1b' },
    { id: 'subnet-a1', availabilityZone: 'eu-central-1a' },
    { id: 'subnet-b2', availabilityZone: 'eu-central-1b' },
  ],
  publicSubnets: [
    { id: 'subnet-pa', availabilityZone: 'eu-central-1a' },
    { id: 'subnet-pb', availabilityZone: 'eu-central-1b' },
  ],
};

const BY_TAGS: ResolvedNetwork = {
  kind: 'lookup',
  vpcTags: { 'lz:vpc': 'workloads' },
  privateSubnetTags: { 'lz:tier': 'private' },
  publicSubnetTags: { 'lz:tier': 'public' },
  availabilityZones: ['eu-central-1b', 'eu-central-1a'],
};

/** Synthesizes the network and writes what the blueprints read from it as outputs, to assert on. */
function synthNetwork(network: ResolvedNetwork) {
  return synthBlock((scope) => {
    const lz = new LandingZoneNetwork(scope, 'network', { network });
    new TerraformOutput(scope, 'vpc', { value: lz.vpcId });
    new TerraformOutput(scope, 'placement', { value: lz.placementSubnets });
    new TerraformOutput(scope, 'private', { value: lz.privateSubnetIds });
    new TerraformOutput(scope, 'internet-facing', { value: lz.loadBalancerSubnetIds('internet-facing') });
    new TerraformOutput(scope, 'internal', { value: lz.loadBalancerSubnetIds('internal') });
  });
}

const outputOf = (json: ReturnType<typeof synthNetwork>, name: string) => (json.output as Record<string, { value: unknown }>)[name].value;

describe('LandingZoneNetwork given IDs', () => {
  const json = synthNetwork(BY_IDS);

  it('creates nothing and reads nothing: the IDs are the landing zone’s', () => {
    expect(json.resource ?? {}).toEqual({});
    expect(json.data ?? {}).toEqual({});
    expect(outputOf(json, 'vpc')).toBe('vpc-0123456789abcdef0');
  });

  it('places one instance per zone, in zone order, on the first subnet listed for that zone', () => {
    expect(outputOf(json, 'placement')).toEqual([
      { id: 'subnet-a1', availabilityZone: 'eu-central-1a' },
      { id: 'subnet-b1', availabilityZone: 'eu-central-1b' },
    ]);
  });

  it('gives every private subnet to the database and internal load balancer', () => {
    expect(outputOf(json, 'private')).toEqual(['subnet-b1', 'subnet-a1', 'subnet-b2']);
    expect(outputOf(json, 'internal')).toEqual(['subnet-b1', 'subnet-a1', 'subnet-b2']);
  });

  it('puts only an internet-facing load balancer into the public subnets', () => {
    expect(outputOf(json, 'internet-facing')).toEqual(['subnet-pa', 'subnet-pb']);
  });
});

describe('LandingZoneNetwork given tags', () => {
  const json = synthNetwork(BY_TAGS);
  const vpc = refTo(json, 'aws_vpc', 'network_vpc', 'id', 'data');

  it('reads the VPC by its tags and never creates one', () => {
    expect(json.resource ?? {}).toEqual({});
    expect(resource(json, 'aws_vpc', 'network_vpc', 'data')).toEqual({ tags: { 'lz:vpc': 'workloads' } });
    expect(outputOf(json, 'vpc')).toBe(vpc);
  });

  it('reads exactly one private and one public subnet per zone, inside that VPC, by tags', () => {
    const subnets = allOf(json, 'aws_subnet', 'data');
    expect(Object.keys(subnets).sort()).toEqual([
      'network_private-eu-central-1a',
      'network_private-eu-central-1b',
      'network_public-eu-central-1a',
      'network_public-eu-central-1b',
    ]);
    expect(subnets['network_private-eu-central-1a']).toEqual({ vpc_id: vpc, availability_zone: 'eu-central-1a', tags: { 'lz:tier': 'private' } });
    expect(subnets['network_public-eu-central-1b']).toEqual({ vpc_id: vpc, availability_zone: 'eu-central-1b', tags: { 'lz:tier': 'public' } });
  });

  it('places in zone order whatever order the zones were written in', () => {
    expect(outputOf(json, 'placement')).toEqual([
      { id: refTo(json, 'aws_subnet', 'network_private-eu-central-1a', 'id', 'data'), availabilityZone: 'eu-central-1a' },
      { id: refTo(json, 'aws_subnet', 'network_private-eu-central-1b', 'id', 'data'), availabilityZone: 'eu-central-1b' },
    ]);
  });

  it('keeps an internal load balancer in the private subnets', () => {
    expect(outputOf(json, 'internal')).toEqual(outputOf(json, 'private'));
    expect(outputOf(json, 'internet-facing')).toEqual([
      refTo(json, 'aws_subnet', 'network_public-eu-central-1a', 'id', 'data'),
      refTo(json, 'aws_subnet', 'network_public-eu-central-1b', 'id', 'data'),
    ]);
  });

  it('has no public subnets to offer when the landing zone names none', () => {
    const { publicSubnetTags: _none, ...privateOnly } = BY_TAGS as Extract<ResolvedNetwork, { kind: 'lookup' }>;
    const json2 = synthNetwork({ ...privateOnly, kind: 'lookup' } as ResolvedNetwork);
    expect(outputOf(json2, 'internet-facing')).toEqual([]);
    expect(Object.keys(allOf(json2, 'aws_subnet', 'data')).filter((k) => k.includes('public'))).toEqual([]);
  });
});
