/**
 * Every call the emulator launcher adds, exercised the way the blueprints will: the real Terraform
 * with the real AWS provider applies a configuration using each extended resource, and the plan right
 * after shows no change (the read-back matches what was set). A second phase changes every extended
 * setting, and destroy removes it all again.
 */
// The project runs on Node 20 (engines >= 20); the SDK's notice about its future Node 22 floor is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { DescribeInstanceAttributeCommand, DescribeInstancesCommand, EC2Client, Instance } from '@aws-sdk/client-ec2';
import * as fs from 'fs';
import * as path from 'path';
import { EMULATOR_GAPS } from '../../test-bed/emulator-gaps';
import { EMULATOR_REGION, Emulator, emulatorEnv, logTail, startEmulator } from '../../test-bed/emulator';
import { WORK_DIR, initWithoutBackend, runTerraform } from '../../tooling/terraform-cli';
import { GapConfigPhase, gapConfig } from './gap-config';

jest.setTimeout(300_000);

describe('emulator launcher extensions under Terraform', () => {
  let emulator: Emulator;
  let dir: string;
  let ec2: EC2Client;

  function writeConfig(phase: GapConfigPhase): void {
    const file = path.join(dir, 'main.tf.json');
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(gapConfig(phase), null, 2));
    fs.renameSync(`${file}.tmp`, file);
  }

  /** Runs terraform against the emulator; a failure carries Terraform's output and the emulator's log. */
  function terraform(args: string[], allowedExitCodes = [0]): number {
    const res = runTerraform(dir, [...args, '-input=false'], emulatorEnv(emulator), 240_000);
    if (!allowedExitCodes.includes(res.status)) {
      throw new Error(
        `terraform ${args.join(' ')} exited ${res.status} in ${dir}\n${res.stderr}\n${res.stdout.slice(-4000)}\n` +
          `emulator log ${emulator.logFile}:\n${logTail(emulator.logFile, 40)}`,
      );
    }
    return res.status;
  }

  function planExitCode(): number {
    return terraform(['plan', '-detailed-exitcode'], [0, 2]);
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
    writeConfig('create');
    initWithoutBackend(dir);
  });

  afterAll(async () => {
    ec2?.destroy();
    await emulator?.stop();
  });

  it('covers every resource type the gap table lists as extended', () => {
    const used = new Set(Object.keys((gapConfig('create') as { resource: Record<string, unknown> }).resource));
    const extended = EMULATOR_GAPS.filter((g) => g.handling === 'extended-in-launcher').map((g) => g.resourceType);
    expect(extended.filter((t) => !used.has(t))).toEqual([]);
  });

  it('applies every extended resource, and the plan right after shows no change', async () => {
    terraform(['apply', '-auto-approve']);
    expect(planExitCode()).toBe(0);

    const app = await instanceTagged('app');
    expect(app.Monitoring?.State).toBe('enabled');
    expect(app.MaintenanceOptions?.AutoRecovery).toBe('default');
    expect(await terminationProtected(app.InstanceId!)).toBe(true);
  });

  it('applies a change to every extended setting, and the plan right after shows no change', async () => {
    writeConfig('update');
    expect(planExitCode()).toBe(2);
    terraform(['apply', '-auto-approve']);
    expect(planExitCode()).toBe(0);

    const app = await instanceTagged('app');
    expect(app.Monitoring?.State).toBe('disabled');
    expect(app.MaintenanceOptions?.AutoRecovery).toBe('disabled');
    expect(await terminationProtected(app.InstanceId!)).toBe(false);
  });

  it('destroys it all', () => {
    terraform(['destroy', '-auto-approve']);
    const state = JSON.parse(runTerraform(dir, ['show', '-json'], emulatorEnv(emulator)).stdout || '{}');
    expect(state.values?.root_module?.resources ?? []).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
