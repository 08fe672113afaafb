import { AttrValue, DiscoveredResource, ref, tagMap } from '../model';
import { ResourceTypeModule, tagsArgument } from '../resource-type';
import { listRouteTables, nameTag } from './ec2-shared';

/**
 * Route tables without inline routes: routes are their own aws_route resources (the provider's
 * inline `route` is optional and computed, so leaving it out plans no change and mixing both fights).
 */
export const routeTableType: ResourceTypeModule = {
  type: 'aws_route_table',
  resource: { module: 'route-table', className: 'RouteTable' },
  iamActions: ['ec2:DescribeRouteTables'],
  async discover(ctx) {
    const tables = await listRouteTables(ctx);
    return tables.map((t): DiscoveredResource => {
      const tags = tagMap(t.Tags);
      const main = t.Associations?.some((a) => a.Main);
      return {
        type: 'aws_route_table',
        id: t.RouteTableId!,
        importId: t.RouteTableId!,
        name: nameTag(tags, t.RouteTableId!),
        tags,
        vpcId: t.VpcId,
        skipReason: main ? 'AWS-managed: the main route table, created and deleted with its VPC' : undefined,
        attributes: { vpcId: ref(t.VpcId!), ...tagsArgument(tags) },
      };
    });
  },
};

export const routeType: ResourceTypeModule = {
  type: 'aws_route',
  resource: { module: 'route', className: 'Route' },
  iamActions: ['ec2:DescribeRouteTables'],
  async discover(ctx) {
    const tables = await listRouteTables(ctx);
    const out: DiscoveredResource[] = [];
    for (const t of tables) {
      const tableName = nameTag(tagMap(t.Tags), t.RouteTableId!);
      for (const r of t.Routes ?? []) {
        // The local route comes with the VPC; propagated routes belong to their gateway.
        if (r.GatewayId === 'local' || r.Origin === 'EnableVgwRoutePropagation' || r.Origin === 'CreateRouteTable') continue;
        const destination = r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ?? r.DestinationPrefixListId;
        if (!destination) continue;
        const target: Record<string, AttrValue> =
          (r.GatewayId && { gatewayId: ref(r.GatewayId) }) ||
          (r.NatGatewayId && { natGatewayId: ref(r.NatGatewayId) }) ||
          (r.TransitGatewayId && { transitGatewayId: r.TransitGatewayId }) ||
          (r.VpcPeeringConnectionId && { vpcPeeringConnectionId: r.VpcPeeringConnectionId }) ||
          (r.NetworkInterfaceId && { networkInterfaceId: r.NetworkInterfaceId }) ||
          {};
        const destinationArgument: Record<string, AttrValue> = r.DestinationCidrBlock
          ? { destinationCidrBlock: r.DestinationCidrBlock }
          : r.DestinationIpv6CidrBlock
            ? { destinationIpv6CidrBlock: r.DestinationIpv6CidrBlock }
            : { destinationPrefixListId: r.DestinationPrefixListId! };
        out.push({
          type: 'aws_route',
          id: `${t.RouteTableId}_${destination}`,
          importId: `${t.RouteTableId}_${destination}`,
          name: `${tableName}_${destination === '0.0.0.0/0' || destination === '::/0' ? 'default' : destination}`,
          tags: {},
          vpcId: t.VpcId,
          attributes: { routeTableId: ref(t.RouteTableId!), ...destinationArgument, ...target },
        });
      }
    }
    return out;
  },
};

export const routeTableAssociationType: ResourceTypeModule = {
  type: 'aws_route_table_association',
  resource: { module: 'route-table-association', className: 'RouteTableAssociation' },
  iamActions: ['ec2:DescribeRouteTables'],
  async discover(ctx) {
    const tables = await listRouteTables(ctx);
    return tables.flatMap((t) =>
      (t.Associations ?? [])
        .filter((a) => !a.Main && (a.SubnetId || a.GatewayId))
        .map((a): DiscoveredResource => {
          const target = a.SubnetId ?? a.GatewayId!;
          return {
            type: 'aws_route_table_association',
            id: a.RouteTableAssociationId!,
            importId: `${target}/${t.RouteTableId}`,
            name: `${nameTag(tagMap(t.Tags), t.RouteTableId!)}_${target}`,
            tags: {},
            vpcId: t.VpcId,
            attributes: {
              ...(a.SubnetId ? { subnetId: ref(a.SubnetId) } : { gatewayId: ref(a.GatewayId!) }),
              routeTableId: ref(t.RouteTableId!),
            },
          };
        }),
    );
  },
};
