/**
 * How app accounts' logs reach the central domain: a CloudWatch Logs destination (the cross-account
 * endpoint a subscription filter names) in front of a Firehose delivery stream that decompresses the
 * CloudWatch Logs batches and writes them into the domain through network interfaces in the landing
 * zone's private subnets. Documents the domain refuses land in a hardened, KMS-encrypted bucket. Each
 * role may do exactly its part: CloudWatch Logs may put into this stream; Firehose may write this
 * domain's indices, this bucket and its own error log, and manage its network interfaces in this VPC.
 */
import { CloudwatchLogDestination } from '@cdktf/provider-aws/lib/cloudwatch-log-destination';
import { CloudwatchLogDestinationPolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-destination-policy';
import { CloudwatchLogStream } from '@cdktf/provider-aws/lib/cloudwatch-log-stream';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KinesisFirehoseDeliveryStream } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { dependable, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { ResolvedIngestion } from '../../config/resolve-environment';
import { EncryptedLogGroup } from '../building-blocks/encrypted-log-group';
import { arnFor, EnvironmentContext } from '../building-blocks/environment-context';
import { HardenedBucket } from '../building-blocks/hardened-bucket';
import { assumeRoleDocument, policyDocument } from '../building-blocks/policy-document';
import { httpsEgressToGroup, workloadSecurityGroup } from '../building-blocks/workload-security-group';

/** Where documents the domain refused are written in the bucket, and where Firehose's own errors go. */
export const FAILED_DOCUMENTS_PREFIX = 'failed-documents/';
export const DELIVERY_ERRORS_PREFIX = 'delivery-errors/!{firehose:error-output-type}/';

export interface LogIngestionProps {
  ctx: EnvironmentContext;
  /** Subscriber accounts, index, buffering and the failed-documents bucket's tier settings (`ingestion.*`). */
  settings: ResolvedIngestion;
  vpcId: string;
  /** Private subnets for Firehose's network interfaces: the zones of the domain. */
  subnetIds: string[];
  kmsKeyArn: string;
  /** Retention of Firehose's error log group (the tier's `logs.retentionDays`). */
  logRetentionDays: number;
  /** Name of the domain; its ARN is derived, so the domain's access policy may name this role. */
  domainName: string;
}

export class LogIngestion extends Construct {
  readonly deliveryStream: KinesisFirehoseDeliveryStream;
  readonly destination: CloudwatchLogDestination;
  readonly firehoseRole: IamRole;
  readonly securityGroup: SecurityGroup;
  readonly failedDocuments: HardenedBucket;

  constructor(scope: Construct, id: string, props: LogIngestionProps) {
    super(scope, id);
    const { ctx, settings } = props;
    const domainArn = arnFor(ctx, 'es', `domain/${props.domainName}`);
    const streamName = ctx.names.centralLogs(64);
    const streamArn = arnFor(ctx, 'firehose', `deliverystream/${streamName}`);

    this.failedDocuments = new HardenedBucket(this, 'failed-documents', {
      bucketName: ctx.names.name(`failed-logs-${ctx.account}`),
      kmsKeyArn: props.kmsKeyArn,
      expirationDays: settings.failedDocumentsRetentionDays,
      forceDestroy: settings.failedDocumentsForceDestroy,
    });
    const bucketArn = this.failedDocuments.bucket.arn;

    const errorLogs = new EncryptedLogGroup(this, 'delivery-logs', { ctx, path: 'firehose/delivery', kmsKeyArn: props.kmsKeyArn, retentionDays: props.logRetentionDays });
    const errorStream = new CloudwatchLogStream(this, 'delivery-log-stream', { name: 'opensearch-delivery', logGroupName: errorLogs.name });

    this.securityGroup = workloadSecurityGroup(this, {
      name: ctx.names.name('firehose'),
      description: `${ctx.names.prefix} Firehose delivery to OpenSearch: no ingress, HTTPS to the domain only`,
      vpcId: props.vpcId,
    });

    this.firehoseRole = new IamRole(this, 'firehose-role', {
      name: ctx.names.name('firehose', 64),
      description: `${ctx.names.prefix}: Firehose writes the central logs into OpenSearch and refused documents into S3`,
      assumeRolePolicy: assumeRoleDocument(this, 'firehose-trust', 'firehose.amazonaws.com', ctx.account).json,
    });
    const vpcArn = (resource: string) => arnFor(ctx, 'ec2', resource);
    const firehosePolicy = new IamRolePolicy(this, 'firehose-policy', {
      name: ctx.names.name('firehose', 128),
      role: this.firehoseRole.id,
      policy: policyDocument(this, 'firehose-permissions', [
        {
          sid: 'WriteRefusedDocuments',
          effect: 'Allow',
          actions: ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject'],
          resources: [bucketArn, `${bucketArn}/*`],
        },
        {
          sid: 'EncryptWithTheEnvironmentKey',
          effect: 'Allow',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [props.kmsKeyArn],
        },
        {
          sid: 'DescribeTheDomain',
          effect: 'Allow',
          actions: ['es:DescribeDomain', 'es:DescribeDomains', 'es:DescribeDomainConfig'],
          resources: [domainArn, `${domainArn}/*`],
        },
        {
          sid: 'WriteTheDomainsIndices',
          effect: 'Allow',
          actions: ['es:ESHttpPost', 'es:ESHttpPut'],
          resources: [domainArn, `${domainArn}/*`],
        },
        {
          sid: 'ReadWhatFirehoseChecksBeforeWriting',
          effect: 'Allow',
          actions: ['es:ESHttpGet'],
          resources: [
            `${domainArn}/_all/_settings`,
            `${domainArn}/_cluster/stats`,
            `${domainArn}/${settings.indexName}*/_mapping/*`,
            `${domainArn}/_nodes`,
            `${domainArn}/_nodes/*/stats`,
            `${domainArn}/_stats`,
            `${domainArn}/${settings.indexName}*/_stats`,
          ],
        },
        {
          sid: 'ReportDeliveryErrors',
          effect: 'Allow',
          actions: ['logs:PutLogEvents'],
          resources: [arnFor(ctx, 'logs', `log-group:${errorLogs.literalName}:log-stream:*`)],
        },
        {
          // Describe calls have no resource-level permissions in EC2.
          sid: 'SeeTheVpc',
          effect: 'Allow',
          actions: ['ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeNetworkInterfaces'],
          resources: ['*'],
        },
        { sid: 'SeeTheVpcsAttributes', effect: 'Allow', actions: ['ec2:DescribeVpcAttribute'], resources: [vpcArn(`vpc/${props.vpcId}`)] },
        {
          sid: 'ManageItsNetworkInterfacesInTheseSubnets',
          effect: 'Allow',
          actions: ['ec2:CreateNetworkInterface', 'ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface'],
          resources: [vpcArn('network-interface/*'), ...props.subnetIds.map((s) => vpcArn(`subnet/${s}`)), vpcArn(`security-group/*`)],
          condition: [{ test: 'StringEquals', variable: 'ec2:Vpc', values: [vpcArn(`vpc/${props.vpcId}`)] }],
        },
      ]).json,
    });

    this.deliveryStream = new KinesisFirehoseDeliveryStream(this, 'stream', {
      name: streamName,
      destination: 'opensearch',
      serverSideEncryption: { enabled: true, keyType: 'CUSTOMER_MANAGED_CMK', keyArn: props.kmsKeyArn },
      opensearchConfiguration: {
        domainArn,
        roleArn: this.firehoseRole.arn,
        indexName: settings.indexName,
        indexRotationPeriod: 'OneDay',
        bufferingInterval: settings.bufferIntervalSeconds,
        bufferingSize: 5,
        retryDuration: 300,
        s3BackupMode: 'FailedDocumentsOnly',
        s3Configuration: {
          roleArn: this.firehoseRole.arn,
          bucketArn,
          prefix: FAILED_DOCUMENTS_PREFIX,
          errorOutputPrefix: DELIVERY_ERRORS_PREFIX,
          compressionFormat: 'GZIP',
          kmsKeyArn: props.kmsKeyArn,
        },
        vpcConfig: { subnetIds: props.subnetIds, securityGroupIds: [this.securityGroup.id], roleArn: this.firehoseRole.arn },
        cloudwatchLoggingOptions: { enabled: true, logGroupName: errorLogs.name, logStreamName: errorStream.name },
        // CloudWatch Logs sends gzip-compressed batches; OpenSearch indexes the decompressed JSON.
        processingConfiguration: {
          enabled: true,
          processors: [{ type: 'Decompression', parameters: [{ parameterName: 'CompressionFormat', parameterValue: 'GZIP' }] }],
        },
      },
      // IAM is eventually consistent: the role's permissions exist before Firehose first uses them.
      dependsOn: [firehosePolicy],
    });

    // CloudWatch Logs of this and the subscriber accounts put the subscribed events into the stream.
    const subscribers = [...new Set([ctx.account, ...settings.subscriberAccounts])].sort();
    const logsRole = new IamRole(this, 'logs-role', {
      name: ctx.names.name('logs-to-firehose', 64),
      description: `${ctx.names.prefix}: CloudWatch Logs puts the app accounts' subscribed log events into the central Firehose stream`,
      assumeRolePolicy: policyDocument(this, 'logs-trust', [
        {
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: [`logs.${ctx.region}.amazonaws.com`] }],
          condition: [{ test: 'StringLike', variable: 'aws:SourceArn', values: subscribers.map((account) => arnFor({ ...ctx, account }, 'logs', '*')) }],
        },
      ]).json,
    });
    new IamRolePolicy(this, 'logs-policy', {
      name: ctx.names.name('logs-to-firehose', 128),
      role: logsRole.id,
      policy: policyDocument(this, 'logs-permissions', [
        { sid: 'PutIntoTheCentralStream', effect: 'Allow', actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'], resources: [streamArn] },
      ]).json,
    });

    this.destination = new CloudwatchLogDestination(this, 'destination', {
      name: ctx.names.centralLogs(512),
      roleArn: logsRole.arn,
      targetArn: this.deliveryStream.arn,
    });
    new CloudwatchLogDestinationPolicy(this, 'destination-policy', {
      destinationName: this.destination.name,
      accessPolicy: policyDocument(this, 'destination-access', [
        {
          sid: 'AppAccountsSubscribe',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: subscribers }],
          actions: ['logs:PutSubscriptionFilter'],
          resources: [this.destination.arn],
        },
      ]).json,
    });
  }

  /** The stream is created only after `resource` (the domain, which Firehose checks on creation). */
  deliverAfter(resource: TerraformResource): void {
    this.deliveryStream.dependsOn = [...(this.deliveryStream.dependsOn ?? []), dependable(resource)];
  }

  /** Firehose's network interfaces reach the domain, and nothing else, over HTTPS. */
  allowHttpsTo(domainSecurityGroupId: string): void {
    httpsEgressToGroup(this, 'egress-opensearch', this.securityGroup.id, domainSecurityGroupId, 'HTTPS to the OpenSearch domain');
  }
}
