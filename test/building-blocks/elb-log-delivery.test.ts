/** Who may write ALB access logs: the regional ELB account in older regions, the log-delivery service elsewhere. */
import { elbLogDeliveryStatements } from '../../blueprints/building-blocks/elb-log-delivery';

describe('elbLogDeliveryStatements', () => {
  it('admits the regional ELB account of an older region, to the prefix of this account only', () => {
    expect(elbLogDeliveryStatements('eu-central-1', '123456789012', 'aws', 'arn:aws:s3:::logs', 'alb')).toEqual([
      {
        sid: 'ElasticLoadBalancingWritesAccessLogs',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::054676820949:root'] }],
        actions: ['s3:PutObject'],
        resources: ['arn:aws:s3:::logs/alb/AWSLogs/123456789012/*'],
      },
    ]);
    expect(elbLogDeliveryStatements('us-east-1', '1', 'aws', 'b', 'p')[0].principals).toEqual([{ type: 'AWS', identifiers: ['arn:aws:iam::127311923021:root'] }]);
  });

  it('admits the log-delivery service principal in regions opened after August 2022', () => {
    expect(elbLogDeliveryStatements('eu-central-2', '123456789012', 'aws', 'arn:aws:s3:::logs', 'alb')[0].principals).toEqual([
      { type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] },
    ]);
  });
});
