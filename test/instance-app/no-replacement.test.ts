/**
 * The promise of the instance-app blueprint, checked with the real Terraform, the real AWS provider
 * and a state produced by a real `terraform apply`: once an instance exists, neither a newer image
 * matching the AMI lookup nor a different AMI ID in config replaces it. The apply runs against the
 * AWS emulator (moto plus the test bed's launcher) and targets the instances (with what they depend
 * on: security group, key, instance profile); the plans cover the whole stack. A control plan with
 * `ignore_changes` removed shows that the same change would replace the instances, so this test can
 * fail.
 */
import { CopyImageCommand, CreateSubnetCommand, CreateVpcCommand, DescribeInstancesCommand, EC2Client, Instance } from '@aws-sdk/client-ec2';
import * as fs from 'fs';
import * as path from 'path';
import { EMULATOR_ACCOUNT_ID, EMULATOR_REGION, Emulator, emulatorEnv, logTail, startEmulator } from '../../test-bed/emulator';
import { runTerraform } from '../../tooling/terraform-cli';
import { synthEnvironments, TerraformJson } from '../support/synth-stack';
import { withInstanceApp } from '../support/instance-app-config';

jest.setTimeout(600_000);

/** An image of moto's own catalogue, different from the copies the lookup finds. */
const OTHER_AMI = 'ami-1e749f67';

const STACK = 'erp-test';
const TRANSPORT_ERROR = /use of closed network connection|connection reset by peer|EOF$/m;

interface ResourceChange {
  address: string;
  type: string;
  mode: string;
  change: { actions: string[]; before: Record<string, unknown> | null; after: Record<string, unknown> | null };
}
interface PlanJson {
  resource_changes: ResourceChange[];
  prior_state?: { values?: { root_module?: { resources?: { address: string; mode: string; values: Record<string, unknown> }[] } } };
}

describe('an instance of the instance-app blueprint is never replaced', () => {
  let emulator: Emulator;
  let ec2: EC2Client;
  let stackDir: string;
  let network: Record<string, unknown>;
  let firstImage: string;
  let instanceAddresses: string[];

  const config = (ami: Record<string, unknown>) =>
    withInstanceApp('test', { ami, operatingSystem: 'AMAZON_LINUX_2023' }, { account: EMULATOR_ACCOUNT_ID, emulation: { endpoint: emulator.endpoint }, network, alerting: {} });

  function synth(ami: Record<string, unknown>): TerraformJson {
    const result = synthEnvironments({ env: config(ami) });
    return result.stacks[STACK];
  }

  /** Puts a stack's configuration (synthesized elsewhere) into the applied stack's folder, beside its state. */
  function useConfiguration(stack: TerraformJson): void {
    const file = path.join(stackDir, 'cdk.tf.json');
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(stack, null, 2));
    fs.renameSync(`${file}.tmp`, file);
  }

  /**
   * Runs terraform against the emulator. The emulated provider makes one attempt per call, and the
   * emulator's HTTP server now and then closes a kept-alive connection under a request; such a run is
   * repeated once (apply and plan are idempotent). Any other failure fails the test with its output.
   */
  function terraform(args: string[]): string {
    let res = runTerraform(stackDir, args, emulatorEnv(emulator), 300_000);
    if (res.status !== 0 && TRANSPORT_ERROR.test(res.stderr)) res = runTerraform(stackDir, args, emulatorEnv(emulator), 300_000);
    if (res.status !== 0) {
      throw new Error(`terraform ${args.join(' ')} exited ${res.status}\n${res.stderr}\n${res.stdout.slice(-3000)}\nemulator log:\n${logTail(emulator.logFile, 30)}`);
    }
    return res.stdout;
  }

  function plan(): PlanJson {
    terraform(['plan', '-input=false', '-out=tfplan']);
    return JSON.parse(terraform(['show', '-json', 'tfplan'])) as PlanJson;
  }

  const instanceChanges = (p: PlanJson) => p.resource_changes.filter((c) => c.type === 'aws_instance' && c.mode === 'managed');

  /** Not replaced, still on the first image, and nothing else about it changing. */
  function expectKept(c: ResourceChange): void {
    expect(c.change.actions).not.toContain('delete');
    expect(c.change.actions).not.toContain('create');
    expect(c.change.before?.ami).toBe(firstImage);
    expect(c.change.after?.ami).toBe(firstImage);
    const changed = Object.keys({ ...c.change.before, ...c.change.after }).filter(
      (k) => JSON.stringify(c.change.before?.[k]) !== JSON.stringify(c.change.after?.[k]),
    );
    expect(changed).toEqual([]);
  }

  async function copyImage(name: string): Promise<string> {
    const out = await ec2.send(new CopyImageCommand({ SourceImageId: OTHER_AMI, SourceRegion: EMULATOR_REGION, Name: name }));
    return out.ImageId!;
  }

  async function runningInstances(): Promise<Instance[]> {
    const out = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['running'] }] }));
    return (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);
  }

  beforeAll(async () => {
    emulator = await startEmulator();
    const { AWS_ACCESS_KEY_ID: accessKeyId = '', AWS_SECRET_ACCESS_KEY: secretAccessKey = '' } = emulatorEnv(emulator);
    ec2 = new EC2Client({ endpoint: emulator.endpoint, region: EMULATOR_REGION, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
    // The landing zone's network exists before the app; the blueprint only references it.
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!;
    const subnet = async (cidr: string, zone: string) =>
      ({ id: (await ec2.send(new CreateSubnetCommand({ VpcId: vpc.VpcId, CidrBlock: cidr, AvailabilityZone: `${EMULATOR_REGION}${zone}` }))).Subnet!.SubnetId, availabilityZone: `${EMULATOR_REGION}${zone}` });
    network = {
      vpcId: vpc.VpcId,
      vpcCidr: '10.0.0.0/16',
      privateSubnets: [await subnet('10.0.1.0/24', 'a'), await subnet('10.0.2.0/24', 'b')],
      publicSubnets: [await subnet('10.0.101.0/24', 'a'), await subnet('10.0.102.0/24', 'b')],
    };
    firstImage = await copyImage('erp-hardened-2024.01');

    const result = synthEnvironments({ env: config({ owner: 'self', namePattern: 'erp-hardened-*' }) });
    stackDir = result.stackDirs[STACK];
    instanceAddresses = Object.keys(result.stacks[STACK].resource?.aws_instance ?? {}).map((id) => `aws_instance.${id}`);
    // A full init: apply needs the (local) backend that validate-only runs skip.
    terraform(['init', '-input=false']);
    terraform(['apply', '-input=false', '-auto-approve', ...instanceAddresses.map((a) => `-target=${a}`)]);
  });

  afterAll(async () => {
    ec2?.destroy();
    await emulator?.stop();
  });

  it('applied one instance per zone from the image the lookup found', async () => {
    const instances = await runningInstances();
    expect(instanceAddresses).toHaveLength(2);
    expect(instances.map((i) => i.Placement?.AvailabilityZone).sort()).toEqual(['eu-central-1a', 'eu-central-1b']);
    expect(instances.every((i) => i.ImageId === firstImage)).toBe(true);
    expect(instances.every((i) => i.MetadataOptions?.HttpTokens === 'required' && i.MetadataOptions?.HttpPutResponseHopLimit === 1)).toBe(true);
    expect(instances.every((i) => i.Monitoring?.State === 'enabled' && i.EbsOptimized === true)).toBe(true);
  });

  it('a newer image matching the lookup replaces nothing', async () => {
    // Creation dates have one-second resolution; the lookup takes the most recent.
    await new Promise((r) => setTimeout(r, 1100));
    const newer = await copyImage('erp-hardened-2024.02');
    const result = plan();
    const lookup = result.prior_state?.values?.root_module?.resources?.find((r) => r.mode === 'data' && r.address.startsWith('data.aws_ami.'));
    expect(lookup?.values.id).toBe(newer);
    const changes = instanceChanges(result);
    expect(changes.map((c) => c.address).sort()).toEqual([...instanceAddresses].sort());
    for (const c of changes) expectKept(c);
  });

  it('a different AMI ID in config replaces nothing', () => {
    const stack = synth({ id: OTHER_AMI });
    expect(Object.values(stack.resource!.aws_instance).map((i) => i.ami)).toEqual([OTHER_AMI, OTHER_AMI]);
    useConfiguration(stack);
    const changes = instanceChanges(plan());
    expect(changes).toHaveLength(2);
    for (const c of changes) expectKept(c);
  });

  it('without ignore_changes the same config change would replace every instance (the check can fail)', () => {
    const stack = synth({ id: OTHER_AMI });
    for (const instance of Object.values(stack.resource!.aws_instance)) delete (instance.lifecycle as Record<string, unknown>).ignore_changes;
    useConfiguration(stack);
    const changes = instanceChanges(plan());
    expect(changes).toHaveLength(2);
    for (const c of changes) expect([...c.change.actions].sort()).toEqual(['create', 'delete']);
  });
});
