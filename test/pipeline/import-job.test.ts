/** The import job's variables: what it passes to `npm run import -- onboard`, and what it refuses before touching AWS. */
import { importRequest } from '../../pipeline/import-job';
import { PipelineError } from '../../pipeline/errors';

describe('the import job reads its variables', () => {
  it('region, scope options and landing-zone tags become the import tool\'s arguments', () => {
    expect(importRequest({ IMPORT_REGION: 'eu-west-1', IMPORT_ACCOUNT: '222222222222', IMPORT_SCOPE: ' --vpc vpc-0abc  --tag App=legacy ', IMPORT_LANDING_ZONE_TAG: 'LandingZone=true, Owner=network' })).toEqual({
      region: 'eu-west-1',
      account: '222222222222',
      scope: ['--vpc', 'vpc-0abc', '--tag', 'App=legacy'],
      landingZone: ['--landing-zone-tag', 'LandingZone=true', '--landing-zone-tag', 'Owner=network'],
    });
    // No scope: the whole region; no account without OIDC: whatever the credentials are.
    expect(importRequest({ IMPORT_REGION: 'eu-west-1', IMPORT_SCOPE: '', IMPORT_ACCOUNT: '' })).toEqual({ region: 'eu-west-1', account: undefined, scope: [], landingZone: [] });
  });

  it.each([
    [{}, 'the CI/CD variable IMPORT_REGION is not set (the region to onboard, e.g. eu-central-1; give it when starting the manual import job)'],
    [{ IMPORT_REGION: 'eu-west-1', IMPORT_SCOPE: '--out /tmp/x' }, 'IMPORT_SCOPE: "--out" is not a scope option; expected pairs of --vpc, --tag, --types, --ids, --attached-to and a value (npm run import -- onboard --help)'],
    [{ IMPORT_REGION: 'eu-west-1', IMPORT_SCOPE: '--vpc' }, 'IMPORT_SCOPE: --vpc needs a value'],
    [{ IMPORT_REGION: 'eu-west-1', IMPORT_LANDING_ZONE_TAG: 'LandingZone' }, 'IMPORT_LANDING_ZONE_TAG: expected K=V (several comma-separated), found "LandingZone"'],
    [{ IMPORT_REGION: 'eu-west-1', IMPORT_ACCOUNT: '1234' }, 'IMPORT_ACCOUNT: expected a 12-digit AWS account ID, found "1234"'],
    [{ IMPORT_REGION: 'eu-west-1', GITLAB_OIDC_TOKEN: 'eyJ.x.y' }, 'the CI/CD variable IMPORT_ACCOUNT is not set (the account to onboard: its role is AWS_PLAN_ROLE_ARN_<account> or AWS_DEPLOY_ROLE_ARN_<account>)'],
  ])('refuses %j with one line', (env, message) => {
    expect(() => importRequest(env)).toThrow(new PipelineError(message));
  });
});
