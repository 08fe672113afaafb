/**
 * Bad input through the real CLI: every case, each in a file of its own, is reported with a line naming
 * its file and key; the run exits non-zero with one line per problem, prints no stack trace, and leaves
 * the output folder untouched.
 */
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { containerAppConfig } from '../support/container-app-config';
import { runMain, tempDir, writeEnvironments } from '../support/synth-stack';

type Case = { name: string; file: string | Record<string, unknown>; expect: RegExp[] };

const base = containerAppConfig('test');
const withNetwork = (network: Record<string, unknown>) => ({ ...base, network: { ...(base.network as object), ...network } });
const withService = (service: Record<string, unknown>) => {
  const services = (base.containerApp as { services: Record<string, unknown>[] }).services;
  return { ...base, containerApp: { services: [{ ...services[0], ...service }] } };
};

const cases: Case[] = [
  { name: 'YAML syntax error', file: 'app: shop\n  tier: [unclosed\n', expect: [/env\.yaml:\d+: not valid YAML/] },
  { name: 'not a mapping', file: '- just\n- a list\n', expect: [/env\.yaml: expected a mapping of settings, found a list of 2/] },
  { name: 'unknown tier', file: { ...base, tier: 'prod' }, expect: [/env\.yaml:\d+: tier: expected one of "test" \| "production", found "prod"/] },
  { name: 'unknown top-level key', file: { ...base, databse: {} }, expect: [/env\.yaml:\d+: databse: unknown key/] },
  {
    name: 'one subnet only',
    file: withNetwork({ privateSubnets: [{ id: 'subnet-00000000000000001', availabilityZone: 'eu-central-1a' }] }),
    expect: [/network\.privateSubnets: expected at least 2 private subnets, in 2 availability zones, found a list of 1/],
  },
  {
    name: 'two subnets in one AZ',
    file: withNetwork({
      privateSubnets: [
        { id: 'subnet-00000000000000001', availabilityZone: 'eu-central-1a' },
        { id: 'subnet-00000000000000002', availabilityZone: 'eu-central-1a' },
      ],
    }),
    expect: [/network\.privateSubnets: expected subnets in at least 2 availability zones, found 1/],
  },
  { name: 'invalid CIDR', file: withNetwork({ vpcCidr: '10.0.0.0/33' }), expect: [/network\.vpcCidr: expected an IPv4 CIDR block such as 10\.0\.0\.0\/16, found "10\.0\.0\.0\/33"/] },
  {
    name: 'invalid certificate ARN',
    file: { ...base, loadBalancer: { certificate: { arn: 'arn:aws:iam::123:cert' } } },
    expect: [/loadBalancer\.certificate\.arn: expected an ACM certificate ARN/],
  },
  { name: 'wrong type', file: withService({ containerPort: '3000' }), expect: [/containerApp\.services\[0\]\.containerPort: expected number, found "3000"/] },
  { name: 'unsupported Fargate CPU', file: withService({ cpu: 300 }), expect: [/containerApp\.services\[0\]\.cpu: expected one of 256 \| 512 \| 1024 \| 2048 \| 4096, found 300/] },
  { name: 'account not quoted', file: { ...base, account: 123456789012 }, expect: [/account: expected string, found 123456789012/] },
  {
    name: 'emulator endpoint on production',
    file: { ...containerAppConfig('production'), emulation: { endpoint: 'http://127.0.0.1:5000' } },
    expect: [/emulation: an emulator endpoint override is for local test environments only/],
  },
  {
    name: 'zone outside the region',
    file: { ...withNetwork({}), region: 'eu-west-1' },
    expect: [/network\.privateSubnets\[0\]\.availabilityZone: expected a zone of region eu-west-1, found eu-central-1a/],
  },
  {
    name: 'several problems at once are all reported',
    file: { ...base, tier: 'staging', account: 'abc', network: { ...(base.network as object), vpcId: 'vpc-1' } },
    expect: [/tier: expected one of/, /account: expected a 12-digit AWS account ID/, /network\.vpcId: expected a vpc- ID/],
  },
];

/** Each case in a folder of its own, with an app name of its own so no two define the same stack. */
const caseFile = (i: number) => path.join(`case-${String(i + 1).padStart(2, '0')}`, 'env.yaml');
const caseContent = (file: Case['file'], i: number) => (typeof file === 'string' ? file : stringify({ ...file, app: `case${i + 1}` }));

describe('malformed configuration', () => {
  const outRoot = tempDir('malformed-out');
  const outdir = path.join(outRoot, 'cdktf.out');
  // Every case goes through the real CLI, all in one run (one process start instead of one per case):
  // the loader reports every file's problems together, each line naming its file.
  let run: ReturnType<typeof runMain>;
  let lines: string[];

  beforeAll(() => {
    // A previous good synth must survive a bad run untouched.
    fs.mkdirSync(outdir, { recursive: true });
    fs.writeFileSync(path.join(outdir, 'marker'), 'previous output');
    const dir = tempDir('malformed-env');
    cases.forEach(({ file }, i) => {
      fs.mkdirSync(path.join(dir, path.dirname(caseFile(i))), { recursive: true });
      fs.writeFileSync(path.join(dir, caseFile(i)), caseContent(file, i));
    });
    run = runMain(['--environments', dir, '--out', outdir]);
    lines = run.stderr.trim().split('\n');
  });

  it('exits 1 with one line per problem, no stack trace, and leaves the output folder untouched', () => {
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(lines[lines.length - 1]).toMatch(/^\d+ configuration problem\(s\); nothing was written\.$/);
    expect(Number(/^(\d+)/.exec(lines[lines.length - 1])![1])).toBe(lines.length - 1);
    expect(run.stderr).not.toMatch(/\n\s+at |Error:|\.ts:\d+:\d+/);
    expect(fs.readdirSync(outRoot)).toEqual(['cdktf.out']);
    expect(fs.readdirSync(outdir)).toEqual(['marker']);
  });

  it.each(cases.map((c, i) => ({ ...c, i })))('$name', ({ expect: patterns, i }) => {
    const own = lines.filter((l) => l.startsWith(caseFile(i)) || l.includes(`${path.sep}${caseFile(i)}`));
    for (const pattern of patterns) expect(own.some((l) => pattern.test(l))).toBe(true);
  });

  it('reports problems in several files in one run', () => {
    const dir = writeEnvironments({ 'a/test': { ...base, tier: 'x' }, 'b/test': { ...base, app: 'other', account: '1' } });
    const run = runMain(['--environments', dir, '--out', outdir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/a[/\\]test\.yaml:\d+: tier:/);
    expect(run.stderr).toMatch(/b[/\\]test\.yaml:\d+: account:/);
  });

  it('rejects two files that define the same stack', () => {
    const dir = writeEnvironments({ one: base, two: base });
    const run = runMain(['--environments', dir, '--out', outdir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/two\.yaml: environment: expected a unique stack name, found stack shop-test also defined in .*one\.yaml/);
  });

  it('names a missing environments folder', () => {
    const run = runMain(['--environments', path.join(outRoot, 'nope'), '--out', outdir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/nope: expected a folder of environment YAML files, found none/);
  });

  it('rejects an unknown command-line argument with usage', () => {
    const run = runMain(['--environment', 'x']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown argument --environment/);
  });
});
