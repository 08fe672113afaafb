/**
 * The policy gate on real plans, run as the pipeline runs it (its own process, real exit status).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Corpus, CORPUS_BUILD_TIMEOUT_MS, ensureCorpus } from '../../test-bed/plan-corpus';
import { runReview, runReviewProcess } from '../support/review-helpers';
import { tempDir } from '../support/synth-stack';
import { EXIT_GATE_REFUSED, EXIT_OK } from '../../plan-review/cli';

let corpus: Corpus;
let dir: string;

beforeAll(async () => {
  corpus = await ensureCorpus();
  dir = tempDir('gate');
}, CORPUS_BUILD_TIMEOUT_MS);

const PROTECTED = [
  'aws_kms_key.data', // by type
  'aws_db_instance.main', // by type
  'aws_instance.shop_app-instance-a_1A2B3C4D', // by type in a *-production stack
  'aws_ssm_parameter.licence', // by the Protected=true tag
];

describe('policy gate', () => {
  it('fails the job when protected resources would be destroyed or replaced, and says which', () => {
    const note = path.join(dir, 'blocked.md');
    const run = runReviewProcess(['--plan', `shop-production=${corpus['shop-production'].jsonFile}`, '--markdown', note], { CI_MERGE_REQUEST_LABELS: 'backend,needs-review' });
    expect(run.code).toBe(EXIT_GATE_REFUSED);
    expect(run.stderr).toContain('plan-review: policy gate refused: 4 protected resource(s) destroyed or replaced; add the merge-request label "allow-protected-change" to allow it');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const text = fs.readFileSync(note, 'utf8');
    expect(text).toContain(':no_entry: **Policy gate failed:** 4 protected resources would be destroyed or replaced');
    const attention = text.split('#### Changes by stack')[0];
    for (const address of PROTECTED) expect(attention).toContain(`:no_entry: **protected** \`shop-production\` · \`${address}\``);
    // The update of an unprotected parameter in the same plan is not a violation.
    expect(attention).not.toContain('aws_ssm_parameter.banner');
  });

  it('lets the override label through and records the override in the note', () => {
    const note = path.join(dir, 'overridden.md');
    const run = runReviewProcess(['--plan', `shop-production=${corpus['shop-production'].jsonFile}`, '--markdown', note], {
      CI_MERGE_REQUEST_LABELS: 'backend,allow-protected-change',
    });
    expect(run.code).toBe(EXIT_OK);
    expect(run.stderr).toContain('policy gate overridden by the label "allow-protected-change": 4 protected resource(s)');
    expect(fs.readFileSync(note, 'utf8')).toContain(':warning: **Policy gate overridden** by the label ~"allow-protected-change": 4 protected resources will be destroyed or replaced');
  });

  it('passes a plan whose destroys touch nothing protected', async () => {
    const run = await runReview(['--plan', `shop-test=${corpus['shop-test'].jsonFile}`, '--markdown', path.join(dir, 'passed.md')]);
    expect(run.code).toBe(EXIT_OK);
    expect(run.stderr).toContain('plan-review: policy gate passed');
  });

  it('does not count the same resource type in a non-production stack under the production rule', async () => {
    // The production plan reviewed as if it were a test stack: the instance is no longer protected,
    // the KMS key, the database and the tagged parameter still are.
    const note = path.join(dir, 'as-test.md');
    const run = await runReview(['--plan', `shop-test=${corpus['shop-production'].jsonFile}`, '--markdown', note]);
    expect(run.code).toBe(EXIT_GATE_REFUSED);
    expect(run.stderr).toContain('3 protected resource(s)');
    expect(fs.readFileSync(note, 'utf8')).toContain(':warning: **stateful** `shop-test` · `aws_instance.shop_app-instance-a_1A2B3C4D`');
  });

  it('takes rules from another file: address globs and tags, with its own override label', async () => {
    const rules = path.join(dir, 'rules.yaml');
    fs.writeFileSync(
      rules,
      [
        'override_label: break-glass',
        'stateful_types: []',
        'protected:',
        '  - name: app-instances',
        '    reason: licence-bound',
        '    match:',
        '      address: "aws_instance.shop_app-instance-*"',
        '  - name: security-groups-in-test',
        '    reason: shared with the load balancer',
        '    match: { type: aws_security_group, stack: "*-test" }',
        '',
      ].join('\n'),
    );
    const prod = await runReview(['--rules', rules, '--plan', `shop-production=${corpus['shop-production'].jsonFile}`, '--markdown', path.join(dir, 'r1.md')]);
    expect(prod.code).toBe(EXIT_GATE_REFUSED);
    expect(prod.stderr).toContain('1 protected resource(s)');
    expect(prod.stderr).toContain('"break-glass"');
    const test = await runReview(['--rules', rules, '--plan', `shop-test=${corpus['shop-test'].jsonFile}`, '--markdown', path.join(dir, 'r2.md'), '--labels', 'break-glass']);
    expect(test.code).toBe(EXIT_OK);
    expect(test.stderr).toContain('policy gate overridden by the label "break-glass": 1 protected resource(s)');
  });
});
