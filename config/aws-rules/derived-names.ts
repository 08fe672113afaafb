/**
 * Every AWS name a blueprint derives from an environment's config, with the config key it comes from,
 * computed with the same ResourceNames functions the constructs call. The loader checks these names
 * against the AWS naming rules (config/aws-rules/name-rules.ts) before anything is synthesized, and a
 * test checks that every name in the synthesized Terraform that carries the environment's prefix is
 * listed here, so a construct that adds a name cannot slip past the check.
 *
 * Alarm names are not listed: ResourceNames caps them at 255 characters and AWS puts no other rule on
 * them that a config could break (the synthesized-output test still checks them against the table).
 */
import { ResolvedEnvironment } from '../resolve-environment';
import { OBSERVABILITY_LOG_GROUPS, ResourceNames } from '../resource-names';

export interface DerivedName {
  /** ID of the rule in NAME_RULES that applies. */
  rule: string;
  name: string;
  /** The config key the name comes from beyond `app` and `environment` (e.g. a service's name); empty when only those. */
  keyPath: (string | number)[];
  /** Set by a key as it is (an adopted environment's name), not derived. */
  given?: boolean;
}

/** The names of one environment, as ResourceNames `names` derives them. */
export function derivedNames(env: ResolvedEnvironment, names: ResourceNames = new ResourceNames(env.app, env.environment)): DerivedName[] {
  const out: DerivedName[] = [];
  const add = (rule: string, name: string, keyPath: (string | number)[] = []) => out.push({ rule, name, keyPath });
  /** A name an adopted environment sets (blamed on its key), or the derived one. */
  const named = (rule: string, given: string | undefined, givenAt: (string | number)[], derived: string, derivedAt: (string | number)[] = []) =>
    given === undefined ? add(rule, derived, derivedAt) : out.push({ rule, name: given, keyPath: givenAt, given: true });
  if (env.blueprint === 'account-baseline') add('kms-alias-name', names.kmsAlias());
  else if (!env.kmsKey.existingKeyArn) named('kms-alias-name', env.kmsKey.aliasName, ['kmsKey', 'aliasName'], names.kmsAlias());

  if (env.blueprint === 'account-baseline') {
    const trail = env.controls.cloudTrail && env.isHomeRegion;
    const auditBucket = trail || env.controls.configRecorder;
    if (auditBucket) {
      add('s3-bucket-name', names.name('audit'));
      add('s3-bucket-name', names.name('audit-access-logs'));
    }
    if (trail) {
      add('cloudtrail-name', names.name('trail', 128));
      add('sns-topic-name', names.name('trail-deliveries', 256));
      add('iam-role-name', names.name('trail-logs', 64));
      add('log-group-name', names.logGroupName('cloudtrail'));
    }
    if (env.controls.configRecorder) {
      add('iam-role-name', names.name('config', 64));
      add('config-name', names.name('config'));
      add('config-name', names.name('config'));
    }
    return out;
  }

  add('sns-topic-name', names.name('alarms', 256));
  if (env.blueprint === 'observability') {
    add('opensearch-domain-name', names.openSearchDomain());
    for (const path of OBSERVABILITY_LOG_GROUPS) add('log-group-name', names.logGroupName(path));
    for (const part of ['opensearch', 'firehose', 'grafana']) add('security-group-name', names.name(part));
    add('s3-bucket-name', names.name(`failed-logs-${env.account}`), ['account']);
    for (const role of ['firehose', 'logs-to-firehose', 'grafana']) {
      add('iam-role-name', names.name(role, 64));
      add('iam-policy-name', names.name(role, 128));
    }
    add('firehose-stream-name', names.centralLogs(64));
    add('log-destination-name', names.centralLogs(512));
    add('grafana-workspace-name', names.name('grafana', 255));
    return out;
  }
  add('dashboard-name', names.prefix);
  named('alb-name', env.loadBalancer.name, ['loadBalancer', 'name'], names.loadBalancer());
  named('security-group-name', env.loadBalancer.securityGroup?.name, ['loadBalancer', 'securityGroup', 'name'], names.name('alb'));
  add('s3-bucket-name', names.name(`alb-logs-${env.account}`), ['account']);
  add('waf-web-acl-name', names.name('waf', 128));
  add('log-group-name', names.wafLogGroupName);

  const db = env.database;
  named('rds-instance-identifier', db.identifier, ['database', 'identifier'], names.database());
  named('rds-subnet-group-name', db.subnetGroupName, ['database', 'subnetGroupName'], names.database());
  named('security-group-name', db.securityGroup?.name, ['database', 'securityGroup', 'name'], names.database());
  named('rds-parameter-group-name', db.parameterGroupName, ['database', 'parameterGroupName'], names.databaseParameterGroup(db.engine, db.engineVersion), ['database', 'engineVersion']);
  if (db.finalSnapshot) named('rds-snapshot-identifier', db.identifier && `${db.identifier}-final`, ['database', 'identifier'], `${names.database()}-final`);
  add('iam-role-name', names.name('rds-monitoring'));
  for (const key of ['host', 'port', 'name']) add('ssm-parameter-name', names.parameterPath('database', key));

  if (env.blueprint === 'container-app') {
    // The further databases of `databases`: the same names as the primary one, with their own suffix.
    for (const { name, settings } of env.databases) {
      const at = ['databases', name];
      named('rds-instance-identifier', settings.identifier, [...at, 'identifier'], names.database(name), at);
      named('rds-subnet-group-name', settings.subnetGroupName, [...at, 'subnetGroupName'], names.database(name), at);
      named('security-group-name', settings.securityGroup?.name, [...at, 'securityGroup', 'name'], names.database(name), at);
      named('rds-parameter-group-name', settings.parameterGroupName, [...at, 'parameterGroupName'], names.databaseParameterGroup(settings.engine, settings.engineVersion, name), [...at, 'engineVersion']);
      if (settings.finalSnapshot) named('rds-snapshot-identifier', settings.identifier && `${settings.identifier}-final`, [...at, 'identifier'], `${names.database(name)}-final`, at);
      add('iam-role-name', names.name(`rds-monitoring-${name}`), at);
      for (const key of ['host', 'port', 'name']) add('ssm-parameter-name', names.parameterPath('database', name, key), at);
    }
    named('ecs-name', env.clusterName, ['containerApp', 'clusterName'], names.prefix);
    add('ecr-repository-name', names.prefix);
    env.services.forEach((s, i) => {
      const service = ['containerApp', 'services', i];
      const at = [...service, 'name'];
      named('ecs-name', s.serviceName, [...service, 'serviceName'], names.name(s.name), at);
      named('ecs-name', s.taskFamily, [...service, 'taskFamily'], names.name(s.name), at);
      add('iam-role-name', names.name(`${s.name}-execution`), at);
      add('iam-role-name', names.name(`${s.name}-task`), at);
      named('target-group-name', s.targetGroup?.name, [...service, 'targetGroup', 'name'], names.targetGroup(s.name), at);
      add('log-group-name', names.logGroupName(`ecs/${s.name}`), at);
      named('security-group-name', s.securityGroup?.name, [...service, 'securityGroup', 'name'], names.name(s.name), at);
      add('autoscaling-policy-name', `${names.name(s.name)}-cpu`, at);
    });
    return out;
  }

  // instance-app
  named('security-group-name', env.instanceApp.securityGroup?.name, ['instanceApp', 'securityGroup', 'name'], names.name('app'));
  named('target-group-name', env.instanceApp.targetGroup?.name, ['instanceApp', 'targetGroup', 'name'], names.targetGroup('app'));
  add('iam-role-name', names.name('instance'));
  add('iam-policy-name', names.name('instance'));
  for (const id of ['ssm-agent', 'cloudwatch-agent', 'app-configuration']) add('iam-policy-name', `${names.name('instance')}-${id}`);
  for (const path of ['instances', 'patching']) add('log-group-name', names.logGroupName(path));
  add('ssm-parameter-name', names.parameterPath('cloudwatch-agent', 'config'));
  add('backup-name', names.backup());
  add('iam-role-name', names.backup());
  add('ssm-document-object-name', names.name('patch-baseline', 128));
  add('ssm-document-object-name', names.name('patching', 128));
  add('ssm-document-object-name', names.name('patch-scan', 128));
  add('ssm-document-object-name', names.name('cloudwatch-agent-install', 128));
  return out;
}
