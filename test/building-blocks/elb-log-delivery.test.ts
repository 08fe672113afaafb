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

  // The regions AWS opened before August 2022 that the table covers: each delivers from its own ELB account
  // (a service principal there is refused and the logs silently stop).
  it.each(['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'eu-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ap-south-1', 'sa-east-1'])(
    'admits an ELB account (not the service principal) in %s',
    (region) => {
      const [principal] = elbLogDeliveryStatements(region, '123456789012', 'aws', 'arn:aws:s3:::logs', 'alb')[0].principals as { type: string; identifiers: string[] }[];
      expect(principal.type).toBe('AWS');
      expect(principal.identifiers).toEqual([expect.stringMatching(/^arn:aws:iam::\d{12}:root$/)]);
    },
  );

  it('admits the log-delivery service principal in regions opened after August 2022', () => {
    expect(elbLogDeliveryStatements('eu-central-2', '123456789012', 'aws', 'arn:aws:s3:::logs', 'alb')[0].principals).toEqual([
      { type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] },
    ]);
  });
});
