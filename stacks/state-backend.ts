/**
 * Where a stack keeps its state: S3 with native lock files (one key per stack), or a local file when
 * no backend is configured so that synth, validate and local emulation need no AWS account.
 */
import { LocalBackend, S3Backend } from 'cdktf';
import { Construct } from 'constructs';
import { BackendConfig } from '../config/schema';

export const DEFAULT_STATE_KEY_PREFIX = 'cdktf-aws-blueprints';

export function stateBackend(scope: Construct, stack: string, region: string, backend: BackendConfig): void {
  if ('local' in backend) {
    new LocalBackend(scope, { path: `terraform.${stack}.tfstate` });
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
