/**
 * The adoption report (markdown): what was adopted and where it lives in the blueprint, what the
 * blueprint creates around it (what the app gains), what changes in place, and what is left alone
 * with what to do. Secret-free: it is written from discovery's arguments, which never hold a secret.
 */
import { AdoptableBlueprint, describeResource, Mapping } from './blueprint-mapping';

export interface PlannedChange {
  address: string;
  /** `update`, `create`, `replace (task-definition revision)`. */
  what: string;
  attributes: string[];
}

export interface ReportInput {
  blueprint: AdoptableBlueprint;
  stack: string;
  envFile: string;
  importFile: string;
  mapping: Mapping;
  /** Construct path → Terraform address, from the synthesized stack. */
  addresses: Record<string, string>;
  /** Blueprint resources nobody runs today: created by the blueprint (construct path → type). */
  created: { constructPath: string; terraformType: string }[];
  /** From the verify plan, when --verify ran. */
  planned?: { summary: string; inPlace: PlannedChange[]; allowedReplacements: PlannedChange[] };
}

/** What a blueprint resource type gives the app, for the "created" section. */
const GAINS: [RegExp, string][] = [
  [/^aws_backup_/, 'AWS Backup: daily/weekly/monthly recovery points of the instances, data volumes and database in an encrypted vault'],
  [/^aws_ssm_(maintenance_window|patch_baseline|association)/, 'Systems Manager: patching in a maintenance window, the CloudWatch agent installed and configured'],
  [/^aws_cloudwatch_metric_alarm$/, 'CloudWatch alarms (auto-recovery, status checks, CPU, memory, disk, 5xx, unhealthy hosts, database) paged through the alarm topic'],
  [/^aws_cloudwatch_dashboard$/, 'a CloudWatch dashboard of the environment'],
  [/^aws_sns_topic/, 'the encrypted alarm topic'],
  [/^aws_wafv2_/, 'AWS WAF with AWS managed rules in front of the load balancer'],
  [/^aws_s3_bucket/, 'the hardened bucket for load-balancer access logs'],
  [/^aws_cloudwatch_log_group$/, 'encrypted log groups with the tier\'s retention'],
  [/^aws_iam_/, 'least-privilege IAM roles (instance profile, RDS monitoring, tasks)'],
  [/^aws_security_group$|^aws_vpc_security_group_/, 'least-privilege security groups: HTTPS to the load balancer, the app port from it only, the database from the app only'],
  [/^aws_ssm_parameter$/, 'SSM parameters that publish the database host, port and name'],
  [/^aws_kms_alias$/, 'the key alias alias/<app>-<env>'],
  [/^aws_ssm_patch_group$/, 'Systems Manager: patching in a maintenance window, the CloudWatch agent installed and configured'],
  [/^aws_db_parameter_group$/, 'a database parameter group with TLS only and statement logging'],
  [/^aws_lb_listener$/, 'the HTTP listener that redirects to HTTPS'],
  [/^aws_lb_listener_rule$/, 'the listener rule that routes to the app'],
  [/^aws_ecs_/, 'ECS: the blueprint\'s cluster settings (Container Insights), autoscaling and deployment circuit breaker'],
  [/^aws_appautoscaling_/, 'service autoscaling on CPU'],
  [/^aws_efs_/, 'encrypted EFS file systems for persistent volumes'],
  [/^aws_ecr_/, 'the app\'s ECR repository (immutable tags, scan on push)'],
];

function gainOf(type: string): string {
  return GAINS.find(([re]) => re.test(type))?.[1] ?? type;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function formatReport(input: ReportInput): string {
  const { mapping: m } = input;
  const lines: string[] = [];
  lines.push(`# Adoption of ${input.stack} into the ${input.blueprint} blueprint`, '');
  lines.push(`Environment file: \`${input.envFile}\`  `, `Import file: \`${input.importFile}\``, '');
  lines.push('Nothing that carries the app is recreated: every argument whose change would force a replacement is taken from the running resource into the environment file.');
  if (input.planned) lines.push('', `Verify plan: ${input.planned.summary}`);
  lines.push('', `## Adopted (${m.adopted.length})`, '', '| Running resource | Blueprint address |', '|---|---|');
  for (const a of [...m.adopted].sort((x, y) => x.constructPath.localeCompare(y.constructPath))) {
    lines.push(`| ${cell(describeResource(a.resource))} | \`${input.addresses[a.constructPath] ?? a.constructPath}\` |`);
  }
  if (m.redeclared.length > 0) {
    lines.push('', `## Declared again (${m.redeclared.length})`, '');
    for (const r of m.redeclared) lines.push(`- ${describeResource(r.resource)}: ${r.why}`);
  }
  lines.push('', `## Created by the blueprint (what the app gains)`, '');
  const byGain = new Map<string, number>();
  for (const c of input.created) byGain.set(gainOf(c.terraformType), (byGain.get(gainOf(c.terraformType)) ?? 0) + 1);
  for (const [gain, count] of [...byGain].sort((a, b) => a[0].localeCompare(b[0]))) lines.push(`- ${gain} (${count} resource${count === 1 ? '' : 's'})`);
  lines.push('', '## In-place updates', '');
  if (input.planned) {
    if (input.planned.inPlace.length === 0) lines.push('None.');
    for (const c of input.planned.inPlace) lines.push(`- \`${c.address}\`: ${c.attributes.join(', ') || 'update'}`);
    for (const c of input.planned.allowedReplacements) lines.push(`- \`${c.address}\`: ${c.what} (a rolling deployment: new tasks pass the health check before old ones stop)`);
  } else {
    lines.push('Run with `--verify` to list them from the plan. Expected: the hardening the blueprint applies to what it adopts (IMDSv2, termination and stop protection, detailed monitoring, tags, the managed master password, TLS-only database parameters, deletion protection, the new security groups).');
  }
  lines.push('', `## Left alone (${m.leftAlone.length})`, '');
  if (m.leftAlone.length === 0) lines.push('Nothing.');
  for (const l of m.leftAlone) lines.push(`- ${describeResource(l.resource)}: ${l.why}`);
  if (m.notes.length > 0) {
    lines.push('', '## Notes', '');
    for (const n of m.notes) lines.push(`- ${n}`);
  }
  lines.push('', '## After apply', '');
  lines.push('The import file can stay: an import of an object already in state is a no-op, and it keeps the record of where each resource came from. Delete it once the adoption is merged and applied everywhere; the stack then synthesizes as for a new environment (same addresses, no import blocks).');
  return lines.join('\n') + '\n';
}
