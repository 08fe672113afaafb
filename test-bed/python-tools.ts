/**
 * The test bed's Python tools (the moto emulator and checkov) live in a project-local venv, so that
 * every developer and CI run gets the versions pinned in test-bed/requirements.txt and nothing from
 * the machine's own site-packages.
 *
 * The venv is (re)built only when needed: a stamp file holding the hash of requirements.txt is
 * written as the very last step of an install, so a changed pin reinstalls and a crashed or
 * interrupted install (no stamp, or a stale one) is thrown away and redone.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT, PrerequisiteError, WORK_DIR } from '../tooling/terraform-cli';

export const VENV_DIR = path.join(PROJECT_ROOT, '.venv');
export const REQUIREMENTS_FILE = path.join(__dirname, 'requirements.txt');
const STAMP_FILE = path.join(VENV_DIR, '.cdktf-blueprints-requirements.sha256');
const LOCK_DIR = path.join(PROJECT_ROOT, '.venv.install-lock');
const INSTALL_LOG = path.join(WORK_DIR, 'python-tools-install.log');
const LOCK_WAIT_MS = 15 * 60_000;

export interface PythonTools {
  python: string;
  motoServer: string;
  checkov: string;
}

function toolPaths(): PythonTools {
  const bin = path.join(VENV_DIR, 'bin');
  return { python: path.join(bin, 'python'), motoServer: path.join(bin, 'moto_server'), checkov: path.join(bin, 'checkov') };
}

function requirementsHash(): string {
  return crypto.createHash('sha256').update(fs.readFileSync(REQUIREMENTS_FILE)).digest('hex');
}

function isInstalled(wanted: string): boolean {
  if (!fs.existsSync(STAMP_FILE)) return false;
  if (fs.readFileSync(STAMP_FILE, 'utf8').trim() !== wanted) return false;
  return Object.values(toolPaths()).every((p) => fs.existsSync(p));
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Two processes (a jest run and a pre-install from .ci/run) may both find the venv missing; a venv
 * cannot be built aside and renamed into place (its scripts name their own absolute path), so the
 * install is serialised by an exclusive lock directory that records its owner's pid.
 */
function withInstallLock<T>(fn: () => T): T {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      fs.writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner = NaN;
      try {
        owner = Number(fs.readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'));
      } catch {
        // The owner may not have written its pid yet; treat it as alive for this round.
      }
      if (Number.isInteger(owner) && !pidAlive(owner)) {
        fs.rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new PrerequisiteError(`another process has been installing the Python tools for too long (lock ${LOCK_DIR}); remove it if no install is running`);
      }
      sleepSync(500);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

function tail(text: string, lines = 15): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

function findPython3(): string {
  const res = spawnSync('python3', ['-c', 'import sys; print(sys.version_info >= (3, 9))'], { encoding: 'utf8' });
  if (res.error) {
    throw new PrerequisiteError('python3 is not on PATH; install it (Debian/Ubuntu: apt-get install -y python3 python3-venv)');
  }
  if (res.status !== 0 || res.stdout.trim() !== 'True') {
    throw new PrerequisiteError('python3 >= 3.9 is needed for the test bed tools; install it (Debian/Ubuntu: apt-get install -y python3 python3-venv)');
  }
  return 'python3';
}

function install(wanted: string): void {
  const python3 = findPython3();
  fs.rmSync(VENV_DIR, { recursive: true, force: true });
  fs.mkdirSync(WORK_DIR, { recursive: true });

  const venv = spawnSync(python3, ['-m', 'venv', VENV_DIR], { encoding: 'utf8' });
  if (venv.status !== 0) {
    fs.rmSync(VENV_DIR, { recursive: true, force: true });
    const why = tail(`${venv.stderr ?? ''}${venv.stdout ?? ''}`, 3).split('\n').pop() ?? '';
    throw new PrerequisiteError(
      `python3 -m venv failed (${why || venv.error?.message || `exit ${venv.status}`}); install the venv module (Debian/Ubuntu: apt-get install -y python3-venv)`,
    );
  }

  const pip = spawnSync(
    toolPaths().python,
    ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '-r', REQUIREMENTS_FILE],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, PIP_NO_INPUT: '1' } },
  );
  fs.writeFileSync(INSTALL_LOG, `${pip.stdout ?? ''}\n${pip.stderr ?? ''}`);
  if (pip.status !== 0) {
    throw new PrerequisiteError(
      `pip install -r ${path.relative(PROJECT_ROOT, REQUIREMENTS_FILE)} failed (exit ${pip.status}); full log in ${INSTALL_LOG}:\n${tail(pip.stderr ?? '')}`,
    );
  }

  const tmp = `${STAMP_FILE}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${wanted}\n`);
  fs.renameSync(tmp, STAMP_FILE);
}

/** Makes sure the project venv holds the pinned moto and checkov, installing it if needed, and returns their paths. */
export function ensurePythonTools(): PythonTools {
  const wanted = requirementsHash();
  if (isInstalled(wanted)) return toolPaths();
  withInstallLock(() => {
    if (!isInstalled(wanted)) install(wanted);
  });
  return toolPaths();
}
