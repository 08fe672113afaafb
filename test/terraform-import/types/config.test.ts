/**
 * aws_config_configuration_recorder, aws_config_delivery_channel,
 * aws_config_configuration_recorder_status, aws_config_config_rule: all imported by name; the
 * recorder points at its role, the channel at its bucket, the status at its recorder, by reference.
 * The three per-region singletons share one name ("default") without their IDs colliding. The plan
 * is proven in added-types-round-trip.test.ts.
 */
import { createConfigRecorderAndRule } from '../../support/import-type-fixtures';
import { callsNotAllowed } from '../../support/import-iam-actions';
import { discoverTypes, useImportEmulator } from '../../support/import-type-test';

const TYPES = ['aws_config_configuration_recorder', 'aws_config_delivery_channel', 'aws_config_configuration_recorder_status', 'aws_config_config_rule'];

describe('AWS Config discovery', () => {
  const { emulator } = useImportEmulator();

  it('finds the recorder, its delivery channel and status, and the rule, each with its references', async () => {
    const fixture = await createConfigRecorderAndRule(emulator());
    const { manifest, calls } = await discoverTypes(TYPES);
    const entries = manifest.entries;
    const of = (type: string) => entries.filter((e) => e.type === type);

    expect(of('aws_config_configuration_recorder').map((e) => [e.decision, e.address, e.importId, e.resource.attributes])).toEqual([
      [
        'import',
        'aws_config_configuration_recorder.default_recorder',
        'default',
        {
          name: 'default',
          roleArn: { $ref: fixture.role, attr: 'arn', to: 'aws_iam_role' },
          recordingGroup: { allSupported: true, includeGlobalResourceTypes: true, recordingStrategy: [{ useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' }] },
        },
      ],
    ]);
    expect(of('aws_config_delivery_channel').map((e) => [e.decision, e.address, e.importId, e.resource.attributes])).toEqual([
      [
        'import',
        'aws_config_delivery_channel.default_delivery_channel',
        'default',
        { name: 'default', s3BucketName: { $ref: fixture.bucket, attr: 'bucket', to: 'aws_s3_bucket' }, s3KeyPrefix: 'config', snapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' } },
      ],
    ]);
    expect(of('aws_config_configuration_recorder_status').map((e) => [e.decision, e.address, e.importId, e.resource.attributes])).toEqual([
      ['import', 'aws_config_configuration_recorder_status.default_recorder_status', 'default', { name: { $ref: 'default', attr: 'name', to: 'aws_config_configuration_recorder' }, isEnabled: true }],
    ]);
    // one name, three resources: their IDs stay apart so references find the right one
    expect(new Set(entries.filter((e) => e.importId === 'default').map((e) => e.id)).size).toBe(3);

    expect(of('aws_config_config_rule').map((e) => [e.decision, e.address, e.importId, e.resource.attributes])).toEqual([
      [
        'import',
        'aws_config_config_rule.restricted_ssh',
        fixture.rule,
        {
          name: 'restricted-ssh',
          description: 'No security group allows SSH from anywhere',
          source: { owner: 'AWS', sourceIdentifier: 'INCOMING_SSH_DISABLED' },
          scope: { complianceResourceTypes: ['AWS::EC2::SecurityGroup'] },
          tags: { Team: 'security' },
        },
      ],
    ]);

    expect(callsNotAllowed(calls, TYPES)).toEqual([]);
  });
});
