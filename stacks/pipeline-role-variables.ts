/**
 * The Terraform variables of the synthesized `assume_role_with_web_identity` block (pipeline-role.ts),
 * apart so that the pipeline's jobs can name them without loading cdktf.
 */
export const PIPELINE_ROLE_VARIABLE = 'pipeline_role_arn';
export const PIPELINE_TOKEN_FILE_VARIABLE = 'pipeline_web_identity_token_file';
