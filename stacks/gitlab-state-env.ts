/**
 * Where a stack's GitLab-managed state lives, handed to Terraform as TF_HTTP_* variables at init by the
 * pipeline's jobs and by `import verify`: the synthesized JSON holds only the methods and the user name
 * (state-backend.ts). Kept apart from state-backend.ts so that neither needs cdktf loaded.
 */

/** A state backend that cannot be reached with what the environment holds (a missing CI/CD variable). */
export class StateBackendError extends Error {}

function ciVariable(env: NodeJS.ProcessEnv, name: string, why: string): string {
  const value = env[name];
  if (!value) throw new StateBackendError(`the CI/CD variable ${name} is not set (${why})`);
  return value;
}

export function gitlabStateAddress(env: NodeJS.ProcessEnv, stack: string): string {
  const api = ciVariable(env, 'CI_API_V4_URL', 'the GitLab API URL, set by GitLab in every job').replace(/\/+$/, '');
  const project = ciVariable(env, 'CI_PROJECT_ID', 'set by GitLab in every job');
  return `${api}/projects/${encodeURIComponent(project)}/terraform/state/${encodeURIComponent(stack)}`;
}

/**
 * TF_HTTP_* for the GitLab-managed state of `stack`, handed to Terraform at init (the pipeline's jobs
 * and `import verify`); an explicit TF_HTTP_ADDRESS (a state elsewhere) wins. The job token goes to
 * Terraform in TF_HTTP_PASSWORD and is never written to a file.
 */
export function gitlabStateEnv(env: NodeJS.ProcessEnv, stack: string): NodeJS.ProcessEnv {
  const address = env.TF_HTTP_ADDRESS ?? gitlabStateAddress(env, stack);
  return {
    TF_HTTP_ADDRESS: address,
    TF_HTTP_LOCK_ADDRESS: env.TF_HTTP_LOCK_ADDRESS ?? `${address}/lock`,
    TF_HTTP_UNLOCK_ADDRESS: env.TF_HTTP_UNLOCK_ADDRESS ?? `${address}/lock`,
    TF_HTTP_PASSWORD: env.TF_HTTP_PASSWORD ?? ciVariable(env, 'CI_JOB_TOKEN', 'the job token authenticates to GitLab-managed state'),
  };
}
