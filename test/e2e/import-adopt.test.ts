/**
 * Adopting running applications into the blueprints, end to end against the AWS emulator: the apps
 * are built out of band with the SDK (test/support/running-apps.ts), then `import adopt` must write
 * the environment file, the import file and the report, and `--verify` must plan the blueprint's
 * production stack with those resources imported and nothing that carries the app replaced or
 * destroyed. A resource set that does not fit must end with every misfit named and nothing written.
 *
 * Each verified plan is then applied as written (`terraform apply plan.tfplan`), a second plan must
 * show no changes, and the state must hold the very instances, database, load balancer and ECS
 * service made out of band: adopted, not recreated.
 *
 * The two adoptions (instance app, container app), each with its apply and re-plan, start in
 * beforeAll and run side by side beside the misfit run, against one emulator; each test awaits its own.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { main } from '../../terraform-import/cli';
import { PLAN_JSON, PLAN_SUMMARY } from '../../terraform-import/verify/verify';
import { TERRAFORM_DIR } from '../../terraform-import/verify/verify';
import { Emulator, emulatorEnv, logTail, startEmulator } from '../../test-bed/emulator';
import { withEmulatorLog } from '../support/emulator-failure';
import { WORK_DIR, runTerraformAsync } from '../../tooling/terraform-cli';
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
  /** After `terraform apply plan.tfplan`: the exit code of `plan -detailed-exitcode` (0 = no changes) and its output when not 0. */
  replan?: { code: number; out: string };
  /** After apply: every resource in state, by type, with the ID and ARN the provider read. */
  state?: Record<string, { id: string; arn?: string; identifier?: string }[]>;
  /** Seconds the apply and the re-plan took. */
  applySeconds?: number;
}

interface StateJson {
  values?: { root_module?: { resources?: { type: string; mode: string; values: { id: string; arn?: string; identifier?: string } }[] } };
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
    await applyAdopted(flow);
    return flow;
  }

  /** Terraform in the verified work dir against the emulator; a failure carries its output and the emulator log's tail. */
  async function terraform(flow: Flow, args: string[], allowed = [0]): Promise<{ code: number; out: string }> {
    const res = await runTerraformAsync(path.join(flow.workDir, TERRAFORM_DIR), args, emulatorEnv(emulator));
    if (!allowed.includes(res.status)) {
      throw new Error(`terraform ${args.join(' ')} exited ${res.status} in ${flow.workDir}\n${res.stderr.trim()}\n${res.stdout.slice(-3000)}\nemulator log ${emulator.logFile}:\n${logTail(emulator.logFile, 20)}`);
    }
    return { code: res.status, out: res.stdout };
  }

  /** Applies the verified plan as written, plans again and reads the state: the proof after apply. */
  async function applyAdopted(flow: Flow): Promise<void> {
    const started = Date.now();
    await terraform(flow, ['apply', '-input=false', 'plan.tfplan']);
    flow.replan = await terraform(flow, ['plan', '-input=false', '-detailed-exitcode'], [0, 2]);
    flow.applySeconds = (Date.now() - started) / 1000;
    const state = JSON.parse((await terraform(flow, ['show', '-json'])).out) as StateJson;
    flow.state = {};
    for (const r of state.values?.root_module?.resources ?? []) {
      if (r.mode === 'managed') (flow.state[r.type] ??= []).push({ id: r.values.id, arn: r.values.arn, identifier: r.values.identifier });
    }
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

  const withLog = (fn: () => Promise<void>) => withEmulatorLog(() => emulator, () => `work: ${root}`, fn);


  /** The proof after apply: the plan after it shows no changes, and the state holds what was made out of band. */
  function expectAppliedInPlace(flow: Flow, app: RunningApp, name: string): void {
    expect({ replan: flow.replan!.code, changes: flow.replan!.code === 0 ? '' : flow.replan!.out.slice(-3000) }).toEqual({ replan: 0, changes: '' });
    const state = flow.state!;
    expect((state.aws_db_instance ?? []).map((d) => d.identifier)).toEqual([app.database]);
    expect((state.aws_lb ?? []).map((lb) => lb.arn)).toEqual([app.loadBalancerArns[0]]);
    expect((state.aws_lb_target_group ?? []).map((tg) => tg.arn)).toEqual([app.targetGroupArn]);
    expect((state.aws_kms_key ?? []).map((k) => k.arn)).toContain(app.keyArn);
    process.stdout.write(`adopt e2e: apply + re-plan of ${name} took ${flow.applySeconds!.toFixed(0)} s\n`);
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
      // applied: no changes left, and the instances (licences bound to their machine IDs) and volumes are the ones made by hand
      expectAppliedInPlace(flow, app, 'shop');
      expect(flow.state!.aws_instance.map((i) => i.id).sort()).toEqual([...app.instances].sort());
      expect(flow.state!.aws_ebs_volume.map((v) => v.id).sort()).toEqual([...app.volumes].sort());
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
      // applied: no changes left, the service is the one made by hand, rolled onto the blueprint's revision
      expectAppliedInPlace(flow, app, 'kiosk');
      expect(flow.state!.aws_ecs_service.map((s) => s.id)).toEqual([app.serviceArn]);
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
