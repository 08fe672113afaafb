/** `logs.central` in the config: a destination ARN in the stack's region, an optional pattern, off by default. */
import { resolveContainerApp } from '../../config/resolve-environment';
import { ContainerAppEnvironmentFile } from '../../config/schema';
import { CENTRAL_DESTINATION, centralLogs } from '../support/central-logs';
import { configErrorLines, expectConfigErrors } from '../support/config-errors';
import { containerAppConfig } from '../support/container-app-config';

const withCentral = (central: Record<string, unknown>) => containerAppConfig('test', { logs: { central } });

describe('logs.central', () => {
  it('is off unless configured, and the pattern defaults to every event', () => {
    expect(resolveContainerApp(containerAppConfig('test') as ContainerAppEnvironmentFile, 'f.yaml').environment.centralLogs).toBeUndefined();
    expect(resolveContainerApp(containerAppConfig('test', centralLogs()) as ContainerAppEnvironmentFile, 'f.yaml').environment.centralLogs).toEqual({
      destinationArn: CENTRAL_DESTINATION,
      filterPattern: '',
    });
  });

  it('accepts a destination in another account of the same region', () => {
    expect(configErrorLines(containerAppConfig('test', centralLogs('?ERROR')))).toEqual([]);
  });

  it.each([
    ['a Firehose ARN (only destinations, which work across accounts)', 'arn:aws:firehose:eu-central-1:210987654321:deliverystream/logs'],
    ['a log group ARN', 'arn:aws:logs:eu-central-1:210987654321:log-group:/x'],
    ['no account', 'arn:aws:logs:eu-central-1::destination:central'],
  ])('rejects %s with the expected shape', (_, arn) => {
    expectConfigErrors({ name: arn, file: withCentral({ destinationArn: arn }), expect: [/logs\.central\.destinationArn: expected a CloudWatch Logs destination ARN/] });
  });

  it("rejects a destination outside the stack's region (subscriptions do not cross regions)", () => {
    expectConfigErrors({
      name: 'other region',
      file: withCentral({ destinationArn: 'arn:aws:logs:eu-west-1:210987654321:destination:central' }),
      expect: [/logs\.central\.destinationArn: expected a destination in the stack's region eu-central-1 .*found eu-west-1/],
    });
  });

  it('rejects unknown keys and a missing destination', () => {
    expectConfigErrors({ name: 'typo', file: withCentral({ destinationArn: CENTRAL_DESTINATION, roleArn: 'x' }), expect: [/logs\.central\.roleArn: unknown key/] });
    expectConfigErrors({ name: 'missing', file: withCentral({ filterPattern: '' }), expect: [/logs\.central\.destinationArn: /] });
  });
});
