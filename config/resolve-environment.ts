/**
 * Turns a validated environment file into the fully resolved settings a blueprint consumes: every
 * tiered default filled in, and every weakening of a secure default recorded for a warning.
 */
import {
  AccountBaselineFile,
  AmiConfig,
  AppEnvironmentFile,
  AppNetworkConfig,
  BackendConfig,
  BaselineControl,
  BASELINE_CONTROLS,
  CentralLogsConfig,
  CertificateConfig,
  ContainerAppEnvironmentFile,
  ContainerServiceFile,
  DatabaseConfig,
  EnvironmentFile,
  GUARDDUTY_FEATURES,
  GUARDDUTY_SEVERITY_FLOORS,
  InstanceAppEnvironmentFile,
  InstancePlacementConfig,
  AppKmsKeyConfig,
  KmsKeyConfig,
  SecurityGroupIdentityConfig,
  TargetGroupConfig,
  NetworkConfig,
  NetworkLookupConfig,
  ObservabilityFile,
  OperatingSystem,
  RoutingConfig,
  Tier,
} from './schema';
import { SecureDefaultOverride, TierResolver } from './tier-defaults';

export const DEFAULT_REGION = 'eu-central-1';

/** What every stack has in common, the account baseline included. */
export interface EnvironmentBase {
  /** The YAML file this came from, for messages. */
  sourceFile: string;
  app: string;
  environment: string;
  tier: Tier;
  region: string;
  account: string;
  tags: Record<string, string>;
  backend: BackendConfig;
  /** The roles pipeline jobs assume with their OIDC token, when the file names them. */
  pipelineRoles?: { deploy: string; plan?: string };
  emulationEndpoint?: string;
  kmsKey: ResolvedKmsKey;
  /** Where every log group of the stack is subscribed to; absent: central logging is off. */
  centralLogs?: ResolvedCentralLogs;
}

export interface ResolvedCentralLogs {
  destinationArn: string;
  /** '' sends every event. */
  filterPattern: string;
}

export interface ResolvedKmsKey {
  deletionWindowDays: number;
  preventDestroy: boolean;
  /** The alias of an adopted key. @default `alias/<app>-<environment>` */
  aliasName?: string;
  /** An existing key used instead of creating one (no key, no alias). */
  existingKeyArn?: string;
}

/**
 * The landing-zone network of an app environment, the same for every blueprint: by ID (checked at
 * synth), or found by tag at plan time.
 */
export type ResolvedNetwork = ({ kind: 'ids' } & NetworkConfig) | ({ kind: 'lookup' } & NetworkLookupConfig['lookup']);

/** What every environment placed into the landing-zone network has: names, account, state, key, logs, alarms, network. */
export interface PlacedEnvironmentBase extends EnvironmentBase {
  logRetentionDays: number;
  alerting: { opsgenieEndpointParameter?: string; emails: string[] };
  network: ResolvedNetwork;
}

/** What every app environment (as opposed to the account baseline and observability) adds. */
export interface AppEnvironmentBase extends PlacedEnvironmentBase {
  loadBalancer: ResolvedLoadBalancer;
  database: ResolvedDatabase;
}

export interface ResolvedDatabase {
  engine: 'postgres' | 'mysql';
  engineVersion: string;
  instanceClass: string;
  allocatedStorageGiB: number;
  maxAllocatedStorageGiB: number;
  databaseName: string;
  masterUsername: string;
  port: number;
  multiAz: boolean;
  deletionProtection: boolean;
  backupRetentionDays: number;
  preventDestroy: boolean;
  finalSnapshot: boolean;
  storageType: 'gp3' | 'gp2';
  /** Names of an adopted database; each defaults to the derived one. */
  identifier?: string;
  subnetGroupName?: string;
  parameterGroupName?: string;
  securityGroup?: SecurityGroupIdentityConfig;
}

export interface ResolvedLoadBalancer {
  scheme: 'internet-facing' | 'internal';
  certificate: CertificateConfig;
  allowedIngressCidrs: string[];
  deletionProtection: boolean;
  deregistrationDelaySeconds: number;
  accessLogRetentionDays: number;
  accessLogsForceDestroy: boolean;
  /** Names of an adopted load balancer; each defaults to the derived one. */
  name?: string;
  securityGroup?: SecurityGroupIdentityConfig;
}

export interface ResolvedContainerService {
  name: string;
  image: string;
  containerPort: number;
  cpu: number;
  memoryMiB: number;
  desiredCount: number;
  minCapacity: number;
  maxCapacity: number;
  targetCpuPercent: number;
  healthCheckPath: string;
  healthCheckGracePeriodSeconds: number;
  routing: RoutingConfig;
  readonlyRootFilesystem: boolean;
  writablePaths: string[];
  environment: Record<string, string>;
  secrets: Record<string, string>;
  usesDatabase: boolean;
  /** `primary`, a name of `databases`, or undefined for none. */
  database?: string;
  /** Names of the injected connection variables. */
  databaseVariables: DatabaseVariables;
  persistentVolumes: ResolvedPersistentVolume[];
  /** Names of an adopted service; each defaults to the derived one. */
  serviceName?: string;
  taskFamily?: string;
  targetGroup?: TargetGroupConfig;
  securityGroup?: SecurityGroupIdentityConfig;
}

export interface DatabaseVariables {
  host: string;
  port: string;
  name: string;
  username: string;
  password: string;
}

export const DEFAULT_DATABASE_VARIABLES: DatabaseVariables = {
  host: 'DATABASE_HOST',
  port: 'DATABASE_PORT',
  name: 'DATABASE_NAME',
  username: 'DATABASE_USERNAME',
  password: 'DATABASE_PASSWORD',
};

export interface ResolvedPersistentVolume {
  name: string;
  path: string;
  uid: number;
  gid: number;
  permissions: string;
}

/** The name `service.database` uses for the `database` key's database. */
export const PRIMARY_DATABASE = 'primary';

export interface ContainerAppEnvironment extends AppEnvironmentBase {
  blueprint: 'container-app';
  ecr: ResolvedEcrRepository;
  /** The `databases` map, by name, sorted. */
  databases: { name: string; settings: ResolvedDatabase }[];
  services: ResolvedContainerService[];
  /** Terraform `prevent_destroy` on the services' EFS file systems. */
  fileSystemsPreventDestroy: boolean;
  /** The name of an adopted cluster. @default `<app>-<environment>` */
  clusterName?: string;
}

export interface ResolvedEcrRepository {
  forceDelete: boolean;
}

export interface ResolvedInstanceApp {
  instanceType: string;
  instancesPerAz: number;
  ami: AmiConfig;
  operatingSystem: OperatingSystem;
  rootVolumeGiB: number;
  rootVolumeType: 'gp3' | 'gp2';
  dataVolume?: { sizeGiB: number; deviceName: string; mountPath: string; finalSnapshot: boolean; type: 'gp3' | 'gp2' };
  /** The instances one by one (an adopted app), instead of `instancesPerAz` in every zone. */
  instances?: InstancePlacementConfig[];
  targetGroup?: TargetGroupConfig;
  securityGroup?: SecurityGroupIdentityConfig;
  appPort: number;
  healthCheckPath: string;
  healthyStatusCodes: string;
  stickinessSeconds?: number;
  routing: RoutingConfig;
  userData?: string;
  logFiles: { path: string; name: string }[];
  terminationProtection: boolean;
  stopProtection: boolean;
  preventDestroy: boolean;
}

export interface ResolvedBackup {
  dailyRetentionDays: number;
  /** 0: no weekly backups. */
  weeklyRetentionDays: number;
  /** 0: no monthly backups. */
  monthlyRetentionDays: number;
  vaultForceDestroy: boolean;
  vaultPreventDestroy: boolean;
  recoveryPointsOnlyExpire: boolean;
}

export interface ResolvedPatching {
  schedule: string;
  scheduleTimezone: string;
  approveAfterDays: number;
  rebootOption: 'RebootIfNeeded' | 'NoReboot';
  durationHours: number;
}

export interface ResolvedMonitoring {
  cpuThresholdPercent: number;
  memoryThresholdPercent: number;
  diskThresholdPercent: number;
}

export interface InstanceAppEnvironment extends AppEnvironmentBase {
  blueprint: 'instance-app';
  instanceApp: ResolvedInstanceApp;
  backup: ResolvedBackup;
  patching: ResolvedPatching;
  monitoring: ResolvedMonitoring;
}

export interface AccountBaselineEnvironment extends EnvironmentBase {
  blueprint: 'account-baseline';
  homeRegion: string;
  /** Whether this region holds the account-wide controls (see `homeRegion` in the schema). */
  isHomeRegion: boolean;
  /** The controls this stack creates: all but those the landing zone provides. */
  controls: Record<BaselineControl, boolean>;
  auditLogs: ResolvedAuditLogs;
  /** Retention of the trail's CloudWatch Logs group. */
  logRetentionDays: number;
  guardDuty: { findingPublishingFrequency: string; features: string[] };
  configRecorder: { snapshotDeliveryFrequency: string };
  passwordPolicy: { minimumLength: number; maxAgeDays: number; reusePrevention: number };
  /** Where findings are paged; `guardDutyMinimumSeverity` is the lowest GuardDuty score that pages. */
  alerting: { opsgenieEndpointParameter?: string; emails: string[]; guardDutyMinimumSeverity: number };
}

export interface ResolvedAuditLogs {
  retentionDays: number;
  forceDestroy: boolean;
  preventDestroy: boolean;
}

export interface ResolvedOpenSearch {
  engineVersion: string;
  masterRoleArn: string;
  instanceType: string;
  instanceCount: number;
  zoneCount: number;
  dedicatedMasters: boolean;
  dedicatedMasterType: string;
  volumeGiB: number;
  automatedSnapshotStartHour: number;
  preventDestroy: boolean;
}

export interface ResolvedIngestion {
  /** Sorted, without duplicates. */
  subscriberAccounts: string[];
  indexName: string;
  bufferIntervalSeconds: number;
  failedDocumentsRetentionDays: number;
  failedDocumentsForceDestroy: boolean;
}

/** Central logging and monitoring of an operations account and region. */
export interface ObservabilityEnvironment extends PlacedEnvironmentBase {
  blueprint: 'observability';
  openSearch: ResolvedOpenSearch;
  ingestion: ResolvedIngestion;
  grafana: { authenticationProviders: string[]; grafanaVersion: string };
}

export type ResolvedEnvironment = ContainerAppEnvironment | InstanceAppEnvironment | AccountBaselineEnvironment | ObservabilityEnvironment;

export interface Resolution<T> {
  environment: T;
  overrides: SecureDefaultOverride[];
}

/**
 * The stack name: one stack per app × environment, and one account baseline per account × region,
 * `baseline-<account>-<region>` (its resolver sets app `baseline` and environment `<account>-<region>`).
 */
export function stackName(env: { app: string; environment: string }): string {
  return `${env.app}-${env.environment}`;
}

/** The app and environment names a baseline's stack, tags and resource names are derived from. */
export function baselineIdentity(account: string, region: string): { app: string; environment: string } {
  return { app: 'baseline', environment: `${account}-${region}` };
}

function resolvePlaced(file: AppEnvironmentFile | ObservabilityFile, sourceFile: string, tiers: TierResolver): PlacedEnvironmentBase {
  return {
    sourceFile,
    app: file.app,
    environment: file.environment,
    tier: file.tier,
    region: file.region ?? DEFAULT_REGION,
    account: file.account,
    tags: file.tags ?? {},
    backend: file.backend ?? { local: {} },
    pipelineRoles: file.pipelineRoles,
    logRetentionDays: tiers.value('logs.retentionDays', 'logs.retentionDays', file.logs?.retentionDays),
    ...resolveCentralLogs(file.logs?.central),
    kmsKey: resolveKmsKey(file.kmsKey, tiers),
    alerting: {
      opsgenieEndpointParameter: file.alerting?.opsgenieEndpointParameter,
      emails: file.alerting?.emails ?? [],
    },
    emulationEndpoint: file.emulation?.endpoint,
    network: resolveNetwork(file.network),
  };
}

/** Everything an app environment has whatever its blueprint: names, network, load balancer, database. */
export function resolveBase(file: AppEnvironmentFile, sourceFile: string, tiers: TierResolver): AppEnvironmentBase {
  const placed = resolvePlaced(file, sourceFile, tiers);
  return {
    ...placed,
    loadBalancer: resolveLoadBalancer(file.loadBalancer, placed.network, tiers),
    database: resolveDatabase(file.database, file.app, tiers),
  };
}

/** Off unless the file names a destination; the filter pattern defaults to every event. */
export function resolveCentralLogs(file: CentralLogsConfig | undefined): { centralLogs?: ResolvedCentralLogs } {
  return file ? { centralLogs: { destinationArn: file.destinationArn, filterPattern: file.filterPattern ?? '' } } : {};
}

export function resolveNetwork(network: AppNetworkConfig): ResolvedNetwork {
  return 'lookup' in network ? { kind: 'lookup', ...network.lookup } : { kind: 'ids', ...network };
}

export function resolveKmsKey(file: KmsKeyConfig | AppKmsKeyConfig | undefined, tiers: TierResolver): ResolvedKmsKey {
  const adopted = file as AppKmsKeyConfig | undefined;
  return {
    deletionWindowDays: tiers.value('kmsKey.deletionWindowDays', 'kmsKey.deletionWindowDays', file?.deletionWindowDays),
    preventDestroy: tiers.value('kmsKey.preventDestroy', 'kmsKey.preventDestroy', file?.preventDestroy),
    ...definedOnly({ aliasName: adopted?.aliasName, existingKeyArn: adopted?.existingKeyArn }),
  };
}

/**
 * The keys that are set: an adopted environment's names are absent from a new environment's resolved
 * settings altogether, so those stay exactly as they were.
 */
function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const ENGINE_DEFAULTS = {
  postgres: { engineVersion: '16', port: 5432 },
  mysql: { engineVersion: '8.0', port: 3306 },
} as const;

/** `at` is the key path of the settings in the file, for warnings (`database`, or `databases.<name>`). */
export function resolveDatabase(file: DatabaseConfig | undefined, app: string, tiers: TierResolver, at = 'database'): ResolvedDatabase {
  const db = file ?? {};
  const engine = db.engine ?? 'postgres';
  const allocated = tiers.value('database.allocatedStorageGiB', `${at}.allocatedStorageGiB`, db.allocatedStorageGiB);
  return {
    engine,
    engineVersion: db.engineVersion ?? ENGINE_DEFAULTS[engine].engineVersion,
    instanceClass: tiers.value('database.instanceClass', `${at}.instanceClass`, db.instanceClass),
    allocatedStorageGiB: allocated,
    maxAllocatedStorageGiB: db.maxAllocatedStorageGiB ?? allocated * 4,
    databaseName: db.databaseName ?? app.replace(/-/g, '_'),
    masterUsername: db.masterUsername ?? 'app',
    port: db.port ?? ENGINE_DEFAULTS[engine].port,
    multiAz: tiers.value('database.multiAz', `${at}.multiAz`, db.multiAz),
    deletionProtection: tiers.value('database.deletionProtection', `${at}.deletionProtection`, db.deletionProtection),
    backupRetentionDays: tiers.value('database.backupRetentionDays', `${at}.backupRetentionDays`, db.backupRetentionDays),
    preventDestroy: tiers.value('database.preventDestroy', `${at}.preventDestroy`, db.preventDestroy),
    finalSnapshot: tiers.value('database.finalSnapshot', `${at}.finalSnapshot`, db.finalSnapshot),
    storageType: db.storageType ?? 'gp3',
    ...definedOnly({ identifier: db.identifier, subnetGroupName: db.subnetGroupName, parameterGroupName: db.parameterGroupName, securityGroup: db.securityGroup }),
  };
}

/**
 * `vpcCidr` is the default ingress of an internal load balancer; a network found by tag has none at
 * synth time, so its file must list `allowedIngressCidrs` (check-environment-props enforces it).
 */
export function resolveLoadBalancer(file: AppEnvironmentFile['loadBalancer'], network: ResolvedNetwork, tiers: TierResolver): ResolvedLoadBalancer {
  const scheme = file.scheme ?? 'internet-facing';
  const internalDefault = network.kind === 'ids' ? [network.vpcCidr] : [];
  return {
    scheme,
    certificate: file.certificate,
    allowedIngressCidrs: file.allowedIngressCidrs ?? (scheme === 'internet-facing' ? ['0.0.0.0/0'] : internalDefault),
    deletionProtection: tiers.value('loadBalancer.deletionProtection', 'loadBalancer.deletionProtection', file.deletionProtection),
    deregistrationDelaySeconds: file.deregistrationDelaySeconds ?? 30,
    accessLogRetentionDays: tiers.value('loadBalancer.accessLogRetentionDays', 'loadBalancer.accessLogRetentionDays', file.accessLogRetentionDays),
    accessLogsForceDestroy: tiers.value('loadBalancer.accessLogsForceDestroy', 'loadBalancer.accessLogsForceDestroy', file.accessLogsForceDestroy),
    ...definedOnly({ name: file.name, securityGroup: file.securityGroup }),
  };
}

function resolveService(s: ContainerServiceFile, index: number, tiers: TierResolver): ResolvedContainerService {
  const at = `containerApp.services[${index}]`;
  const database = serviceDatabase(s);
  return {
    name: s.name,
    image: s.image,
    containerPort: s.containerPort,
    cpu: tiers.value('service.cpu', `${at}.cpu`, s.cpu),
    memoryMiB: tiers.value('service.memoryMiB', `${at}.memoryMiB`, s.memoryMiB),
    desiredCount: tiers.value('service.desiredCount', `${at}.desiredCount`, s.desiredCount),
    minCapacity: tiers.value('service.minCapacity', `${at}.autoscaling.minCapacity`, s.autoscaling?.minCapacity),
    maxCapacity: tiers.value('service.maxCapacity', `${at}.autoscaling.maxCapacity`, s.autoscaling?.maxCapacity),
    targetCpuPercent: s.autoscaling?.targetCpuPercent ?? 60,
    healthCheckPath: s.healthCheckPath,
    healthCheckGracePeriodSeconds: s.healthCheckGracePeriodSeconds ?? 60,
    routing: s.routing,
    readonlyRootFilesystem: s.readonlyRootFilesystem ?? true,
    writablePaths: s.writablePaths ?? [],
    environment: s.environment ?? {},
    secrets: s.secrets ?? {},
    usesDatabase: database !== undefined,
    database,
    databaseVariables: { ...DEFAULT_DATABASE_VARIABLES, ...s.databaseVariables },
    persistentVolumes: (s.persistentVolumes ?? []).map((v) => ({ ...v, permissions: (v.permissions ?? '0750').padStart(4, '0') })),
    ...definedOnly({ serviceName: s.serviceName, taskFamily: s.taskFamily, targetGroup: s.targetGroup, securityGroup: s.securityGroup }),
  };
}

/** The database a service uses: `database` if given, else the primary unless `usesDatabase: false`. */
function serviceDatabase(s: ContainerServiceFile): string | undefined {
  if (s.database !== undefined) return s.database === 'none' ? undefined : s.database;
  return (s.usesDatabase ?? true) ? PRIMARY_DATABASE : undefined;
}

export function resolveContainerApp(file: ContainerAppEnvironmentFile, sourceFile: string): Resolution<ContainerAppEnvironment> {
  const tiers = new TierResolver(file.tier, sourceFile);
  const environment: ContainerAppEnvironment = {
    ...resolveBase(file, sourceFile, tiers),
    blueprint: 'container-app',
    ecr: { forceDelete: tiers.value('ecr.forceDelete', 'ecr.forceDelete', file.ecr?.forceDelete) },
    databases: Object.entries(file.databases ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, db]) => ({ name, settings: resolveDatabase(db, name, tiers, `databases.${name}`) })),
    services: file.containerApp.services.map((s, i) => resolveService(s, i, tiers)),
    fileSystemsPreventDestroy: tiers.value('fileSystems.preventDestroy', 'containerApp.fileSystems.preventDestroy', file.containerApp.fileSystems?.preventDestroy),
    ...definedOnly({ clusterName: file.containerApp.clusterName }),
  };
  return { environment, overrides: tiers.overrides };
}

export function resolveInstanceApp(file: InstanceAppEnvironmentFile['instanceApp'], tiers: TierResolver): ResolvedInstanceApp {
  const at = 'instanceApp';
  return {
    instanceType: tiers.value('instance.instanceType', `${at}.instanceType`, file.instanceType),
    instancesPerAz: file.instancesPerAz ?? 1,
    ami: file.ami,
    operatingSystem: file.operatingSystem,
    rootVolumeGiB: file.rootVolumeGiB ?? 30,
    rootVolumeType: file.rootVolumeType ?? 'gp3',
    dataVolume: file.dataVolume && {
      type: file.dataVolume.type ?? 'gp3',
      sizeGiB: file.dataVolume.sizeGiB,
      deviceName: file.dataVolume.deviceName ?? '/dev/sdf',
      mountPath: file.dataVolume.mountPath ?? '/opt/app',
      finalSnapshot: tiers.value('instance.dataVolumeFinalSnapshot', `${at}.dataVolume.finalSnapshot`, file.dataVolume.finalSnapshot),
    },
    appPort: file.appPort ?? 8080,
    healthCheckPath: file.healthCheckPath,
    healthyStatusCodes: file.healthyStatusCodes ?? '200-399',
    stickinessSeconds: file.stickinessSeconds,
    routing: file.routing ?? { priority: 100, pathPatterns: ['/*'] },
    userData: file.userData,
    logFiles: file.logFiles ?? [],
    terminationProtection: tiers.value('instance.terminationProtection', `${at}.terminationProtection`, file.terminationProtection),
    stopProtection: tiers.value('instance.stopProtection', `${at}.stopProtection`, file.stopProtection),
    preventDestroy: tiers.value('instance.preventDestroy', `${at}.preventDestroy`, file.preventDestroy),
    ...definedOnly({ instances: file.instances, targetGroup: file.targetGroup, securityGroup: file.securityGroup }),
  };
}

export function resolveBackup(file: InstanceAppEnvironmentFile['backup'], tiers: TierResolver): ResolvedBackup {
  return {
    dailyRetentionDays: tiers.value('backup.dailyRetentionDays', 'backup.dailyRetentionDays', file?.dailyRetentionDays),
    weeklyRetentionDays: tiers.value('backup.weeklyRetentionDays', 'backup.weeklyRetentionDays', file?.weeklyRetentionDays),
    monthlyRetentionDays: tiers.value('backup.monthlyRetentionDays', 'backup.monthlyRetentionDays', file?.monthlyRetentionDays),
    vaultForceDestroy: tiers.value('backup.vaultForceDestroy', 'backup.vaultForceDestroy', file?.vaultForceDestroy),
    vaultPreventDestroy: tiers.value('backup.vaultPreventDestroy', 'backup.vaultPreventDestroy', file?.vaultPreventDestroy),
    recoveryPointsOnlyExpire: tiers.value('backup.recoveryPointsOnlyExpire', 'backup.recoveryPointsOnlyExpire', file?.recoveryPointsOnlyExpire),
  };
}

function resolvePatching(file: InstanceAppEnvironmentFile['patching'], tiers: TierResolver): ResolvedPatching {
  return {
    schedule: tiers.value('patching.schedule', 'patching.schedule', file?.schedule),
    scheduleTimezone: file?.scheduleTimezone ?? 'UTC',
    approveAfterDays: file?.approveAfterDays ?? 7,
    rebootOption: file?.rebootOption ?? 'RebootIfNeeded',
    durationHours: file?.durationHours ?? 3,
  };
}

export function resolveInstanceAppEnvironment(file: InstanceAppEnvironmentFile, sourceFile: string): Resolution<InstanceAppEnvironment> {
  const tiers = new TierResolver(file.tier, sourceFile);
  const environment: InstanceAppEnvironment = {
    ...resolveBase(file, sourceFile, tiers),
    blueprint: 'instance-app',
    instanceApp: resolveInstanceApp(file.instanceApp, tiers),
    backup: resolveBackup(file.backup, tiers),
    patching: resolvePatching(file.patching, tiers),
    monitoring: {
      cpuThresholdPercent: file.monitoring?.cpuThresholdPercent ?? 80,
      memoryThresholdPercent: file.monitoring?.memoryThresholdPercent ?? 85,
      diskThresholdPercent: file.monitoring?.diskThresholdPercent ?? 85,
    },
  };
  return { environment, overrides: tiers.overrides };
}

const DEFAULT_GUARDDUTY_FEATURES: (typeof GUARDDUTY_FEATURES)[number][] = ['S3_DATA_EVENTS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS'];

export function resolveAccountBaseline(file: AccountBaselineFile, sourceFile: string): Resolution<AccountBaselineEnvironment> {
  const tiers = new TierResolver(file.tier, sourceFile);
  const region = file.region ?? DEFAULT_REGION;
  const homeRegion = file.homeRegion ?? region;
  const provided = new Set(file.providedByLandingZone ?? []);
  const environment: AccountBaselineEnvironment = {
    sourceFile,
    ...baselineIdentity(file.account, region),
    blueprint: 'account-baseline',
    tier: file.tier,
    region,
    account: file.account,
    tags: file.tags ?? {},
    backend: file.backend ?? { local: {} },
    pipelineRoles: file.pipelineRoles,
    emulationEndpoint: file.emulation?.endpoint,
    homeRegion,
    isHomeRegion: homeRegion === region,
    controls: Object.fromEntries(BASELINE_CONTROLS.map((c) => [c, !provided.has(c)])) as Record<BaselineControl, boolean>,
    auditLogs: {
      retentionDays: tiers.value('auditLogs.retentionDays', 'auditLogs.retentionDays', file.auditLogs?.retentionDays),
      forceDestroy: tiers.value('auditLogs.forceDestroy', 'auditLogs.forceDestroy', file.auditLogs?.forceDestroy),
      preventDestroy: tiers.value('auditLogs.preventDestroy', 'auditLogs.preventDestroy', file.auditLogs?.preventDestroy),
    },
    logRetentionDays: tiers.value('logs.retentionDays', 'logs.retentionDays', file.logs?.retentionDays),
    ...resolveCentralLogs(file.logs?.central),
    kmsKey: resolveKmsKey(file.kmsKey, tiers),
    guardDuty: {
      findingPublishingFrequency: file.guardDuty?.findingPublishingFrequency ?? 'FIFTEEN_MINUTES',
      features: [...new Set(file.guardDuty?.features ?? DEFAULT_GUARDDUTY_FEATURES)].sort(),
    },
    configRecorder: { snapshotDeliveryFrequency: file.configRecorder?.snapshotDeliveryFrequency ?? 'TwentyFour_Hours' },
    passwordPolicy: {
      minimumLength: file.passwordPolicy?.minimumLength ?? 14,
      maxAgeDays: file.passwordPolicy?.maxAgeDays ?? 90,
      reusePrevention: file.passwordPolicy?.reusePrevention ?? 24,
    },
    alerting: {
      opsgenieEndpointParameter: file.alerting?.opsgenieEndpointParameter,
      emails: file.alerting?.emails ?? [],
      guardDutyMinimumSeverity: GUARDDUTY_SEVERITY_FLOORS[file.alerting?.guardDutyMinimumSeverity ?? 'MEDIUM'],
    },
  };
  return { environment, overrides: tiers.overrides };
}

export function resolveObservability(file: ObservabilityFile, sourceFile: string): Resolution<ObservabilityEnvironment> {
  const tiers = new TierResolver(file.tier, sourceFile);
  const os = file.openSearch;
  const ingestion = file.ingestion;
  const environment: ObservabilityEnvironment = {
    ...resolvePlaced(file, sourceFile, tiers),
    blueprint: 'observability',
    openSearch: {
      engineVersion: os.engineVersion ?? 'OpenSearch_2.17',
      masterRoleArn: os.masterRoleArn,
      instanceType: tiers.value('openSearch.instanceType', 'openSearch.instanceType', os.instanceType),
      instanceCount: tiers.value('openSearch.instanceCount', 'openSearch.instanceCount', os.instanceCount),
      zoneCount: tiers.value('openSearch.zoneCount', 'openSearch.zoneCount', os.zoneCount),
      dedicatedMasters: tiers.value('openSearch.dedicatedMasters', 'openSearch.dedicatedMasters', os.dedicatedMasters),
      dedicatedMasterType: os.dedicatedMasterType ?? 'm6g.large.search',
      volumeGiB: tiers.value('openSearch.volumeGiB', 'openSearch.volumeGiB', os.volumeGiB),
      automatedSnapshotStartHour: os.automatedSnapshotStartHour ?? 2,
      preventDestroy: tiers.value('openSearch.preventDestroy', 'openSearch.preventDestroy', os.preventDestroy),
    },
    ingestion: {
      subscriberAccounts: [...new Set(ingestion.subscriberAccounts)].sort(),
      indexName: ingestion.indexName ?? 'logs',
      bufferIntervalSeconds: ingestion.bufferIntervalSeconds ?? 60,
      failedDocumentsRetentionDays: tiers.value('ingestion.failedDocumentsRetentionDays', 'ingestion.failedDocumentsRetentionDays', ingestion.failedDocumentsRetentionDays),
      failedDocumentsForceDestroy: tiers.value('ingestion.failedDocumentsForceDestroy', 'ingestion.failedDocumentsForceDestroy', ingestion.failedDocumentsForceDestroy),
    },
    grafana: {
      authenticationProviders: [...new Set(file.grafana?.authenticationProviders ?? ['AWS_SSO'])].sort(),
      grafanaVersion: file.grafana?.grafanaVersion ?? '10.4',
    },
  };
  return { environment, overrides: tiers.overrides };
}

export function resolveEnvironment(file: EnvironmentFile, sourceFile: string): Resolution<ResolvedEnvironment> {
  switch (file.blueprint) {
    case 'container-app':
      return resolveContainerApp(file, sourceFile);
    case 'instance-app':
      return resolveInstanceAppEnvironment(file, sourceFile);
    case 'account-baseline':
      return resolveAccountBaseline(file, sourceFile);
    case 'observability':
      return resolveObservability(file, sourceFile);
  }
}
