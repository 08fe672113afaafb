/**
 * The central-logging subscription on its own, and the two blocks that create log groups outside
 * EncryptedLogGroup's reach: the WAF group of the load balancer and the RDS export groups.
 */
import { centralLogSubscription, centralLogsFilterName } from '../../blueprints/building-blocks/central-log-subscription';
import { EncryptedLogGroup } from '../../blueprints/building-blocks/encrypted-log-group';
import { databaseLogGroupsKeyStatement, RelationalDatabase } from '../../blueprints/building-blocks/relational-database';
import { resolveDatabase } from '../../config/resolve-environment';
import { allOf, blockContext, refTo, resource, synthBlock, tierDefaults } from '../support/building-block-synth';
import { CENTRAL_DESTINATION } from '../support/central-logs';

const central = { destinationArn: CENTRAL_DESTINATION, filterPattern: '?ERROR ?WARN' };
const kmsKeyArn = 'arn:aws:kms:eu-central-1:123456789012:key/app';

describe('centralLogSubscription', () => {
  it('creates nothing when central logging is off (the default keeps existing stacks byte-identical)', () => {
    const json = synthBlock((scope) => {
      expect(centralLogSubscription(scope, 'central-logs', { ctx: blockContext(), logGroupName: '/shop/test/x' })).toBeUndefined();
    });
    expect(allOf(json, 'aws_cloudwatch_log_subscription_filter')).toEqual({});
  });

  it('subscribes the group to the destination with the configured pattern, and no role: a destination authorises senders by its own policy', () => {
    const json = synthBlock((scope) => {
      centralLogSubscription(scope, 'central-logs', { ctx: blockContext(), central, logGroupName: '/shop/test/x' });
    });
    expect(resource(json, 'aws_cloudwatch_log_subscription_filter', 'central-logs')).toEqual({
      name: 'shop-test-central-logs',
      log_group_name: '/shop/test/x',
      destination_arn: CENTRAL_DESTINATION,
      filter_pattern: '?ERROR ?WARN',
    });
    expect(centralLogsFilterName(blockContext())).toBe('shop-test-central-logs');
  });

  it('on an EncryptedLogGroup names the group by reference, so Terraform creates the group first', () => {
    const json = synthBlock((scope) => {
      new EncryptedLogGroup(scope, 'logs', { ctx: blockContext(), path: 'ecs/web', kmsKeyArn, retentionDays: 30, centralLogs: central });
    });
    expect(resource(json, 'aws_cloudwatch_log_subscription_filter', 'logs_central-logs').log_group_name).toBe(refTo(json, 'aws_cloudwatch_log_group', 'logs_group', 'name'));
  });
});

describe('RelationalDatabase with exported logs managed', () => {
  const build = (engine: 'postgres' | 'mysql', exported: boolean) =>
    synthBlock((scope) => {
      new RelationalDatabase(scope, 'database', {
        ctx: blockContext(),
        settings: resolveDatabase({ engine }, 'shop', tierDefaults('test')),
        vpcId: 'vpc-0123456789abcdef0',
        subnetIds: ['subnet-1', 'subnet-2'],
        kmsKeyArn,
        alarmTopicArn: 'arn:aws:sns:eu-central-1:123456789012:alarms',
        ...(exported ? { exportedLogs: { retentionDays: 30, centralLogs: central } } : {}),
      });
    });

  it.each([
    ['postgres', ['postgresql', 'upgrade']],
    ['mysql', ['error', 'slowquery']],
  ] as const)('%s: one encrypted group per exported log, at the name RDS publishes to, with the retention, each subscribed', (engine, logs) => {
    const json = build(engine, true);
    const instance = resource(json, 'aws_db_instance', 'database_instance');
    // The groups are managed exactly for the logs the instance exports.
    expect(instance.enabled_cloudwatch_logs_exports).toEqual(logs);
    for (const log of logs) {
      expect(resource(json, 'aws_cloudwatch_log_group', `database_logs-${log}`)).toEqual({
        name: `/aws/rds/instance/shop-test-db/${log}`,
        kms_key_id: kmsKeyArn,
        retention_in_days: 30,
      });
      expect(resource(json, 'aws_cloudwatch_log_subscription_filter', `database_logs-${log}-central-logs`)).toMatchObject({
        log_group_name: refTo(json, 'aws_cloudwatch_log_group', `database_logs-${log}`, 'name'),
        destination_arn: CENTRAL_DESTINATION,
      });
    }
    // Created before the instance: RDS would otherwise make the group itself (unencrypted, kept forever) and Terraform's create would fail.
    expect(instance.depends_on).toEqual(logs.map((log) => `aws_cloudwatch_log_group.${Object.keys(json.resource!.aws_cloudwatch_log_group).find((id) => id.startsWith(`database_logs-${log}_`))}`));
  });

  it('without central logging leaves the export groups to RDS and the instance without depends_on (existing stacks unchanged)', () => {
    const json = build('postgres', false);
    expect(allOf(json, 'aws_cloudwatch_log_group')).toEqual({});
    expect(resource(json, 'aws_db_instance', 'database_instance').depends_on).toBeUndefined();
  });

  it('lets CloudWatch Logs use the app key for exactly these instances’ export groups', () => {
    const statement = databaseLogGroupsKeyStatement(blockContext(), ['shop-test-db', 'shop-test-db-docs']);
    // Its own statement ID beside the key's statement for /<app>/<environment>/ groups: one key policy holds both.
    expect(statement.sid).toBe('CloudWatchLogsEncryptsThisEnvironmentsDatabaseLogGroups');
    expect(statement.principals).toEqual([{ type: 'Service', identifiers: ['logs.eu-central-1.amazonaws.com'] }]);
    expect(statement.condition).toEqual([
      {
        test: 'ArnLike',
        variable: 'kms:EncryptionContext:aws:logs:arn',
        values: ['arn:aws:logs:eu-central-1:123456789012:log-group:/aws/rds/instance/shop-test-db/*', 'arn:aws:logs:eu-central-1:123456789012:log-group:/aws/rds/instance/shop-test-db-docs/*'],
      },
    ]);
  });
});
