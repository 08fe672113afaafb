/**
 * The identity of an app's EC2 instances: a role with customer-managed policies (not the AWS-managed
 * AmazonSSMManagedInstanceCore / CloudWatchAgentServerPolicy, which AWS can widen at any time) for the
 * SSM agent (Session Manager instead of SSH, patching, State Manager), the CloudWatch agent, and the
 * app's own configuration. Actions are scoped to this account's instances, documents, parameters and
 * log groups wherever IAM supports it; the remaining `*` resources are actions that have no resource
 * type (the agents' message channels, PutMetricData, inventory).
 */
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { AGENT_METRICS_NAMESPACE } from './cloudwatch-agent';
import { arnFor, EnvironmentContext } from './environment-context';
import { assumeRoleDocument, policyDocument, PolicyStatement } from './policy-document';

export interface InstanceRoleProps {
  ctx: EnvironmentContext;
  kmsKeyArn: string;
  /** Log groups the agents write to (application logs, patch command output). */
  logGroupArns: string[];
  /** ARN of the SSM parameter holding the CloudWatch agent's configuration. */
  agentConfigParameterArn: string;
  /** Secrets the app reads, e.g. the database master credentials. @default [] */
  secretArns?: string[];
}

export class InstanceRole extends Construct {
  readonly role: IamRole;
  readonly instanceProfile: IamInstanceProfile;
  private readonly name: string;

  constructor(scope: Construct, id: string, props: InstanceRoleProps) {
    super(scope, id);
    const { ctx } = props;
    const name = ctx.names.name('instance');
    this.name = name;
    const documents = [`arn:${ctx.partition}:ssm:${ctx.region}::document/*`, arnFor(ctx, 'ssm', 'document/*')];

    this.role = new IamRole(this, 'role', {
      name,
      description: `EC2 instances of ${ctx.names.prefix}: SSM and CloudWatch agents, the app's configuration`,
      // EC2 sends no source account when it assumes an instance role, so the trust names only the service.
      assumeRolePolicy: assumeRoleDocument(this, 'trust', 'ec2.amazonaws.com').json,
    });
    this.instanceProfile = new IamInstanceProfile(this, 'profile', { name, role: this.role.name });

    this.attach('ssm-agent', 'SSM agent: Session Manager, Run Command, Patch Manager, State Manager', [
      {
        sid: 'AgentMessageChannels',
        actions: [
          'ssmmessages:CreateControlChannel',
          'ssmmessages:CreateDataChannel',
          'ssmmessages:OpenControlChannel',
          'ssmmessages:OpenDataChannel',
          'ec2messages:AcknowledgeMessage',
          'ec2messages:DeleteMessage',
          'ec2messages:FailMessage',
          'ec2messages:GetEndpoint',
          'ec2messages:GetMessages',
          'ec2messages:SendReply',
        ],
        resources: ['*'],
      },
      {
        sid: 'AgentCallsWithoutResourceType',
        actions: ['ssm:GetDeployablePatchSnapshotForInstance', 'ssm:GetManifest', 'ssm:ListAssociations', 'ssm:PutInventory', 'ssm:PutConfigurePackageResult'],
        resources: ['*'],
      },
      {
        sid: 'AgentReportsOnItsInstance',
        actions: [
          'ssm:UpdateInstanceInformation',
          'ssm:ListInstanceAssociations',
          'ssm:PutComplianceItems',
          'ssm:DescribeAssociation',
          'ssm:UpdateAssociationStatus',
          'ssm:UpdateInstanceAssociationStatus',
        ],
        resources: [arnFor(ctx, 'ec2', 'instance/*'), arnFor(ctx, 'ssm', 'association/*'), ...documents],
      },
      { sid: 'AgentReadsDocuments', actions: ['ssm:GetDocument', 'ssm:DescribeDocument'], resources: documents },
    ]);

    this.attach('cloudwatch-agent', 'CloudWatch agent: its configuration, metrics and log files', [
      {
        sid: 'PublishAgentMetrics',
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        // The agent's namespace is the only one the role may write.
        condition: [{ test: 'StringEquals', variable: 'cloudwatch:namespace', values: [AGENT_METRICS_NAMESPACE] }],
      },
      { sid: 'FindLogGroups', actions: ['logs:DescribeLogGroups'], resources: ['*'] },
      { sid: 'DescribeOwnLogStreams', actions: ['logs:DescribeLogStreams'], resources: props.logGroupArns },
      {
        sid: 'WriteOwnLogStreams',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: props.logGroupArns.map((arn) => `${arn}:log-stream:*`),
      },
      { sid: 'ReadAgentConfiguration', actions: ['ssm:GetParameter'], resources: [props.agentConfigParameterArn] },
    ]);

    const secrets = props.secretArns ?? [];
    this.attach('app-configuration', "The app's configuration: this environment's parameters and secrets", [
      {
        sid: 'ReadEnvironmentParameters',
        actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'],
        resources: [arnFor(ctx, 'ssm', `parameter${ctx.names.parameterPath('*')}`)],
      },
      ...(secrets.length > 0 ? [{ sid: 'ReadEnvironmentSecrets', actions: ['secretsmanager:GetSecretValue'], resources: secrets }] : []),
      {
        sid: 'DecryptThroughSsmAndSecretsManager',
        actions: ['kms:Decrypt'],
        resources: [props.kmsKeyArn],
        condition: [
          {
            test: 'StringEquals',
            variable: 'kms:ViaService',
            values: [`ssm.${ctx.region}.amazonaws.com`, `secretsmanager.${ctx.region}.amazonaws.com`],
          },
        ],
      },
    ]);
  }

  private attach(id: string, description: string, statements: PolicyStatement[]): void {
    const policy = new IamPolicy(this, `${id}-policy`, {
      name: `${this.name}-${id}`,
      description,
      policy: policyDocument(this, `${id}-policy-document`, statements).json,
    });
    new IamRolePolicyAttachment(this, `${id}-attachment`, { role: this.role.name, policyArn: policy.arn });
  }
}
