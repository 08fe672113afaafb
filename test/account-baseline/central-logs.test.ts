/** `logs.central` in the account baseline: the trail's CloudWatch Logs copy goes to the central store too. */
import { accountBaselineConfig } from '../support/account-baseline-config';
import { CENTRAL_DESTINATION, centralLogs, subscriptionsByLogGroup } from '../support/central-logs';
import { configErrorLines } from '../support/config-errors';
import { all, synthEnvironments } from '../support/synth-stack';
import { CLEAN, terraformValidate } from '../support/terraform-validate';

const synth = synthEnvironments({
  'baseline/test': accountBaselineConfig('test', centralLogs()),
  'baseline/off': accountBaselineConfig('test', { account: '123456789013' }),
});
const stack = synth.stacks['baseline-123456789012-eu-central-1'];

describe('account baseline with logs.central', () => {
  it("subscribes the trail's log group, its only one, to the destination with every event", () => {
    const subscriptions = subscriptionsByLogGroup(stack);
    expect(Object.keys(subscriptions)).toEqual(['/baseline/123456789012-eu-central-1/cloudtrail']);
    expect(Object.values(subscriptions)[0].map((f) => [f.destination_arn, f.filter_pattern])).toEqual([[CENTRAL_DESTINATION, '']]);
  });

  it('without logs.central subscribes nothing', () => {
    expect(all(synth.stacks['baseline-123456789013-eu-central-1'], 'aws_cloudwatch_log_subscription_filter')).toEqual([]);
  });

  it('refuses central settings when the landing zone runs the trail (there is no group to subscribe)', () => {
    expect(configErrorLines(accountBaselineConfig('test', { ...centralLogs(), providedByLandingZone: ['cloudTrail'] }))).toEqual([
      expect.stringMatching(/logs: settings for a control the landing zone provides/),
    ]);
  });

  it('passes terraform validate', () => {
    expect(terraformValidate(synth.stackDirs['baseline-123456789012-eu-central-1'])).toEqual(CLEAN);
  });
});
