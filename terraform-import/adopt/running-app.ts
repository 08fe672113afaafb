/**
 * A running application as discovery found it, sorted into the parts a blueprint has: instances with
 * their volumes, the load balancer with its listeners and target groups, the database with its
 * groups, the KMS key, security groups and ECS. What has no part stays in `others` and is reported
 * as left alone. Reads discovery's result only (terraform-import/discovery/); nothing is listed here.
 */
import { DiscoveredResource, isRef } from '../discovery/model';

type R = DiscoveredResource;

export interface RunningInstance {
  instance: R;
  subnetId: string;
  availabilityZone: string;
  /** Root volume size in GiB, when discovery saw the root volume. */
  rootVolumeGiB?: number;
  /** Whether the root volume is encrypted, when discovery saw it. */
  rootVolumeEncrypted?: boolean;
  rootVolumeType?: string;
  /** Attached EBS volumes other than the root volume, with their attachment, by device name. */
  dataVolumes: { volume: R; attachment: R; deviceName: string }[];
}

export interface RunningApp {
  instances: RunningInstance[];
  loadBalancers: R[];
  listeners: R[];
  listenerRules: R[];
  targetGroups: R[];
  targetAttachments: R[];
  databases: R[];
  dbSubnetGroups: R[];
  dbParameterGroups: R[];
  kmsKeys: R[];
  kmsAliases: R[];
  securityGroups: R[];
  securityGroupRules: R[];
  ecsClusters: R[];
  ecsServices: R[];
  ecsTaskDefinitions: R[];
  /** Everything else in scope (roles, alarms, log groups, buckets…): left alone. */
  others: R[];
  /** Looks up any discovered resource (in scope or not) by an identifier: subnets, the VPC. */
  lookup(id: string): R | undefined;
  /** Every discovered resource, in scope or not. */
  everything: readonly R[];
}

/** The plain value of an attribute that may be a reference (`{ $ref }`). */
export function plain(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (isRef(v)) return v.value ?? v.$ref;
  return String(v);
}

export function plainList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(plain).filter((x): x is string => x !== undefined) : [];
}

const APP_TYPES: Record<string, keyof Omit<RunningApp, 'instances' | 'others' | 'lookup' | 'everything'>> = {
  aws_lb: 'loadBalancers',
  aws_lb_listener: 'listeners',
  aws_lb_listener_rule: 'listenerRules',
  aws_lb_target_group: 'targetGroups',
  aws_lb_target_group_attachment: 'targetAttachments',
  aws_db_instance: 'databases',
  aws_db_subnet_group: 'dbSubnetGroups',
  aws_db_parameter_group: 'dbParameterGroups',
  aws_kms_key: 'kmsKeys',
  aws_kms_alias: 'kmsAliases',
  aws_security_group: 'securityGroups',
  aws_vpc_security_group_ingress_rule: 'securityGroupRules',
  aws_vpc_security_group_egress_rule: 'securityGroupRules',
  aws_ecs_cluster: 'ecsClusters',
  aws_ecs_service: 'ecsServices',
  aws_ecs_task_definition: 'ecsTaskDefinitions',
};

/** Shared network the landing zone owns: read for the environment file, never adopted nor reported. */
export const LANDING_ZONE_TYPES = new Set(['aws_vpc', 'aws_subnet', 'aws_route_table', 'aws_route', 'aws_route_table_association', 'aws_internet_gateway', 'aws_nat_gateway', 'aws_eip']);

/**
 * Sorts `inScope` (the app's resources) into a RunningApp; `everything` is the whole discovery, where
 * subnets and the VPC are looked up. Resources AWS manages (skipReason) are left out, except root
 * volumes, whose size is read.
 */
export function sortRunningApp(inScope: readonly R[], everything: readonly R[]): RunningApp {
  const byId = new Map<string, R>();
  for (const r of everything) for (const id of [r.id, r.importId, ...(r.altIds ?? [])]) if (!byId.has(id)) byId.set(id, r);
  const app: RunningApp = {
    instances: [],
    loadBalancers: [],
    listeners: [],
    listenerRules: [],
    targetGroups: [],
    targetAttachments: [],
    databases: [],
    dbSubnetGroups: [],
    dbParameterGroups: [],
    kmsKeys: [],
    kmsAliases: [],
    securityGroups: [],
    securityGroupRules: [],
    ecsClusters: [],
    ecsServices: [],
    ecsTaskDefinitions: [],
    others: [],
    lookup: (id) => byId.get(id),
    everything,
  };
  const volumes = everything.filter((r) => r.type === 'aws_ebs_volume');
  const attachments = inScope.filter((r) => r.type === 'aws_volume_attachment');
  for (const r of inScope) {
    if (LANDING_ZONE_TYPES.has(r.type) || r.type === 'aws_ebs_volume' || r.type === 'aws_volume_attachment') continue;
    if (r.skipReason) continue;
    if (r.type === 'aws_instance') {
      const subnetId = plain(r.attributes.subnetId) ?? '';
      const subnet = byId.get(subnetId);
      const dataVolumes = attachments
        .filter((a) => plain(a.attributes.instanceId) === r.id)
        .map((a) => ({ attachment: a, deviceName: String(a.attributes.deviceName), volume: byId.get(plain(a.attributes.volumeId) ?? '')! }))
        .filter((d) => d.volume !== undefined)
        .sort((a, b) => a.deviceName.localeCompare(b.deviceName));
      const root = volumes.find((v) => v.skipReason && (v.relatedIds ?? []).includes(r.id));
      app.instances.push({
        instance: r,
        subnetId,
        availabilityZone: plain(subnet?.attributes.availabilityZone) ?? '',
        ...(root ? { rootVolumeGiB: Number(root.attributes.size), rootVolumeEncrypted: root.attributes.encrypted === true, rootVolumeType: String(root.attributes.type) } : {}),
        dataVolumes,
      });
      continue;
    }
    const slot = APP_TYPES[r.type];
    if (slot) app[slot].push(r);
    else app.others.push(r);
  }
  // zone, then ID: instance positions in the blueprint follow this order
  app.instances.sort((a, b) => a.availabilityZone.localeCompare(b.availabilityZone) || a.instance.id.localeCompare(b.instance.id));
  return app;
}

/** The customer-managed keys the app's data is encrypted with (volumes, database), as key IDs. */
export function keysInUse(app: RunningApp): string[] {
  const ids = new Set<string>();
  const add = (v: unknown) => {
    const key = plain(v);
    if (!key) return;
    const found = app.lookup(key);
    ids.add(found?.type === 'aws_kms_alias' ? plain(found.attributes.targetKeyId) ?? key : found?.id ?? key);
  };
  for (const i of app.instances) for (const d of i.dataVolumes) add(d.volume.attributes.kmsKeyId);
  for (const db of app.databases) add(db.attributes.kmsKeyId);
  return [...ids].sort();
}
