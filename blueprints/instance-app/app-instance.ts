/**
 * One EC2 instance of a licence-bound app. Its licence key is bound to the machine ID, so the instance
 * must never be replaced: every argument whose change would force a replacement (image, user data,
 * subnet, root-volume key) is ignored after creation, production instances carry prevent_destroy plus
 * termination and stop protection, and EC2 recovers the instance in place (same ID, same volumes) when
 * its host fails. This deliberately departs from immutable infrastructure (Well-Architected REL08-BP04);
 * AWS Backup, in-place patching and the recover action compensate.
 */
import { EbsVolume } from '@cdktf/provider-aws/lib/ebs-volume';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { VolumeAttachment } from '@cdktf/provider-aws/lib/volume-attachment';
import { Construct } from 'constructs';
import { ResolvedInstanceApp, ResolvedMonitoring } from '../../config/resolve-environment';
import { AGENT_METRICS, AGENT_METRICS_NAMESPACE } from '../building-blocks/cloudwatch-agent';
import { EnvironmentContext } from '../building-blocks/environment-context';
import { metricAlarm } from '../building-blocks/metric-alarm';
import { PlacedSubnet } from '../building-blocks/landing-zone-network';

/**
 * Arguments that force a new instance when they change. Ignoring them pins the instance: a newer AMI
 * (by ID or by name lookup), edited user data or a moved subnet change nothing; a deliberate rebuild is
 * `terraform apply -replace=<address>` plus a licence transfer.
 */
export const REPLACEMENT_DRIFT_IGNORED = ['ami', 'user_data', 'user_data_base64', 'subnet_id', 'associate_public_ip_address', 'root_block_device[0].kms_key_id'];

export interface AppInstanceProps {
  ctx: EnvironmentContext;
  settings: ResolvedInstanceApp;
  monitoring: ResolvedMonitoring;
  subnet: PlacedSubnet;
  /** 1-based position in its zone, part of the instance's name. */
  position: number;
  amiId: string;
  securityGroupId: string;
  instanceProfileName: string;
  kmsKeyArn: string;
  /** Tags that enrol the instance in backups and patching. */
  tags: Record<string, string>;
  /** Tags of the data volume: the backup tag, so its data can be restored alone, without touching the licensed root volume. */
  dataVolumeTags: Record<string, string>;
  alarmTopicArn: string;
}

export class AppInstance extends Construct {
  readonly instance: Instance;
  /** Short name, e.g. `app-a1` (zone letter and position). */
  readonly shortName: string;
  readonly dataVolume?: EbsVolume;

  constructor(scope: Construct, id: string, props: AppInstanceProps) {
    super(scope, id);
    const { ctx, settings } = props;
    this.shortName = `app-${props.subnet.availabilityZone.slice(-1)}${props.position}`;
    const name = ctx.names.name(this.shortName);
    const encrypted = { encrypted: true, kmsKeyId: props.kmsKeyArn };

    this.instance = new Instance(this, 'instance', {
      ami: props.amiId,
      instanceType: settings.instanceType,
      subnetId: props.subnet.id,
      vpcSecurityGroupIds: [props.securityGroupId],
      iamInstanceProfile: props.instanceProfileName,
      associatePublicIpAddress: false,
      ebsOptimized: true,
      monitoring: true,
      disableApiTermination: settings.terminationProtection,
      disableApiStop: settings.stopProtection,
      instanceInitiatedShutdownBehavior: 'stop',
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1, instanceMetadataTags: 'disabled' },
      maintenanceOptions: { autoRecovery: 'default' },
      rootBlockDevice: {
        volumeType: settings.rootVolumeType,
        volumeSize: settings.rootVolumeGiB,
        ...encrypted,
        deleteOnTermination: true,
        tags: { Name: `${name}-root` },
      },
      userData: settings.userData,
      tags: { ...props.tags, Name: name },
      lifecycle: { preventDestroy: settings.preventDestroy, ignoreChanges: REPLACEMENT_DRIFT_IGNORED },
    });

    if (settings.dataVolume) {
      this.dataVolume = new EbsVolume(this, 'data-volume', {
        availabilityZone: props.subnet.availabilityZone,
        size: settings.dataVolume.sizeGiB,
        type: settings.dataVolume.type,
        ...encrypted,
        finalSnapshot: settings.dataVolume.finalSnapshot,
        tags: { ...props.dataVolumeTags, Name: `${name}-data` },
        lifecycle: { preventDestroy: settings.preventDestroy, ignoreChanges: ['kms_key_id'] },
      });
      new VolumeAttachment(this, 'data-volume-attachment', {
        deviceName: settings.dataVolume.deviceName,
        volumeId: this.dataVolume.id,
        instanceId: this.instance.id,
        // Detaching a mounted volume from a running instance can corrupt it.
        stopInstanceBeforeDetaching: true,
      });
    }
    this.addAlarms(props, name);
  }

  private addAlarms(props: AppInstanceProps, name: string): void {
    const { ctx, monitoring, settings } = props;
    const instanceId = { InstanceId: this.instance.id };
    const common = { ctx, topicArn: props.alarmTopicArn };
    metricAlarm(this, 'system-check-alarm', {
      ...common,
      name: `${this.shortName}-system-check`,
      description: `${name}: the host failed its status check; EC2 recovers the instance onto new hardware (same ID, volumes and IP)`,
      namespace: 'AWS/EC2',
      metricName: 'StatusCheckFailed_System',
      dimensions: instanceId,
      statistic: 'Maximum',
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
      evaluationPeriods: 2,
      // A stopped instance reports nothing; that is not a host failure.
      treatMissingData: 'missing',
      extraAlarmActions: [`arn:${ctx.partition}:automate:${ctx.region}:ec2:recover`],
    });
    metricAlarm(this, 'instance-check-alarm', {
      ...common,
      name: `${this.shortName}-instance-check`,
      description: `${name}: the operating system failed its status check (needs a look, not a replacement)`,
      namespace: 'AWS/EC2',
      metricName: 'StatusCheckFailed_Instance',
      dimensions: instanceId,
      statistic: 'Maximum',
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
      evaluationPeriods: 3,
      treatMissingData: 'missing',
    });
    metricAlarm(this, 'cpu-alarm', {
      ...common,
      name: `${this.shortName}-cpu-high`,
      description: `${name}: CPU above ${monitoring.cpuThresholdPercent} % for 10 minutes`,
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
      dimensions: instanceId,
      comparison: 'GreaterThanThreshold',
      threshold: monitoring.cpuThresholdPercent,
      evaluationPeriods: 10,
    });
    metricAlarm(this, 'memory-alarm', {
      ...common,
      name: `${this.shortName}-memory-high`,
      description: `${name}: memory above ${monitoring.memoryThresholdPercent} % for 10 minutes (CloudWatch agent)`,
      namespace: AGENT_METRICS_NAMESPACE,
      metricName: AGENT_METRICS.memoryUsedPercent,
      dimensions: instanceId,
      comparison: 'GreaterThanThreshold',
      threshold: monitoring.memoryThresholdPercent,
      evaluationPeriods: 10,
    });
    diskPaths(settings).forEach((path, i) => {
      metricAlarm(this, i === 0 ? 'disk-alarm' : `disk-alarm-${i}`, {
        ...common,
        name: `${this.shortName}-disk${path === '/' ? '-root' : path.replace(/\//g, '-')}-full`,
        description: `${name}: ${path} more than ${monitoring.diskThresholdPercent} % full (CloudWatch agent)`,
        namespace: AGENT_METRICS_NAMESPACE,
        metricName: AGENT_METRICS.diskUsedPercent,
        dimensions: { ...instanceId, path },
        statistic: 'Maximum',
        comparison: 'GreaterThanThreshold',
        threshold: monitoring.diskThresholdPercent,
        evaluationPeriods: 5,
      });
    });
  }
}

/** Mount points whose used space the agent measures: the root filesystem and the data volume. */
export function diskPaths(settings: ResolvedInstanceApp): string[] {
  return settings.dataVolume ? ['/', settings.dataVolume.mountPath] : ['/'];
}
