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
import { InstanceAppEnvironment } from '../../config/resolve-environment';
import { AlarmTopic } from '../building-blocks/alarm-topic';
import { AppKmsKey } from '../building-blocks/app-kms-key';
import { BackupPlan } from '../building-blocks/backup-plan';
import { AGENT_METRICS, AGENT_METRICS_NAMESPACE, CloudWatchAgent } from '../building-blocks/cloudwatch-agent';
import { databaseWidget, environmentDashboard, loadBalancerWidgets } from '../building-blocks/dashboard';
import { EncryptedLogGroup } from '../building-blocks/encrypted-log-group';
import { EnvironmentContext } from '../building-blocks/environment-context';
import { HttpsLoadBalancer } from '../building-blocks/https-load-balancer';
import { InstanceRole } from '../building-blocks/instance-role';
import { LandingZoneNetwork } from '../building-blocks/landing-zone-network';
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
      name: ctx.names.name('app'),
      description: `${ctx.names.prefix} app instances: from the load balancer only, no SSH (Session Manager)`,
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

    const amiId = this.imageId(app.ami);
    this.instances = this.network.placementSubnets.flatMap((subnet) =>
      Array.from(
        { length: app.instancesPerAz },
        (_, i) =>
          new AppInstance(this, `instance-${subnet.availabilityZone}-${i + 1}`, {
            ctx,
            settings: app,
            monitoring: env.monitoring,
            subnet,
            position: i + 1,
            amiId,
            securityGroupId: this.securityGroup.id,
            instanceProfileName: role.instanceProfile.name,
            kmsKeyArn: this.kmsKey.arn,
            tags: { ...backupTag, [PATCH_GROUP_TAG_KEY]: this.patching.patchGroup },
            dataVolumeTags: backupTag,
            alarmTopicArn: alarms.arn,
          }),
      ),
    );

    const targetGroup = this.loadBalancer.addTargetGroup('app', {
      name: 'app',
      port: app.appPort,
      targetType: 'instance',
      healthCheckPath: app.healthCheckPath,
      healthyStatusCodes: app.healthyStatusCodes,
      stickinessSeconds: app.stickinessSeconds,
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
