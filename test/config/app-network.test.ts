/**
 * Every app blueprint goes through one network path: the same two forms (IDs or tag lookup), the same
 * validation with the same messages, the same resolved network and load-balancer ingress, and the same
 * secure-default warnings. Each case runs against a container-app and an instance-app file that differ
 * only in their blueprint-specific keys.
 */
import { loadEnvironments } from '../../config/load-environments';
import { formatOverrideWarning } from '../../config/tier-defaults';
import { containerAppConfig } from '../support/container-app-config';
import { writeEnvironments } from '../support/environment-dir';
import { configErrorLines } from '../support/config-errors';
import { instanceAppConfig } from '../support/instance-app-config';

type Json = Record<string, unknown>;
const blueprints: [string, (tier: 'test' | 'production', overrides: Json) => Json][] = [
  ['container-app', containerAppConfig],
  ['instance-app', instanceAppConfig],
];

const ids = containerAppConfig('test').network as Json;
const subnet = (n: number, zone: string) => ({ id: `subnet-0000000000000000${n}`, availabilityZone: `eu-central-1${zone}` });
const lookup = (keys: Json = {}) => ({
  lookup: { vpcTags: { Name: 'lz' }, privateSubnetTags: { Tier: 'private' }, publicSubnetTags: { Tier: 'public' }, availabilityZones: ['eu-central-1a', 'eu-central-1b'], ...keys },
});
const certificate = { arn: 'arn:aws:acm:eu-central-1:123456789012:certificate/abc' };

const cases: { name: string; overrides: Json; expect: RegExp[] }[] = [
  {
    name: 'private subnets in one zone',
    overrides: { network: { ...ids, privateSubnets: [subnet(1, 'a'), subnet(2, 'a')] } },
    expect: [/^env\.yaml:\d+: network\.privateSubnets: expected subnets in at least 2 availability zones, found 1$/],
  },
  {
    name: 'a subnet outside the region',
    overrides: { network: { ...ids, privateSubnets: [subnet(1, 'a'), { id: 'subnet-00000000000000002', availabilityZone: 'eu-west-1b' }] } },
    expect: [/^env\.yaml:\d+: network\.privateSubnets\[1\]\.availabilityZone: expected a zone of region eu-central-1, found eu-west-1b$/],
  },
  {
    name: 'a subnet listed twice',
    overrides: { network: { ...ids, publicSubnets: [subnet(1, 'a'), subnet(3, 'b')] } },
    expect: [/^env\.yaml:\d+: network: subnet subnet-00000000000000001 is listed twice$/],
  },
  {
    name: 'an internet-facing load balancer without public subnets',
    overrides: { network: { ...ids, publicSubnets: undefined } },
    expect: [/^env\.yaml:\d+: network\.publicSubnets: expected public subnets for an internet-facing load balancer, found none$/],
  },
  {
    name: 'a public subnet outside the region, named by its own list and index',
    overrides: { network: { ...ids, publicSubnets: [subnet(3, 'a'), { id: 'subnet-00000000000000004', availabilityZone: 'eu-west-1b' }] } },
    expect: [/^env\.yaml:\d+: network\.publicSubnets\[1\]\.availabilityZone: expected a zone of region eu-central-1, found eu-west-1b$/],
  },
  {
    name: 'public subnets in one zone',
    overrides: { network: { ...ids, publicSubnets: [subnet(3, 'a'), subnet(4, 'a')] } },
    expect: [/^env\.yaml:\d+: network\.publicSubnets: expected subnets in at least 2 availability zones, found 1$/],
  },
  {
    name: 'an internet-facing load balancer with an empty list of public subnets',
    overrides: { network: { ...ids, publicSubnets: [] } },
    expect: [/^env\.yaml:\d+: network\.publicSubnets: expected public subnets for an internet-facing load balancer, found none$/],
  },
  {
    name: 'a lookup in one zone',
    overrides: { network: lookup({ availabilityZones: ['eu-central-1a'] }) },
    expect: [/^env\.yaml:\d+: network\.lookup\.availabilityZones: expected at least 2 availability zones, found a list of 1$/],
  },
  {
    name: 'a lookup naming one zone twice',
    overrides: { network: lookup({ availabilityZones: ['eu-central-1a', 'eu-central-1a'] }) },
    expect: [/^env\.yaml:\d+: network\.lookup\.availabilityZones: expected at least 2 distinct availability zones, found 1$/],
  },
  {
    name: 'a lookup zone outside the region',
    overrides: { network: lookup({ availabilityZones: ['eu-central-1a', 'eu-west-1b'] }) },
    expect: [/^env\.yaml:\d+: network\.lookup\.availabilityZones\[1\]: expected a zone of region eu-central-1, found eu-west-1b$/],
  },
  {
    name: 'a lookup for an internet-facing load balancer without public subnet tags',
    overrides: { network: lookup({ publicSubnetTags: undefined }) },
    expect: [/^env\.yaml:\d+: network\.lookup\.publicSubnetTags: expected public subnet tags for an internet-facing load balancer, found none$/],
  },
  {
    name: 'a lookup for an internal load balancer without allowed CIDRs',
    overrides: { network: lookup(), loadBalancer: { scheme: 'internal', certificate } },
    expect: [/^env\.yaml:\d+: loadBalancer\.allowedIngressCidrs: expected the CIDRs allowed to reach an internal load balancer .*, found none$/],
  },
  {
    name: 'IDs and a lookup mixed',
    overrides: { network: { ...ids, lookup: lookup().lookup } },
    expect: [/^env\.yaml:\d+: network\.lookup: unknown key/],
  },
];

describe('one network path for every app blueprint', () => {
  // Loaded inside each test, not in the describe body: the mutation run (docs/MUTATION.md, run C) then
  // knows which tests reach which code, instead of running every test for every mutant.
  describe.each(cases)('rejects $name', ({ overrides, expect: patterns }) => {
    const linesOf = (blueprint: string) => configErrorLines(blueprints.find(([name]) => name === blueprint)![1]('test', overrides));

    it.each(blueprints.map(([name]) => name))('in %s', (name) => {
      const lines = linesOf(name);
      expect(lines).toHaveLength(patterns.length);
      for (const pattern of patterns) expect(lines).toContainEqual(expect.stringMatching(pattern));
    });

    it('with the same message and line for both', () => {
      expect(linesOf('container-app')).toEqual(linesOf('instance-app'));
    });
  });

  const resolved = (tier: 'test' | 'production', overrides: Json) => {
    const files = Object.fromEntries(blueprints.map(([name, config]) => [name, config(tier, { environment: name, ...overrides })]));
    const dir = writeEnvironments(files);
    return Object.fromEntries(loadEnvironments(dir, dir).map((l) => [l.file.replace(/\.yaml$/, ''), l]));
  };

  it.each([
    ['by ID', { network: ids }, { kind: 'ids', ...ids }],
    ['by tag', { network: lookup() }, { kind: 'lookup', ...lookup().lookup }],
  ])('resolves a network given %s the same for both', (_, overrides, network) => {
    const envs = resolved('test', overrides);
    for (const [name] of blueprints) {
      const env = envs[name].environment;
      if (env.blueprint === 'account-baseline') throw new Error('expected an app environment');
      expect(env.network).toEqual(network);
    }
  });

  it.each([
    ['by ID, the VPC CIDR', { network: ids }, ['10.0.0.0/16']],
    ['by tag, the configured CIDRs', { network: lookup(), loadBalancer: { scheme: 'internal', certificate, allowedIngressCidrs: ['10.8.0.0/16'] } }, ['10.8.0.0/16']],
  ])('opens an internal load balancer in a network %s, for both', (_, overrides, cidrs) => {
    const envs = resolved('test', { loadBalancer: { scheme: 'internal', certificate }, ...overrides });
    for (const [name] of blueprints) {
      const env = envs[name].environment;
      if (env.blueprint === 'account-baseline' || env.blueprint === 'observability') throw new Error('expected an app environment');
      expect(env.loadBalancer.allowedIngressCidrs).toEqual(cidrs);
    }
  });

  it('warns the same way for both when a shared secure default is weakened', () => {
    const envs = resolved('production', {
      network: lookup(),
      loadBalancer: { certificate, deletionProtection: false },
      database: { multiAz: false },
      logs: { retentionDays: 30 },
    });
    const warnings = (name: string) => envs[name].overrides.map((o) => formatOverrideWarning({ ...o, file: 'env.yaml' }));
    expect(warnings('container-app')).toEqual([
      'WARNING env.yaml: logs.retentionDays = 30 weakens the production default (365)',
      'WARNING env.yaml: loadBalancer.deletionProtection = false weakens the production default (true)',
      'WARNING env.yaml: database.multiAz = false weakens the production default (true)',
    ]);
    expect(warnings('instance-app')).toEqual(warnings('container-app'));
  });
});
