/**
 * Maps a running application onto a blueprint's shape: which running resource becomes which of the
 * blueprint's resources (its construct path inside the stack), the environment-file values that keep
 * every argument whose change would force a replacement as it runs today, and what does not fit.
 * Every misfit is collected before anything is decided, so one run names all of them.
 */
import { DiscoveredResource } from '../discovery/model';
import { keysInUse, plain, plainList, RunningApp, RunningInstance } from './running-app';

import { AdoptableBlueprint } from './adoptable-blueprints';

export { ADOPTABLE_BLUEPRINTS } from './adoptable-blueprints';
export type { AdoptableBlueprint } from './adoptable-blueprints';

/** The engines the blueprints' RelationalDatabase offers (config/schema.ts databaseSchema). */
export const BLUEPRINT_ENGINES = ['postgres', 'mysql'] as const;

export interface AdoptedResource {
  /** The blueprint's construct path inside the stack, e.g. `app/database/instance`. */
  constructPath: string;
  resource: DiscoveredResource;
}

export interface LeftAlone {
  resource: DiscoveredResource;
  /** Why the blueprint has no place for it, and what to do. */
  why: string;
}

export interface Mapping {
  adopted: AdoptedResource[];
  /** Running resources whose place the blueprint fills with a new resource (re-declared, not imported). */
  redeclared: { resource: DiscoveredResource; constructPath: string; why: string }[];
  leftAlone: LeftAlone[];
  /** The environment file's settings read from the running resources (without app/environment/tier/account). */
  settings: Record<string, unknown>;
  /** What the report says besides (a password that is not carried over, assumptions made). */
  notes: string[];
  misfits: string[];
}

export interface MappingOptions {
  blueprint: AdoptableBlueprint;
  /** The instances' operating system: the patch baseline. Not readable from EC2 alone. */
  operatingSystem?: string;
}

const describe = (r: DiscoveredResource) => (r.name && r.name !== r.id ? `${r.type} ${r.name} (${r.id})` : `${r.type} ${r.id}`);

/** One zone's subnet per zone, or a misfit when instances of one zone sit in different subnets. */
function zonesOf(instances: RunningInstance[], misfits: string[]): Map<string, RunningInstance[]> {
  const zones = new Map<string, RunningInstance[]>();
  for (const i of instances) zones.set(i.availabilityZone, [...(zones.get(i.availabilityZone) ?? []), i]);
  for (const [zone, list] of zones) {
    const subnets = [...new Set(list.map((i) => i.subnetId))];
    if (subnets.length > 1) misfits.push(`instances in ${zone} sit in ${subnets.length} subnets (${subnets.join(', ')}): the blueprint places one zone's instances in one private subnet`);
  }
  return zones;
}

function same<T>(values: T[], what: string, misfits: string[]): T | undefined {
  const distinct = [...new Set(values.map((v) => JSON.stringify(v)))];
  if (distinct.length > 1) misfits.push(`${what} differ (${distinct.join(', ')}): the blueprint gives every instance the same`);
  return values[0];
}

/** The running target group's identity and health-check timing (config/schema.ts targetGroupSchema). */
function targetGroupSettings(tg: DiscoveredResource): Record<string, unknown> {
  const hc = (tg.attributes.healthCheck ?? {}) as Record<string, unknown>;
  return {
    name: tg.name,
    ...(tg.attributes.protocol === 'HTTPS' ? { protocol: 'HTTPS' } : {}),
    healthCheck: {
      ...(hc.protocol === 'HTTPS' ? { protocol: 'HTTPS' } : {}),
      ...(hc.interval !== undefined ? { intervalSeconds: Number(hc.interval) } : {}),
      ...(hc.timeout !== undefined ? { timeoutSeconds: Number(hc.timeout) } : {}),
      ...(hc.healthyThreshold !== undefined ? { healthyThreshold: Number(hc.healthyThreshold) } : {}),
      ...(hc.unhealthyThreshold !== undefined ? { unhealthyThreshold: Number(hc.unhealthyThreshold) } : {}),
    },
  };
}

export function mapRunningApp(app: RunningApp, options: MappingOptions): Mapping {
  const m: Mapping = { adopted: [], redeclared: [], leftAlone: [], settings: {}, notes: [], misfits: [] };
  const adopt = (constructPath: string, resource: DiscoveredResource) => m.adopted.push({ constructPath, resource });
  const leave = (resource: DiscoveredResource, why: string) => m.leftAlone.push({ resource, why });

  if (options.blueprint === 'instance-app') {
    mapInstances(app, options, m, adopt, leave);
    for (const r of [...app.ecsClusters, ...app.ecsServices, ...app.ecsTaskDefinitions]) leave(r, 'the instance-app blueprint runs instances, not ECS services');
  } else {
    for (const i of app.instances) leave(i.instance, 'the container-app blueprint runs ECS Fargate tasks, not instances: retire the instance once its work runs as a service');
    mapServices(app, m, adopt, leave);
  }

  const vpcIds = new Set<string>();
  const loadBalancer = mapLoadBalancer(app, options, m, adopt, leave, vpcIds);
  mapDatabase(app, m, adopt, leave);
  mapKey(app, m, adopt, leave);

  for (const sg of app.securityGroups) {
    leave(sg, 'the blueprint makes its own least-privilege groups (load balancer, app, database) and moves the instances, load balancer and database onto them in place; delete this group once nothing uses it');
  }
  for (const rule of app.securityGroupRules) leave(rule, 'a rule of a group the blueprint replaces; goes with its group');
  for (const r of app.others) leave(r, 'the blueprint has no place for it; keep managing it as before, or onboard it with `npm run import -- onboard`');

  // the network: instances' subnets are the private subnets, the load balancer's the public ones
  for (const i of app.instances) vpcIds.add(plain(app.lookup(i.subnetId)?.attributes.vpcId) ?? '');
  vpcIds.delete('');
  if (vpcIds.size > 1) m.misfits.push(`the app spans ${vpcIds.size} VPCs (${[...vpcIds].sort().join(', ')}): a blueprint lives in one landing-zone VPC`);
  const vpcId = [...vpcIds][0];
  const vpc = vpcId ? app.lookup(vpcId) : undefined;
  const subnet = (id: string) => ({ id, availabilityZone: plain(app.lookup(id)?.attributes.availabilityZone) ?? '' });
  const privateSubnets = [...new Map(app.instances.map((i) => [i.availabilityZone, i.subnetId])).values()].map(subnet);
  const lbSubnets = loadBalancer ? plainList(loadBalancer.attributes.subnets).map(subnet).sort((a, b) => a.availabilityZone.localeCompare(b.availabilityZone)) : [];
  const internetFacing = loadBalancer ? loadBalancer.attributes.internal !== true : true;
  if (options.blueprint === 'container-app' && privateSubnets.length === 0) {
    // without instances, the database's subnet group names the private subnets
    const group = app.dbSubnetGroups[0];
    for (const id of plainList(group?.attributes.subnetIds)) privateSubnets.push(subnet(id));
  }
  if (vpc || vpcId) {
    m.settings.network = {
      vpcId,
      vpcCidr: plain(vpc?.attributes.cidrBlock),
      privateSubnets: internetFacing ? privateSubnets : privateSubnets.length ? privateSubnets : lbSubnets,
      ...(internetFacing && lbSubnets.length ? { publicSubnets: lbSubnets } : {}),
    };
  }
  return m;
}

function mapInstances(app: RunningApp, options: MappingOptions, m: Mapping, adopt: (p: string, r: DiscoveredResource) => void, leave: (r: DiscoveredResource, why: string) => void): void {
  const instances = app.instances;
  if (instances.length === 0) {
    m.misfits.push('no EC2 instance in scope: the instance-app blueprint adopts the instances that run the app (scope with --vpc, --tag, --ids or --attached-to)');
    return;
  }
  const zones = zonesOf(instances, m.misfits);
  if (zones.size < 2) {
    m.misfits.push(`all ${instances.length} instance(s) run in one availability zone (${[...zones.keys()].join(', ')}): the blueprint spreads its instances over at least two zones; start an instance in a second zone first`);
  }
  const dataVolumes = instances.map((i) => i.dataVolumes);
  for (const i of instances) {
    if (i.rootVolumeEncrypted === false) {
      m.misfits.push(`the root volume of ${i.instance.id} is not encrypted: the blueprint encrypts root volumes, and Terraform can only encrypt one by recreating the instance; replace the root volume with an encrypted copy first (EC2 "replace root volume" keeps the instance and its ID)`);
    }
    if (i.dataVolumes.length > 1) {
      m.misfits.push(`instance ${i.instance.id} has ${i.dataVolumes.length} data volumes (${i.dataVolumes.map((d) => `${d.deviceName} ${d.volume.id}`).join(', ')}): the blueprint gives each instance one data volume`);
    }
    for (const d of i.dataVolumes) {
      if (d.volume.attributes.encrypted !== true) {
        m.misfits.push(`volume ${d.volume.id} of ${i.instance.id} is not encrypted: the blueprint encrypts every volume with the app's key, and encrypting a volume means a new volume (snapshot, copy encrypted, swap) before adoption`);
      }
      if (!/^\/dev\/(sd|xvd)[f-p]$/.test(d.deviceName)) m.misfits.push(`volume ${d.volume.id} is attached as ${d.deviceName}: the blueprint attaches its data volume as /dev/sdf to /dev/sdp`);
    }
  }
  const withData = dataVolumes.filter((d) => d.length > 0).length;
  if (withData > 0 && withData < instances.length) m.misfits.push(`${withData} of ${instances.length} instances have a data volume: the blueprint gives all or none one`);
  const device = withData > 0 ? same(instances.filter((i) => i.dataVolumes[0]).map((i) => i.dataVolumes[0].deviceName), 'data volume device names', m.misfits) : undefined;
  const first = instances[0];

  for (const [zone, list] of zones) {
    list.forEach((i, n) => {
      const base = `app/instance-${zone}-${n + 1}`;
      adopt(`${base}/instance`, i.instance);
      const d = i.dataVolumes[0];
      if (d) {
        adopt(`${base}/data-volume`, d.volume);
        adopt(`${base}/data-volume-attachment`, d.attachment);
      }
    });
  }
  for (const i of instances) for (const d of i.dataVolumes.slice(1)) leave(d.volume, 'a further data volume; the blueprint has one per instance');

  const tg = app.targetGroups[0];
  const firstData = first.dataVolumes[0]?.volume.attributes;
  m.settings.instanceApp = {
    // the defaults for instances added later; each running one is pinned below
    instanceType: String(first.instance.attributes.instanceType),
    ami: { id: String(first.instance.attributes.ami) },
    operatingSystem: options.operatingSystem ?? 'AMAZON_LINUX_2023',
    ...(first.rootVolumeGiB !== undefined ? { rootVolumeGiB: Math.max(first.rootVolumeGiB, 8) } : {}),
    ...(first.rootVolumeType === 'gp2' ? { rootVolumeType: 'gp2' } : {}),
    ...(firstData ? { dataVolume: { sizeGiB: Number(firstData.size), ...(device ? { deviceName: device } : {}), ...(firstData.type === 'gp2' ? { type: 'gp2' } : {}) } } : {}),
    // each running instance as it is: zone, subnet, image, type and volumes (numbered per zone in this order)
    instances: [...zones.values()].flat().map((i) => {
      const data = i.dataVolumes[0]?.volume.attributes;
      return {
        availabilityZone: i.availabilityZone,
        subnetId: i.subnetId,
        ami: String(i.instance.attributes.ami),
        instanceType: String(i.instance.attributes.instanceType),
        ...(i.rootVolumeGiB !== undefined ? { rootVolumeGiB: Math.max(i.rootVolumeGiB, 8) } : {}),
        ...(i.rootVolumeType === 'gp2' || i.rootVolumeType === 'gp3' ? { rootVolumeType: i.rootVolumeType } : {}),
        ...(data ? { dataVolumeGiB: Number(data.size) } : {}),
        ...(data && (data.type === 'gp2' || data.type === 'gp3') ? { dataVolumeType: String(data.type) } : {}),
      };
    }),
    ...(tg?.attributes.port !== undefined ? { appPort: Number(tg.attributes.port) } : {}),
    healthCheckPath: plain((tg?.attributes.healthCheck as Record<string, unknown> | undefined)?.path) ?? '/',
    ...((tg?.attributes.healthCheck as Record<string, unknown> | undefined)?.matcher ? { healthyStatusCodes: String((tg!.attributes.healthCheck as Record<string, unknown>).matcher) } : {}),
    ...(tg ? { targetGroup: targetGroupSettings(tg) } : {}),
  };
  if (!options.operatingSystem) m.notes.push('The instances\' operating system cannot be read from EC2 alone: AMAZON_LINUX_2023 was assumed (it picks the patch baseline). Pass --operating-system if it is another.');
}

function mapLoadBalancer(
  app: RunningApp,
  options: MappingOptions,
  m: Mapping,
  adopt: (p: string, r: DiscoveredResource) => void,
  leave: (r: DiscoveredResource, why: string) => void,
  vpcIds: Set<string>,
): DiscoveredResource | undefined {
  const albs = app.loadBalancers;
  if (albs.length === 0) {
    m.misfits.push('no load balancer in scope: the blueprint serves the app through one HTTPS Application Load Balancer');
    return undefined;
  }
  if (albs.length > 1) {
    m.misfits.push(`${albs.length} load balancers (${albs.map((a) => a.name).sort().join(', ')}): the blueprint has one load balancer; narrow the scope or retire one first`);
    return undefined;
  }
  const lb = albs[0];
  if (lb.attributes.loadBalancerType && lb.attributes.loadBalancerType !== 'application') {
    m.misfits.push(`load balancer ${lb.name} is a ${String(lb.attributes.loadBalancerType)} load balancer: the blueprint has an Application Load Balancer`);
  }
  for (const s of plainList(lb.attributes.subnets)) vpcIds.add(plain(app.lookup(s)?.attributes.vpcId) ?? '');
  adopt('app/load-balancer/alb', lb);

  const listeners = app.listeners.filter((l) => plain(l.attributes.loadBalancerArn) === lb.id);
  const https = listeners.filter((l) => l.attributes.protocol === 'HTTPS' && Number(l.attributes.port) === 443);
  const http = listeners.filter((l) => l.attributes.protocol === 'HTTP' && Number(l.attributes.port) === 80);
  if (https.length === 0) m.misfits.push(`load balancer ${lb.name} has no HTTPS listener on 443: the blueprint serves HTTPS only, with the certificate of that listener`);
  else adopt('app/load-balancer/https', https[0]);
  if (http.length > 0) adopt('app/load-balancer/http-redirect', http[0]);
  for (const l of listeners.filter((x) => !https.includes(x) && !http.includes(x))) {
    leave(l, 'the blueprint listens on 443 (HTTPS) and 80 (redirect) only; move its clients to 443, then delete the listener');
  }
  for (const rule of app.listenerRules) leave(rule, 'the blueprint routes with its own rule; compare the conditions, add what is missing to the routing setting, then delete this rule');

  const groups = app.targetGroups;
  const targetPaths = options.blueprint === 'instance-app' ? ['app/load-balancer/target-group-app'] : groups.map((g) => serviceTargetGroupPath(app, g));
  groups.forEach((tg, i) => {
    if (tg.attributes.protocol !== undefined && tg.attributes.protocol !== 'HTTP') {
      m.misfits.push(`target group ${tg.name} forwards with ${String(tg.attributes.protocol)}: the blueprint forwards HTTP to its targets (TLS ends at the load balancer)`);
    }
    const wantType = options.blueprint === 'instance-app' ? 'instance' : 'ip';
    const type = String(tg.attributes.targetType ?? 'instance');
    if (type !== wantType) m.misfits.push(`target group ${tg.name} has ${type} targets: the ${options.blueprint} blueprint registers ${wantType} targets`);
    if (targetPaths[i]) adopt(targetPaths[i]!, tg);
    else if (options.blueprint === 'instance-app') m.misfits.push(`${groups.length} target groups (${groups.map((g) => g.name).join(', ')}): the instance-app blueprint has one`);
    else leave(tg, 'no service forwards from it; delete it once nothing routes to it');
  });
  if (options.blueprint === 'instance-app' && groups.length === 0) m.misfits.push(`load balancer ${lb.name} has no target group: the blueprint forwards to one target group of the instances`);
  for (const a of app.targetAttachments) m.redeclared.push({ resource: a, constructPath: 'app/target-…', why: 'Terraform cannot import a target registration; the blueprint registers the same target again, which is idempotent' });

  const certificateArn = https[0] ? plain(https[0].attributes.certificateArn) : undefined;
  m.settings.loadBalancer = {
    name: lb.name,
    ...(lb.attributes.internal === true ? { scheme: 'internal' } : {}),
    ...(certificateArn ? { certificate: { arn: certificateArn } } : {}),
  };
  return lb;
}

function mapDatabase(app: RunningApp, m: Mapping, adopt: (p: string, r: DiscoveredResource) => void, leave: (r: DiscoveredResource, why: string) => void): void {
  const dbs = app.databases;
  if (dbs.length === 0) {
    m.notes.push('No database in scope: the blueprint creates a new, empty one.');
    return;
  }
  if (dbs.length > 1) {
    m.misfits.push(`${dbs.length} databases (${dbs.map((d) => d.id).sort().join(', ')}): the blueprint adopts one database; narrow the scope`);
    return;
  }
  const db = dbs[0];
  const a = db.attributes;
  const engine = String(a.engine);
  if (!(BLUEPRINT_ENGINES as readonly string[]).includes(engine)) {
    m.misfits.push(`database ${db.id} runs ${engine}: the blueprint offers ${BLUEPRINT_ENGINES.join(' and ')}; an engine change is a migration, not an adoption`);
  }
  if (a.storageEncrypted !== true) {
    m.misfits.push(`database ${db.id} is not encrypted: the blueprint encrypts with the app's key, and RDS encrypts an existing database only through a snapshot copy and restore (a new instance); do that first`);
  }
  adopt('app/database/instance', db);
  const subnetGroup = app.dbSubnetGroups.find((g) => g.id === plain(a.dbSubnetGroupName));
  if (subnetGroup) adopt('app/database/subnet-group', subnetGroup);
  const parameterGroup = app.dbParameterGroups.find((g) => g.id === plain(a.parameterGroupName));
  if (parameterGroup) {
    // the blueprint's parameter group carries its own hardening parameters; the running one is
    // imported and updated in place (TLS only, statement logging), never recreated under the database
    adopt('app/database/parameter-group', parameterGroup);
  }
  for (const g of [...app.dbSubnetGroups, ...app.dbParameterGroups]) if (g !== subnetGroup && g !== parameterGroup) leave(g, 'not used by the adopted database; delete it when nothing else uses it');
  const version = String(a.engineVersion);
  m.settings.database = {
    identifier: db.id,
    ...(subnetGroup ? { subnetGroupName: subnetGroup.id } : {}),
    ...(parameterGroup ? { parameterGroupName: parameterGroup.id } : {}),
    ...(a.storageType === 'gp2' ? { storageType: 'gp2' } : {}),
    engine,
    // the running version exactly: a lower one would be a downgrade, which RDS refuses
    engineVersion: version,
    instanceClass: String(a.instanceClass),
    allocatedStorageGiB: Number(a.allocatedStorage),
    ...(a.maxAllocatedStorage ? { maxAllocatedStorageGiB: Number(a.maxAllocatedStorage) } : {}),
    ...(a.dbName ? { databaseName: String(a.dbName) } : {}),
    masterUsername: String(a.username),
    ...(a.port ? { port: Number(a.port) } : {}),
  };
  if (a.manageMasterUserPassword !== true) {
    m.notes.push(
      `Database ${db.id} has a master password set by hand. It is not read and not written anywhere. The blueprint turns on the RDS-managed master password (Secrets Manager, rotated by RDS): on apply RDS replaces the hand-set password with a generated one kept in the secret the blueprint publishes. Clients that log in as the master user must read that secret from then on; the app's own database users are not touched.`,
    );
  }
}

function mapKey(app: RunningApp, m: Mapping, adopt: (p: string, r: DiscoveredResource) => void, leave: (r: DiscoveredResource, why: string) => void): void {
  const used = keysInUse(app);
  const keyOf = (id: string) => app.kmsKeys.find((k) => k.id === id || (k.altIds ?? []).includes(id));
  const customer = used.filter((id) => !id.startsWith('alias/aws/'));
  const managed = used.filter((id) => app.lookup(id)?.skipReason !== undefined || id.startsWith('alias/aws/'));
  if (managed.length > 0) {
    m.misfits.push(`data is encrypted with an AWS-managed key (${managed.join(', ')}): the blueprint encrypts with one customer-managed key, and changing a database's or volume's key means a new one`);
  }
  if (customer.length > 1) m.misfits.push(`data is encrypted with ${customer.length} keys (${customer.join(', ')}): the blueprint encrypts everything with one key`);
  const keyId = customer[0] ?? (app.kmsKeys.length === 1 ? app.kmsKeys[0].id : undefined);
  const key = keyId ? keyOf(keyId) : undefined;
  if (keyId && !key && managed.length === 0) m.misfits.push(`the key ${keyId} that encrypts the app's data was not discovered: include it in the scope`);
  if (key) {
    if (key.attributes.keyUsage !== undefined || key.attributes.customerMasterKeySpec !== undefined) {
      m.misfits.push(`key ${key.id} is not a symmetric encryption key: the blueprint's key is SYMMETRIC_DEFAULT`);
    }
    adopt('app/kms/key', key);
  }
  for (const k of app.kmsKeys) if (k !== key) leave(k, 'not used by the adopted data; schedule its deletion when nothing else uses it');
  const keyAliases = key ? app.kmsAliases.filter((a) => plain(a.attributes.targetKeyId) === key.id || (key.altIds ?? []).includes(plain(a.attributes.targetKeyId) ?? '')) : [];
  if (keyAliases[0]) {
    adopt('app/kms/alias', keyAliases[0]);
    m.settings.kmsKey = { aliasName: keyAliases[0].id };
  }
  for (const alias of app.kmsAliases) if (alias !== keyAliases[0]) leave(alias, keyAliases.includes(alias) ? 'a further alias of the adopted key; keep it or delete it when nothing refers to the key by it' : 'an alias of a key the blueprint does not use');
}

/** A blueprint service name (lower-case with dashes) for a running service: the container the load balancer reaches. */
export function serviceName(service: DiscoveredResource): string {
  const lb = (service.attributes.loadBalancer as Record<string, unknown>[] | undefined)?.[0];
  const raw = String(lb?.containerName ?? service.attributes.name ?? service.name);
  return raw.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'app';
}

function serviceTargetGroupPath(app: RunningApp, tg: DiscoveredResource): string | undefined {
  const service = app.ecsServices.find((s) => ((s.attributes.loadBalancer as Record<string, unknown>[] | undefined) ?? []).some((l) => plain(l.targetGroupArn) === tg.id));
  return service ? `app/load-balancer/target-group-${serviceName(service)}` : undefined;
}

interface ContainerDefinition {
  name?: string;
  image?: string;
  portMappings?: { containerPort?: number }[];
}

function mapServices(app: RunningApp, m: Mapping, adopt: (p: string, r: DiscoveredResource) => void, leave: (r: DiscoveredResource, why: string) => void): void {
  if (app.ecsServices.length === 0) {
    m.misfits.push('no ECS service in scope: the container-app blueprint adopts the Fargate services that run the app (scope with --vpc, --tag, --ids)');
    return;
  }
  const clusters = new Set(app.ecsServices.map((s) => plain(s.attributes.cluster)));
  if (clusters.size > 1) m.misfits.push(`the services run in ${clusters.size} ECS clusters (${[...clusters].sort().join(', ')}): the blueprint has one cluster`);
  const cluster = app.ecsClusters.find((c) => clusters.has(c.id));
  if (cluster) adopt('app/cluster', cluster);
  for (const c of app.ecsClusters) if (c !== cluster) leave(c, 'no adopted service runs in it; delete it when it is empty');
  const services: Record<string, unknown>[] = [];
  const used = new Set<string>();
  for (const s of app.ecsServices) {
    const a = s.attributes;
    const name = serviceName(s);
    if (used.has(name)) m.misfits.push(`two services reach a container named ${name}: the blueprint names each service after its container`);
    used.add(name);
    if (a.launchType !== undefined && a.launchType !== 'FARGATE') m.misfits.push(`service ${s.name} runs on ${String(a.launchType)}: the blueprint runs Fargate services`);
    if (a.capacityProviderStrategy !== undefined) m.misfits.push(`service ${s.name} uses a capacity-provider strategy: the blueprint runs the FARGATE launch type`);
    const lbs = (a.loadBalancer as Record<string, unknown>[] | undefined) ?? [];
    if (lbs.length !== 1) m.misfits.push(`service ${s.name} sits behind ${lbs.length} target groups: the blueprint puts each service behind one`);
    const tdArn = plain(a.taskDefinition);
    // ECS names a service's task definition by ARN, or as family:revision
    const isIt = (t: DiscoveredResource) => t.type === 'aws_ecs_task_definition' && (t.id === tdArn || t.id.endsWith(`/${tdArn}`));
    const td = app.ecsTaskDefinitions.find(isIt) ?? app.everything.find(isIt);
    if (!td) {
      m.misfits.push(`the task definition ${tdArn} of service ${s.name} was not discovered: include it in the scope`);
      continue;
    }
    const containers = JSON.parse(String(td.attributes.containerDefinitions ?? '[]')) as ContainerDefinition[];
    const lb = lbs[0] ?? {};
    const container = containers.find((c) => c.name === lb.containerName) ?? containers[0];
    if (containers.length > 1) m.misfits.push(`task definition ${td.name} runs ${containers.length} containers: the blueprint runs one container per service`);
    adopt(`app/service-${name}/service`, s);
    // a new revision is how a service deploys: the blueprint registers its own, the running one stays registered
    m.redeclared.push({ resource: td, constructPath: `app/service-${name}/task-definition`, why: 'the blueprint registers a new revision of the task definition (its log, secrets and read-only settings); the service rolls onto it without downtime' });
    const tg = app.targetGroups.find((g) => g.id === plain(lb.targetGroupArn));
    const hc = tg?.attributes.healthCheck as Record<string, unknown> | undefined;
    const rule = app.listenerRules.find((r) => ((r.attributes.action as Record<string, unknown>[] | undefined) ?? []).some((x) => plain(x.targetGroupArn) === tg?.id));
    const conditions = (rule?.attributes.condition as Record<string, Record<string, string[]>>[] | undefined) ?? [];
    const hostHeaders = conditions.flatMap((c) => c.hostHeader?.values ?? []);
    const pathPatterns = conditions.flatMap((c) => c.pathPattern?.values ?? []);
    services.push({
      name,
      serviceName: String(a.name ?? s.name),
      taskFamily: String(td.attributes.family),
      ...(tg ? { targetGroup: targetGroupSettings(tg) } : {}),
      image: container?.image ?? '',
      containerPort: Number(lb.containerPort ?? container?.portMappings?.[0]?.containerPort ?? 80),
      ...(td.attributes.cpu ? { cpu: Number(td.attributes.cpu) } : {}),
      ...(td.attributes.memory ? { memoryMiB: Number(td.attributes.memory) } : {}),
      ...(a.desiredCount !== undefined ? { desiredCount: Number(a.desiredCount) } : {}),
      healthCheckPath: plain(hc?.path) ?? '/',
      routing: {
        priority: rule ? Number(rule.attributes.priority) : 100 + services.length,
        ...(hostHeaders.length ? { hostHeaders } : {}),
        ...(pathPatterns.length || !hostHeaders.length ? { pathPatterns: pathPatterns.length ? pathPatterns : ['/*'] } : {}),
      },
    });
  }
  for (const t of app.ecsTaskDefinitions) if (!m.redeclared.some((r) => r.resource === t)) leave(t, 'a task definition no adopted service runs; deregister it when it is no longer needed');
  m.settings.containerApp = { ...(cluster ? { clusterName: String(cluster.attributes.name ?? cluster.name) } : {}), services };
}

export { describe as describeResource };
