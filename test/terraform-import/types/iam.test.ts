/**
 * IAM roles, customer-managed policies, role policy attachments and instance profiles: imported by
 * name (policies by ARN), documents decoded, defaults (path "/", one-hour sessions) dropped, the
 * attachment's role and policy and the profile's role as references; AWS-managed policies stay ARNs,
 * service-linked roles are skipped. Tags, attachments, inline policies and policy versions come from one
 * account-wide listing (GetAccountAuthorizationDetails), not from calls per role and policy.
 */
import { AddRoleToInstanceProfileCommand, AttachRolePolicyCommand, CreateInstanceProfileCommand, CreatePolicyCommand, CreateRoleCommand, GetAccountAuthorizationDetailsCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { EMULATOR_GAPS } from '../../../test-bed/emulator-gaps';
import { AwsClients } from '../../../terraform-import/discovery/aws-clients';
import { DiscoveryContext } from '../../../terraform-import/discovery/resource-type';
import { accountAuthorization, iamRoleType } from '../../../terraform-import/discovery/types/iam';
import { EMULATOR_REGION } from '../../../test-bed/emulator';
import { callsNotAllowed } from '../../support/import-iam-actions';
import { constructOf, discoverTypes, useImportEmulator } from '../../support/import-type-test';

const IAM_TYPES = ['aws_iam_role', 'aws_iam_policy', 'aws_iam_role_policy_attachment', 'aws_iam_instance_profile', 'aws_iam_role_policy'];

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
    await iam.send(new PutRolePolicyCommand({ RoleName: 'app-server', PolicyName: 'read-licence', PolicyDocument: JSON.stringify(document) }));
    iam.destroy();
  });

  it('reads roles and policies with one listing for the account, not several calls per role and policy', async () => {
    // Tags, attachments, inline policies and policy versions come with GetAccountAuthorizationDetails;
    // what it lacks is asked per item: a policy's tags, a role's description and session duration (ListRoles).
    const found = await discoverTypes(IAM_TYPES);
    const counts = found.calls.reduce<Record<string, number>>((c, call) => ({ ...c, [call]: (c[call] ?? 0) + 1 }), {});
    expect(counts).toEqual({ 'iam:GetAccountAuthorizationDetails': 1, 'iam:ListRoles': 1, 'iam:ListInstanceProfiles': 1, 'iam:ListPolicyTags': 1 });
    expect(callsNotAllowed(found.calls, IAM_TYPES)).toEqual([]);
    expect(found.ofType('aws_iam_role_policy').map((e) => e.importId)).toEqual(['app-server:read-licence']);
    expect(JSON.parse(found.entry('aws_iam_role_policy', 'app-server:read-licence').resource.attributes.policy as string)).toEqual(document);
  });

  it('is answered by the emulator as IAM answers it: policy name and ID, documents URL-encoded (launcher extension)', async () => {
    expect(EMULATOR_GAPS.some((g) => g.provenBy === 'test/terraform-import/types/iam.test.ts' && /GetAccountAuthorizationDetails/.test(g.missingCall))).toBe(true);
    const iam = new IAMClient(sdk());
    const details = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role', 'LocalManagedPolicy'] }));
    iam.destroy();
    const policy = details.Policies!.find((p) => p.Arn === policyArn)!;
    expect([policy.PolicyName, policy.PolicyId]).toEqual(['read-app-parameters', expect.stringMatching(/^A[A-Z0-9]{20}$/)]);
    expect(decodeURIComponent(policy.PolicyVersionList!.find((v) => v.IsDefaultVersion)!.Document!)).toBe(JSON.stringify(document));
    const role = details.RoleDetailList!.find((r) => r.RoleName === 'app-server')!;
    expect(role.AssumeRolePolicyDocument).toMatch(/^%7B/);
    expect(decodeURIComponent(role.AssumeRolePolicyDocument!)).toBe(JSON.stringify(trust));
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

  it('asks a role made after the account listing for its tags on its own', async () => {
    // Discovery runs the listing and ListRoles side by side: a role created between the two is in
    // ListRoles only, and its tags must still be read, or the import would plan to remove them.
    const clients = new AwsClients({ region: EMULATOR_REGION, maxAttempts: 1 });
    const cache = new Map<string, Promise<unknown>>();
    const ctx: DiscoveryContext = {
      clients,
      region: EMULATOR_REGION,
      once: <T>(key: string, load: () => Promise<T>) => (cache.has(key) ? cache.get(key) : cache.set(key, load()).get(key)) as Promise<T>,
      each: async (_type, items, _idOf, fn) => Promise.all(items.map(fn)),
      fail: (failure) => {
        throw new Error(JSON.stringify(failure));
      },
    };
    try {
      await accountAuthorization(ctx);
      const iam = new IAMClient(sdk());
      await iam.send(new CreateRoleCommand({ RoleName: 'late-role', AssumeRolePolicyDocument: JSON.stringify(trust), Tags: [{ Key: 'Team', Value: 'late' }] }));
      iam.destroy();
      const roles = await iamRoleType.discover(ctx);
      expect(roles.find((r) => r.id === 'late-role')?.tags).toEqual({ Team: 'late' });
      expect(roles.find((r) => r.id === 'app-server')?.tags).toEqual({ Team: 'platform' });
      expect(clients.calls.filter((c) => c.operation === 'ListRoleTags')).toHaveLength(1);
    } finally {
      clients.close();
    }
  });
});
