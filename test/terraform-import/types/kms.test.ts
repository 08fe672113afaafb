/**
 * aws_kms_key and aws_kms_alias: a customer-managed key imported by its key ID with its policy and
 * rotation, provider defaults dropped, named by its Name tag else its alias; the alias imported by
 * name, its target a reference; AWS-managed aliases (alias/aws/…) skipped.
 */
import { CreateAliasCommand, CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { constructOf, discoverTypes, useImportEmulator } from '../../support/import-type-test';

describe('import types aws_kms_key and aws_kms_alias', () => {
  const { sdk } = useImportEmulator();
  let tagged: string;
  let aliased: string;

  beforeAll(async () => {
    const kms = new KMSClient(sdk());
    tagged = (await kms.send(new CreateKeyCommand({ Description: 'app data', Tags: [{ TagKey: 'Name', TagValue: 'app-data' }] }))).KeyMetadata!.KeyId!;
    await kms.send(new EnableKeyRotationCommand({ KeyId: tagged }));
    aliased = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/legacy-backups', TargetKeyId: aliased }));
    kms.destroy();
  });

  it('imports a key by its ID with its policy and rotation; named by its Name tag, else by its alias', async () => {
    const found = await discoverTypes(['aws_kms_key', 'aws_kms_alias']);
    const key = found.entry('aws_kms_key', tagged);
    expect([key.importId, key.resource.name, key.decision, key.reason, key.address]).toEqual([tagged, 'app-data', 'import', 'discovered, not managed by Terraform', 'aws_kms_key.app_data']);
    const { policy, ...rest } = key.resource.attributes;
    expect(rest).toEqual({ description: 'app data', enableKeyRotation: true, tags: { Name: 'app-data' } });
    expect(JSON.parse(policy as string).Statement.length).toBeGreaterThan(0);
    // ENCRYPT_DECRYPT, SYMMETRIC_DEFAULT, enabled and a 365-day rotation are the defaults
    expect(constructOf(found.code, key).body).not.toMatch(/keyUsage|customerMasterKeySpec|isEnabled|rotationPeriodInDays/);

    const second = found.entry('aws_kms_key', aliased);
    // the alias of the same name sorts first and keeps the plain name; the key gets its type as suffix
    expect([second.resource.name, second.address]).toEqual(['legacy-backups', 'aws_kms_key.legacy_backups_kms_key']);
  });

  it('imports the alias by its name, pointing at its key by reference, and skips aliases of AWS-managed keys', async () => {
    const found = await discoverTypes(['aws_kms_key', 'aws_kms_alias']);
    const alias = found.entry('aws_kms_alias', 'alias/legacy-backups');
    expect([alias.importId, alias.resource.name, alias.decision, alias.address]).toEqual(['alias/legacy-backups', 'legacy-backups', 'import', 'aws_kms_alias.legacy_backups']);
    expect(constructOf(found.code, alias).body).toBe('      name: "alias/legacy-backups",\n      targetKeyId: legacyBackupsKmsKey.id,');
    const awsManaged = found.ofType('aws_kms_alias').filter((e) => e.id.startsWith('alias/aws/'));
    for (const e of awsManaged) expect([e.id, e.decision, e.reason]).toEqual([e.id, 'skip', 'AWS-managed: alias of an AWS-managed key']);
  });
});
