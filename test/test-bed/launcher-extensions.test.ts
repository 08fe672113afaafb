/**
 * Every call the emulator launcher adds, exercised the way the blueprints will: the real Terraform
 * with the real AWS provider applies a configuration using each extended resource, and the plan right
 * after shows no change (the read-back matches what was set). A second phase changes every extended
 * setting, and destroy removes it all again. The RDS part (slow provider waiters) is applied once,
 * concurrently, in a configuration of its own.
 */
import { DescribeInstanceAttributeCommand, DescribeInstancesCommand, EC2Client, Instance } from '@aws-sdk/client-ec2';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { EMULATOR_GAPS } from '../../test-bed/emulator-gaps';
import { EMULATOR_REGION, Emulator, emulatorEnv, logTail, startEmulator } from '../../test-bed/emulator';
import { PROJECT_ROOT, TerraformResult, WORK_DIR, initWithoutBackend, runTerraform, terraformEnv } from '../../tooling/terraform-cli';
import { GapConfigPhase, gapConfig, rdsGapConfig } from '../support/gap-config';

jest.setTimeout(300_000);

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(value, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

/** runTerraform without blocking the event loop, so a slow apply can run beside the other steps. */
function runTerraformInBackground(cwd: string, args: string[], extraEnv: NodeJS.ProcessEnv): { result: Promise<TerraformResult>; kill(): void } {
  const child = spawn('terraform', [...args, '-no-color'], { cwd, env: terraformEnv(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const result = new Promise<TerraformResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ status: code ?? 1, stdout, stderr }));
  });
  return { result, kill: () => child.exitCode === null && child.kill('SIGTERM') };
}

describe('emulator launcher extensions under Terraform', () => {
  let emulator: Emulator;
  let dir: string;
  let rdsDir: string;
  let rdsApply: { result: Promise<TerraformResult>; kill(): void } | undefined;
  let ec2: EC2Client;

  function writeConfig(phase: GapConfigPhase): void {
    writeJson(path.join(dir, 'main.tf.json'), gapConfig(phase));
  }

  function check(res: TerraformResult, args: string[], cwd: string, allowedExitCodes: number[]): number {
    if (!allowedExitCodes.includes(res.status)) {
      throw new Error(
        `terraform ${args.join(' ')} exited ${res.status} in ${cwd}\n${res.stderr}\n${res.stdout.slice(-4000)}\n` +
          `emulator log ${emulator.logFile}:\n${logTail(emulator.logFile, 40)}`,
      );
    }
    return res.status;
  }

  /** Runs terraform against the emulator; a failure carries Terraform's output and the emulator's log. */
  function terraform(args: string[], allowedExitCodes = [0], cwd = dir): number {
    return check(runTerraform(cwd, [...args, '-input=false'], emulatorEnv(emulator), 240_000), args, cwd, allowedExitCodes);
  }

  function planExitCode(cwd = dir): number {
    return terraform(['plan', '-detailed-exitcode'], [0, 2], cwd);
  }

  async function instanceTagged(name: string): Promise<Instance> {
    const out = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: [name] }, { Name: 'instance-state-name', Values: ['running'] }] }));
    const instances = (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);
    expect(instances).toHaveLength(1);
    return instances[0];
  }

  async function terminationProtected(instanceId: string): Promise<boolean | undefined> {
    const out = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'disableApiTermination' }));
    return out.DisableApiTermination?.Value;
  }

  beforeAll(async () => {
    emulator = await startEmulator();
    const env = emulatorEnv(emulator);
    ec2 = new EC2Client({
      endpoint: emulator.endpoint,
      region: EMULATOR_REGION,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! },
      maxAttempts: 1,
    });
    fs.mkdirSync(path.join(WORK_DIR, 'test-bed'), { recursive: true });
    dir = fs.mkdtempSync(path.join(WORK_DIR, 'test-bed', 'launcher-'));
    rdsDir = fs.mkdtempSync(path.join(WORK_DIR, 'test-bed', 'launcher-rds-'));
    writeConfig('create');
    writeJson(path.join(rdsDir, 'main.tf.json'), rdsGapConfig());
    initWithoutBackend(dir);
    initWithoutBackend(rdsDir);
    rdsApply = runTerraformInBackground(rdsDir, ['apply', '-auto-approve', '-input=false'], emulatorEnv(emulator));
  });

  afterAll(async () => {
    rdsApply?.kill();
    await rdsApply?.result.catch(() => undefined);
    ec2?.destroy();
    await emulator?.stop();
  });

  it('covers every resource type the gap table lists as extended', () => {
    const resourceTypes = (config: Record<string, unknown>) => Object.keys((config as { resource: Record<string, unknown> }).resource);
    const used = new Set([...resourceTypes(gapConfig('create')), ...resourceTypes(rdsGapConfig())]);
    const extended = EMULATOR_GAPS.filter((g) => g.handling === 'extended-in-launcher' && !g.provenBy).map((g) => g.resourceType);
    expect(extended.filter((t) => !used.has(t))).toEqual([]);
    // An extension proven elsewhere names a test that exists.
    const elsewhere = EMULATOR_GAPS.filter((g) => g.provenBy).map((g) => g.provenBy as string);
    expect(elsewhere.filter((file) => !fs.existsSync(path.join(PROJECT_ROOT, file)))).toEqual([]);
  });

  it('applies every extended resource, and the plan right after shows no change', async () => {
    terraform(['apply', '-auto-approve']);
    expect(planExitCode()).toBe(0);

    const app = await instanceTagged('app');
    expect(app.Monitoring?.State).toBe('enabled');
    expect(app.MaintenanceOptions?.AutoRecovery).toBe('disabled');
    expect(await terminationProtected(app.InstanceId!)).toBe(true);
  });

  it('applies a change to every extended setting, and the plan right after shows no change', async () => {
    writeConfig('update');
    expect(planExitCode()).toBe(2);
    terraform(['apply', '-auto-approve']);
    expect(planExitCode()).toBe(0);

    const app = await instanceTagged('app');
    expect(app.Monitoring?.State).toBe('disabled');
    expect(app.MaintenanceOptions?.AutoRecovery).toBe('default');
    expect(await terminationProtected(app.InstanceId!)).toBe(false);
  });

  it('destroys it all', () => {
    terraform(['destroy', '-auto-approve']);
    const state = JSON.parse(runTerraform(dir, ['show', '-json'], emulatorEnv(emulator)).stdout || '{}');
    expect(state.values?.root_module?.resources ?? []).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies an RDS instance with Performance Insights and a parameter group, and the plan right after shows no change', async () => {
    const args = ['apply', '-auto-approve'];
    check(await rdsApply!.result, args, rdsDir, [0]);
    expect(planExitCode(rdsDir)).toBe(0);
    fs.rmSync(rdsDir, { recursive: true, force: true });
  });
});
