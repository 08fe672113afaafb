/**
 * What kind of pipeline this is, from GitLab's predefined CI/CD variables. The child pipeline cannot
 * see the merge request's variables (GitLab does not pass them on), so the parent's synth job reads
 * them here and writes what the child needs into the child's YAML.
 */
import { PipelineError } from './errors';

export type PipelineKind = 'merge-request' | 'default-branch' | 'schedule';

export interface PipelineContext {
  kind: PipelineKind;
  /** The merge request's number, on a merge request. */
  mrIid?: string;
  /** The merge request's labels, comma-separated as GitLab gives them. */
  mrLabels?: string;
  /** The commit to compare with on a merge request: where the branch left the target branch. */
  diffBaseSha?: string;
  /** The parent pipeline's ID, for `needs: pipeline:` in the child. */
  pipelineId?: string;
}

export function required(env: NodeJS.ProcessEnv, name: string, why: string): string {
  const value = env[name];
  if (!value) throw new PipelineError(`the CI/CD variable ${name} is not set (${why})`);
  return value;
}

export function pipelineContext(env: NodeJS.ProcessEnv): PipelineContext {
  const source = env.CI_PIPELINE_SOURCE;
  if (source === 'merge_request_event') {
    return {
      kind: 'merge-request',
      mrIid: required(env, 'CI_MERGE_REQUEST_IID', 'GitLab sets it in merge-request pipelines'),
      mrLabels: env.CI_MERGE_REQUEST_LABELS ?? '',
      diffBaseSha: env.CI_MERGE_REQUEST_DIFF_BASE_SHA,
      pipelineId: env.CI_PIPELINE_ID,
    };
  }
  if (source === 'schedule') return { kind: 'schedule', pipelineId: env.CI_PIPELINE_ID };
  const branch = env.CI_COMMIT_BRANCH;
  const defaultBranch = env.CI_DEFAULT_BRANCH;
  if (branch && defaultBranch && branch === defaultBranch) return { kind: 'default-branch', pipelineId: env.CI_PIPELINE_ID };
  throw new PipelineError(
    `plans run in merge-request pipelines, on the default branch and on schedules; this pipeline has CI_PIPELINE_SOURCE=${source ?? '(unset)'}, ` +
      `CI_COMMIT_BRANCH=${branch ?? '(unset)'}, CI_DEFAULT_BRANCH=${defaultBranch ?? '(unset)'}`,
  );
}
