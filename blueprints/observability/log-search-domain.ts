/**
 * The central OpenSearch domain the operations team searches every app's logs in. Placed into the
 * landing zone's private subnets only (no public endpoint), encrypted at rest with the environment's
 * key and between nodes, HTTPS only with a TLS 1.2+ policy, and fine-grained access control whose
 * master is an IAM role: there is no internal user database, so no password exists anywhere. Its audit,
 * slow and error logs go to encrypted log groups; its health pages the on-call.
 */
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { OpensearchDomain } from '@cdktf/provider-aws/lib/opensearch-domain';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { ResolvedOpenSearch } from '../../config/resolve-environment';
import { EncryptedLogGroup } from '../building-blocks/encrypted-log-group';
import { arnFor, EnvironmentContext } from '../building-blocks/environment-context';
import { PlacedSubnet } from '../building-blocks/landing-zone-network';
import { metricAlarm } from '../building-blocks/metric-alarm';
import { policyDocument } from '../building-blocks/policy-document';
import { workloadSecurityGroup } from '../building-blocks/workload-security-group';

/** OpenSearch's own TLS policy name: TLS 1.2 and newer with perfect forward secrecy ciphers only. */
export const OPENSEARCH_TLS_POLICY = 'Policy-Min-TLS-1-2-PFS-2023-10';

/** The log types OpenSearch publishes, and the log group (below `/<app>/<environment>/`) each goes to. */
export const DOMAIN_LOG_TYPES = {
  AUDIT_LOGS: 'opensearch/audit',
  INDEX_SLOW_LOGS: 'opensearch/index-slow',
  SEARCH_SLOW_LOGS: 'opensearch/search-slow',
  ES_APPLICATION_LOGS: 'opensearch/application',
} as const;

/** Dedicated masters come in threes: a quorum survives the loss of one. */
const DEDICATED_MASTER_COUNT = 3;

export interface LogSearchDomainProps {
  ctx: EnvironmentContext;
  /** Size, zones, masters, snapshot hour and `prevent_destroy`, resolved from the tier (`openSearch.*`). */
  settings: ResolvedOpenSearch;
  vpcId: string;
  /** One private subnet per zone, in zone order; the first `settings.zoneCount` are used. */
  subnets: PlacedSubnet[];
  kmsKeyArn: string;
  /** Retention of the domain's log groups (the tier's `logs.retentionDays`). */
  logRetentionDays: number;
  alarmTopicArn: string;
  /**
   * IAM roles that may send HTTP requests to the domain besides the master role (the Firehose and
   * Grafana roles); what they may do inside is fine-grained access control's decision.
   * @default none
   */
  clientRoleArns?: string[];
}

export class LogSearchDomain extends Construct {
  readonly domain: OpensearchDomain;
  readonly securityGroup: SecurityGroup;
  readonly logGroups: EncryptedLogGroup[];

  constructor(scope: Construct, id: string, props: LogSearchDomainProps) {
    super(scope, id);
    const { ctx, settings } = props;
    const domainName = ctx.names.openSearchDomain();
    const domainArn = arnFor(ctx, 'es', `domain/${domainName}`);
    const subnets = props.subnets.slice(0, settings.zoneCount);

    // Nothing but the HTTPS clients named by allowHttpsFrom reaches the domain, and it calls nothing.
    this.securityGroup = workloadSecurityGroup(this, {
      name: ctx.names.name('opensearch'),
      description: `${ctx.names.prefix} OpenSearch domain: HTTPS from the log ingestion and Grafana only`,
      vpcId: props.vpcId,
    });

    this.logGroups = Object.values(DOMAIN_LOG_TYPES).map(
      (path) => new EncryptedLogGroup(this, `${path.split('/')[1]}-logs`, { ctx, path, kmsKeyArn: props.kmsKeyArn, retentionDays: props.logRetentionDays }),
    );
    const logGroupArns = this.logGroups.map((g) => arnFor(ctx, 'logs', `log-group:${g.literalName}:*`));
    // OpenSearch writes its logs as the service, not as a role: the log groups' resource policy admits it
    // for this account's domain only.
    const logPolicy = new CloudwatchLogResourcePolicy(this, 'log-delivery', {
      policyName: ctx.names.name('opensearch-logs', 255),
      policyDocument: policyDocument(this, 'log-delivery-policy', [
        {
          sid: 'OpenSearchPublishesThisDomainsLogs',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['es.amazonaws.com'] }],
          actions: ['logs:PutLogEvents', 'logs:CreateLogStream'],
          resources: logGroupArns,
          condition: [
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: [ctx.account] },
            { test: 'ArnLike', variable: 'aws:SourceArn', values: [domainArn] },
          ],
        },
      ]).json,
    });

    // The domain's resource policy names who may call it at all; fine-grained access control decides the rest.
    const principals = [settings.masterRoleArn, ...(props.clientRoleArns ?? [])];
    const accessPolicy = policyDocument(this, 'access-policy', [
      {
        sid: 'NamedRolesOnly',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: principals }],
        actions: ['es:ESHttp*'],
        resources: [`${domainArn}/*`],
      },
    ]);

    const multiZone = settings.zoneCount > 1;
    this.domain = new OpensearchDomain(this, 'domain', {
      domainName,
      engineVersion: settings.engineVersion,
      clusterConfig: {
        instanceType: settings.instanceType,
        instanceCount: settings.instanceCount,
        zoneAwarenessEnabled: multiZone,
        zoneAwarenessConfig: multiZone ? { availabilityZoneCount: settings.zoneCount } : undefined,
        dedicatedMasterEnabled: settings.dedicatedMasters,
        dedicatedMasterType: settings.dedicatedMasters ? settings.dedicatedMasterType : undefined,
        dedicatedMasterCount: settings.dedicatedMasters ? DEDICATED_MASTER_COUNT : undefined,
      },
      ebsOptions: { ebsEnabled: true, volumeType: 'gp3', volumeSize: settings.volumeGiB },
      encryptAtRest: { enabled: true, kmsKeyId: props.kmsKeyArn },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: OPENSEARCH_TLS_POLICY },
      advancedSecurityOptions: {
        enabled: true,
        anonymousAuthEnabled: false,
        internalUserDatabaseEnabled: false,
        masterUserOptions: { masterUserArn: settings.masterRoleArn },
      },
      vpcOptions: { subnetIds: subnets.map((s) => s.id), securityGroupIds: [this.securityGroup.id] },
      snapshotOptions: { automatedSnapshotStartHour: settings.automatedSnapshotStartHour },
      logPublishingOptions: Object.keys(DOMAIN_LOG_TYPES).map((logType, i) => ({
        logType,
        enabled: true,
        cloudwatchLogGroupArn: this.logGroups[i].logGroup.arn,
      })),
      accessPolicies: accessPolicy.json,
      autoTuneOptions: settings.instanceType.startsWith('t') ? undefined : { desiredState: 'ENABLED', rollbackOnDisable: 'NO_ROLLBACK' },
      // The domain holds every app's logs, the only copy of what happened during an incident.
      lifecycle: { preventDestroy: settings.preventDestroy },
      dependsOn: [logPolicy],
    });
    this.addAlarms(ctx, props);
  }

  /** HTTPS from a client's security group (Firehose's and Grafana's network interfaces). */
  allowHttpsFrom(id: string, sourceSecurityGroupId: string, description: string): void {
    new VpcSecurityGroupIngressRule(this, `ingress-${id}`, {
      securityGroupId: this.securityGroup.id,
      referencedSecurityGroupId: sourceSecurityGroupId,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description,
    });
  }

  /** The alarms AWS recommends for OpenSearch Service domains, on the environment's topic. */
  private addAlarms(ctx: EnvironmentContext, props: LogSearchDomainProps): void {
    const settings = props.settings;
    const dimensions = { DomainName: this.domain.domainName, ClientId: ctx.account };
    const common = { ctx, namespace: 'AWS/ES', dimensions, topicArn: props.alarmTopicArn };
    metricAlarm(this, 'cluster-red', {
      ...common,
      name: 'opensearch-cluster-red',
      description: 'At least one primary shard is unassigned: some logs cannot be written or searched.',
      metricName: 'ClusterStatus.red',
      statistic: 'Maximum',
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
      evaluationPeriods: 1,
    });
    // A single node can never place a replica, so its cluster is always yellow: only a multi-node domain alarms.
    if (settings.instanceCount > 1) {
      metricAlarm(this, 'cluster-yellow', {
        ...common,
        name: 'opensearch-cluster-yellow',
        description: 'Replica shards are unassigned: one more node failure loses data.',
        metricName: 'ClusterStatus.yellow',
        statistic: 'Maximum',
        comparison: 'GreaterThanOrEqualToThreshold',
        threshold: 1,
        evaluationPeriods: 5,
      });
    }
    // FreeStorageSpace is per node in MiB; a quarter of the volume leaves time to grow it.
    metricAlarm(this, 'free-storage', {
      ...common,
      name: 'opensearch-free-storage-low',
      description: 'A data node has less than 25 % of its volume free; at 5 % OpenSearch blocks writes.',
      metricName: 'FreeStorageSpace',
      statistic: 'Minimum',
      comparison: 'LessThanOrEqualToThreshold',
      threshold: Math.floor(settings.volumeGiB * 1024 * 0.25),
      evaluationPeriods: 1,
    });
    metricAlarm(this, 'jvm-pressure', {
      ...common,
      name: 'opensearch-jvm-memory-pressure-high',
      description: 'JVM memory pressure of a data node stays at 80 % or more: it is close to out-of-memory errors.',
      metricName: 'JVMMemoryPressure',
      statistic: 'Maximum',
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: 80,
      periodSeconds: 300,
      evaluationPeriods: 3,
    });
    if (settings.dedicatedMasters) {
      metricAlarm(this, 'master-jvm-pressure', {
        ...common,
        name: 'opensearch-master-jvm-memory-pressure-high',
        description: 'JVM memory pressure of a dedicated master stays at 80 % or more: the cluster may lose its master.',
        metricName: 'MasterJVMMemoryPressure',
        statistic: 'Maximum',
        comparison: 'GreaterThanOrEqualToThreshold',
        threshold: 80,
        periodSeconds: 300,
        evaluationPeriods: 3,
      });
    }
  }
}
