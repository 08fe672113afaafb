/** The environment dashboard on its own: two widgets a row, in the environment's region. */
import { databaseWidget, environmentDashboard, loadBalancerWidgets } from '../../blueprints/building-blocks/dashboard';
import { blockContext, resource, synthBlock } from '../support/building-block-synth';

describe('environmentDashboard', () => {
  const json = synthBlock((scope) => environmentDashboard(scope, 'dashboard', blockContext(), [...loadBalancerWidgets('app/shop/123'), databaseWidget('shop-test-db')]));
  const dashboard = resource(json, 'aws_cloudwatch_dashboard', 'dashboard');
  const widgets = JSON.parse(dashboard.dashboard_body).widgets;

  it('is named after the environment', () => {
    expect(dashboard.dashboard_name).toBe('shop-test');
  });

  it('lays the widgets out two a row, 12 × 6 each', () => {
    expect(widgets.map((w: { x: number; y: number; width: number; height: number; type: string }) => [w.type, w.x, w.y, w.width, w.height])).toEqual([
      ['metric', 0, 0, 12, 6],
      ['metric', 12, 0, 12, 6],
      ['metric', 0, 6, 12, 6],
      ['metric', 12, 6, 12, 6],
    ]);
  });

  it("shows the load balancer's requests, 5xx and p99 latency and the database CPU, over 5 minutes in the environment's region", () => {
    expect(widgets.map((w: { properties: unknown }) => w.properties)).toEqual([
      { title: 'Requests', region: 'eu-central-1', stat: 'Sum', period: 300, metrics: [['AWS/ApplicationELB', 'RequestCount', 'LoadBalancer', 'app/shop/123']] },
      {
        title: '5xx',
        region: 'eu-central-1',
        stat: 'Sum',
        period: 300,
        metrics: [
          ['AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', 'LoadBalancer', 'app/shop/123'],
          ['AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', 'LoadBalancer', 'app/shop/123'],
        ],
      },
      { title: 'Response time p99', region: 'eu-central-1', stat: 'p99', period: 300, metrics: [['AWS/ApplicationELB', 'TargetResponseTime', 'LoadBalancer', 'app/shop/123']] },
      { title: 'Database CPU', region: 'eu-central-1', stat: 'Average', period: 300, metrics: [['AWS/RDS', 'CPUUtilization', 'DBInstanceIdentifier', 'shop-test-db']] },
    ]);
  });
});
