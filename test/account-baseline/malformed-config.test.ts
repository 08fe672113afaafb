/** Bad account-baseline files: one clear line per problem (file:line: key: expected …, found …). */
import { expectConfigErrors, MalformedCase } from '../support/config-errors';
import { accountBaselineConfig } from '../support/account-baseline-config';

const cases: MalformedCase[] = [
  {
    name: 'unknown control',
    file: accountBaselineConfig('test', { providedByLandingZone: ['securityHub'] }),
    expect: [/providedByLandingZone\[0\]: expected one of "cloudTrail" \| "guardDuty" \| .*, found "securityHub"$/],
  },
  {
    name: 'a control listed twice',
    file: accountBaselineConfig('test', { providedByLandingZone: ['guardDuty', 'cloudTrail', 'guardDuty'] }),
    expect: [/providedByLandingZone\[2\]: expected each control once, found guardDuty again \(also \[0\]\)$/],
  },
  {
    name: 'settings for a control the landing zone provides',
    file: accountBaselineConfig('test', { providedByLandingZone: ['configRecorder'], configRecorder: { snapshotDeliveryFrequency: 'One_Hour' } }),
    expect: [/configRecorder: settings for a control the landing zone provides \(providedByLandingZone lists configRecorder\); remove one of the two$/],
  },
  {
    name: 'audit-log settings without an audit bucket',
    file: accountBaselineConfig('test', { providedByLandingZone: ['cloudTrail', 'configRecorder'], auditLogs: { retentionDays: 365 } }),
    expect: [/auditLogs: settings for the audit bucket, which is not created when the landing zone provides both cloudTrail and configRecorder$/],
  },
  {
    name: 'password policy outside the home region',
    file: accountBaselineConfig('test', { region: 'eu-west-1', homeRegion: 'eu-central-1', passwordPolicy: { minimumLength: 16 } }),
    expect: [/passwordPolicy: the password policy is account-wide and set by the baseline of homeRegion eu-central-1, found settings in the eu-west-1 baseline$/],
  },
  {
    name: 'trail log settings outside the home region',
    file: accountBaselineConfig('test', { region: 'eu-west-1', homeRegion: 'eu-central-1', logs: { retentionDays: 365 } }),
    expect: [/logs: the multi-region trail \(and its log group\) is created by the baseline of homeRegion eu-central-1, found settings in the eu-west-1 baseline$/],
  },
  {
    name: 'trail log settings when the landing zone runs the trail',
    file: accountBaselineConfig('test', { providedByLandingZone: ['cloudTrail'], logs: { retentionDays: 365 } }),
    expect: [/logs: settings for a control the landing zone provides \(providedByLandingZone lists cloudTrail\)/],
  },
  {
    name: 'password shorter than CIS',
    file: accountBaselineConfig('test', { passwordPolicy: { minimumLength: 8 } }),
    expect: [/passwordPolicy\.minimumLength: expected at least 14 \(CIS\), found 8$/],
  },
  {
    name: 'app keys that make no sense for a baseline',
    file: accountBaselineConfig('test', { app: 'shop', network: { vpcId: 'vpc-0123456789abcdef0' } }),
    expect: [/app: unknown key/, /network: unknown key/],
  },
  {
    name: 'malformed home region',
    file: accountBaselineConfig('test', { homeRegion: 'frankfurt' }),
    expect: [/homeRegion: expected an AWS region such as eu-central-1, found "frankfurt"$/],
  },
  {
    name: 'unknown GuardDuty feature',
    file: accountBaselineConfig('test', { guardDuty: { features: ['MACIE'] } }),
    expect: [/guardDuty\.features\[0\]: expected one of "S3_DATA_EVENTS" \| .*, found "MACIE"$/],
  },
  {
    name: 'unknown GuardDuty severity level',
    file: accountBaselineConfig('test', { alerting: { guardDutyMinimumSeverity: 'SEVERE' } }),
    expect: [/alerting\.guardDutyMinimumSeverity: expected one of "LOW" \| "MEDIUM" \| "HIGH" \| "CRITICAL", found "SEVERE"$/],
  },
  {
    name: 'alerting settings when the landing zone pages findings centrally',
    file: accountBaselineConfig('test', { providedByLandingZone: ['findingAlerts'], alerting: { emails: ['oncall@example.com'] } }),
    expect: [/alerting: settings for a control the landing zone provides \(providedByLandingZone lists findingAlerts\)/],
  },
  {
    name: 'missing account',
    file: { blueprint: 'account-baseline', tier: 'test' },
    expect: [/account: expected string, found nothing$/],
  },
];

describe('malformed account-baseline configuration', () => {
  it.each(cases)('$name', (c) => expectConfigErrors(c));
});
