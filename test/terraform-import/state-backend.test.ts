/**
 * The generated stack's state backend (`generate`/`onboard --backend local|s3|gitlab`): the options
 * become the project's BackendConfig, checked by its schema; the generated app hands it to the
 * project's stacks/state-backend.ts (no second implementation), so the stack synthesizes each backend
 * the way the blueprints' stacks do; verify plans with the local one against the emulator, and gets
 * GitLab's address from the pipeline's variables.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { main } from '../../terraform-import/cli';
import { HELP, parseArgs } from '../../terraform-import/cli-args';
import { BACKEND_FILE, STACK_FILE } from '../../terraform-import/generate/generate-stack';
import { backendEnv, PLAN_SUMMARY, synthesize, TERRAFORM_DIR, VerifyError } from '../../terraform-import/verify/verify';
import { useImportEmulator } from '../support/import-type-test';
import { tempDir } from '../support/synth-stack';

describe('state backend of the generated stack', () => {
  const { sdk } = useImportEmulator();
  let manifest: string;
  let root: string;

  /** Runs the CLI in this process; output and exit code. */
  async function cli(args: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const code = await main(args, (l) => lines.push(l), (l) => lines.push(l));
    return { code, out: lines.join('\n') };
  }

  beforeAll(async () => {
    const logs = new CloudWatchLogsClient(sdk());
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/backend/test' }));
    logs.destroy();
    root = tempDir('import-backend');
    manifest = path.join(root, 'manifest.yaml');
    const discovered = await cli(['discover', '--region', 'eu-central-1', '--types', 'aws_cloudwatch_log_group', '--manifest', manifest]);
    expect(discovered).toEqual({ code: 0, out: expect.stringContaining('1 import') });
  });

  it('takes the backend options as the project\'s BackendConfig and rejects bad ones with one line', () => {
    expect(parseArgs(['generate', '--manifest', 'm', '--out', 'd'])).toMatchObject({ backend: { local: {} }, stateName: 'imported' });
    expect(
      parseArgs(['onboard', '--region', 'eu-central-1', '--out', 'd', '--backend', 's3', '--s3-bucket', 'acme-state', '--s3-key-prefix', 'imports', '--s3-region', 'eu-west-1', '--s3-kms-key-id', 'alias/state', '--state-name', 'legacy-account']),
    ).toMatchObject({ backend: { s3: { bucket: 'acme-state', keyPrefix: 'imports', region: 'eu-west-1', kmsKeyId: 'alias/state' } }, stateName: 'legacy-account' });
    expect(parseArgs(['generate', '--manifest', 'm', '--out', 'd', '--backend', 'gitlab'])).toMatchObject({ backend: { gitlab: {} } });
    const rejected: [string[], string][] = [
      [['--backend', 'consul'], '--backend: expected one of local, s3, gitlab, found "consul"'],
      [['--backend', 's3'], '--s3-bucket: required with --backend s3'],
      [['--backend', 's3', '--s3-bucket', 'Not_A_Bucket'], '--s3-bucket: an S3 bucket name'],
      [['--backend', 's3', '--s3-bucket', 'b-ok', '--s3-region', 'mars'], '--s3-region: an AWS region such as eu-central-1'],
      [['--s3-bucket', 'acme-state'], '--s3-bucket: only with --backend s3'],
      [['--backend', 'gitlab', '--state-name', 'a/b'], '--state-name: expected letters, digits, ".", "_" or "-", found "a/b"'],
    ];
    for (const [args, message] of rejected) expect(() => parseArgs(['generate', '--manifest', 'm', '--out', 'd', ...args])).toThrow(message);
    // documented where users look: generate's and onboard's --help
    for (const verb of ['generate', 'onboard'] as const) for (const option of ['--backend gitlab', '--s3-bucket B', '--s3-kms-key-id K', '--state-name NAME']) expect([verb, HELP[verb]]).toEqual([verb, expect.stringContaining(option)]);
  });

  it('synthesizes the S3 and GitLab backends through stacks/state-backend.ts', async () => {
    const synthesized = async (name: string, args: string[]) => {
      const out = path.join(root, name);
      expect(await cli(['generate', '--manifest', manifest, '--out', out, ...args])).toMatchObject({ code: 0 });
      const code = fs.readFileSync(path.join(out, STACK_FILE), 'utf8');
      // the project's backends, imported relative to the output folder
      expect(code).toContain(`import { stateBackend } from '${path.relative(out, path.resolve(__dirname, '../..'))}/stacks/state-backend';`);
      return JSON.parse(fs.readFileSync(synthesize(out), 'utf8')).terraform.backend;
    };
    // local: synthesized by the verify test below
    expect(await synthesized('s3', ['--backend', 's3', '--s3-bucket', 'acme-state', '--s3-kms-key-id', 'alias/state', '--state-name', 'legacy-account'])).toEqual({
      s3: { bucket: 'acme-state', key: 'cdktf-aws-blueprints/legacy-account.tfstate', region: 'eu-central-1', encrypt: true, kms_key_id: 'alias/state', use_lockfile: true },
    });
    // no address, no token in the code: GitLab's job variables give them at init
    expect(await synthesized('gitlab', ['--backend', 'gitlab'])).toEqual({ http: { lock_method: 'POST', unlock_method: 'DELETE', username: 'gitlab-ci-token', retry_wait_min: 5 } });
    expect(JSON.parse(fs.readFileSync(path.join(root, 'gitlab', BACKEND_FILE), 'utf8'))).toEqual({ backend: { gitlab: {} }, stateName: 'imported' });
  });

  it('verify plans with the local backend: imports only, the state file beside the synthesized config', async () => {
    const out = path.join(root, 'verify-local');
    expect(await cli(['generate', '--manifest', manifest, '--out', out, '--backend', 'local', '--state-name', 'logs'])).toMatchObject({ code: 0 });
    const verified = await cli(['verify', '--out', out]);
    expect(verified).toEqual({ code: 0, out: expect.stringContaining('verify: the plan only imports') });
    expect(fs.readFileSync(path.join(out, PLAN_SUMMARY), 'utf8').split('\n')[0]).toBe('1 to import, 0 to add, 0 to change, 0 to destroy');
    expect(JSON.parse(fs.readFileSync(path.join(out, TERRAFORM_DIR, 'cdk.tf.json'), 'utf8')).terraform.backend).toEqual({ local: { path: 'terraform.logs.tfstate' } });
  });

  it('verify with the GitLab backend takes the state address from the job\'s variables', () => {
    const dir = path.join(root, 'gitlab');
    const env = { CI_API_V4_URL: 'https://gitlab.example.com/api/v4', CI_PROJECT_ID: '42', CI_JOB_TOKEN: 'job-token' };
    expect(backendEnv(dir, env)).toEqual({
      TF_HTTP_ADDRESS: 'https://gitlab.example.com/api/v4/projects/42/terraform/state/imported',
      TF_HTTP_LOCK_ADDRESS: 'https://gitlab.example.com/api/v4/projects/42/terraform/state/imported/lock',
      TF_HTTP_UNLOCK_ADDRESS: 'https://gitlab.example.com/api/v4/projects/42/terraform/state/imported/lock',
      TF_HTTP_PASSWORD: 'job-token',
    });
    // outside a job: one VerifyError naming the variable (the CLI prints it as one line, exit 1)
    expect(() => backendEnv(dir, {})).toThrow(new VerifyError('the generated stack keeps its state in GitLab: the CI/CD variable CI_API_V4_URL is not set (the GitLab API URL, set by GitLab in every job)'));
    expect(() => backendEnv(dir, { ...env, CI_JOB_TOKEN: undefined })).toThrow(VerifyError);
    // local and S3 need nothing in the environment
    expect(backendEnv(path.join(root, 's3'), env)).toEqual({});
  });
});
