/**
 * The test or production environment of an off-the-shelf web app (a Tomcat app) that runs on EC2 and
 * whose licence binds to each instance: N instances per availability zone that are never replaced,
 * behind the shared HTTPS load balancer, with the shared database, AWS Backup, in-place patching by
 * Systems Manager, the CloudWatch agent, and alarms to the encrypted topic. Everything is placed into
 * the landing zone's VPC; no network is created.
 */
import { DataAwsAmi } from '@cdktf/provider-aws/lib/data-aws-ami';
import { LbTargetGroupAttachment } from '@cdktf/provider-aws/lib/lb-target-group-attachment';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { InstanceAppEnvironment, ResolvedInstanceApp } from '../../config/resolve-environment';
import { AlarmTopic } from '../building-blocks/alarm-topic';
import { AppKmsKey } from '../building-blocks/app-kms-key';
import { BackupPlan } from '../building-blocks/backup-plan';
import { AGENT_METRICS, AGENT_METRICS_NAMESPACE, CloudWatchAgent } from '../building-blocks/cloudwatch-agent';
import { databaseWidget, environmentDashboard, loadBalancerWidgets } from '../building-blocks/dashboard';
import { EncryptedLogGroup } from '../building-blocks/encrypted-log-group';
import { EnvironmentContext } from '../building-blocks/environment-context';
import { HttpsLoadBalancer } from '../building-blocks/https-load-balancer';
import { InstanceRole } from '../building-blocks/instance-role';
import { LandingZoneNetwork, PlacedSubnet } from '../building-blocks/landing-zone-network';
import { Patching, PATCH_GROUP_TAG_KEY } from '../building-blocks/patching';
import { databaseLogGroupsKeyStatement, RelationalDatabase } from '../building-blocks/relational-database';
import { workloadSecurityGroup } from '../building-blocks/workload-security-group';
import { AppInstance, diskPaths } from './app-instance';

export interface InstanceAppBlueprintProps {
  ctx: EnvironmentContext;
  /** Resolved settings; without the tier, whose every decision is already in them (config/tier-defaults.ts). */
  environment: Omit<InstanceAppEnvironment, 'tier'>;
}

export class InstanceAppBlueprint extends Construct {
  readonly network: LandingZoneNetwork;
  readonly kmsKey: AppKmsKey;
  readonly loadBalancer: HttpsLoadBalancer;
  readonly database: RelationalDatabase;
  readonly backup: BackupPlan;
  readonly patching: Patching;
  readonly securityGroup: SecurityGroup;
  readonly instances: AppInstance[];

  constructor(scope: Construct, id: string, props: InstanceAppBlueprintProps) {
    super(scope, id);
    const { ctx, environment: env } = props;
    const app = env.instanceApp;

    this.network = new LandingZoneNetwork(this, 'network', { network: env.network });
    const central = env.centralLogs;
    this.kmsKey = new AppKmsKey(this, 'kms', {
      ctx,
      settings: env.kmsKey,
      ...(central ? { extraStatements: [databaseLogGroupsKeyStatement(ctx, [ctx.names.database()])] } : {}),
    });
    const alarms = new AlarmTopic(this, 'alarms', { ctx, kmsKeyArn: this.kmsKey.arn, ...env.alerting });

    this.loadBalancer = new HttpsLoadBalancer(this, 'load-balancer', {
      ctx,
      settings: env.loadBalancer,
      vpcId: this.network.vpcId,
      subnetIds: this.network.loadBalancerSubnetIds(env.loadBalancer.scheme),
      kmsKeyArn: this.kmsKey.arn,
      alarmTopicArn: alarms.arn,
      centralLogs: central,
    });

    this.backup = new BackupPlan(this, 'backup', { ctx, settings: env.backup, kmsKeyArn: this.kmsKey.arn, alarmTopicArn: alarms.arn });
    const backupTag = { [this.backup.selectionTag.key]: this.backup.selectionTag.value };

    this.database = new RelationalDatabase(this, 'database', {
      ctx,
      settings: env.database,
      vpcId: this.network.vpcId,
      subnetIds: this.network.privateSubnetIds,
      kmsKeyArn: this.kmsKey.arn,
      alarmTopicArn: alarms.arn,
      extraTags: backupTag,
      exportedLogs: central && { retentionDays: env.logRetentionDays, centralLogs: central },
    });

    const logGroup = (path: string) =>
      new EncryptedLogGroup(this, `${path}-logs`, { ctx, path, kmsKeyArn: this.kmsKey.arn, retentionDays: env.logRetentionDays, centralLogs: central });
    const appLogs = logGroup('instances');
    const patchLogs = logGroup('patching');

    const role = new InstanceRole(this, 'instance-role', {
      ctx,
      kmsKeyArn: this.kmsKey.arn,
      logGroupArns: [appLogs.logGroup.arn, patchLogs.logGroup.arn],
      agentConfigParameterArn: CloudWatchAgent.parameterArn(ctx),
      secretArns: [this.database.masterUserSecretArn],
    });

    this.securityGroup = workloadSecurityGroup(this, {
      name: app.securityGroup?.name ?? ctx.names.name('app'),
      description: app.securityGroup?.description ?? `${ctx.names.prefix} app instances: from the load balancer only, no SSH (Session Manager)`,
      vpcId: this.network.vpcId,
      httpsEgressDescription: 'HTTPS to AWS APIs (SSM, CloudWatch, Secrets Manager) and OS package repositories through the landing zone egress',
      fromLoadBalancer: { loadBalancer: this.loadBalancer, ruleId: 'app', port: app.appPort, label: 'app instances' },
      toDatabase: { database: this.database, ruleId: 'app', label: `${ctx.names.prefix} app instances` },
    });

    this.patching = new Patching(this, 'patching', {
      ctx,
      settings: env.patching,
      operatingSystem: app.operatingSystem,
      logGroupName: patchLogs.name,
    });

    const placements = this.placements(app);
    // The shared image (and its lookup) only when an instance runs it; an adopted instance pins its own.
    const amiId = placements.some((p) => p.amiId === undefined) ? this.imageId(app.ami) : undefined;
    this.instances = placements.map(
      (placement) =>
        new AppInstance(this, `instance-${placement.subnet.availabilityZone}-${placement.position}`, {
          ctx,
          settings: placement.settings,
          monitoring: env.monitoring,
          subnet: placement.subnet,
          position: placement.position,
          amiId: placement.amiId ?? amiId!,
          securityGroupId: this.securityGroup.id,
          instanceProfileName: role.instanceProfile.name,
          kmsKeyArn: this.kmsKey.arn,
          tags: { ...backupTag, [PATCH_GROUP_TAG_KEY]: this.patching.patchGroup },
          dataVolumeTags: backupTag,
          alarmTopicArn: alarms.arn,
        }),
    );

    const targetGroup = this.loadBalancer.addTargetGroup('app', {
      name: 'app',
      port: app.appPort,
      targetType: 'instance',
      healthCheckPath: app.healthCheckPath,
      healthyStatusCodes: app.healthyStatusCodes,
      stickinessSeconds: app.stickinessSeconds,
      adopted: app.targetGroup,
    });
    this.loadBalancer.route('app', targetGroup, app.routing);
    for (const instance of this.instances) {
      new LbTargetGroupAttachment(this, `target-${instance.node.id}`, {
        targetGroupArn: targetGroup.arn,
        targetId: instance.instance.id,
        port: app.appPort,
      });
    }

    new CloudWatchAgent(this, 'cloudwatch-agent', {
      ctx,
      kmsKeyArn: this.kmsKey.arn,
      instanceIds: this.instances.map((i) => i.instance.id),
      diskPaths: diskPaths(app),
      logGroupName: appLogs.literalName,
      logFiles: app.logFiles,
    });

    this.addDashboard(ctx);
    new TerraformOutput(this, 'load-balancer-dns-name', { value: this.loadBalancer.loadBalancer.dnsName, staticId: true });
    new TerraformOutput(this, 'instance-ids', { value: this.instances.map((i) => i.instance.id), staticId: true });
    new TerraformOutput(this, 'database-host-parameter', { value: this.database.parameterNames.host, staticId: true });
    new TerraformOutput(this, 'backup-vault-name', { value: this.backup.vault.name, staticId: true });
  }

  /**
   * Where each instance runs, numbered per zone: `instancesPerAz` in each zone's first private subnet,
   * or the adopted instances one by one, each with what it runs on today (`instanceApp.instances`).
   */
  private placements(app: ResolvedInstanceApp): { subnet: PlacedSubnet; position: number; settings: ResolvedInstanceApp; amiId?: string }[] {
    if (!app.instances) {
      return this.network.placementSubnets.flatMap((subnet) => Array.from({ length: app.instancesPerAz }, (_, i) => ({ subnet, position: i + 1, settings: app })));
    }
    const perZone = new Map<string, number>();
    return app.instances.map((pin) => {
      const zone = pin.availabilityZone;
      const position = (perZone.get(zone) ?? 0) + 1;
      perZone.set(zone, position);
      // check-environment-props made sure the zone is one of the network's and the subnet lies in it.
      const subnet = pin.subnetId ? { id: pin.subnetId, availabilityZone: zone } : this.network.placementSubnets.find((s) => s.availabilityZone === zone)!;
      const settings: ResolvedInstanceApp = {
        ...app,
        instanceType: pin.instanceType ?? app.instanceType,
        rootVolumeGiB: pin.rootVolumeGiB ?? app.rootVolumeGiB,
        rootVolumeType: pin.rootVolumeType ?? app.rootVolumeType,
        dataVolume: app.dataVolume && { ...app.dataVolume, sizeGiB: pin.dataVolumeGiB ?? app.dataVolume.sizeGiB, type: pin.dataVolumeType ?? app.dataVolume.type },
      };
      return { subnet, position, settings, amiId: pin.ami };
    });
  }

  /**
   * The image: an ID from config, or the newest image matching owner + name pattern. The lookup
   * floats, but instances ignore `ami` after creation, so only new instances get a newer image.
   */
  private imageId(ami: InstanceAppEnvironment['instanceApp']['ami']): string {
    if ('id' in ami) return ami.id;
    return new DataAwsAmi(this, 'ami', {
      mostRecent: true,
      owners: [ami.owner],
      filter: [
        { name: 'name', values: [ami.namePattern] },
        { name: 'state', values: ['available'] },
      ],
    }).id;
  }

  private addDashboard(ctx: EnvironmentContext): void {
    const perInstance = (namespace: string, metric: string) => this.instances.map((i) => [namespace, metric, 'InstanceId', i.instance.id]);
    environmentDashboard(this, 'dashboard', ctx, [
      ...loadBalancerWidgets(this.loadBalancer.loadBalancer.arnSuffix),
      { title: 'Instance CPU', metrics: perInstance('AWS/EC2', 'CPUUtilization') },
      { title: 'Instance memory', metrics: perInstance(AGENT_METRICS_NAMESPACE, AGENT_METRICS.memoryUsedPercent) },
      databaseWidget(this.database.instance.identifier),
    ]);
  }
}
