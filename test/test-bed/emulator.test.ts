// The project runs on Node 20 (engines >= 20); the SDK's notice about its future Node 22 floor is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import { EMULATOR_ACCOUNT_ID, EMULATOR_REGION, Emulator, emulatorEnv, startEmulator } from '../../test-bed/emulator';

function sdkConfig(e: Emulator) {
  const env = emulatorEnv(e);
  return {
    endpoint: e.endpoint,
    region: EMULATOR_REGION,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! },
    maxAttempts: 1,
  };
}

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

  it('keeps a connection open across requests and answers many at once, each exactly once, in its log', async () => {
    // Werkzeug's development server closed every connection after one answer; under load clients
    // then lost answers and the SDK retried creates that had happened. The launcher serves with waitress.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    let sockets = 0;
    const putParameter = (name: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const body = JSON.stringify({ Name: name, Value: 'v', Type: 'String' });
        const req = http.request(
          {
            host: '127.0.0.1',
            port: emulator.port,
            method: 'POST',
            path: '/',
            agent,
            headers: {
              'Content-Type': 'application/x-amz-json-1.1',
              'X-Amz-Target': 'AmazonSSM.PutParameter',
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
        req.on('socket', (socket) => {
          if (!(socket as net.Socket & { counted?: boolean }).counted) {
            (socket as net.Socket & { counted?: boolean }).counted = true;
            sockets++;
          }
        });
        req.on('error', reject);
        req.end(body);
      });

    for (let i = 0; i < 5; i++) expect((await putParameter(`/keep-alive/${i}`)).status).toBe(200);
    expect(sockets).toBe(1);

    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => putParameter(`/concurrent/${i}`)));
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    expect(sockets).toBeLessThanOrEqual(16);
    agent.destroy();
    const logged = fs.readFileSync(emulator.logFile, 'utf8').split('\n').filter((l) => / POST \/ AmazonSSM\.PutParameter 200 \d+ ms$/.test(l));
    expect(logged).toHaveLength(205);
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
