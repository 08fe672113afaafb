/**
 * Rules that span several keys, which the schema cannot express. Like AWS Solutions Constructs'
 * check…Props, it collects every problem before anyone throws, so a user fixes a file in one pass.
 */
import {
  AccountBaselineFile,
  AppKmsKeyConfig,
  AppEnvironmentFile,
  BaselineControl,
  DatabaseConfig,
  EnvironmentFile,
  InstanceAppEnvironmentFile,
  NetworkConfig,
  NetworkLookupConfig,
  ObservabilityFile,
  OS_WITHOUT_APPROVAL_DELAY,
  RESERVED_DATABASE_NAMES,
  TargetGroupConfig,
} from './schema';
import { TIER_DEFAULTS } from './tier-defaults';

export interface PropIssue {
  path: (string | number)[];
  message: string;
}

function distinctZones(subnets: { availabilityZone: string }[]): number {
  return new Set(subnets.map((s) => s.availabilityZone)).size;
}

function checkNetworkIdProps(region: string, network: NetworkConfig, needsPublicSubnets: boolean): PropIssue[] {
  const issues: PropIssue[] = [];
  const { privateSubnets, publicSubnets } = network;
  if (distinctZones(privateSubnets) < 2) {
    issues.push({ path: ['network', 'privateSubnets'], message: 'expected subnets in at least 2 availability zones, found 1' });
  }
  const all = [...privateSubnets, ...(publicSubnets ?? [])];
  all.forEach((s) => {
    if (!s.availabilityZone.startsWith(region)) {
      const list = privateSubnets.includes(s) ? 'privateSubnets' : 'publicSubnets';
      const index = list === 'privateSubnets' ? privateSubnets.indexOf(s) : publicSubnets!.indexOf(s);
      issues.push({ path: ['network', list, index, 'availabilityZone'], message: `expected a zone of region ${region}, found ${s.availabilityZone}` });
    }
  });
  const seen = new Set<string>();
  all.forEach((s) => {
    if (seen.has(s.id)) issues.push({ path: ['network'], message: `subnet ${s.id} is listed twice` });
    seen.add(s.id);
  });
  if (needsPublicSubnets) {
    if (!publicSubnets || publicSubnets.length === 0) {
      issues.push({ path: ['network', 'publicSubnets'], message: 'expected public subnets for an internet-facing load balancer, found none' });
    } else if (distinctZones(publicSubnets) < 2) {
      issues.push({ path: ['network', 'publicSubnets'], message: 'expected subnets in at least 2 availability zones, found 1' });
    }
  }
  return issues;
}

export function checkEmulationProps(file: EnvironmentFile): PropIssue[] {
  if (file.emulation && file.tier === 'production') {
    return [{ path: ['emulation'], message: 'an emulator endpoint override is for local test environments only; remove it from the production tier' }];
  }
  return [];
}

/** Pipeline roles must live in the stack's own account: the provider would act in another one. */
export function checkPipelineRoleProps(file: EnvironmentFile): PropIssue[] {
  return Object.entries(file.pipelineRoles ?? {}).flatMap(([job, arn]) => {
    const roleAccount = arn?.split(':')[4];
    return roleAccount && roleAccount !== file.account
      ? [{ path: ['pipelineRoles', job], message: `expected a role in the stack's account ${file.account}, found one in ${roleAccount}` }]
      : [];
  });
}

export function checkDatabaseProps(db: DatabaseConfig | undefined, at: (string | number)[] = ['database']): PropIssue[] {
  const issues: PropIssue[] = [];
  if (db?.allocatedStorageGiB !== undefined && db.maxAllocatedStorageGiB !== undefined && db.maxAllocatedStorageGiB < db.allocatedStorageGiB) {
    issues.push({ path: [...at, 'maxAllocatedStorageGiB'], message: `expected at least allocatedStorageGiB (${db.allocatedStorageGiB}), found ${db.maxAllocatedStorageGiB}` });
  }
  // MySQL's parameter-group family is major.minor (mysql8.0), so a bare major cannot name it.
  if (db?.engine === 'mysql' && db.engineVersion !== undefined && !/^\d+\.\d+/.test(db.engineVersion)) {
    issues.push({ path: [...at, 'engineVersion'], message: `expected a MySQL major.minor version such as 8.0, found "${db.engineVersion}"` });
  }
  return issues;
}

/** An existing key replaces the environment's own: settings of the own key make no sense beside it. */
export function checkKmsKeyProps(kmsKey: AppKmsKeyConfig | undefined, region: string): PropIssue[] {
  if (!kmsKey?.existingKeyArn) return [];
  const issues: PropIssue[] = [];
  for (const key of ['deletionWindowDays', 'preventDestroy', 'aliasName'] as const) {
    if (kmsKey[key] !== undefined) issues.push({ path: ['kmsKey', key], message: `settings for a key the environment creates, found beside existingKeyArn (which creates none); remove one of the two` });
  }
  const keyRegion = kmsKey.existingKeyArn.split(':')[3];
  if (keyRegion !== region) issues.push({ path: ['kmsKey', 'existingKeyArn'], message: `expected a key in the environment's region ${region} (EBS, RDS and CloudWatch Logs use keys of their own region), found one in ${keyRegion}` });
  return issues;
}

/** AWS requires the health-check timeout to be shorter than the interval. */
export function checkTargetGroupProps(targetGroup: TargetGroupConfig | undefined, at: (string | number)[]): PropIssue[] {
  const check = targetGroup?.healthCheck;
  const interval = check?.intervalSeconds ?? 15;
  const timeout = check?.timeoutSeconds ?? 5;
  if (check === undefined || timeout < interval) return [];
  return [{ path: [...at, 'healthCheck', check.timeoutSeconds !== undefined ? 'timeoutSeconds' : 'intervalSeconds'], message: `expected a health-check timeout shorter than the interval (${interval} s), found ${timeout} s` }];
}

/** Which database each service names, and what belongs to a service's database and volumes. */
function checkServiceDatabasesAndVolumes(file: Extract<EnvironmentFile, { blueprint: 'container-app' }>): PropIssue[] {
  const issues: PropIssue[] = [];
  const named = Object.keys(file.databases ?? {});
  named.filter((name) => RESERVED_DATABASE_NAMES.includes(name)).forEach((name) => {
    issues.push({ path: ['databases', name], message: `"${name}" is reserved (service.database: ${RESERVED_DATABASE_NAMES.join(' | ')}); choose another name` });
  });
  file.containerApp.services.forEach((s, i) => {
    const at = ['containerApp', 'services', i];
    if (s.database !== undefined && s.usesDatabase !== undefined) {
      issues.push({ path: [...at, 'usesDatabase'], message: 'either usesDatabase or database, found both; database: none replaces usesDatabase: false' });
    }
    if (s.database !== undefined && !RESERVED_DATABASE_NAMES.includes(s.database) && !named.includes(s.database)) {
      const known = [...RESERVED_DATABASE_NAMES, ...named].join(', ');
      issues.push({ path: [...at, 'database'], message: `expected one of ${known}, found "${s.database}"` });
    }
    const usesNone = s.database === 'none' || (s.database === undefined && s.usesDatabase === false);
    if (usesNone && s.databaseVariables !== undefined) {
      issues.push({ path: [...at, 'databaseVariables'], message: 'variable names for a database the service does not use; remove them or name its database' });
    }
    const volumeNames = new Map<string, number>();
    (s.persistentVolumes ?? []).forEach((v, j) => {
      if (volumeNames.has(v.name)) issues.push({ path: [...at, 'persistentVolumes', j, 'name'], message: `expected a unique volume name, found "${v.name}" again (also persistentVolumes[${volumeNames.get(v.name)}])` });
      volumeNames.set(v.name, j);
      if ((s.writablePaths ?? []).includes(v.path)) {
        issues.push({ path: [...at, 'persistentVolumes', j, 'path'], message: `expected a path that is not also a writable scratch path, found ${v.path} in both` });
      }
    });
  });
  return [...issues, ...Object.entries(file.databases ?? {}).flatMap(([name, db]) => checkDatabaseProps(db, ['databases', name]))];
}

function checkContainerAppProps(file: Extract<EnvironmentFile, { blueprint: 'container-app' }>): PropIssue[] {
  const issues: PropIssue[] = [];
  const names = new Map<string, number>();
  const priorities = new Map<number, number>();
  file.containerApp.services.forEach((s, i) => {
    const at = ['containerApp', 'services', i];
    if (names.has(s.name)) issues.push({ path: [...at, 'name'], message: `expected a unique service name, found "${s.name}" again (also services[${names.get(s.name)}])` });
    names.set(s.name, i);
    if (priorities.has(s.routing.priority)) {
      issues.push({ path: [...at, 'routing', 'priority'], message: `expected a unique listener rule priority, found ${s.routing.priority} again (also services[${priorities.get(s.routing.priority)}])` });
    }
    priorities.set(s.routing.priority, i);
    if (s.autoscaling && s.autoscaling.minCapacity > s.autoscaling.maxCapacity) {
      issues.push({ path: [...at, 'autoscaling', 'minCapacity'], message: `expected at most maxCapacity (${s.autoscaling.maxCapacity}), found ${s.autoscaling.minCapacity}` });
    }
    issues.push(...checkTargetGroupProps(s.targetGroup, [...at, 'targetGroup']));
    (s.writablePaths ?? []).forEach((p, j) => {
      if (s.readonlyRootFilesystem === false) {
        issues.push({ path: [...at, 'writablePaths', j], message: `writable paths only make sense with a read-only root filesystem, found ${p} with readonlyRootFilesystem: false` });
      }
    });
  });
  return [...issues, ...checkAppNetworkProps(file), ...checkKmsKeyProps(file.kmsKey, file.region ?? 'eu-central-1'), ...checkDatabaseProps(file.database), ...checkServiceDatabasesAndVolumes(file)];
}

function checkNetworkLookupProps(region: string, lookup: NetworkLookupConfig['lookup'], needsPublicSubnets: boolean): PropIssue[] {
  const issues: PropIssue[] = [];
  const at = ['network', 'lookup'];
  if (new Set(lookup.availabilityZones).size < 2) {
    issues.push({ path: [...at, 'availabilityZones'], message: 'expected at least 2 distinct availability zones, found 1' });
  }
  lookup.availabilityZones.forEach((zone, i) => {
    if (!zone.startsWith(region)) issues.push({ path: [...at, 'availabilityZones', i], message: `expected a zone of region ${region}, found ${zone}` });
  });
  if (needsPublicSubnets && !lookup.publicSubnetTags) {
    issues.push({ path: [...at, 'publicSubnetTags'], message: 'expected public subnet tags for an internet-facing load balancer, found none' });
  }
  return issues;
}

/**
 * The landing-zone network of any app environment, by ID or by tag lookup, against the load balancer
 * that is placed into it: every blueprint gets the same rules.
 */
export function checkAppNetworkProps(file: Pick<AppEnvironmentFile, 'region' | 'network' | 'loadBalancer'>): PropIssue[] {
  const region = file.region ?? 'eu-central-1';
  const internetFacing = (file.loadBalancer.scheme ?? 'internet-facing') === 'internet-facing';
  const network = file.network;
  if (!('lookup' in network)) return checkNetworkIdProps(region, network, internetFacing);
  const issues = checkNetworkLookupProps(region, network.lookup, internetFacing);
  if (!internetFacing && !file.loadBalancer.allowedIngressCidrs) {
    issues.push({
      path: ['loadBalancer', 'allowedIngressCidrs'],
      message: 'expected the CIDRs allowed to reach an internal load balancer (the VPC CIDR is unknown at synth when the network is looked up by tag), found none',
    });
  }
  return issues;
}

/**
 * Previous-generation families: they cannot be EBS-optimized (or only in some sizes), and the
 * blueprint always asks for EBS optimization, which would fail at apply time instead of here.
 */
const PREVIOUS_GENERATION_FAMILIES = ['t1', 't2', 'm1', 'm2', 'm3', 'c1', 'c3', 'cc2', 'cr1', 'r3', 'i2', 'g2', 'hi1', 'hs1'];

function checkInstanceAppProps(file: InstanceAppEnvironmentFile): PropIssue[] {
  const issues: PropIssue[] = [...checkAppNetworkProps(file)];
  const app = file.instanceApp;
  const family = app.instanceType?.split('.')[0];
  if (family && PREVIOUS_GENERATION_FAMILIES.includes(family)) {
    issues.push({ path: ['instanceApp', 'instanceType'], message: `expected a current-generation instance type that supports EBS optimization (e.g. t3, m6i), found ${app.instanceType}` });
  }
  if (app.dataVolume?.mountPath === '/') {
    issues.push({ path: ['instanceApp', 'dataVolume', 'mountPath'], message: 'expected a mount point other than the root filesystem, found /' });
  }
  const logNames = new Map<string, number>();
  (app.logFiles ?? []).forEach((f, i) => {
    if (logNames.has(f.name)) issues.push({ path: ['instanceApp', 'logFiles', i, 'name'], message: `expected a unique log name, found "${f.name}" again (also logFiles[${logNames.get(f.name)}])` });
    logNames.set(f.name, i);
  });
  issues.push(...checkInstancePlacements(file), ...checkTargetGroupProps(app.targetGroup, ['instanceApp', 'targetGroup']), ...checkKmsKeyProps(file.kmsKey, file.region ?? 'eu-central-1'));
  if (file.patching?.approveAfterDays !== undefined && OS_WITHOUT_APPROVAL_DELAY.includes(app.operatingSystem)) {
    issues.push({
      path: ['patching', 'approveAfterDays'],
      message: `Patch Manager cannot delay approval on ${app.operatingSystem} (no patch release dates); remove it, the schedule alone staggers the tiers`,
    });
  }
  return [...issues, ...checkDatabaseProps(file.database)];
}

/**
 * The instances one by one (an adopted app): each in a zone of the network, in a private subnet of that
 * zone, with data-volume settings only when there is a data volume; not together with instancesPerAz.
 */
function checkInstancePlacements(file: InstanceAppEnvironmentFile): PropIssue[] {
  const app = file.instanceApp;
  if (!app.instances) return [];
  const issues: PropIssue[] = [];
  if (app.instancesPerAz !== undefined) issues.push({ path: ['instanceApp', 'instancesPerAz'], message: 'either instancesPerAz or instances, found both; instances lists every instance itself' });
  const network = file.network;
  const subnets = 'lookup' in network ? undefined : network.privateSubnets;
  const zones = subnets ? [...new Set(subnets.map((s) => s.availabilityZone))] : (network as NetworkLookupConfig).lookup.availabilityZones;
  app.instances.forEach((pin, i) => {
    const at = ['instanceApp', 'instances', i];
    if (!zones.includes(pin.availabilityZone)) {
      issues.push({ path: [...at, 'availabilityZone'], message: `expected a zone of the network (${zones.join(', ')}), found ${pin.availabilityZone}` });
    } else if (pin.subnetId !== undefined && subnets) {
      const inZone = subnets.filter((s) => s.availabilityZone === pin.availabilityZone).map((s) => s.id);
      if (!inZone.includes(pin.subnetId)) issues.push({ path: [...at, 'subnetId'], message: `expected a private subnet of ${pin.availabilityZone} (${inZone.join(', ')}), found ${pin.subnetId}` });
    }
    for (const key of ['dataVolumeGiB', 'dataVolumeType'] as const) {
      if (pin[key] !== undefined && !app.dataVolume) issues.push({ path: [...at, key], message: 'a data volume setting without instanceApp.dataVolume; add dataVolume or remove it' });
    }
  });
  return issues;
}

/** Baseline settings keys, and the control whose absence makes them meaningless. */
const BASELINE_SETTINGS: [key: 'guardDuty' | 'configRecorder' | 'passwordPolicy' | 'logs' | 'alerting', control: BaselineControl][] = [
  ['guardDuty', 'guardDuty'],
  ['alerting', 'findingAlerts'],
  ['configRecorder', 'configRecorder'],
  ['passwordPolicy', 'passwordPolicy'],
  ['logs', 'cloudTrail'],
];

/** Settings of account-wide controls, which only the home region's baseline creates. */
const ACCOUNT_WIDE_SETTINGS: [key: 'passwordPolicy' | 'logs', what: string][] = [
  ['passwordPolicy', 'the password policy is account-wide and set'],
  ['logs', 'the multi-region trail (and its log group) is created'],
];

function checkAccountBaselineProps(file: AccountBaselineFile): PropIssue[] {
  const issues: PropIssue[] = [];
  const provided = file.providedByLandingZone ?? [];
  const seen = new Map<string, number>();
  provided.forEach((control, i) => {
    if (seen.has(control)) issues.push({ path: ['providedByLandingZone', i], message: `expected each control once, found ${control} again (also [${seen.get(control)}])` });
    seen.set(control, i);
  });
  for (const [key, control] of BASELINE_SETTINGS) {
    if (file[key] !== undefined && seen.has(control)) {
      issues.push({ path: [key], message: `settings for a control the landing zone provides (providedByLandingZone lists ${control}); remove one of the two` });
    }
  }
  if (file.auditLogs !== undefined && seen.has('cloudTrail') && seen.has('configRecorder')) {
    issues.push({ path: ['auditLogs'], message: 'settings for the audit bucket, which is not created when the landing zone provides both cloudTrail and configRecorder' });
  }
  const region = file.region ?? 'eu-central-1';
  const homeRegion = file.homeRegion ?? region;
  for (const [key, what] of ACCOUNT_WIDE_SETTINGS) {
    if (file[key] !== undefined && homeRegion !== region) {
      issues.push({ path: [key], message: `${what} by the baseline of homeRegion ${homeRegion}, found settings in the ${region} baseline` });
    }
  }
  return issues;
}

/**
 * A subscription filter and its destination must be in the same region (the destination's own target
 * may be elsewhere); the account may differ, that is what destinations are for.
 */
export function checkCentralLogsProps(file: EnvironmentFile): PropIssue[] {
  const arn = file.logs?.central?.destinationArn;
  if (arn === undefined) return [];
  const region = file.region ?? 'eu-central-1';
  const destinationRegion = arn.split(':')[3];
  if (destinationRegion === region) return [];
  return [{ path: ['logs', 'central', 'destinationArn'], message: `expected a destination in the stack's region ${region} (CloudWatch Logs subscribes only within a region), found ${destinationRegion}` }];
}

/**
 * The domain's shape against the network it is placed into: OpenSearch puts one subnet per zone, and
 * spreads the data nodes evenly over the zones.
 */
function checkObservabilityProps(file: ObservabilityFile): PropIssue[] {
  const region = file.region ?? 'eu-central-1';
  const network = file.network;
  const issues = 'lookup' in network ? checkNetworkLookupProps(region, network.lookup, false) : checkNetworkIdProps(region, network, false);
  // Its own groups stay out of the central store: Firehose's delivery errors fed back into the stream that failed would loop.
  if (file.logs?.central) {
    issues.push({ path: ['logs', 'central'], message: 'an observability stack is the central log store; its own log groups are not subscribed anywhere, remove logs.central' });
  }
  const os = file.openSearch;
  const zoneCount = os.zoneCount ?? TIER_DEFAULTS['openSearch.zoneCount'][file.tier];
  const instanceCount = os.instanceCount ?? TIER_DEFAULTS['openSearch.instanceCount'][file.tier];
  const zones = 'lookup' in network ? new Set(network.lookup.availabilityZones).size : distinctZones(network.privateSubnets);
  if (zoneCount > zones) {
    issues.push({ path: ['openSearch', 'zoneCount'], message: `expected at most as many zones as the private subnets cover (${zones}), found ${zoneCount}` });
  }
  if (instanceCount % zoneCount !== 0) {
    issues.push({ path: ['openSearch', 'instanceCount'], message: `expected a multiple of zoneCount (${zoneCount}), so every zone holds as many data nodes, found ${instanceCount}` });
  }
  const seen = new Map<string, number>();
  file.ingestion.subscriberAccounts.forEach((account, i) => {
    if (seen.has(account)) issues.push({ path: ['ingestion', 'subscriberAccounts', i], message: `expected each account once, found ${account} again (also [${seen.get(account)}])` });
    seen.set(account, i);
  });
  return issues;
}

/** All cross-key problems of one environment file. */
export function checkEnvironmentProps(file: EnvironmentFile): PropIssue[] {
  const common = [...checkEmulationProps(file), ...checkPipelineRoleProps(file), ...checkCentralLogsProps(file)];
  switch (file.blueprint) {
    case 'container-app':
      return [...common, ...checkContainerAppProps(file)];
    case 'instance-app':
      return [...common, ...checkInstanceAppProps(file)];
    case 'account-baseline':
      return [...common, ...checkAccountBaselineProps(file)];
    case 'observability':
      return [...common, ...checkObservabilityProps(file)];
  }
}
