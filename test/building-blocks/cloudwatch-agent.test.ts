/** The CloudWatch agent on its own: encrypted configuration in SSM, installed and applied by State Manager. */
import { createHash } from 'crypto';
import { AGENT_METRICS, CloudWatchAgent } from '../../blueprints/building-blocks/cloudwatch-agent';
import { blockContext, refTo, resource, synthBlock } from '../support/building-block-synth';

const KEY = 'arn:aws:kms:eu-central-1:123456789012:key/app';

const synthAgent = (logFiles?: { path: string; name: string }[]) =>
  synthBlock(
    (scope) => new CloudWatchAgent(scope, 'agent', { ctx: blockContext(), kmsKeyArn: KEY, instanceIds: ['i-1', 'i-2'], diskPaths: ['/', '/opt/app'], logGroupName: '/shop/test/instances', logFiles }),
  );

describe('CloudWatchAgent', () => {
  const json = synthAgent([{ path: '/opt/app/logs/catalina.out', name: 'catalina' }]);
  const parameter = resource(json, 'aws_ssm_parameter', 'agent_config');
  const configuration = JSON.parse(parameter.value.replace(/\$\$\{/g, '${'));

  it("stores its configuration as a SecureString encrypted with the app's key, where the instance role may read it", () => {
    expect(parameter).toEqual({
      name: '/shop/test/cloudwatch-agent/config',
      description: 'shop-test: CloudWatch agent configuration (metrics and log files)',
      type: 'SecureString',
      key_id: KEY,
      tier: 'Intelligent-Tiering',
      value: parameter.value,
    });
    expect(CloudWatchAgent.parameterArn(blockContext())).toBe('arn:aws:ssm:eu-central-1:123456789012:parameter/shop/test/cloudwatch-agent/config');
  });

  it('measures memory and the used space of each mount point per instance, in the CWAgent namespace the alarms read', () => {
    expect(configuration.agent).toEqual({ metrics_collection_interval: 60, omit_hostname: true });
    expect(configuration.metrics).toEqual({
      namespace: 'CWAgent',
      append_dimensions: { InstanceId: '${aws:InstanceId}' },
      aggregation_dimensions: [['InstanceId', 'path']],
      metrics_collected: { mem: { measurement: ['used_percent'] }, disk: { measurement: ['used_percent'], resources: ['/', '/opt/app'], drop_device: true } },
    });
    expect(AGENT_METRICS).toEqual({ memoryUsedPercent: 'mem_used_percent', diskUsedPercent: 'disk_used_percent' });
  });

  it('ships each log file to the group, one stream per instance and file', () => {
    expect(configuration.logs.logs_collected.files.collect_list).toEqual([
      { file_path: '/opt/app/logs/catalina.out', log_group_name: '/shop/test/instances', log_stream_name: '{instance_id}/catalina' },
    ]);
    expect(JSON.parse(resource(synthAgent(), 'aws_ssm_parameter', 'agent_config').value).logs).toBeUndefined();
  });

  it('installs the agent on the instances and keeps it current every 14 days', () => {
    expect(resource(json, 'aws_ssm_association', 'agent_install')).toEqual({
      association_name: 'shop-test-cloudwatch-agent-install',
      name: 'AWS-ConfigureAWSPackage',
      parameters: { action: 'Install', name: 'AmazonCloudWatchAgent' },
      schedule_expression: 'rate(14 days)',
      targets: [{ key: 'InstanceIds', values: ['i-1', 'i-2'] }],
    });
  });

  it('applies the configuration after the install, under a name that changes with the configuration (so a change applies at once)', () => {
    const configure = resource(json, 'aws_ssm_association', 'agent_configure');
    const hash = createHash('sha256').update(parameter.value).digest('hex').slice(0, 8);
    expect(configure.association_name).toBe(`shop-test-cloudwatch-agent-config-${hash}`);
    expect(configure).toMatchObject({
      name: 'AmazonCloudWatch-ManageAgent',
      parameters: { action: 'configure', mode: 'ec2', optionalConfigurationSource: 'ssm', optionalConfigurationLocation: refTo(json, 'aws_ssm_parameter', 'agent_config', 'name'), optionalRestart: 'yes' },
      schedule_expression: 'rate(1 day)',
      targets: [{ key: 'InstanceIds', values: ['i-1', 'i-2'] }],
      depends_on: [`aws_ssm_association.${Object.keys(json.resource!.aws_ssm_association).find((k) => k.startsWith('agent_install'))}`],
    });
    expect(resource(synthAgent(), 'aws_ssm_association', 'agent_configure').association_name).not.toBe(configure.association_name);
  });
});
