/** Central logging as the blueprint tests examine it: the destination they configure and who is subscribed. */
import { all, Json, TerraformJson } from './terraform-json';

/** The operations account's destination, in the stacks' region (eu-central-1). */
export const CENTRAL_DESTINATION = 'arn:aws:logs:eu-central-1:210987654321:destination:central-logs';

/** `logs.central` of an environment file; `filterPattern` only when given. */
export function centralLogs(filterPattern?: string): { logs: { central: Record<string, string> } } {
  return { logs: { central: { destinationArn: CENTRAL_DESTINATION, ...(filterPattern === undefined ? {} : { filterPattern }) } } };
}

/**
 * Every log group the stack creates, as the expression a subscription names it by (a reference to
 * the group's `name`, so Terraform orders them), and the subscriptions that name each.
 */
export function subscriptionsByLogGroup(stack: TerraformJson): Record<string, Json[]> {
  const groups = Object.fromEntries(
    Object.entries(stack.resource?.aws_cloudwatch_log_group ?? {}).map(([id, g]) => [`\${aws_cloudwatch_log_group.${id}.name}`, (g as Json).name as string]),
  );
  const filters = all(stack, 'aws_cloudwatch_log_subscription_filter');
  return Object.fromEntries(Object.entries(groups).map(([reference, name]) => [name, filters.filter((f) => f.log_group_name === reference)]));
}

/** The literal names of the stack's log groups. */
export function logGroupNames(stack: TerraformJson): string[] {
  return all(stack, 'aws_cloudwatch_log_group').map((g) => g.name as string).sort();
}
