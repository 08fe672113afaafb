/** The app's KMS key on its own: rotation, the tiered deletion window and prevent_destroy, a scoped key policy. */
import { AppKmsKey } from '../../blueprints/building-blocks/app-kms-key';
import { resolveKmsKey } from '../../config/resolve-environment';
import { blockContext, refTo, resource, statementsOf, synthBlock, tierDefaults, TIERS } from '../support/building-block-synth';

const synthKey = (tier: (typeof TIERS)[number], extra: Partial<ConstructorParameters<typeof AppKmsKey>[2]> = {}) =>
  synthBlock((scope) => new AppKmsKey(scope, 'kms', { ctx: blockContext(), settings: resolveKmsKey(undefined, tierDefaults(tier)), ...extra }));

describe.each(TIERS)('AppKmsKey, %s tier', (tier) => {
  const production = tier === 'production';
  const json = synthKey(tier);
  const key = resource(json, 'aws_kms_key', 'kms_key');

  it('rotates its key material yearly (CIS 3.6)', () => {
    expect(key.enable_key_rotation).toBe(true);
    expect(key.rotation_period_in_days).toBe(365);
  });

  it('waits 30 days before a deleted production key is gone (the time to cancel a mistaken delete), 7 in test', () => {
    expect(key.deletion_window_in_days).toBe(production ? 30 : 7);
  });

  it('carries prevent_destroy in production only: destroying it makes every encrypted byte unreadable', () => {
    expect(key.lifecycle).toEqual({ prevent_destroy: production });
  });

  it('is named by an alias of the environment', () => {
    expect(resource(json, 'aws_kms_alias', 'kms_alias')).toMatchObject({ name: 'alias/shop-test', target_key_id: refTo(json, 'aws_kms_key', 'kms_key', 'key_id') });
  });

  it('describes what it encrypts', () => {
    expect(key.description).toBe("shop-test: encryption at rest for the app's data, logs, parameters and alarms");
  });
});

describe('AppKmsKey policy', () => {
  const statements = statementsOf(synthKey('production'), 'kms_policy');

  it('lets the account administer the key through IAM, and nobody else by policy alone', () => {
    expect(statements.AccountAdministersKeyThroughIam).toEqual({
      sid: 'AccountAdministersKeyThroughIam',
      effect: 'Allow',
      principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::123456789012:root'] }],
      actions: ['kms:*'],
      resources: ['*'],
    });
  });

  it("lets CloudWatch Logs use it only for this environment's log groups and its WAF log group", () => {
    const logs = statements.CloudWatchLogsEncryptsThisEnvironmentsLogGroups;
    // In a key policy `*` means this key; an empty list would grant nothing and break log encryption.
    expect([logs.effect, logs.resources]).toEqual(['Allow', ['*']]);
    expect(logs.principals).toEqual([{ type: 'Service', identifiers: ['logs.eu-central-1.amazonaws.com'] }]);
    expect(logs.actions).toEqual(['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey']);
    expect(logs.condition).toEqual([
      {
        test: 'ArnLike',
        variable: 'kms:EncryptionContext:aws:logs:arn',
        values: ['arn:aws:logs:eu-central-1:123456789012:log-group:/shop/test/*', 'arn:aws:logs:eu-central-1:123456789012:log-group:aws-waf-logs-shop-test'],
      },
    ]);
  });

  it('lets CloudWatch alarms of this account only decrypt and generate data keys (to publish to the encrypted topic)', () => {
    const alarms = statements.CloudWatchAlarmsPublishToTheEncryptedTopic;
    expect([alarms.effect, alarms.resources]).toEqual(['Allow', ['*']]);
    expect(alarms.principals).toEqual([{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }]);
    expect(alarms.actions).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(alarms.condition).toEqual([{ test: 'StringEquals', variable: 'aws:SourceAccount', values: ['123456789012'] }]);
  });

  it('has no statement beyond these three unless the caller adds one', () => {
    expect(Object.keys(statements)).toEqual(['AccountAdministersKeyThroughIam', 'CloudWatchLogsEncryptsThisEnvironmentsLogGroups', 'CloudWatchAlarmsPublishToTheEncryptedTopic']);
  });

  it("appends the caller's statements and description", () => {
    const extra = { sid: 'Extra', effect: 'Allow', principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }], actions: ['kms:DescribeKey'], resources: ['*'] };
    const json = synthKey('test', { extraStatements: [extra], description: 'audit key' });
    expect(Object.values(statementsOf(json, 'kms_policy')).pop()).toEqual(extra);
    expect(resource(json, 'aws_kms_key', 'kms_key').description).toBe('audit key');
  });
});

describe('AppKmsKey with an existing key (existingKeyArn)', () => {
  const existingKeyArn = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

  it('creates no key, alias or policy of its own, and encrypts with the existing key', () => {
    let appKey: AppKmsKey | undefined;
    const json = synthKey('production', {});
    const adopted = synthBlock((scope) => {
      appKey = new AppKmsKey(scope, 'kms', { ctx: blockContext(), settings: resolveKmsKey({ existingKeyArn }, tierDefaults('production')) });
    });
    // The same construct without the existing key does create them: the difference is the ARN alone.
    expect(Object.keys(json.resource ?? {}).sort()).toEqual(['aws_kms_alias', 'aws_kms_key']);
    expect(adopted.resource).toBeUndefined();
    expect(adopted.data).toBeUndefined();
    expect([appKey?.arn, appKey?.key, appKey?.alias]).toEqual([existingKeyArn, undefined, undefined]);
  });
});
