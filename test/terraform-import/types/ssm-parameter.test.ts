/**
 * aws_ssm_parameter: imported by name; a String parameter with its value, a SecureString never read
 * (a placeholder and ignore_changes with the reason), its customer-managed key a reference.
 */
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { constructOf, discoverTypes, useImportEmulator } from '../../support/import-type-test';

const SECRET = 'ssm-type-test-secret-5d2e';

describe('import type aws_ssm_parameter', () => {
  const { sdk } = useImportEmulator();
  let keyId: string;

  beforeAll(async () => {
    const ssm = new SSMClient(sdk());
    const kms = new KMSClient(sdk());
    keyId = (await kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'Name', TagValue: 'secrets' }] }))).KeyMetadata!.KeyId!;
    await ssm.send(new PutParameterCommand({ Name: '/app/url', Type: 'String', Value: 'https://app.example.com', Description: 'public URL' }));
    await ssm.send(new PutParameterCommand({ Name: '/app/db-password', Type: 'SecureString', Value: SECRET, KeyId: keyId }));
    // more than DescribeParameters' default page of 10
    await Promise.all([...Array(10).keys()].map((i) => ssm.send(new PutParameterCommand({ Name: `/app/feature-${i}`, Type: 'String', Value: 'on' }))));
    ssm.destroy();
    kms.destroy();
  });

  it('imports a String parameter with its value', async () => {
    const found = await discoverTypes(['aws_ssm_parameter']);
    const p = found.entry('aws_ssm_parameter', '/app/url');
    expect([p.importId, p.resource.name, p.decision, p.reason, p.address]).toEqual(['/app/url', '/app/url', 'import', 'discovered, not managed by Terraform', 'aws_ssm_parameter.app_url']);
    // tier Standard and data type text are the defaults
    expect(p.resource.attributes).toEqual({ name: '/app/url', type: 'String', value: 'https://app.example.com', description: 'public URL' });
  });

  it('never reads a SecureString: a placeholder, ignore_changes with the reason, and its key as a reference', async () => {
    const found = await discoverTypes(['aws_ssm_parameter', 'aws_kms_key']);
    const p = found.entry('aws_ssm_parameter', '/app/db-password');
    expect(p.resource.attributes.value).toBe('set-outside-terraform');
    expect(p.resource.secretArguments).toEqual(['value']);
    const construct = constructOf(found.code, p);
    expect(construct.body).toContain('keyId: secrets.id,');
    expect(construct.body).toMatch(/\/\/ value: secret\. AWS holds the value[^\n]*\n[^\n]*\n\s+lifecycle: \{ ignoreChanges: \["value"\] \},$/);
    expect(JSON.stringify(found.manifest)).not.toContain(SECRET);
    expect(found.code).not.toContain(SECRET);
    // values fetched in batches of 10 plain parameters (11 here), never one by one nor decrypted
    expect(found.calls.filter((c) => c === 'ssm:GetParameters')).toHaveLength(2);
    expect(found.calls.filter((c) => c === 'ssm:GetParameter')).toEqual([]);
  });
});
