/**
 * `logs.central` in the instance-app blueprint: the agent's file group, the patching output, the WAF
 * group and the database's export groups are subscribed to the destination, and only when configured.
 */
import { CENTRAL_DESTINATION, centralLogs, logGroupNames, subscriptionsByLogGroup } from '../support/central-logs';
import { withInstanceApp } from '../support/instance-app-config';
import { all, synthEnvironments } from '../support/synth-stack';
import { CLEAN, terraformValidate } from '../support/terraform-validate';

const logFiles = { logFiles: [{ path: '/opt/tomcat/logs/catalina.out', name: 'catalina' }] };
const synth = synthEnvironments({
  'erp/test': withInstanceApp('test', logFiles, centralLogs('ERROR')),
  'erp/off': withInstanceApp('test', logFiles, { environment: 'off' }),
});
const stack = synth.stacks['erp-test'];

describe('instance app with logs.central', () => {
  it('subscribes every log group it creates exactly once: agent files, patching output, WAF, database exports', () => {
    expect(logGroupNames(stack)).toEqual(['/aws/rds/instance/erp-test-db/postgresql', '/aws/rds/instance/erp-test-db/upgrade', '/erp/test/instances', '/erp/test/patching', 'aws-waf-logs-erp-test'].sort());
    for (const [group, filters] of Object.entries(subscriptionsByLogGroup(stack))) {
      expect({ group, destinations: filters.map((f) => f.destination_arn), patterns: filters.map((f) => f.filter_pattern) }).toEqual({
        group,
        destinations: [CENTRAL_DESTINATION],
        patterns: ['ERROR'],
      });
    }
  });

  it('manages the database export groups before the instance, so RDS writes into the encrypted ones', () => {
    const db = all(stack, 'aws_db_instance')[0];
    expect((db.depends_on as string[]).every((d) => d.startsWith('aws_cloudwatch_log_group.'))).toBe(true);
    expect(db.depends_on).toHaveLength(2);
  });

  it('without logs.central creates no subscription and no RDS export group', () => {
    const off = synth.stacks['erp-off'];
    expect(all(off, 'aws_cloudwatch_log_subscription_filter')).toEqual([]);
    expect(logGroupNames(off)).toEqual(['/erp/off/instances', '/erp/off/patching', 'aws-waf-logs-erp-off']);
  });

  it('passes terraform validate', () => {
    expect(terraformValidate(synth.stackDirs['erp-test'])).toEqual(CLEAN);
  });
});
