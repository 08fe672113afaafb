/** Account-baseline stacks (all controls; another region with landing-zone controls) pass terraform validate. */
import { CLEAN, terraformValidate } from '../support/terraform-validate';
import { synthEnvironments } from '../support/synth-stack';
import { accountBaselineConfig } from '../support/account-baseline-config';

describe('account-baseline stacks pass terraform validate', () => {
  const synth = synthEnvironments({
    'baseline/production': accountBaselineConfig('production', {
      passwordPolicy: { minimumLength: 16 },
      guardDuty: { features: ['S3_DATA_EVENTS', 'RUNTIME_MONITORING'] },
      configRecorder: { snapshotDeliveryFrequency: 'Six_Hours' },
    }),
    'baseline/other-region': accountBaselineConfig('test', { region: 'eu-west-1', homeRegion: 'eu-central-1', providedByLandingZone: ['guardDuty', 'configRecorder'] }),
  });

  it.each(Object.keys(synth.stackDirs))('%s', (name) => {
    expect(terraformValidate(synth.stackDirs[name])).toEqual(CLEAN);
  });
});
