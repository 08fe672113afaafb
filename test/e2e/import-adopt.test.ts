/**
 * Adopting running applications into the blueprints, end to end against the AWS emulator: the apps
 * are built out of band with the SDK (test/support/running-apps.ts), then `import adopt` must write
 * the environment file, the import file and the report, and `--verify` must plan the blueprint's
 * stack with those resources imported and nothing that carries the app replaced or destroyed. A
 * resource set that does not fit must end with every misfit named and nothing written.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { main } from '../../terraform-import/cli';
import { PLAN_JSON, PLAN_SUMMARY } from '../../terraform-import/verify/verify';
import { Emulator, emulatorEnv, logTail, startEmulator } from '../../test-bed/emulator';
import { runTerraform, WORK_DIR } from '../../tooling/terraform-cli';
import { buildInstanceApp, buildMisfitApp, RunningApp } from '../support/running-apps';

jest.setTimeout(10 * 60_000);

const REGION = 'eu-central-1';
const LANDING_ZONE = ['--landing-zone-tag', 'LandingZone=true'];

describe('import adopt of running apps on the AWS emulator', () => {
  let emulator: Emulator;
  let shop: RunningApp;
  let odd: RunningApp;
  let root: string;
  const savedEnv = { ...process.env };

  async function cli(args: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const code = await main(args, (l) => lines.push(l), (l) => lines.push(l));
    return { code, out: lines.join('\n') };
  }

  beforeAll(async () => {
    emulator = await startEmulator();
    for (const [k, v] of Object.entries(emulatorEnv(emulator))) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    root = fs.mkdtempSync(path.join(fs.existsSync(WORK_DIR) ? WORK_DIR : os.tmpdir(), 'adopt-e2e-'));
    [shop, odd] = await Promise.all([buildInstanceApp(emulator), buildMisfitApp(emulator)]);
  });

  afterAll(async () => {
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

  it(
    'adopts the instance app into InstanceAppBlueprint (production): imports what carries the app, 0 replace, 0 destroy',
    withLog(async () => {
      const envFile = path.join(root, 'environments', 'shop', 'production.yaml');
      const workDir = path.join(root, 'work-shop');
      const args = ['adopt', '--blueprint', 'instance-app', '--app', 'shop', '--environment', 'production', '--tier', 'production', '--region', REGION, '--vpc', shop.vpcId, ...LANDING_ZONE, '--out', envFile];
      const { code, out } = await cli([...args, '--verify', '--work-dir', workDir]);
      expect({ code, out }).toEqual({ code: 0, out: expect.stringContaining('0 replace, 0 destroy') });

      const imports = (parse(fs.readFileSync(path.join(root, 'environments', 'shop', 'production.imports.yaml'), 'utf8')) as { imports: Record<string, string> }).imports;
      expect(imports).toEqual({
        'app/database/instance': shop.database,
        'app/database/subnet-group': `${shop.database}`,
        'app/instance-eu-central-1a-1/data-volume': shop.volumes[0],
        'app/instance-eu-central-1a-1/data-volume-attachment': `/dev/sdf:${shop.volumes[0]}:${shop.instances[0]}`,
        'app/instance-eu-central-1a-1/instance': shop.instances[0],
        'app/instance-eu-central-1b-1/data-volume': shop.volumes[1],
        'app/instance-eu-central-1b-1/data-volume-attachment': `/dev/sdf:${shop.volumes[1]}:${shop.instances[1]}`,
        'app/instance-eu-central-1b-1/instance': shop.instances[1],
        'app/kms/key': shop.keyArn.split('/').pop(),
        'app/load-balancer/alb': shop.loadBalancerArns[0],
        'app/load-balancer/https': shop.listenerArn,
        'app/load-balancer/target-group-app': shop.targetGroupArn,
      });
      const plan = JSON.parse(fs.readFileSync(path.join(workDir, PLAN_JSON), 'utf8')) as { resource_changes: { address: string; type: string; change: { actions: string[]; importing?: unknown } }[] };
      const importedTypes = plan.resource_changes.filter((c) => c.change.importing).map((c) => c.type).sort();
      expect(importedTypes).toEqual(['aws_db_instance', 'aws_db_subnet_group', 'aws_ebs_volume', 'aws_ebs_volume', 'aws_instance', 'aws_instance', 'aws_kms_key', 'aws_lb', 'aws_lb_listener', 'aws_lb_target_group', 'aws_volume_attachment', 'aws_volume_attachment']);
      expect(plan.resource_changes.filter((c) => c.change.actions.includes('delete')).map((c) => c.address)).toEqual([]);
      expect(fs.readFileSync(path.join(workDir, PLAN_SUMMARY), 'utf8')).toMatch(/^12 to import, \d+ to add, \d+ to change, 0 to destroy; 0 replace, 0 destroy/);

      // the hand-set password is in no file written
      for (const file of [envFile, envFile.replace('.yaml', '.imports.yaml'), envFile.replace('.yaml', '.adoption.md'), path.join(workDir, PLAN_JSON), path.join(workDir, PLAN_SUMMARY)]) {
        expect([file, fs.readFileSync(file, 'utf8').includes(shop.databasePassword)]).toEqual([file, false]);
      }
      const report = fs.readFileSync(envFile.replace('.yaml', '.adoption.md'), 'utf8');
      expect(report).toContain('## Adopted (12)');
      expect(report).toMatch(/master password set by hand/);
      expect(report).toMatch(/AWS Backup/);

      const tfDir = path.join(workDir, 'terraform');
      const apply = runTerraform(tfDir, ['apply', '-input=false', '-auto-approve', 'plan.tfplan']);
      expect({ status: apply.status, stderr: apply.stderr }).toEqual({ status: 0, stderr: '' });
      const again = runTerraform(tfDir, ['plan', '-input=false', '-detailed-exitcode']);
      expect({ status: again.status, stderr: again.stderr, out: again.stdout.slice(-300) }).toEqual({ status: 0, stderr: '', out: expect.stringContaining('No changes') });
      const state = JSON.parse(runTerraform(tfDir, ['show', '-json']).stdout) as { values: { root_module: { resources: { type: string; values: { id: string } }[] } } };
      expect(state.values.root_module.resources.filter((r) => r.type === 'aws_instance').map((r) => r.values.id).sort()).toEqual([...shop.instances].sort());
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
