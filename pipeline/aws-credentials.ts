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
 * The role is given to the provider through the environment rather than synthesized into the
 * provider block so that the same stack can be planned with the read-only role and applied with the
 * deploy role, and so that the synthesized JSON does not change with the job.
 *
 * Without an ID token (a developer's machine, the local emulator) the provider's default credential
 * chain applies unchanged.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PipelineError } from './errors';

export const OIDC_TOKEN_VARIABLE = 'GITLAB_OIDC_TOKEN';

export interface StackIdentity {
  name: string;
  account: string;
  sourceFile: string;
  pipelineRoles?: { deploy: string; plan?: string };
}

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
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitlab-oidc-'));
  const file = path.join(dir, 'token');
  fs.writeFileSync(file, token, { mode: 0o600 });
  return {
    env: {
      AWS_WEB_IDENTITY_TOKEN_FILE: file,
      AWS_ROLE_ARN: role,
      AWS_ROLE_SESSION_NAME: `gitlab-${env.CI_PROJECT_ID ?? 'project'}-${env.CI_JOB_ID ?? 'job'}`,
      // Keys in the job's environment would take precedence over the role in the default chain.
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SESSION_TOKEN: undefined,
    },
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
