/**
 * Inline policies of IAM roles (aws_iam_role_policy), imported as `role:policy`. A service-linked
 * role's inline policies belong to its AWS service and are left alone like the role.
 */
import { DiscoveredResource, ref } from '../model';
import { ResourceTypeModule } from '../resource-type';
import { customerRoles, policyDocument } from './iam';

export const iamRolePolicyType: ResourceTypeModule = {
  type: 'aws_iam_role_policy',
  resource: { module: 'iam-role-policy', className: 'IamRolePolicy' },
  iamActions: ['iam:GetAccountAuthorizationDetails'],
  async discover(ctx) {
    // Everything comes with the listing: no call per role that could fail on its own.
    return (await customerRoles(ctx)).flatMap((r) =>
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
  },
};
