/**
 * What a pipeline job hands Terraform: GitLab-managed state's addresses and job token (TF_HTTP_*), and
 * AWS access through the job's OIDC token and the right role for the job (no static keys).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { STACK_TOKEN_FILE, jobCredentials, pipelineRoleFor } from '../../pipeline/aws-credentials';
import { pipelineContext } from '../../pipeline/ci-env';
import { PipelineError } from '../../pipeline/errors';
import { gitlabStateEnv } from '../../stacks/gitlab-state-env';

const CI = { CI_API_V4_URL: 'https://gitlab.example.com/api/v4/', CI_PROJECT_ID: '17', CI_JOB_TOKEN: 'job-token', CI_JOB_ID: '991' };
const STACK = { name: 'shop-production', account: '222222222222', sourceFile: 'environments/shop/production.yaml' };
const ROLE = (name: string) => `arn:aws:iam::222222222222:role/${name}`;

describe('GitLab-managed state', () => {
  it('one state per stack under the project, locked with POST/DELETE on <state>/lock, the job token as password', () => {
    expect(gitlabStateEnv(CI, 'shop-production')).toEqual({
      TF_HTTP_ADDRESS: 'https://gitlab.example.com/api/v4/projects/17/terraform/state/shop-production',
      TF_HTTP_LOCK_ADDRESS: 'https://gitlab.example.com/api/v4/projects/17/terraform/state/shop-production/lock',
      TF_HTTP_UNLOCK_ADDRESS: 'https://gitlab.example.com/api/v4/projects/17/terraform/state/shop-production/lock',
      TF_HTTP_PASSWORD: 'job-token',
    });
  });

  it('an explicit TF_HTTP_ADDRESS wins; a missing job token is named', () => {
    expect(gitlabStateEnv({ ...CI, TF_HTTP_ADDRESS: 'https://state.example.com/s' }, 'x').TF_HTTP_LOCK_ADDRESS).toBe('https://state.example.com/s/lock');
    expect(() => gitlabStateEnv({ ...CI, CI_JOB_TOKEN: undefined }, 'x')).toThrow('the CI/CD variable CI_JOB_TOKEN is not set (the job token authenticates to GitLab-managed state)');
  });
});

describe('AWS access through GitLab OIDC', () => {
  it('merge-request plans take the read-only plan role, deploys the deploy role; config before CI/CD variables', () => {
    const fromVariables = { AWS_PLAN_ROLE_ARN_222222222222: ROLE('plan'), AWS_DEPLOY_ROLE_ARN_222222222222: ROLE('deploy') };
    expect(pipelineRoleFor(STACK, 'plan', fromVariables)).toBe(ROLE('plan'));
    expect(pipelineRoleFor(STACK, 'deploy', fromVariables)).toBe(ROLE('deploy'));
    const configured = { ...STACK, pipelineRoles: { deploy: ROLE('cfg-deploy'), plan: ROLE('cfg-plan') } };
    expect(pipelineRoleFor(configured, 'plan', fromVariables)).toBe(ROLE('cfg-plan'));
    expect(pipelineRoleFor(configured, 'deploy', fromVariables)).toBe(ROLE('cfg-deploy'));
    // One role per account is allowed: the plan falls back to the deploy role.
    expect(pipelineRoleFor(STACK, 'plan', { AWS_DEPLOY_ROLE_ARN_222222222222: ROLE('deploy') })).toBe(ROLE('deploy'));
  });

  it('a deploy without a role says where to set one', () => {
    expect(() => pipelineRoleFor(STACK, 'deploy', { AWS_PLAN_ROLE_ARN_222222222222: ROLE('plan') })).toThrow(
      new PipelineError('shop-production: no deploy role for account 222222222222: set pipelineRoles.deploy in environments/shop/production.yaml or the CI/CD variable AWS_DEPLOY_ROLE_ARN_222222222222'),
    );
  });

  it('writes the ID token to a private file for the provider, drops static keys, and removes the file afterwards', () => {
    const creds = jobCredentials(STACK, 'deploy', { ...CI, GITLAB_OIDC_TOKEN: 'eyJ.token.sig', AWS_DEPLOY_ROLE_ARN_222222222222: ROLE('deploy'), AWS_ACCESS_KEY_ID: 'AKIA…' });
    const file = creds.env.AWS_WEB_IDENTITY_TOKEN_FILE!;
    expect(fs.readFileSync(file, 'utf8')).toBe('eyJ.token.sig');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(creds.env).toMatchObject({ AWS_ROLE_ARN: ROLE('deploy'), AWS_ROLE_SESSION_NAME: 'gitlab-17-991' });
    expect(Object.keys(creds.env)).toEqual(expect.arrayContaining(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']));
    expect(creds.env.AWS_ACCESS_KEY_ID).toBeUndefined();
    creds.dispose();
    expect(fs.existsSync(file)).toBe(false);
  });

  it("with pipelineRoles in the environment file, also gives the synthesized provider block its role and the token's file in the stack's folder", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-'));
    const configured = { ...STACK, dir, pipelineRoles: { deploy: ROLE('cfg-deploy'), plan: ROLE('cfg-plan') } };
    const creds = jobCredentials(configured, 'plan', { ...CI, GITLAB_OIDC_TOKEN: 'eyJ.token.sig' });
    // Relative to the stack's folder, where Terraform runs: a saved plan keeps this path for its deploy job.
    expect(creds.env).toMatchObject({ TF_VAR_pipeline_role_arn: ROLE('cfg-plan'), TF_VAR_pipeline_web_identity_token_file: STACK_TOKEN_FILE, AWS_ROLE_ARN: ROLE('cfg-plan') });
    const file = path.join(dir, STACK_TOKEN_FILE);
    expect(creds.env.AWS_WEB_IDENTITY_TOKEN_FILE).toBe(file);
    expect(fs.readFileSync(file, 'utf8')).toBe('eyJ.token.sig');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    creds.dispose();
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(dir)).toBe(true);
    // A role from CI/CD variables only: nothing synthesized to give it to.
    const fromVariables = jobCredentials({ ...STACK, dir }, 'deploy', { ...CI, GITLAB_OIDC_TOKEN: 't', AWS_DEPLOY_ROLE_ARN_222222222222: ROLE('deploy') });
    expect(Object.keys(fromVariables.env).filter((k) => k.startsWith('TF_VAR_'))).toEqual([]);
    fromVariables.dispose();
  });

  it('without an ID token (a laptop, the emulator) the default credential chain is left alone', () => {
    expect(jobCredentials(STACK, 'deploy', CI).env).toEqual({});
  });
});

describe('the kind of pipeline', () => {
  it('from GitLab predefined variables', () => {
    expect(pipelineContext({ CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_IID: '5', CI_MERGE_REQUEST_LABELS: 'x', CI_MERGE_REQUEST_DIFF_BASE_SHA: 'abc' })).toMatchObject({
      kind: 'merge-request',
      mrIid: '5',
      mrLabels: 'x',
      diffBaseSha: 'abc',
    });
    expect(pipelineContext({ CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'main', CI_DEFAULT_BRANCH: 'main' }).kind).toBe('default-branch');
    expect(pipelineContext({ CI_PIPELINE_SOURCE: 'schedule' }).kind).toBe('schedule');
    expect(() => pipelineContext({ CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'feature', CI_DEFAULT_BRANCH: 'main' })).toThrow(
      'plans run in merge-request pipelines, on the default branch and on schedules; this pipeline has CI_PIPELINE_SOURCE=push, CI_COMMIT_BRANCH=feature, CI_DEFAULT_BRANCH=main',
    );
  });
});
