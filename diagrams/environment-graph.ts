/**
 * The picture of one synthesized stack. Parts that only exist for a main resource (a bucket's
 * policy, a database's subnet group, an instance's volumes, a security group and its rules) are
 * folded into that resource's node; kinds that matter as a number are counted (grouping.ts). The
 * landing-zone VPC and its zones, and the account baseline's controls, are boundaries.
 */
import { appendTo } from './append-to';
import { DEFAULT_NODE_CAP, GroupItem, ItemGroup, groupItems } from './grouping';
import { FlowEdge, FlowNode, Flowchart, Subgraph } from './mermaid';
import { countOf, resourceKind } from './resource-kinds';
import { StackDocument, TfResource, stackResources } from './terraform-json';

/** A part folds into a connected resource of one of these types (either may refer to the other). */
const FOLD_INTO: Record<string, string[]> = {
  aws_kms_alias: ['aws_kms_key'],
  aws_db_subnet_group: ['aws_db_instance', 'aws_rds_cluster'],
  aws_db_parameter_group: ['aws_db_instance'],
  aws_rds_cluster_parameter_group: ['aws_rds_cluster'],
  aws_ecs_task_definition: ['aws_ecs_service'],
  aws_appautoscaling_target: ['aws_ecs_service'],
  aws_appautoscaling_policy: ['aws_appautoscaling_target'],
  aws_volume_attachment: ['aws_instance'],
  aws_ebs_volume: ['aws_volume_attachment'],
  aws_lb_target_group_attachment: ['aws_instance'],
  aws_lb_listener_rule: ['aws_lb_target_group'],
  aws_security_group: ['aws_instance', 'aws_db_instance', 'aws_rds_cluster', 'aws_lb', 'aws_ecs_service', 'aws_efs_mount_target', 'aws_lambda_function'],
  aws_efs_mount_target: ['aws_efs_file_system'],
  aws_backup_selection: ['aws_backup_plan'],
  aws_ssm_patch_group: ['aws_ssm_patch_baseline'],
  aws_ecr_lifecycle_policy: ['aws_ecr_repository'],
};

/** A rule belongs to the group named by this argument, not to the group it lets traffic from or to. */
const FOLD_BY_ARGUMENT: Record<string, string> = {
  aws_vpc_security_group_ingress_rule: 'security_group_id',
  aws_vpc_security_group_egress_rule: 'security_group_id',
  aws_security_group_rule: 'security_group_id',
};

class UnionFind {
  private parent = new Map<string, string>();
  find(x: string): string {
    const p = this.parent.get(x);
    if (!p || p === x) return x;
    const root = this.find(p);
    this.parent.set(x, root);
    return root;
  }
  union(child: string, parent: string): void {
    const a = this.find(child);
    const b = this.find(parent);
    if (a !== b) this.parent.set(a, b);
  }
}

function typeOf(address: string): string {
  return address.replace(/^data\./, '').split('.')[0];
}

function fold(resources: TfResource[]): Map<string, TfResource[]> {
  const uf = new UnionFind();
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  const referrers = new Map<string, string[]>();
  for (const r of resources) for (const ref of r.refs) appendTo(referrers, ref, r.address);
  for (const r of resources) {
    const neighbours = [...r.refs, ...(referrers.get(r.address) ?? [])].filter((a) => byAddress.has(a)).sort();
    const argument = FOLD_BY_ARGUMENT[r.type];
    const explicit = FOLD_INTO[r.type];
    let parent: string | undefined;
    if (argument) {
      const value = r.attrs[argument];
      parent = typeof value === 'string' ? r.refs.find((a) => value.includes(`${a}.`)) : undefined;
    } else if (explicit) {
      // A part shared by several (one security group for all instances) belongs to none of them.
      const candidates = neighbours.filter((a) => explicit.includes(typeOf(a)));
      parent = candidates.length === 1 ? candidates[0] : undefined;
    } else if (!resourceKind(r.type).own) {
      // aws_s3_bucket_policy belongs to the aws_s3_bucket it names; the longest such type wins.
      parent = r.refs
        .filter((a) => byAddress.has(a) && r.type.startsWith(`${typeOf(a)}_`))
        .sort((a, b) => typeOf(b).length - typeOf(a).length || (a < b ? -1 : 1))[0];
    }
    if (parent) uf.union(r.address, parent);
  }
  const sets = new Map<string, TfResource[]>();
  for (const r of resources) {
    const root = uf.find(r.address);
    appendTo(sets, root, r);
  }
  return sets;
}

interface FoldedItem extends GroupItem {
  head: TfResource;
  parts: TfResource[];
}

function headOf(parts: TfResource[]): TfResource {
  return parts.find((p) => resourceKind(p.type).own) ?? parts[0];
}

function componentList(names: string[]): string {
  const components = [...new Set(names.map((n) => n.split('/')[0]))].sort();
  return components.length > 3 ? `${components.slice(0, 3).join(', ')} and ${components.length - 3} more` : components.join(', ');
}

function nodeLines(group: ItemGroup<FoldedItem>): string[] {
  if (!group.counted) {
    const { head } = group.members[0];
    return [resourceKind(head.type).name, head.name];
  }
  const heads = group.members.map((m) => m.head);
  const title = group.type ? countOf(group.type, heads.length) : `${heads.length} resources`;
  return [title, componentList(heads.map((h) => h.name))];
}

function byNodeNumber(a: FlowEdge, b: FlowEdge): number {
  const n = (id: string) => Number(id.slice(1));
  return n(a.from) - n(b.from) || n(a.to) - n(b.to);
}

export interface EnvironmentDiagram {
  chart: Flowchart;
  resources: number;
}

function literal(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Text for a VPC or subnet argument: the ID, or what a lookup data source was given. */
function describeNetworkValue(value: string, dataSources: Map<string, TfResource>, what: 'VPC' | 'subnet'): string {
  const ref = value.match(/\$\{(data\.aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)/)?.[1];
  if (!ref) return value;
  const zone = literal(dataSources.get(ref)?.attrs.availability_zone);
  return what === 'subnet' && zone ? `subnet in ${zone}` : `${what} found by tags`;
}

const IN_VPC_ARGUMENTS = ['vpc_id', 'subnet_id', 'subnets', 'subnet_ids', 'network_configuration', 'vpc_config', 'vpc_options', 'vpc_configuration', 'db_subnet_group_name'];

export function environmentDiagram(doc: StackDocument, cap = DEFAULT_NODE_CAP): EnvironmentDiagram {
  const { resources, dataSources } = stackResources(doc);
  const dataByAddress = new Map(dataSources.map((d) => [d.address, d]));
  const items: FoldedItem[] = [...fold(resources).values()].map((parts) => {
    const head = headOf(parts);
    return { key: head.address, type: head.type, own: resourceKind(head.type).own, head, parts };
  });
  const groups = groupItems(items, cap).sort((a, b) => {
    const ra = resourceKind(a.members[0].type).rank;
    const rb = resourceKind(b.members[0].type).rank;
    return ra - rb || (a.key < b.key ? -1 : 1);
  });
  const nodeOf = new Map<string, string>();
  const nodes: FlowNode[] = groups.map((g, i) => {
    const id = `n${i + 1}`;
    for (const m of g.members) for (const p of m.parts) nodeOf.set(p.address, id);
    const kind = resourceKind(g.members[0].type);
    return { id, lines: nodeLines(g), shape: g.counted ? 'box' : kind.shape, className: g.counted ? 'counted' : undefined };
  });
  const rankOf = new Map(groups.map((g, i) => [`n${i + 1}`, resourceKind(g.members[0].type).rank]));
  const typeOfNode = new Map(groups.map((g, i) => [`n${i + 1}`, g.type]));

  const edges = new Map<string, FlowEdge>();
  for (const r of resources) {
    for (const ref of r.refs) {
      const a = nodeOf.get(r.address);
      const b = nodeOf.get(ref);
      if (!a || !b || a === b) continue;
      // A dashboard refers to everything it graphs; its arrows would hide the architecture.
      if (typeOfNode.get(a) === 'aws_cloudwatch_dashboard' || typeOfNode.get(b) === 'aws_cloudwatch_dashboard') continue;
      // Drawn in the direction of the flow (load balancer → listener → target group → service).
      const [from, to] = rankOf.get(b)! < rankOf.get(a)! ? [b, a] : [a, b];
      edges.set(`${from} ${to}`, { from, to, dotted: typeOfNode.get(from) === 'aws_kms_key' });
    }
  }

  const parts = (g: ItemGroup<FoldedItem>) => g.members.flatMap((m) => m.parts);
  const vpcValues = new Set<string>();
  const zoneOf = new Map<string, string>();
  const zoneTitles = new Map<string, string>();
  const inVpc = new Set<string>();
  const controls: string[] = [];
  groups.forEach((g, i) => {
    const id = `n${i + 1}`;
    if (g.type && resourceKind(g.type).control) controls.push(id);
    const all = parts(g);
    // A listener has no network arguments of its own but lives on its load balancer; a Firehose stream
    // delivers from the VPC when its destination block has a vpc_config.
    const deliversFromVpc = (p: (typeof all)[number]) => (p.attrs.opensearch_configuration as { vpc_config?: unknown } | undefined)?.vpc_config !== undefined;
    if (all.some((p) => p.type === 'aws_lb_listener' || deliversFromVpc(p) || IN_VPC_ARGUMENTS.some((arg) => p.attrs[arg] !== undefined))) inVpc.add(id);
    for (const p of all) {
      const vpc = literal(p.attrs.vpc_id);
      if (vpc) vpcValues.add(describeNetworkValue(vpc, dataByAddress, 'VPC'));
    }
    const subnets = [...new Set(all.map((p) => literal(p.attrs.subnet_id)).filter((s): s is string => Boolean(s)))];
    if (!g.counted && subnets.length === 1) {
      const zone = all.map((p) => literal(p.attrs.availability_zone)).find(Boolean);
      const subnet = describeNetworkValue(subnets[0], dataByAddress, 'subnet');
      zoneOf.set(id, subnets[0]);
      zoneTitles.set(subnets[0], zone ? `${zone} · ${subnet}` : subnet);
    }
  });

  const subgraphs: Subgraph[] = [];
  const topLevel = nodes.map((n) => n.id).filter((id) => !controls.includes(id));
  if (inVpc.size) {
    const zones = [...new Set(zoneOf.values())].sort((a, b) => (zoneTitles.get(a)! < zoneTitles.get(b)! ? -1 : 1));
    subgraphs.push({
      id: 'vpc',
      title: `landing-zone VPC ${[...vpcValues].sort().join(', ') || ''}`.trim(),
      nodes: topLevel.filter((id) => inVpc.has(id) && !zoneOf.has(id)),
      subgraphs: zones.map((z, i) => ({ id: `zone${i + 1}`, title: zoneTitles.get(z)!, nodes: topLevel.filter((id) => zoneOf.get(id) === z), subgraphs: [] })),
    });
  }
  if (controls.length) subgraphs.push({ id: 'controls', title: 'account-wide controls', nodes: controls, subgraphs: [] });
  const provider = doc.provider?.aws?.[0];
  const accountTitle = ['AWS account', provider?.allowed_account_ids?.join(', '), provider?.region && `· ${provider.region}`].filter(Boolean).join(' ');
  const account: Subgraph = {
    id: 'account',
    title: accountTitle,
    nodes: topLevel.filter((id) => !inVpc.has(id)),
    subgraphs,
  };
  return {
    chart: { direction: 'LR', nodes, edges: [...edges.values()].sort(byNodeNumber), subgraphs: [account], classes: { counted: 'fill:#f4f4f4,stroke:#888,stroke-dasharray:3 3' } },
    resources: resources.length,
  };
}
