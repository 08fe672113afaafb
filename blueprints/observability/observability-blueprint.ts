/**
 * Central logging and monitoring of an operations account and region: the OpenSearch domain every app
 * account's logs are gathered in, the CloudWatch Logs destination and Firehose stream that bring them
 * there, the Grafana workspace that shows them next to the CloudWatch metrics, and alarms on the
 * domain's health to the on-call. Everything is placed into the landing zone's private subnets; no
 * network is created.
 */
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { ObservabilityEnvironment } from '../../config/resolve-environment';
import { AlarmTopic } from '../building-blocks/alarm-topic';
import { AppKmsKey } from '../building-blocks/app-kms-key';
import { EnvironmentContext } from '../building-blocks/environment-context';
import { LandingZoneNetwork } from '../building-blocks/landing-zone-network';
import { ManagedGrafana } from './grafana-workspace';
import { LogIngestion } from './log-ingestion';
import { LogSearchDomain } from './log-search-domain';

export interface ObservabilityBlueprintProps {
  ctx: EnvironmentContext;
  /** Resolved settings; without the tier, whose every decision is already in them (config/tier-defaults.ts). */
  environment: Omit<ObservabilityEnvironment, 'tier'>;
}

export class ObservabilityBlueprint extends Construct {
  readonly network: LandingZoneNetwork;
  readonly kmsKey: AppKmsKey;
  readonly domain: LogSearchDomain;
  readonly ingestion: LogIngestion;
  readonly grafana: ManagedGrafana;

  constructor(scope: Construct, id: string, props: ObservabilityBlueprintProps) {
    super(scope, id);
    const { ctx, environment: env } = props;

    this.network = new LandingZoneNetwork(this, 'network', { network: env.network });
    this.kmsKey = new AppKmsKey(this, 'kms', {
      ctx,
      settings: env.kmsKey,
      description: `${ctx.names.prefix}: encryption of the central logs (OpenSearch, Firehose, refused documents), their log groups and alarms`,
    });
    const alarms = new AlarmTopic(this, 'alarms', { ctx, kmsKeyArn: this.kmsKey.arn, ...env.alerting });
    const domainName = ctx.names.openSearchDomain();
    // The domain's zones, in zone order: Firehose delivers from the same subnets.
    const domainSubnets = this.network.placementSubnets.slice(0, env.openSearch.zoneCount);

    this.ingestion = new LogIngestion(this, 'ingestion', {
      ctx,
      settings: env.ingestion,
      vpcId: this.network.vpcId,
      subnetIds: domainSubnets.map((s) => s.id),
      kmsKeyArn: this.kmsKey.arn,
      logRetentionDays: env.logRetentionDays,
      domainName,
    });
    this.grafana = new ManagedGrafana(this, 'grafana', {
      ctx,
      authenticationProviders: env.grafana.authenticationProviders,
      grafanaVersion: env.grafana.grafanaVersion,
      vpcId: this.network.vpcId,
      subnetIds: this.network.privateSubnetIds,
      domainName,
    });
    this.domain = new LogSearchDomain(this, 'opensearch', {
      ctx,
      settings: env.openSearch,
      vpcId: this.network.vpcId,
      subnets: domainSubnets,
      kmsKeyArn: this.kmsKey.arn,
      logRetentionDays: env.logRetentionDays,
      alarmTopicArn: alarms.arn,
      clientRoleArns: [this.ingestion.firehoseRole.arn, this.grafana.role.arn],
    });
    this.domain.allowHttpsFrom('firehose', this.ingestion.securityGroup.id, 'HTTPS from the Firehose delivery stream');
    this.domain.allowHttpsFrom('grafana', this.grafana.securityGroup.id, 'HTTPS from the Grafana workspace');
    this.ingestion.allowHttpsTo(this.domain.securityGroup.id);
    this.grafana.allowHttpsTo(this.domain.securityGroup.id);
    // Firehose checks the domain and its own reach when the stream is created: the domain and the rules first.
    this.ingestion.deliverAfter(this.domain.domain);

    // The names are the contract with the app environments (`logs.central.destinationArn`) and the dashboards' publish job.
    new TerraformOutput(this, 'central_logs_destination_arn', {
      value: this.ingestion.destination.arn,
      staticId: true,
      description: 'CloudWatch Logs destination the app accounts subscribe their log groups to (logs.central.destinationArn)',
    });
    new TerraformOutput(this, 'grafana_workspace_endpoint', { value: this.grafana.workspace.endpoint, staticId: true, description: 'Grafana workspace URL host' });
    new TerraformOutput(this, 'grafana_data_sources', {
      value: JSON.stringify(this.grafana.dataSourceDefinitions(this.domain.domain.endpoint, env.ingestion.indexName)),
      staticId: true,
      description: 'The Grafana data sources (name = uid: cloudwatch, opensearch) for POST /api/datasources',
    });
    new TerraformOutput(this, 'opensearch_endpoint', { value: this.domain.domain.endpoint, staticId: true, description: 'HTTPS endpoint of the domain (VPC only)' });
    // The master role maps these to OpenSearch roles (fine-grained access control): writer and reader.
    new TerraformOutput(this, 'firehose_role_arn', { value: this.ingestion.firehoseRole.arn, staticId: true, description: 'Map to an OpenSearch role that may write the log indices' });
    new TerraformOutput(this, 'grafana_role_arn', { value: this.grafana.role.arn, staticId: true, description: 'Map to an OpenSearch role that may read the log indices' });
  }
}
