/** aws_nat_gateway: imported by its ID, its subnet and Elastic IP references, connectivity only when not "public". */
import { AllocateAddressCommand, CreateNatGatewayCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { constructOf, discoverTypes, useImportEmulator } from '../../support/import-type-test';

describe('import type aws_nat_gateway', () => {
  const { sdk } = useImportEmulator();
  let subnet: string;
  let allocation: string;
  let gateway: string;

  beforeAll(async () => {
    const ec2 = new EC2Client(sdk());
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.6.0.0/16' }))).Vpc!.VpcId!;
    subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.6.0.0/24', TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: 'public' }] }] }))).Subnet!.SubnetId!;
    allocation = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: [{ Key: 'Name', Value: 'nat' }] }] }))).AllocationId!;
    gateway = (
      await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnet, AllocationId: allocation, TagSpecifications: [{ ResourceType: 'natgateway', Tags: [{ Key: 'Name', Value: 'egress-a' }] }] }))
    ).NatGateway!.NatGatewayId!;
    ec2.destroy();
  });

  it('imports the gateway with its subnet and address as references, no literal IDs', async () => {
    const found = await discoverTypes(['aws_nat_gateway', 'aws_subnet', 'aws_eip']);
    const nat = found.entry('aws_nat_gateway', gateway);
    expect([nat.importId, nat.resource.name, nat.decision, nat.reason, nat.address]).toEqual([gateway, 'egress-a', 'import', 'discovered, not managed by Terraform', 'aws_nat_gateway.egress_a']);
    expect(nat.resource.attributes).toEqual({ subnetId: { $ref: subnet, attr: 'id' }, allocationId: { $ref: allocation, attr: 'id' }, tags: { Name: 'egress-a' } });
    const construct = constructOf(found.code, nat);
    expect(construct.imported).toBe(true);
    expect(construct.body).toContain('subnetId: public.id,');
    expect(construct.body).toContain('allocationId: nat.id,');
    // "public" connectivity is the provider default
    expect(construct.body).not.toContain('connectivityType');
  });
});
