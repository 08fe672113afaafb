/**
 * Turns a validated environment file into the fully resolved settings a blueprint consumes: every
 * tiered default filled in, and every weakening of a secure default recorded for a warning.
 */
import {
  BackendConfig,
  CertificateConfig,
  ContainerAppEnvironmentFile,
  ContainerServiceFile,
  EnvironmentFile,
  NetworkConfig,
  Tier,
} from './schema';
import { SecureDefaultOverride, TierResolver } from './tier-defaults';

export const DEFAULT_REGION = 'eu-central-1';

/** What every blueprint's environment has in common. */
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
  logRetentionDays: number;
  alerting: { opsgenieEndpointParameter?: string; emails: string[] };
  emulationEndpoint?: string;
}

export interface ResolvedDatabase {
  engine: 'postgres';
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
}

export interface ResolvedLoadBalancer {
  scheme: 'internet-facing' | 'internal';
  certificate: CertificateConfig;
  allowedIngressCidrs: string[];
  deletionProtection: boolean;
  deregistrationDelaySeconds: number;
  accessLogRetentionDays: number;
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
  routing: { priority: number; hostHeaders?: string[]; pathPatterns?: string[] };
  readonlyRootFilesystem: boolean;
  writablePaths: string[];
  environment: Record<string, string>;
  secrets: Record<string, string>;
  usesDatabase: boolean;
}

export interface ContainerAppEnvironment extends EnvironmentBase {
  blueprint: 'container-app';
  network: NetworkConfig;
  loadBalancer: ResolvedLoadBalancer;
  database: ResolvedDatabase;
  services: ResolvedContainerService[];
}

export type ResolvedEnvironment = ContainerAppEnvironment;

export interface Resolution<T> {
  environment: T;
  overrides: SecureDefaultOverride[];
}

/** The stack name: one stack per app × environment. */
export function stackName(env: { app: string; environment: string }): string {
  return `${env.app}-${env.environment}`;
}

export function resolveBase(file: EnvironmentFile, sourceFile: string, tiers: TierResolver): EnvironmentBase {
  return {
    sourceFile,
    app: file.app,
    environment: file.environment,
    tier: file.tier,
    region: file.region ?? DEFAULT_REGION,
    account: file.account,
    tags: file.tags ?? {},
    backend: file.backend ?? { local: {} },
    logRetentionDays: tiers.value('logs.retentionDays', 'logs.retentionDays', file.logs?.retentionDays),
    alerting: {
      opsgenieEndpointParameter: file.alerting?.opsgenieEndpointParameter,
      emails: file.alerting?.emails ?? [],
    },
    emulationEndpoint: file.emulation?.endpoint,
  };
}

export function resolveDatabase(file: ContainerAppEnvironmentFile['database'], app: string, tiers: TierResolver): ResolvedDatabase {
  const db = file ?? {};
  const allocated = tiers.value('database.allocatedStorageGiB', 'database.allocatedStorageGiB', db.allocatedStorageGiB);
  return {
    engine: db.engine ?? 'postgres',
    engineVersion: db.engineVersion ?? '16',
    instanceClass: tiers.value('database.instanceClass', 'database.instanceClass', db.instanceClass),
    allocatedStorageGiB: allocated,
    maxAllocatedStorageGiB: db.maxAllocatedStorageGiB ?? allocated * 4,
    databaseName: db.databaseName ?? app.replace(/-/g, '_'),
    masterUsername: db.masterUsername ?? 'app',
    port: db.port ?? 5432,
    multiAz: tiers.value('database.multiAz', 'database.multiAz', db.multiAz),
    deletionProtection: tiers.value('database.deletionProtection', 'database.deletionProtection', db.deletionProtection),
    backupRetentionDays: tiers.value('database.backupRetentionDays', 'database.backupRetentionDays', db.backupRetentionDays),
    preventDestroy: tiers.value('database.preventDestroy', 'database.preventDestroy', db.preventDestroy),
    finalSnapshot: tiers.value('database.finalSnapshot', 'database.finalSnapshot', db.finalSnapshot),
  };
}

export function resolveLoadBalancer(
  file: ContainerAppEnvironmentFile['loadBalancer'],
  network: NetworkConfig,
  tiers: TierResolver,
): ResolvedLoadBalancer {
  const scheme = file.scheme ?? 'internet-facing';
  return {
    scheme,
    certificate: file.certificate,
    allowedIngressCidrs: file.allowedIngressCidrs ?? (scheme === 'internet-facing' ? ['0.0.0.0/0'] : [network.vpcCidr]),
    deletionProtection: tiers.value('loadBalancer.deletionProtection', 'loadBalancer.deletionProtection', file.deletionProtection),
    deregistrationDelaySeconds: file.deregistrationDelaySeconds ?? 30,
    accessLogRetentionDays: tiers.value('loadBalancer.accessLogRetentionDays', 'loadBalancer.accessLogRetentionDays', file.accessLogRetentionDays),
  };
}

function resolveService(s: ContainerServiceFile, index: number, tiers: TierResolver): ResolvedContainerService {
  const at = `containerApp.services[${index}]`;
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
    usesDatabase: s.usesDatabase ?? true,
  };
}

export function resolveContainerApp(file: ContainerAppEnvironmentFile, sourceFile: string): Resolution<ContainerAppEnvironment> {
  const tiers = new TierResolver(file.tier, sourceFile);
  const environment: ContainerAppEnvironment = {
    ...resolveBase(file, sourceFile, tiers),
    blueprint: 'container-app',
    network: file.network,
    loadBalancer: resolveLoadBalancer(file.loadBalancer, file.network, tiers),
    database: resolveDatabase(file.database, file.app, tiers),
    services: file.containerApp.services.map((s, i) => resolveService(s, i, tiers)),
  };
  return { environment, overrides: tiers.overrides };
}

export function resolveEnvironment(file: EnvironmentFile, sourceFile: string): Resolution<ResolvedEnvironment> {
  switch (file.blueprint) {
    case 'container-app':
      return resolveContainerApp(file, sourceFile);
  }
}
