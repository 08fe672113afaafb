/**
 * `import adopt` without an account: its command line, the misfits it collects (all of them, one
 * line each) from discovery results, and how a plan is judged (a replace or destroy fails, a
 * task-definition revision passes, an import the plan does not make fails). The end-to-end proof
 * against the emulator is test/e2e/import-adopt.test.ts.
 */
import { main } from '../../terraform-import/cli';
import { HELP, parseArgs } from '../../terraform-import/cli-args';
import { mapRunningApp } from '../../terraform-import/adopt/blueprint-mapping';
import { sortRunningApp } from '../../terraform-import/adopt/running-app';
import { judgePlan } from '../../terraform-import/adopt/verify-adoption';
import { ref } from '../../terraform-import/discovery/model';
import { PlanSummary } from '../../terraform-import/verify/verify';
import { discovered } from '../support/discovered-resource';

const resource = discovered;

const ADOPT = ['adopt', '--blueprint', 'instance-app', '--app', 'shop', '--environment', 'production', '--tier', 'production', '--region', 'eu-central-1'];

describe('import adopt: command line', () => {
  it('documents its options in --help, and parses them', () => {
    expect(HELP.main).toMatch(/adopt +bring a running app under a blueprint/);
    for (const option of ['--blueprint', '--app', '--environment', '--tier', '--out', '--manifest', '--verify', '--work-dir', '--operating-system', '--attached-to', '--landing-zone-tag']) {
      expect([option, HELP.adopt.includes(option)]).toEqual([option, true]);
    }
    const a = parseArgs([...ADOPT, '--vpc', 'vpc-1', '--landing-zone-tag', 'LandingZone=true', '--out', 'environments/shop/production.yaml', '--verify', '--work-dir', 'w', '--operating-system', 'UBUNTU']);
    expect(a).toMatchObject({ verb: 'adopt', blueprint: 'instance-app', app: 'shop', environment: 'production', tier: 'production', vpc: 'vpc-1', verify: true, workDir: 'w', operatingSystem: 'UBUNTU', out: 'environments/shop/production.yaml' });
  });

  it('rejects what cannot work with one line and exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['adopt', '--app', 'shop', '--region', 'eu-central-1', '--vpc', 'v', '--out', 'e/s/p.yaml'], /^import: adopt: --blueprint, --environment, --tier required/],
      [[...ADOPT.slice(0, 2), 'lambda-app', ...ADOPT.slice(3), '--vpc', 'v', '--out', 'e/s/p.yaml'], /^import: --blueprint: expected one of instance-app, container-app, found "lambda-app"/],
      [[...ADOPT, '--out', 'e/s/p.yaml'], /^import: adopt: say which resources are the app/],
      [[...ADOPT, '--vpc', 'v', '--manifest', 'm.yaml', '--out', 'e/s/p.yaml'], /^import: adopt: --manifest or scope options, not both/],
      [[...ADOPT, '--vpc', 'v', '--out', 'e/s/p.json'], /^import: --out: expected the environment file to write/],
      [[...ADOPT, '--vpc', 'v', '--out', 'e/s/p.yaml', '--work-dir', 'w'], /^import: --work-dir: only with --verify/],
      [[...ADOPT, '--vpc', 'v', '--out', 'e/s/p.yaml', '--tier', 'staging'], /^import: --tier: expected test or production, found "staging"/],
      [[...ADOPT, '--vpc', 'v', '--out', 'e/s/p.yaml', '--types', 'aws_vpc'], /^import: adopt: unknown option --types/],
    ];
    for (const [args, message] of cases) {
      const err: string[] = [];
      const status = await main(args, () => undefined, (l) => err.push(l));
      expect({ args, status, lines: err.length }).toEqual({ args, status: 2, lines: 1 });
      expect(err[0]).toMatch(message);
    }
  });
});

describe('import adopt: fitting a running app to a blueprint', () => {
  const subnetA = resource('aws_subnet', 'subnet-a', { vpcId: ref('vpc-1'), availabilityZone: 'eu-central-1a', cidrBlock: '10.0.1.0/24' });
  const vpc = resource('aws_vpc', 'vpc-1', { cidrBlock: '10.0.0.0/16' });
  const instance = (id: string) => resource('aws_instance', id, { ami: 'ami-1', instanceType: id === 'i-2' ? 'm6i.large' : 't3.medium', subnetId: ref('subnet-a') });

  it('collects every misfit of the instance-app blueprint, one line each, naming what does not fit', () => {
    const resources = [
      vpc,
      subnetA,
      instance('i-1'),
      instance('i-2'),
      resource('aws_ebs_volume', 'vol-1', { availabilityZone: 'eu-central-1a', size: 50, type: 'gp3' }),
      resource('aws_volume_attachment', '/dev/sdf:vol-1:i-1', { deviceName: '/dev/sdf', volumeId: ref('vol-1'), instanceId: ref('i-1') }),
      resource('aws_lb', 'arn:lb', { name: 'web', subnets: [ref('subnet-a')] }, { name: 'web' }),
      resource('aws_lb_listener', 'arn:listener', { loadBalancerArn: ref('arn:lb', 'arn'), port: 80, protocol: 'HTTP', defaultAction: [] }),
      resource('aws_db_instance', 'db-1', { engine: 'oracle-se2', engineVersion: '19', instanceClass: 'db.m5.large', allocatedStorage: 100, username: 'admin' }),
    ];
    const { misfits } = mapRunningApp(sortRunningApp(resources, resources), { blueprint: 'instance-app' });
    expect(misfits).toEqual([
      'all 2 instance(s) run in one availability zone (eu-central-1a): the blueprint spreads its instances over at least two zones; start an instance in a second zone first',
      'volume vol-1 of i-1 is not encrypted: the blueprint encrypts every volume with the app\'s key, and encrypting a volume means a new volume (snapshot, copy encrypted, swap) before adoption',
      '1 of 2 instances have a data volume: the blueprint gives all or none one',
      'load balancer web has no HTTPS listener on 443: the blueprint serves HTTPS only, with the certificate of that listener',
      'load balancer web has no target group: the blueprint forwards to one target group of the instances',
      'database db-1 runs oracle-se2: the blueprint offers postgres and mysql; an engine change is a migration, not an adoption',
      'database db-1 is not encrypted: the blueprint encrypts with the app\'s key, and RDS encrypts an existing database only through a snapshot copy and restore (a new instance); do that first',
    ]);
  });

  it('maps a fitting app onto the blueprint\'s construct paths, and reports what it leaves alone', () => {
    const subnetB = resource('aws_subnet', 'subnet-b', { vpcId: ref('vpc-1'), availabilityZone: 'eu-central-1b', cidrBlock: '10.0.2.0/24' });
    const resources = [
      vpc,
      subnetA,
      subnetB,
      resource('aws_instance', 'i-1', { ami: 'ami-1', instanceType: 't3.medium', subnetId: ref('subnet-a') }),
      resource('aws_instance', 'i-2', { ami: 'ami-1', instanceType: 't3.medium', subnetId: ref('subnet-b') }),
      resource('aws_kms_key', 'key-1', {}, { altIds: ['arn:key-1'] }),
      resource('aws_lb', 'arn:lb', { name: 'web', subnets: [ref('subnet-a'), ref('subnet-b')] }, { name: 'web' }),
      resource('aws_lb_listener', 'arn:https', { loadBalancerArn: ref('arn:lb', 'arn'), port: 443, protocol: 'HTTPS', certificateArn: 'arn:aws:acm:eu-central-1:123456789012:certificate/c', defaultAction: [] }),
      resource('aws_lb_listener', 'arn:8443', { loadBalancerArn: ref('arn:lb', 'arn'), port: 8443, protocol: 'HTTPS', defaultAction: [] }),
      resource('aws_lb_target_group', 'arn:tg', { name: 'app', port: 8080, protocol: 'HTTP', healthCheck: { path: '/health', matcher: '200' } }, { name: 'app' }),
      resource('aws_db_instance', 'db-1', { engine: 'postgres', engineVersion: '16.3', instanceClass: 'db.t4g.medium', allocatedStorage: 50, username: 'shop', storageEncrypted: true, kmsKeyId: ref('arn:key-1', 'arn') }),
    ];
    const m = mapRunningApp(sortRunningApp(resources, resources), { blueprint: 'instance-app', operatingSystem: 'UBUNTU' });
    expect(m.misfits).toEqual([]);
    expect(Object.fromEntries(m.adopted.map((a) => [a.constructPath, a.resource.id]))).toEqual({
      'app/instance-eu-central-1a-1/instance': 'i-1',
      'app/instance-eu-central-1b-1/instance': 'i-2',
      'app/load-balancer/alb': 'arn:lb',
      'app/load-balancer/https': 'arn:https',
      'app/load-balancer/target-group-app': 'arn:tg',
      'app/database/instance': 'db-1',
      'app/kms/key': 'key-1',
    });
    expect(m.leftAlone.map((l) => [l.resource.id, l.why.split(';')[0]])).toEqual([['arn:8443', 'the blueprint listens on 443 (HTTPS) and 80 (redirect) only']]);
    expect(m.settings).toMatchObject({
      instanceApp: {
        instanceType: 't3.medium',
        ami: { id: 'ami-1' },
        operatingSystem: 'UBUNTU',
        instances: [
          { availabilityZone: 'eu-central-1a', subnetId: 'subnet-a', ami: 'ami-1', instanceType: 't3.medium' },
          { availabilityZone: 'eu-central-1b', subnetId: 'subnet-b', ami: 'ami-1', instanceType: 't3.medium' },
        ],
        appPort: 8080,
        healthCheckPath: '/health',
        healthyStatusCodes: '200',
        targetGroup: { name: 'app', healthCheck: {} },
      },
      database: { identifier: 'db-1', engine: 'postgres', engineVersion: '16.3', instanceClass: 'db.t4g.medium', allocatedStorageGiB: 50, masterUsername: 'shop' },
      loadBalancer: { name: 'web', certificate: { arn: 'arn:aws:acm:eu-central-1:123456789012:certificate/c' } },
      network: { vpcId: 'vpc-1', vpcCidr: '10.0.0.0/16', privateSubnets: [{ id: 'subnet-a', availabilityZone: 'eu-central-1a' }, { id: 'subnet-b', availabilityZone: 'eu-central-1b' }] },
    });
    expect(m.notes.join('\n')).toMatch(/master password set by hand\. It is not read and not written anywhere/);
  });
});

describe('import adopt: a container app onto ContainerAppBlueprint', () => {
  const subnet = (id: string, zone: string) => resource('aws_subnet', id, { vpcId: ref('vpc-1'), availabilityZone: zone, cidrBlock: '10.0.0.0/24' });
  const base = [
    resource('aws_vpc', 'vpc-1', { cidrBlock: '10.0.0.0/16' }),
    subnet('subnet-a', 'eu-central-1a'),
    subnet('subnet-b', 'eu-central-1b'),
    resource('aws_lb', 'arn:lb', { name: 'kiosk-web', subnets: [ref('subnet-a'), ref('subnet-b')] }, { name: 'kiosk-web' }),
    resource('aws_lb_listener', 'arn:https', { loadBalancerArn: ref('arn:lb', 'arn'), port: 443, protocol: 'HTTPS', certificateArn: 'arn:aws:acm:eu-central-1:123456789012:certificate/c', defaultAction: [] }),
    resource('aws_lb_target_group', 'arn:tg', { name: 'kiosk-app', port: 3000, protocol: 'HTTP', targetType: 'ip', healthCheck: { path: '/up' } }, { name: 'kiosk-app' }),
    resource('aws_db_subnet_group', 'kiosk-db', { subnetIds: [ref('subnet-a'), ref('subnet-b')] }),
    resource('aws_ecs_cluster', 'arn:cluster', { name: 'kiosk' }, { importId: 'kiosk' }),
    resource('aws_ecs_task_definition', 'arn:td:3', {
      family: 'kiosk-web',
      cpu: '512',
      memory: '1024',
      containerDefinitions: JSON.stringify([{ name: 'Web', image: 'nginx:1.27', portMappings: [{ containerPort: 3000 }] }]),
    }),
  ];
  const service = (extra: Record<string, unknown> = {}) =>
    resource('aws_ecs_service', 'arn:service', {
      name: 'kiosk-web',
      cluster: ref('arn:cluster', 'arn'),
      taskDefinition: ref('arn:td:3', 'arn'),
      desiredCount: 2,
      launchType: 'FARGATE',
      loadBalancer: [{ targetGroupArn: ref('arn:tg', 'arn'), containerName: 'Web', containerPort: 3000 }],
      ...extra,
    }, { importId: 'kiosk/kiosk-web' });

  it('adopts cluster, service and target group under the service\'s name, and re-registers the task definition as a revision', () => {
    const resources = [...base, service()];
    const m = mapRunningApp(sortRunningApp(resources, resources), { blueprint: 'container-app' });
    expect(m.misfits).toEqual([]);
    expect(Object.fromEntries(m.adopted.map((a) => [a.constructPath, a.resource.importId]))).toEqual({
      'app/cluster': 'kiosk',
      'app/service-web/service': 'kiosk/kiosk-web',
      'app/load-balancer/alb': 'arn:lb',
      'app/load-balancer/https': 'arn:https',
      'app/load-balancer/target-group-web': 'arn:tg',
    });
    expect(m.redeclared.map((r) => r.constructPath)).toEqual(['app/service-web/task-definition']);
    expect(m.settings.containerApp).toEqual({
      clusterName: 'kiosk',
      services: [
        {
          name: 'web',
          serviceName: 'kiosk-web',
          taskFamily: 'kiosk-web',
          targetGroup: { name: 'kiosk-app', healthCheck: {} },
          image: 'nginx:1.27',
          containerPort: 3000,
          cpu: 512,
          memoryMiB: 1024,
          desiredCount: 2,
          healthCheckPath: '/up',
          routing: { priority: 100, pathPatterns: ['/*'] },
        },
      ],
    });
    // without instances, the database's subnet group names the private subnets
    expect((m.settings.network as { privateSubnets: { id: string }[] }).privateSubnets.map((s) => s.id)).toEqual(['subnet-a', 'subnet-b']);
  });

  it('refuses a service on EC2 capacity, behind two target groups', () => {
    const resources = [...base, service({ launchType: 'EC2', loadBalancer: [{ targetGroupArn: ref('arn:tg', 'arn'), containerName: 'Web', containerPort: 3000 }, { targetGroupArn: ref('arn:tg2', 'arn'), containerName: 'Web', containerPort: 3001 }] })];
    expect(mapRunningApp(sortRunningApp(resources, resources), { blueprint: 'container-app' }).misfits).toEqual([
      'service arn:service runs on EC2: the blueprint runs Fargate services',
      'service arn:service sits behind 2 target groups: the blueprint puts each service behind one',
    ]);
  });
});

describe('import adopt --verify: judging the plan', () => {
  const summary = (changes: PlanSummary['changes']): PlanSummary => ({ toImport: 0, toDeclare: 0, toAdd: 0, toChange: 0, toDestroy: 0, toReplace: 0, changes });

  it('fails on a replace or destroy, naming what carries the app; a task-definition revision passes and is shown', () => {
    const v = judgePlan(
      summary([
        { address: 'aws_instance.app_x', actions: ['delete', 'create'], importing: true, changedAttributes: ['subnet_id'] },
        { address: 'aws_kms_alias.app_alias', actions: ['delete'], importing: false, changedAttributes: [] },
        { address: 'aws_ecs_task_definition.app_web', actions: ['create', 'delete'], importing: false, changedAttributes: ['container_definitions'] },
        { address: 'aws_lb.app_alb', actions: ['update'], importing: true, changedAttributes: ['drop_invalid_header_fields'] },
      ]),
    );
    expect(v.passed).toBe(false);
    expect(v.failures).toEqual(['aws_instance.app_x: replace (carries the app), forced by subnet_id', 'aws_kms_alias.app_alias: destroy']);
    expect(v.allowedReplacements.map((c) => c.address)).toEqual(['aws_ecs_task_definition.app_web']);
    expect(v.inPlace).toEqual([{ address: 'aws_lb.app_alb', what: 'update', attributes: ['drop_invalid_header_fields'] }]);
  });

  it('fails when the plan does not import what the import file names (the stack did not take the file up)', () => {
    const v = judgePlan(summary([{ address: 'aws_lb.app_alb', actions: ['create'], importing: false, changedAttributes: [] }]), ['aws_lb.app_alb']);
    expect(v).toMatchObject({ passed: false, failures: ['aws_lb.app_alb: in the import file, but the plan does not import it'] });
    expect(judgePlan(summary([{ address: 'aws_lb.app_alb', actions: ['no-op'], importing: true, changedAttributes: [] }]), ['aws_lb.app_alb']).passed).toBe(true);
  });
});
