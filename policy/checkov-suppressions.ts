/**
 * checkov findings the project accepts on purpose: the ONE list of exceptions to the policy gate
 * (policy/checkov-gate.ts, `npm run policy`). README.md renders it (renderSuppressionsMarkdown), and
 * test/policy/checkov-gate.test.ts fails when an entry is no longer used by any stack, or when the
 * README's copy is out of date.
 *
 * Every entry names one check and the narrowest scope that covers the finding:
 *   - resourceType: the Terraform type (data sources as `data.<type>`), required by the gate;
 *   - constructPaths: globs over the cdktf construct path inside the stack (the resource's
 *     `//.metadata.path` without the leading stack name; `*` = within one path segment,
 *     `**` = any number of segments); omitted = every resource of the type;
 *   - tier: only stacks whose provider default tags say `Tier: <tier>`; omitted = every tier.
 * and a one-sentence reason a security reviewer can check (the compensating control, or why the
 * check cannot apply).
 *
 * policy/checkov-gate.ts applies this list; policy/checkov.ts only runs checkov and understands no
 * more than checkId/resourceType skips, so it is never handed this list.
 */
export type SuppressionTier = 'test' | 'production';

export interface CheckovSuppression {
  /** e.g. CKV_AWS_7 or CKV2_AWS_64 */
  checkId: string;
  /** checkov's name of the check (verified against checkov's report by the gate test), for readers. */
  title?: string;
  /** Terraform resource type the suppression is limited to, e.g. aws_s3_bucket or data.aws_iam_policy_document. */
  resourceType?: string;
  /** Construct-path globs inside the stack, e.g. `*\/load-balancer/access-logs/bucket`. @default every resource of the type */
  constructPaths?: string[];
  /** Only stacks of this tier (provider default tag `Tier`). @default every tier */
  tier?: SuppressionTier;
  reason: string;
}

/** The key policy of every customer-managed key (blueprints/building-blocks/app-kms-key.ts). */
const KMS_KEY_POLICY = ['*/kms/policy'];
/** The ALB's access-log bucket (https-load-balancer.ts) and the audit bucket's server-access-log bucket (audit-bucket.ts). */
const ALB_LOG_BUCKET = '*/load-balancer/access-logs/bucket';
const AUDIT_ACCESS_LOG_BUCKET = '*/audit-bucket/access-logs/bucket';
/** The bucket of log documents the central OpenSearch domain refused (observability/log-ingestion.ts). */
const FAILED_LOG_DOCUMENTS_BUCKET = '*/ingestion/failed-documents/bucket';
/** Every bucket the blueprints create: all of them hold logs or audit records (HardenedBucket). */
const LOG_AND_AUDIT_BUCKETS = [ALB_LOG_BUCKET, '*/audit-bucket/*/bucket', FAILED_LOG_DOCUMENTS_BUCKET];

export const CHECKOV_SUPPRESSIONS: CheckovSuppression[] = [
  {
    checkId: 'CKV_AWS_109',
    title: 'Ensure IAM policies does not allow permissions management / resource exposure without constraints',
    resourceType: 'data.aws_iam_policy_document',
    constructPaths: KMS_KEY_POLICY,
    reason:
      'The key policy gives the account root kms:* (AWS\'s default delegation to IAM, without which a key can become unmanageable), and `*` in a key policy means only this key.',
  },
  {
    checkId: 'CKV_AWS_111',
    title: 'Ensure IAM policies does not allow write access without constraints',
    resourceType: 'data.aws_iam_policy_document',
    constructPaths: KMS_KEY_POLICY,
    reason:
      'The unconstrained writes are the account root\'s kms:* delegation to IAM in the key policy, where `*` means only this key; the service statements carry source or encryption-context conditions.',
  },
  {
    checkId: 'CKV_AWS_356',
    title: 'Ensure no IAM policies documents allow "*" as a statement\'s resource for restrictable actions',
    resourceType: 'data.aws_iam_policy_document',
    constructPaths: KMS_KEY_POLICY,
    reason: 'In a KMS key policy the resource `*` means the key the policy is attached to, so it cannot be narrowed further.',
  },
  {
    checkId: 'CKV_AWS_145',
    title: 'Ensure that S3 buckets are encrypted with KMS by default',
    resourceType: 'aws_s3_bucket',
    constructPaths: [ALB_LOG_BUCKET, AUDIT_ACCESS_LOG_BUCKET],
    reason: 'ALB access-log delivery and S3 server access logging can only write to buckets encrypted with SSE-S3, so these two log targets use SSE-S3 instead of a KMS key.',
  },
  {
    checkId: 'CKV_AWS_18',
    title: 'Ensure the S3 bucket has access logging enabled',
    resourceType: 'aws_s3_bucket',
    constructPaths: [ALB_LOG_BUCKET, FAILED_LOG_DOCUMENTS_BUCKET],
    reason:
      'Both are log targets written by an AWS service (ALB access logs; Firehose with the documents OpenSearch refused, copies of events still in their source log groups); logging access to them would need yet another log bucket, which would then be unlogged in turn.',
  },
  {
    checkId: 'CKV_AWS_144',
    title: 'Ensure that S3 bucket has cross-region replication enabled',
    resourceType: 'aws_s3_bucket',
    constructPaths: LOG_AND_AUDIT_BUCKETS,
    reason: 'Cross-region copies of log and audit data are the landing zone\'s log-archive job, not each environment\'s.',
  },
  {
    checkId: 'CKV2_AWS_62',
    title: 'Ensure S3 buckets should have event notifications enabled',
    resourceType: 'aws_s3_bucket',
    constructPaths: LOG_AND_AUDIT_BUCKETS,
    reason: 'Nothing consumes object events of these log and audit buckets (they are read on demand), so a notification configuration would have no target.',
  },
  {
    checkId: 'CKV_AWS_378',
    title: "Ensure AWS Load Balancer doesn't use HTTP protocol",
    resourceType: 'aws_lb_target_group',
    constructPaths: ['*/load-balancer/target-group-*'],
    reason: 'TLS ends at the ALB; the targets sit in private subnets and accept traffic only from the ALB\'s security group.',
  },
  {
    checkId: 'CKV_AWS_260',
    title: 'Ensure no security groups allow ingress from 0.0.0.0:0 to port 80',
    resourceType: 'aws_vpc_security_group_ingress_rule',
    constructPaths: ['*/load-balancer/ingress-80-*'],
    reason: 'The ALB\'s port-80 listener only answers with a 301 redirect to HTTPS and forwards nothing to a target.',
  },
  {
    checkId: 'CKV2_AWS_9',
    title: 'Ensure that EBS are added in the backup plans of AWS Backup',
    resourceType: 'aws_ebs_volume',
    constructPaths: ['*/instance-*/data-volume'],
    reason:
      'Data volumes carry the BackupPlan tag that the environment\'s AWS Backup selection (volume/* with a tag condition) picks up; checkov only sees selections that name a volume by reference.',
  },
  {
    checkId: 'CKV2_AWS_18',
    title: 'Ensure that Elastic File System (Amazon EFS) file systems are added in the backup plans of AWS Backup',
    resourceType: 'aws_efs_file_system',
    constructPaths: ['*/service-*/file-system/file-system'],
    reason:
      'Each file system has EFS automatic backups on (aws_efs_backup_policy ENABLED): AWS Backup\'s own daily plan for it (aws/efs/automatic-backup-plan, 35 days); checkov only sees plans and selections declared in the configuration.',
  },
  {
    checkId: 'CKV2_AWS_3',
    title: 'Ensure GuardDuty is enabled to specific org/region',
    resourceType: 'aws_guardduty_detector',
    constructPaths: ['baseline/guardduty'],
    reason: 'Organization-wide auto-enable can only be set in the GuardDuty delegated administrator account, which the landing zone owns; this detector covers its own account and region.',
  },
  {
    checkId: 'CKV_AWS_150',
    title: 'Ensure that Load Balancer has deletion protection enabled',
    resourceType: 'aws_lb',
    tier: 'test',
    reason: 'Test environments are torn down and rebuilt at will, so the test tier leaves ALB deletion protection off; production keeps it on and is still checked.',
  },
  {
    checkId: 'CKV_AWS_157',
    title: 'Ensure that RDS instances have Multi-AZ enabled',
    resourceType: 'aws_db_instance',
    tier: 'test',
    reason: 'Test databases are single-AZ by tier default to halve their cost; production databases are Multi-AZ and still checked.',
  },
  {
    checkId: 'CKV_AWS_293',
    title: 'Ensure that AWS database instances have deletion protection enabled',
    resourceType: 'aws_db_instance',
    tier: 'test',
    reason: 'Test databases hold no data of record and are torn down at will, so the test tier leaves deletion protection off; production keeps it on and is still checked.',
  },
  {
    checkId: 'CKV2_AWS_5',
    title: 'Ensure that Security Groups are attached to another resource',
    resourceType: 'aws_security_group',
    constructPaths: ['*/ingestion/security-group'],
    reason: "The group is attached to the Firehose stream's network interfaces through its opensearch_configuration.vpc_config, which checkov's graph does not count as an attachment.",
  },
  {
    checkId: 'CKV_AWS_318',
    title: 'Ensure Elasticsearch domains are configured with at least three dedicated master nodes for HA',
    resourceType: 'aws_opensearch_domain',
    tier: 'test',
    reason: 'The test tier runs one small data node (tier default openSearch.dedicatedMasters: false) for test logs only; production has three dedicated masters and is still checked.',
  },
  {
    checkId: 'CKV2_AWS_59',
    title: 'Ensure ElasticSearch/OpenSearch has dedicated master node enabled',
    resourceType: 'aws_opensearch_domain',
    tier: 'test',
    reason: 'The test tier runs one small data node (tier default openSearch.dedicatedMasters: false) for test logs only; production has three dedicated masters and is still checked.',
  },
  {
    checkId: 'CKV_AWS_338',
    title: 'Ensure CloudWatch log groups retains logs for at least 1 year',
    resourceType: 'aws_cloudwatch_log_group',
    tier: 'test',
    reason: 'Test-tier logs are kept 30 days by tier default (test traffic, not audit evidence); production keeps them 365 days and is still checked.',
  },
];
