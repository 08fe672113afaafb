/**
 * An instance app adopted from a running one: every name and value that would otherwise force a
 * replacement is set in config and reaches its resource argument, an existing KMS key replaces the
 * environment's own, and the instances are placed one by one with what they run on today. Without
 * these keys the output is today's (the golden digest of test/main covers that; the variant here
 * checks the defaults next to each override).
 */
import { all, entryAt, Json, ref, resourceAt, resourcesOfType, synthEnvironments } from '../support/synth-stack';
import { instanceAppConfig, withInstanceApp } from '../support/instance-app-config';
import { CLEAN, terraformValidate } from '../support/terraform-validate';

const EXISTING_KEY = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const adopted = withInstanceApp(
  'production',
  {
    instanceType: 'm5.large',
    rootVolumeGiB: 40,
    rootVolumeType: 'gp2',
    dataVolume: { sizeGiB: 100, type: 'gp2' },
    instances: [
      { availabilityZone: 'eu-central-1b', subnetId: 'subnet-00000000000000002', ami: 'ami-0bbbbbbbbbbbbbbbb', instanceType: 'm5.xlarge', rootVolumeGiB: 60, dataVolumeGiB: 200, dataVolumeType: 'gp3' },
      { availabilityZone: 'eu-central-1a', ami: 'ami-0aaaaaaaaaaaaaaaa' },
    ],
    targetGroup: { name: 'tomcat-tg', protocol: 'HTTPS', healthCheck: { protocol: 'HTTPS', intervalSeconds: 30, timeoutSeconds: 10, healthyThreshold: 5, unhealthyThreshold: 2 } },
    securityGroup: { name: 'erp-app-sg', description: 'Tomcat servers' },
  },
  {
    kmsKey: { existingKeyArn: EXISTING_KEY },
    loadBalancer: {
      ...(instanceAppConfig('production').loadBalancer as object),
      scheme: 'internet-facing',
      name: 'erp-prod-lb',
      securityGroup: { name: 'erp-lb-sg', description: 'ERP load balancer' },
    },
    database: {
      engine: 'postgres',
      engineVersion: '15.4',
      instanceClass: 'db.r6g.large',
      allocatedStorageGiB: 200,
      storageType: 'gp2',
      identifier: 'erp-db',
      masterUsername: 'erpadmin',
      databaseName: 'erp',
      subnetGroupName: 'erp-db-subnets',
      parameterGroupName: 'erp-db-params',
      securityGroup: { name: 'erp-db-sg', description: 'ERP database' },
    },
  },
);

describe('instance app adopted from a running one', () => {
  const synth = synthEnvironments({ 'erp/production': adopted, 'erp/test': instanceAppConfig('test'), 'alias/test': { ...instanceAppConfig('test'), app: 'alias', kmsKey: { aliasName: 'alias/erp-legacy' } } });
  const stack = synth.stacks['erp-production'];
  const fresh = synth.stacks['erp-test'];

  describe('an existing KMS key (kmsKey.existingKeyArn)', () => {
    it('creates no key and no alias', () => {
      expect(resourcesOfType(stack, 'aws_kms_key')).toEqual({});
      expect(resourcesOfType(stack, 'aws_kms_alias')).toEqual({});
    });

    it('is what everything stateful encrypts with: database, volumes, logs, topic, backup vault', () => {
      const db = resourceAt(stack, 'aws_db_instance', 'database/instance');
      expect(db.kms_key_id).toBe(EXISTING_KEY);
      expect(db.master_user_secret_kms_key_id).toBe(EXISTING_KEY);
      for (const volume of all(stack, 'aws_ebs_volume')) expect(volume.kms_key_id).toBe(EXISTING_KEY);
      for (const instance of all(stack, 'aws_instance')) expect(instance.root_block_device.kms_key_id).toBe(EXISTING_KEY);
      for (const group of all(stack, 'aws_cloudwatch_log_group')) expect(group.kms_key_id).toBe(EXISTING_KEY);
      expect(all(stack, 'aws_sns_topic')[0].kms_master_key_id).toBe(EXISTING_KEY);
      expect(all(stack, 'aws_backup_vault')[0].kms_key_arn).toBe(EXISTING_KEY);
      // Nothing refers to a key resource that is not there.
      expect(JSON.stringify(stack.resource)).not.toMatch(/aws_kms_key\./);
    });
  });

  it('keeps an adopted key under its alias (kmsKey.aliasName); a new environment keeps alias/<app>-<env>', () => {
    expect(all(synth.stacks['alias-test'], 'aws_kms_alias')[0].name).toBe('alias/erp-legacy');
    expect(all(fresh, 'aws_kms_alias')[0].name).toBe('alias/erp-test');
  });

  describe('instances one by one (instanceApp.instances)', () => {
    const instanceAt = (zone: string, n: number): Json => resourceAt(stack, 'aws_instance', `instance-${zone}-${n}/instance`);

    it('places each in its zone, numbered per zone as instancesPerAz numbers them', () => {
      expect(Object.keys(resourcesOfType(stack, 'aws_instance'))).toHaveLength(2);
      expect(instanceAt('eu-central-1b', 1).subnet_id).toBe('subnet-00000000000000002');
      // Without a subnet: the zone's first private subnet, as for a new instance.
      expect(instanceAt('eu-central-1a', 1).subnet_id).toBe('subnet-00000000000000001');
    });

    it('pins each image, and takes no image lookup when every instance has its own', () => {
      expect(instanceAt('eu-central-1b', 1).ami).toBe('ami-0bbbbbbbbbbbbbbbb');
      expect(instanceAt('eu-central-1a', 1).ami).toBe('ami-0aaaaaaaaaaaaaaaa');
      expect(stack.data?.aws_ami).toBeUndefined();
    });

    it('gives each its own type and volumes, the shared settings where it sets none', () => {
      const b = instanceAt('eu-central-1b', 1);
      const a = instanceAt('eu-central-1a', 1);
      expect([b.instance_type, a.instance_type]).toEqual(['m5.xlarge', 'm5.large']);
      expect([b.root_block_device.volume_size, a.root_block_device.volume_size]).toEqual([60, 40]);
      expect([b.root_block_device.volume_type, a.root_block_device.volume_type]).toEqual(['gp2', 'gp2']);
      const volumeB = resourceAt(stack, 'aws_ebs_volume', 'instance-eu-central-1b-1/data-volume');
      const volumeA = resourceAt(stack, 'aws_ebs_volume', 'instance-eu-central-1a-1/data-volume');
      expect([volumeB.size, volumeB.type, volumeB.availability_zone]).toEqual([200, 'gp3', 'eu-central-1b']);
      expect([volumeA.size, volumeA.type, volumeA.availability_zone]).toEqual([100, 'gp2', 'eu-central-1a']);
    });

    it('attaches every instance to the target group, backup and patching as a new one', () => {
      const attachments = all(stack, 'aws_lb_target_group_attachment').map((a) => a.target_id);
      expect(attachments.sort()).toEqual([ref(stack, 'aws_instance', 'instance-eu-central-1a-1/instance', 'id'), ref(stack, 'aws_instance', 'instance-eu-central-1b-1/instance', 'id')].sort());
      for (const instance of all(stack, 'aws_instance')) expect(instance.tags).toEqual(expect.objectContaining({ BackupPlan: expect.any(String), PatchGroup: expect.any(String) }));
    });

    it('a new environment keeps gp3 volumes and the shared image', () => {
      const instance = all(fresh, 'aws_instance')[0];
      expect(instance.root_block_device.volume_type).toBe('gp3');
      expect(instance.ami).toBe('ami-0123456789abcdef0');
    });
  });

  describe('names and values that force a replacement', () => {
    it('load balancer: name, scheme and its security group name and description', () => {
      const lb = resourceAt(stack, 'aws_lb', 'load-balancer/alb');
      expect([lb.name, lb.internal]).toEqual(['erp-prod-lb', false]);
      const group: Json = resourceAt(stack, 'aws_security_group', 'load-balancer/security-group');
      expect([group.name, group.description, group.tags.Name]).toEqual(['erp-lb-sg', 'ERP load balancer', 'erp-lb-sg']);
      expect(resourceAt(fresh, 'aws_lb', 'load-balancer/alb').name).toBe('erp-test-alb');
      expect(resourceAt(fresh, 'aws_security_group', 'load-balancer/security-group').name).toBe('erp-test-alb');
    });

    it('target group: name, protocol and health check', () => {
      const group = resourceAt(stack, 'aws_lb_target_group', 'target-group-app');
      expect([group.name, group.protocol, group.port]).toEqual(['tomcat-tg', 'HTTPS', 8080]);
      expect(group.health_check).toEqual(expect.objectContaining({ protocol: 'HTTPS', interval: 30, timeout: 10, healthy_threshold: 5, unhealthy_threshold: 2, path: '/erp/health' }));
      const defaults = resourceAt(fresh, 'aws_lb_target_group', 'target-group-app');
      expect([defaults.name, defaults.protocol]).toEqual(['erp-test-app', 'HTTP']);
      expect(defaults.health_check).toEqual(expect.objectContaining({ protocol: 'HTTP', interval: 15, timeout: 5, healthy_threshold: 2, unhealthy_threshold: 3 }));
    });

    it("the instances' security group: name and description", () => {
      const group = resourceAt(stack, 'aws_security_group', 'app/security-group');
      expect([group.name, group.description]).toEqual(['erp-app-sg', 'Tomcat servers']);
      expect(all(stack, 'aws_instance').map((i) => i.vpc_security_group_ids)).toEqual([[ref(stack, 'aws_security_group', 'app/security-group', 'id')], [ref(stack, 'aws_security_group', 'app/security-group', 'id')]]);
    });

    it('database: identifier, engine, version, class, storage, user, subnet and parameter group, security group', () => {
      const db: Json = resourceAt(stack, 'aws_db_instance', 'database/instance');
      expect(db).toEqual(
        expect.objectContaining({
          identifier: 'erp-db',
          engine: 'postgres',
          engine_version: '15.4',
          instance_class: 'db.r6g.large',
          allocated_storage: 200,
          storage_type: 'gp2',
          username: 'erpadmin',
          db_name: 'erp',
          final_snapshot_identifier: 'erp-db-final',
        }),
      );
      expect(db.tags.Name).toBe('erp-db');
      expect(resourceAt(stack, 'aws_db_subnet_group', 'database/subnet-group').name).toBe('erp-db-subnets');
      const parameters = resourceAt(stack, 'aws_db_parameter_group', 'database/parameter-group');
      expect([parameters.name, parameters.family]).toEqual(['erp-db-params', 'postgres15']);
      const group = resourceAt(stack, 'aws_security_group', 'database/security-group');
      expect([group.name, group.description]).toEqual(['erp-db-sg', 'ERP database']);
      // Alarms watch the adopted identifier.
      expect(resourceAt(stack, 'aws_cloudwatch_metric_alarm', 'database/cpu-alarm').dimensions).toEqual({ DBInstanceIdentifier: 'erp-db' });
    });

    it('a new database keeps its derived names and gp3', () => {
      const db = resourceAt(fresh, 'aws_db_instance', 'database/instance');
      expect([db.identifier, db.storage_type]).toEqual(['erp-test-db', 'gp3']);
      expect(resourceAt(fresh, 'aws_db_subnet_group', 'database/subnet-group').name).toBe('erp-test-db');
      expect(resourceAt(fresh, 'aws_db_parameter_group', 'database/parameter-group').name).toBe('erp-test-db-pg16');
      expect(resourceAt(fresh, 'aws_security_group', 'database/security-group').name).toBe('erp-test-db');
    });
  });

  it('passes terraform validate with the real provider', () => {
    expect(terraformValidate(synth.stackDirs['erp-production'])).toEqual(CLEAN);
  });

  it('keeps construct paths (and so Terraform addresses) of the default layout', () => {
    const [fromList] = entryAt(stack, 'aws_instance', 'instance-eu-central-1a-1/instance');
    const [fromDefault] = entryAt(fresh, 'aws_instance', 'instance-eu-central-1a-1/instance');
    expect(fromList).toBe(fromDefault);
  });
});
