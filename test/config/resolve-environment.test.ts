/**
 * What a file that sets nothing optional resolves to: the documented defaults, per tier. Building
 * blocks get exactly these values, so a changed default here changes what production runs.
 */
import { resolveEnvironment, ResolvedEnvironment } from '../../config/resolve-environment';
import { environmentFileSchema } from '../../config/schema';
import { accountBaselineConfig } from '../support/account-baseline-config';
import { instanceAppConfig } from '../support/instance-app-config';
import { containerAppConfig } from '../support/container-app-config';

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
