/**
 * aws_iam_role_policy: a role's inline policy, imported as `role:policy`, pointing at its role by
 * reference (the role's name), with the document decoded from IAM's URL encoding. The plan is proven
 * in added-types-round-trip.test.ts.
 */
import { createInlineRolePolicy } from '../../support/import-type-fixtures';
import { callsNotAllowed } from '../../support/import-iam-actions';
import { discoverTypes, useImportEmulator } from '../../support/import-type-test';

const TYPES = ['aws_iam_role_policy'];

describe('aws_iam_role_policy discovery', () => {
  const { emulator } = useImportEmulator();

  it('finds an inline role policy with its role by reference and its document decoded', async () => {
    const fixture = await createInlineRolePolicy(emulator());
    const { manifest, calls } = await discoverTypes(TYPES);
    const entries = manifest.entries;
    expect(entries.map((e) => [e.decision, e.address, e.importId])).toEqual([['import', 'aws_iam_role_policy.inline_app_read_config', 'inline-app:read-config']]);
    const { name, role, policy } = entries[0].resource.attributes;
    expect([name, role]).toEqual(['read-config', { $ref: 'inline-app', attr: 'name', to: 'aws_iam_role' }]);
    expect(JSON.parse(policy as string)).toEqual(fixture.document);
    expect(callsNotAllowed(calls, TYPES)).toEqual([]);
  });
});
