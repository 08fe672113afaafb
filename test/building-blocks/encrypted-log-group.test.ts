/** The log group on its own: under the environment's path, KMS-encrypted, with the resolved retention. */
import { EncryptedLogGroup } from '../../blueprints/building-blocks/encrypted-log-group';
import { blockContext, resource, synthBlock, tierDefaults, TIERS } from '../support/building-block-synth';

describe.each(TIERS)('EncryptedLogGroup, %s tier', (tier) => {
  it("lives under /<app>/<environment>/ (what the key policy admits), encrypted with the app's key, kept 365 days in production and 30 in test", () => {
    let literalName = '';
    const json = synthBlock((scope) => {
      const group = new EncryptedLogGroup(scope, 'logs', {
        ctx: blockContext(),
        path: 'ecs/web',
        kmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/app',
        retentionDays: tierDefaults(tier).value('logs.retentionDays', 'logs.retentionDays', undefined),
      });
      literalName = group.literalName;
    });
    expect(resource(json, 'aws_cloudwatch_log_group', 'logs_group')).toEqual({
      name: '/shop/test/ecs/web',
      kms_key_id: 'arn:aws:kms:eu-central-1:123456789012:key/app',
      retention_in_days: tier === 'production' ? 365 : 30,
    });
    expect(literalName).toBe('/shop/test/ecs/web');
  });
});
