/** The config a pipeline needs: GitLab-managed state per stack, and the OIDC roles of its jobs. */
import { GITLAB_STATE_USERNAME } from '../../stacks/state-backend';
import { accountBaselineConfig } from '../support/account-baseline-config';
import { expectConfigErrors } from '../support/config-errors';
import { synthEnvironments } from '../support/synth-stack';

describe('backend: { gitlab: {} }', () => {
  it('synthesizes the http backend without the address or any credential: those come from the job at init', () => {
    const { stacks } = synthEnvironments({ env: accountBaselineConfig('production', { backend: { gitlab: {} } }) });
    const json = stacks['baseline-123456789012-eu-central-1'];
    expect(json.terraform?.backend).toEqual({ http: { lock_method: 'POST', unlock_method: 'DELETE', username: GITLAB_STATE_USERNAME, retry_wait_min: 5 } });
    expect(JSON.stringify(json).includes('/api/v4/') || JSON.stringify(json).includes('CI_JOB_TOKEN')).toBe(false);
  });

  it('takes no settings (one state per stack, named after it)', () => {
    expectConfigErrors({ name: 'gitlab backend settings', file: accountBaselineConfig('test', { backend: { gitlab: { address: 'https://x' } } }), expect: [/backend/] });
  });
});

describe('pipelineRoles', () => {
  it('leaves the synthesized provider alone: the pipeline gives the role to the provider per job', () => {
    const roles = { deploy: 'arn:aws:iam::123456789012:role/gitlab-deploy', plan: 'arn:aws:iam::123456789012:role/gitlab-plan' };
    const withRoles = synthEnvironments({ env: accountBaselineConfig('production', { pipelineRoles: roles }) }).stacks['baseline-123456789012-eu-central-1'];
    const without = synthEnvironments({ env: accountBaselineConfig('production') }).stacks['baseline-123456789012-eu-central-1'];
    expect(withRoles).toEqual(without);
  });

  it('must be IAM roles of the stack account', () => {
    expectConfigErrors({
      name: 'roles elsewhere',
      file: accountBaselineConfig('test', { pipelineRoles: { deploy: 'arn:aws:iam::999999999999:role/deploy', plan: 'arn:aws:iam::888888888888:role/plan' } }),
      expect: [/pipelineRoles\.deploy: expected a role in the stack's account 123456789012, found one in 999999999999$/, /pipelineRoles\.plan: expected a role in the stack's account 123456789012, found one in 888888888888$/],
    });
    expectConfigErrors({
      name: 'not a role',
      file: accountBaselineConfig('test', { pipelineRoles: { deploy: 'arn:aws:iam::123456789012:user/bob' } }),
      expect: [/pipelineRoles\.deploy: expected an IAM role ARN \(arn:aws:iam::<account>:role\/<name>\)/],
    });
  });
});
