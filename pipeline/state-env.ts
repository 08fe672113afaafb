/**
 * Where a stack's GitLab-managed state lives, handed to Terraform as TF_HTTP_* variables at init: the
 * synthesized JSON holds only the methods and the user name (stacks/state-backend.ts). The job token
 * goes to Terraform in TF_HTTP_PASSWORD and is never written to a file.
 */
import { required } from './ci-env';

export function gitlabStateAddress(env: NodeJS.ProcessEnv, stack: string): string {
  const api = required(env, 'CI_API_V4_URL', 'the GitLab API URL, set by GitLab in every job').replace(/\/+$/, '');
  const project = required(env, 'CI_PROJECT_ID', 'set by GitLab in every job');
  return `${api}/projects/${encodeURIComponent(project)}/terraform/state/${encodeURIComponent(stack)}`;
}

/** TF_HTTP_* for the http backend of `stack`; an explicit TF_HTTP_ADDRESS (a state elsewhere) wins. */
export function gitlabStateEnv(env: NodeJS.ProcessEnv, stack: string): NodeJS.ProcessEnv {
  const address = env.TF_HTTP_ADDRESS ?? gitlabStateAddress(env, stack);
  return {
    TF_HTTP_ADDRESS: address,
    TF_HTTP_LOCK_ADDRESS: env.TF_HTTP_LOCK_ADDRESS ?? `${address}/lock`,
    TF_HTTP_UNLOCK_ADDRESS: env.TF_HTTP_UNLOCK_ADDRESS ?? `${address}/lock`,
    TF_HTTP_PASSWORD: env.TF_HTTP_PASSWORD ?? required(env, 'CI_JOB_TOKEN', 'the job token authenticates to GitLab-managed state'),
  };
}
