/**
 * EC2 listings shared by several types (route tables also give routes and associations; security
 * groups also give their rules): each is one paginated call per page per run, cached in the context.
 */
import {
  DescribeAddressesCommand,
  paginateDescribeInstances,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroupRules,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVolumes,
  paginateDescribeVpcs,
  Instance,
  RouteTable,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  Volume,
  Vpc,
  Address,
} from '@aws-sdk/client-ec2';
import { DiscoveryContext, collect } from '../resource-type';


export const listVpcs = (ctx: DiscoveryContext): Promise<Vpc[]> =>
  ctx.once('ec2:DescribeVpcs', () => collect(paginateDescribeVpcs({ client: ctx.clients.ec2 }, {}), (p) => p.Vpcs));

export const listSubnets = (ctx: DiscoveryContext): Promise<Subnet[]> =>
  ctx.once('ec2:DescribeSubnets', () => collect(paginateDescribeSubnets({ client: ctx.clients.ec2 }, {}), (p) => p.Subnets));

export const listRouteTables = (ctx: DiscoveryContext): Promise<RouteTable[]> =>
  ctx.once('ec2:DescribeRouteTables', () => collect(paginateDescribeRouteTables({ client: ctx.clients.ec2 }, {}), (p) => p.RouteTables));

export const listSecurityGroups = (ctx: DiscoveryContext): Promise<SecurityGroup[]> =>
  ctx.once('ec2:DescribeSecurityGroups', () => collect(paginateDescribeSecurityGroups({ client: ctx.clients.ec2 }, {}), (p) => p.SecurityGroups));

export const listSecurityGroupRules = (ctx: DiscoveryContext): Promise<SecurityGroupRule[]> =>
  ctx.once('ec2:DescribeSecurityGroupRules', () =>
    collect(paginateDescribeSecurityGroupRules({ client: ctx.clients.ec2 }, {}), (p) => p.SecurityGroupRules),
  );

/** Instances that still exist (terminated ones linger in listings for an hour). */
export const listInstances = (ctx: DiscoveryContext): Promise<Instance[]> =>
  ctx.once('ec2:DescribeInstances', async () =>
    (await collect(paginateDescribeInstances({ client: ctx.clients.ec2 }, {}), (p) => p.Reservations?.flatMap((r) => r.Instances ?? []))).filter(
      (i) => i.State?.Name !== 'terminated' && i.State?.Name !== 'shutting-down',
    ),
  );

export const listVolumes = (ctx: DiscoveryContext): Promise<Volume[]> =>
  ctx.once('ec2:DescribeVolumes', () => collect(paginateDescribeVolumes({ client: ctx.clients.ec2 }, {}), (p) => p.Volumes));

/** DescribeAddresses has no pagination: one call answers every address of the region. */
export const listAddresses = (ctx: DiscoveryContext): Promise<Address[]> =>
  ctx.once('ec2:DescribeAddresses', async () => (await ctx.clients.ec2.send(new DescribeAddressesCommand({}))).Addresses ?? []);

/** The Name tag, else the fallback. */
export function nameTag(tags: Record<string, string>, fallback: string): string {
  return tags.Name && tags.Name.trim() !== '' ? tags.Name : fallback;
}
