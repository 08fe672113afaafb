import {
  GetPolicyVersionCommand,
  ListPolicyTagsCommand,
  ListRoleTagsCommand,
  paginateListAttachedRolePolicies,
  paginateListInstanceProfiles,
  paginateListPolicies,
  paginateListRoles,
  Role,
} from '@aws-sdk/client-iam';
import { DiscoveredResource, ref, tagMap } from '../model';
import { DiscoveryContext, ResourceTypeModule, collect, tagsArgument } from '../resource-type';

/** IAM returns policy documents URL-encoded. */
export const policyDocument = (encoded: string) => decodeURIComponent(encoded);

export const listRoles = (ctx: DiscoveryContext): Promise<Role[]> =>
  ctx.once('iam:ListRoles', () => collect(paginateListRoles({ client: ctx.clients.iam }, {}), (p) => p.Roles));

/** Service-linked roles are created and owned by their AWS service. */
export const serviceLinked = (r: Role) => r.Path?.startsWith('/aws-service-role/') ?? false;

export const iamRoleType: ResourceTypeModule = {
  type: 'aws_iam_role',
  resource: { module: 'iam-role', className: 'IamRole' },
  iamActions: ['iam:ListRoles', 'iam:ListRoleTags'],
  async discover(ctx) {
    const roles = await listRoles(ctx);
    return ctx.each('aws_iam_role', roles, (r) => r.RoleName!, async (r): Promise<DiscoveredResource> => {
      const tags = serviceLinked(r) ? {} : tagMap((await ctx.clients.iam.send(new ListRoleTagsCommand({ RoleName: r.RoleName }))).Tags);
      return {
        type: 'aws_iam_role',
        id: r.RoleName!,
        importId: r.RoleName!,
        name: r.RoleName!,
        tags,
        altIds: [r.Arn!],
        skipReason: serviceLinked(r) ? 'AWS-managed: a service-linked role' : undefined,
        attributes: {
          name: r.RoleName!,
          assumeRolePolicy: policyDocument(r.AssumeRolePolicyDocument ?? ''),
          ...(r.Path && r.Path !== '/' ? { path: r.Path } : {}),
          ...(r.Description ? { description: r.Description } : {}),
          ...(r.MaxSessionDuration && r.MaxSessionDuration !== 3600 ? { maxSessionDuration: r.MaxSessionDuration } : {}),
          ...(r.PermissionsBoundary?.PermissionsBoundaryArn ? { permissionsBoundary: r.PermissionsBoundary.PermissionsBoundaryArn } : {}),
          ...tagsArgument(tags),
        },
      };
    });
  },
};

/** Customer-managed policies (AWS-managed ones are referenced by ARN, never imported). */
export const iamPolicyType: ResourceTypeModule = {
  type: 'aws_iam_policy',
  resource: { module: 'iam-policy', className: 'IamPolicy' },
  iamActions: ['iam:ListPolicies', 'iam:GetPolicyVersion', 'iam:ListPolicyTags'],
  async discover(ctx) {
    const policies = await collect(paginateListPolicies({ client: ctx.clients.iam }, { Scope: 'Local' }), (p) => p.Policies);
    return ctx.each('aws_iam_policy', policies, (p) => p.Arn!, async (p): Promise<DiscoveredResource> => {
      const version = await ctx.clients.iam.send(new GetPolicyVersionCommand({ PolicyArn: p.Arn, VersionId: p.DefaultVersionId }));
      const tags = tagMap((await ctx.clients.iam.send(new ListPolicyTagsCommand({ PolicyArn: p.Arn }))).Tags);
      return {
        type: 'aws_iam_policy',
        id: p.Arn!,
        importId: p.Arn!,
        name: p.PolicyName!,
        tags,
        attributes: {
          name: p.PolicyName!,
          policy: policyDocument(version.PolicyVersion?.Document ?? ''),
          ...(p.Path && p.Path !== '/' ? { path: p.Path } : {}),
          ...(p.Description ? { description: p.Description } : {}),
          ...tagsArgument(tags),
        },
      };
    });
  },
};

export const iamRolePolicyAttachmentType: ResourceTypeModule = {
  type: 'aws_iam_role_policy_attachment',
  resource: { module: 'iam-role-policy-attachment', className: 'IamRolePolicyAttachment' },
  iamActions: ['iam:ListRoles', 'iam:ListAttachedRolePolicies'],
  async discover(ctx) {
    const roles = (await listRoles(ctx)).filter((r) => !serviceLinked(r));
    const perRole = await ctx.each('aws_iam_role_policy_attachment', roles, (r) => r.RoleName!, async (r) => {
      const attached = await collect(paginateListAttachedRolePolicies({ client: ctx.clients.iam }, { RoleName: r.RoleName }), (p) => p.AttachedPolicies);
      return attached.map(
        (a): DiscoveredResource => ({
          type: 'aws_iam_role_policy_attachment',
          id: `${r.RoleName}/${a.PolicyArn}`,
          importId: `${r.RoleName}/${a.PolicyArn}`,
          name: `${r.RoleName}_${a.PolicyName}`,
          tags: {},
          // an AWS-managed policy is no discovered resource: its ARN stays literal
          attributes: { role: ref(r.RoleName!, 'name', undefined, 'aws_iam_role'), policyArn: a.PolicyArn!.startsWith('arn:aws:iam::aws:') ? a.PolicyArn! : ref(a.PolicyArn!, 'arn') },
        }),
      );
    });
    return perRole.flat();
  },
};

export const iamInstanceProfileType: ResourceTypeModule = {
  type: 'aws_iam_instance_profile',
  resource: { module: 'iam-instance-profile', className: 'IamInstanceProfile' },
  iamActions: ['iam:ListInstanceProfiles'],
  async discover(ctx) {
    const profiles = await collect(paginateListInstanceProfiles({ client: ctx.clients.iam }, {}), (p) => p.InstanceProfiles);
    return profiles.map((p): DiscoveredResource => {
      const tags = tagMap(p.Tags);
      const role = p.Roles?.[0]?.RoleName;
      return {
        type: 'aws_iam_instance_profile',
        id: p.InstanceProfileName!,
        importId: p.InstanceProfileName!,
        name: p.InstanceProfileName!,
        tags,
        altIds: [p.Arn!],
        attributes: {
          name: p.InstanceProfileName!,
          ...(role ? { role: ref(role, 'name', undefined, 'aws_iam_role') } : {}),
          ...(p.Path && p.Path !== '/' ? { path: p.Path } : {}),
          ...tagsArgument(tags),
        },
      };
    });
  },
};
