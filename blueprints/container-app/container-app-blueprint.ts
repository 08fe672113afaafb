/**
 * The test or production environment of a containerised web app: ECS Fargate services behind an
 * HTTPS ALB, its primary RDS database and any further named ones (each service uses one or none),
 * EFS file systems for services with persistent volumes, one KMS key, alarms to an encrypted topic,
 * and a dashboard, placed into the landing zone's VPC (by ID or found by tag, as for every app
 * blueprint). The tier in the resolved settings has already chosen every default.
 */
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { ContainerAppEnvironment, PRIMARY_DATABASE } from '../../config/resolve-environment';
import { AlarmTopic } from '../building-blocks/alarm-topic';
import { AppKmsKey } from '../building-blocks/app-kms-key';
import { databaseWidget, environmentDashboard, loadBalancerWidgets } from '../building-blocks/dashboard';
import { AppEcrRepository } from '../building-blocks/ecr-repository';
import { EnvironmentContext } from '../building-blocks/environment-context';
import { HttpsLoadBalancer } from '../building-blocks/https-load-balancer';
import { LandingZoneNetwork } from '../building-blocks/landing-zone-network';
import { databaseLogGroupsKeyStatement, RelationalDatabase } from '../building-blocks/relational-database';
import { FargateService } from './fargate-service';

export interface ContainerAppBlueprintProps {
  ctx: EnvironmentContext;
  /** Resolved settings; without the tier, whose every decision is already in them (config/tier-defaults.ts). */
  environment: Omit<ContainerAppEnvironment, 'tier'>;
}

export class ContainerAppBlueprint extends Construct {
  readonly network: LandingZoneNetwork;
  readonly kmsKey: AppKmsKey;
  readonly loadBalancer: HttpsLoadBalancer;
  /** The primary database (the `database` key), at the address it always had. */
  readonly database: RelationalDatabase;
  /** The `databases` map, by name. */
  readonly namedDatabases: Record<string, RelationalDatabase> = {};
  readonly services: FargateService[];
  readonly cluster: EcsCluster;

  constructor(scope: Construct, id: string, props: ContainerAppBlueprintProps) {
    super(scope, id);
    const { ctx, environment: env } = props;

    this.network = new LandingZoneNetwork(this, 'network', { network: env.network });
    const central = env.centralLogs;
    const exportedLogs = central && { retentionDays: env.logRetentionDays, centralLogs: central };
    const databaseIdentifiers = [ctx.names.database(), ...env.databases.map((d) => ctx.names.database(d.name))];
    this.kmsKey = new AppKmsKey(this, 'kms', {
      ctx,
      settings: env.kmsKey,
      ...(central ? { extraStatements: [databaseLogGroupsKeyStatement(ctx, databaseIdentifiers)] } : {}),
    });
    const alarms = new AlarmTopic(this, 'alarms', {
      ctx,
      kmsKeyArn: this.kmsKey.arn,
      opsgenieEndpointParameter: env.alerting.opsgenieEndpointParameter,
      emails: env.alerting.emails,
    });
    const repository = new AppEcrRepository(this, 'ecr', { ctx, kmsKeyArn: this.kmsKey.arn, settings: env.ecr });

    this.cluster = new EcsCluster(this, 'cluster', {
      name: env.clusterName ?? ctx.names.prefix,
      setting: [{ name: 'containerInsights', value: 'enabled' }],
    });

    this.loadBalancer = new HttpsLoadBalancer(this, 'load-balancer', {
      ctx,
      settings: env.loadBalancer,
      vpcId: this.network.vpcId,
      subnetIds: this.network.loadBalancerSubnetIds(env.loadBalancer.scheme),
      kmsKeyArn: this.kmsKey.arn,
      alarmTopicArn: alarms.arn,
      centralLogs: env.centralLogs,
    });

    this.database = new RelationalDatabase(this, 'database', {
      ctx,
      settings: env.database,
      vpcId: this.network.vpcId,
      subnetIds: this.network.privateSubnetIds,
      kmsKeyArn: this.kmsKey.arn,
      alarmTopicArn: alarms.arn,
      exportedLogs,
    });

    const databaseConfig = { ctx, vpcId: this.network.vpcId, subnetIds: this.network.privateSubnetIds, kmsKeyArn: this.kmsKey.arn, alarmTopicArn: alarms.arn, exportedLogs };
    for (const { name, settings } of env.databases) {
      this.namedDatabases[name] = new RelationalDatabase(this, `database-${name}`, { ...databaseConfig, settings, nameSuffix: name });
    }
    const databaseOf = (name: string | undefined) => (name === undefined ? undefined : name === PRIMARY_DATABASE ? this.database : this.namedDatabases[name]);

    this.services = env.services.map(
      (settings) =>
        new FargateService(this, `service-${settings.name}`, {
          ctx,
          settings,
          clusterArn: this.cluster.arn,
          clusterName: this.cluster.name,
          vpcId: this.network.vpcId,
          privateSubnetIds: this.network.privateSubnetIds,
          kmsKeyArn: this.kmsKey.arn,
          logRetentionDays: env.logRetentionDays,
          centralLogs: env.centralLogs,
          loadBalancer: this.loadBalancer,
          repository: { url: repository.repository.repositoryUrl, arn: repository.repository.arn },
          database: databaseOf(settings.database),
          alarmTopicArn: alarms.arn,
          fileSystemPreventDestroy: env.fileSystemsPreventDestroy,
        }),
    );

    environmentDashboard(this, 'dashboard', ctx, [
      ...loadBalancerWidgets(this.loadBalancer.loadBalancer.arnSuffix),
      {
        title: 'Service CPU',
        metrics: this.services.map((s) => ['AWS/ECS', 'CPUUtilization', 'ClusterName', this.cluster.name, 'ServiceName', s.service.name]),
      },
      {
        title: 'Service memory',
        metrics: this.services.map((s) => ['AWS/ECS', 'MemoryUtilization', 'ClusterName', this.cluster.name, 'ServiceName', s.service.name]),
      },
      databaseWidget(this.database.instance.identifier),
      ...Object.entries(this.namedDatabases).map(([name, db]) => ({ ...databaseWidget(db.instance.identifier), title: `Database ${name} CPU` })),
    ]);

    new TerraformOutput(this, 'load-balancer-dns-name', { value: this.loadBalancer.loadBalancer.dnsName, staticId: true });
    new TerraformOutput(this, 'ecr-repository-url', { value: repository.repository.repositoryUrl, staticId: true });
    new TerraformOutput(this, 'cluster-name', { value: this.cluster.name, staticId: true });
    new TerraformOutput(this, 'database-host-parameter', { value: this.database.parameterNames.host, staticId: true });
    for (const [name, db] of Object.entries(this.namedDatabases)) {
      new TerraformOutput(this, `database-${name}-host-parameter`, { value: db.parameterNames.host, staticId: true });
    }
  }
}
