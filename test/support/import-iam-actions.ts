/**
 * Whether the IAM actions of some import types (what `discover --print-iam-policy` prints for them)
 * allow every call their discovery made: a call outside them would fail for a user who runs
 * discovery with exactly that policy.
 */
import { typeModule } from '../../terraform-import/discovery/registry';

/** S3 names its IAM actions apart from its operations; the other services discovery uses do not. */
const S3_ACTIONS: Record<string, string> = {
  ListBuckets: 's3:ListAllMyBuckets',
  GetBucketLifecycleConfiguration: 's3:GetLifecycleConfiguration',
  GetBucketEncryption: 's3:GetEncryptionConfiguration',
  GetPublicAccessBlock: 's3:GetBucketPublicAccessBlock',
};

/** The actions behind `calls` (service:operation) that the types' IAM actions do not allow; empty when they suffice. */
export function callsNotAllowed(calls: string[], types: string[]): string[] {
  const allowed = new Set(types.flatMap((t) => typeModule(t).iamActions));
  const actionOf = (call: string) => {
    const [service, operation] = call.split(':');
    return service === 's3' ? (S3_ACTIONS[operation] ?? call) : call;
  };
  return [...new Set(calls.map(actionOf))].filter((a) => !allowed.has(a)).sort();
}
