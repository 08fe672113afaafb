/**
 * Where a stack keeps its state: S3 with native lock files (one key per stack), GitLab-managed state
 * (one state per stack), or a local file when no backend is configured so that synth, validate and
 * local emulation need no AWS account.
 */
import { HttpBackend, HttpBackendConfig, LocalBackend, S3Backend } from 'cdktf';
import { Construct } from 'constructs';
import { BackendConfig } from '../config/schema';
import { DEFAULT_STATE_KEY_PREFIX, localStateFile } from '../config/state-location';

export { DEFAULT_STATE_KEY_PREFIX };

/** The user name GitLab's Terraform state API takes with a CI job token as the password. */
export const GITLAB_STATE_USERNAME = 'gitlab-ci-token';

/**
 * GitLab-managed state, without the address: it names the GitLab instance and the project
 * (`<CI_API_V4_URL>/projects/<CI_PROJECT_ID>/terraform/state/<stack>`), which the synthesized JSON must
 * not depend on, so the pipeline passes it at init in TF_HTTP_ADDRESS / TF_HTTP_LOCK_ADDRESS /
 * TF_HTTP_UNLOCK_ADDRESS, and the job token in TF_HTTP_PASSWORD (stacks/gitlab-state-env.ts).
 */
const GITLAB_STATE: Omit<HttpBackendConfig, 'address'> = {
  lockMethod: 'POST',
  unlockMethod: 'DELETE',
  username: GITLAB_STATE_USERNAME,
  // GitLab answers 423 while another job holds the lock (resource_group prevents most of that).
  retryWaitMin: 5,
};

export function stateBackend(scope: Construct, stack: string, region: string, backend: BackendConfig): void {
  if ('local' in backend) {
    new LocalBackend(scope, { path: localStateFile(stack) });
    return;
  }
  if ('gitlab' in backend) {
    new HttpBackend(scope, GITLAB_STATE as HttpBackendConfig);
    return;
  }
  const s3 = new S3Backend(scope, {
    bucket: backend.s3.bucket,
    key: `${backend.s3.keyPrefix ?? DEFAULT_STATE_KEY_PREFIX}/${stack}.tfstate`,
    region: backend.s3.region ?? region,
    encrypt: true,
    kmsKeyId: backend.s3.kmsKeyId,
  });
  // S3-native locking (Terraform >= 1.10) replaces the DynamoDB table; cdktf 0.21 has no typed prop for it.
  s3.addOverride('use_lockfile', true);
}
