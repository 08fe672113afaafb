/**
 * The policy gate (issue 4): checkov over every synthesized stack of both tiers leaves zero failed
 * checks; every exception is in policy/checkov-suppressions.ts, used, narrowly scoped, justified, and
 * listed in the README. checkov runs three times in all: once over the project's eight stacks, once over
 * hand-written stacks that probe the suppression scopes, and once inside the `npm run policy` CLI.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CheckovSuppression, CHECKOV_SUPPRESSIONS } from '../../policy/checkov-suppressions';
import {
  applySuppressions,
  describeSuppression,
  formatFailures,
  formatFinding,
  GateFinding,
  globToRegExp,
  PolicyGateReport,
  renderSuppressionsMarkdown,
  runPolicyGate,
  validateSuppressions,
} from '../../policy/checkov-gate';
import { AWS_REQUIRED_PROVIDERS, PROJECT_ROOT } from '../../tooling/terraform-cli';
import { SynthResult, synthProjectEnvironments, tempDir, TerraformJson } from '../support/synth-stack';

type Json = Record<string, unknown>;

describe('policy gate over the project environments', () => {
  let synth: SynthResult;
  let report: PolicyGateReport;

  beforeAll(() => {
    synth = synthProjectEnvironments();
    report = runPolicyGate(Object.values(synth.stackDirs));
  });

  afterAll(() => {
    fs.rmSync(path.dirname(synth.outdir), { recursive: true, force: true });
  });

  it('scans every stack of both tiers in one checkov run', () => {
    expect(report.stacks.sort()).toEqual(Object.keys(synth.stackDirs).sort());
    const tiers = new Set([...report.failed, ...report.suppressed].map((f) => `${f.stack.replace(/-.*/, '')} ${f.tier}`));
    for (const app of ['tma', 'workshop', 'baseline', 'operations']) {
      expect(tiers).toContain(`${app} test`);
      expect(tiers).toContain(`${app} production`);
    }
  });

  it('leaves zero failed checks', () => {
    // One readable line per failure (stack, check, address, construct path, check name) when it breaks.
    expect(report.failed.map(formatFinding)).toEqual([]);
  });

  it('uses every suppression: none is stale', () => {
    expect(report.unusedSuppressions.map(describeSuppression)).toEqual([]);
  });

  it('names each suppressed check as checkov does, so no entry carries a mistyped ID', () => {
    const mismatched = report.suppressed.filter((f) => f.suppression.title !== f.checkName).map((f) => `${f.checkId}: "${f.suppression.title}" vs checkov "${f.checkName}"`);
    expect([...new Set(mismatched)]).toEqual([]);
  });

  it('checks production against the test-tier exceptions: production passes them outright', () => {
    const testOnly = new Set(CHECKOV_SUPPRESSIONS.filter((s) => s.tier === 'test').map((s) => s.checkId));
    expect(testOnly.size).toBeGreaterThan(0);
    const inProduction = [...report.failed, ...report.suppressed].filter((f) => f.tier === 'production' && testOnly.has(f.checkId));
    expect(inProduction.map(formatFinding)).toEqual([]);
    expect(report.suppressed.filter((f) => f.tier === 'production' && f.suppression.tier)).toEqual([]);
  });

  // The reasons of two suppressions rest on facts of the synthesized stacks; check those facts.
  it('CKV_AWS_260: every suppressed port-80 rule belongs to an ALB whose port-80 listener only redirects', () => {
    const suppressed = report.suppressed.filter((f) => f.checkId === 'CKV_AWS_260');
    expect(suppressed.length).toBeGreaterThan(0);
    for (const stackName of new Set(suppressed.map((f) => f.stack))) {
      const stack = synth.stacks[stackName] as TerraformJson;
      const listeners = Object.entries(stack.resource?.aws_lb_listener ?? {}).filter(([, l]) => l.port === 80);
      expect(listeners).toHaveLength(1);
      const [name, listener] = listeners[0];
      expect(listener.default_action).toEqual([expect.objectContaining({ type: 'redirect', redirect: expect.objectContaining({ protocol: 'HTTPS' }) })]);
      const rulesOnIt = Object.values(stack.resource?.aws_lb_listener_rule ?? {}).filter((r) => String(r.listener_arn).includes(`aws_lb_listener.${name}.`));
      expect(rulesOnIt).toEqual([]);
    }
  });

  it('CKV2_AWS_9: every suppressed data volume carries the tag its stack\'s backup selection picks volumes by', () => {
    const suppressed = report.suppressed.filter((f) => f.checkId === 'CKV2_AWS_9');
    expect(suppressed.length).toBeGreaterThan(0);
    for (const f of suppressed) {
      const stack = synth.stacks[f.stack] as TerraformJson;
      const volume = stack.resource?.aws_ebs_volume?.[f.resourceAddress.split('.')[1]] as Json;
      const selections = Object.values(stack.resource?.aws_backup_selection ?? {}) as Json[];
      expect(selections).toHaveLength(1);
      const selection = selections[0] as { resources: string[]; condition: { string_equals: { key: string; value: string }[] }[] };
      expect(selection.resources).toContainEqual(expect.stringMatching(/:volume\/\*$/));
      const [tag] = selection.condition[0].string_equals;
      const key = tag.key.replace('aws:ResourceTag/', '');
      expect((volume.tags as Record<string, string>)[key]).toBe(tag.value);
    }
  });
});

/** A hand-written stack: the same resources at in-scope and out-of-scope construct paths. */
function probeStack(stackName: string, tier: string | undefined): Json {
  const meta = (p: string, id: string) => ({ '//': { metadata: { path: `${stackName}/${p}`, uniqueId: id } } });
  const adminPolicy = {
    statement: [{ sid: 'Admin', effect: 'Allow', actions: ['kms:*'], resources: ['*'], principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::123456789012:root'] }] }],
  };
  const bucket = (name: string) => ({ bucket: `${stackName}-${name}` });
  return {
    '//': { metadata: { backend: 'local', stackName, version: '0.21.0' }, outputs: {} },
    provider: { aws: [{ region: 'eu-central-1', ...(tier ? { default_tags: [{ tags: { Tier: tier } }] } : {}) }] },
    data: {
      aws_iam_policy_document: {
        key_policy: { ...meta('app/kms/policy', 'key_policy'), ...adminPolicy },
        role_policy: { ...meta('app/task-role/policy', 'role_policy'), ...adminPolicy },
      },
    },
    resource: {
      aws_lb: {
        alb: {
          ...meta('app/load-balancer/alb', 'alb'),
          name: `${stackName}-alb`,
          load_balancer_type: 'application',
          internal: true,
          drop_invalid_header_fields: true,
          enable_deletion_protection: false,
          subnets: ['subnet-1', 'subnet-2'],
        },
      },
      aws_s3_bucket: {
        alb_logs: { ...meta('app/load-balancer/access-logs/bucket', 'alb_logs'), ...bucket('alb-logs') },
        data: { ...meta('app/data/bucket', 'data'), ...bucket('data') },
      },
    },
    terraform: { required_providers: AWS_REQUIRED_PROVIDERS },
  };
}

describe('suppression scopes against checkov (hand-written stacks)', () => {
  let root: string;
  let report: PolicyGateReport;

  beforeAll(() => {
    root = tempDir('policy-probe');
    const dirs = [
      ['probe-test', 'test'],
      ['probe-production', 'production'],
      ['probe-untagged', undefined],
    ].map(([name, tier]) => {
      const dir = path.join(root, 'stacks', name!);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(probeStack(name!, tier), null, 2));
      return dir;
    });
    report = runPolicyGate(dirs);
  });

  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  function outcome(stack: string, checkId: string, address: string): 'failed' | 'suppressed' | 'passed' {
    const match = (f: GateFinding) => f.stack === stack && f.checkId === checkId && f.resourceAddress === address;
    if (report.failed.some(match)) return 'failed';
    if (report.suppressed.some(match)) return 'suppressed';
    return 'passed';
  }

  it('suppresses the KMS key-policy findings only on the key policy, not on the same statement elsewhere', () => {
    for (const check of ['CKV_AWS_109', 'CKV_AWS_111', 'CKV_AWS_356']) {
      expect([check, outcome('probe-production', check, 'data.aws_iam_policy_document.key_policy')]).toEqual([check, 'suppressed']);
      expect([check, outcome('probe-production', check, 'data.aws_iam_policy_document.role_policy')]).toEqual([check, 'failed']);
    }
  });

  it('suppresses SSE-S3 (CKV_AWS_145) on the ALB log bucket only, not on another bucket', () => {
    expect(outcome('probe-test', 'CKV_AWS_145', 'aws_s3_bucket.alb_logs')).toBe('suppressed');
    expect(outcome('probe-test', 'CKV_AWS_145', 'aws_s3_bucket.data')).toBe('failed');
    expect(outcome('probe-test', 'CKV_AWS_144', 'aws_s3_bucket.data')).toBe('failed');
  });

  it('suppresses a test-tier default (ALB deletion protection) in the test tier only: production and untagged stacks fail', () => {
    expect(outcome('probe-test', 'CKV_AWS_150', 'aws_lb.alb')).toBe('suppressed');
    expect(outcome('probe-production', 'CKV_AWS_150', 'aws_lb.alb')).toBe('failed');
    expect(outcome('probe-untagged', 'CKV_AWS_150', 'aws_lb.alb')).toBe('failed');
  });

  it('prints failures grouped by stack, one line each', () => {
    const text = formatFailures(report.failed);
    expect(text).toMatch(/^probe-production \(\d+\):$/m);
    expect(text).toContain('  CKV_AWS_150 aws_lb.alb (app/load-balancer/alb): Ensure that Load Balancer has deletion protection enabled');
    expect(formatFailures([])).toBe('');
  });
});

describe('suppression list rules', () => {
  const finding = (over: Partial<GateFinding>): GateFinding => ({
    checkId: 'CKV_AWS_18',
    checkName: 'Ensure the S3 bucket has access logging enabled',
    resourceAddress: 'aws_s3_bucket.b',
    resourceType: 'aws_s3_bucket',
    stack: 's-test',
    file: '/x/cdk.tf.json',
    constructPath: 'app/load-balancer/access-logs/bucket',
    tier: 'test',
    ...over,
  });
  const entry = (over: Partial<CheckovSuppression>): CheckovSuppression => ({ checkId: 'CKV_AWS_18', resourceType: 'aws_s3_bucket', reason: 'because.', ...over });

  it('matches construct-path globs segment by segment', () => {
    expect(globToRegExp('*/kms/policy').test('app/kms/policy')).toBe(true);
    expect(globToRegExp('*/kms/policy').test('app/nested/kms/policy')).toBe(false);
    expect(globToRegExp('**/kms/policy').test('app/nested/kms/policy')).toBe(true);
    expect(globToRegExp('**/kms/policy').test('kms/policy')).toBe(true);
    expect(globToRegExp('*/instance-*/data-volume').test('app/instance-eu-central-1a-1/data-volume')).toBe(true);
    expect(globToRegExp('*/load-balancer/ingress-80-*').test('app/load-balancer/ingress-8080-0')).toBe(false);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
  });

  it('applies an entry only with matching check, type, path and tier', () => {
    const s = entry({ constructPaths: ['*/load-balancer/access-logs/bucket'], tier: 'test' });
    const split = (f: GateFinding) => applySuppressions([f], [s]).failed.length === 0;
    expect(split(finding({}))).toBe(true);
    expect(split(finding({ checkId: 'CKV_AWS_145' }))).toBe(false);
    expect(split(finding({ resourceType: 'aws_s3_bucket_policy' }))).toBe(false);
    expect(split(finding({ constructPath: 'app/data/bucket' }))).toBe(false);
    expect(split(finding({ constructPath: '' }))).toBe(false);
    expect(split(finding({ tier: 'production' }))).toBe(false);
    expect(split(finding({ tier: undefined }))).toBe(false);
  });

  it('reports the entries no finding used', () => {
    const used = entry({});
    const stale = entry({ checkId: 'CKV_AWS_144' });
    expect(applySuppressions([finding({})], [used, stale]).unusedSuppressions).toEqual([stale]);
  });

  it('rejects entries that are too broad, malformed, duplicated or unjustified, naming each problem', () => {
    expect(() => validateSuppressions([{ checkId: 'CKV_AWS_18', reason: 'x.' }])).toThrow(/CKV_AWS_18 on any type: no resourceType/);
    expect(() => validateSuppressions([entry({ checkId: 'CKV-AWS-18' })])).toThrow(/invalid check ID/);
    expect(() => validateSuppressions([entry({ constructPaths: [] })])).toThrow(/empty constructPaths/);
    expect(() => validateSuppressions([entry({ constructPaths: ['/app/bucket'] })])).toThrow(/invalid construct path glob "\/app\/bucket"/);
    expect(() => validateSuppressions([entry({ tier: 'staging' as never })])).toThrow(/invalid tier "staging"/);
    expect(() => validateSuppressions([entry({ reason: '  ' })])).toThrow(/no reason/);
    expect(() => validateSuppressions([entry({ reason: 'a | b' })])).toThrow(/one line without "\|"/);
    expect(() => validateSuppressions([entry({}), entry({ constructPaths: ['x'] })])).toThrow(/a second entry for the same check, type and tier/);
    expect(() => validateSuppressions(CHECKOV_SUPPRESSIONS)).not.toThrow();
  });
});

describe('README', () => {
  it('lists exactly the suppressions in code, between its checkov-suppressions markers', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = /<!-- checkov-suppressions:start -->\n([\s\S]*?)\n<!-- checkov-suppressions:end -->/.exec(readme);
    expect(section).not.toBeNull();
    // On a mismatch, paste the output of renderSuppressionsMarkdown() between the markers.
    expect(section![1]).toBe(renderSuppressionsMarkdown());
    expect(readme).toContain('## Policy gate (checkov)');
    for (const s of CHECKOV_SUPPRESSIONS) expect(section![1]).toContain(s.reason);
  });
});

describe('npm run policy', () => {
  it('synthesizes, prints the failed checks per stack and exits 1 when production weakens a secure default', () => {
    // The production tma environment with test-tier log retention: CKV_AWS_338 must now fail there,
    // since its suppression is scoped to the test tier.
    const envDir = tempDir('policy-env');
    try {
      const production = fs.readFileSync(path.join(PROJECT_ROOT, 'environments', 'tma', 'production.yaml'), 'utf8');
      fs.writeFileSync(path.join(envDir, 'production.yaml'), `${production}\nlogs:\n  retentionDays: 30\n`);
      const res = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', path.join(PROJECT_ROOT, 'policy', 'run-policy-gate.ts'), '--environments', envDir], {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(res.stderr).toContain('logs.retentionDays');
      expect(res.status).toBe(1);
      const failureLines = res.stdout.split('\n').filter((l) => l.startsWith('  '));
      expect(res.stdout).toMatch(/^tma-production \(\d+\):$/m);
      expect(failureLines.length).toBeGreaterThan(0);
      expect(failureLines.every((l) => /^ {2}CKV_AWS_338 aws_cloudwatch_log_group\./.test(l))).toBe(true);
      expect(res.stdout).toContain(`policy gate FAILED: ${failureLines.length} failed check(s)`);
      const kept = /Stacks kept in (\S+)/.exec(res.stdout)![1];
      fs.rmSync(path.dirname(kept), { recursive: true, force: true });
    } finally {
      fs.rmSync(envDir, { recursive: true, force: true });
    }
  });
});
