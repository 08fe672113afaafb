/**
 * Bad instance-app files: each problem is reported as one line naming file, line and key, saying what
 * was expected and what was found; the CLI collects the problems of every file, exits non-zero and
 * writes nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { runMain, tempDir, writeEnvironments } from '../support/synth-stack';
import { accountBaselineConfig } from '../support/account-baseline-config';
import { expectConfigErrors, MalformedCase } from '../support/config-errors';
import { instanceAppConfig, withInstanceApp } from '../support/instance-app-config';

const base = instanceAppConfig('test');
const lookupNetwork = (lookup: Record<string, unknown>) => ({
  network: {
    lookup: { vpcTags: { Name: 'lz' }, privateSubnetTags: { Tier: 'private' }, publicSubnetTags: { Tier: 'public' }, availabilityZones: ['eu-central-1a', 'eu-central-1b'], ...lookup },
  },
});

const cases: MalformedCase[] = [
  {
    name: 'instances in one availability zone only',
    file: {
      ...base,
      network: {
        ...(base.network as object),
        privateSubnets: [
          { id: 'subnet-00000000000000001', availabilityZone: 'eu-central-1a' },
          { id: 'subnet-00000000000000002', availabilityZone: 'eu-central-1a' },
        ],
      },
    },
    expect: [/network\.privateSubnets: expected subnets in at least 2 availability zones, found 1$/],
  },
  {
    name: 'tag lookup with one availability zone',
    file: instanceAppConfig('test', lookupNetwork({ availabilityZones: ['eu-central-1a'] })),
    expect: [/network\.lookup\.availabilityZones: expected at least 2 availability zones, found a list of 1$/],
  },
  {
    name: 'tag lookup naming the same zone twice',
    file: instanceAppConfig('test', lookupNetwork({ availabilityZones: ['eu-central-1a', 'eu-central-1a'] })),
    expect: [/network\.lookup\.availabilityZones: expected at least 2 distinct availability zones, found 1$/],
  },
  {
    name: 'tag lookup behind an internet-facing load balancer without public subnets',
    file: instanceAppConfig('test', lookupNetwork({ publicSubnetTags: undefined })),
    expect: [/network\.lookup\.publicSubnetTags: expected public subnet tags for an internet-facing load balancer, found none$/],
  },
  {
    name: 'tag lookup behind an internal load balancer without allowed CIDRs',
    file: instanceAppConfig('test', { ...lookupNetwork({}), loadBalancer: { scheme: 'internal', certificate: { arn: 'arn:aws:acm:eu-central-1:123456789012:certificate/abc' } } }),
    expect: [/loadBalancer\.allowedIngressCidrs: expected the CIDRs allowed to reach an internal load balancer .*, found none$/],
  },
  {
    name: 'malformed AMI ID',
    file: withInstanceApp('test', { ami: { id: 'ami-123' } }),
    expect: [/instanceApp\.ami\.id: expected an ami- ID \(ami-xxxxxxxx or ami-xxxxxxxxxxxxxxxxx\), found "ami-123"$/],
  },
  {
    name: 'AMI given by ID and by lookup at once',
    file: withInstanceApp('test', { ami: { id: 'ami-0123456789abcdef0', owner: 'self' } }),
    expect: [/instanceApp\.ami\.owner: unknown key/],
  },
  {
    name: 'AMI lookup without a name pattern',
    file: withInstanceApp('test', { ami: { owner: 'self' } }),
    expect: [/instanceApp\.ami\.namePattern: expected string, found nothing$/],
  },
  {
    name: 'unsupported operating system',
    file: withInstanceApp('test', { operatingSystem: 'WINDOWS' }),
    expect: [/instanceApp\.operatingSystem: expected one of "AMAZON_LINUX_2023" \| .* \| "UBUNTU", found "WINDOWS"$/],
  },
  {
    name: 'app port out of range',
    file: withInstanceApp('test', { appPort: 70000 }),
    expect: [/instanceApp\.appPort: expected at most 65535, found 70000$/],
  },
  {
    name: 'missing health-check path',
    file: withInstanceApp('test', { healthCheckPath: undefined }),
    expect: [/instanceApp\.healthCheckPath: expected string, found nothing$/],
  },
  {
    name: 'previous-generation instance type that cannot be EBS-optimized',
    file: withInstanceApp('test', { instanceType: 't2.micro' }),
    expect: [/instanceApp\.instanceType: expected a current-generation instance type that supports EBS optimization \(e\.g\. t3, m6i\), found t2\.micro$/],
  },
  {
    name: 'data volume on the root device name',
    file: withInstanceApp('test', { dataVolume: { sizeGiB: 10, deviceName: '/dev/sda1' } }),
    expect: [/instanceApp\.dataVolume\.deviceName: expected a device name from \/dev\/sdf to \/dev\/sdp, found "\/dev\/sda1"$/],
  },
  {
    name: 'two log files with one name',
    file: withInstanceApp('test', {
      logFiles: [
        { path: '/var/log/a.log', name: 'app' },
        { path: '/var/log/b.log', name: 'app' },
      ],
    }),
    expect: [/instanceApp\.logFiles\[1\]\.name: expected a unique log name, found "app" again \(also logFiles\[0\]\)$/],
  },
  {
    name: 'patch schedule that is not a cron expression',
    file: instanceAppConfig('test', { patching: { schedule: 'every tuesday' } }),
    expect: [/patching\.schedule: expected a six-field schedule such as cron\(0 3 \? \* TUE \*\), found "every tuesday"$/],
  },
  {
    name: 'approval delay on Ubuntu',
    file: withInstanceApp('test', { operatingSystem: 'UBUNTU' }, { patching: { approveAfterDays: 7 } }),
    expect: [/patching\.approveAfterDays: Patch Manager cannot delay approval on UBUNTU/],
  },
  {
    name: 'negative backup retention',
    file: instanceAppConfig('test', { backup: { dailyRetentionDays: -1 } }),
    expect: [/backup\.dailyRetentionDays: expected at least 1, found -1$/],
  },
  {
    name: 'MySQL version without the minor',
    file: instanceAppConfig('test', { database: { engine: 'mysql', engineVersion: '8' } }),
    expect: [/database\.engineVersion: expected a MySQL major\.minor version such as 8\.0, found "8"$/],
  },
  {
    name: 'emulator endpoint in production',
    file: instanceAppConfig('production', { emulation: { endpoint: 'http://127.0.0.1:5000' } }),
    expect: [/emulation: an emulator endpoint override is for local test environments only/],
  },
  {
    name: 'unknown blueprint',
    file: { ...base, blueprint: 'vm-app' },
    expect: [/blueprint: expected one of "container-app" \| "instance-app" \| "account-baseline" \| "observability", found "vm-app"$/],
  },
  {
    name: 'several problems in one file are all reported',
    file: withInstanceApp('test', { appPort: 'http', operatingSystem: 'DOS', instancesPerAz: 0 }, { tier: 'prod' }),
    expect: [/tier: expected one of/, /instanceApp\.appPort: expected number, found "http"/, /instanceApp\.operatingSystem: expected one of/, /instanceApp\.instancesPerAz: expected at least 1, found 0/],
  },
];

describe('malformed instance-app configuration', () => {
  it.each(cases)('$name', (c) => expectConfigErrors(c));

  it('the CLI reports every problem of every file at once, exits 1 and writes nothing', () => {
    const outdir = path.join(tempDir('malformed-instance-out'), 'cdktf.out');
    fs.mkdirSync(outdir, { recursive: true });
    fs.writeFileSync(path.join(outdir, 'marker'), 'previous output');
    const dir = writeEnvironments({
      'workshop/test': stringify(withInstanceApp('test', { appPort: 70000, ami: { id: 'ami-1' } })),
      'workshop/production': stringify(withInstanceApp('production', { instanceType: 't2.micro' })),
      'baseline/account': stringify(accountBaselineConfig('test', { providedByLandingZone: ['guardDuty'], guardDuty: { features: ['S3_DATA_EVENTS'] } })),
    });
    const run = runMain(['--environments', dir, '--out', outdir]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/baseline\/account\.yaml:\d+: guardDuty: settings for a control the landing zone provides/),
      expect.stringMatching(/workshop\/production\.yaml:\d+: instanceApp\.instanceType: expected a current-generation instance type/),
      expect.stringMatching(/workshop\/test\.yaml:\d+: instanceApp\.ami\.id: expected an ami- ID/),
      expect.stringMatching(/workshop\/test\.yaml:\d+: instanceApp\.appPort: expected at most 65535, found 70000/),
      '4 configuration problem(s); nothing was written.',
    ]);
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(fs.readdirSync(outdir)).toEqual(['marker']);
  });
});
