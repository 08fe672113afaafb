/** The instance role on its own: EC2-only trust, customer-managed least-privilege policies, scoped resources. */
import { AGENT_METRICS_NAMESPACE } from '../../blueprints/building-blocks/cloudwatch-agent';
import { InstanceRole } from '../../blueprints/building-blocks/instance-role';
import { allOf, blockContext, refTo, resource, statementsOf, synthBlock } from '../support/building-block-synth';

const KEY = 'arn:aws:kms:eu-central-1:123456789012:key/app';
const LOGS = ['arn:aws:logs:eu-central-1:123456789012:log-group:/shop/test/instances'];
const AGENT_CONFIG = 'arn:aws:ssm:eu-central-1:123456789012:parameter/shop/test/cloudwatch-agent/config';
const SECRET = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:rds-db-credentials';

const synthRole = (secretArns?: string[]) =>
  synthBlock((scope) => new InstanceRole(scope, 'instance', { ctx: blockContext(), kmsKeyArn: KEY, logGroupArns: LOGS, agentConfigParameterArn: AGENT_CONFIG, secretArns }));

describe('InstanceRole', () => {
  const json = synthRole([SECRET]);

  it('is assumable by EC2 only, and reaches instances through an instance profile of the same name', () => {
    const trust = Object.values(statementsOf(json, 'instance_trust'))[0];
    expect(trust.principals).toEqual([{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }]);
    expect(trust.actions).toEqual(['sts:AssumeRole']);
    // The provider refuses any effect but Allow or Deny at plan time.
    expect(trust.effect).toBe('Allow');
    expect(resource(json, 'aws_iam_role', 'instance_role').name).toBe('shop-test-instance');
    expect(resource(json, 'aws_iam_instance_profile', 'instance_profile')).toEqual({ name: 'shop-test-instance', role: refTo(json, 'aws_iam_role', 'instance_role', 'name') });
  });

  it('attaches only its own three customer-managed policies (no AWS-managed policy AWS could widen)', () => {
    const attachments = Object.values(allOf(json, 'aws_iam_role_policy_attachment'));
    const ids = ['ssm-agent', 'cloudwatch-agent', 'app-configuration'];
    expect(attachments.map((a) => a.policy_arn).sort()).toEqual(ids.map((id) => refTo(json, 'aws_iam_policy', `instance_${id}-policy`, 'arn')).sort());
    for (const a of attachments) expect(a.role).toBe(refTo(json, 'aws_iam_role', 'instance_role', 'name'));
    for (const id of ids) expect(resource(json, 'aws_iam_policy', `instance_${id}-policy`).name).toBe(`shop-test-instance-${id}`);
  });

  it("scopes the SSM agent's reporting to this account's instances, associations and documents", () => {
    const ssm = statementsOf(json, 'instance_ssm-agent-policy-document');
    expect(ssm.AgentReportsOnItsInstance.resources).toEqual([
      'arn:aws:ec2:eu-central-1:123456789012:instance/*',
      'arn:aws:ssm:eu-central-1:123456789012:association/*',
      'arn:aws:ssm:eu-central-1::document/*',
      'arn:aws:ssm:eu-central-1:123456789012:document/*',
    ]);
    expect(ssm.AgentReadsDocuments).toMatchObject({ actions: ['ssm:GetDocument', 'ssm:DescribeDocument'] });
    // Only actions without a resource type get `*`.
    for (const sid of ['AgentMessageChannels', 'AgentCallsWithoutResourceType']) expect(ssm[sid].resources).toEqual(['*']);
    expect(ssm.AgentMessageChannels.actions.every((a: string) => /^(ssmmessages|ec2messages):/.test(a))).toBe(true);
  });

  it('lets the CloudWatch agent publish only to its namespace and write only its own log groups and configuration', () => {
    const cw = statementsOf(json, 'instance_cloudwatch-agent-policy-document');
    expect(cw.PublishAgentMetrics.condition).toEqual([{ test: 'StringEquals', variable: 'cloudwatch:namespace', values: [AGENT_METRICS_NAMESPACE] }]);
    expect(AGENT_METRICS_NAMESPACE).toBe('CWAgent');
    expect(cw.DescribeOwnLogStreams.resources).toEqual(LOGS);
    expect(cw.WriteOwnLogStreams).toMatchObject({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${LOGS[0]}:log-stream:*`] });
    expect(cw.ReadAgentConfiguration).toMatchObject({ actions: ['ssm:GetParameter'], resources: [AGENT_CONFIG] });
    expect(cw.FindLogGroups.actions).toEqual(['logs:DescribeLogGroups']);
  });

  it("reads only this environment's parameters and the named secrets, and decrypts only through SSM and Secrets Manager", () => {
    const app = statementsOf(json, 'instance_app-configuration-policy-document');
    expect(app.ReadEnvironmentParameters.resources).toEqual(['arn:aws:ssm:eu-central-1:123456789012:parameter/shop/test/*']);
    expect(app.ReadEnvironmentSecrets).toMatchObject({ actions: ['secretsmanager:GetSecretValue'], resources: [SECRET] });
    expect(app.DecryptThroughSsmAndSecretsManager).toMatchObject({
      actions: ['kms:Decrypt'],
      resources: [KEY],
      condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['ssm.eu-central-1.amazonaws.com', 'secretsmanager.eu-central-1.amazonaws.com'] }],
    });
  });

  it('is described for whoever reads IAM, and each policy says what it is for', () => {
    expect(resource(json, 'aws_iam_role', 'instance_role')).toEqual({
      name: 'shop-test-instance',
      description: "EC2 instances of shop-test: SSM and CloudWatch agents, the app's configuration",
      assume_role_policy: refTo(json, 'aws_iam_policy_document', 'instance_trust', 'json', 'data'),
    });
    const policies = allOf(json, 'aws_iam_policy');
    expect(Object.fromEntries(Object.entries(policies).map(([id, p]) => [id, [p.description, p.policy]]))).toEqual({
      'instance_ssm-agent-policy': ['SSM agent: Session Manager, Run Command, Patch Manager, State Manager', refTo(json, 'aws_iam_policy_document', 'instance_ssm-agent-policy-document', 'json', 'data')],
      'instance_cloudwatch-agent-policy': ['CloudWatch agent: its configuration, metrics and log files', refTo(json, 'aws_iam_policy_document', 'instance_cloudwatch-agent-policy-document', 'json', 'data')],
      'instance_app-configuration-policy': ["The app's configuration: this environment's parameters and secrets", refTo(json, 'aws_iam_policy_document', 'instance_app-configuration-policy-document', 'json', 'data')],
    });
    // EC2 sends no source account when it assumes an instance role: a condition would lock EC2 out.
    expect(Object.values(statementsOf(json, 'instance_trust'))[0].condition).toBeUndefined();
  });

  it('grants exactly these actions, each on exactly these resources (least privilege, no wildcard action)', () => {
    const granted = (doc: string) => Object.fromEntries(Object.entries(statementsOf(json, doc)).map(([sid, st]) => [sid, { actions: st.actions, resources: st.resources }]));
    const documents = ['arn:aws:ssm:eu-central-1::document/*', 'arn:aws:ssm:eu-central-1:123456789012:document/*'];
    expect(granted('instance_ssm-agent-policy-document')).toEqual({
      AgentMessageChannels: {
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
      AgentCallsWithoutResourceType: { actions: ['ssm:GetDeployablePatchSnapshotForInstance', 'ssm:GetManifest', 'ssm:ListAssociations', 'ssm:PutInventory', 'ssm:PutConfigurePackageResult'], resources: ['*'] },
      AgentReportsOnItsInstance: {
        actions: ['ssm:UpdateInstanceInformation', 'ssm:ListInstanceAssociations', 'ssm:PutComplianceItems', 'ssm:DescribeAssociation', 'ssm:UpdateAssociationStatus', 'ssm:UpdateInstanceAssociationStatus'],
        resources: ['arn:aws:ec2:eu-central-1:123456789012:instance/*', 'arn:aws:ssm:eu-central-1:123456789012:association/*', ...documents],
      },
      AgentReadsDocuments: { actions: ['ssm:GetDocument', 'ssm:DescribeDocument'], resources: documents },
    });
    expect(granted('instance_cloudwatch-agent-policy-document')).toEqual({
      PublishAgentMetrics: { actions: ['cloudwatch:PutMetricData'], resources: ['*'] },
      FindLogGroups: { actions: ['logs:DescribeLogGroups'], resources: ['*'] },
      DescribeOwnLogStreams: { actions: ['logs:DescribeLogStreams'], resources: LOGS },
      WriteOwnLogStreams: { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${LOGS[0]}:log-stream:*`] },
      ReadAgentConfiguration: { actions: ['ssm:GetParameter'], resources: [AGENT_CONFIG] },
    });
    expect(granted('instance_app-configuration-policy-document')).toEqual({
      ReadEnvironmentParameters: { actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'], resources: ['arn:aws:ssm:eu-central-1:123456789012:parameter/shop/test/*'] },
      ReadEnvironmentSecrets: { actions: ['secretsmanager:GetSecretValue'], resources: [SECRET] },
      DecryptThroughSsmAndSecretsManager: { actions: ['kms:Decrypt'], resources: [KEY] },
    });
  });

  it('grants no secret at all when it is given none', () => {
    expect(Object.keys(statementsOf(synthRole(), 'instance_app-configuration-policy-document'))).toEqual(['ReadEnvironmentParameters', 'DecryptThroughSsmAndSecretsManager']);
  });
});
