/**
 * The CloudWatch agent on an app's long-lived instances, managed without user data (which runs only
 * at first boot): its configuration lives in an SSM parameter, and two State Manager associations
 * install the agent and apply that configuration. The configure association's name carries a hash of
 * the configuration, so a changed configuration renames it and State Manager applies it at once, in
 * place, without touching the instance.
 */
import { createHash } from 'crypto';
import { SsmAssociation } from '@cdktf/provider-aws/lib/ssm-association';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { Construct } from 'constructs';
import { arnFor, EnvironmentContext } from './environment-context';

/** The namespace the agent publishes to: alarms and dashboards read it, the instance role may write only it. */
export const AGENT_METRICS_NAMESPACE = 'CWAgent';

/** What the configuration collects; the agent names each metric `<plugin>_<measurement>`. */
const MEMORY_USED = { plugin: 'mem', measurement: 'used_percent' } as const;
const DISK_USED = { plugin: 'disk', measurement: 'used_percent' } as const;

/** Metric names the configuration produces (disk ones per InstanceId + path), for alarms and dashboards. */
export const AGENT_METRICS = {
  memoryUsedPercent: `${MEMORY_USED.plugin}_${MEMORY_USED.measurement}`,
  diskUsedPercent: `${DISK_USED.plugin}_${DISK_USED.measurement}`,
} as const;

export interface CloudWatchAgentProps {
  ctx: EnvironmentContext;
  kmsKeyArn: string;
  /** Instances the associations manage. */
  instanceIds: string[];
  /** Mount points whose used space is measured, e.g. `/` and a data volume. */
  diskPaths: string[];
  /** Log group that receives the shipped files, one stream per instance and file; a plain name, as it is part of the hashed configuration. */
  logGroupName: string;
  /** @default [] */
  logFiles?: { path: string; name: string }[];
}

export class CloudWatchAgent extends Construct {
  /** Where the configuration is stored; known before the construct exists, for the instance role. */
  static parameterName(ctx: EnvironmentContext): string {
    return ctx.names.parameterPath('cloudwatch-agent', 'config');
  }

  static parameterArn(ctx: EnvironmentContext): string {
    return arnFor(ctx, 'ssm', `parameter${CloudWatchAgent.parameterName(ctx)}`);
  }

  readonly parameter: SsmParameter;

  constructor(scope: Construct, id: string, props: CloudWatchAgentProps) {
    super(scope, id);
    const { ctx } = props;
    const configuration = JSON.stringify(agentConfiguration(props));
    this.parameter = new SsmParameter(this, 'config', {
      name: CloudWatchAgent.parameterName(ctx),
      description: `${ctx.names.prefix}: CloudWatch agent configuration (metrics and log files)`,
      type: 'SecureString',
      keyId: props.kmsKeyArn,
      // Advanced tier only if the configuration outgrows 4 KB.
      tier: 'Intelligent-Tiering',
      value: configuration,
    });
    const targets = [{ key: 'InstanceIds', values: props.instanceIds }];
    const install = new SsmAssociation(this, 'install', {
      associationName: ctx.names.name('cloudwatch-agent-install', 128),
      name: 'AWS-ConfigureAWSPackage',
      parameters: { action: 'Install', name: 'AmazonCloudWatchAgent' },
      // Re-running keeps the agent at its latest release.
      scheduleExpression: 'rate(14 days)',
      targets,
    });
    const hash = createHash('sha256').update(configuration).digest('hex').slice(0, 8);
    new SsmAssociation(this, 'configure', {
      associationName: ctx.names.name(`cloudwatch-agent-config-${hash}`, 128),
      name: 'AmazonCloudWatch-ManageAgent',
      parameters: {
        action: 'configure',
        mode: 'ec2',
        optionalConfigurationSource: 'ssm',
        optionalConfigurationLocation: this.parameter.name,
        optionalRestart: 'yes',
      },
      // Daily, so a first run that raced the install is repeated soon.
      scheduleExpression: 'rate(1 day)',
      targets,
      dependsOn: [install],
    });
  }
}

function agentConfiguration(props: CloudWatchAgentProps): Record<string, unknown> {
  const logFiles = props.logFiles ?? [];
  return {
    agent: { metrics_collection_interval: 60, omit_hostname: true },
    metrics: {
      namespace: AGENT_METRICS_NAMESPACE,
      // `$${` is Terraform's escape: the agent, not Terraform, fills in the instance ID.
      append_dimensions: { InstanceId: '$${aws:InstanceId}' },
      // Disk metrics also carry fstype, which differs by image; alarms use this InstanceId + path series.
      aggregation_dimensions: [['InstanceId', 'path']],
      metrics_collected: {
        [MEMORY_USED.plugin]: { measurement: [MEMORY_USED.measurement] },
        [DISK_USED.plugin]: { measurement: [DISK_USED.measurement], resources: props.diskPaths, drop_device: true },
      },
    },
    ...(logFiles.length > 0
      ? {
          logs: {
            logs_collected: {
              files: {
                collect_list: logFiles.map((f) => ({
                  file_path: f.path,
                  log_group_name: props.logGroupName,
                  log_stream_name: `{instance_id}/${f.name}`,
                })),
              },
            },
          },
        }
      : {}),
  };
}
