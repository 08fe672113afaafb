/**
 * Adopting running applications into the blueprints, end to end against the AWS emulator: the apps
 * are built out of band with the SDK (test/support/running-apps.ts), then `import adopt` must write
 * the environment file, the import file and the report, and `--verify` must plan the blueprint's
 * production stack with those resources imported and nothing that carries the app replaced or
 * destroyed. A resource set that does not fit must end with every misfit named and nothing written.
 *
 * The two adoptions (instance app, container app) start in beforeAll and run side by side beside the
 * misfit run, against one emulator; each test awaits its own. Not yet here: `terraform apply` of the
 * verified plans (the emulator lacks three calls they make, see the README's adoption section).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { main } from '../../terraform-import/cli';
import { PLAN_JSON, PLAN_SUMMARY } from '../../terraform-import/verify/verify';
import { Emulator, emulatorEnv, logTail, startEmulator } from '../../test-bed/emulator';
import { WORK_DIR } from '../../tooling/terraform-cli';
import { buildContainerApp, buildInstanceApp, buildMisfitApp, RunningApp } from '../support/running-apps';

jest.setTimeout(10 * 60_000);

const REGION = 'eu-central-1';
const LANDING_ZONE = ['--landing-zone-tag', 'LandingZone=true'];

interface PlanJson {
  resource_changes: { address: string; type: string; change: { actions: string[]; importing?: unknown } }[];
}

/** One adoption: adopt --verify, and what it wrote. */
interface Flow {
  code: number;
  out: string;
  envFile: string;
  workDir: string;
  imports?: Record<string, string>;
  plan?: PlanJson;
}

describe('import adopt of running apps on the AWS emulator', () => {
  let emulator: Emulator;
  let odd: RunningApp;
  let root: string;
  let shop: Promise<{ app: RunningApp; flow: Flow }>;
  let kiosk: Promise<{ app: RunningApp; flow: Flow }>;
  const savedEnv = { ...process.env };

  async function cli(args: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const code = await main(args, (l) => lines.push(l), (l) => lines.push(l));
    return { code, out: lines.join('\n') };
  }

  async function adoptFlow(app: RunningApp, name: string, blueprint: string): Promise<Flow> {
    const envFile = path.join(root, 'environments', name, 'production.yaml');
    const workDir = path.join(root, `work-${name}`);
    const args = ['adopt', '--blueprint', blueprint, '--app', name, '--environment', 'production', '--tier', 'production', '--region', REGION, '--vpc', app.vpcId, ...LANDING_ZONE, '--out', envFile];
    const flow: Flow = { ...(await cli([...args, '--verify', '--work-dir', workDir])), envFile, workDir };
    if (flow.code !== 0) return flow;
    flow.imports = (parse(fs.readFileSync(envFile.replace('.yaml', '.imports.yaml'), 'utf8')) as { imports: Record<string, string> }).imports;
    flow.plan = JSON.parse(fs.readFileSync(path.join(workDir, PLAN_JSON), 'utf8')) as PlanJson;
    return flow;
  }

  beforeAll(async () => {
    emulator = await startEmulator();
    for (const [k, v] of Object.entries(emulatorEnv(emulator))) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    root = fs.mkdtempSync(path.join(fs.existsSync(WORK_DIR) ? WORK_DIR : os.tmpdir(), 'adopt-e2e-'));
    const [shopApp, kioskApp, oddApp] = await Promise.all([buildInstanceApp(emulator), buildContainerApp(emulator), buildMisfitApp(emulator)]);
    odd = oddApp;
    // both adoptions start now and run side by side; each test awaits its own
    shop = adoptFlow(shopApp, 'shop', 'instance-app').then((flow) => ({ app: shopApp, flow }));
    kiosk = adoptFlow(kioskApp, 'kiosk', 'container-app').then((flow) => ({ app: kioskApp, flow }));
    shop.catch(() => undefined);
    kiosk.catch(() => undefined);
  });

  afterAll(async () => {
    await Promise.allSettled([shop, kiosk]);
    process.env = savedEnv;
    await emulator?.stop();
  });

  function withLog(fn: () => Promise<void>): () => Promise<void> {
    return async () => {
      try {
        await fn();
      } catch (err) {
        (err as Error).message += `\n\nemulator log ${emulator.logFile}:\n${logTail(emulator.logFile, 15)}\nwork: ${root}`;
        throw err;
      }
    };
  }

  /** The proof an adoption gives: imports of what carries the app, no replace, no destroy, no secret written. */
  function expectAdopted(flow: Flow, importedTypes: string[], secret: string): void {
    expect({ code: flow.code, out: flow.out }).toEqual({ code: 0, out: expect.stringContaining('nothing that carries the app is replaced or destroyed') });
    const plan = flow.plan!;
    expect(plan.resource_changes.filter((c) => c.change.importing).map((c) => c.type).sort()).toEqual([...importedTypes].sort());
    expect(plan.resource_changes.filter((c) => c.change.actions.includes('delete') && c.type !== 'aws_ecs_task_definition').map((c) => c.address)).toEqual([]);
    expect(fs.readFileSync(path.join(flow.workDir, PLAN_SUMMARY), 'utf8')).toMatch(new RegExp(`^${importedTypes.length} to import, \\d+ to add, \\d+ to change, \\d+ to destroy; 0 replace, 0 destroy`));
    // the hand-set database password is in no file written
    const written = [flow.envFile, flow.envFile.replace('.yaml', '.imports.yaml'), flow.envFile.replace('.yaml', '.adoption.md'), path.join(flow.workDir, PLAN_JSON), path.join(flow.workDir, PLAN_SUMMARY)];
    for (const file of written) expect([file, fs.readFileSync(file, 'utf8').includes(secret)]).toEqual([file, false]);
    const report = fs.readFileSync(flow.envFile.replace('.yaml', '.adoption.md'), 'utf8');
    expect(report).toContain(`## Adopted (${importedTypes.length})`);
    expect(report).toMatch(/master password set by hand/);
    // the hardening of what is adopted is an in-place update, listed from the plan
    expect(report).toMatch(/`aws_db_instance\.\S+`: .*manage_master_user_password/);
  }

  it(
    'adopts the instance app into InstanceAppBlueprint (production): the plan imports what carries the app, 0 replace, 0 destroy',
    withLog(async () => {
      const { app, flow } = await shop;
      expectAdopted(flow, ['aws_db_instance', 'aws_db_subnet_group', 'aws_ebs_volume', 'aws_ebs_volume', 'aws_instance', 'aws_instance', 'aws_kms_key', 'aws_lb', 'aws_lb_listener', 'aws_lb_target_group', 'aws_volume_attachment', 'aws_volume_attachment'], app.databasePassword);
      expect(flow.imports).toEqual({
        'app/database/instance': app.database,
        'app/database/subnet-group': app.database,
        'app/instance-eu-central-1a-1/data-volume': app.volumes[0],
        'app/instance-eu-central-1a-1/data-volume-attachment': `/dev/sdf:${app.volumes[0]}:${app.instances[0]}`,
        'app/instance-eu-central-1a-1/instance': app.instances[0],
        'app/instance-eu-central-1b-1/data-volume': app.volumes[1],
        'app/instance-eu-central-1b-1/data-volume-attachment': `/dev/sdf:${app.volumes[1]}:${app.instances[1]}`,
        'app/instance-eu-central-1b-1/instance': app.instances[1],
        'app/kms/key': app.keyArn.split('/').pop(),
        'app/load-balancer/alb': app.loadBalancerArns[0],
        'app/load-balancer/https': app.listenerArn,
        'app/load-balancer/target-group-app': app.targetGroupArn,
      });
      // what the app gains is created beside it; the instances are hardened in place
      const report = fs.readFileSync(flow.envFile.replace('.yaml', '.adoption.md'), 'utf8');
      expect(report).toMatch(/AWS Backup: .*\(\d+ resources\)/);
      expect(report).toMatch(/`aws_instance\.\S+`: .*disable_api_stop/);
      // the environment file keeps what would force a replacement, from the running resources
      const env = parse(fs.readFileSync(flow.envFile, 'utf8')) as Record<string, Record<string, unknown>>;
      expect(env.database).toMatchObject({ identifier: app.database, subnetGroupName: app.database, engine: 'postgres', engineVersion: '16.3', masterUsername: 'shopadmin', databaseName: 'shop' });
      expect(env.loadBalancer).toMatchObject({ name: 'shop-web' });
      expect((env.instanceApp.instances as { availabilityZone: string }[]).map((i) => i.availabilityZone)).toEqual(['eu-central-1a', 'eu-central-1b']);
    }),
  );

  it(
    'adopts the container app into ContainerAppBlueprint (production): the same proof, the task definition registered as a new revision',
    withLog(async () => {
      const { app, flow } = await kiosk;
      expectAdopted(flow, ['aws_db_instance', 'aws_db_subnet_group', 'aws_ecs_cluster', 'aws_ecs_service', 'aws_kms_key', 'aws_lb', 'aws_lb_listener', 'aws_lb_target_group'], app.databasePassword);
      expect(flow.imports).toMatchObject({ 'app/cluster': 'kiosk', 'app/service-web/service': 'kiosk/kiosk-web', 'app/load-balancer/target-group-web': app.targetGroupArn, 'app/database/instance': app.database });
      // the running revision stays registered; the blueprint's is the family's next one, and the service rolls onto it
      const env = parse(fs.readFileSync(flow.envFile, 'utf8')) as { containerApp: { clusterName: string; services: Record<string, unknown>[] } };
      expect(env.containerApp).toMatchObject({ clusterName: 'kiosk', services: [{ name: 'web', serviceName: 'kiosk-web', taskFamily: 'kiosk-web', containerPort: 3000, cpu: 512, memoryMiB: 1024 }] });
      const revision = flow.plan!.resource_changes.filter((c) => c.type === 'aws_ecs_task_definition');
      expect(revision.map((c) => c.change.actions)).toEqual([['create']]);
      expect(fs.readFileSync(flow.envFile.replace('.yaml', '.adoption.md'), 'utf8')).toMatch(/aws_ecs_task_definition kiosk-web_1 .*new revision/);
    }),
  );

  it(
    'refuses a resource set that does not fit, names every misfit, and writes nothing',
    withLog(async () => {
      const envFile = path.join(root, 'environments', 'odd', 'production.yaml');
      const { code, out } = await cli(['adopt', '--blueprint', 'instance-app', '--app', 'odd', '--environment', 'production', '--tier', 'production', '--region', REGION, '--vpc', odd.vpcId, ...LANDING_ZONE, '--out', envFile]);
      expect(code).toBe(1);
      expect(out).toMatch(/one availability zone \(eu-central-1a\)/);
      expect(out).toMatch(/2 load balancers \(odd-web, odd-web1\)/);
      expect(out).toMatch(/runs mariadb: the blueprint offers postgres and mysql/);
      expect(out).not.toMatch(/\n\s+at /);
      expect(fs.existsSync(path.dirname(envFile))).toBe(false);
    }),
  );
});
