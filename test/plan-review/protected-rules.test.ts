/** The protected-resource rules file: the shipped defaults, glob matching, and every error at once. */
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_RULES_FILE, globToRegExp, isStatefulType, loadRules, matchProtection, parseRules } from '../../plan-review/protected-rules';
import { runReview } from '../support/review-helpers';
import { tempDir } from '../support/synth-stack';

const rules = loadRules();
const names = (stack: string, address: string, type: string, tags: Record<string, string> = {}) => matchProtection(rules, { stack, address, type, tags }).map((m) => m.rule);

describe('default rules (plan-review/protected-resources.yaml)', () => {
  it('protects RDS instances and clusters and KMS keys everywhere', () => {
    expect(names('shop-test', 'aws_db_instance.main', 'aws_db_instance')).toEqual(['rds-instances']);
    expect(names('shop-test', 'aws_rds_cluster.main', 'aws_rds_cluster')).toEqual(['rds-clusters']);
    expect(names('billing-test', 'module.keys.aws_kms_key.data', 'aws_kms_key')).toEqual(['kms-keys']);
  });

  it("protects the off-the-shelf app's instances in production stacks only", () => {
    expect(names('workshop-production', 'aws_instance.workshop_app-instance-a_ABC123', 'aws_instance')).toEqual(['licensed-app-instances-in-production']);
    expect(names('workshop-test', 'aws_instance.workshop_app-instance-a_ABC123', 'aws_instance')).toEqual([]);
    expect(names('workshop-production-copy', 'aws_instance.x', 'aws_instance')).toEqual([]);
  });

  it('protects the central OpenSearch domain in production stacks only (test domains hold test logs)', () => {
    expect(names('operations-production', 'aws_opensearch_domain.observability_opensearch_domain_C580E1E5', 'aws_opensearch_domain')).toEqual(['central-log-domains-in-production']);
    expect(names('operations-test', 'aws_opensearch_domain.observability_opensearch_domain_C580E1E5', 'aws_opensearch_domain')).toEqual([]);
  });

  it('protects anything the blueprints tag Protected=true', () => {
    expect(names('shop-test', 'aws_s3_bucket.assets', 'aws_s3_bucket', { Protected: 'true', Team: 'shop' })).toEqual(['tagged-protected']);
    expect(names('shop-test', 'aws_s3_bucket.assets', 'aws_s3_bucket', { Protected: 'false' })).toEqual([]);
  });

  it('knows which types hold state', () => {
    expect(isStatefulType(rules, 'aws_s3_bucket')).toBe(true);
    expect(isStatefulType(rules, 'aws_security_group')).toBe(false);
    expect(rules.overrideLabel).toBe('allow-protected-change');
  });
});

describe('globs', () => {
  it('match whole strings, * and ? only, everything else literally', () => {
    expect(globToRegExp('aws_instance.workshop_app-instance-*').test('aws_instance.workshop_app-instance-a_ABC123')).toBe(true);
    expect(globToRegExp('aws_instance.workshop_app-instance-*').test('module.x.aws_instance.workshop_app-instance-a')).toBe(false);
    expect(globToRegExp('aws_s3_bucket.logs["eu-?"]').test('aws_s3_bucket.logs["eu-1"]')).toBe(true);
    expect(globToRegExp('aws_s3_bucket.logs["eu-?"]').test('aws_s3_bucket.logsX"eu-1"]')).toBe(false);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
  });
});

describe('a broken rules file', () => {
  it('reports every problem at once, each with the file and the key path', () => {
    const text = [
      'override_label: ""',
      'stateful_types: aws_s3_bucket',
      'protected:',
      '  - name: Bad Name',
      '    reason: x',
      '    match: {}',
      '  - name: ok-rule',
      '    reason: y',
      '    match: { type: aws_kms_key, colour: red }',
      '  - name: ok-rule',
      '    reason: z',
      '    match: { tags: { Protected: 1 } }',
      'extra: true',
      '',
    ].join('\n');
    let message = '';
    try {
      parseRules(text, 'rules.yaml');
    } catch (err) {
      message = (err as Error).message;
    }
    const lines = message.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rules\.yaml: override_label: /),
        expect.stringMatching(/^rules\.yaml: stateful_types: .*expected array/),
        expect.stringMatching(/^rules\.yaml: protected\[0\]\.name: expected a name of lowercase letters, digits and dashes$/),
        'rules.yaml: protected[0].match: a match needs at least one of type, address, stack, tags',
        expect.stringMatching(/^rules\.yaml: protected\[1\]\.match: .*colour/),
        expect.stringMatching(/^rules\.yaml: protected\[2\]\.match\.tags\.Protected: .*expected string/),
        expect.stringMatching(/^rules\.yaml: \(top level\): .*extra/),
      ]),
    );
    expect(lines).toHaveLength(7);
  });

  it('names the rule that repeats a name', () => {
    const text = 'override_label: x\nstateful_types: []\nprotected:\n  - {name: a, reason: r, match: {type: t}}\n  - {name: a, reason: r, match: {type: u}}\n';
    expect(() => parseRules(text, 'rules.yaml')).toThrow('rules.yaml: protected[1].name: "a" is used by an earlier rule');
  });

  it('points at the line of a YAML syntax error', () => {
    expect(() => parseRules('override_label: [unclosed\nprotected: x\n', 'rules.yaml')).toThrow(/^rules\.yaml:\d+:\d+: not valid YAML: /);
  });

  it('stops the CLI before any plan is read, with nothing written', async () => {
    const dir = tempDir('rules');
    const file = path.join(dir, 'rules.yaml');
    fs.writeFileSync(file, 'override_label: x\nstateful_types: []\nprotected: []\n');
    const note = path.join(dir, 'note.md');
    const run = await runReview(['--rules', file, '--plan', `x=${path.join(dir, 'never-read.json')}`, '--markdown', note]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`plan-review: ${file}: protected: expected at least one rule\n`);
    expect(fs.existsSync(note)).toBe(false);
    const missing = await runReview(['--rules', path.join(dir, 'nope.yaml'), '--plan', 'x=y.json']);
    expect(missing.stderr).toBe(`plan-review: ${path.join(dir, 'nope.yaml')}: cannot read the protected-resource rules (ENOENT)\n`);
  });

  it('ships a default file that loads', () => {
    expect(fs.existsSync(DEFAULT_RULES_FILE)).toBe(true);
    expect(rules.protectedRules.map((r) => r.name)).toEqual(['rds-instances', 'rds-clusters', 'kms-keys', 'licensed-app-instances-in-production', 'central-log-domains-in-production', 'tagged-protected']);
  });
});
