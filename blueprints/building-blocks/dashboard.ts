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

/** Traffic, errors and latency of an environment's load balancer, as every app dashboard shows them. */
export function loadBalancerWidgets(loadBalancerArnSuffix: string): DashboardWidget[] {
  const lb = loadBalancerArnSuffix;
  return [
    { title: 'Requests', stat: 'Sum', metrics: [['AWS/ApplicationELB', 'RequestCount', 'LoadBalancer', lb]] },
    {
      title: '5xx',
      stat: 'Sum',
      metrics: [
        ['AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', 'LoadBalancer', lb],
        ['AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', 'LoadBalancer', lb],
      ],
    },
    { title: 'Response time p99', stat: 'p99', metrics: [['AWS/ApplicationELB', 'TargetResponseTime', 'LoadBalancer', lb]] },
  ];
}

export function databaseWidget(dbInstanceIdentifier: string): DashboardWidget {
  return { title: 'Database CPU', metrics: [['AWS/RDS', 'CPUUtilization', 'DBInstanceIdentifier', dbInstanceIdentifier]] };
}
