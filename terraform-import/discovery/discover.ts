/**
 * Runs every selected type's discovery against one account and region, and narrows the result to
 * the scope the user asked for. A library entry point: code generation and blueprint adoption read
 * its result, the CLI only wraps it.
 */
import { AwsClients, ClientSettings, RecordedCall } from './aws-clients';
import { DiscoveredResource, DiscoveryFailure, dependenciesOf } from './model';
import { RESOURCE_TYPES } from './registry';
import { DiscoveryContext, ResourceTypeModule } from './resource-type';

export interface DiscoveryScope {
  /** Only resources in this VPC, and the resources outside VPCs tied to them. */
  vpc?: string;
  /** Every K=V given must match a tag of the resource. */
  tags?: Record<string, string>;
  /** Only these Terraform types. */
  types?: string[];
  /** Only these IDs (ID, import ID, ARN or name). */
  ids?: string[];
  /** Everything attached to this resource (see attachedGraph). */
  attachedTo?: string;
}

export interface DiscoveryResult {
  resources: DiscoveredResource[];
  failures: DiscoveryFailure[];
  calls: RecordedCall[];
}

export interface DiscoveryOptions extends ClientSettings {
  scope?: DiscoveryScope;
  /** For tests: the types to run. @default RESOURCE_TYPES */
  typeModules?: readonly ResourceTypeModule[];
  /** Progress per type (count found). */
  onTypeDone?: (type: string, count: number, failed: number) => void;
}

function errorMessage(err: unknown): string {
  const e = err as Error & { $metadata?: { httpStatusCode?: number } };
  return `${e.name ?? 'Error'}: ${e.message ?? String(err)}`.split('\n')[0];
}

export async function discover(options: DiscoveryOptions): Promise<DiscoveryResult> {
  const scope = options.scope ?? {};
  const clients = new AwsClients(options);
  const failures: DiscoveryFailure[] = [];
  const cache = new Map<string, Promise<unknown>>();
  const ctx: DiscoveryContext = {
    clients,
    region: options.region,
    once<T>(key: string, load: () => Promise<T>): Promise<T> {
      if (!cache.has(key)) cache.set(key, load());
      return cache.get(key) as Promise<T>;
    },
    async each(type, items, idOf, fn) {
      // in the items' order, so every run lists the same way
      const settled = await Promise.allSettled(items.map((item) => fn(item)));
      const done = [];
      for (const [i, s] of settled.entries()) {
        if (s.status === 'fulfilled') done.push(s.value);
        else failures.push({ type, id: idOf(items[i]), message: errorMessage(s.reason) });
      }
      return done;
    },
    fail: (f) => failures.push(f),
  };
  const modules = (options.typeModules ?? RESOURCE_TYPES).filter((t) => !scope.types || scope.types.includes(t.type));
  try {
    const perType = await Promise.all(
      modules.map(async (m) => {
        const before = failures.length;
        try {
          const found = await m.discover(ctx);
          options.onTypeDone?.(m.type, found.length, failures.length - before);
          return found;
        } catch (err) {
          failures.push({ type: m.type, message: errorMessage(err) });
          options.onTypeDone?.(m.type, 0, failures.length - before);
          return [];
        }
      }),
    );
    const all = perType.flat();
    failures.sort((a, b) => a.type.localeCompare(b.type) || (a.id ?? '').localeCompare(b.id ?? ''));
    return { resources: narrow(all, scope), failures, calls: clients.calls };
  } finally {
    clients.close();
  }
}

/** Every identifier a resource answers to. */
export function identifiersOf(r: DiscoveredResource): string[] {
  return [r.id, r.importId, ...(r.altIds ?? [])];
}

/** Finds a resource by any of its identifiers; `to` (a type) settles IDs two types share. */
export function indexById(resources: readonly DiscoveredResource[]): (d: { id: string; to?: string }) => DiscoveredResource | undefined {
  const any = new Map<string, DiscoveredResource>();
  const typed = new Map<string, DiscoveredResource>();
  for (const r of resources) {
    for (const id of identifiersOf(r)) {
      if (!any.has(id)) any.set(id, r);
      typed.set(`${r.type} ${id}`, r);
    }
  }
  return (d) => (d.to && typed.get(`${d.to} ${d.id}`)) || any.get(d.id);
}

/** Applies the --vpc, --tag, --ids and --attached-to filters (together: a resource must pass all). */
export function narrow(resources: DiscoveredResource[], scope: DiscoveryScope): DiscoveredResource[] {
  let kept = resources;
  if (scope.tags && Object.keys(scope.tags).length > 0) {
    kept = kept.filter((r) => Object.entries(scope.tags!).every(([k, v]) => r.tags[k] === v));
  }
  if (scope.ids && scope.ids.length > 0) {
    const wanted = new Set(scope.ids);
    kept = kept.filter((r) => identifiersOf(r).some((id) => wanted.has(id)));
  }
  if (scope.vpc) kept = inVpc(kept, scope.vpc);
  if (scope.attachedTo) {
    const graph = attachedGraph(resources, scope.attachedTo);
    kept = kept.filter((r) => graph.has(r));
  }
  return kept;
}

/** Resources in the VPC, plus resources outside any VPC tied to them (volumes, roles, alarms, keys). */
function inVpc(resources: DiscoveredResource[], vpcId: string): DiscoveredResource[] {
  const find = indexById(resources);
  const kept = new Set(resources.filter((r) => r.vpcId === vpcId || r.id === vpcId));
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of resources) {
      if (kept.has(r) || r.vpcId) continue;
      const refersToKept = dependenciesOf(r).some((d) => kept.has(find(d)!));
      const keptRefersTo = [...kept].some((k) => dependenciesOf(k).some((d) => find(d) === r));
      if (refersToKept || keptRefersTo) {
        kept.add(r);
        grew = true;
      }
    }
  }
  return resources.filter((r) => kept.has(r));
}

/**
 * Types that exist for the sake of what they point at (rules, attachments, alarms, listeners): found
 * from what they point at. A volume belongs to the instance it is attached to, a database to the
 * security groups that let clients reach it.
 */
const FOUND_FROM_WHAT_THEY_POINT_AT = new Set([
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
  'aws_volume_attachment',
  'aws_ebs_volume',
  'aws_iam_role_policy_attachment',
  'aws_iam_role_policy',
  'aws_cloudwatch_metric_alarm',
  'aws_sns_topic_subscription',
  'aws_lb_listener',
  'aws_lb_listener_rule',
  'aws_lb_target_group_attachment',
  'aws_db_instance',
]);
/** Resources that each stand on their own: a graph reaches only the one it starts from. */
const ANCHORS = new Set(['aws_instance', 'aws_db_instance']);
/** Shared network and key infrastructure: referenced, never part of one resource's graph. */
const SHARED = new Set(['aws_vpc', 'aws_subnet', 'aws_route_table', 'aws_route', 'aws_route_table_association', 'aws_internet_gateway', 'aws_nat_gateway', 'aws_eip', 'aws_kms_key', 'aws_kms_alias']);

/**
 * "Everything attached to X": what X points at (its security groups, instance profile, role and
 * policies), what points at X and exists for its sake (volumes and their attachments, rules, alarms,
 * target group attachments, listeners and their load balancer), and the databases X's groups may
 * reach — but never another instance or database, nor the shared network and keys.
 */
export function attachedGraph(resources: DiscoveredResource[], start: string): Set<DiscoveredResource> {
  const find = indexById(resources);
  const root = find({ id: start });
  if (!root) return new Set();
  const pointsAt = (r: DiscoveredResource) => dependenciesOf(r).map(find).filter((x): x is DiscoveredResource => x !== undefined);
  const referrers = new Map<DiscoveredResource, DiscoveredResource[]>();
  for (const r of resources) for (const target of pointsAt(r)) referrers.set(target, [...(referrers.get(target) ?? []), r]);

  const graph = new Set<DiscoveredResource>([root]);
  const queue = [root];
  const admit = (r: DiscoveredResource) => {
    if (graph.has(r) || SHARED.has(r.type)) return;
    graph.add(r);
    queue.push(r);
  };
  while (queue.length > 0) {
    const r = queue.shift()!;
    for (const target of pointsAt(r)) if (!ANCHORS.has(target.type)) admit(target);
    for (const referrer of referrers.get(r) ?? []) {
      if (!FOUND_FROM_WHAT_THEY_POINT_AT.has(referrer.type)) continue;
      // something that also points at another instance or database belongs to that one's graph
      if (pointsAt(referrer).some((t) => ANCHORS.has(t.type) && !graph.has(t))) continue;
      admit(referrer);
    }
  }
  return graph;
}
