import {
  ListPolicyTagsCommand,
  ListRoleTagsCommand,
  ManagedPolicyDetail,
  paginateGetAccountAuthorizationDetails,
  paginateListInstanceProfiles,
  paginateListRoles,
  Role,
  RoleDetail,
} from '@aws-sdk/client-iam';
import { DiscoveredResource, ref, tagMap } from '../model';
import { DiscoveryContext, ResourceTypeModule, collect, tagsArgument } from '../resource-type';

/** IAM returns policy documents URL-encoded. */
export const policyDocument = (encoded: string) => decodeURIComponent(encoded);

const listRoles = (ctx: DiscoveryContext): Promise<Role[]> =>
  ctx.once('iam:ListRoles', () => collect(paginateListRoles({ client: ctx.clients.iam }, {}), (p) => p.Roles));

/** Service-linked roles are created and owned by their AWS service. */
export const serviceLinked = (r: Role | RoleDetail) => r.Path?.startsWith('/aws-service-role/') ?? false;

export interface AccountAuthorization {
  /** Every role with its tags, attached managed policies and inline policies, by name. */
  roles: Map<string, RoleDetail>;
  /** Every customer-managed policy with its versions. */
  policies: ManagedPolicyDetail[];
}

/**
 * Roles and customer-managed policies with what AWS otherwise answers only per role or policy (tags,
 * attachments, inline policies, policy versions), in one paginated listing for all four IAM types:
 * a few calls per account instead of several per role (docs/BENCHMARKS.md, "Import").
 */
export const accountAuthorization = (ctx: DiscoveryContext): Promise<AccountAuthorization> =>
  ctx.once('iam:GetAccountAuthorizationDetails', async () => {
    const roles = new Map<string, RoleDetail>();
    const policies: ManagedPolicyDetail[] = [];
    for await (const page of paginateGetAccountAuthorizationDetails({ client: ctx.clients.iam }, { Filter: ['Role', 'LocalManagedPolicy'] })) {
      for (const r of page.RoleDetailList ?? []) roles.set(r.RoleName!, r);
      policies.push(...(page.Policies ?? []));
    }
    return { roles, policies };
  });

/** The roles the account's own users made (service-linked ones left out), with their details. */
export const customerRoles = async (ctx: DiscoveryContext): Promise<RoleDetail[]> => [...(await accountAuthorization(ctx)).roles.values()].filter((r) => !serviceLinked(r));

export const iamRoleType: ResourceTypeModule = {
  type: 'aws_iam_role',
  resource: { module: 'iam-role', className: 'IamRole' },
  // ListRoles for what the details lack (description, session duration); ListRoleTags only for a role made between the two calls.
  iamActions: ['iam:ListRoles', 'iam:GetAccountAuthorizationDetails', 'iam:ListRoleTags'],
  async discover(ctx) {
    const [roles, details] = await Promise.all([listRoles(ctx), accountAuthorization(ctx)]);
    return ctx.each('aws_iam_role', roles, (r) => r.RoleName!, async (r): Promise<DiscoveredResource> => {
      const detail = details.roles.get(r.RoleName!);
      const tags = serviceLinked(r) ? {} : tagMap(detail ? detail.Tags : (await ctx.clients.iam.send(new ListRoleTagsCommand({ RoleName: r.RoleName }))).Tags);
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
  // The details carry no policy tags: those stay one call per policy.
  iamActions: ['iam:GetAccountAuthorizationDetails', 'iam:ListPolicyTags'],
  async discover(ctx) {
    const { policies } = await accountAuthorization(ctx);
    return ctx.each('aws_iam_policy', policies, (p) => p.Arn!, async (p): Promise<DiscoveredResource> => {
      const document = p.PolicyVersionList?.find((v) => v.VersionId === p.DefaultVersionId)?.Document;
      const tags = tagMap((await ctx.clients.iam.send(new ListPolicyTagsCommand({ PolicyArn: p.Arn }))).Tags);
      return {
        type: 'aws_iam_policy',
        id: p.Arn!,
        importId: p.Arn!,
        name: p.PolicyName!,
        tags,
        attributes: {
          name: p.PolicyName!,
          policy: policyDocument(document ?? ''),
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
  iamActions: ['iam:GetAccountAuthorizationDetails'],
  async discover(ctx) {
    // Everything comes with the listing: no call per role that could fail on its own.
    return (await customerRoles(ctx)).flatMap((r) =>
      (r.AttachedManagedPolicies ?? []).map(
        (a): DiscoveredResource => ({
          type: 'aws_iam_role_policy_attachment',
          id: `${r.RoleName}/${a.PolicyArn}`,
          importId: `${r.RoleName}/${a.PolicyArn}`,
          name: `${r.RoleName}_${a.PolicyName}`,
          tags: {},
          // an AWS-managed policy is no discovered resource: its ARN stays literal
          attributes: { role: ref(r.RoleName!, 'name', undefined, 'aws_iam_role'), policyArn: a.PolicyArn!.startsWith('arn:aws:iam::aws:') ? a.PolicyArn! : ref(a.PolicyArn!, 'arn') },
        }),
      ),
    );
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
