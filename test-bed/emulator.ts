/**
 * A local AWS API emulator for end-to-end tests: moto, started from test-bed/moto_launcher.py, which
 * adds the API calls moto lacks but the blueprints need (see emulator-gaps.ts).
 *
 * The launcher binds port 0 itself and reports the port it got through a file, so there is no window
 * between "find a free port" and "bind it" in which another process could take the port.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { WORK_DIR } from '../tooling/terraform-cli';
import { ensurePythonTools } from '../tooling/python-venv';

export interface Emulator {
  /** e.g. http://127.0.0.1:PORT */
  endpoint: string;
  port: number;
  /** The AWS account every request acts in (moto's 123456789012 unless startEmulator was given one). */
  accountId: string;
  /** moto's log; kept (path printed) when a test fails */
  logFile: string;
  /** POST /moto-api/reset: empties every backend without restarting the process */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** moto's fixed account ID. */
export const EMULATOR_ACCOUNT_ID = '123456789012';
export const EMULATOR_REGION = 'eu-central-1';
export const DEFAULT_EMULATOR_LOG_DIR = path.join(WORK_DIR, 'emulator-logs');
const LAUNCHER = path.join(__dirname, 'moto_launcher.py');
const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
/** Older logs are pruned at start so the log folder does not grow without bound. */
const LOGS_KEPT = 30;

/**
 * AwsProvider arguments (cdktf camelCase) for a stack that is deployed to the emulator. Spread them
 * into the AwsProvider config; the endpoint itself comes from AWS_ENDPOINT_URL (emulatorEnv), so a
 * synthesized stack does not carry a port number.
 */
export const EMULATED_PROVIDER_SETTINGS = {
  /**
   * Measured: provider 5.100.0 also works against the emulator without the three skip/path settings
   * (moto answers STS, emulatorEnv disables IMDS, and an IP endpoint makes the SDK use path style).
   * They are kept so a stack still works when the endpoint is a host name (e.g. localhost, where
   * virtual-hosted bucket names cannot resolve) or when AWS_EC2_METADATA_DISABLED is not passed.
   * skipRequestingAccountId is deliberately absent: moto answers GetCallerIdentity, and skipping it
   * would leave the provider unable to build ARNs.
   */
  skipCredentialsValidation: true,
  skipMetadataApiCheck: 'true',
  s3UsePathStyle: true,
  /**
   * A call the emulator lacks answers HTTP 500; with the default 25 retries a resource hangs for
   * minutes instead of failing. 2 (one retry) rather than 1: on a loaded machine the provider now and
   * then fails to read a complete 200 response from moto's server ("use of closed network connection");
   * with one attempt only, that failed a whole apply (2 runs in 3 under load).
   */
  maxRetries: 2,
} as const;

/** EMULATED_PROVIDER_SETTINGS as Terraform's snake_case arguments, for hand-written Terraform JSON and override files. */
export const EMULATED_PROVIDER_ARGUMENTS: Record<string, unknown> = Object.fromEntries(
  Object.entries(EMULATED_PROVIDER_SETTINGS).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]),
);

/** An image of moto's own catalogue; an AMI ID from real AWS is unknown to the emulator. */
export const EMULATOR_BASE_AMI = 'ami-1e749f67';

function pruneOldLogs(dir: string): void {
  const logs = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith('moto-') && f.endsWith('.log'))
    .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of logs.slice(LOGS_KEPT)) fs.rmSync(path.join(dir, f), { force: true });
}

export function logTail(logFile: string, lines = 25): string {
  try {
    return fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}

function request(method: 'GET' | 'POST', url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, timeout: timeoutMs, headers: { 'content-length': '0' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Emulators of this process that are still running, stopped on exit so none outlives the test run. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) killGroup(child, 'SIGKILL');
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export interface EmulatorOptions {
  logDir?: string;
  /**
   * Act as this AWS account (moto's MOTO_ACCOUNT_ID), e.g. the account a stack's provider pins with
   * allowed_account_ids. Default: moto's 123456789012.
   */
  accountId?: string;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const accountId = opts.accountId ?? EMULATOR_ACCOUNT_ID;
  if (!/^\d{12}$/.test(accountId)) throw new Error(`emulator accountId must be 12 digits, got "${accountId}"`);
  const { python } = ensurePythonTools();
  const logDir = opts.logDir ?? DEFAULT_EMULATOR_LOG_DIR;
  fs.mkdirSync(logDir, { recursive: true });
  pruneOldLogs(logDir);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const logFile = path.join(logDir, `moto-${stamp}-${process.pid}.log`);
  const portFile = `${logFile}.port`;
  const logFd = fs.openSync(logFile, 'a');

  // detached: the launcher leads its own process group, so stop() can end it and anything it spawned.
  const child = spawn(python, [LAUNCHER, '--host', '127.0.0.1', '--port-file', portFile, '--parent-pid', String(process.pid)], {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1', MOTO_ACCOUNT_ID: accountId },
  });
  fs.closeSync(logFd);
  // A test that forgets stop() must not keep jest alive; the exit hook and the launcher's parent watch clean up.
  child.unref();
  running.add(child);
  installExitHook();
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exitedPromise.then(() => running.delete(child));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  let spawnFailure: Error | undefined;
  spawnError.then((e) => (spawnFailure = e));

  const fail = async (why: string): Promise<never> => {
    killGroup(child, 'SIGKILL');
    fs.rmSync(portFile, { force: true });
    throw new Error(`the AWS emulator did not start: ${why}; log ${logFile}:\n${logTail(logFile)}`);
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  let port = 0;
  while (!port) {
    if (spawnFailure) return fail(spawnFailure.message);
    if (exited(child)) return fail(`the launcher exited (code ${child.exitCode}, signal ${child.signalCode})`);
    if (Date.now() > deadline) return fail(`no port reported within ${START_TIMEOUT_MS / 1000} s`);
    if (fs.existsSync(portFile)) port = Number(fs.readFileSync(portFile, 'utf8').trim());
    else await delay(100);
  }
  fs.rmSync(portFile, { force: true });
  const endpoint = `http://127.0.0.1:${port}`;

  for (;;) {
    if (exited(child)) return fail(`the launcher exited (code ${child.exitCode}, signal ${child.signalCode})`);
    if (Date.now() > deadline) return fail(`${endpoint} did not answer within ${START_TIMEOUT_MS / 1000} s`);
    try {
      const res = await request('GET', `${endpoint}/moto-api/config`, 2_000);
      if (res.status >= 200 && res.status < 300) break;
    } catch {
      // Not listening yet.
    }
    await delay(100);
  }

  let stopped = false;
  return {
    endpoint,
    port,
    accountId,
    logFile,
    async reset() {
      const res = await request('POST', `${endpoint}/moto-api/reset`, 30_000);
      if (res.status !== 200) throw new Error(`emulator reset failed (HTTP ${res.status}); log ${logFile}:\n${logTail(logFile)}`);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (exited(child)) return;
      killGroup(child, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), STOP_GRACE_MS);
      });
      const gone = await Promise.race([exitedPromise.then(() => false), timedOut]);
      clearTimeout(timer);
      if (gone) {
        killGroup(child, 'SIGKILL');
        await exitedPromise;
      }
      running.delete(child);
    },
  };
}

/** Env for terraform / AWS SDK child processes pointing at the emulator. */
export function emulatorEnv(e: Emulator): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL: e.endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: EMULATOR_REGION,
    AWS_DEFAULT_REGION: EMULATOR_REGION,
    AWS_EC2_METADATA_DISABLED: 'true',
    // Whatever the developer's own AWS setup says must not leak into a test: no profile, no session,
    // no shared config or credentials files (undefined drops a variable from a child's environment).
    AWS_PROFILE: undefined,
    AWS_DEFAULT_PROFILE: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_SECURITY_TOKEN: undefined,
    AWS_ROLE_ARN: undefined,
    AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    // S3 Control (aws_s3_account_public_access_block) puts the account ID in front of the endpoint's
    // host (123456789012.127.0.0.1), which no resolver knows. Go never proxies loopback addresses, so
    // with the emulator as the HTTP proxy only such prefixed hosts go through it, and the emulator
    // (werkzeug accepts absolute request URIs) answers them itself. HTTPS goes to the same proxy so a
    // call that somehow escaped AWS_ENDPOINT_URL fails instead of reaching real AWS.
    HTTP_PROXY: e.endpoint,
    http_proxy: e.endpoint,
    HTTPS_PROXY: e.endpoint,
    https_proxy: e.endpoint,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  };
}

/** AWS SDK v3 client settings for talking to the emulator directly (one attempt: a failure is a finding). */
export function sdkConfig(emulator: Emulator) {
  const env = emulatorEnv(emulator);
  return {
    endpoint: emulator.endpoint,
    region: EMULATOR_REGION,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! },
    maxAttempts: 1,
  };
}
