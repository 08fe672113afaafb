/**
 * What a Terraform resource type is called in a picture, where it stands in the flow from left to
 * right, and whether it is drawn on its own or counted with its kind ("14 alarms"). Shared by the
 * environment diagrams and the plan reviewer's blast radius. Types not listed get a name derived from
 * the type and are counted with their kind.
 */
import { NodeShape } from './mermaid';

export interface ResourceKind {
  /** Singular, as read in a label: "load balancer". */
  name: string;
  plural: string;
  /** Left-to-right position; an edge runs from the lower rank to the higher. */
  rank: number;
  /** Drawn one node per resource (a load balancer, a database); otherwise counted per kind. */
  own: boolean;
  shape: NodeShape;
  /** An account-wide control of the baseline (drawn in the controls boundary). */
  control?: boolean;
}

type Entry = [name: string, rank: number, own: boolean, shape?: NodeShape, plural?: string, control?: boolean];

const KINDS: Record<string, Entry> = {
  aws_kms_key: ['KMS key', 0, true, 'rounded'],
  aws_backup_plan: ['backup plan', 0, true, 'rounded'],
  aws_backup_vault: ['backup vault', 0, true, 'database'],
  aws_ssm_maintenance_window: ['patching window', 0, true, 'rounded'],
  aws_ssm_patch_baseline: ['patch baseline', 0, true, 'rounded'],
  aws_wafv2_web_acl: ['WAF web ACL', 0, true],
  aws_lb: ['load balancer', 1, true],
  aws_lb_listener: ['listener', 2, true],
  aws_lb_listener_rule: ['listener rule', 3, false],
  aws_lb_target_group: ['target group', 4, true],
  aws_ecs_service: ['ECS service', 5, true],
  aws_instance: ['EC2 instance', 5, true],
  aws_autoscaling_group: ['auto scaling group', 5, true],
  aws_lambda_function: ['Lambda function', 5, true],
  aws_cloudwatch_log_destination: ['CloudWatch Logs destination', 1, true, 'stadium'],
  aws_kinesis_firehose_delivery_stream: ['Firehose stream', 3, true],
  aws_opensearch_domain: ['OpenSearch domain', 5, true, 'database'],
  aws_grafana_workspace: ['Grafana workspace', 4, true],
  aws_ecs_cluster: ['ECS cluster', 6, true, 'rounded'],
  aws_ecr_repository: ['ECR repository', 6, true, 'database'],
  aws_db_instance: ['RDS database', 6, true, 'database'],
  aws_rds_cluster: ['RDS cluster', 6, true, 'database'],
  aws_efs_file_system: ['EFS file system', 6, true, 'database'],
  aws_elasticache_replication_group: ['ElastiCache', 6, true, 'database'],
  aws_s3_bucket: ['S3 bucket', 6, true, 'database'],
  aws_ssm_parameter: ['SSM parameter', 6, false],
  aws_cloudwatch_log_group: ['log group', 6, false],
  aws_iam_role: ['IAM role', 6, false],
  aws_iam_policy: ['IAM policy', 6, false, 'box', 'IAM policies'],
  aws_iam_instance_profile: ['instance profile', 6, false],
  aws_security_group: ['security group', 6, false],
  aws_ssm_association: ['SSM association', 6, false],
  aws_cloudwatch_dashboard: ['dashboard', 7, true],
  aws_cloudwatch_metric_alarm: ['alarm', 7, false],
  aws_sns_topic: ['SNS topic', 8, true, 'rounded'],
  aws_sns_topic_subscription: ['subscription', 9, true, 'stadium'],
  aws_cloudtrail: ['CloudTrail trail', 1, true, 'box', undefined, true],
  aws_guardduty_detector: ['GuardDuty detector', 1, true, 'box', undefined, true],
  aws_config_configuration_recorder: ['AWS Config recorder', 1, true, 'box', undefined, true],
  aws_config_delivery_channel: ['Config delivery channel', 2, true, 'box', undefined, true],
  aws_config_config_rule: ['Config rule', 1, false, 'box', undefined, true],
  aws_iam_account_password_policy: ['password policy', 1, true, 'box', 'password policies', true],
  aws_ebs_encryption_by_default: ['EBS encryption by default', 1, true, 'box', 'EBS encryption by default', true],
  aws_s3_account_public_access_block: ['S3 account public access block', 1, true, 'box', undefined, true],
  aws_securityhub_account: ['Security Hub', 1, true, 'box', 'Security Hub', true],
  aws_accessanalyzer_analyzer: ['IAM Access Analyzer', 1, true, 'box', undefined, true],
};

const DEFAULT_RANK = 6;

export function resourceKind(type: string): ResourceKind {
  const entry = KINDS[type];
  if (entry) {
    const [name, rank, own, shape = 'box', plural = `${name}s`, control = false] = entry;
    return { name, plural, rank, own, shape, control };
  }
  const name = type.replace(/^aws_/, '').replace(/_/g, ' ');
  return { name, plural: name.endsWith('s') ? name : `${name}s`, rank: DEFAULT_RANK, own: false, shape: 'box' };
}

/** "1 alarm", "14 alarms". */
export function countOf(type: string, n: number): string {
  const kind = resourceKind(type);
  return `${n} ${n === 1 ? kind.name : kind.plural}`;
}
