/**
 * More than one database and persistent volumes in the container app, on the reference tma
 * environments: Rails on the primary PostgreSQL, the WordPress docs site on its own MySQL with its
 * uploads on EFS. And the promise that came with it: the single `database` key works as before, with
 * every resource address and body unchanged (today's tma files and their synthesized output before
 * `databases` existed are checked in under test/fixtures/tma-before-databases/). The same promise with
 * the real Terraform (that output applied to the emulator, today's synth planned against its state: no
 * delete, no replace) is no-replacement.test.ts beside this file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments } from '../../config/load-environments';
import { formatOverrideWarning } from '../../config/tier-defaults';
import { expectConfigErrors, MalformedCase } from '../support/config-errors';
import { containerAppConfig } from '../support/container-app-config';
import { Json, ref, resourceAt, resourcesOfType, synthEnvironments, synthProjectEnvironments, TerraformJson, writeEnvironments } from '../support/synth-stack';

const BEFORE = path.join(__dirname, '..', 'fixtures', 'tma-before-databases');

const project = synthProjectEnvironments();
const tiers: [string, TerraformJson][] = [
  ['test', project.stacks['tma-test']],
  ['production', project.stacks['tma-production']],
];

const pathOf = (r: unknown) => (r as Json)['//'].metadata.path as string;
const statementsAt = (stack: TerraformJson, pathPart: string): Json[] => {
  const found = Object.values(stack.data?.aws_iam_policy_document ?? {}).filter((d) => pathOf(d).includes(pathPart));
  if (found.length !== 1) throw new Error(`expected one policy document at *${pathPart}*, found ${found.length}`);
  return (found[0] as Json).statement;
};
const containerOf = (stack: TerraformJson, service: string): Json =>
  JSON.parse(resourceAt(stack, 'aws_ecs_task_definition', `service-${service}/task-definition`).container_definitions as string)[0];
const addresses = (stack: TerraformJson, kind: 'resource' | 'data') =>
  Object.entries(stack[kind] ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));

describe('the single database key keeps every address and body', () => {
  it.each(['test', 'production'])('today’s tma %s file synthesizes byte-identical to its output before `databases` existed', (tier) => {
    const synth = synthEnvironments({ [`tma/${tier}`]: fs.readFileSync(path.join(BEFORE, `${tier}.yaml`), 'utf8') });
    const produced = fs.readFileSync(path.join(synth.stackDirs[`tma-${tier}`], 'cdk.tf.json'), 'utf8');
    expect(produced).toBe(fs.readFileSync(path.join(BEFORE, `tma-${tier}.cdk.tf.json`), 'utf8'));
  });

  it.each(tiers)('%s: the new tma keeps every address of the old one; only the docs service’s new revision, its grants and the dashboard change', (tier, stack) => {
    const before = JSON.parse(fs.readFileSync(path.join(BEFORE, `tma-${tier}.cdk.tf.json`), 'utf8')) as TerraformJson;
    for (const kind of ['resource', 'data'] as const) {
      expect(addresses(stack, kind)).toEqual(expect.arrayContaining(addresses(before, kind)));
    }
    const changed = (['resource', 'data'] as const).flatMap((kind) =>
      Object.entries(before[kind] ?? {}).flatMap(([type, byName]) =>
        Object.entries(byName)
          .filter(([name, body]) => JSON.stringify(stack[kind]![type][name]) !== JSON.stringify(body))
          .map(([name]) => `${kind === 'data' ? 'data.' : ''}${type}.${name}`),
      ),
    );
    // A task definition revision is immutable (each deploy makes a new one); the service moves to it in
    // place with the rolling deployment. Nothing stateful changes.
    expect(changed.sort()).toEqual(
      [
        'aws_cloudwatch_dashboard.app_dashboard_62509011',
        'aws_ecs_service.app_service-docs_service_32927D9D',
        'aws_ecs_task_definition.app_service-docs_task-definition_F02E08E3',
        'data.aws_iam_policy_document.app_service-docs_execution-policy-document_954B202A',
      ].sort(),
    );
  });
});

describe.each(tiers)('tma, %s tier: Rails on PostgreSQL, WordPress on MySQL with uploads on EFS', (tier, stack) => {
  const production = tier === 'production';
  const docsDb = (type: string) => resourceAt(stack, type, 'app/database-docs/');

  it('runs a second RDS instance, MySQL, named and published apart from the primary', () => {
    expect(Object.keys(resourcesOfType(stack, 'aws_db_instance'))).toHaveLength(2);
    expect(resourceAt(stack, 'aws_db_instance', 'app/database/instance')).toMatchObject({ identifier: `tma-${tier}-db`, engine: 'postgres' });
    expect(docsDb('aws_db_instance')).toMatchObject({
      identifier: `tma-${tier}-db-docs`,
      engine: 'mysql',
      engine_version: '8.0',
      db_name: 'wordpress',
      port: 3306,
      storage_encrypted: true,
      kms_key_id: ref(stack, 'aws_kms_key', 'app/kms/key', 'arn'),
      manage_master_user_password: true,
      multi_az: production,
      deletion_protection: production,
      lifecycle: { prevent_destroy: production },
    });
    expect(docsDb('aws_db_parameter_group')).toMatchObject({ name: `tma-${tier}-db-docs-mysql8-0`, family: 'mysql8.0' });
    expect(docsDb('aws_iam_role').name).toBe(`tma-${tier}-rds-monitoring-docs`);
    const parameters = Object.values(resourcesOfType(stack, 'aws_ssm_parameter')).filter((p) => pathOf(p).includes('app/database-docs/')).map((p) => (p as Json).name);
    expect(parameters.sort()).toEqual([`/tma/${tier}/database/docs/host`, `/tma/${tier}/database/docs/name`, `/tma/${tier}/database/docs/port`]);
    const alarms = Object.values(resourcesOfType(stack, 'aws_cloudwatch_metric_alarm')).filter((a) => pathOf(a).includes('app/database-docs/'));
    expect(alarms).toHaveLength(3);
  });

  it('opens each database to the one service that uses it', () => {
    const ingress = Object.values(resourcesOfType(stack, 'aws_vpc_security_group_ingress_rule')) as Json[];
    const into = (dbPath: string) => ingress.filter((r) => r.security_group_id === ref(stack, 'aws_security_group', `${dbPath}/security-group`, 'id'));
    expect(into('app/database').map((r) => r.referenced_security_group_id)).toEqual([ref(stack, 'aws_security_group', 'service-web/security-group', 'id')]);
    expect(into('app/database-docs').map((r) => r.referenced_security_group_id)).toEqual([ref(stack, 'aws_security_group', 'service-docs/security-group', 'id')]);
    expect(into('app/database-docs')[0]).toMatchObject({ from_port: 3306, to_port: 3306 });
  });

  it('injects WordPress’s variable names for the docs database, the password by ECS from the managed secret', () => {
    const secret = `\${aws_db_instance.${Object.entries(resourcesOfType(stack, 'aws_db_instance')).find(([, r]) => pathOf(r).includes('database-docs/'))![0]}.master_user_secret[0].secret_arn}`;
    const parameter = (key: string) => `arn:aws:ssm:eu-central-1:${production ? '222222222222' : '111111111111'}:parameter/tma/${tier}/database/docs/${key}`;
    const secrets = containerOf(stack, 'docs').secrets as Json[];
    expect(secrets).toEqual(
      expect.arrayContaining([
        { name: 'WORDPRESS_DB_HOST', valueFrom: parameter('host') },
        { name: 'WORDPRESS_DB_NAME', valueFrom: parameter('name') },
        { name: 'WORDPRESS_DB_USER', valueFrom: `${secret}:username::` },
        { name: 'WORDPRESS_DB_PASSWORD', valueFrom: `${secret}:password::` },
      ]),
    );
    expect(JSON.stringify(containerOf(stack, 'docs').environment)).not.toMatch(/PASSWORD/);
    expect(statementsAt(stack, 'service-docs/execution-policy-document')).toContainEqual(
      expect.objectContaining({ sid: 'ReadDatabaseCredentials', resources: [secret] }),
    );
    // Rails keeps the DATABASE_* names of the primary database.
    expect((containerOf(stack, 'web').secrets as Json[]).map((s) => s.name)).toEqual(
      expect.arrayContaining(['DATABASE_HOST', 'DATABASE_NAME', 'DATABASE_PASSWORD', 'DATABASE_PORT', 'DATABASE_USERNAME']),
    );
  });

  describe('the uploads volume on EFS', () => {
    const efs = (type: string) => resourceAt(stack, type, 'service-docs/file-system/');

    it('is encrypted with the app key, backed up, tiered to IA, and kept from destroy in production', () => {
      expect(efs('aws_efs_file_system')).toMatchObject({
        encrypted: true,
        kms_key_id: ref(stack, 'aws_kms_key', 'app/kms/key', 'arn'),
        lifecycle_policy: [{ transition_to_ia: 'AFTER_30_DAYS' }, { transition_to_primary_storage_class: 'AFTER_1_ACCESS' }],
        lifecycle: { prevent_destroy: production },
      });
      expect(efs('aws_efs_backup_policy').backup_policy).toEqual({ status: 'ENABLED' });
    });

    it('has one mount target per private subnet, behind its own security group', () => {
      const targets = Object.values(resourcesOfType(stack, 'aws_efs_mount_target')) as Json[];
      const subnets = production ? ['subnet-0b1b2c3d4e5f60001', 'subnet-0b1b2c3d4e5f60002'] : ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'];
      expect(targets.map((t) => t.subnet_id).sort()).toEqual(subnets);
      for (const t of targets) expect(t.security_groups).toEqual([ref(stack, 'aws_security_group', 'service-docs/file-system/security-group', 'id')]);
    });

    it('admits NFS from the docs service only', () => {
      const efsGroup = ref(stack, 'aws_security_group', 'service-docs/file-system/security-group', 'id');
      const ingress = (Object.values(resourcesOfType(stack, 'aws_vpc_security_group_ingress_rule')) as Json[]).filter((r) => r.security_group_id === efsGroup);
      expect(ingress).toEqual([
        expect.objectContaining({ referenced_security_group_id: ref(stack, 'aws_security_group', 'service-docs/security-group', 'id'), ip_protocol: 'tcp', from_port: 2049, to_port: 2049 }),
      ]);
      const egress = (Object.values(resourcesOfType(stack, 'aws_vpc_security_group_egress_rule')) as Json[]).filter((r) => r.referenced_security_group_id === efsGroup);
      expect(egress.map((r) => r.security_group_id)).toEqual([ref(stack, 'aws_security_group', 'service-docs/security-group', 'id')]);
    });

    it('reaches the container through an access point owned by www-data, with TLS and IAM authorisation', () => {
      expect(efs('aws_efs_access_point')).toMatchObject({
        posix_user: { uid: 33, gid: 33 },
        root_directory: { path: '/uploads', creation_info: { owner_uid: 33, owner_gid: 33, permissions: '0750' } },
      });
      const taskDefinition = resourceAt(stack, 'aws_ecs_task_definition', 'service-docs/task-definition') as Json;
      expect(taskDefinition.volume).toContainEqual({
        name: 'persistent-uploads',
        efs_volume_configuration: {
          file_system_id: ref(stack, 'aws_efs_file_system', 'service-docs/file-system/', 'id'),
          transit_encryption: 'ENABLED',
          authorization_config: { access_point_id: ref(stack, 'aws_efs_access_point', 'service-docs/file-system/', 'id'), iam: 'ENABLED' },
        },
      });
      expect(containerOf(stack, 'docs').mountPoints).toContainEqual({ sourceVolume: 'persistent-uploads', containerPath: '/var/www/html/wp-content/uploads', readOnly: false });
    });

    it('grants the task role exactly ClientMount and ClientWrite, through that access point', () => {
      expect(statementsAt(stack, 'service-docs/task-policy-document')).toEqual([
        expect.objectContaining({
          actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
          resources: [ref(stack, 'aws_efs_file_system', 'service-docs/file-system/', 'arn')],
          condition: [{ test: 'StringEquals', variable: 'elasticfilesystem:AccessPointArn', values: [ref(stack, 'aws_efs_access_point', 'service-docs/file-system/', 'arn')] }],
        }),
      ]);
      expect(resourceAt(stack, 'aws_iam_role_policy', 'service-docs/task-policy').role).toBe(ref(stack, 'aws_iam_role', 'service-docs/task-role', 'id'));
      // Rails has no volumes and so no task policy.
      expect(Object.values(resourcesOfType(stack, 'aws_iam_role_policy')).filter((p) => pathOf(p).includes('service-web/task-policy'))).toEqual([]);
    });

    it('refuses clients without TLS and mounts that bypass the access points', () => {
      const statements = statementsAt(stack, 'service-docs/file-system/policy-document');
      expect(statements).toContainEqual(expect.objectContaining({ effect: 'Deny', condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] }));
      expect(statements).toContainEqual(expect.objectContaining({ effect: 'Deny', condition: [{ test: 'Null', variable: 'elasticfilesystem:AccessPointArn', values: ['true'] }] }));
    });

    it('starts the service only once the mount targets exist', () => {
      const service = resourceAt(stack, 'aws_ecs_service', 'service-docs/service') as Json;
      expect(service.depends_on).toEqual(expect.arrayContaining([`aws_efs_mount_target.${ref(stack, 'aws_efs_mount_target', 'mount-target-0', 'id').split('.')[1]}`]));
    });
  });
});

const withServices = (services: Json[], extra: Json = {}) => containerAppConfig('test', { ...extra, containerApp: { services } });
const web = (containerAppConfig('test') as Json).containerApp.services[0];

describe('databases and volumes: bad configuration', () => {
  const cases: MalformedCase[] = [
    {
      name: 'a service names a database that does not exist',
      file: withServices([{ ...web, database: 'docs' }]),
      expect: [/containerApp\.services\[0\]\.database: expected one of primary, none, found "docs"$/],
    },
    {
      name: 'usesDatabase and database together',
      file: withServices([{ ...web, usesDatabase: true, database: 'primary' }]),
      expect: [/containerApp\.services\[0\]\.usesDatabase: either usesDatabase or database, found both/],
    },
    {
      name: 'a reserved database name',
      file: withServices([web], { databases: { primary: { engine: 'mysql', engineVersion: '8.0' } } }),
      expect: [/databases\.primary: "primary" is reserved/],
    },
    {
      name: 'a named MySQL database with a bare major version',
      file: withServices([{ ...web, database: 'docs' }], { databases: { docs: { engine: 'mysql', engineVersion: '8' } } }),
      expect: [/databases\.docs\.engineVersion: expected a MySQL major\.minor version such as 8\.0, found "8"$/],
    },
    {
      name: 'variable names for a service without a database',
      file: withServices([{ ...web, database: 'none', databaseVariables: { host: 'DB_HOST' } }]),
      expect: [/containerApp\.services\[0\]\.databaseVariables: variable names for a database the service does not use/],
    },
    {
      name: 'two volumes of one name, and a volume on a scratch path',
      file: withServices([{ ...web, writablePaths: ['/tmp'], persistentVolumes: [{ name: 'a', path: '/data', uid: 1, gid: 1 }, { name: 'a', path: '/tmp', uid: 1, gid: 1 }] }]),
      expect: [/persistentVolumes\[1\]\.name: expected a unique volume name, found "a" again/, /persistentVolumes\[1\]\.path: expected a path that is not also a writable scratch path, found \/tmp in both$/],
    },
  ];
  it.each(cases)('$name', (c) => expectConfigErrors(c));

  it('database: none is usesDatabase: false, and the primary stays when a service picks none', () => {
    const synth = synthEnvironments({ 'shop/test': withServices([{ ...web, database: 'none' }]) });
    const stack = synth.stacks['shop-test'];
    expect(Object.keys(resourcesOfType(stack, 'aws_db_instance'))).toHaveLength(1);
    expect((containerOf(stack, 'web').secrets as Json[]).map((s) => s.name)).toEqual(['SECRET_KEY_BASE']);
  });

  it('warns when production weakens a named database or the file systems', () => {
    const dir = writeEnvironments({
      env: containerAppConfig('production', {
        databases: { docs: { engine: 'mysql', engineVersion: '8.0', deletionProtection: false } },
        containerApp: { services: [{ ...web, database: 'docs', persistentVolumes: [{ name: 'data', path: '/data', uid: 1, gid: 1 }] }], fileSystems: { preventDestroy: false } },
      }),
    });
    const [loaded] = loadEnvironments(dir);
    const output = loaded.overrides.map(formatOverrideWarning).join('\n');
    expect(output).toMatch(/databases\.docs\.deletionProtection = false weakens the production default \(true\)/);
    expect(output).toMatch(/containerApp\.fileSystems\.preventDestroy = false weakens the production default \(true\)/);
  });
});
