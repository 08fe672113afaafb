import * as fs from 'fs';
import * as path from 'path';
import { VenvSpec, ensurePythonTools, ensureVenv } from '../../tooling/python-venv';
import { PrerequisiteError, WORK_DIR } from '../../tooling/terraform-cli';

jest.setTimeout(120_000);

/**
 * The install logic on a small venv of its own (the project's takes ~45 s to build): pip installs
 * a requirements file that pins only pip itself, which is already in a fresh venv, so no download.
 */
describe('python tools venv', () => {
  let root: string;
  let spec: VenvSpec;
  const stamp = () => fs.readFileSync(path.join(spec.venvDir, '.cdktf-blueprints-requirements.sha256'), 'utf8');

  beforeAll(() => {
    fs.mkdirSync(path.join(WORK_DIR, 'test-bed'), { recursive: true });
    root = fs.mkdtempSync(path.join(WORK_DIR, 'test-bed', 'venv-'));
    fs.writeFileSync(path.join(root, 'requirements.txt'), '# nothing beyond what venv brings\n');
    spec = { venvDir: path.join(root, 'venv'), requirementsFile: path.join(root, 'requirements.txt'), bins: ['pip'], installLog: path.join(root, 'install.log') };
  });

  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('creates the venv once, and leaves it alone while the requirements are unchanged', () => {
    expect(ensureVenv(spec)).toBe(true);
    expect(fs.existsSync(path.join(spec.venvDir, 'bin', 'python'))).toBe(true);
    const firstStamp = stamp();
    expect(ensureVenv(spec)).toBe(false);
    expect(stamp()).toBe(firstStamp);
  });

  it('reinstalls when a pin changes', () => {
    const before = stamp();
    fs.appendFileSync(spec.requirementsFile, '# a changed pin\n');
    expect(ensureVenv(spec)).toBe(true);
    expect(stamp()).not.toBe(before);
  });

  it('redoes an install that never finished (no stamp written)', () => {
    fs.rmSync(path.join(spec.venvDir, '.cdktf-blueprints-requirements.sha256'));
    fs.rmSync(path.join(spec.venvDir, 'bin', 'pip'));
    expect(ensureVenv(spec)).toBe(true);
    expect(fs.existsSync(path.join(spec.venvDir, 'bin', 'pip'))).toBe(true);
  });

  it('says what to install when python3 is missing', () => {
    const savedPath = process.env.PATH;
    const emptyBin = path.join(root, 'empty-bin');
    fs.mkdirSync(emptyBin, { recursive: true });
    fs.rmSync(spec.venvDir, { recursive: true, force: true });
    process.env.PATH = emptyBin;
    try {
      expect(() => ensureVenv(spec)).toThrow(PrerequisiteError);
      expect(() => ensureVenv(spec)).toThrow(/python3 is not on PATH.*apt-get install -y python3 python3-venv/);
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('has the project venv with moto and checkov', () => {
    const tools = ensurePythonTools();
    for (const tool of [tools.python, tools.motoServer, tools.checkov]) expect(fs.existsSync(tool)).toBe(true);
  });
});
