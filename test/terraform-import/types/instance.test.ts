/**
 * aws_instance: imported by its ID with subnet, security groups and instance profile as references,
 * IMDSv2, termination protection and monitoring only when set, nothing that would force a replacement
 * guessed (a licence-bound instance must never be replaced).
 */
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client, ModifyInstanceAttributeCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { EMULATOR_BASE_AMI } from '../../../test-bed/emulator';
import { constructOf, discoverTypes, useImportEmulator } from '../../support/import-type-test';

describe('import type aws_instance', () => {
  const { sdk } = useImportEmulator();
  let subnet: string;
  let group: string;
  let instance: string;
  let bare: string;

  beforeAll(async () => {
    const ec2 = new EC2Client(sdk());
    const iam = new IAMClient(sdk());
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }))).Vpc!.VpcId!;
    subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.9.1.0/24', TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: 'app-a' }] }] }))).Subnet!.SubnetId!;
    group = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'tomcat', Description: 'Tomcat', VpcId: vpc }))).GroupId!;
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await iam.send(new CreateRoleCommand({ RoleName: 'tomcat', AssumeRolePolicyDocument: trust }));
    const profile = (await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'tomcat-profile' }))).InstanceProfile!;
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'tomcat-profile', RoleName: 'tomcat' }));
    instance = (
      await ec2.send(
        new RunInstancesCommand({
          ImageId: EMULATOR_BASE_AMI,
          InstanceType: 't3.small',
          MinCount: 1,
          MaxCount: 1,
          SubnetId: subnet,
          SecurityGroupIds: [group],
          IamInstanceProfile: { Arn: profile.Arn },
          MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
          TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'licence-server' }] }],
        }),
      )
    ).Instances![0].InstanceId!;
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: instance, DisableApiTermination: { Value: true } }));
    bare = (await ec2.send(new RunInstancesCommand({ ImageId: EMULATOR_BASE_AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: subnet }))).Instances![0].InstanceId!;
    ec2.destroy();
    iam.destroy();
  });

  it('imports the instance with references for its network and profile, and IMDSv2 and termination protection as set', async () => {
    const found = await discoverTypes(['aws_instance', 'aws_subnet', 'aws_security_group', 'aws_iam_instance_profile']);
    const i = found.entry('aws_instance', instance);
    expect([i.importId, i.resource.name, i.decision, i.reason, i.address]).toEqual([instance, 'licence-server', 'import', 'discovered, not managed by Terraform', 'aws_instance.licence_server']);
    const construct = constructOf(found.code, i);
    expect(construct.imported).toBe(true);
    expect(construct.body).toBe(
      [
        `      ami: ${JSON.stringify(EMULATOR_BASE_AMI)},`,
        '      instanceType: "t3.small",',
        '      subnetId: appA.id,',
        '      vpcSecurityGroupIds: [tomcat.id],',
        '      iamInstanceProfile: tomcatProfile.name,',
        '      disableApiTermination: true,',
        '      metadataOptions: {',
        '        httpTokens: "required",',
        '        httpEndpoint: "enabled",',
        '      },',
        '      tags: {',
        '        Name: "licence-server",',
        '      },',
      ].join('\n'),
    );
    // computed by AWS (addresses, root device, tenancy, credit spec) or provider defaults: not written
    expect(construct.body).not.toMatch(/privateIp|rootBlockDevice|tenancy|creditSpecification|availabilityZone|associatePublicIpAddress/);

    const plain = found.entry('aws_instance', bare);
    expect(plain.resource.name).toBe(bare);
    expect(Object.keys(plain.resource.attributes).sort()).toEqual(['ami', 'instanceType', 'subnetId', 'vpcSecurityGroupIds']);
  });
});
