/**
 * The provider's `assume_role_with_web_identity` for GitLab pipeline jobs, synthesized only for
 * environments whose file names `pipelineRoles` (the others' output is unchanged; their jobs hand the
 * role to the provider through AWS_ROLE_ARN, pipeline/aws-credentials.ts).
 *
 * The block is `dynamic`, present only when the job gives the ID token's file: a block with an unset
 * token file or role fails every plan ("one of web_identity_token, web_identity_token_file must be
 * specified"; "Role ARN was not set", measured with hashicorp/aws 5.100.0), so a laptop or the
 * emulator, which have no token, keep the default credential chain. The role is a variable whose
 * default is the deploy role and which a merge-request plan job overrides with the read-only role
 * (TF_VAR_pipeline_role_arn). A saved plan keeps the variables it was made with: the deploy job
 * applies with the role its plan job used, and the token file is a path relative to the stack's
 * folder that each job writes anew.
 */
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { PIPELINE_ROLE_VARIABLE, PIPELINE_TOKEN_FILE_VARIABLE } from './pipeline-role-variables';

export function addPipelineRole(scope: Construct, provider: AwsProvider, roles: { deploy: string }): void {
  const role = new TerraformVariable(scope, PIPELINE_ROLE_VARIABLE, {
    type: 'string',
    default: roles.deploy,
    description: 'IAM role the AWS provider assumes with the GitLab job ID token (pipelineRoles; plan jobs of merge requests set the read-only role)',
  });
  role.overrideLogicalId(PIPELINE_ROLE_VARIABLE);
  const tokenFile = new TerraformVariable(scope, PIPELINE_TOKEN_FILE_VARIABLE, {
    type: 'string',
    default: '',
    description: 'File holding the GitLab job ID token, set by the pipeline; empty: the default credential chain (no role is assumed)',
  });
  tokenFile.overrideLogicalId(PIPELINE_TOKEN_FILE_VARIABLE);
  provider.addOverride('dynamic.assume_role_with_web_identity', [
    {
      for_each: `\${var.${PIPELINE_TOKEN_FILE_VARIABLE} == "" ? [] : [var.${PIPELINE_TOKEN_FILE_VARIABLE}]}`,
      content: [{ role_arn: `\${var.${PIPELINE_ROLE_VARIABLE}}`, web_identity_token_file: '${assume_role_with_web_identity.value}' }],
    },
  ]);
}
