/** One CloudWatch dashboard per environment, built from metric widgets the blueprint lists. */
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { Construct } from 'constructs';
import { EnvironmentContext } from './environment-context';

export interface DashboardWidget {
  title: string;
  /** CloudWatch metric arrays: [namespace, metric, dimName, dimValue, ...]. */
  metrics: (string | Record<string, string>)[][];
  /** @default Average */
  stat?: string;
}

export function environmentDashboard(scope: Construct, id: string, ctx: EnvironmentContext, widgets: DashboardWidget[]): CloudwatchDashboard {
  const width = 12;
  const height = 6;
  const body = {
    widgets: widgets.map((w, i) => ({
      type: 'metric',
      x: (i % 2) * width,
      y: Math.floor(i / 2) * height,
      width,
      height,
      properties: { title: w.title, region: ctx.region, stat: w.stat ?? 'Average', period: 300, metrics: w.metrics },
    })),
  };
  return new CloudwatchDashboard(scope, id, { dashboardName: ctx.names.prefix, dashboardBody: JSON.stringify(body) });
}
