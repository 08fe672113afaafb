/**
 * aws_route_table, aws_route and aws_route_table_association: one listing gives all three; the table
 * without inline routes, each route its own resource with its target a reference, the VPC's local
 * route and main table left to AWS, associations imported by <subnet>/<table>.
 */
import { AssociateRouteTableCommand, AttachInternetGatewayCommand, CreateInternetGatewayCommand, CreateRouteCommand, CreateRouteTableCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { constructOf, discoverTypes, useImportEmulator } from '../../support/import-type-test';

describe('import types aws_route_table, aws_route, aws_route_table_association', () => {
  const { sdk } = useImportEmulator();
  let vpc: string;
  let table: string;
  let subnet: string;
  let igw: string;

  beforeAll(async () => {
    const ec2 = new EC2Client(sdk());
    vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.7.0.0/16' }))).Vpc!.VpcId!;
    subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.7.1.0/24', TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: 'web-a' }] }] }))).Subnet!.SubnetId!;
    igw = (await ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: [{ ResourceType: 'internet-gateway', Tags: [{ Key: 'Name', Value: 'edge' }] }] }))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
    table = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc, TagSpecifications: [{ ResourceType: 'route-table', Tags: [{ Key: 'Name', Value: 'public' }] }] }))).RouteTable!.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: table, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: table, SubnetId: subnet }));
    ec2.destroy();
  });

  it('imports the table, its default route and its subnet association, each pointing at the others by reference', async () => {
    const found = await discoverTypes(['aws_route_table', 'aws_route', 'aws_route_table_association', 'aws_vpc', 'aws_subnet', 'aws_internet_gateway']);
    const rt = found.entry('aws_route_table', table);
    expect([rt.importId, rt.resource.name, rt.decision, rt.address]).toEqual([table, 'public', 'import', 'aws_route_table.public']);
    // no inline routes: they are aws_route resources
    expect(Object.keys(rt.resource.attributes).sort()).toEqual(['tags', 'vpcId']);

    const route = found.entry('aws_route', `${table}_0.0.0.0/0`);
    expect([route.importId, route.resource.name, route.decision, route.address]).toEqual([`${table}_0.0.0.0/0`, 'public_default', 'import', 'aws_route.public_default']);
    const routeCode = constructOf(found.code, route);
    expect(routeCode.imported).toBe(true);
    expect(routeCode.body).toBe('      routeTableId: public.id,\n      destinationCidrBlock: "0.0.0.0/0",\n      gatewayId: edge.id,');
    // the local route comes with the VPC: never a resource
    expect(found.ofType('aws_route').filter((e) => e.resource.attributes.routeTableId && (e.resource.attributes.routeTableId as { $ref: string }).$ref === table)).toHaveLength(1);

    const association = found.ofType('aws_route_table_association').find((e) => e.importId === `${subnet}/${table}`)!;
    expect([association.resource.name, association.decision, association.address]).toEqual([`public_${subnet}`, 'import', `aws_route_table_association.public_${subnet.replace('-', '_')}`]);
    expect(constructOf(found.code, association).body).toBe('      subnetId: webA.id,\n      routeTableId: public.id,');

    // the VPC's main table is AWS's, and one listing answered all three types
    const main = found.ofType('aws_route_table').find((e) => e.resource.vpcId === vpc && e.id !== table)!;
    expect([main.decision, main.reason]).toEqual(['skip', 'AWS-managed: the main route table, created and deleted with its VPC']);
    expect(found.calls.filter((c) => c === 'ec2:DescribeRouteTables')).toHaveLength(1);
  });
});
