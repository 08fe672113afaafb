/**
 * Inline policies of IAM roles (aws_iam_role_policy), imported as `role:policy`. A service-linked
 * role's inline policies belong to its AWS service and are left alone like the role.
 */
import { GetRolePolicyCommand, paginateListRolePolicies } from '@aws-sdk/client-iam';
import { DiscoveredResource, ref } from '../model';
import { ResourceTypeModule, collect } from '../resource-type';
import { listRoles, policyDocument, serviceLinked } from './iam';

export const iamRolePolicyType: ResourceTypeModule = {
  type: 'aws_iam_role_policy',
  resource: { module: 'iam-role-policy', className: 'IamRolePolicy' },
  iamActions: ['iam:ListRoles', 'iam:ListRolePolicies', 'iam:GetRolePolicy'],
  async discover(ctx) {
    const roles = (await listRoles(ctx)).filter((r) => !serviceLinked(r));
    const perRole = await ctx.each('aws_iam_role_policy', roles, (r) => r.RoleName!, async (r) => {
      const names = await collect(paginateListRolePolicies({ client: ctx.clients.iam }, { RoleName: r.RoleName }), (p) => p.PolicyNames);
      return Promise.all(
        names.map(async (policyName): Promise<DiscoveredResource> => {
          const got = await ctx.clients.iam.send(new GetRolePolicyCommand({ RoleName: r.RoleName, PolicyName: policyName }));
          const id = `${r.RoleName}:${policyName}`;
          return {
            type: 'aws_iam_role_policy',
            id,
            importId: id,
            name: `${r.RoleName}_${policyName}`,
            tags: {},
            attributes: {
              name: policyName,
              role: ref(r.RoleName!, 'name', undefined, 'aws_iam_role'),
              policy: policyDocument(got.PolicyDocument ?? ''),
            },
          };
        }),
      );
    });
    return perRole.flat();
  },
};
