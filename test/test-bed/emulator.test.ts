import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import { EMULATOR_ACCOUNT_ID, Emulator, emulatorEnv, sdkConfig, startEmulator } from '../../test-bed/emulator';

/** Processes whose command line names this emulator's log file (the launcher is started with it). */
function processesNaming(logFile: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(logFile)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('AWS API emulator', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  it('listens on a loopback port and logs to .work/emulator-logs', async () => {
    expect(emulator.endpoint).toBe(`http://127.0.0.1:${emulator.port}`);
    expect(emulator.port).toBeGreaterThan(0);
    expect(emulator.logFile).toContain('/.work/emulator-logs/');
    expect(fs.existsSync(emulator.logFile)).toBe(true);
    expect(processesNaming(emulator.logFile)).toHaveLength(1);
  });

  it('answers AWS API calls as moto account 123456789012', async () => {
    expect(emulator.accountId).toBe(EMULATOR_ACCOUNT_ID);
    const identity = await new STSClient(sdkConfig(emulator)).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(EMULATOR_ACCOUNT_ID);
  });

  it('forgets everything on reset', async () => {
    const ec2 = new EC2Client(sdkConfig(emulator));
    const created = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.42.0.0/16' }));
    const vpcId = created.Vpc!.VpcId!;
    const before = await ec2.send(new DescribeVpcsCommand({}));
    expect(before.Vpcs!.map((v) => v.VpcId)).toContain(vpcId);

    await emulator.reset();

    const after = await ec2.send(new DescribeVpcsCommand({}));
    expect(after.Vpcs!.map((v) => v.VpcId)).not.toContain(vpcId);
  });

  it('answers a retry of a call that succeeded with the first answer, runs a new call anew, and logs each', async () => {
    // Under load the provider now and then loses an answer the emulator wrote; its SDK retries with
    // the same amz-sdk-invocation-id. The create must not run twice (ParameterAlreadyExists).
    const putParameter = (name: string, invocation: string, attempt: number) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const body = JSON.stringify({ Name: name, Value: 'v', Type: 'String' });
        const req = http.request(
          {
            host: '127.0.0.1',
            port: emulator.port,
            method: 'POST',
            path: '/',
            headers: {
              'Content-Type': 'application/x-amz-json-1.1',
              'X-Amz-Target': 'AmazonSSM.PutParameter',
              'amz-sdk-invocation-id': invocation,
              'amz-sdk-request': `attempt=${attempt}; max=2`,
              Authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/eu-central-1/ssm/aws4_request, SignedHeaders=host, Signature=0',
              'Content-Length': Buffer.byteLength(body),
            },
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });

    const first = await putParameter('/replay/one', 'invocation-1', 1);
    expect(first).toEqual({ status: 200, body: expect.stringContaining('"Version": 1') });
    // The SDK's retry of the same call: the first answer, and no second create.
    expect(await putParameter('/replay/one', 'invocation-1', 2)).toEqual(first);
    // Another call with the same content is another call: the real API's answer.
    const again = await putParameter('/replay/one', 'invocation-2', 1);
    expect(again.status).toBe(400);
    expect(again.body).toContain('ParameterAlreadyExists');
    // A retry of a call that failed runs again (and fails again here).
    expect((await putParameter('/replay/one', 'invocation-2', 2)).body).toContain('ParameterAlreadyExists');

    const logged = fs.readFileSync(emulator.logFile, 'utf8').split('\n').filter((l) => l.includes('AmazonSSM.PutParameter'));
    expect(logged.map((l) => l.replace(/^[\d:.]+ /, '').replace(/ \d+ ms/, ''))).toEqual([
      'POST / AmazonSSM.PutParameter 200',
      'POST / AmazonSSM.PutParameter 200 replayed: the first attempt succeeded',
      'POST / AmazonSSM.PutParameter 400',
      'POST / AmazonSSM.PutParameter 400',
    ]);
  });

  it('gives the environment that points AWS clients at it and nowhere else', () => {
    const env = emulatorEnv(emulator);
    expect(env.AWS_ENDPOINT_URL).toBe(emulator.endpoint);
    expect(env.AWS_REGION).toBe('eu-central-1');
    expect(env.AWS_EC2_METADATA_DISABLED).toBe('true');
    expect(env.HTTPS_PROXY).toBe(emulator.endpoint);
    // A developer's own profile or session must not leak into a test.
    expect('AWS_PROFILE' in env).toBe(true);
    expect(env.AWS_PROFILE).toBeUndefined();
    expect(env.AWS_SESSION_TOKEN).toBeUndefined();
  });

  it('can act as another account, and stops its whole process group and frees the port', async () => {
    const second = await startEmulator({ accountId: '111111111111' });
    expect(second.accountId).toBe('111111111111');
    const identity = await new STSClient(sdkConfig(second)).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('111111111111');
    expect(processesNaming(second.logFile)).toHaveLength(1);
    await second.stop();
    expect(processesNaming(second.logFile)).toEqual([]);
    expect(await portAcceptsConnections(second.port)).toBe(false);
    // A second stop is harmless.
    await second.stop();
  });
});
