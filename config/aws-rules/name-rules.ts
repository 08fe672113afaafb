/**
 * ONE table of the naming rules AWS enforces per resource type, applied at load time to the final
 * names the blueprints derive (derived-names.ts), so a config that AWS or
 * `terraform validate` would reject on a name is rejected here, with the key that caused it. Each
 * entry carries a compliant and non-compliant examples that its test checks; the README's rules table
 * is generated from this table (a test keeps them in step).
 *
 * Sources: the AWS API references (CreateLoadBalancer, CreateTargetGroup, CreateDBInstance,
 * CreateDBParameterGroup, CreateDBSubnetGroup, S3 bucket naming rules, IAM quotas, CreateLogGroup,
 * PutParameter, CreateAlias, CreateRepository, CreateCluster/CreateService/RegisterTaskDefinition,
 * CreateTopic, CreateSecurityGroup, PutDashboard, PutMetricAlarm, CreateWebACL, CreateBackupVault /
 * CreateBackupPlan / CreateBackupSelection, CreateMaintenanceWindow, CreatePatchBaseline,
 * CreateAssociation, CreateTrail, PutConfigRule, PutScalingPolicy).
 */

export interface NameRule {
  /** Stable ID, used in messages and tests. */
  id: string;
  /** What is named, for people. */
  what: string;
  /** Where the name appears in the synthesized Terraform JSON. */
  terraform: { type: string; attribute: string }[];
  minLength: number;
  maxLength: number;
  /** Every character must match this (one character class). */
  charset: RegExp;
  charsetText: string;
  /** The whole name must match this, beyond the character set (e.g. start with a letter). */
  shape?: { pattern: RegExp; text: string };
  /** Case-insensitive reserved prefixes and suffixes. */
  forbiddenPrefixes?: string[];
  forbiddenSuffixes?: string[];
  /** Names that are reserved as a whole. */
  forbiddenNames?: string[];
  noConsecutiveHyphens?: boolean;
  /** Where the rule comes from. */
  source: string;
  /** A name the rule accepts, and names it refuses (each test checks them). */
  examples: { compliant: string; nonCompliant: string[] };
}

const alnumHyphen = { charset: /[A-Za-z0-9-]/, charsetText: 'letters, digits and hyphens' };
const noEdgeHyphen = { pattern: /^[^-](.*[^-])?$/, text: 'not start or end with a hyphen' };
const letterFirstNoTrailingHyphen = { pattern: /^[A-Za-z](.*[^-])?$/, text: 'start with a letter and not end with a hyphen' };

export const NAME_RULES: NameRule[] = [
  {
    id: 'alb-name',
    what: 'Application Load Balancer name',
    terraform: [{ type: 'aws_lb', attribute: 'name' }],
    minLength: 1,
    maxLength: 32,
    ...alnumHyphen,
    shape: noEdgeHyphen,
    forbiddenPrefixes: ['internal-'],
    source: 'ELB CreateLoadBalancer: Name',
    examples: { compliant: 'shop-test-alb', nonCompliant: ['internal-test-alb', 'shop-test-alb-', 'a'.repeat(33), 'shop_test'] },
  },
  {
    id: 'target-group-name',
    what: 'target group name',
    terraform: [{ type: 'aws_lb_target_group', attribute: 'name' }],
    minLength: 1,
    maxLength: 32,
    ...alnumHyphen,
    shape: noEdgeHyphen,
    source: 'ELB CreateTargetGroup: Name',
    examples: { compliant: 'shop-test-web', nonCompliant: ['-shop-test-web', 'a'.repeat(33), 'shop.web'] },
  },
  {
    id: 'rds-instance-identifier',
    what: 'RDS instance identifier',
    terraform: [{ type: 'aws_db_instance', attribute: 'identifier' }],
    minLength: 1,
    maxLength: 63,
    charset: /[a-z0-9-]/,
    charsetText: 'lower-case letters, digits and hyphens',
    shape: letterFirstNoTrailingHyphen,
    noConsecutiveHyphens: true,
    source: 'RDS CreateDBInstance: DBInstanceIdentifier',
    examples: { compliant: 'shop-test-db', nonCompliant: ['shop--test-db', '1shop-test-db', 'shop-test-db-', 'a'.repeat(64)] },
  },
  {
    id: 'rds-snapshot-identifier',
    what: 'RDS final snapshot identifier',
    terraform: [{ type: 'aws_db_instance', attribute: 'final_snapshot_identifier' }],
    minLength: 1,
    maxLength: 255,
    charset: /[A-Za-z0-9-]/,
    charsetText: 'letters, digits and hyphens',
    shape: letterFirstNoTrailingHyphen,
    noConsecutiveHyphens: true,
    source: 'RDS DeleteDBInstance: FinalDBSnapshotIdentifier',
    examples: { compliant: 'shop-test-db-final', nonCompliant: ['shop--test-db-final', '9-final'] },
  },
  {
    id: 'rds-parameter-group-name',
    what: 'RDS parameter group name',
    terraform: [{ type: 'aws_db_parameter_group', attribute: 'name' }],
    minLength: 1,
    maxLength: 255,
    charset: /[a-z0-9-]/,
    charsetText: 'lower-case letters, digits and hyphens',
    shape: letterFirstNoTrailingHyphen,
    noConsecutiveHyphens: true,
    source: 'RDS CreateDBParameterGroup: DBParameterGroupName',
    examples: { compliant: 'shop-test-db-pg16', nonCompliant: ['shop--test-db-pg16', 'Shop-test'] },
  },
  {
    id: 'rds-subnet-group-name',
    what: 'RDS subnet group name',
    terraform: [{ type: 'aws_db_subnet_group', attribute: 'name' }],
    minLength: 1,
    maxLength: 255,
    charset: /[a-z0-9 ._-]/,
    charsetText: 'lower-case letters, digits, spaces, periods, underscores and hyphens',
    forbiddenNames: ['default'],
    source: 'RDS CreateDBSubnetGroup: DBSubnetGroupName',
    examples: { compliant: 'shop-test-db', nonCompliant: ['default', 'Shop-test-db'] },
  },
  {
    id: 's3-bucket-name',
    what: 'S3 bucket name',
    terraform: [{ type: 'aws_s3_bucket', attribute: 'bucket' }],
    minLength: 3,
    maxLength: 63,
    charset: /[a-z0-9.-]/,
    charsetText: 'lower-case letters, digits, periods and hyphens',
    shape: { pattern: /^[a-z0-9](?!.*\.\.)(?!\d+\.\d+\.\d+\.\d+$).*[a-z0-9]$/, text: 'start and end with a letter or digit, have no two adjacent periods and not look like an IP address' },
    forbiddenPrefixes: ['xn--', 'sthree-', 'amzn-s3-demo-'],
    forbiddenSuffixes: ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'],
    source: 'S3 User Guide: general purpose bucket naming rules',
    examples: { compliant: 'shop-test-alb-logs-123456789012', nonCompliant: ['xn--shop-test', 'shop-test-s3alias', 'Shop-Test', 'ab', '192.168.5.4', 'shop..test', 'sthree-shop'] },
  },
  {
    id: 'iam-role-name',
    what: 'IAM role name',
    terraform: [{ type: 'aws_iam_role', attribute: 'name' }],
    minLength: 1,
    maxLength: 64,
    charset: /[A-Za-z0-9+=,.@_-]/,
    charsetText: 'letters, digits and +=,.@_-',
    source: 'IAM CreateRole: RoleName',
    examples: { compliant: 'shop-test-web-task', nonCompliant: ['a'.repeat(65), 'shop test'] },
  },
  {
    id: 'iam-policy-name',
    what: 'IAM policy, inline policy or instance profile name',
    terraform: [
      { type: 'aws_iam_policy', attribute: 'name' },
      { type: 'aws_iam_role_policy', attribute: 'name' },
      { type: 'aws_iam_instance_profile', attribute: 'name' },
    ],
    minLength: 1,
    maxLength: 128,
    charset: /[A-Za-z0-9+=,.@_-]/,
    charsetText: 'letters, digits and +=,.@_-',
    source: 'IAM CreatePolicy: PolicyName; CreateInstanceProfile: InstanceProfileName',
    examples: { compliant: 'shop-test-instance-ssm-agent', nonCompliant: ['a'.repeat(129), 'shop/test'] },
  },
  {
    id: 'log-group-name',
    what: 'CloudWatch Logs group name',
    terraform: [{ type: 'aws_cloudwatch_log_group', attribute: 'name' }],
    minLength: 1,
    maxLength: 512,
    charset: /[A-Za-z0-9._\-/#]/,
    charsetText: 'letters, digits and ._-/#',
    source: 'CloudWatch Logs CreateLogGroup: logGroupName',
    examples: { compliant: '/shop/test/ecs/web', nonCompliant: ['/shop/test/ecs/web?', `/${'a'.repeat(512)}`] },
  },
  {
    id: 'ssm-parameter-name',
    what: 'SSM parameter name',
    terraform: [{ type: 'aws_ssm_parameter', attribute: 'name' }],
    minLength: 1,
    maxLength: 1011,
    charset: /[A-Za-z0-9_.\-/]/,
    charsetText: 'letters, digits and _.-/',
    shape: { pattern: /^(?!\/?(aws|ssm))(?!.*\/\/)(?!(?:\/[^/]*){16})(\/[^/].*[^/]|[^/](.*[^/])?)$/i, text: 'not begin with aws or ssm (any case), have no empty level, no trailing / and at most 15 levels' },
    source: 'SSM PutParameter: Name',
    examples: { compliant: '/shop/test/database/host', nonCompliant: ['/aws/test/database/host', '/ssm-shop/test/x', '/shop//test', '/shop/test/', '/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p', '/shop test'] },
  },
  {
    id: 'kms-alias-name',
    what: 'KMS alias name',
    terraform: [{ type: 'aws_kms_alias', attribute: 'name' }],
    minLength: 7,
    maxLength: 256,
    charset: /[A-Za-z0-9/_-]/,
    charsetText: 'letters, digits and /_-',
    shape: { pattern: /^alias\/(?!aws\/)./, text: 'start with alias/ and not with alias/aws/ (reserved for AWS managed keys)' },
    source: 'KMS CreateAlias: AliasName',
    examples: { compliant: 'alias/shop-test', nonCompliant: ['alias/aws/shop', 'shop-test', 'alias/shop.test'] },
  },
  {
    id: 'ecr-repository-name',
    what: 'ECR repository name',
    terraform: [{ type: 'aws_ecr_repository', attribute: 'name' }],
    minLength: 2,
    maxLength: 256,
    charset: /[a-z0-9._\-/]/,
    charsetText: 'lower-case letters, digits and ._-/',
    shape: { pattern: /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/, text: 'be lower-case words joined by single ., _ or - (no two separators in a row)' },
    source: 'ECR CreateRepository: repositoryName',
    examples: { compliant: 'shop-test', nonCompliant: ['shop--test', 'shop-test-', 'Shop'] },
  },
  {
    id: 'ecs-name',
    what: 'ECS cluster, service or task definition family name',
    terraform: [
      { type: 'aws_ecs_cluster', attribute: 'name' },
      { type: 'aws_ecs_service', attribute: 'name' },
      { type: 'aws_ecs_task_definition', attribute: 'family' },
    ],
    minLength: 1,
    maxLength: 255,
    charset: /[A-Za-z0-9_-]/,
    charsetText: 'letters, digits, underscores and hyphens',
    source: 'ECS CreateCluster: clusterName; CreateService: serviceName; RegisterTaskDefinition: family',
    examples: { compliant: 'shop-test-web', nonCompliant: ['shop.test', 'a'.repeat(256)] },
  },
  {
    id: 'sns-topic-name',
    what: 'SNS topic name',
    terraform: [{ type: 'aws_sns_topic', attribute: 'name' }],
    minLength: 1,
    maxLength: 256,
    charset: /[A-Za-z0-9_-]/,
    charsetText: 'letters, digits, underscores and hyphens',
    source: 'SNS CreateTopic: Name',
    examples: { compliant: 'shop-test-alarms', nonCompliant: ['shop.test', 'a'.repeat(257)] },
  },
  {
    id: 'security-group-name',
    what: 'security group name',
    terraform: [{ type: 'aws_security_group', attribute: 'name' }],
    minLength: 1,
    maxLength: 255,
    charset: /[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]/,
    charsetText: 'letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*',
    forbiddenPrefixes: ['sg-'],
    source: 'EC2 CreateSecurityGroup: GroupName',
    examples: { compliant: 'shop-test-alb', nonCompliant: ['sg-shop-test-alb', 'shop~test'] },
  },
  {
    id: 'dashboard-name',
    what: 'CloudWatch dashboard name',
    terraform: [{ type: 'aws_cloudwatch_dashboard', attribute: 'dashboard_name' }],
    minLength: 1,
    maxLength: 255,
    charset: /[A-Za-z0-9_-]/,
    charsetText: 'letters, digits, underscores and hyphens',
    source: 'CloudWatch PutDashboard: DashboardName',
    examples: { compliant: 'shop-test', nonCompliant: ['shop.test'] },
  },
  {
    id: 'alarm-name',
    what: 'CloudWatch alarm name',
    terraform: [{ type: 'aws_cloudwatch_metric_alarm', attribute: 'alarm_name' }],
    minLength: 1,
    maxLength: 255,
    charset: /[\x20-\x7e]/,
    charsetText: 'printable ASCII',
    source: 'CloudWatch PutMetricAlarm: AlarmName',
    examples: { compliant: 'shop-test-web-cpu-high', nonCompliant: ['a'.repeat(256), 'tab\there'] },
  },
  {
    id: 'waf-web-acl-name',
    what: 'WAF web ACL name and metric name',
    terraform: [{ type: 'aws_wafv2_web_acl', attribute: 'name' }],
    minLength: 1,
    maxLength: 128,
    charset: /[A-Za-z0-9_-]/,
    charsetText: 'letters, digits, underscores and hyphens',
    source: 'WAFV2 CreateWebACL: Name',
    examples: { compliant: 'shop-test-waf', nonCompliant: ['shop.test.waf'] },
  },
  {
    id: 'backup-name',
    what: 'AWS Backup vault, plan or selection name',
    terraform: [
      { type: 'aws_backup_vault', attribute: 'name' },
      { type: 'aws_backup_plan', attribute: 'name' },
      { type: 'aws_backup_selection', attribute: 'name' },
    ],
    minLength: 2,
    maxLength: 50,
    charset: /[A-Za-z0-9._-]/,
    charsetText: 'letters, digits and ._-',
    source: 'AWS Backup CreateBackupVault: BackupVaultName; CreateBackupPlan: BackupPlanName; CreateBackupSelection: SelectionName',
    examples: { compliant: 'shop-test-backup', nonCompliant: ['a'.repeat(51), 'shop test'] },
  },
  {
    id: 'ssm-document-object-name',
    what: 'SSM maintenance window, patch baseline or association name',
    terraform: [
      { type: 'aws_ssm_maintenance_window', attribute: 'name' },
      { type: 'aws_ssm_patch_baseline', attribute: 'name' },
      { type: 'aws_ssm_association', attribute: 'association_name' },
    ],
    minLength: 3,
    maxLength: 128,
    charset: /[A-Za-z0-9._-]/,
    charsetText: 'letters, digits and ._-',
    source: 'SSM CreateMaintenanceWindow: Name; CreatePatchBaseline: Name; CreateAssociation: AssociationName',
    examples: { compliant: 'shop-test-patching', nonCompliant: ['ab', 'shop/test'] },
  },
  {
    id: 'cloudtrail-name',
    what: 'CloudTrail trail name',
    terraform: [{ type: 'aws_cloudtrail', attribute: 'name' }],
    minLength: 3,
    maxLength: 128,
    charset: /[A-Za-z0-9._-]/,
    charsetText: 'letters, digits and ._-',
    shape: { pattern: /^[A-Za-z0-9](?!.*[._-]{2}).*[A-Za-z0-9]$/, text: 'start and end with a letter or digit and have no two of ._- in a row' },
    source: 'CloudTrail CreateTrail: Name',
    examples: { compliant: 'baseline-111111111111-eu-central-1-trail', nonCompliant: ['my--trail', '-trail', 'ab'] },
  },
  {
    id: 'config-name',
    what: 'AWS Config rule, recorder or delivery channel name',
    terraform: [
      { type: 'aws_config_config_rule', attribute: 'name' },
      { type: 'aws_config_configuration_recorder', attribute: 'name' },
      { type: 'aws_config_delivery_channel', attribute: 'name' },
    ],
    minLength: 1,
    maxLength: 64,
    charset: /[\x21-\x7e]/,
    charsetText: 'printable ASCII without spaces',
    source: 'AWS Config PutConfigRule: ConfigRuleName (64); PutConfigurationRecorder and PutDeliveryChannel: name',
    examples: { compliant: 'baseline-encrypted-volumes', nonCompliant: ['a'.repeat(65), 'two words'] },
  },
  {
    id: 'autoscaling-policy-name',
    what: 'Application Auto Scaling policy name',
    terraform: [{ type: 'aws_appautoscaling_policy', attribute: 'name' }],
    minLength: 1,
    maxLength: 256,
    charset: /[\x20-\x39\x3b-\x7e]/,
    charsetText: 'printable ASCII without colons',
    source: 'Application Auto Scaling PutScalingPolicy: PolicyName',
    examples: { compliant: 'shop-test-web-cpu', nonCompliant: ['shop:test', 'a'.repeat(257)] },
  },
  {
    id: 'opensearch-domain-name',
    what: 'OpenSearch domain name',
    terraform: [{ type: 'aws_opensearch_domain', attribute: 'domain_name' }],
    minLength: 3,
    maxLength: 28,
    charset: /[a-z0-9-]/,
    charsetText: 'lower-case letters, digits and hyphens',
    shape: { pattern: /^[a-z]/, text: 'start with a lower-case letter' },
    source: 'OpenSearch Service CreateDomain: DomainName',
    examples: { compliant: 'operations-test-logs', nonCompliant: ['1ops-logs', 'Ops-logs', 'a'.repeat(29), 'ab'] },
  },
  {
    id: 'firehose-stream-name',
    what: 'Firehose delivery stream name',
    terraform: [{ type: 'aws_kinesis_firehose_delivery_stream', attribute: 'name' }],
    minLength: 1,
    maxLength: 64,
    charset: /[A-Za-z0-9_.-]/,
    charsetText: 'letters, digits and _.-',
    source: 'Amazon Data Firehose CreateDeliveryStream: DeliveryStreamName',
    examples: { compliant: 'operations-test-central-logs', nonCompliant: ['a'.repeat(65), 'central/logs'] },
  },
  {
    id: 'log-destination-name',
    what: 'CloudWatch Logs destination name',
    terraform: [
      { type: 'aws_cloudwatch_log_destination', attribute: 'name' },
      { type: 'aws_cloudwatch_log_destination_policy', attribute: 'destination_name' },
    ],
    minLength: 1,
    maxLength: 512,
    charset: /[^:*]/,
    charsetText: 'any character but : and *',
    source: 'CloudWatch Logs PutDestination: destinationName',
    examples: { compliant: 'operations-test-central-logs', nonCompliant: ['central:logs', 'logs*', 'a'.repeat(513)] },
  },
  {
    id: 'grafana-workspace-name',
    what: 'Amazon Managed Grafana workspace name',
    terraform: [{ type: 'aws_grafana_workspace', attribute: 'name' }],
    minLength: 1,
    maxLength: 255,
    charset: /[A-Za-z0-9._~-]/,
    charsetText: 'letters, digits and ._~-',
    source: 'Amazon Managed Grafana CreateWorkspace: workspaceName',
    examples: { compliant: 'operations-test-grafana', nonCompliant: ['grafana workspace', 'a'.repeat(256)] },
  },
];

export const NAME_RULES_BY_ID: ReadonlyMap<string, NameRule> = new Map(NAME_RULES.map((r) => [r.id, r]));

/** The rule for a Terraform resource type and attribute, if the table has one. */
export function nameRuleFor(type: string, attribute: string): NameRule | undefined {
  return NAME_RULES.find((r) => r.terraform.some((t) => t.type === type && t.attribute === attribute));
}

/** What is wrong with `name` under `rule` ("expected … "), or undefined when AWS accepts it. */
export function nameViolation(rule: NameRule, name: string, derived = true): string | undefined {
  const problems: string[] = [];
  if (name.length < rule.minLength || name.length > rule.maxLength) problems.push(`have ${rule.minLength}–${rule.maxLength} characters (it has ${name.length})`);
  const bad = [...new Set([...name].filter((c) => !rule.charset.test(c)))];
  if (bad.length > 0) problems.push(`use only ${rule.charsetText} (not ${bad.map((c) => JSON.stringify(c)).join(' ')})`);
  if (rule.shape && !rule.shape.pattern.test(name)) problems.push(rule.shape.text);
  const lower = name.toLowerCase();
  // Stryker disable next-line ArrayDeclaration: equivalent, `lower` has no upper-case letter, so it never starts with Stryker's "Stryker was here".
  for (const p of rule.forbiddenPrefixes ?? []) if (lower.startsWith(p)) problems.push(`not start with ${p} (reserved)`);
  // Stryker disable next-line ArrayDeclaration: equivalent, `lower` never ends with "Stryker was here" (upper-case S).
  for (const s of rule.forbiddenSuffixes ?? []) if (lower.endsWith(s)) problems.push(`not end with ${s} (reserved)`);
  if (rule.forbiddenNames?.includes(lower)) problems.push(`not be ${lower} (reserved)`);
  if (rule.noConsecutiveHyphens && name.includes('--')) problems.push('have no two hyphens in a row');
  if (problems.length === 0) return undefined;
  const subject = derived ? `the ${rule.what} derived from it to` : `a name that would`;
  return `expected ${subject} ${problems.join(' and ')}, found "${name}"`;
}
