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

  it('grants no secret at all when it is given none', () => {
    expect(Object.keys(statementsOf(synthRole(), 'instance_app-configuration-policy-document'))).toEqual(['ReadEnvironmentParameters', 'DecryptThroughSsmAndSecretsManager']);
  });
});
