/**
 * Synthesis of the generated app (verify.ts `synthesize`): its TypeScript is transpiled in the calling
 * process (transpile-app.ts) and run by a plain `node` (synth-loader.js) instead of ts-node. The
 * configuration must be the one the app gives when users run it as cdktf.json says (ts-node), and a
 * broken stack file must fail with the error at its place in the TypeScript.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { writeFilesAtomic } from '../../terraform-import/atomic-write';
import { ref } from '../../terraform-import/discovery/model';
import { APP_FILE, generateStack, STACK_FILE, STACK_NAME, toolkitRootFor } from '../../terraform-import/generate/generate-stack';
import { buildManifest } from '../../terraform-import/manifest/manifest';
import { synthesize, VerifyError } from '../../terraform-import/verify/verify';
import { PROJECT_ROOT } from '../../tooling/terraform-cli';
import { discovered } from '../support/discovered-resource';
import { tempDir } from '../support/synth-stack';

const resources = [
  discovered('aws_vpc', 'vpc-1', { cidrBlock: '10.0.0.0/16' }),
  discovered('aws_security_group', 'sg-1', { name: 'web', description: 'web', vpcId: ref('vpc-1') }),
  discovered('aws_vpc_security_group_ingress_rule', 'sgr-1', { securityGroupId: ref('sg-1'), ipProtocol: 'tcp', fromPort: 443, toPort: 443, referencedSecurityGroupId: ref('sg-1') }),
  discovered('aws_ssm_parameter', '/app/key', { name: '/app/key', type: 'SecureString', value: 'set-outside-terraform' }, { secretArguments: ['value'] }),
];

/** A generated app in a fresh folder under the project's work folder. */
function generatedApp(prefix: string): string {
  const dir = tempDir(prefix);
  const files = generateStack(buildManifest('eu-central-1', resources, {}), { toolkitRoot: toolkitRootFor(dir) });
  writeFilesAtomic(Object.fromEntries(Object.entries(files).map(([f, c]) => [path.join(dir, f), c])));
  return dir;
}

function synthesisError(dir: string): string {
  try {
    synthesize(dir);
  } catch (err) {
    if (err instanceof VerifyError) return err.message;
    throw err;
  }
  throw new Error(`synthesizing ${dir} did not fail`);
}

describe('synthesis of the generated app', () => {
  it('gives the configuration the app gives under ts-node, byte for byte', () => {
    const dir = generatedApp('synth-same');
    const ours = fs.readFileSync(synthesize(dir), 'utf8');
    // under ts-node, as cdktf.json runs the app and verify ran it before, into a folder of its own
    const tsNodeOut = path.join(dir, 'ts-node.out');
    const res = spawnSync(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), APP_FILE], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        CDKTF_OUTDIR: tsNodeOut,
        NODE_PATH: path.join(PROJECT_ROOT, 'node_modules'),
        TS_NODE_COMPILER_OPTIONS: JSON.stringify({ module: 'commonjs', target: 'es2022', esModuleInterop: true, strict: true }),
        TS_NODE_SKIP_PROJECT: 'true',
      },
    });
    expect({ status: res.status, stderr: res.stderr }).toEqual({ status: 0, stderr: '' });
    // same imports, references and secrets handling: nothing the plan is proven on differs
    expect(ours).toBe(fs.readFileSync(path.join(tsNodeOut, 'stacks', STACK_NAME, 'cdk.tf.json'), 'utf8'));
    expect(JSON.parse(ours).import).toHaveLength(resources.length);
  });

  it('reports an error the stack throws at its line in the TypeScript, not in the JavaScript it ran', () => {
    const dir = generatedApp('synth-throws');
    const file = path.join(dir, STACK_FILE);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    // after the props interface, which the JavaScript no longer has: its lines differ from here on
    const at = lines.findIndex((l) => l.includes('super(scope, id);')) + 1;
    lines.splice(at, 0, "    throw new Error('hand edit gone wrong');");
    fs.writeFileSync(file, lines.join('\n'));
    const message = synthesisError(dir);
    expect(message).toContain('Error: hand edit gone wrong');
    // line numbers are 1-based: the inserted line is number at + 1
    expect(message).toContain(`(${file}:${at + 1}:11)`);
  });

  it('rejects a stack file that is not TypeScript with file, line and column, and writes no configuration', () => {
    const dir = generatedApp('synth-syntax');
    const file = path.join(dir, STACK_FILE);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('super(scope, id);'));
    lines[at] = '    super(scope, id;';
    fs.writeFileSync(file, lines.join('\n'));
    expect(synthesisError(dir)).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:${at + 1}:\\d+: '\\)' expected`));
    expect(fs.existsSync(path.join(dir, 'cdktf.out'))).toBe(false);
  });
});
