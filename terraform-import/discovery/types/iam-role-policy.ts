/**
 * Inline policies of IAM roles (aws_iam_role_policy), imported as `role:policy`. A service-linked
 * role's inline policies belong to its AWS service and are left alone like the role.
 */
import { DiscoveredResource, ref } from '../model';
import { ResourceTypeModule } from '../resource-type';
import { accountAuthorization, policyDocument, serviceLinked } from './iam';

export const iamRolePolicyType: ResourceTypeModule = {
  type: 'aws_iam_role_policy',
  resource: { module: 'iam-role-policy', className: 'IamRolePolicy' },
  iamActions: ['iam:GetAccountAuthorizationDetails'],
  async discover(ctx) {
    const roles = [...(await accountAuthorization(ctx)).roles.values()].filter((r) => !serviceLinked(r));
    const perRole = await ctx.each('aws_iam_role_policy', roles, (r) => r.RoleName!, async (r) =>
      (r.RolePolicyList ?? []).map(({ PolicyName: policyName, PolicyDocument: document }): DiscoveredResource => {
        const id = `${r.RoleName}:${policyName}`;
        return {
          type: 'aws_iam_role_policy',
          id,
          importId: id,
          name: `${r.RoleName}_${policyName}`,
          tags: {},
          attributes: {
            name: policyName!,
            role: ref(r.RoleName!, 'name', undefined, 'aws_iam_role'),
            policy: policyDocument(document ?? ''),
          },
        };
      }),
    );
    return perRole.flat();
  },
};
