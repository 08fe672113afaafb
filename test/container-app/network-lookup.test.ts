/**
 * The container app placed into a landing-zone network found by tag, as the instance app can be: the
 * VPC and one subnet per zone come from data sources at plan time, every consumer (load balancer,
 * database, tasks, security groups) uses them, nothing of the network is created, and Terraform with
 * the real provider accepts the result, internet-facing and internal.
 */
import { containerAppConfig } from '../support/container-app-config';
import { all, ref, resourceAt, resourcesOfType, synthEnvironments, TerraformJson } from '../support/synth-stack';
import { CLEAN, terraformValidate } from '../support/terraform-validate';

const lookup = {
  vpcTags: { Name: 'landing-zone' },
  privateSubnetTags: { Tier: 'private' },
  publicSubnetTags: { Tier: 'public' },
  availabilityZones: ['eu-central-1b', 'eu-central-1a'],
};

const synth = synthEnvironments({
  'shop/lookup': containerAppConfig('test', { environment: 'lookup', network: { lookup } }),
  'shop/internal': containerAppConfig('production', {
    environment: 'internal',
    network: { lookup: { ...lookup, publicSubnetTags: undefined } },
    loadBalancer: { scheme: 'internal', allowedIngressCidrs: ['10.0.0.0/8'], certificate: { arn: 'arn:aws:acm:eu-central-1:123456789012:certificate/abc' } },
  }),
});
const internetFacing = synth.stacks['shop-lookup'];
const internal = synth.stacks['shop-internal'];

const dataId = (stack: TerraformJson, type: string, pathPart: string) => ref(stack, type, pathPart, 'id', 'data');

const zones = ['eu-central-1a', 'eu-central-1b'];

describe('container app in a network found by tag', () => {
  it.each([
    ['internet-facing', internetFacing],
    ['internal', internal],
  ])('%s: creates no VPC, subnet, gateway or route', (_, stack) => {
    for (const type of ['aws_vpc', 'aws_subnet', 'aws_internet_gateway', 'aws_nat_gateway', 'aws_route_table', 'aws_route']) {
      expect(resourcesOfType(stack, type)).toEqual({});
    }
  });

  it('looks the VPC up by its tags, and one private and one public subnet per zone inside it', () => {
    const vpc = dataId(internetFacing, 'aws_vpc', 'network/vpc');
    expect(Object.values(internetFacing.data!.aws_vpc)[0].tags).toEqual({ Name: 'landing-zone' });
    const subnets = Object.values(internetFacing.data!.aws_subnet);
    // Zones in sorted order, so reordering the file's list changes no address.
    expect(subnets.map((s) => [s.availability_zone, s.tags, s.vpc_id])).toEqual([
      ...zones.map((z) => [z, { Tier: 'private' }, vpc]),
      ...zones.map((z) => [z, { Tier: 'public' }, vpc]),
    ]);
  });

  it('puts the internet-facing load balancer into the public subnets, and tasks and database into the private ones', () => {
    const privateIds = zones.map((z) => dataId(internetFacing, 'aws_subnet', `network/private-${z}`));
    const publicIds = zones.map((z) => dataId(internetFacing, 'aws_subnet', `network/public-${z}`));
    expect(resourceAt(internetFacing, 'aws_lb', 'load-balancer/alb').subnets).toEqual(publicIds);
    expect((resourceAt(internetFacing, 'aws_ecs_service', 'service-web/') as { network_configuration: { subnets: string[] } }).network_configuration.subnets).toEqual(privateIds);
    expect(resourceAt(internetFacing, 'aws_db_subnet_group', 'database/').subnet_ids).toEqual(privateIds);
  });

  it('puts an internal load balancer into the private subnets, open only to the configured CIDRs', () => {
    const privateIds = zones.map((z) => dataId(internal, 'aws_subnet', `network/private-${z}`));
    expect(resourceAt(internal, 'aws_lb', 'load-balancer/alb')).toMatchObject({ internal: true, subnets: privateIds });
    const ingress = all(internal, 'aws_vpc_security_group_ingress_rule').filter((r) => r.cidr_ipv4 !== undefined);
    expect(ingress.length).toBeGreaterThan(0);
    for (const rule of ingress) expect(rule.cidr_ipv4).toBe('10.0.0.0/8');
    expect(Object.values(internal.data!.aws_subnet).map((s) => s.tags)).toEqual(zones.map(() => ({ Tier: 'private' })));
  });

  it('creates every security group in the looked-up VPC', () => {
    for (const stack of [internetFacing, internal]) {
      const vpc = dataId(stack, 'aws_vpc', 'network/vpc');
      const groups = all(stack, 'aws_security_group');
      expect(groups.length).toBeGreaterThanOrEqual(3);
      for (const group of groups) expect(group.vpc_id).toBe(vpc);
      expect(resourceAt(stack, 'aws_lb_target_group', 'target-group-web').vpc_id).toBe(vpc);
    }
  });

  it.each(Object.keys(synth.stackDirs))('%s passes terraform validate', (name) => {
    expect(terraformValidate(synth.stackDirs[name])).toEqual(CLEAN);
  });
});
