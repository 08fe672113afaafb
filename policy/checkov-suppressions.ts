/**
 * checkov findings the project accepts on purpose. Every entry needs a reason a reviewer can check
 * (the compensating control, or why the check does not apply). Without resourceType a check is
 * skipped for every resource; with it, only findings on that resource type are set aside (and still
 * listed as suppressed in the report).
 */
export interface CheckovSuppression {
  /** e.g. CKV_AWS_7 or CKV2_AWS_64 */
  checkId: string;
  /** Terraform resource type the suppression is limited to, e.g. aws_s3_bucket. */
  resourceType?: string;
  reason: string;
}

export const CHECKOV_SUPPRESSIONS: CheckovSuppression[] = [];
