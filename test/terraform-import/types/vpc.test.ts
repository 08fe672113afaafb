/**
 * aws_vpc: imported by its ID, named by its Name tag, with the DNS and tenancy settings only where
 * they differ from the provider's defaults; the default VPC is AWS's and skipped; a landing-zone VPC
 * is read with a data source, never imported.
 */
import { CreateVpcCommand, EC2Client, ModifyVpcAttributeCommand } from '@aws-sdk/client-ec2';
import { constructOf, discoverTypes, useImportEmulator } from '../../support/import-type-test';

describe('import type aws_vpc', () => {
  const { sdk } = useImportEmulator();
  let named: string;
  let unnamed: string;
  let landingZone: string;

  beforeAll(async () => {
    const ec2 = new EC2Client(sdk());
    named = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'Legacy Core' }] }] }))).Vpc!.VpcId!;
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: named, EnableDnsHostnames: { Value: true } }));
    unnamed = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.2.0.0/16', InstanceTenancy: 'dedicated' }))).Vpc!.VpcId!;
    landingZone = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.3.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'LandingZone', Value: 'true' }] }] }))).Vpc!.VpcId!;
    ec2.destroy();
  });

  it('imports a VPC by its ID under its Name tag, writing only what differs from the provider defaults', async () => {
    const found = await discoverTypes(['aws_vpc'], { landingZoneTags: [{ LandingZone: 'true' }] });
    const vpc = found.entry('aws_vpc', named);
    expect([vpc.importId, vpc.resource.name, vpc.name, vpc.decision, vpc.reason, vpc.address]).toEqual([
      named,
      'Legacy Core',
      'legacy_core',
      'import',
      'discovered, not managed by Terraform',
      'aws_vpc.legacy_core',
    ]);
    // DNS support on and tenancy "default" are the provider's defaults: not written
    expect(vpc.resource.attributes).toEqual({ cidrBlock: '10.1.0.0/16', enableDnsHostnames: true, tags: { Name: 'Legacy Core' } });
    const construct = constructOf(found.code, vpc);
    expect(construct).toMatchObject({ variable: 'legacyCore', imported: true });
    expect(construct.body).not.toMatch(/enableDnsSupport|instanceTenancy/);

    // no Name tag: named by its ID; a tenancy other than the default is kept (it forces a replacement)
    const plain = found.entry('aws_vpc', unnamed);
    expect([plain.resource.name, plain.name, plain.address]).toEqual([unnamed, unnamed.replace('-', '_'), `aws_vpc.${unnamed.replace('-', '_')}`]);
    expect(plain.resource.attributes).toEqual({ cidrBlock: '10.2.0.0/16', instanceTenancy: 'dedicated' });
  });

  it('skips the default VPC and reads a landing-zone VPC with a data source', async () => {
    const found = await discoverTypes(['aws_vpc'], { landingZoneTags: [{ LandingZone: 'true' }] });
    const defaults = found.ofType('aws_vpc').filter((e) => ![named, unnamed, landingZone].includes(e.id));
    expect(defaults.map((e) => [e.decision, e.reason, e.address])).toEqual([['skip', 'AWS-managed: the default VPC', '']]);
    const lz = found.entry('aws_vpc', landingZone);
    expect([lz.decision, lz.reason, lz.address]).toEqual(['reference', 'owned by the landing zone (tag LandingZone=true): read with a data source', `data.aws_vpc.${lz.name}`]);
    expect(found.code).toContain(`= new DataAwsVpc(this, ${JSON.stringify(lz.name)}, { id: ${JSON.stringify(landingZone)} });`);
    expect(found.code).not.toContain(`importFrom(${JSON.stringify(landingZone)})`);
    // one listing, and the two attribute reads per VPC that DescribeVpcs does not answer
    expect(found.calls.filter((c) => c === 'ec2:DescribeVpcs')).toEqual(['ec2:DescribeVpcs']);
  });
});
