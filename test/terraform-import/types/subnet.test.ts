/**
 * aws_subnet: imported by its ID, its VPC a reference (to the imported VPC, or to the landing zone's
 * data source), public-IP and IPv6 settings only when on; default subnets are AWS's and skipped.
 */
import { AssociateVpcCidrBlockCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client, ModifySubnetAttributeCommand } from '@aws-sdk/client-ec2';
import { constructOf, discoverTypes, useImportEmulator } from '../../support/import-type-test';

describe('import type aws_subnet', () => {
  const { sdk } = useImportEmulator();
  let vpc: string;
  let publicSubnet: string;
  let privateSubnet: string;

  beforeAll(async () => {
    const ec2 = new EC2Client(sdk());
    vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.4.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'app' }] }] }))).Vpc!.VpcId!;
    await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpc, AmazonProvidedIpv6CidrBlock: true }));
    publicSubnet = (
      await ec2.send(
        new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.4.1.0/24', AvailabilityZone: 'eu-central-1a', TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: 'public-a' }] }] }),
      )
    ).Subnet!.SubnetId!;
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: publicSubnet, MapPublicIpOnLaunch: { Value: true } }));
    privateSubnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.4.2.0/24', AvailabilityZone: 'eu-central-1b' }))).Subnet!.SubnetId!;
    ec2.destroy();
  });

  it('imports subnets by ID with their VPC as a reference and the public-IP setting only where it is on', async () => {
    const found = await discoverTypes(['aws_subnet', 'aws_vpc']);
    const pub = found.entry('aws_subnet', publicSubnet);
    expect([pub.importId, pub.resource.name, pub.decision, pub.reason, pub.address]).toEqual([publicSubnet, 'public-a', 'import', 'discovered, not managed by Terraform', 'aws_subnet.public_a']);
    expect(pub.resource.attributes).toEqual({
      vpcId: { $ref: vpc, attr: 'id' },
      cidrBlock: '10.4.1.0/24',
      availabilityZone: 'eu-central-1a',
      mapPublicIpOnLaunch: true,
      tags: { Name: 'public-a' },
    });
    const app = constructOf(found.code, found.entry('aws_vpc', vpc));
    const construct = constructOf(found.code, pub);
    expect(construct.imported).toBe(true);
    expect(construct.body).toContain(`vpcId: ${app.variable}.id,`);
    expect(construct.body).not.toContain(vpc);

    const priv = found.entry('aws_subnet', privateSubnet);
    expect([priv.resource.name, priv.address]).toEqual([privateSubnet, `aws_subnet.${privateSubnet.replace('-', '_')}`]);
    // off is the provider default: not written
    expect(Object.keys(priv.resource.attributes).sort()).toEqual(['availabilityZone', 'cidrBlock', 'vpcId']);
  });

  it('skips the default VPC\'s subnets and reads landing-zone subnets with a data source', async () => {
    const found = await discoverTypes(['aws_subnet', 'aws_vpc'], { landingZoneIds: new Set([vpc, publicSubnet]) });
    const defaults = found.ofType('aws_subnet').filter((e) => e.resource.vpcId !== vpc);
    expect(defaults.length).toBeGreaterThan(0);
    expect(new Set(defaults.map((e) => `${e.decision}: ${e.reason}`))).toEqual(new Set(['skip: AWS-managed: a default subnet of the default VPC']));
    const pub = found.entry('aws_subnet', publicSubnet);
    expect([pub.decision, pub.address]).toEqual(['reference', 'data.aws_subnet.public_a']);
    expect(found.code).toContain(`new DataAwsSubnet(this, "public_a", { id: ${JSON.stringify(publicSubnet)} });`);
    // the imported subnet points at the landing zone's VPC through its data source
    const lzVpc = /const (\w+) = new DataAwsVpc\(/.exec(found.code)![1];
    expect(constructOf(found.code, found.entry('aws_subnet', privateSubnet)).body).toContain(`vpcId: ${lzVpc}.id,`);
  });
});
