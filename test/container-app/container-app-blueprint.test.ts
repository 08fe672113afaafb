/** Properties of the container-app blueprint that matter, asserted on the synthesized JSON of both tiers. */
import { containerAppConfig } from '../support/container-app-config';
import { Json, only, ref, resourceAt, resourcesOfType, synthEnvironments, TerraformJson } from '../support/synth-stack';

const docsService = {
  name: 'docs',
  image: 'wordpress:6.6-apache',
  containerPort: 8080,
  healthCheckPath: '/wp-login.php',
  routing: { priority: 20, hostHeaders: ['docs.shop.example.com'], pathPatterns: ['/docs/*'] },
  writablePaths: ['/var/www/html', '/tmp'],
  usesDatabase: false,
};

function withDocs(config: Json): Json {
  return { ...config, containerApp: { services: [...config.containerApp.services, docsService] } };
}

const synth = synthEnvironments({
  'shop/test': withDocs(containerAppConfig('test')),
  'shop/production': withDocs(containerAppConfig('production', { backend: { s3: { bucket: 'shop-state-123456789012' } } })),
});
const test = synth.stacks['shop-test'];
const production = synth.stacks['shop-production'];
const tiers: [string, TerraformJson][] = [
  ['test', test],
  ['production', production],
];

const containerDefinitions = (stack: TerraformJson, service: string): Json[] =>
  JSON.parse(resourceAt(stack, 'aws_ecs_task_definition', `service-${service}/`).container_definitions as string);
const policyStatements = (stack: TerraformJson, pathPart: string): Json[] => {
  const docs = stack.data?.aws_iam_policy_document ?? {};
  const doc = Object.values(docs).find((d) => (d as Json)['//'].metadata.path.includes(pathPart));
  if (!doc) throw new Error(`no policy document at ${pathPart}`);
  return (doc as Json).statement;
};

describe.each(tiers)('container app, %s tier', (tier, stack) => {
  const production = tier === 'production';

  it('runs an ECS cluster with Container Insights', () => {
    expect(only(stack, 'aws_ecs_cluster').setting).toEqual([{ name: 'containerInsights', value: 'enabled' }]);
  });

  it('deploys each service with zero-downtime rolling updates and rollback', () => {
    for (const name of ['web', 'docs']) {
      const service = resourceAt(stack, 'aws_ecs_service', `service-${name}/`) as Json;
      expect(service.deployment_minimum_healthy_percent).toBe(100);
      expect(service.deployment_maximum_percent).toBe(200);
      expect(service.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
      expect(service.health_check_grace_period_seconds).toBe(60);
      expect(service.desired_count).toBe(production ? 2 : 1);
      expect(service.launch_type).toBe('FARGATE');
      expect(service.platform_version).toBe('LATEST');
      expect(service.network_configuration.assign_public_ip).toBe(false);
      expect(service.network_configuration.subnets).toEqual(['subnet-00000000000000001', 'subnet-00000000000000002']);
      expect(service.load_balancer[0].container_name).toBe(name);
      expect(service.lifecycle.ignore_changes).toEqual(['desired_count']);
    }
  });

  it('scales on CPU between tiered bounds', () => {
    const target = resourceAt(stack, 'aws_appautoscaling_target', 'service-web/') as Json;
    expect([target.min_capacity, target.max_capacity]).toEqual(production ? [2, 6] : [1, 2]);
    const policy = resourceAt(stack, 'aws_appautoscaling_policy', 'service-web/') as Json;
    expect(policy.target_tracking_scaling_policy_configuration.predefined_metric_specification.predefined_metric_type).toBe('ECSServiceAverageCPUUtilization');
  });

  it('hardens the task: read-only root, writable volumes, separate roles, KMS-encrypted logs', () => {
    const task = resourceAt(stack, 'aws_ecs_task_definition', 'service-docs/') as Json;
    const [container] = containerDefinitions(stack, 'docs');
    expect(container.readonlyRootFilesystem).toBe(true);
    expect(container.mountPoints.map((m: Json) => m.containerPath)).toEqual(['/var/www/html', '/tmp']);
    expect(task.volume.map((v: Json) => v.name)).toEqual(['writable-0', 'writable-1']);
    expect(task.execution_role_arn).not.toEqual(task.task_role_arn);
    expect(task.cpu).toBe(production ? '512' : '256');
    expect(container.logConfiguration.logDriver).toBe('awslogs');
    const logGroup = resourceAt(stack, 'aws_cloudwatch_log_group', 'service-docs/') as Json;
    expect(logGroup.kms_key_id).toBe(ref(stack, 'aws_kms_key', 'kms/key', 'arn'));
    expect(logGroup.retention_in_days).toBe(production ? 365 : 30);
    expect(logGroup.name).toBe(`/shop/${tier}/ecs/docs`);
  });

  it('injects secrets as SSM and Secrets Manager references, never values', () => {
    const [container] = containerDefinitions(stack, 'web');
    const secrets = Object.fromEntries(container.secrets.map((s: Json) => [s.name, s.valueFrom]));
    expect(secrets.SECRET_KEY_BASE).toBe('arn:aws:ssm:eu-central-1:123456789012:parameter/shop/test/secret_key_base');
    expect(secrets.DATABASE_PASSWORD).toMatch(/master_user_secret\[0\]\.secret_arn\}:password::$/);
    expect(secrets.DATABASE_HOST).toBe(`arn:aws:ssm:eu-central-1:123456789012:parameter/shop/${tier}/database/host`);
    expect(container.environment.map((e: Json) => e.name)).not.toContain('DATABASE_PASSWORD');
    expect(containerDefinitions(stack, 'docs')[0].secrets).toEqual([]);
    // The execution role reads exactly these parameters and the one database secret.
    const statements = policyStatements(stack, 'service-web/execution-policy-document');
    const byId = Object.fromEntries(statements.map((s) => [s.sid, s]));
    expect(byId.ReadTaskParameters.resources).toEqual(
      ['database/host', 'database/name', 'database/port'].map((p) => `arn:aws:ssm:eu-central-1:123456789012:parameter/shop/${tier}/${p}`).concat('arn:aws:ssm:eu-central-1:123456789012:parameter/shop/test/secret_key_base').sort(),
    );
    expect(byId.ReadDatabaseCredentials.resources).toHaveLength(1);
    const wildcards = statements.filter((s) => s.resources.includes('*'));
    expect(wildcards.map((s) => s.actions)).toEqual([['ecr:GetAuthorizationToken']]);
  });

  it('lets only the load balancer reach the tasks, and only the tasks reach the database', () => {
    const ingress = Object.values(resourcesOfType(stack, 'aws_vpc_security_group_ingress_rule')) as Json[];
    const albSg = ref(stack, 'aws_security_group', 'load-balancer/security-group', 'id');
    const open = ingress.filter((r) => r.cidr_ipv4 === '0.0.0.0/0');
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((r) => r.security_group_id === albSg && [80, 443].includes(r.from_port))).toBe(true);
    for (const name of ['web', 'docs']) {
      const taskSg = ref(stack, 'aws_security_group', `service-${name}/security-group`, 'id');
      const toTasks = ingress.filter((r) => r.security_group_id === taskSg);
      expect(toTasks).toHaveLength(1);
      expect(toTasks[0].referenced_security_group_id).toBe(albSg);
    }
    const dbSg = ref(stack, 'aws_security_group', 'database/security-group', 'id');
    const toDb = ingress.filter((r) => r.security_group_id === dbSg);
    expect(toDb.map((r) => r.referenced_security_group_id)).toEqual([ref(stack, 'aws_security_group', 'service-web/security-group', 'id')]);
    for (const sg of Object.values(resourcesOfType(stack, 'aws_security_group')) as Json[]) {
      expect(sg.ingress).toBeUndefined();
      expect(sg.egress).toBeUndefined();
      expect(sg.description.length).toBeGreaterThan(10);
    }
  });

  it('terminates TLS 1.2+ on the ALB and only redirects port 80', () => {
    const listeners = Object.values(resourcesOfType(stack, 'aws_lb_listener')) as Json[];
    const https = listeners.find((l) => l.port === 443)!;
    expect(https.protocol).toBe('HTTPS');
    expect(https.ssl_policy).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    expect(https.certificate_arn).toBe('arn:aws:acm:eu-central-1:123456789012:certificate/abc');
    const http = listeners.find((l) => l.port === 80)!;
    expect(http.default_action).toEqual([{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }]);
    expect(listeners).toHaveLength(2);
    const alb = only(stack, 'aws_lb');
    expect(alb.drop_invalid_header_fields).toBe(true);
    expect(alb.desync_mitigation_mode).toBe('defensive');
    expect(alb.enable_deletion_protection).toBe(production);
    expect(alb.internal).toBe(false);
    expect(alb.subnets).toEqual(['subnet-00000000000000011', 'subnet-00000000000000012']);
    expect(alb.access_logs.enabled).toBe(true);
    expect(Object.keys(resourcesOfType(stack, 'aws_wafv2_web_acl_association'))).toHaveLength(1);
  });

  it('routes hosts and paths to the services and health-checks their targets', () => {
    const rules = Object.values(resourcesOfType(stack, 'aws_lb_listener_rule')) as Json[];
    expect(rules.map((r) => r.priority).sort()).toEqual([10, 20]);
    const docsRule = rules.find((r) => r.priority === 20)!;
    expect(docsRule.condition).toEqual([{ host_header: { values: ['docs.shop.example.com'] } }, { path_pattern: { values: ['/docs/*'] } }]);
    const group = resourceAt(stack, 'aws_lb_target_group', 'target-group-docs') as Json;
    expect(group.target_type).toBe('ip');
    expect(group.health_check.path).toBe('/wp-login.php');
    expect(group.deregistration_delay).toBe('30');
  });

  it('writes access logs to a hardened bucket', () => {
    expect(only(stack, 'aws_s3_bucket_public_access_block')).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(only(stack, 'aws_s3_bucket_versioning').versioning_configuration.status).toBe('Enabled');
    const sse = only(stack, 'aws_s3_bucket_server_side_encryption_configuration');
    // ALB log delivery cannot write to SSE-KMS buckets.
    expect(sse.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe('AES256');
    const statements = policyStatements(stack, 'access-logs/policy-document');
    expect(statements[0]).toMatchObject({ sid: 'DenyInsecureTransport', effect: 'Deny' });
    expect(statements[1].principals[0].identifiers).toEqual(['arn:aws:iam::054676820949:root']);
    expect(only(stack, 'aws_s3_bucket_lifecycle_configuration').rule[0].expiration[0].days).toBe(production ? 365 : 30);
  });

  it('runs PostgreSQL encrypted, with RDS-managed credentials and tiered protection', () => {
    const db = only(stack, 'aws_db_instance');
    const key = ref(stack, 'aws_kms_key', 'kms/key', 'arn');
    expect(db).toMatchObject({
      engine: 'postgres',
      multi_az: production,
      storage_encrypted: true,
      kms_key_id: key,
      manage_master_user_password: true,
      master_user_secret_kms_key_id: key,
      deletion_protection: production,
      skip_final_snapshot: !production,
      backup_retention_period: production ? 30 : 7,
      performance_insights_enabled: true,
      performance_insights_kms_key_id: key,
      monitoring_interval: 60,
      enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'],
      publicly_accessible: false,
      copy_tags_to_snapshot: true,
    });
    expect(db.password).toBeUndefined();
    expect(db.lifecycle).toEqual({ prevent_destroy: production });
    const params = only(stack, 'aws_db_parameter_group').parameter as Json[];
    expect(params).toContainEqual({ name: 'rds.force_ssl', value: '1' });
    const published = (Object.values(resourcesOfType(stack, 'aws_ssm_parameter')) as Json[]).map((p) => [p.name, p.type, p.key_id]).sort();
    expect(published).toEqual(['host', 'name', 'port'].map((k) => [`/shop/${tier}/database/${k}`, 'SecureString', key]));
  });

  it('has one rotating customer-managed key with an explicit policy, used by ECR and SNS', () => {
    const key = only(stack, 'aws_kms_key');
    expect(key.enable_key_rotation).toBe(true);
    expect(key.policy).toMatch(/^\$\{data\.aws_iam_policy_document\./);
    expect(key.lifecycle).toEqual({ prevent_destroy: production });
    const keyArn = ref(stack, 'aws_kms_key', 'kms/key', 'arn');
    const ecr = only(stack, 'aws_ecr_repository');
    expect(ecr).toMatchObject({ image_tag_mutability: 'IMMUTABLE', image_scanning_configuration: { scan_on_push: true }, encryption_configuration: [{ encryption_type: 'KMS', kms_key: keyArn }] });
    expect(only(stack, 'aws_sns_topic').kms_master_key_id).toBe(keyArn);
  });

  it('alarms on what matters and notifies the encrypted topic', () => {
    const alarms = Object.values(resourcesOfType(stack, 'aws_cloudwatch_metric_alarm')) as Json[];
    const metrics = alarms.map((a) => `${a.namespace}/${a.metric_name}`).sort();
    for (const m of [
      'AWS/ApplicationELB/HTTPCode_ELB_5XX_Count',
      'AWS/ApplicationELB/UnHealthyHostCount',
      'AWS/ApplicationELB/TargetResponseTime',
      'AWS/ECS/CPUUtilization',
      'AWS/ECS/MemoryUtilization',
      'AWS/RDS/CPUUtilization',
      'AWS/RDS/FreeStorageSpace',
      'AWS/RDS/DatabaseConnections',
    ]) {
      expect(metrics).toContain(m);
    }
    const topic = ref(stack, 'aws_sns_topic', 'alarms/topic', 'arn');
    expect(alarms.every((a) => a.alarm_actions.includes(topic) && a.ok_actions.includes(topic))).toBe(true);
    expect(Object.keys(resourcesOfType(stack, 'aws_cloudwatch_dashboard'))).toHaveLength(1);
  });

  it('tags everything through the provider and pins the account', () => {
    const provider = (stack.provider!.aws as Json[])[0];
    expect(provider.region).toBe('eu-central-1');
    expect(provider.allowed_account_ids).toEqual(['123456789012']);
    expect(provider.default_tags[0].tags).toMatchObject({ App: 'shop', Environment: tier, Tier: tier, ManagedBy: 'cdktf-aws-blueprints' });
  });
});

describe('container app options', () => {
  it('keeps state locally without a backend, in S3 with a lock file and one key per stack with one', () => {
    expect((test.terraform as Json).backend).toEqual({ local: { path: 'terraform.shop-test.tfstate' } });
    expect((production.terraform as Json).backend.s3).toEqual({
      bucket: 'shop-state-123456789012',
      key: 'cdktf-aws-blueprints/shop-production.tfstate',
      region: 'eu-central-1',
      encrypt: true,
      use_lockfile: true,
    });
  });

  it('validates a new certificate by DNS in the given zone', () => {
    const { stacks } = synthEnvironments({
      env: containerAppConfig('test', {
        loadBalancer: { certificate: { domainName: 'shop.example.com', hostedZoneId: 'Z0123456789ABC' } },
        alerting: { opsgenieEndpointParameter: '/platform/opsgenie/url', emails: ['ops@example.com'] },
      }),
    });
    const stack = stacks['shop-test'];
    expect(only(stack, 'aws_acm_certificate')).toMatchObject({ domain_name: 'shop.example.com', validation_method: 'DNS' });
    const record = only(stack, 'aws_route53_record');
    expect(record.zone_id).toBe('Z0123456789ABC');
    // Keys known at plan time (from config), or a fresh apply fails with "Invalid for_each argument".
    expect(record.for_each).toBe('${toset(["shop.example.com"])}');
    const https = (Object.values(resourcesOfType(stack, 'aws_lb_listener')) as Json[]).find((l) => l.port === 443)!;
    expect(https.certificate_arn).toBe(ref(stack, 'aws_acm_certificate_validation', 'certificate-validation', 'certificate_arn'));
    // The Opsgenie URL carries an API key: it comes from SSM at plan time, never from config.
    const subs = Object.values(resourcesOfType(stack, 'aws_sns_topic_subscription')) as Json[];
    expect(subs.map((s) => s.protocol).sort()).toEqual(['email', 'https']);
    expect(subs.find((s) => s.protocol === 'https')!.endpoint).toMatch(/^\$\{data\.aws_ssm_parameter\..*\.value\}$/);
  });

  it('places an internal load balancer in the private subnets, open to the VPC only, without WAF', () => {
    const { stacks } = synthEnvironments({
      env: containerAppConfig('test', { loadBalancer: { scheme: 'internal', certificate: { arn: 'arn:aws:acm:eu-central-1:123456789012:certificate/abc' } } }),
    });
    const stack = stacks['shop-test'];
    const alb = only(stack, 'aws_lb');
    expect(alb.internal).toBe(true);
    expect(alb.subnets).toEqual(['subnet-00000000000000001', 'subnet-00000000000000002']);
    const cidrs = (Object.values(resourcesOfType(stack, 'aws_vpc_security_group_ingress_rule')) as Json[]).map((r) => r.cidr_ipv4).filter(Boolean);
    expect([...new Set(cidrs)]).toEqual(['10.0.0.0/16']);
    expect(resourcesOfType(stack, 'aws_wafv2_web_acl')).toEqual({});
  });

  it('points every service of the provider at an emulator for local test environments', () => {
    const { stacks } = synthEnvironments({ env: containerAppConfig('test', { emulation: { endpoint: 'http://127.0.0.1:4566' } }) });
    const provider = (stacks['shop-test'].provider!.aws as Json[])[0];
    expect(provider.endpoints[0].ecs).toBe('http://127.0.0.1:4566');
    expect(provider.endpoints[0].rds).toBe('http://127.0.0.1:4566');
    expect(provider).toMatchObject({ skip_credentials_validation: true, s3_use_path_style: true, max_retries: 2 });
    expect(provider.allowed_account_ids).toBeUndefined();
  });

  it('lets every tiered default be overridden', () => {
    const { stacks } = synthEnvironments({
      env: containerAppConfig('production', {
        database: { multiAz: false, backupRetentionDays: 14, instanceClass: 'db.r6g.large', preventDestroy: false },
        logs: { retentionDays: 90 },
      }),
    });
    const stack = stacks['shop-production'];
    expect(only(stack, 'aws_db_instance')).toMatchObject({ multi_az: false, backup_retention_period: 14, instance_class: 'db.r6g.large', lifecycle: { prevent_destroy: false } });
    expect(resourceAt(stack, 'aws_cloudwatch_log_group', 'service-web/logs').retention_in_days).toBe(90);
  });
});
