/**
 * The Amazon Managed Grafana workspace the operations team watches the apps in. People sign in through
 * IAM Identity Center or SAML (never Grafana's own users); the workspace reaches the private OpenSearch
 * domain through network interfaces in the landing zone's private subnets, and CloudWatch through the
 * landing zone's egress. Its role may read CloudWatch metrics, alarms and Logs Insights, and search this
 * one domain: nothing else.
 */
import { GrafanaWorkspace } from '@cdktf/provider-aws/lib/grafana-workspace';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import { arnFor, EnvironmentContext } from '../building-blocks/environment-context';
import { assumeRoleDocument, policyDocument } from '../building-blocks/policy-document';
import { httpsEgressToGroup, workloadSecurityGroup } from '../building-blocks/workload-security-group';

/**
 * The data sources as the dashboards name them (name = uid): the contract with the dashboards in the
 * repository and the pipeline job that publishes them.
 */
export const GRAFANA_DATA_SOURCES = { cloudwatch: 'cloudwatch', opensearch: 'opensearch' } as const;

export interface GrafanaWorkspaceProps {
  ctx: EnvironmentContext;
  /** `AWS_SSO` and/or `SAML` (`grafana.authenticationProviders`). */
  authenticationProviders: string[];
  /** @default 10.4 */
  grafanaVersion?: string;
  vpcId: string;
  /** Private subnets in at least two zones for the workspace's network interfaces. */
  subnetIds: string[];
  /** Name of the domain the OpenSearch data source searches; its ARN is derived, so the domain may name this role. */
  domainName: string;
}

export class ManagedGrafana extends Construct {
  readonly workspace: GrafanaWorkspace;
  readonly role: IamRole;
  readonly securityGroup: SecurityGroup;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: GrafanaWorkspaceProps) {
    super(scope, id);
    this.region = props.ctx.region;
    const { ctx } = props;
    const domainArn = arnFor(ctx, 'es', `domain/${props.domainName}`);

    this.securityGroup = workloadSecurityGroup(this, {
      name: ctx.names.name('grafana'),
      description: `${ctx.names.prefix} Grafana workspace: no ingress, HTTPS to the OpenSearch domain and to CloudWatch`,
      vpcId: props.vpcId,
      httpsEgressDescription: 'HTTPS to CloudWatch and the Grafana service through the landing zone egress',
    });

    this.role = new IamRole(this, 'role', {
      name: ctx.names.name('grafana', 64),
      description: `${ctx.names.prefix}: Grafana reads CloudWatch and searches the central OpenSearch domain`,
      assumeRolePolicy: assumeRoleDocument(this, 'trust', 'grafana.amazonaws.com', ctx.account).json,
    });
    new IamRolePolicy(this, 'policy', {
      name: ctx.names.name('grafana', 128),
      role: this.role.id,
      policy: policyDocument(this, 'permissions', [
        {
          // These reads have no resource-level permissions.
          sid: 'ReadCloudWatchMetrics',
          effect: 'Allow',
          actions: [
            'cloudwatch:DescribeAlarmsForMetric',
            'cloudwatch:ListMetrics',
            'cloudwatch:GetMetricData',
            'ec2:DescribeTags',
            'ec2:DescribeInstances',
            'ec2:DescribeRegions',
            'tag:GetResources',
            'logs:DescribeLogGroups',
            'logs:StopQuery',
          ],
          resources: ['*'],
        },
        {
          sid: 'ReadThisAccountsAlarmsAndInsightRules',
          effect: 'Allow',
          actions: ['cloudwatch:DescribeAlarms', 'cloudwatch:DescribeAlarmHistory', 'cloudwatch:GetInsightRuleReport'],
          resources: [arnFor(ctx, 'cloudwatch', 'alarm:*'), arnFor(ctx, 'cloudwatch', 'insight-rule/*')],
        },
        {
          sid: 'QueryThisAccountsLogGroups',
          effect: 'Allow',
          actions: ['logs:GetLogGroupFields', 'logs:StartQuery', 'logs:GetLogEvents', 'logs:GetQueryResults'],
          resources: [arnFor(ctx, 'logs', 'log-group:*')],
        },
        {
          sid: 'SearchTheCentralDomain',
          effect: 'Allow',
          actions: ['es:ESHttpGet', 'es:ESHttpPost'],
          resources: [domainArn, `${domainArn}/*`],
        },
        {
          sid: 'DescribeTheCentralDomain',
          effect: 'Allow',
          actions: ['es:DescribeDomain', 'es:DescribeDomains'],
          resources: [domainArn],
        },
      ]).json,
    });

    this.workspace = new GrafanaWorkspace(this, 'workspace', {
      name: ctx.names.name('grafana', 255),
      description: `${ctx.names.prefix}: central logs (OpenSearch) and metrics (CloudWatch) of the apps`,
      accountAccessType: 'CURRENT_ACCOUNT',
      authenticationProviders: props.authenticationProviders,
      permissionType: 'CUSTOMER_MANAGED',
      roleArn: this.role.arn,
      dataSources: ['CLOUDWATCH', 'AMAZON_OPENSEARCH_SERVICE'],
      grafanaVersion: props.grafanaVersion ?? '10.4',
      vpcConfiguration: { subnetIds: props.subnetIds, securityGroupIds: [this.securityGroup.id] },
      // Plugins come only with the workspace's Grafana version: nobody installs code into it from the UI.
      configuration: JSON.stringify({ plugins: { pluginAdminEnabled: false }, unifiedAlerting: { enabled: true } }),
    });
  }

  /** The workspace's network interfaces reach the domain over HTTPS. */
  allowHttpsTo(domainSecurityGroupId: string): void {
    httpsEgressToGroup(this, 'egress-opensearch', this.securityGroup.id, domainSecurityGroupId, 'HTTPS to the OpenSearch domain');
  }

  /**
   * The Grafana data sources (name = uid) as Grafana's HTTP API takes them (`POST /api/datasources`):
   * both sign their requests with the workspace role (SigV4), so no credential is stored in Grafana.
   */
  dataSourceDefinitions(openSearchEndpoint: string, indexName: string): Record<string, unknown>[] {
    const region = this.region;
    return [
      {
        name: GRAFANA_DATA_SOURCES.cloudwatch,
        uid: GRAFANA_DATA_SOURCES.cloudwatch,
        type: 'cloudwatch',
        access: 'proxy',
        jsonData: { authType: 'ec2_iam_role', defaultRegion: region },
      },
      {
        name: GRAFANA_DATA_SOURCES.opensearch,
        uid: GRAFANA_DATA_SOURCES.opensearch,
        type: 'grafana-opensearch-datasource',
        access: 'proxy',
        url: `https://${openSearchEndpoint}`,
        jsonData: { sigV4Auth: true, sigV4AuthType: 'ec2_iam_role', sigV4Region: region, database: `${indexName}-*`, timeField: 'logEvents.timestamp', flavor: 'opensearch' },
      },
    ];
  }

}
