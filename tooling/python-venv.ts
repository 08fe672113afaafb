/**
 * The project's Python tools (moto for the test bed's emulator, checkov for the policy gate) live in a project-local venv, so that
 * every developer and CI run gets the versions pinned in tooling/python-requirements.txt and nothing from
 * the machine's own site-packages.
 *
 * The venv is (re)built only when needed: a stamp file holding the hash of the requirements file is
 * written as the very last step of an install, so a changed pin reinstalls and a crashed or
 * interrupted install (no stamp, or a stale one) is thrown away and redone.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { withDirectoryLockSync } from './directory-lock';
import { PROJECT_ROOT, PrerequisiteError, WORK_DIR } from './terraform-cli';

export const VENV_DIR = path.join(PROJECT_ROOT, '.venv');
export const REQUIREMENTS_FILE = path.join(__dirname, 'python-requirements.txt');
const STAMP_NAME = '.cdktf-blueprints-requirements.sha256';
const LOCK_WAIT_MS = 15 * 60_000;

export interface PythonTools {
  python: string;
  motoServer: string;
  checkov: string;
}

/** A venv built from one requirements file; `bins` are the scripts it must end up with. */
export interface VenvSpec {
  venvDir: string;
  requirementsFile: string;
  bins: string[];
  /** Where pip's output goes. */
  installLog: string;
}

function stampFile(spec: VenvSpec): string {
  return path.join(spec.venvDir, STAMP_NAME);
}

function binPath(spec: VenvSpec, name: string): string {
  return path.join(spec.venvDir, 'bin', name);
}

function requirementsHash(spec: VenvSpec): string {
  return crypto.createHash('sha256').update(fs.readFileSync(spec.requirementsFile)).digest('hex');
}

function isInstalled(spec: VenvSpec, wanted: string): boolean {
  const stamp = stampFile(spec);
  if (!fs.existsSync(stamp)) return false;
  if (fs.readFileSync(stamp, 'utf8').trim() !== wanted) return false;
  return ['python', ...spec.bins].every((b) => fs.existsSync(binPath(spec, b)));
}

/**
 * Two processes (a jest run and a pre-install from .ci/run) may both find the venv missing; a venv
 * cannot be built aside and renamed into place (its scripts name their own absolute path), so the
 * install is serialised by an exclusive lock directory that records its owner's pid.
 */
function withInstallLock<T>(spec: VenvSpec, fn: () => T): T {
  // In the work folder (git-ignored), next to the install log.
  const lockDir = path.join(path.dirname(spec.installLog), `${path.basename(spec.venvDir)}.install-lock`);
  const timeout = () =>
    new PrerequisiteError(`another process has been installing the Python tools for too long (lock ${lockDir}); remove it if no install is running`);
  return withDirectoryLockSync(lockDir, LOCK_WAIT_MS, timeout, fn);
}

function tail(text: string, lines = 15): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

function findPython3(): string {
  // env given explicitly: PATH is looked up in it, so a caller's (or a test's) PATH is what counts.
  const res = spawnSync('python3', ['-c', 'import sys; print(sys.version_info >= (3, 9))'], { encoding: 'utf8', env: process.env });
  if (res.error) {
    throw new PrerequisiteError('python3 is not on PATH; install it (Debian/Ubuntu: apt-get install -y python3 python3-venv)');
  }
  if (res.status !== 0 || res.stdout.trim() !== 'True') {
    throw new PrerequisiteError('python3 >= 3.9 is needed for the test bed tools; install it (Debian/Ubuntu: apt-get install -y python3 python3-venv)');
  }
  return 'python3';
}

function install(spec: VenvSpec, wanted: string): void {
  const python3 = findPython3();
  fs.rmSync(spec.venvDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(spec.installLog), { recursive: true });

  const venv = spawnSync(python3, ['-m', 'venv', spec.venvDir], { encoding: 'utf8', env: process.env });
  if (venv.status !== 0) {
    fs.rmSync(spec.venvDir, { recursive: true, force: true });
    const why = tail(`${venv.stderr ?? ''}${venv.stdout ?? ''}`, 3).split('\n').pop() ?? '';
    throw new PrerequisiteError(
      `python3 -m venv failed (${why || venv.error?.message || `exit ${venv.status}`}); install the venv module (Debian/Ubuntu: apt-get install -y python3-venv)`,
    );
  }

  const pip = spawnSync(
    binPath(spec, 'python'),
    ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '-r', spec.requirementsFile],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, PIP_NO_INPUT: '1' } },
  );
  fs.writeFileSync(spec.installLog, `${pip.stdout ?? ''}\n${pip.stderr ?? ''}`);
  if (pip.status !== 0) {
    throw new PrerequisiteError(
      `pip install -r ${path.relative(PROJECT_ROOT, spec.requirementsFile)} failed (exit ${pip.status}); full log in ${spec.installLog}:\n${tail(pip.stderr ?? '')}`,
    );
  }
  const missing = spec.bins.filter((b) => !fs.existsSync(binPath(spec, b)));
  if (missing.length) throw new PrerequisiteError(`pip install -r ${spec.requirementsFile} did not install ${missing.join(', ')}`);

  const stamp = stampFile(spec);
  const tmp = `${stamp}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${wanted}\n`);
  fs.renameSync(tmp, stamp);
}

/** Builds (or rebuilds) the venv when its requirements changed or a previous install never finished. Returns whether it installed. */
export function ensureVenv(spec: VenvSpec): boolean {
  const wanted = requirementsHash(spec);
  if (isInstalled(spec, wanted)) return false;
  return withInstallLock(spec, () => {
    if (isInstalled(spec, wanted)) return false;
    install(spec, wanted);
    return true;
  });
}

const PROJECT_VENV: VenvSpec = {
  venvDir: VENV_DIR,
  requirementsFile: REQUIREMENTS_FILE,
  bins: ['moto_server', 'checkov'],
  installLog: path.join(WORK_DIR, 'python-tools-install.log'),
};

/** Makes sure the project venv holds the pinned moto and checkov, installing it if needed, and returns their paths. */
export function ensurePythonTools(): PythonTools {
  ensureVenv(PROJECT_VENV);
  return {
    python: binPath(PROJECT_VENV, 'python'),
    motoServer: binPath(PROJECT_VENV, 'moto_server'),
    checkov: binPath(PROJECT_VENV, 'checkov'),
  };
}
