/**
 * RDS PostgreSQL (or MySQL, for off-the-shelf apps that need it) for one app environment, shared by
 * both blueprints. RDS generates and rotates the master password in Secrets Manager (encrypted with
 * the app key), so no password exists in config, synth output or state. TLS is enforced by the
 * parameter group; only security groups that are explicitly allowed can connect. Connection facts are
 * published to SSM for apps and operators.
 */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsDbInstance } from '@cdktf/provider-aws/lib/data-aws-db-instance';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { ResolvedCentralLogs, ResolvedDatabase } from '../../config/resolve-environment';
import { centralLogSubscription } from './central-log-subscription';
import { logGroupsKeyStatement } from './app-kms-key';
import { EnvironmentContext } from './environment-context';
import { metricAlarm } from './metric-alarm';
import { parameterGroupFamily } from '../../config/resource-names';
import { assumeRoleDocument, PolicyStatement } from './policy-document';

export interface RelationalDatabaseProps {
  ctx: EnvironmentContext;
  settings: ResolvedDatabase;
  vpcId: string;
  subnetIds: string[];
  kmsKeyArn: string;
  /** Topic for the database alarms. */
  alarmTopicArn: string;
  /** Tags besides Name, e.g. the one an AWS Backup selection picks resources by. @default {} */
  extraTags?: Record<string, string>;
  /**
   * Distinguishes a further database of the same environment in its AWS names (`db-<suffix>`,
   * `rds-monitoring-<suffix>`, alarms) and parameter path (`database/<suffix>/host`).
   * @default none: the environment's one database, named as it always was
   */
  nameSuffix?: string;
  /**
   * Central logging: the groups RDS exports its logs to (`/aws/rds/instance/<id>/<log>`) are then
   * managed here, encrypted with the app key (see `databaseLogGroupsKeyStatement`) and with the
   * environment's retention, created before the instance so RDS writes into them, and subscribed to
   * the destination. An existing database's groups (RDS made them on its first export) are imported
   * through the environment's import file (`app/database/logs-<log>: <group name>`), see the README.
   * @default unmanaged: RDS creates the groups itself, unencrypted and kept forever
   */
  exportedLogs?: { retentionDays: number; centralLogs: ResolvedCentralLogs };
}

/** The group RDS publishes one exported log of an instance to. */
export function exportedLogGroupName(identifier: string, log: string): string {
  return `/aws/rds/instance/${identifier}/${log}`;
}

/**
 * The key-policy statement that lets CloudWatch Logs encrypt the managed RDS log groups of these
 * instances with the app key; they live outside `/<app>/<environment>/`, which the key's own statement
 * covers.
 */
export function databaseLogGroupsKeyStatement(ctx: EnvironmentContext, identifiers: string[]): PolicyStatement {
  return logGroupsKeyStatement(
    ctx,
    'CloudWatchLogsEncryptsThisEnvironmentsDatabaseLogGroups',
    identifiers.map((id) => exportedLogGroupName(id, '*')),
  );
}

interface EngineTraits {
  label: string;
  /** Parameter-group family and the suffix of its name, from the configured version. */
  family: (version: string) => { family: string; suffix: string };
  /** TLS only, DDL / slow statements logged. */
  parameters: { name: string; value: string }[];
  logExports: string[];
  supportsPerformanceInsights: (instanceClass: string) => boolean;
}

const ENGINES: Record<ResolvedDatabase['engine'], EngineTraits> = {
  postgres: {
    label: 'PostgreSQL',
    family: (version) => parameterGroupFamily('postgres', version),
    parameters: [
      { name: 'rds.force_ssl', value: '1' },
      { name: 'log_statement', value: 'ddl' },
      { name: 'log_min_duration_statement', value: '1000' },
    ],
    logExports: ['postgresql', 'upgrade'],
    supportsPerformanceInsights: () => true,
  },
  mysql: {
    label: 'MySQL',
    family: (version) => parameterGroupFamily('mysql', version),
    parameters: [
      { name: 'require_secure_transport', value: '1' },
      { name: 'slow_query_log', value: '1' },
      { name: 'long_query_time', value: '1' },
      { name: 'log_output', value: 'FILE' },
    ],
    logExports: ['error', 'slowquery'],
    // RDS for MySQL offers no Performance Insights on micro and small burstable classes.
    supportsPerformanceInsights: (instanceClass) => !/^db\.t\d\w*\.(micro|small)$/.test(instanceClass),
  },
};

export class RelationalDatabase extends Construct {
  readonly instance: DbInstance;
  readonly securityGroup: SecurityGroup;
  /** PostgreSQL or MySQL, for rule descriptions. */
  readonly engineLabel: string;
  /** SSM parameter names of host, port and database name (literal, so consumers can build ARNs from them). */
  readonly parameterNames: { host: string; port: string; name: string };
  /** The published connection parameters, for consumers that must start only after they exist. */
  readonly parameters: SsmParameter[] = [];
  private readonly props: RelationalDatabaseProps;
  /** Where the master secret's ARN is read: the instance, or for an adopted one a read after its update. */
  private readonly masterUserSecret: DbInstance['masterUserSecret'] | DataAwsDbInstance['masterUserSecret'];

  constructor(scope: Construct, id: string, props: RelationalDatabaseProps) {
    super(scope, id);
    this.props = props;
    const { ctx, settings } = props;
    const named = (base: string) => (props.nameSuffix ? `${base}-${props.nameSuffix}` : base);
    // An adopted database keeps its names (each replaces its resource when changed); a new one derives them.
    const derivedIdentifier = ctx.names.database(props.nameSuffix);
    const identifier = settings.identifier ?? derivedIdentifier;
    const engine = ENGINES[settings.engine];
    this.engineLabel = engine.label;
    const { family } = engine.family(settings.engineVersion);

    const securityGroupName = settings.securityGroup?.name ?? derivedIdentifier;
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: securityGroupName,
      description: settings.securityGroup?.description ?? `${ctx.names.prefix} ${engine.label}: only from the app's security groups`,
      vpcId: props.vpcId,
      tags: { Name: securityGroupName },
    });
    const subnetGroup = new DbSubnetGroup(this, 'subnet-group', {
      name: settings.subnetGroupName ?? derivedIdentifier,
      description: `${ctx.names.prefix} database subnets (landing zone, private)`,
      subnetIds: props.subnetIds,
    });
    const parameterGroup = new DbParameterGroup(this, 'parameter-group', {
      name: settings.parameterGroupName ?? ctx.names.databaseParameterGroup(settings.engine, settings.engineVersion, props.nameSuffix),
      family,
      description: `${ctx.names.prefix}: TLS only, ${settings.engine === 'postgres' ? 'DDL and ' : ''}slow statements logged`,
      parameter: engine.parameters,
      lifecycle: { createBeforeDestroy: true },
    });
    const monitoringRole = new IamRole(this, 'monitoring-role', {
      name: ctx.names.name(named('rds-monitoring')),
      description: 'Lets RDS enhanced monitoring publish OS metrics to CloudWatch',
      assumeRolePolicy: assumeRoleDocument(this, 'monitoring-trust', 'monitoring.rds.amazonaws.com', ctx.account).json,
    });
    new IamRolePolicyAttachment(this, 'monitoring-policy', {
      role: monitoringRole.name,
      policyArn: `arn:${ctx.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
    });

    const exportedLogGroups = props.exportedLogs ? this.manageExportedLogGroups(identifier, engine.logExports, props.exportedLogs) : [];
    this.instance = new DbInstance(this, 'instance', {
      identifier,
      engine: settings.engine,
      engineVersion: settings.engineVersion,
      instanceClass: settings.instanceClass,
      allocatedStorage: settings.allocatedStorageGiB,
      maxAllocatedStorage: settings.maxAllocatedStorageGiB,
      storageType: settings.storageType,
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      dbName: settings.databaseName,
      username: settings.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      port: settings.port,
      multiAz: settings.multiAz,
      dbSubnetGroupName: subnetGroup.name,
      parameterGroupName: parameterGroup.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      publiclyAccessible: false,
      iamDatabaseAuthenticationEnabled: true,
      // The current RSA CA; clients pin it to verify the server (rds.force_ssl makes TLS mandatory).
      caCertIdentifier: 'rds-ca-rsa2048-g1',
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      backupRetentionPeriod: settings.backupRetentionDays,
      backupWindow: '01:00-02:00',
      maintenanceWindow: 'sun:02:30-sun:03:30',
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: !settings.preventDestroy,
      deletionProtection: settings.deletionProtection,
      skipFinalSnapshot: !settings.finalSnapshot,
      finalSnapshotIdentifier: settings.finalSnapshot ? `${identifier}-final` : undefined,
      ...(engine.supportsPerformanceInsights(settings.instanceClass)
        ? { performanceInsightsEnabled: true, performanceInsightsKmsKeyId: props.kmsKeyArn, performanceInsightsRetentionPeriod: 7 }
        : { performanceInsightsEnabled: false }),
      monitoringInterval: 60,
      monitoringRoleArn: monitoringRole.arn,
      enabledCloudwatchLogsExports: engine.logExports,
      tags: { ...props.extraTags, Name: identifier },
      lifecycle: { preventDestroy: settings.preventDestroy },
      // RDS would otherwise create the groups itself on the first export, before Terraform could.
      ...(exportedLogGroups.length > 0 ? { dependsOn: exportedLogGroups } : {}),
    });

    // An adopted database (its identifier given) may still have a hand-set password that this apply
    // hands to RDS. The provider plans master_user_secret as an empty list until RDS manages the password
    // (hashicorp/terraform-provider-aws#34094), so consumers read the secret through a data source that
    // depends on the instance: read after the instance's update, once in the plan after.
    this.masterUserSecret = settings.identifier
      ? new DataAwsDbInstance(this, 'adopted-instance', { dbInstanceIdentifier: this.instance.identifier, dependsOn: [this.instance] }).masterUserSecret
      : this.instance.masterUserSecret;

    const publish = (key: string, value: string): string => {
      const name = ctx.names.parameterPath('database', ...(props.nameSuffix ? [props.nameSuffix] : []), key);
      this.parameters.push(
        new SsmParameter(this, `parameter-${key}`, {
          name,
          description: `${ctx.names.prefix} database ${props.nameSuffix ? `${props.nameSuffix} ` : ''}${key}`,
          type: 'SecureString',
          keyId: props.kmsKeyArn,
          value,
        }),
      );
      return name;
    };
    this.parameterNames = {
      host: publish('host', this.instance.address),
      port: publish('port', `${settings.port}`),
      name: publish('name', settings.databaseName),
    };
    this.addAlarms(identifier, named('db'));
  }

  private manageExportedLogGroups(identifier: string, logs: string[], exported: NonNullable<RelationalDatabaseProps['exportedLogs']>): CloudwatchLogGroup[] {
    const { ctx } = this.props;
    return logs.map((log) => {
      const group = new CloudwatchLogGroup(this, `logs-${log}`, {
        name: exportedLogGroupName(identifier, log),
        kmsKeyId: this.props.kmsKeyArn,
        retentionInDays: exported.retentionDays,
      });
      centralLogSubscription(this, `logs-${log}-central-logs`, { ctx, central: exported.centralLogs, logGroupName: group.name });
      return group;
    });
  }

  /** Opens the database port to one security group (an app tier). */
  allowFrom(id: string, sourceSecurityGroupId: string, description: string): void {
    new VpcSecurityGroupIngressRule(this, `ingress-${id}`, {
      securityGroupId: this.securityGroup.id,
      referencedSecurityGroupId: sourceSecurityGroupId,
      ipProtocol: 'tcp',
      fromPort: this.props.settings.port,
      toPort: this.props.settings.port,
      description,
    });
  }

  /** ARN of the Secrets Manager secret RDS keeps the master credentials in. */
  get masterUserSecretArn(): string {
    return this.masterUserSecret.get(0).secretArn;
  }

  /** `alarmPrefix` is `db`, or `db-<suffix>` for a further database. */
  private addAlarms(identifier: string, alarmPrefix: string): void {
    const common = { ctx: this.props.ctx, namespace: 'AWS/RDS', dimensions: { DBInstanceIdentifier: identifier }, topicArn: this.props.alarmTopicArn };
    metricAlarm(this, 'cpu-alarm', {
      ...common,
      name: `${alarmPrefix}-cpu-high`,
      description: 'Database CPU above 80 % for 10 minutes',
      metricName: 'CPUUtilization',
      comparison: 'GreaterThanThreshold',
      threshold: 80,
      evaluationPeriods: 10,
    });
    metricAlarm(this, 'free-storage-alarm', {
      ...common,
      name: `${alarmPrefix}-free-storage-low`,
      description: 'Less than 10 % of the allocated storage is free',
      metricName: 'FreeStorageSpace',
      statistic: 'Minimum',
      comparison: 'LessThanThreshold',
      threshold: this.props.settings.allocatedStorageGiB * 1024 ** 3 * 0.1,
      evaluationPeriods: 5,
    });
    metricAlarm(this, 'connections-alarm', {
      ...common,
      name: `${alarmPrefix}-connections-high`,
      description: 'Database connections near the instance class limit',
      metricName: 'DatabaseConnections',
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: 80,
      evaluationPeriods: 5,
    });
  }
}
