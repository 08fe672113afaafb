/**
 * The pure parts of a deployment to the emulator: how an environment file is rewritten for it
 * (test-bed/landing-zone.ts, test-bed/emulator-variants.ts), and how a plan's changes are summarized
 * (test-bed/stack-deployment.ts). The deployment itself is in test/e2e/.
 */
import { EnvironmentFile, environmentFileSchema } from '../../config/schema';
import { Emulator } from '../../test-bed/emulator';
import { emulatorProviderOverride, emulatorVariant } from '../../test-bed/emulator-variants';
import { LandingZone, commonZoneName, nameMatching, subnetCidr } from '../../test-bed/landing-zone';
import { plannedChanges } from '../../test-bed/stack-deployment';
import { instanceAppConfig, withInstanceApp } from '../support/instance-app-config';
import { containerAppConfig } from '../support/container-app-config';

const emulator = { endpoint: 'http://127.0.0.1:5555', accountId: '123456789012' } as Emulator;

/** The landing zone createLandingZone would have made for the example configs. */
const zone: LandingZone = {
  accountId: '123456789012',
  vpcs: { 'vpc-0123456789abcdef0': { vpcId: 'vpc-11111111', vpcCidr: '10.0.0.0/16' } },
  subnets: {
    'subnet-00000000000000001': 'subnet-aaaaaaa1',
    'subnet-00000000000000002': 'subnet-aaaaaaa2',
    'subnet-00000000000000011': 'subnet-bbbbbbb1',
    'subnet-00000000000000012': 'subnet-bbbbbbb2',
  },
  hostedZones: {},
  certificates: { 'arn:aws:acm:eu-central-1:123456789012:certificate/abc': 'arn:aws:acm:eu-central-1:123456789012:certificate/emulated' },
  images: {
    'ami-0123456789abcdef0': { imageId: 'ami-1e749f67', owner: 'amazon' },
    '333333333333/hardened-*': { imageId: 'ami-22222222', owner: '123456789012', name: 'hardened-emulated' },
  },
  parameters: [],
  logDestinations: ['arn:aws:logs:eu-central-1:210987654321:destination:central-logs'],
};

const parse = (config: Record<string, unknown>): EnvironmentFile => environmentFileSchema.parse(config);

describe('emulator variants of environment files', () => {
  it('points a test-tier file at the emulator, in its account and landing zone, with local state', () => {
    const source = parse(containerAppConfig('test', { account: '111111111111', backend: { s3: { bucket: 'state-bucket' } } }));
    const variant = emulatorVariant(source, zone, emulator);
    expect(variant).toMatchObject({
      account: '123456789012',
      emulation: { endpoint: emulator.endpoint },
      backend: { local: {} },
      network: {
        vpcId: 'vpc-11111111',
        privateSubnets: [
          { id: 'subnet-aaaaaaa1', availabilityZone: 'eu-central-1a' },
          { id: 'subnet-aaaaaaa2', availabilityZone: 'eu-central-1b' },
        ],
        publicSubnets: [
          { id: 'subnet-bbbbbbb1', availabilityZone: 'eu-central-1a' },
          { id: 'subnet-bbbbbbb2', availabilityZone: 'eu-central-1b' },
        ],
      },
      loadBalancer: { certificate: { arn: 'arn:aws:acm:eu-central-1:123456789012:certificate/emulated' } },
    });
    // What the stack itself creates is left as written.
    expect((variant as { containerApp: unknown }).containerApp).toEqual((source as { containerApp: unknown }).containerApp);
    // The source is not changed.
    expect(source.account).toBe('111111111111');
    // And the variant is still a valid file.
    expect(() => environmentFileSchema.parse(variant)).not.toThrow();
  });

  it("keeps the central log destination's ARN: the landing zone made it there, in the operations account", () => {
    const central = { destinationArn: zone.logDestinations[0], filterPattern: 'ERROR' };
    const variant = emulatorVariant(parse(containerAppConfig('test', { logs: { central } })), zone, emulator);
    expect(variant.logs?.central).toEqual(central);
  });

  it('keeps a production-tier file free of the emulation switch (the production tier rejects it)', () => {
    const variant = emulatorVariant(parse(instanceAppConfig('production')), zone, emulator);
    expect(variant.emulation).toBeUndefined();
    expect(variant.tier).toBe('production');
    expect((variant as { instanceApp: { ami: unknown } }).instanceApp.ami).toEqual({ id: 'ami-1e749f67' });
  });

  it('keeps an image lookup a lookup, owned by the emulator account', () => {
    const variant = emulatorVariant(parse(withInstanceApp('test', { ami: { owner: '333333333333', namePattern: 'hardened-*' } })), zone, emulator);
    expect((variant as { instanceApp: { ami: unknown } }).instanceApp.ami).toEqual({ owner: '123456789012', namePattern: 'hardened-*' });
  });

  it('names what has no counterpart in the landing zone', () => {
    const source = parse(containerAppConfig('test', { network: { ...(containerAppConfig().network as object), vpcId: 'vpc-0999999999abcdef0' } }));
    expect(() => emulatorVariant(source, zone, emulator)).toThrow(/VPC vpc-0999999999abcdef0 has no counterpart in the emulator's landing zone/);
  });

  it('gives the production provider only the emulator settings, as a Terraform override', () => {
    expect(emulatorProviderOverride()).toEqual({
      provider: { aws: [{ skip_credentials_validation: true, skip_metadata_api_check: 'true', s3_use_path_style: true, max_retries: 2 }] },
    });
  });
});

describe('landing-zone helpers', () => {
  it('carves subnets out of the VPC range', () => {
    expect([0, 1, 3].map((i) => subnetCidr('10.20.0.0/16', i))).toEqual(['10.20.0.0/24', '10.20.1.0/24', '10.20.3.0/24']);
    expect(subnetCidr('10.0.0.0/22', 2)).toBe('10.0.0.128/26');
    expect(() => subnetCidr('10.0.0.0/24', 16)).toThrow(/no room for subnet #17/);
  });

  it('finds the zone certificate names share, and an image name a pattern matches', () => {
    expect(commonZoneName(['tma-test.example.com', 'docs.tma-test.example.com', 'workshop-test.example.com'])).toBe('example.com');
    expect(commonZoneName(['*.app.example.org', 'app.example.org'])).toBe('app.example.org');
    expect(() => commonZoneName(['a.example.com', 'b.example.org'])).toThrow(/share no DNS zone/);
    expect(nameMatching('hardened-al2023-x86_64-*')).toBe('hardened-al2023-x86_64-emulated');
  });
});

describe('plan summaries', () => {
  it('lists changed resources and outputs with the attributes that differ, and nothing for no-ops', () => {
    const changes = plannedChanges({
      resource_changes: [
        { address: 'aws_instance.a', mode: 'managed', change: { actions: ['no-op'], before: { ami: 'x' }, after: { ami: 'x' } } },
        {
          address: 'aws_instance.b',
          mode: 'managed',
          change: { actions: ['update'], before: { ami: 'x', vpc_security_group_ids: [] }, after: { ami: 'x', vpc_security_group_ids: ['sg-1'] }, after_unknown: {} },
        },
        { address: 'aws_db_instance.c', mode: 'managed', change: { actions: ['delete', 'create'], before: { id: 'db-1' }, after: { id: null }, after_unknown: { id: true } } },
      ],
      output_changes: { url: { actions: ['update'] }, same: { actions: ['no-op'] } },
    });
    expect(changes).toEqual([
      { address: 'aws_instance.b', actions: ['update'], attributes: ['vpc_security_group_ids'] },
      { address: 'aws_db_instance.c', actions: ['delete', 'create'], attributes: ['id'] },
      { address: 'output.url', actions: ['update'], attributes: [] },
    ]);
  });
});
