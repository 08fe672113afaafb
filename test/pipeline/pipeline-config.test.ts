/** The config a pipeline needs: GitLab-managed state per stack, and the OIDC roles of its jobs. */
import { GITLAB_STATE_USERNAME } from '../../stacks/state-backend';
import { accountBaselineConfig } from '../support/account-baseline-config';
import { expectConfigErrors } from '../support/config-errors';
import * as path from 'path';
import { Json, synthEnvironments } from '../support/synth-stack';
import { CLEAN, terraformValidate } from '../support/terraform-validate';

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
  const roles = { deploy: 'arn:aws:iam::123456789012:role/gitlab-deploy', plan: 'arn:aws:iam::123456789012:role/gitlab-plan' };
  const stackJson = (extra: Record<string, unknown> = {}) => synthEnvironments({ env: accountBaselineConfig('production', extra) });

  it("synthesize the provider's assume_role_with_web_identity, present only when the job gives the token file", () => {
    const { stacks, outdir } = stackJson({ pipelineRoles: roles });
    const json = stacks['baseline-123456789012-eu-central-1'] as Json;
    const [provider] = json.provider.aws;
    expect(provider.assume_role_with_web_identity).toBeUndefined();
    expect(provider.dynamic.assume_role_with_web_identity).toEqual([
      {
        // Without a token (a laptop, the emulator) no block: an empty one fails every plan.
        for_each: '${var.pipeline_web_identity_token_file == "" ? [] : [var.pipeline_web_identity_token_file]}',
        content: [{ role_arn: '${var.pipeline_role_arn}', web_identity_token_file: '${assume_role_with_web_identity.value}' }],
      },
    ]);
    // The deploy role by default; a merge-request plan job sets the plan role (TF_VAR_pipeline_role_arn).
    expect(json.variable).toMatchObject({ pipeline_role_arn: { type: 'string', default: roles.deploy }, pipeline_web_identity_token_file: { type: 'string', default: '' } });
    // The real provider accepts the dynamic block in its configuration.
    expect(terraformValidate(path.join(outdir, 'stacks', 'baseline-123456789012-eu-central-1'))).toEqual(CLEAN);
  });

  it("leave an environment without them as it was: no variables, no block (its jobs give the role in the environment)", () => {
    const json = stackJson().stacks['baseline-123456789012-eu-central-1'] as Json;
    expect(json.variable).toBeUndefined();
    expect(JSON.stringify(json.provider)).not.toContain('web_identity');
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
