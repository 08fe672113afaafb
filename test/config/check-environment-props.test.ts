/**
 * The rules that span several keys (config/check-environment-props.ts), each on its own, in process:
 * one line per problem, naming the file, the line and the key path to change, and what was expected.
 * The network rules shared by both app blueprints are in app-network.test.ts, the keys of adopted
 * environments in adopted-keys.test.ts, the account baseline's in test/account-baseline.
 */
import { checkPipelineRoleProps } from '../../config/check-environment-props';
import { EnvironmentFile } from '../../config/schema';
import { accountBaselineConfig } from '../support/account-baseline-config';
import { expectConfigErrors, MalformedCase } from '../support/config-errors';
import { containerAppConfig } from '../support/container-app-config';
import { instanceAppConfig, withInstanceApp } from '../support/instance-app-config';
import { observabilityConfig } from '../support/observability-config';

const base = containerAppConfig('test');
const [web] = (base.containerApp as { services: Record<string, unknown>[] }).services;
const withServices = (...services: Record<string, unknown>[]) => ({ ...base, containerApp: { services } });
const withWeb = (keys: Record<string, unknown>) => withServices({ ...web, ...keys });
const api = { ...web, name: 'api', routing: { priority: 20, hostHeaders: ['api.shop.example.com'] } };
const volume = (name: string, path: string) => ({ name, path, uid: 33, gid: 33 });
const twoZones = observabilityConfig().network as { privateSubnets: unknown[] };
const kmsKeyIn = (region: string) => ({ kmsKey: { existingKeyArn: `arn:aws:kms:${region}:123456789012:key/0b1e2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d` } });
// A zone with two private subnets, so a wrong pin lists both of the zone's subnets.
const threePrivateSubnets = {
  ...(base.network as object),
  privateSubnets: [
    { id: 'subnet-00000000000000001', availabilityZone: 'eu-central-1a' },
    { id: 'subnet-00000000000000003', availabilityZone: 'eu-central-1a' },
    { id: 'subnet-00000000000000002', availabilityZone: 'eu-central-1b' },
  ],
};
const PREVIOUS_GENERATION = ['t1', 't2', 'm1', 'm2', 'm3', 'c1', 'c3', 'cc2', 'cr1', 'r3', 'i2', 'g2', 'hi1', 'hs1'];
const at = (line: string) => new RegExp(`^env\\.yaml:\\d+: ${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

const cases: MalformedCase[] = [
  // --- any blueprint ---
  {
    name: 'an emulator endpoint in a production file',
    file: { ...containerAppConfig('production'), emulation: { endpoint: 'http://127.0.0.1:5000' } },
    expect: [at('emulation: an emulator endpoint override is for local test environments only; remove it from the production tier')],
  },
  {
    name: 'a pipeline role in another account',
    file: { ...base, pipelineRoles: { deploy: 'arn:aws:iam::123456789012:role/deploy', plan: 'arn:aws:iam::210987654321:role/plan' } },
    expect: [at("pipelineRoles.plan: expected a role in the stack's account 123456789012, found one in 210987654321")],
  },
  {
    name: 'an existing KMS key outside the default region (no region key: eu-central-1)',
    file: { ...base, ...kmsKeyIn('eu-west-1') },
    expect: [at("kmsKey.existingKeyArn: expected a key in the environment's region eu-central-1 (EBS, RDS and CloudWatch Logs use keys of their own region), found one in eu-west-1")],
  },
  // --- databases ---
  {
    name: 'a storage ceiling below the allocated storage',
    file: { ...base, database: { allocatedStorageGiB: 100, maxAllocatedStorageGiB: 50 } },
    expect: [at('database.maxAllocatedStorageGiB: expected at least allocatedStorageGiB (100), found 50')],
  },
  {
    name: 'a MySQL version without its minor',
    file: { ...base, database: { engine: 'mysql', engineVersion: '8' } },
    expect: [at('database.engineVersion: expected a MySQL major.minor version such as 8.0, found "8"')],
  },
  {
    name: 'a further database named like a reserved word',
    file: { ...withWeb({ database: 'primary' }), databases: { none: { engine: 'mysql', engineVersion: '8.0' } } },
    expect: [at('databases.none: "none" is reserved (service.database: primary | none); choose another name')],
  },
  {
    name: 'a further database with the storage ceiling below, named by its key path',
    file: { ...withWeb({ database: 'reports' }), databases: { reports: { allocatedStorageGiB: 40, maxAllocatedStorageGiB: 20 } } },
    expect: [at('databases.reports.maxAllocatedStorageGiB: expected at least allocatedStorageGiB (40), found 20')],
  },
  {
    name: 'usesDatabase and database together',
    file: withWeb({ usesDatabase: true, database: 'primary' }),
    expect: [at('containerApp.services[0].usesDatabase: either usesDatabase or database, found both; database: none replaces usesDatabase: false')],
  },
  {
    name: 'a database that the file does not define',
    file: { ...withWeb({ database: 'reprts' }), databases: { reports: {} } },
    expect: [at('containerApp.services[0].database: expected one of primary, none, reports, found "reprts"')],
  },
  {
    name: 'variable names for no database (database: none)',
    file: withWeb({ database: 'none', databaseVariables: { host: 'DB_HOST' } }),
    expect: [at('containerApp.services[0].databaseVariables: variable names for a database the service does not use; remove them or name its database')],
  },
  {
    name: 'variable names for no database (usesDatabase: false)',
    file: withWeb({ usesDatabase: false, databaseVariables: { host: 'DB_HOST' } }),
    expect: [at('containerApp.services[0].databaseVariables: variable names for a database the service does not use; remove them or name its database')],
  },
  {
    name: 'variable names for no database, beside database and usesDatabase both set',
    file: withWeb({ database: 'none', usesDatabase: true, databaseVariables: { host: 'DB_HOST' } }),
    expect: [
      at('containerApp.services[0].usesDatabase: either usesDatabase or database, found both; database: none replaces usesDatabase: false'),
      at('containerApp.services[0].databaseVariables: variable names for a database the service does not use; remove them or name its database'),
    ],
  },
  {
    // database wins over usesDatabase: a named database with usesDatabase: false still has variables to name.
    name: 'usesDatabase: false beside a named database (only the "both" line)',
    file: withWeb({ database: 'primary', usesDatabase: false, databaseVariables: { host: 'DB_HOST' } }),
    expect: [at('containerApp.services[0].usesDatabase: either usesDatabase or database, found both; database: none replaces usesDatabase: false')],
  },
  // --- services ---
  {
    name: 'two volumes of one name, one of them also a scratch path',
    file: withWeb({ persistentVolumes: [volume('data', '/data'), volume('data', '/tmp')] }),
    expect: [
      at('containerApp.services[0].persistentVolumes[1].name: expected a unique volume name, found "data" again (also persistentVolumes[0])'),
      at('containerApp.services[0].persistentVolumes[1].path: expected a path that is not also a writable scratch path, found /tmp in both'),
    ],
  },
  {
    name: 'two services of one name and one priority',
    file: withServices(web, { ...web, routing: { priority: 10, hostHeaders: ['api.shop.example.com'] } }),
    expect: [
      at('containerApp.services[1].name: expected a unique service name, found "web" again (also services[0])'),
      at('containerApp.services[1].routing.priority: expected a unique listener rule priority, found 10 again (also services[0])'),
    ],
  },
  {
    name: 'autoscaling with more minimum than maximum tasks',
    file: withServices(web, { ...api, autoscaling: { minCapacity: 4, maxCapacity: 3 } }),
    expect: [at('containerApp.services[1].autoscaling.minCapacity: expected at most maxCapacity (3), found 4')],
  },
  {
    name: 'writable paths on a writable root filesystem',
    file: withWeb({ readonlyRootFilesystem: false, writablePaths: ['/tmp', '/var/cache'] }),
    expect: [
      at('containerApp.services[0].writablePaths[0]: writable paths only make sense with a read-only root filesystem, found /tmp with readonlyRootFilesystem: false'),
      at('containerApp.services[0].writablePaths[1]: writable paths only make sense with a read-only root filesystem, found /var/cache with readonlyRootFilesystem: false'),
    ],
  },
  {
    name: 'a health-check interval no longer than the default timeout (5 s)',
    file: withWeb({ targetGroup: { healthCheck: { intervalSeconds: 5 } } }),
    expect: [at('containerApp.services[0].targetGroup.healthCheck.intervalSeconds: expected a health-check timeout shorter than the interval (5 s), found 5 s')],
  },
  {
    name: 'a health-check timeout no shorter than the default interval (15 s)',
    file: withWeb({ targetGroup: { healthCheck: { timeoutSeconds: 15 } } }),
    expect: [at('containerApp.services[0].targetGroup.healthCheck.timeoutSeconds: expected a health-check timeout shorter than the interval (15 s), found 15 s')],
  },
  // --- instance app ---
  {
    name: 'a previous-generation instance type',
    file: withInstanceApp('test', { instanceType: 't2.micro' }),
    expect: [at('instanceApp.instanceType: expected a current-generation instance type that supports EBS optimization (e.g. t3, m6i), found t2.micro')],
  },
  {
    name: 'an instance pinned to a subnet of its zone that is not one, with the zone\'s subnets listed',
    file: withInstanceApp('test', { instances: [{ availabilityZone: 'eu-central-1a', subnetId: 'subnet-00000000000000002' }] }, { network: threePrivateSubnets }),
    expect: [at('instanceApp.instances[0].subnetId: expected a private subnet of eu-central-1a (subnet-00000000000000001, subnet-00000000000000003), found subnet-00000000000000002')],
  },
  {
    name: 'the data volume mounted on /',
    file: withInstanceApp('test', { dataVolume: { sizeGiB: 50, mountPath: '/' } }),
    expect: [at('instanceApp.dataVolume.mountPath: expected a mount point other than the root filesystem, found /')],
  },
  {
    name: 'two log files of one name',
    file: withInstanceApp('test', { logFiles: [{ path: '/var/log/erp/app.log', name: 'app' }, { path: '/var/log/erp/other.log', name: 'app' }] }),
    expect: [at('instanceApp.logFiles[1].name: expected a unique log name, found "app" again (also logFiles[0])')],
  },
  {
    name: 'an approval delay on Ubuntu',
    file: withInstanceApp('test', { operatingSystem: 'UBUNTU' }, { patching: { approveAfterDays: 3 } }),
    expect: [at('patching.approveAfterDays: Patch Manager cannot delay approval on UBUNTU (no patch release dates); remove it, the schedule alone staggers the tiers')],
  },
  {
    name: 'a database of the instance app with the storage ceiling below',
    file: instanceAppConfig('test', { database: { allocatedStorageGiB: 30, maxAllocatedStorageGiB: 20 } }),
    expect: [at('database.maxAllocatedStorageGiB: expected at least allocatedStorageGiB (30), found 20')],
  },
  // --- observability ---
  {
    name: 'an observability stack subscribed to a central store',
    file: observabilityConfig('test', { logs: { central: { destinationArn: 'arn:aws:logs:eu-central-1:210987654321:destination:central-logs' } } }),
    expect: [at('logs.central: an observability stack is the central log store; its own log groups are not subscribed anywhere, remove logs.central')],
  },
  {
    name: 'more OpenSearch zones than the subnets cover, and nodes that do not split over them',
    file: observabilityConfig('production', {
      network: { ...twoZones, privateSubnets: twoZones.privateSubnets.slice(0, 2) },
      openSearch: { ...(observabilityConfig().openSearch as object), zoneCount: 3, instanceCount: 4 },
    }),
    expect: [
      at('openSearch.zoneCount: expected at most as many zones as the private subnets cover (2), found 3'),
      at('openSearch.instanceCount: expected a multiple of zoneCount (3), so every zone holds as many data nodes, found 4'),
    ],
  },
  {
    name: "the tier's node count that does not split over the zones set",
    file: observabilityConfig('production', { openSearch: { ...(observabilityConfig().openSearch as object), zoneCount: 2 } }),
    expect: [at('openSearch.instanceCount: expected a multiple of zoneCount (2), so every zone holds as many data nodes, found 3')],
  },
  {
    name: 'an observability subnet outside the default region (no region key: eu-central-1)',
    file: observabilityConfig('test', {
      network: { ...twoZones, privateSubnets: [...twoZones.privateSubnets.slice(0, 2), { id: 'subnet-00000000000000023', availabilityZone: 'eu-west-1c' }] },
    }),
    expect: [at('network.privateSubnets[2].availabilityZone: expected a zone of region eu-central-1, found eu-west-1c')],
  },
  // --- account baseline (the rest: test/account-baseline/malformed-config.test.ts) ---
  {
    name: 'a password policy in a baseline without a region key (eu-central-1) whose home region is another',
    file: accountBaselineConfig('test', { region: undefined, homeRegion: 'eu-west-1', passwordPolicy: { minimumLength: 16 } }),
    expect: [at('passwordPolicy: the password policy is account-wide and set by the baseline of homeRegion eu-west-1, found settings in the eu-central-1 baseline')],
  },
  {
    name: 'a subscriber account listed twice',
    file: observabilityConfig('test', { ingestion: { subscriberAccounts: ['123456789012', '111122223333', '123456789012'] } }),
    expect: [at('ingestion.subscriberAccounts[2]: expected each account once, found 123456789012 again (also [0])')],
  },
];

describe('rules across keys', () => {
  it.each(cases)('$name', (c) => expectConfigErrors(c));

  it.each(PREVIOUS_GENERATION)('refuses every previous-generation family (%s), which cannot be EBS-optimized', (family) => {
    expectConfigErrors({
      name: family,
      file: withInstanceApp('test', { instanceType: `${family}.large` }),
      expect: [at(`instanceApp.instanceType: expected a current-generation instance type that supports EBS optimization (e.g. t3, m6i), found ${family}.large`)],
    });
  });

  it('skips a pipeline role key that a caller in code leaves undefined (YAML cannot), instead of failing on it', () => {
    const file = { ...base, pipelineRoles: { deploy: 'arn:aws:iam::123456789012:role/deploy', plan: undefined } } as unknown as EnvironmentFile;
    expect(checkPipelineRoleProps(file)).toEqual([]);
  });

  it('accepts the boundaries: storage ceiling equal to the allocation, a timeout one second shorter, min = max tasks, Ubuntu without a delay', () => {
    for (const file of [
      { ...base, database: { allocatedStorageGiB: 100, maxAllocatedStorageGiB: 100 } },
      { ...base, database: { engine: 'mysql', engineVersion: '8.0' } },
      withWeb({ targetGroup: { healthCheck: { intervalSeconds: 10, timeoutSeconds: 9 } } }),
      withServices(web, { ...api, autoscaling: { minCapacity: 3, maxCapacity: 3 } }),
      withWeb({ usesDatabase: false }),
      // Variable names for a database the service does use: named, the primary by usesDatabase: true, or by default.
      withWeb({ database: 'primary', databaseVariables: { host: 'DB_HOST' } }),
      withWeb({ usesDatabase: true, databaseVariables: { host: 'DB_HOST' } }),
      withWeb({ databaseVariables: { host: 'DB_HOST' } }),
      // A writable root filesystem without writable paths, and a volume on a service without them.
      withWeb({ readonlyRootFilesystem: false, writablePaths: undefined }),
      withWeb({ writablePaths: undefined, persistentVolumes: [volume('data', '/data')] }),
      { ...base, ...kmsKeyIn('eu-central-1') },
      // The rule checks the shape major.minor, not a list of versions.
      { ...base, database: { engine: 'mysql', engineVersion: '10.1' } },
      withInstanceApp('test', { instances: [{ availabilityZone: 'eu-central-1a', subnetId: 'subnet-00000000000000003' }] }, { network: threePrivateSubnets }),
      // The audit bucket exists unless the landing zone provides both the trail and the recorder.
      accountBaselineConfig('test', { providedByLandingZone: ['configRecorder'], auditLogs: { retentionDays: 365 } }),
      accountBaselineConfig('test', { providedByLandingZone: ['cloudTrail'], auditLogs: { retentionDays: 365 } }),
      accountBaselineConfig('test', { providedByLandingZone: ['cloudTrail', 'configRecorder'] }),
      // OpenSearch has no public side: a network looked up by tag needs no public subnet tags.
      observabilityConfig('test', { network: { lookup: { vpcTags: { Name: 'lz' }, privateSubnetTags: { Tier: 'private' }, availabilityZones: ['eu-central-1a', 'eu-central-1b'] } } }),
      withInstanceApp('test', { operatingSystem: 'UBUNTU', instanceType: 't3.small' }),
      observabilityConfig('production', { openSearch: { ...(observabilityConfig().openSearch as object), zoneCount: 3, instanceCount: 6 } }),
    ]) {
      expectConfigErrors({ name: 'valid', file, expect: [] });
    }
  });
});
