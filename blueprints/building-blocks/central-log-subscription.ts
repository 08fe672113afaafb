/**
 * Central logging: a subscription filter that streams one log group to the central log store's
 * CloudWatch Logs destination (the `observability` blueprint's, usually in the operations account).
 * A destination authorises senders by its own access policy, so no role is needed on this side
 * (`role_arn` is for same-account Kinesis or Firehose targets); it must be in the log group's region.
 */
import { CloudwatchLogSubscriptionFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-subscription-filter';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ResolvedCentralLogs } from '../../config/resolve-environment';
import { EnvironmentContext } from './environment-context';

/** The filter's name on every subscribed group: a group takes at most two, so ours is recognisable. */
export function centralLogsFilterName(ctx: EnvironmentContext): string {
  return ctx.names.name('central-logs', 512);
}

export interface CentralLogSubscriptionProps {
  ctx: EnvironmentContext;
  /** The destination and filter. @default none: central logging is off and nothing is created */
  central?: ResolvedCentralLogs;
  logGroupName: string;
  /** The log group resource, when the name is literal and so carries no dependency of its own. @default none */
  dependsOn?: ITerraformDependable[];
}

/** The subscription of one log group, as child `id` of `scope`; undefined when central logging is off. */
export function centralLogSubscription(scope: Construct, id: string, props: CentralLogSubscriptionProps): CloudwatchLogSubscriptionFilter | undefined {
  if (!props.central) return undefined;
  return new CloudwatchLogSubscriptionFilter(scope, id, {
    name: centralLogsFilterName(props.ctx),
    logGroupName: props.logGroupName,
    destinationArn: props.central.destinationArn,
    filterPattern: props.central.filterPattern,
    dependsOn: props.dependsOn,
  });
}
