/** aws_internet_gateway: imported by its ID, the VPC it is attached to a reference; a detached one has no vpcId. */
import { AttachInternetGatewayCommand, CreateInternetGatewayCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { constructOf, discoverTypes, useImportEmulator } from '../../support/import-type-test';

describe('import type aws_internet_gateway', () => {
  const { sdk } = useImportEmulator();
  let vpc: string;
  let attached: string;
  let detached: string;

  beforeAll(async () => {
    const ec2 = new EC2Client(sdk());
    vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.5.0.0/16' }))).Vpc!.VpcId!;
    attached = (await ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: [{ ResourceType: 'internet-gateway', Tags: [{ Key: 'Name', Value: 'edge' }] }] }))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: attached, VpcId: vpc }));
    detached = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    ec2.destroy();
  });

  it('imports the gateway with its VPC as a reference', async () => {
    const found = await discoverTypes(['aws_internet_gateway', 'aws_vpc']);
    const igw = found.entry('aws_internet_gateway', attached);
    expect([igw.importId, igw.resource.name, igw.decision, igw.reason, igw.address, igw.resource.vpcId]).toEqual([
      attached,
      'edge',
      'import',
      'discovered, not managed by Terraform',
      'aws_internet_gateway.edge',
      vpc,
    ]);
    const vpcVariable = constructOf(found.code, found.entry('aws_vpc', vpc)).variable;
    expect(constructOf(found.code, igw)).toEqual({ variable: 'edge', imported: true, body: `      vpcId: ${vpcVariable}.id,\n      tags: {\n        Name: "edge",\n      },` });

    const loose = found.entry('aws_internet_gateway', detached);
    expect([loose.resource.name, loose.resource.attributes]).toEqual([detached, {}]);
  });
});
