/**
 * Every AWS name a blueprint derives from a config (config/aws-rules/derived-names.ts), in process. The
 * loader checks exactly this list against AWS's naming rules before anything is synthesized, and blames a
 * broken name on the key it lists; a name missing here is a name nobody checks, a wrong key path sends the
 * user to the wrong line. Each entry: `rule name @key path (given)`, where "given" marks a name an adopted
 * environment sets as it is. That every prefixed name in the synthesized Terraform is listed is checked
 * by config-properties.test.ts (it synthesizes, so it is not part of the config mutation run).
 */
import { derivedNames } from '../../config/aws-rules/derived-names';
import { resolveEnvironment } from '../../config/resolve-environment';
import { environmentFileSchema } from '../../config/schema';
import { accountBaselineConfig } from '../support/account-baseline-config';
import { containerAppConfig } from '../support/container-app-config';
import { instanceAppConfig, withInstanceApp } from '../support/instance-app-config';
import { observabilityConfig } from '../support/observability-config';

/** The derived names of a config file, one line each. */
function listed(file: Record<string, unknown>): string[] {
  const env = resolveEnvironment(environmentFileSchema.parse(file), 'env.yaml').environment;
  return derivedNames(env).map((d) => `${d.rule} ${d.name}${d.keyPath.length > 0 ? ` @${d.keyPath.join('.')}` : ''}${d.given ? ' (given)' : ''}`);
}

const KEY_ARN = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const production = containerAppConfig('production');
const [web] = (production.containerApp as { services: Record<string, unknown>[] }).services;

/** What both app blueprints name alike (key, alarms, dashboard, load balancer, WAF, database), in the test tier. */
const appNamesInTestTier = (app: string) => [
  `kms-alias-name alias/${app}-test`,
  `sns-topic-name ${app}-test-alarms`,
  `dashboard-name ${app}-test`,
  `alb-name ${app}-test-alb`,
  `security-group-name ${app}-test-alb`,
  `s3-bucket-name ${app}-test-alb-logs-123456789012 @account`,
  `waf-web-acl-name ${app}-test-waf`,
  `log-group-name aws-waf-logs-${app}-test`,
  `rds-instance-identifier ${app}-test-db`,
  `rds-subnet-group-name ${app}-test-db`,
  `security-group-name ${app}-test-db`,
  `rds-parameter-group-name ${app}-test-db-pg16 @database.engineVersion`,
  `iam-role-name ${app}-test-rds-monitoring`,
  `ssm-parameter-name /${app}/test/database/host`,
  `ssm-parameter-name /${app}/test/database/port`,
  `ssm-parameter-name /${app}/test/database/name`,
];

describe('derivedNames, container app', () => {
  it('names every resource of a test environment after app and environment, blaming service names on the service', () => {
    // No final snapshot in the test tier, so no snapshot identifier to check.
    expect(listed(containerAppConfig('test'))).toEqual([
      ...appNamesInTestTier('shop'),
      'ecs-name shop-test',
      'ecr-repository-name shop-test',
      'ecs-name shop-test-web @containerApp.services.0.name',
      'ecs-name shop-test-web @containerApp.services.0.name',
      'iam-role-name shop-test-web-execution @containerApp.services.0.name',
      'iam-role-name shop-test-web-task @containerApp.services.0.name',
      'target-group-name shop-test-web @containerApp.services.0.name',
      'log-group-name /shop/test/ecs/web @containerApp.services.0.name',
      'security-group-name shop-test-web @containerApp.services.0.name',
      'autoscaling-policy-name shop-test-web-cpu @containerApp.services.0.name',
    ]);
  });

  it('lists the names an adopted environment keeps as given, blamed on their keys; further databases and services have their own', () => {
    const adopted = {
      ...production,
      kmsKey: { aliasName: 'alias/legacy-shop' },
      loadBalancer: {
        ...(production.loadBalancer as object),
        name: 'legacy-alb',
        securityGroup: { name: 'legacy-alb-sg' },
      },
      database: {
        identifier: 'legacy-db',
        subnetGroupName: 'legacy-subnets',
        parameterGroupName: 'legacy-params',
        securityGroup: { name: 'legacy-db-sg' },
      },
      databases: {
        reports: {
          identifier: 'legacy-reports',
          subnetGroupName: 'legacy-reports-subnets',
          parameterGroupName: 'legacy-reports-params',
          securityGroup: { name: 'legacy-reports-sg' },
        },
        audit: { engine: 'mysql', engineVersion: '8.0' },
      },
      containerApp: {
        clusterName: 'legacy-cluster',
        services: [
          {
            ...web,
            database: 'reports',
            serviceName: 'legacy-web',
            taskFamily: 'legacy-web-family',
            targetGroup: { name: 'legacy-web-tg' },
            securityGroup: { name: 'legacy-web-sg' },
          },
          {
            ...web,
            name: 'api',
            database: 'audit',
            routing: { priority: 20, hostHeaders: ['api.shop.example.com'] },
          },
        ],
      },
    };
    // Production keeps a final snapshot of every database: named after the given identifier where there is one.
    expect(listed(adopted)).toEqual([
      'kms-alias-name alias/legacy-shop @kmsKey.aliasName (given)',
      'sns-topic-name shop-production-alarms',
      'dashboard-name shop-production',
      'alb-name legacy-alb @loadBalancer.name (given)',
      'security-group-name legacy-alb-sg @loadBalancer.securityGroup.name (given)',
      's3-bucket-name shop-production-alb-logs-123456789012 @account',
      'waf-web-acl-name shop-production-waf',
      'log-group-name aws-waf-logs-shop-production',
      'rds-instance-identifier legacy-db @database.identifier (given)',
      'rds-subnet-group-name legacy-subnets @database.subnetGroupName (given)',
      'security-group-name legacy-db-sg @database.securityGroup.name (given)',
      'rds-parameter-group-name legacy-params @database.parameterGroupName (given)',
      'rds-snapshot-identifier legacy-db-final @database.identifier (given)',
      'iam-role-name shop-production-rds-monitoring',
      'ssm-parameter-name /shop/production/database/host',
      'ssm-parameter-name /shop/production/database/port',
      'ssm-parameter-name /shop/production/database/name',
      'rds-instance-identifier shop-production-db-audit @databases.audit',
      'rds-subnet-group-name shop-production-db-audit @databases.audit',
      'security-group-name shop-production-db-audit @databases.audit',
      'rds-parameter-group-name shop-production-db-audit-mysql8-0 @databases.audit.engineVersion',
      'rds-snapshot-identifier shop-production-db-audit-final @databases.audit',
      'iam-role-name shop-production-rds-monitoring-audit @databases.audit',
      'ssm-parameter-name /shop/production/database/audit/host @databases.audit',
      'ssm-parameter-name /shop/production/database/audit/port @databases.audit',
      'ssm-parameter-name /shop/production/database/audit/name @databases.audit',
      'rds-instance-identifier legacy-reports @databases.reports.identifier (given)',
      'rds-subnet-group-name legacy-reports-subnets @databases.reports.subnetGroupName (given)',
      'security-group-name legacy-reports-sg @databases.reports.securityGroup.name (given)',
      'rds-parameter-group-name legacy-reports-params @databases.reports.parameterGroupName (given)',
      'rds-snapshot-identifier legacy-reports-final @databases.reports.identifier (given)',
      'iam-role-name shop-production-rds-monitoring-reports @databases.reports',
      'ssm-parameter-name /shop/production/database/reports/host @databases.reports',
      'ssm-parameter-name /shop/production/database/reports/port @databases.reports',
      'ssm-parameter-name /shop/production/database/reports/name @databases.reports',
      'ecs-name legacy-cluster @containerApp.clusterName (given)',
      'ecr-repository-name shop-production',
      'ecs-name legacy-web @containerApp.services.0.serviceName (given)',
      'ecs-name legacy-web-family @containerApp.services.0.taskFamily (given)',
      'iam-role-name shop-production-web-execution @containerApp.services.0.name',
      'iam-role-name shop-production-web-task @containerApp.services.0.name',
      'target-group-name legacy-web-tg @containerApp.services.0.targetGroup.name (given)',
      'log-group-name /shop/production/ecs/web @containerApp.services.0.name',
      'security-group-name legacy-web-sg @containerApp.services.0.securityGroup.name (given)',
      'autoscaling-policy-name shop-production-web-cpu @containerApp.services.0.name',
      'ecs-name shop-production-api @containerApp.services.1.name',
      'ecs-name shop-production-api @containerApp.services.1.name',
      'iam-role-name shop-production-api-execution @containerApp.services.1.name',
      'iam-role-name shop-production-api-task @containerApp.services.1.name',
      'target-group-name shop-production-api @containerApp.services.1.name',
      'log-group-name /shop/production/ecs/api @containerApp.services.1.name',
      'security-group-name shop-production-api @containerApp.services.1.name',
      'autoscaling-policy-name shop-production-api-cpu @containerApp.services.1.name',
    ]);
  });

  it('lists no KMS alias for an existing key, and no final snapshot for a further database of the test tier', () => {
    const names = listed(
      containerAppConfig('test', {
        kmsKey: { existingKeyArn: KEY_ARN },
        databases: { reports: {} },
        containerApp: { services: [{ ...web, database: 'reports' }] },
      }),
    );
    expect(names.filter((line) => line.startsWith('kms-alias-name'))).toEqual([]);
    expect(names.filter((line) => line.includes('@databases.'))).toEqual([
      'rds-instance-identifier shop-test-db-reports @databases.reports',
      'rds-subnet-group-name shop-test-db-reports @databases.reports',
      'security-group-name shop-test-db-reports @databases.reports',
      'rds-parameter-group-name shop-test-db-reports-pg16 @databases.reports.engineVersion',
      'iam-role-name shop-test-rds-monitoring-reports @databases.reports',
      'ssm-parameter-name /shop/test/database/reports/host @databases.reports',
      'ssm-parameter-name /shop/test/database/reports/port @databases.reports',
      'ssm-parameter-name /shop/test/database/reports/name @databases.reports',
    ]);
  });
});

describe('derivedNames, instance app', () => {
  it("names the instances' role, policies, log groups, backup and patching documents", () => {
    expect(listed(instanceAppConfig('test'))).toEqual([
      ...appNamesInTestTier('erp'),
      'security-group-name erp-test-app',
      'target-group-name erp-test-app',
      'iam-role-name erp-test-instance',
      'iam-policy-name erp-test-instance',
      'iam-policy-name erp-test-instance-ssm-agent',
      'iam-policy-name erp-test-instance-cloudwatch-agent',
      'iam-policy-name erp-test-instance-app-configuration',
      'log-group-name /erp/test/instances',
      'log-group-name /erp/test/patching',
      'ssm-parameter-name /erp/test/cloudwatch-agent/config',
      'backup-name erp-test-backup',
      'iam-role-name erp-test-backup',
      'ssm-document-object-name erp-test-patch-baseline',
      'ssm-document-object-name erp-test-patching',
      'ssm-document-object-name erp-test-patch-scan',
      'ssm-document-object-name erp-test-cloudwatch-agent-install',
    ]);
  });

  it('keeps the security group and target group names an adopted environment sets, and names the final snapshot in production', () => {
    const names = listed(
      withInstanceApp('production', {
        securityGroup: { name: 'legacy-app-sg' },
        targetGroup: { name: 'legacy-app-tg' },
      }),
    );
    expect(names.filter((line) => line.endsWith('(given)') || line.startsWith('rds-snapshot-identifier'))).toEqual([
      'rds-snapshot-identifier erp-production-db-final',
      'security-group-name legacy-app-sg @instanceApp.securityGroup.name (given)',
      'target-group-name legacy-app-tg @instanceApp.targetGroup.name (given)',
    ]);
  });
});

describe('derivedNames, observability', () => {
  it('names the domain, its log groups, the stream, the destination, the workspace and their roles', () => {
    expect(listed(observabilityConfig('test'))).toEqual([
      'kms-alias-name alias/ops-test',
      'sns-topic-name ops-test-alarms',
      'opensearch-domain-name ops-test-logs',
      'log-group-name /ops/test/opensearch/audit',
      'log-group-name /ops/test/opensearch/index-slow',
      'log-group-name /ops/test/opensearch/search-slow',
      'log-group-name /ops/test/opensearch/application',
      'log-group-name /ops/test/firehose/delivery',
      'security-group-name ops-test-opensearch',
      'security-group-name ops-test-firehose',
      'security-group-name ops-test-grafana',
      's3-bucket-name ops-test-failed-logs-210987654321 @account',
      'iam-role-name ops-test-firehose',
      'iam-policy-name ops-test-firehose',
      'iam-role-name ops-test-logs-to-firehose',
      'iam-policy-name ops-test-logs-to-firehose',
      'iam-role-name ops-test-grafana',
      'iam-policy-name ops-test-grafana',
      'firehose-stream-name ops-test-central-logs',
      'log-destination-name ops-test-central-logs',
      'grafana-workspace-name ops-test-grafana',
    ]);
  });
});

/** The account baseline's names in a region: its key, the audit bucket, the trail (home region only) and Config. */
const baselineNames = (region: string) => {
  const stack = `baseline-123456789012-${region}`;
  return {
    key: `kms-alias-name alias/${stack}`,
    auditBucket: [`s3-bucket-name ${stack}-audit`, `s3-bucket-name ${stack}-audit-access-logs`],
    trail: [`cloudtrail-name ${stack}-trail`, `sns-topic-name ${stack}-trail-deliveries`, `iam-role-name ${stack}-trail-logs`, `log-group-name /baseline/123456789012-${region}/cloudtrail`],
    // The recorder and its delivery channel share the name.
    config: [`iam-role-name ${stack}-config`, `config-name ${stack}-config`, `config-name ${stack}-config`],
  };
};

describe('derivedNames, account baseline', () => {
  const home = baselineNames('eu-central-1');

  it('names the audit bucket, the trail with its topic, role and log group, and the Config recorder in the home region', () => {
    expect(listed(accountBaselineConfig('test'))).toEqual([home.key, ...home.auditBucket, ...home.trail, ...home.config]);
  });

  it('has no trail outside the home region (the trail there is multi-region), but Config and its bucket', () => {
    const other = baselineNames('eu-west-1');
    expect(listed(accountBaselineConfig('test', { region: 'eu-west-1', homeRegion: 'eu-central-1' }))).toEqual([other.key, ...other.auditBucket, ...other.config]);
  });

  it('keeps the audit bucket for whichever of trail and Config the baseline still creates', () => {
    expect(listed(accountBaselineConfig('test', { providedByLandingZone: ['cloudTrail'] }))).toEqual([home.key, ...home.auditBucket, ...home.config]);
    expect(listed(accountBaselineConfig('test', { providedByLandingZone: ['configRecorder'] }))).toEqual([home.key, ...home.auditBucket, ...home.trail]);
  });

  it('names only the key when the landing zone provides both trail and Config', () => {
    expect(listed(accountBaselineConfig('test', { providedByLandingZone: ['cloudTrail', 'configRecorder'] }))).toEqual([home.key]);
  });
});
