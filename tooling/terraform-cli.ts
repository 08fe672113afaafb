/**
 * Runs the real Terraform CLI against synthesized stacks without registry access.
 *
 * Terraform must find hashicorp/aws in a filesystem mirror, because these machines (and most CI
 * runners behind a proxy) cannot reach the registry. The mirror is taken from
 * `CDKTF_BLUEPRINTS_PROVIDER_MIRROR`, else the first well-known plugin directory that holds
 * hashicorp/aws. A CLI config naming it is written under `.work/` and handed to every Terraform
 * child process through `TF_CLI_CONFIG_FILE`; a shared plugin cache makes each `init` a symlink
 * instead of a 700 MB copy.
 */
import { execFileSync, spawn, spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const WORK_DIR = path.join(PROJECT_ROOT, '.work');
export const AWS_PROVIDER_VERSION = '5.100.0';
/** The `terraform.required_providers` block of a hand-written Terraform JSON config (tests, cache warm-up). */
export const AWS_REQUIRED_PROVIDERS = { aws: { source: 'hashicorp/aws', version: AWS_PROVIDER_VERSION } } as const;
const AWS_PROVIDER_PATH = 'registry.terraform.io/hashicorp/aws';

/** A missing prerequisite: the message says what to install or set. */
export class PrerequisiteError extends Error {}

function mirrorCandidates(): string[] {
  const home = os.homedir();
  return [
    '/opt/tf-plugins',
    path.join(home, '.terraform.d', 'plugins'),
    path.join(home, '.local', 'share', 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ];
}

function holdsAwsProvider(dir: string): boolean {
  return fs.existsSync(path.join(dir, AWS_PROVIDER_PATH, AWS_PROVIDER_VERSION));
}

/** The filesystem mirror that holds hashicorp/aws, or a PrerequisiteError saying how to provide one. */
export function findProviderMirror(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.CDKTF_BLUEPRINTS_PROVIDER_MIRROR;
  if (configured) {
    if (!holdsAwsProvider(configured)) {
      throw new PrerequisiteError(
        `CDKTF_BLUEPRINTS_PROVIDER_MIRROR=${configured} does not contain ${AWS_PROVIDER_PATH}/${AWS_PROVIDER_VERSION}`,
      );
    }
    return configured;
  }
  const found = mirrorCandidates().find(holdsAwsProvider);
  if (!found) {
    throw new PrerequisiteError(
      `no filesystem mirror of ${AWS_PROVIDER_PATH} ${AWS_PROVIDER_VERSION} found in ${mirrorCandidates().join(', ')}; ` +
        'set CDKTF_BLUEPRINTS_PROVIDER_MIRROR to a directory laid out as <dir>/registry.terraform.io/hashicorp/aws/5.100.0/<os_arch>/ ' +
        '(e.g. made with `terraform providers mirror` on a machine with registry access)',
    );
  }
  return found;
}

/** Checks that the terraform binary is on PATH and returns its version. */
export function terraformVersion(): string {
  try {
    const out = execFileSync('terraform', ['version', '-json'], { encoding: 'utf8', env: terraformEnv() });
    return JSON.parse(out).terraform_version as string;
  } catch (err) {
    throw new PrerequisiteError(
      `terraform is not runnable (${(err as Error).message.split('\n')[0]}); install Terraform >= 1.11 and put it on PATH`,
    );
  }
}

let cliConfigFile: string | undefined;

/** Writes (once per process) the CLI config that points Terraform at the mirror and the shared plugin cache. */
export function terraformCliConfigFile(): string {
  if (cliConfigFile) return cliConfigFile;
  const mirror = findProviderMirror();
  const cacheDir = path.join(WORK_DIR, 'plugin-cache');
  fs.mkdirSync(cacheDir, { recursive: true });
  const file = path.join(WORK_DIR, 'terraformrc');
  const body = [
    `plugin_cache_dir = ${JSON.stringify(cacheDir)}`,
    'plugin_cache_may_break_dependency_lock_file = true',
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(mirror)}`,
    '    include = ["registry.terraform.io/hashicorp/*"]',
    '  }',
    '  direct {',
    '    exclude = ["registry.terraform.io/hashicorp/*"]',
    '  }',
    '}',
    '',
  ].join('\n');
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, body);
  fs.renameSync(tmp, file);
  cliConfigFile = file;
  return file;
}

/**
 * Set to `registry` where Terraform should install providers the usual way (a CI runner with registry
 * access and no mirror); unset, the offline mirror is required and its absence is a PrerequisiteError.
 */
export const PROVIDER_SOURCE_VARIABLE = 'CDKTF_BLUEPRINTS_PROVIDER_SOURCE';

/**
 * Environment for Terraform child processes: no prompts, no colour, no telemetry, and the providers from
 * the offline mirror — unless the caller or the user gives a CLI config of their own, or asks for the
 * registry.
 */
export function terraformEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    ...extra,
  };
  // A config file that does not exist is no choice of the user's (Terraform only warns about it, and
  // some images set TF_CLI_CONFIG_FILE to a file they never write): the mirror is used then.
  const ownConfig = extra.TF_CLI_CONFIG_FILE ?? (env.TF_CLI_CONFIG_FILE && fs.existsSync(env.TF_CLI_CONFIG_FILE) ? env.TF_CLI_CONFIG_FILE : undefined);
  if (ownConfig) env.TF_CLI_CONFIG_FILE = ownConfig;
  else if (env[PROVIDER_SOURCE_VARIABLE] === 'registry') delete env.TF_CLI_CONFIG_FILE;
  else env.TF_CLI_CONFIG_FILE = terraformCliConfigFile();
  return env;
}

export interface TerraformResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Terraform's command line for `args`: always without colour codes, the output is read by code. */
function terraformArgs(args: string[]): string[] {
  return [...args, '-no-color'];
}

function couldNotRun(args: string[], err: Error): PrerequisiteError {
  return new PrerequisiteError(`terraform ${args[0]} could not run: ${err.message}`);
}

/** Runs `terraform <args>` in `cwd`; never throws on a non-zero exit, the caller decides. */
export function runTerraform(cwd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}, timeoutMs = 600_000): TerraformResult {
  const res: SpawnSyncReturns<string> = spawnSync('terraform', terraformArgs(args), {
    cwd,
    env: terraformEnv(extraEnv),
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    timeout: timeoutMs,
  });
  if (res.error) throw couldNotRun(args, res.error);
  return { status: res.status ?? 1, stdout: res.stdout, stderr: res.stderr };
}

/**
 * runTerraform without blocking the event loop, so several stacks deploy at the same time. A run
 * that outlives `timeoutMs` is killed and reported as failed (its stderr says so), not thrown.
 */
export function runTerraformAsync(cwd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}, timeoutMs = 15 * 60_000): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', terraformArgs(args), { cwd, env: terraformEnv(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${timeoutMs / 1000} s)`;
      child.kill('SIGTERM');
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(couldNotRun(args, err));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? 1, stdout, stderr });
    });
  });
}

/** Like runTerraform but throws with Terraform's own output when the command fails. */
export function terraformOrThrow(cwd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}, timeoutMs?: number): string {
  const res = runTerraform(cwd, args, extraEnv, timeoutMs);
  if (res.status !== 0) {
    throw new Error(`terraform ${args.join(' ')} failed in ${cwd} (exit ${res.status}):\n${res.stderr}\n${res.stdout}`);
  }
  return res.stdout;
}

/** `terraform init` without a backend: enough for validate and for plans against a local state. */
export function initWithoutBackend(stackDir: string): void {
  terraformOrThrow(stackDir, ['init', '-backend=false', '-input=false']);
}

/**
 * Runs one `terraform init` of the AWS provider, so the shared plugin cache holds it before several
 * processes (jest workers, parallel stacks) init at once: Terraform does not promise that filling
 * the cache is safe for concurrent inits, only reading it.
 */
export function warmPluginCache(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-blueprints-warm-'));
  try {
    const config = { terraform: { required_providers: AWS_REQUIRED_PROVIDERS } };
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config));
    initWithoutBackend(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
