/**
 * AWS access for a pipeline job through GitLab OIDC. The job's ID token (`id_tokens: GITLAB_OIDC_TOKEN`
 * in .gitlab-ci.yml) is written to a private file; AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN hand
 * it to the AWS provider, whose web-identity credentials (the settings of its
 * `assume_role_with_web_identity` block, read from these variables) exchange it for the role's
 * credentials. No static keys are involved. The role is per account and per kind of job, so that a
 * merge request (any branch) can only read: `plan` for merge-request plans, `deploy` for applies and
 * drift checks on the default branch, from the environment file's `pipelineRoles`, else the CI/CD
 * variables AWS_PLAN_ROLE_ARN_<account> / AWS_DEPLOY_ROLE_ARN_<account>. A missing plan role falls
 * back to the deploy role (one role per account, for those who accept it).
 *
 * Environments whose file names `pipelineRoles` also have the provider's `assume_role_with_web_identity`
 * block synthesized (stacks/pipeline-role.ts): for them the job sets TF_VAR_pipeline_role_arn (the
 * job's role) and TF_VAR_pipeline_web_identity_token_file (the token, written into the stack's folder
 * under a fixed relative name, because a saved plan keeps the path its plan job used and the deploy
 * job writes the token there again). The environment variables stay set for them too: the S3 state
 * backend and the import tool's SDK read only those.
 *
 * Without an ID token (a developer's machine, the local emulator) the provider's default credential
 * chain applies unchanged.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PIPELINE_ROLE_VARIABLE, PIPELINE_TOKEN_FILE_VARIABLE } from '../stacks/pipeline-role-variables';
import { PipelineError } from './errors';

export const OIDC_TOKEN_VARIABLE = 'GITLAB_OIDC_TOKEN';

export interface StackIdentity {
  name: string;
  account: string;
  sourceFile: string;
  pipelineRoles?: { deploy: string; plan?: string };
  /** The synthesized stack's folder, where Terraform runs. */
  dir?: string;
}

/** The token's file name in the stack's folder, relative: Terraform runs there (stacks/pipeline-role.ts). */
export const STACK_TOKEN_FILE = '.gitlab-oidc-token';

/** Which role a job needs: `plan` only reads (merge requests), `deploy` writes. */
export type JobAccess = 'plan' | 'deploy';

export interface JobCredentials {
  env: NodeJS.ProcessEnv;
  /** Removes the token file. */
  dispose(): void;
}

export function pipelineRoleFor(stack: StackIdentity, access: JobAccess, env: NodeJS.ProcessEnv): string {
  const deploy = stack.pipelineRoles?.deploy ?? env[`AWS_DEPLOY_ROLE_ARN_${stack.account}`];
  const role = access === 'plan' ? (stack.pipelineRoles?.plan ?? env[`AWS_PLAN_ROLE_ARN_${stack.account}`] ?? deploy) : deploy;
  if (!role) {
    const variable = access === 'plan' ? `AWS_PLAN_ROLE_ARN_${stack.account} (or AWS_DEPLOY_ROLE_ARN_${stack.account})` : `AWS_DEPLOY_ROLE_ARN_${stack.account}`;
    throw new PipelineError(
      `${stack.name}: no ${access} role for account ${stack.account}: set pipelineRoles.${access === 'plan' ? 'plan' : 'deploy'} in ${stack.sourceFile} or the CI/CD variable ${variable}`,
    );
  }
  return role;
}

export function jobCredentials(stack: StackIdentity, access: JobAccess, env: NodeJS.ProcessEnv): JobCredentials {
  const token = env[OIDC_TOKEN_VARIABLE];
  if (!token) return { env: {}, dispose: () => undefined };
  const role = pipelineRoleFor(stack, access, env);
  // With the synthesized block, the token goes where the block looks for it; otherwise a private temporary folder.
  const inStack = Boolean(stack.pipelineRoles && stack.dir);
  const dir = inStack ? stack.dir! : fs.mkdtempSync(path.join(os.tmpdir(), 'gitlab-oidc-'));
  const file = path.resolve(dir, inStack ? STACK_TOKEN_FILE : 'token');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, token, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return {
    env: {
      AWS_WEB_IDENTITY_TOKEN_FILE: file,
      AWS_ROLE_ARN: role,
      AWS_ROLE_SESSION_NAME: `gitlab-${env.CI_PROJECT_ID ?? 'project'}-${env.CI_JOB_ID ?? 'job'}`,
      ...(inStack ? { [`TF_VAR_${PIPELINE_ROLE_VARIABLE}`]: role, [`TF_VAR_${PIPELINE_TOKEN_FILE_VARIABLE}`]: STACK_TOKEN_FILE } : {}),
      // Keys in the job's environment would take precedence over the role in the default chain.
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SESSION_TOKEN: undefined,
    },
    dispose: () => (inStack ? fs.rmSync(file, { force: true }) : fs.rmSync(dir, { recursive: true, force: true })),
  };
}
