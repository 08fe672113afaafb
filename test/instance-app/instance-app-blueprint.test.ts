/**
 * The instance-app blueprint's synthesized Terraform, property by property, in both tiers: landing-zone
 * network used not created, hardened never-replaced instances, load balancer, database, backup,
 * patching and monitoring. A third environment exercises the optional paths (tag lookup, AMI lookup,
 * MySQL, data volume, stickiness, Ubuntu patching).
 */
import { loadEnvironments } from '../../config/load-environments';
import { formatOverrideWarning } from '../../config/tier-defaults';
import { REPLACEMENT_DRIFT_IGNORED } from '../../blueprints/instance-app/app-instance';
import { all, entryAt, ref, resourceAt, resourcesOfType, synthEnvironments, TerraformJson, writeEnvironments } from '../support/synth-stack';
import { instanceAppConfig, withInstanceApp } from '../support/instance-app-config';

type Resource = Record<string, unknown>;


const variant = withInstanceApp(
  'test',
  {
    ami: { owner: '333333333333', namePattern: 'hardened-ubuntu-*' },
    operatingSystem: 'UBUNTU',
    instancesPerAz: 2,
    appPort: 8443,
    stickinessSeconds: 600,
    dataVolume: { sizeGiB: 100, mountPath: '/srv/erp' },
    logFiles: [{ path: '/srv/erp/logs/catalina.out', name: 'catalina' }],
    userData: '#!/bin/bash\necho first boot\n',
  },
  {
    app: 'erp2',
    environment: 'lookup',
    network: {
      lookup: {
        vpcTags: { Name: 'landing-zone' },
        privateSubnetTags: { Tier: 'private' },
        publicSubnetTags: { Tier: 'public' },
        availabilityZones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'],
      },
    },
    database: { engine: 'mysql', engineVersion: '8.0' },
  },
);

describe('instance-app blueprint', () => {
  const synth = synthEnvironments({
    'erp/test': instanceAppConfig('test'),
    'erp/production': instanceAppConfig('production'),
    'erp2/lookup': variant,
  });
  const test = synth.stacks['erp-test'];
  const production = synth.stacks['erp-production'];
  const lookup = synth.stacks['erp2-lookup'];
  const tiers: [string, TerraformJson][] = [
    ['test', test],
    ['production', production],
  ];

  describe('landing-zone network', () => {
    it.each([...tiers, ['lookup', lookup] as [string, TerraformJson]])('%s creates no VPC, subnet, gateway or route', (_, stack) => {
      for (const type of ['aws_vpc', 'aws_subnet', 'aws_internet_gateway', 'aws_nat_gateway', 'aws_route_table', 'aws_route']) {
        expect(resourcesOfType(stack, type)).toEqual({});
      }
    });

    it('places one instance per AZ in the configured private subnets, by ID', () => {
      const subnets = all(test, 'aws_instance').map((i) => i.subnet_id).sort();
      expect(subnets).toEqual(['subnet-00000000000000001', 'subnet-00000000000000002']);
      expect(resourceAt(test, 'aws_security_group', 'app/security-group').vpc_id).toBe('vpc-0123456789abcdef0');
      expect(resourceAt(test, 'aws_lb', 'load-balancer/alb').subnets).toEqual(['subnet-00000000000000011', 'subnet-00000000000000012']);
    });

    it('looks the VPC and one subnet per zone up by tag when configured so', () => {
      const vpc = entryAt(lookup, 'aws_vpc', 'network/vpc', 'data')[1];
      expect(vpc.tags).toEqual({ Name: 'landing-zone' });
      for (const zone of ['a', 'b', 'c']) {
        const subnet = entryAt(lookup, 'aws_subnet', `network/private-eu-central-1${zone}`, 'data')[1];
        expect(subnet).toMatchObject({ availability_zone: `eu-central-1${zone}`, tags: { Tier: 'private' }, vpc_id: ref(lookup, 'aws_vpc', 'network/vpc', 'id', 'data') });
        const instance = resourceAt(lookup, 'aws_instance', `instance-eu-central-1${zone}-1/`);
        expect(instance.subnet_id).toBe(ref(lookup, 'aws_subnet', `network/private-eu-central-1${zone}`, 'id', 'data'));
      }
      expect(resourceAt(lookup, 'aws_lb', 'load-balancer/alb').subnets).toEqual(
        ['a', 'b', 'c'].map((z) => ref(lookup, 'aws_subnet', `network/public-eu-central-1${z}`, 'id', 'data')),
      );
    });
  });

  describe('EC2 instances', () => {
    it('runs instancesPerAz instances in every zone', () => {
      expect(all(test, 'aws_instance')).toHaveLength(2);
      expect(all(lookup, 'aws_instance')).toHaveLength(6);
      expect(all(lookup, 'aws_instance').map((i) => (i.tags as Record<string, string>).Name).sort()).toEqual(
        ['a1', 'a2', 'b1', 'b2', 'c1', 'c2'].map((n) => `erp2-lookup-app-${n}`),
      );
    });

    it.each(tiers)('%s: hardened (IMDSv2 hop 1, encrypted EBS with the app key, detailed monitoring, EBS-optimized, no public IP, no key pair)', (_, stack) => {
      const kmsKey = ref(stack, 'aws_kms_key', 'kms/key', 'arn');
      for (const instance of all(stack, 'aws_instance')) {
        expect(instance.metadata_options).toEqual({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1, instance_metadata_tags: 'disabled' });
        expect(instance.root_block_device).toMatchObject({ encrypted: true, kms_key_id: kmsKey, volume_type: 'gp3', volume_size: 30 });
        expect(instance).toMatchObject({ monitoring: true, ebs_optimized: true, associate_public_ip_address: false });
        expect(instance).not.toHaveProperty('key_name');
        expect(instance.iam_instance_profile).toBe(ref(stack, 'aws_iam_instance_profile', 'instance-role/profile', 'name'));
      }
    });

    it('uses the tiered instance type', () => {
      expect(all(test, 'aws_instance').map((i) => i.instance_type)).toEqual(['t3.medium', 't3.medium']);
      expect(all(production, 'aws_instance').map((i) => i.instance_type)).toEqual(['m6i.large', 'm6i.large']);
    });

    it('takes the AMI by ID, or from a lookup by owner and name pattern that the instance ignores after creation', () => {
      expect(all(test, 'aws_instance').every((i) => i.ami === 'ami-0123456789abcdef0')).toBe(true);
      const ami = entryAt(lookup, 'aws_ami', 'app/ami', 'data')[1];
      expect(ami).toMatchObject({ most_recent: true, owners: ['333333333333'] });
      expect(ami.filter).toEqual(expect.arrayContaining([{ name: 'name', values: ['hardened-ubuntu-*'] }]));
      for (const instance of all(lookup, 'aws_instance')) {
        expect(instance.ami).toBe(ref(lookup, 'aws_ami', 'app/ami', 'id', 'data'));
        expect((instance.lifecycle as { ignore_changes: string[] }).ignore_changes).toContain('ami');
      }
    });

    it.each(tiers)('%s: is never replaced by drift (ignore_changes on AMI, user data and other replace-forcing arguments)', (_, stack) => {
      for (const instance of all(stack, 'aws_instance')) {
        const ignored = (instance.lifecycle as { ignore_changes: string[] }).ignore_changes;
        expect(ignored).toEqual(REPLACEMENT_DRIFT_IGNORED);
        expect(ignored).toEqual(expect.arrayContaining(['ami', 'user_data', 'user_data_base64', 'subnet_id', 'root_block_device[0].kms_key_id']));
      }
    });

    it('protects production instances (prevent_destroy, termination and stop protection) and not test ones', () => {
      for (const instance of all(production, 'aws_instance')) {
        expect(instance).toMatchObject({ disable_api_termination: true, disable_api_stop: true, lifecycle: { prevent_destroy: true } });
      }
      for (const instance of all(test, 'aws_instance')) {
        expect(instance).toMatchObject({ disable_api_termination: false, disable_api_stop: false, lifecycle: { prevent_destroy: false } });
      }
    });

    it.each(tiers)('%s: recovers in place: auto-recovery plus a StatusCheckFailed_System alarm with the EC2 recover action', (_, stack) => {
      const topic = ref(stack, 'aws_sns_topic', 'alarms/topic', 'arn');
      for (const [zone] of [['a'], ['b']]) {
        const instance = `instance-eu-central-1${zone}-1/`;
        expect(resourceAt(stack, 'aws_instance', instance).maintenance_options).toEqual({ auto_recovery: 'default' });
        const alarm = resourceAt(stack, 'aws_cloudwatch_metric_alarm', `${instance}system-check-alarm`);
        expect(alarm).toMatchObject({
          namespace: 'AWS/EC2',
          metric_name: 'StatusCheckFailed_System',
          dimensions: { InstanceId: ref(stack, 'aws_instance', `${instance}instance`, 'id') },
          comparison_operator: 'GreaterThanOrEqualToThreshold',
          threshold: 1,
        });
        expect(alarm.alarm_actions).toEqual([topic, 'arn:aws:automate:eu-central-1:ec2:recover']);
      }
    });

    it('passes user data at first boot and attaches an encrypted data volume, both kept across changes', () => {
      const instance = resourceAt(lookup, 'aws_instance', 'instance-eu-central-1a-1/');
      expect(instance.user_data).toBe('#!/bin/bash\necho first boot\n');
      const volume = resourceAt(lookup, 'aws_ebs_volume', 'instance-eu-central-1a-1/data-volume');
      expect(volume).toMatchObject({ availability_zone: 'eu-central-1a', size: 100, type: 'gp3', encrypted: true, kms_key_id: ref(lookup, 'aws_kms_key', 'kms/key', 'arn') });
      // Backed up on its own as well as with its instance; patching concerns instances only.
      expect(volume.tags).toEqual({ BackupPlan: 'erp2-lookup-backup', Name: 'erp2-lookup-app-a1-data' });
      expect(resourceAt(lookup, 'aws_volume_attachment', 'instance-eu-central-1a-1/data-volume-attachment')).toMatchObject({
        device_name: '/dev/sdf',
        instance_id: ref(lookup, 'aws_instance', 'instance-eu-central-1a-1/instance', 'id'),
        stop_instance_before_detaching: true,
      });
    });

    it('lets only the load balancer in, on the app port; no SSH, no public ingress', () => {
      const appGroup = ref(test, 'aws_security_group', 'app/security-group', 'id');
      const albGroup = ref(test, 'aws_security_group', 'load-balancer/security-group', 'id');
      const intoApp = all(test, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === appGroup);
      expect(intoApp).toEqual([expect.objectContaining({ referenced_security_group_id: albGroup, from_port: 8080, to_port: 8080, ip_protocol: 'tcp' })]);
      const open = all(test, 'aws_vpc_security_group_ingress_rule').filter((r) => r.cidr_ipv4 === '0.0.0.0/0');
      expect(open.every((r) => r.security_group_id === albGroup)).toBe(true);
      expect(all(test, 'aws_vpc_security_group_ingress_rule').some((r) => r.from_port === 22)).toBe(false);
    });

    it('gives the instance profile customer-managed policies for SSM, the CloudWatch agent and the app configuration', () => {
      const role = ref(test, 'aws_iam_role', 'instance-role/role', 'name');
      const attachments = all(test, 'aws_iam_role_policy_attachment').filter((a) => a.role === role);
      expect(attachments.map((a) => a.policy_arn).sort()).toEqual(
        ['app-configuration', 'cloudwatch-agent', 'ssm-agent'].map((p) => ref(test, 'aws_iam_policy', `instance-role/${p}-policy`, 'arn')).sort(),
      );
      expect(attachments.every((a) => !String(a.policy_arn).startsWith('arn:aws:iam::aws:'))).toBe(true);
      const ssm = entryAt(test, 'aws_iam_policy_document', 'instance-role/ssm-agent-policy-document', 'data')[1];
      const actions = (ssm.statement as { actions: string[] }[]).flatMap((s) => s.actions);
      expect(actions).toEqual(expect.arrayContaining(['ssm:UpdateInstanceInformation', 'ssmmessages:OpenDataChannel', 'ec2messages:GetMessages', 'ssm:GetDeployablePatchSnapshotForInstance']));
      const agent = entryAt(test, 'aws_iam_policy_document', 'instance-role/cloudwatch-agent-policy-document', 'data')[1];
      expect(agent.statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ actions: ['cloudwatch:PutMetricData'], condition: [{ test: 'StringEquals', variable: 'cloudwatch:namespace', values: ['CWAgent'] }] }),
          expect.objectContaining({ actions: ['ssm:GetParameter'], resources: ['arn:aws:ssm:eu-central-1:123456789012:parameter/erp/test/cloudwatch-agent/config'] }),
        ]),
      );
    });
  });

  describe('load balancer', () => {
    it.each(tiers)('%s: HTTPS with the certificate and an HTTP redirect, forwarding to an instance target group', (_, stack) => {
      expect(resourceAt(stack, 'aws_lb_listener', 'load-balancer/https')).toMatchObject({ port: 443, protocol: 'HTTPS', certificate_arn: 'arn:aws:acm:eu-central-1:123456789012:certificate/abc' });
      expect(resourceAt(stack, 'aws_lb_listener', 'load-balancer/http-redirect').default_action).toEqual([
        { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } },
      ]);
      const group = resourceAt(stack, 'aws_lb_target_group', 'target-group-app');
      expect(group).toMatchObject({ target_type: 'instance', port: 8080, health_check: { path: '/erp/health', matcher: '200-399' }, stickiness: { enabled: false } });
      const rule = resourceAt(stack, 'aws_lb_listener_rule', 'rule-app');
      expect(rule.action).toEqual([{ type: 'forward', target_group_arn: ref(stack, 'aws_lb_target_group', 'target-group-app', 'arn') }]);
      expect(rule.condition).toEqual([{ path_pattern: { values: ['/*'] } }]);
    });

    it('registers every instance on the app port', () => {
      const attachments = all(lookup, 'aws_lb_target_group_attachment');
      expect(attachments).toHaveLength(6);
      const instances = Object.keys(resourcesOfType(lookup, 'aws_instance')).map((id) => `\${aws_instance.${id}.id}`).sort();
      expect(attachments.map((a) => a.target_id).sort()).toEqual(instances);
      expect(attachments.every((a) => a.port === 8443)).toBe(true);
    });

    it('turns on cookie stickiness when configured', () => {
      expect(resourceAt(lookup, 'aws_lb_target_group', 'target-group-app').stickiness).toEqual({ type: 'lb_cookie', enabled: true, cookie_duration: 600 });
    });
  });

  describe('database', () => {
    it('is PostgreSQL by default, from the shared block, reachable only from the instances', () => {
      const db = resourceAt(test, 'aws_db_instance', 'database/instance');
      expect(db).toMatchObject({ engine: 'postgres', engine_version: '16', storage_encrypted: true, publicly_accessible: false, port: 5432 });
      const dbGroup = ref(test, 'aws_security_group', 'database/security-group', 'id');
      const intoDb = all(test, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === dbGroup);
      expect(intoDb).toEqual([expect.objectContaining({ referenced_security_group_id: ref(test, 'aws_security_group', 'app/security-group', 'id'), from_port: 5432 })]);
    });

    it('is MySQL with TLS enforced when configured', () => {
      const db = resourceAt(lookup, 'aws_db_instance', 'database/instance');
      expect(db).toMatchObject({ engine: 'mysql', engine_version: '8.0', port: 3306, enabled_cloudwatch_logs_exports: ['error', 'slowquery'] });
      const params = resourceAt(lookup, 'aws_db_parameter_group', 'database/parameter-group');
      expect(params.family).toBe('mysql8.0');
      expect(params.parameter).toEqual(expect.arrayContaining([{ name: 'require_secure_transport', value: '1' }]));
    });

    it('is protected in production and not in test', () => {
      expect(resourceAt(production, 'aws_db_instance', 'database/instance')).toMatchObject({ multi_az: true, deletion_protection: true, lifecycle: { prevent_destroy: true } });
      expect(resourceAt(test, 'aws_db_instance', 'database/instance')).toMatchObject({ multi_az: false, deletion_protection: false, lifecycle: { prevent_destroy: false } });
    });
  });

  describe('AWS Backup', () => {
    it.each(tiers)('%s: a vault encrypted with the app key, and a selection by tag covering instances, volumes and the database', (_, stack) => {
      const vault = resourceAt(stack, 'aws_backup_vault', 'backup/vault');
      expect(vault.kms_key_arn).toBe(ref(stack, 'aws_kms_key', 'kms/key', 'arn'));
      const selection = resourceAt(stack, 'aws_backup_selection', 'backup/selection');
      expect(selection.resources).toEqual([
        'arn:aws:ec2:eu-central-1:123456789012:instance/*',
        'arn:aws:ec2:eu-central-1:123456789012:volume/*',
        'arn:aws:rds:eu-central-1:123456789012:db:*',
      ]);
      const tagValue = `erp-${stack === test ? 'test' : 'production'}-backup`;
      expect(selection.condition).toEqual([{ string_equals: [{ key: 'aws:ResourceTag/BackupPlan', value: tagValue }] }]);
      for (const instance of all(stack, 'aws_instance')) expect((instance.tags as Record<string, string>).BackupPlan).toBe(tagValue);
      expect((resourceAt(stack, 'aws_db_instance', 'database/instance').tags as Record<string, string>).BackupPlan).toBe(tagValue);
    });

    it('keeps daily backups in test, and daily, weekly and monthly ones in production', () => {
      const rules = (stack: TerraformJson) =>
        (resourceAt(stack, 'aws_backup_plan', 'backup/plan').rule as { rule_name: string; lifecycle: { delete_after: number } }[]).map((r) => [r.rule_name, r.lifecycle.delete_after]);
      expect(rules(test)).toEqual([['daily', 7]]);
      expect(rules(production)).toEqual([
        ['daily', 35],
        ['weekly', 90],
        ['monthly', 365],
      ]);
    });

    it('takes retention from config', () => {
      const dir = writeEnvironments({ env: instanceAppConfig('test', { backup: { dailyRetentionDays: 14, weeklyRetentionDays: 60 } }) });
      const [loaded] = loadEnvironments(dir);
      expect(loaded.environment).toMatchObject({ backup: { dailyRetentionDays: 14, weeklyRetentionDays: 60, monthlyRetentionDays: 0 } });
    });

    it('protects the production vault: prevent_destroy and a policy that lets recovery points only expire', () => {
      expect(resourceAt(production, 'aws_backup_vault', 'backup/vault')).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
      expect(resourceAt(production, 'aws_backup_vault_policy', 'backup/vault-policy')).toBeDefined();
      expect(resourcesOfType(test, 'aws_backup_vault_policy')).toEqual({});
    });
  });

  describe('Systems Manager patching', () => {
    it.each(tiers)('%s: a baseline for the OS, the patch group on every instance, AWS-RunPatchBaseline one instance at a time', (_, stack) => {
      const baseline = resourceAt(stack, 'aws_ssm_patch_baseline', 'patching/baseline');
      expect(baseline).toMatchObject({ operating_system: 'AMAZON_LINUX_2023' });
      expect(baseline.approval_rule).toEqual([expect.objectContaining({ approve_after_days: 7, patch_filter: [{ key: 'CLASSIFICATION', values: ['Security', 'Bugfix'] }] })]);
      const group = resourceAt(stack, 'aws_ssm_patch_group', 'patching/group');
      expect(group.baseline_id).toBe(ref(stack, 'aws_ssm_patch_baseline', 'patching/baseline', 'id'));
      for (const instance of all(stack, 'aws_instance')) expect((instance.tags as Record<string, string>).PatchGroup).toBe(group.patch_group);
      expect(resourceAt(stack, 'aws_ssm_maintenance_window_target', 'patching/window-target').targets).toEqual([{ key: 'tag:PatchGroup', values: [group.patch_group] }]);
      const task = resourceAt(stack, 'aws_ssm_maintenance_window_task', 'patching/install');
      expect(task).toMatchObject({ task_type: 'RUN_COMMAND', task_arn: 'AWS-RunPatchBaseline', max_concurrency: '1', max_errors: '0' });
      expect(JSON.stringify(task.task_invocation_parameters)).toContain('"values":["Install"]');
    });

    it('patches test days before production', () => {
      expect(resourceAt(test, 'aws_ssm_maintenance_window', 'patching/window').schedule).toBe('cron(0 3 ? * TUE *)');
      expect(resourceAt(production, 'aws_ssm_maintenance_window', 'patching/window').schedule).toBe('cron(0 3 ? * SAT *)');
    });

    it('uses the OS from config, without an approval delay where the OS has no release dates', () => {
      const baseline = resourceAt(lookup, 'aws_ssm_patch_baseline', 'patching/baseline');
      expect(baseline.operating_system).toBe('UBUNTU');
      expect((baseline.approval_rule as Resource[])[0]).not.toHaveProperty('approve_after_days');
    });
  });

  describe('monitoring', () => {
    it.each(tiers)('%s: stores the CloudWatch agent configuration in Parameter Store (encrypted) and applies it with State Manager', (_, stack) => {
      const parameter = resourceAt(stack, 'aws_ssm_parameter', 'cloudwatch-agent/config');
      expect(parameter).toMatchObject({ type: 'SecureString', key_id: ref(stack, 'aws_kms_key', 'kms/key', 'arn') });
      const config = JSON.parse(String(parameter.value).replace(/\$\$\{/g, '${'));
      expect(config.metrics.metrics_collected.mem.measurement).toEqual(['used_percent']);
      expect(config.metrics.metrics_collected.disk.resources).toEqual(['/']);
      expect(config.metrics.append_dimensions).toEqual({ InstanceId: '${aws:InstanceId}' });
      const configure = resourceAt(stack, 'aws_ssm_association', 'cloudwatch-agent/configure');
      expect(configure).toMatchObject({ name: 'AmazonCloudWatch-ManageAgent', parameters: { optionalConfigurationSource: 'ssm', optionalConfigurationLocation: ref(stack, 'aws_ssm_parameter', 'cloudwatch-agent/config', 'name') } });
      expect(resourceAt(stack, 'aws_ssm_association', 'cloudwatch-agent/install').parameters).toEqual({ action: 'Install', name: 'AmazonCloudWatchAgent' });
    });

    it('ships configured log files and measures the data volume', () => {
      const config = JSON.parse(String(resourceAt(lookup, 'aws_ssm_parameter', 'cloudwatch-agent/config').value).replace(/\$\$\{/g, '${'));
      expect(config.metrics.metrics_collected.disk.resources).toEqual(['/', '/srv/erp']);
      expect(config.logs.logs_collected.files.collect_list).toEqual([
        { file_path: '/srv/erp/logs/catalina.out', log_group_name: '/erp2/lookup/instances', log_stream_name: '{instance_id}/catalina' },
      ]);
    });

    it.each(tiers)('%s: alarms on status checks, CPU, memory, disk, the ALB and RDS, all to the encrypted topic', (_, stack) => {
      const alarms = all(stack, 'aws_cloudwatch_metric_alarm');
      const metrics = new Set(alarms.map((a) => `${a.namespace}/${a.metric_name}`));
      for (const m of [
        'AWS/EC2/StatusCheckFailed_System',
        'AWS/EC2/StatusCheckFailed_Instance',
        'AWS/EC2/CPUUtilization',
        'CWAgent/mem_used_percent',
        'CWAgent/disk_used_percent',
        'AWS/ApplicationELB/HTTPCode_ELB_5XX_Count',
        'AWS/ApplicationELB/UnHealthyHostCount',
        'AWS/RDS/CPUUtilization',
        'AWS/RDS/FreeStorageSpace',
        'AWS/Backup/NumberOfBackupJobsFailed',
      ]) {
        expect(metrics).toContain(m);
      }
      const topic = ref(stack, 'aws_sns_topic', 'alarms/topic', 'arn');
      for (const alarm of alarms) expect((alarm.alarm_actions as string[])[0]).toBe(topic);
      const disk = alarms.find((a) => a.metric_name === 'disk_used_percent')!;
      expect(disk.dimensions).toEqual({ InstanceId: expect.stringMatching(/^\$\{aws_instance\./), path: '/' });
      expect(resourceAt(stack, 'aws_sns_topic', 'alarms/topic').kms_master_key_id).toBe(ref(stack, 'aws_kms_key', 'kms/key', 'arn'));
      expect(resourceAt(stack, 'aws_sns_topic_subscription', 'alarms/opsgenie')).toMatchObject({ protocol: 'https' });
    });
  });

  it('warns when production weakens a secure instance default', () => {
    const dir = writeEnvironments({ env: withInstanceApp('production', { terminationProtection: false, preventDestroy: false }) });
    const [loaded] = loadEnvironments(dir);
    expect(loaded.overrides.map(formatOverrideWarning)).toEqual([
      expect.stringMatching(/instanceApp\.terminationProtection = false weakens the production default \(true\)/),
      expect.stringMatching(/instanceApp\.preventDestroy = false weakens the production default \(true\)/),
    ]);
  });

  it('synthesizes the same JSON twice', () => {
    const again = synthEnvironments({ 'erp/test': instanceAppConfig('test') });
    expect(again.stacks['erp-test']).toEqual(test);
  });
});
