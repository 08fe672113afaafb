/**
 * `logs.central` in the container-app blueprint: every log group the stack creates (ECS tasks, WAF,
 * the RDS exports of every database) is subscribed to the destination, and only when it is configured.
 */
import { containerAppConfig } from '../support/container-app-config';
import { CENTRAL_DESTINATION, centralLogs, logGroupNames, subscriptionsByLogGroup } from '../support/central-logs';
import { all, entryAt, Json, synthEnvironments } from '../support/synth-stack';
import { CLEAN, terraformValidate } from '../support/terraform-validate';

const docsService = {
  name: 'docs',
  image: 'wordpress:6.6-apache',
  containerPort: 8080,
  healthCheckPath: '/wp-login.php',
  routing: { priority: 20, pathPatterns: ['/docs/*'] },
  database: 'docs',
};
const withDocs = (config: Record<string, unknown>) => ({
  ...config,
  databases: { docs: { engine: 'mysql', engineVersion: '8.0' } },
  containerApp: { services: [...(config.containerApp as { services: unknown[] }).services, docsService] },
});

const synth = synthEnvironments({
  'shop/test': withDocs(containerAppConfig('test', centralLogs())),
  'shop/production': withDocs(containerAppConfig('production', centralLogs('?ERROR ?Exception'))),
  'shop/off': withDocs(containerAppConfig('test', { environment: 'off' })),
});

describe('container app with logs.central', () => {
  it.each(['shop-test', 'shop-production'])('%s: subscribes every log group it creates exactly once (a group takes at most two filters)', (name) => {
    const stack = synth.stacks[name];
    const env = name.replace('shop-', '');
    // The groups of both services, the WAF and both databases' exports: nothing the stack writes logs to is left out.
    expect(logGroupNames(stack)).toEqual(
      [
        `/aws/rds/instance/shop-${env}-db-docs/error`,
        `/aws/rds/instance/shop-${env}-db-docs/slowquery`,
        `/aws/rds/instance/shop-${env}-db/postgresql`,
        `/aws/rds/instance/shop-${env}-db/upgrade`,
        `/shop/${env}/ecs/docs`,
        `/shop/${env}/ecs/web`,
        `aws-waf-logs-shop-${env}`,
      ].sort(),
    );
    for (const [group, filters] of Object.entries(subscriptionsByLogGroup(stack))) {
      expect({ group, destinations: filters.map((f) => f.destination_arn) }).toEqual({ group, destinations: [CENTRAL_DESTINATION] });
      // Cross-account destinations authorise by their own access policy; a role here would be unused.
      expect(filters[0].role_arn).toBeUndefined();
    }
  });

  it('takes the filter pattern from config, and sends every event when none is given', () => {
    expect(new Set(all(synth.stacks['shop-production'], 'aws_cloudwatch_log_subscription_filter').map((f) => f.filter_pattern))).toEqual(new Set(['?ERROR ?Exception']));
    expect(new Set(all(synth.stacks['shop-test'], 'aws_cloudwatch_log_subscription_filter').map((f) => f.filter_pattern))).toEqual(new Set(['']));
  });

  it('encrypts the RDS export groups with the app key, which admits CloudWatch Logs for both databases', () => {
    const stack = synth.stacks['shop-production'];
    const rdsGroups = all(stack, 'aws_cloudwatch_log_group').filter((g) => (g.name as string).startsWith('/aws/rds/'));
    expect(rdsGroups.map((g) => [g.kms_key_id, g.retention_in_days])).toEqual(rdsGroups.map(() => [expect.stringMatching(/^\$\{aws_kms_key\..*\.arn\}$/), 365]));
    const [, keyPolicy] = entryAt(stack, 'aws_iam_policy_document', '/kms/policy', 'data');
    const statement = (keyPolicy as Json).statement.find((s: Json) => s.sid === 'CloudWatchLogsEncryptsThisEnvironmentsDatabaseLogGroups');
    expect(statement.condition[0].values).toEqual([
      'arn:aws:logs:eu-central-1:123456789012:log-group:/aws/rds/instance/shop-production-db/*',
      'arn:aws:logs:eu-central-1:123456789012:log-group:/aws/rds/instance/shop-production-db-docs/*',
    ]);
  });

  it('without logs.central creates no subscription and leaves the RDS export groups to RDS', () => {
    const stack = synth.stacks['shop-off'];
    expect(all(stack, 'aws_cloudwatch_log_subscription_filter')).toEqual([]);
    expect(logGroupNames(stack).filter((n) => n.startsWith('/aws/rds/'))).toEqual([]);
  });

  // One tier suffices: both have the same resource types and arguments, only values differ.
  it('passes terraform validate', () => {
    expect(terraformValidate(synth.stackDirs['shop-production'])).toEqual(CLEAN);
  });
});
