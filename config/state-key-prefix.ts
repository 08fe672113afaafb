/**
 * The S3 state key prefix when a backend names none (keys are `<prefix>/<stack>.tfstate`), apart from
 * the schema and the backend construct so that command lines can show it without loading either.
 */
export const DEFAULT_STATE_KEY_PREFIX = 'cdktf-aws-blueprints';
