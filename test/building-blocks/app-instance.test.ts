/** One licence-bound instance on its own: never replaced, protected in production, IMDSv2, encrypted, recovered in place. */
import { AppInstance, REPLACEMENT_DRIFT_IGNORED } from '../../blueprints/instance-app/app-instance';
import { resolveInstanceApp } from '../../config/resolve-environment';
import { allOf, blockContext, refTo, resource, synthBlock, tierDefaults, TIERS } from '../support/building-block-synth';

const KEY = 'arn:aws:kms:eu-central-1:123456789012:key/app';

function synthInstance(tier: (typeof TIERS)[number], dataVolume?: { sizeGiB: number }) {
  const settings = resolveInstanceApp({ ami: { id: 'ami-0123456789abcdef0' }, operatingSystem: 'AMAZON_LINUX_2023', healthCheckPath: '/health', dataVolume }, tierDefaults(tier));
  return synthBlock(
    (scope) =>
      new AppInstance(scope, 'app', {
        ctx: blockContext(),
        settings,
        monitoring: { cpuThresholdPercent: 80, memoryThresholdPercent: 85, diskThresholdPercent: 90 },
        subnet: { id: 'subnet-1', availabilityZone: 'eu-central-1a' },
        position: 1,
        amiId: 'ami-0123456789abcdef0',
        securityGroupId: 'sg-0123456789abcdef0',
        instanceProfileName: 'shop-test-instance',
        kmsKeyArn: KEY,
        tags: { BackupPlan: 'shop-test-backup', 'Patch Group': 'shop-test' },
        dataVolumeTags: { BackupPlan: 'shop-test-backup' },
        alarmTopicArn: 'arn:aws:sns:eu-central-1:123456789012:alarms',
      }),
  );
}

describe.each(TIERS)('AppInstance, %s tier', (tier) => {
  const production = tier === 'production';
  const json = synthInstance(tier, { sizeGiB: 50 });
  const instance = resource(json, 'aws_instance', 'app_instance');
  const volume = resource(json, 'aws_ebs_volume', 'app_data-volume');

  it('protects a production instance from termination, stop and destroy', () => {
    expect(instance.disable_api_termination).toBe(production);
    expect(instance.disable_api_stop).toBe(production);
    expect(instance.lifecycle.prevent_destroy).toBe(production);
  });

  it('is never replaced: every replace-forcing argument is ignored after creation', () => {
    expect(instance.lifecycle.ignore_changes).toEqual(REPLACEMENT_DRIFT_IGNORED);
    expect(REPLACEMENT_DRIFT_IGNORED).toEqual(['ami', 'user_data', 'user_data_base64', 'subnet_id', 'associate_public_ip_address', 'root_block_device[0].kms_key_id']);
  });

  it('requires IMDSv2 tokens with a hop limit of 1, and keeps tags out of the metadata', () => {
    expect(instance.metadata_options).toEqual({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1, instance_metadata_tags: 'disabled' });
  });

  it('has no public IP, no key pair, and only its security group and instance profile', () => {
    expect(instance.associate_public_ip_address).toBe(false);
    expect(instance.key_name).toBeUndefined();
    expect(instance.vpc_security_group_ids).toEqual(['sg-0123456789abcdef0']);
    expect(instance.iam_instance_profile).toBe('shop-test-instance');
  });

  it('stops rather than terminates on an OS shutdown, and EC2 recovers it in place', () => {
    expect(instance.instance_initiated_shutdown_behavior).toBe('stop');
    expect(instance.maintenance_options).toEqual({ auto_recovery: 'default' });
    expect(instance.monitoring).toBe(true);
    expect(instance.ebs_optimized).toBe(true);
  });

  it("encrypts the root volume with the app's key", () => {
    expect(instance.root_block_device).toMatchObject({ volume_type: 'gp3', volume_size: 30, encrypted: true, kms_key_id: KEY, delete_on_termination: true });
  });

  it('enrols in backups and patching by tag', () => {
    expect(instance.tags).toEqual({ BackupPlan: 'shop-test-backup', 'Patch Group': 'shop-test', Name: 'shop-test-app-a1' });
  });

  it('keeps the data volume encrypted, snapshotted before delete and undestroyable in production', () => {
    expect(volume).toMatchObject({ availability_zone: 'eu-central-1a', size: 50, type: 'gp3', encrypted: true, kms_key_id: KEY });
    expect(volume.final_snapshot).toBe(production);
    expect(volume.lifecycle).toEqual({ prevent_destroy: production, ignore_changes: ['kms_key_id'] });
    expect(volume.tags).toEqual({ BackupPlan: 'shop-test-backup', Name: 'shop-test-app-a1-data' });
  });

  it('stops the instance before detaching its data volume (detaching a mounted volume can corrupt it)', () => {
    const attachment = resource(json, 'aws_volume_attachment', 'app_data-volume-attachment');
    expect(attachment).toEqual({
      device_name: '/dev/sdf',
      volume_id: refTo(json, 'aws_ebs_volume', 'app_data-volume', 'id'),
      instance_id: refTo(json, 'aws_instance', 'app_instance', 'id'),
      stop_instance_before_detaching: true,
    });
  });

  it('recovers the instance onto new hardware when the host fails its status check', () => {
    const alarm = resource(json, 'aws_cloudwatch_metric_alarm', 'app_system-check-alarm');
    expect(alarm).toMatchObject({ metric_name: 'StatusCheckFailed_System', statistic: 'Maximum', comparison_operator: 'GreaterThanOrEqualToThreshold', threshold: 1, treat_missing_data: 'missing' });
    expect(alarm.alarm_actions).toEqual(['arn:aws:sns:eu-central-1:123456789012:alarms', 'arn:aws:automate:eu-central-1:ec2:recover']);
  });

  it('alarms on the OS status check, CPU, memory and the used space of both filesystems', () => {
    const alarms = allOf(json, 'aws_cloudwatch_metric_alarm');
    expect(alarms['app_instance-check-alarm'].alarm_actions).toEqual(['arn:aws:sns:eu-central-1:123456789012:alarms']);
    expect(alarms['app_cpu-alarm']).toMatchObject({ metric_name: 'CPUUtilization', threshold: 80 });
    expect(alarms['app_memory-alarm']).toMatchObject({ metric_name: 'mem_used_percent', threshold: 85 });
    expect(alarms['app_disk-alarm']).toMatchObject({ metric_name: 'disk_used_percent', threshold: 90, dimensions: { InstanceId: refTo(json, 'aws_instance', 'app_instance', 'id'), path: '/' } });
    expect(alarms['app_disk-alarm-1'].dimensions.path).toBe('/opt/app');
  });
});

describe('AppInstance without a data volume', () => {
  it('creates no volume, attachment or data-disk alarm', () => {
    const json = synthInstance('production');
    expect(allOf(json, 'aws_ebs_volume')).toEqual({});
    expect(allOf(json, 'aws_volume_attachment')).toEqual({});
    expect(Object.keys(allOf(json, 'aws_cloudwatch_metric_alarm')).filter((k) => k.includes('disk'))).toEqual(['app_disk-alarm']);
  });
});
