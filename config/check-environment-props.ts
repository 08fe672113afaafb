/**
 * Rules that span several keys, which the schema cannot express. Like AWS Solutions Constructs'
 * check…Props, it collects every problem before anyone throws, so a user fixes a file in one pass.
 */
import { EnvironmentFile } from './schema';

export interface PropIssue {
  path: (string | number)[];
  message: string;
}

function distinctZones(subnets: { availabilityZone: string }[]): number {
  return new Set(subnets.map((s) => s.availabilityZone)).size;
}

export function checkNetworkProps(file: EnvironmentFile, needsPublicSubnets: boolean): PropIssue[] {
  const issues: PropIssue[] = [];
  const region = file.region ?? 'eu-central-1';
  const { privateSubnets, publicSubnets } = file.network;
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

export function checkDatabaseProps(db: { allocatedStorageGiB?: number; maxAllocatedStorageGiB?: number } | undefined): PropIssue[] {
  if (db?.allocatedStorageGiB !== undefined && db.maxAllocatedStorageGiB !== undefined && db.maxAllocatedStorageGiB < db.allocatedStorageGiB) {
    return [{ path: ['database', 'maxAllocatedStorageGiB'], message: `expected at least allocatedStorageGiB (${db.allocatedStorageGiB}), found ${db.maxAllocatedStorageGiB}` }];
  }
  return [];
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
    (s.writablePaths ?? []).forEach((p, j) => {
      if (s.readonlyRootFilesystem === false) {
        issues.push({ path: [...at, 'writablePaths', j], message: `writable paths only make sense with a read-only root filesystem, found ${p} with readonlyRootFilesystem: false` });
      }
    });
  });
  const internetFacing = (file.loadBalancer.scheme ?? 'internet-facing') === 'internet-facing';
  return [...issues, ...checkNetworkProps(file, internetFacing), ...checkDatabaseProps(file.database)];
}

/** All cross-key problems of one environment file. */
export function checkEnvironmentProps(file: EnvironmentFile): PropIssue[] {
  const common = checkEmulationProps(file);
  switch (file.blueprint) {
    case 'container-app':
      return [...common, ...checkContainerAppProps(file)];
  }
}
