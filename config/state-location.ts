/**
 * Where a stack's state lives by default, apart from the schema and the backend construct
 * (stacks/state-backend.ts) so that command lines and the import tooling can name it without loading
 * either (zod, cdktf).
 */

/** The S3 state key prefix when a backend names none: keys are `<prefix>/<stack>.tfstate`. */
export const DEFAULT_STATE_KEY_PREFIX = 'cdktf-aws-blueprints';

/** The local backend's state file of a stack, relative to Terraform's working directory. */
export function localStateFile(stack: string): string {
  return `terraform.${stack}.tfstate`;
}
