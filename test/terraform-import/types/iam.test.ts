/**
 * IAM roles, customer-managed policies, role policy attachments and instance profiles: imported by
 * name (policies by ARN), documents decoded, defaults (path "/", one-hour sessions) dropped, the
 * attachment's role and policy and the profile's role as references; AWS-managed policies stay ARNs,
 * service-linked roles are skipped.
 */
import { AddRoleToInstanceProfileCommand, AttachRolePolicyCommand, CreateInstanceProfileCommand, CreatePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { constructOf, discoverTypes, useImportEmulator } from '../../support/import-type-test';

describe('import types aws_iam_role, aws_iam_policy, aws_iam_role_policy_attachment, aws_iam_instance_profile', () => {
  const { sdk } = useImportEmulator();
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: 'arn:aws:ssm:eu-central-1:123456789012:parameter/app/*' }] };
  let policyArn: string;
  const managed = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore';

  beforeAll(async () => {
    const iam = new IAMClient(sdk());
    await iam.send(new CreateRoleCommand({ RoleName: 'app-server', AssumeRolePolicyDocument: JSON.stringify(trust), Description: 'Tomcat', MaxSessionDuration: 7200, Tags: [{ Key: 'Team', Value: 'platform' }] }));
    policyArn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'read-app-parameters', PolicyDocument: JSON.stringify(document) }))).Policy!.Arn!;
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app-server', PolicyArn: policyArn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app-server', PolicyArn: managed }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'app-server' }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app-server', RoleName: 'app-server' }));
    iam.destroy();
  });

  it('imports the role by name with its trust policy decoded and only the non-default settings', async () => {
    const found = await discoverTypes(['aws_iam_role']);
    const role = found.entry('aws_iam_role', 'app-server');
    expect([role.importId, role.resource.name, role.decision, role.reason, role.address]).toEqual(['app-server', 'app-server', 'import', 'discovered, not managed by Terraform', 'aws_iam_role.app_server']);
    const { assumeRolePolicy, ...rest } = role.resource.attributes;
    expect(JSON.parse(assumeRolePolicy as string)).toEqual(trust);
    expect(rest).toEqual({ name: 'app-server', description: 'Tomcat', maxSessionDuration: 7200, tags: { Team: 'platform' } });
  });

  it('imports the policy by ARN, its attachments by <role>/<policy ARN> with references, and the profile by name', async () => {
    const found = await discoverTypes(['aws_iam_role', 'aws_iam_policy', 'aws_iam_role_policy_attachment', 'aws_iam_instance_profile']);
    const policy = found.entry('aws_iam_policy', policyArn);
    expect([policy.importId, policy.resource.name, policy.decision, policy.address]).toEqual([policyArn, 'read-app-parameters', 'import', 'aws_iam_policy.read_app_parameters']);
    expect(JSON.parse(policy.resource.attributes.policy as string)).toEqual(document);

    // role and profile share a name: the profile sorts first and keeps it, the role gets its type as suffix
    expect(found.entry('aws_iam_role', 'app-server').address).toBe('aws_iam_role.app_server_iam_role');
    const own = found.entry('aws_iam_role_policy_attachment', `app-server/${policyArn}`);
    expect([own.importId, own.decision, own.address]).toEqual([`app-server/${policyArn}`, 'import', 'aws_iam_role_policy_attachment.app_server_read_app_parameters']);
    expect(constructOf(found.code, own).body).toBe('      role: appServerIamRole.name,\n      policyArn: readAppParameters.arn,');
    // an AWS-managed policy is no resource of the account: its ARN stays literal
    const aws = found.entry('aws_iam_role_policy_attachment', `app-server/${managed}`);
    expect(constructOf(found.code, aws).body).toBe(`      role: appServerIamRole.name,\n      policyArn: ${JSON.stringify(managed)},`);

    // the profile shares the role's name: the reference names the role, not the profile
    const profile = found.entry('aws_iam_instance_profile', 'app-server');
    expect([profile.importId, profile.decision, profile.address]).toEqual(['app-server', 'import', 'aws_iam_instance_profile.app_server']);
    expect(constructOf(found.code, profile).body).toBe('      name: "app-server",\n      role: appServerIamRole.name,');
  });
});
