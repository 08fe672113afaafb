/**
 * What a file that sets nothing optional resolves to: the documented defaults, per tier. Building
 * blocks get exactly these values, so a changed default here changes what production runs.
 */
import { resolveEnvironment, ResolvedEnvironment } from '../../config/resolve-environment';
import { environmentFileSchema } from '../../config/schema';
import { accountBaselineConfig } from '../support/account-baseline-config';
import { instanceAppConfig } from '../support/instance-app-config';
import { containerAppConfig } from '../support/container-app-config';
import { observabilityConfig } from '../support/observability-config';

function resolve(file: Record<string, unknown>): ResolvedEnvironment {
  return resolveEnvironment(environmentFileSchema.parse(file), 'env.yaml').environment;
}

describe.each(['test', 'production'] as const)('resolved defaults, %s tier', (tier) => {
  const production = tier === 'production';

  it('container app: region, state, alerting, load balancer, database, registry and service defaults', () => {
    const env = resolve(containerAppConfig(tier));
    if (env.blueprint !== 'container-app') throw new Error('expected a container app');
    expect(env).toMatchObject({
      sourceFile: 'env.yaml',
      app: 'shop',
      environment: tier,
      tier,
      region: 'eu-central-1',
      tags: {},
      backend: { local: {} },
      emulationEndpoint: undefined,
      logRetentionDays: production ? 365 : 30,
      kmsKey: { deletionWindowDays: production ? 30 : 7, preventDestroy: production },
      alerting: { opsgenieEndpointParameter: undefined, emails: [] },
      ecr: { forceDelete: !production },
    });
    expect(env.loadBalancer).toEqual({
      scheme: 'internet-facing',
      certificate: { arn: 'arn:aws:acm:eu-central-1:123456789012:certificate/abc' },
      allowedIngressCidrs: ['0.0.0.0/0'],
      deletionProtection: production,
      deregistrationDelaySeconds: 30,
      accessLogRetentionDays: production ? 365 : 30,
      accessLogsForceDestroy: !production,
    });
    expect(env.database).toEqual({
      engine: 'postgres',
      engineVersion: '16',
      instanceClass: production ? 'db.m6g.large' : 'db.t4g.micro',
      allocatedStorageGiB: production ? 100 : 20,
      maxAllocatedStorageGiB: production ? 400 : 80,
      databaseName: 'shop',
      masterUsername: 'app',
      port: 5432,
      multiAz: production,
      deletionProtection: production,
      backupRetentionDays: production ? 30 : 7,
      preventDestroy: production,
      finalSnapshot: production,
      storageType: 'gp3',
    });
    expect(env.services).toEqual([
      {
        name: 'web',
        image: '<ecr>:1.0.0',
        containerPort: 3000,
        cpu: production ? 512 : 256,
        memoryMiB: production ? 1024 : 512,
        desiredCount: production ? 2 : 1,
        minCapacity: production ? 2 : 1,
        maxCapacity: production ? 6 : 2,
        targetCpuPercent: 60,
        healthCheckPath: '/up',
        healthCheckGracePeriodSeconds: 60,
        routing: { priority: 10, hostHeaders: ['shop.example.com'] },
        readonlyRootFilesystem: true,
        writablePaths: ['/tmp'],
        environment: {},
        secrets: { SECRET_KEY_BASE: '/shop/test/secret_key_base' },
        usesDatabase: true,
        database: 'primary',
        databaseVariables: { host: 'DATABASE_HOST', name: 'DATABASE_NAME', password: 'DATABASE_PASSWORD', port: 'DATABASE_PORT', username: 'DATABASE_USERNAME' },
        persistentVolumes: [],
      },
    ]);
  });

  it('instance app: instances, backup, patching and monitoring defaults', () => {
    const env = resolve(instanceAppConfig(tier, { network: { lookup: { vpcTags: { Name: 'lz' }, privateSubnetTags: { Tier: 'private' }, availabilityZones: ['eu-central-1a', 'eu-central-1b'] } } }));
    if (env.blueprint !== 'instance-app') throw new Error('expected an instance app');
    expect(env.network).toEqual({ kind: 'lookup', vpcTags: { Name: 'lz' }, privateSubnetTags: { Tier: 'private' }, availabilityZones: ['eu-central-1a', 'eu-central-1b'] });
    // A network found by tag has no CIDR at synth time, so an internal LB would need explicit CIDRs.
    expect(env.loadBalancer.allowedIngressCidrs).toEqual(['0.0.0.0/0']);
    expect(env.instanceApp).toEqual({
      instanceType: production ? 'm6i.large' : 't3.medium',
      instancesPerAz: 1,
      ami: { id: 'ami-0123456789abcdef0' },
      operatingSystem: 'AMAZON_LINUX_2023',
      rootVolumeGiB: 30,
      rootVolumeType: 'gp3',
      dataVolume: undefined,
      appPort: 8080,
      healthCheckPath: '/erp/health',
      healthyStatusCodes: '200-399',
      stickinessSeconds: undefined,
      routing: { priority: 100, pathPatterns: ['/*'] },
      userData: undefined,
      logFiles: [],
      terminationProtection: production,
      stopProtection: production,
      preventDestroy: production,
    });
    expect(env.backup).toEqual({
      dailyRetentionDays: production ? 35 : 7,
      weeklyRetentionDays: production ? 90 : 0,
      monthlyRetentionDays: production ? 365 : 0,
      vaultForceDestroy: !production,
      vaultPreventDestroy: production,
      recoveryPointsOnlyExpire: production,
    });
    expect(env.patching).toEqual({ schedule: production ? 'cron(0 3 ? * SAT *)' : 'cron(0 3 ? * TUE *)', scheduleTimezone: 'UTC', approveAfterDays: 7, rebootOption: 'RebootIfNeeded', durationHours: 3 });
    expect(env.monitoring).toEqual({ cpuThresholdPercent: 80, memoryThresholdPercent: 85, diskThresholdPercent: 85 });
    expect(env.alerting).toEqual({ opsgenieEndpointParameter: '/platform/opsgenie/cloudwatch-endpoint', emails: [] });
  });

  it('instance app by IDs: the data volume defaults, and an internal load balancer admits the VPC', () => {
    const file = instanceAppConfig(tier, { loadBalancer: { scheme: 'internal', certificate: { arn: 'arn:aws:acm:eu-central-1:123456789012:certificate/abc' } } });
    (file.instanceApp as Record<string, unknown>).dataVolume = { sizeGiB: 50 };
    const env = resolve(file);
    if (env.blueprint !== 'instance-app') throw new Error('expected an instance app');
    expect(env.network.kind).toBe('ids');
    expect(env.loadBalancer.allowedIngressCidrs).toEqual(['10.0.0.0/16']);
    expect(env.instanceApp.dataVolume).toEqual({ sizeGiB: 50, deviceName: '/dev/sdf', mountPath: '/opt/app', finalSnapshot: production, type: 'gp3' });
  });

  it('account baseline: every control, home region, retention, GuardDuty, Config and password policy defaults', () => {
    const env = resolve(accountBaselineConfig(tier));
    if (env.blueprint !== 'account-baseline') throw new Error('expected a baseline');
    expect(env).toEqual({
      sourceFile: 'env.yaml',
      app: 'baseline',
      environment: '123456789012-eu-central-1',
      blueprint: 'account-baseline',
      tier,
      region: 'eu-central-1',
      account: '123456789012',
      tags: {},
      backend: { local: {} },
      emulationEndpoint: undefined,
      homeRegion: 'eu-central-1',
      isHomeRegion: true,
      controls: { cloudTrail: true, guardDuty: true, configRecorder: true, configRules: true, passwordPolicy: true, ebsEncryptionByDefault: true, s3PublicAccessBlock: true, inspector: true, findingAlerts: true },
      alerting: { emails: [], guardDutyMinimumSeverity: 4, opsgenieEndpointParameter: undefined },
      auditLogs: { retentionDays: production ? 730 : 90, forceDestroy: !production, preventDestroy: production },
      logRetentionDays: production ? 365 : 30,
      kmsKey: { deletionWindowDays: production ? 30 : 7, preventDestroy: production },
      guardDuty: { findingPublishingFrequency: 'FIFTEEN_MINUTES', features: ['EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'S3_DATA_EVENTS'] },
      configRecorder: { snapshotDeliveryFrequency: 'TwentyFour_Hours' },
      passwordPolicy: { minimumLength: 14, maxAgeDays: 90, reusePrevention: 24 },
    });
  });
});

describe('resolved values a file sets', () => {
  it('MySQL gets its own version and port; storage autoscaling is 4 × what is allocated', () => {
    const env = resolve(containerAppConfig('test', { database: { engine: 'mysql', allocatedStorageGiB: 50 } }));
    if (env.blueprint !== 'container-app') throw new Error('expected a container app');
    expect([env.database.engineVersion, env.database.port, env.database.maxAllocatedStorageGiB]).toEqual(['8.0', 3306, 200]);
  });

  it('a baseline in a second region leaves the account-wide controls to the home region, and skips what the landing zone provides', () => {
    const env = resolve(accountBaselineConfig('test', { region: 'eu-west-1', homeRegion: 'eu-central-1', providedByLandingZone: ['guardDuty'], guardDuty: undefined }));
    if (env.blueprint !== 'account-baseline') throw new Error('expected a baseline');
    expect([env.environment, env.homeRegion, env.isHomeRegion, env.controls.guardDuty, env.controls.cloudTrail]).toEqual(['123456789012-eu-west-1', 'eu-central-1', false, false, true]);
  });

  it('keeps GuardDuty features unique and sorted, so the output does not depend on how the file lists them', () => {
    const env = resolve(accountBaselineConfig('test', { guardDuty: { features: ['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'S3_DATA_EVENTS'] } }));
    if (env.blueprint !== 'account-baseline') throw new Error('expected a baseline');
    expect(env.guardDuty.features).toEqual(['EKS_AUDIT_LOGS', 'S3_DATA_EVENTS']);
  });
});

describe('resolved values of services, further databases and the observability stack', () => {
  const base = containerAppConfig('test');
  const [web] = (base.containerApp as { services: Record<string, unknown>[] }).services;
  const withServices = (...services: Record<string, unknown>[]) => ({ ...base, containerApp: { services } });
  const services = (file: Record<string, unknown>) => {
    const env = resolve(file);
    if (env.blueprint !== 'container-app') throw new Error('expected a container app');
    return env.services;
  };

  it('picks each service its database: the primary unless told, none, or a further one by name', () => {
    const picked = services({
      ...withServices(
        { ...web, writablePaths: undefined },
        { ...web, name: 'api', routing: { priority: 11, hostHeaders: ['a.example.com'] }, usesDatabase: false },
        { ...web, name: 'batch', routing: { priority: 12, hostHeaders: ['b.example.com'] }, database: 'none' },
        { ...web, name: 'cms', routing: { priority: 13, hostHeaders: ['c.example.com'] }, database: 'reports' },
      ),
      databases: { reports: {} },
    });
    expect(picked.map((s) => [s.name, s.usesDatabase, s.database])).toEqual([
      ['web', true, 'primary'],
      ['api', false, undefined],
      ['batch', false, undefined],
      ['cms', true, 'reports'],
    ]);
    // No writable scratch path unless the file names one (the root filesystem is read-only).
    expect(picked[0].writablePaths).toEqual([]);
  });

  it('gives a volume the mode 0750 unless set, always as four digits, and passes adopted names through', () => {
    const [service] = services(
      withServices({
        ...web,
        persistentVolumes: [
          { name: 'uploads', path: '/uploads', uid: 33, gid: 33 },
          { name: 'cache', path: '/cache', uid: 33, gid: 33, permissions: '700' },
        ],
        serviceName: 'legacy-web',
        taskFamily: 'legacy-web-task',
      }),
    );
    expect(service.persistentVolumes.map((v) => [v.name, v.permissions])).toEqual([
      ['uploads', '0750'],
      ['cache', '0700'],
    ]);
    expect([service.serviceName, service.taskFamily]).toEqual(['legacy-web', 'legacy-web-task']);
  });

  it('orders further databases by name, names each after itself (- becomes _), and warns about a weakened one at its own key path', () => {
    const file = environmentFileSchema.parse({ ...containerAppConfig('production', { app: 'my-shop' }), databases: { zeta: {}, 'al-pha': { multiAz: false } }, containerApp: { ...(base.containerApp as object), clusterName: 'legacy-cluster' } });
    const { environment, overrides } = resolveEnvironment(file, 'env.yaml');
    if (environment.blueprint !== 'container-app') throw new Error('expected a container app');
    expect(environment.databases.map((d) => [d.name, d.settings.databaseName])).toEqual([
      ['al-pha', 'al_pha'],
      ['zeta', 'zeta'],
    ]);
    expect(environment.clusterName).toBe('legacy-cluster');
    expect(overrides.map((o) => o.keyPath)).toEqual(['databases.al-pha.multiAz']);
  });

  it('keeps an existing KMS key and its alias name as the file gives them', () => {
    const existingKeyArn = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const env = resolve(containerAppConfig('test', { kmsKey: { existingKeyArn } }));
    expect(env.blueprint === 'container-app' && env.kmsKey.existingKeyArn).toBe(existingKeyArn);
  });

  it('observability: OpenSearch, ingestion and Grafana defaults; subscriber accounts and providers once each, sorted', () => {
    const env = resolve(
      observabilityConfig('test', { ingestion: { subscriberAccounts: ['222222222222', '111111111111', '222222222222'] }, grafana: { authenticationProviders: ['SAML', 'AWS_SSO', 'SAML'] } }),
    );
    if (env.blueprint !== 'observability') throw new Error('expected observability');
    expect([env.openSearch.engineVersion, env.openSearch.dedicatedMasterType, env.ingestion.indexName]).toEqual(['OpenSearch_2.17', 'm6g.large.search', 'logs']);
    expect(env.ingestion.subscriberAccounts).toEqual(['111111111111', '222222222222']);
    expect(env.grafana.authenticationProviders).toEqual(['AWS_SSO', 'SAML']);
    const defaults = resolve(observabilityConfig('test'));
    expect(defaults.blueprint === 'observability' && [defaults.grafana.authenticationProviders, defaults.grafana.grafanaVersion]).toEqual([['AWS_SSO'], '10.4']);
  });
});
