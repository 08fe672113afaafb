/**
 * Who writes ALB access logs into a bucket. Regions older than August 2022 deliver from a regional
 * Elastic Load Balancing account; newer ones from a service principal (AWS ELB user guide, "Enable
 * access logs"). Only the older regions need the table.
 */
import { PolicyStatement } from './policy-document';

const ELB_ACCOUNT_BY_REGION: Record<string, string> = {
  'us-east-1': '127311923021',
  'us-east-2': '033677994240',
  'us-west-1': '027434742980',
  'us-west-2': '797873946194',
  'ca-central-1': '985666609251',
  'eu-central-1': '054676820949',
  'eu-west-1': '156460612806',
  'eu-west-2': '652711504416',
  'eu-west-3': '009996457667',
  'eu-north-1': '897822967062',
  'eu-south-1': '635631232127',
  'ap-northeast-1': '582318560864',
  'ap-northeast-2': '600734575887',
  'ap-northeast-3': '383597477331',
  'ap-southeast-1': '114774131450',
  'ap-southeast-2': '783225319266',
  'ap-south-1': '718504428378',
  'sa-east-1': '507241528517',
};

export function elbLogDeliveryStatements(region: string, account: string, partition: string, bucketArn: string, prefix: string): PolicyStatement[] {
  const elbAccount = ELB_ACCOUNT_BY_REGION[region];
  const principal = elbAccount
    ? { type: 'AWS', identifiers: [`arn:${partition}:iam::${elbAccount}:root`] }
    : { type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] };
  return [
    {
      sid: 'ElasticLoadBalancingWritesAccessLogs',
      effect: 'Allow',
      principals: [principal],
      actions: ['s3:PutObject'],
      resources: [`${bucketArn}/${prefix}/AWSLogs/${account}/*`],
    },
  ];
}
