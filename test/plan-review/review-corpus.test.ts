/**
 * The reviewer on real plans: Terraform with the real AWS provider against the emulator (see
 * test-bed/plan-corpus.ts). Golden notes are checked in under golden/ and read by a person whenever
 * they change (UPDATE_GOLDEN=1 rewrites them).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Corpus, CORPUS_BUILD_TIMEOUT_MS, ensureCorpus } from '../../test-bed/plan-corpus';
import { CORPUS_SECRETS, SHORT_CORPUS_SECRETS } from '../../test-bed/corpus-stacks';
import { expectGolden, expectNoSecrets, runReview, sensitiveValuesOf } from '../support/review-helpers';
import { tempDir } from '../support/synth-stack';
import { loadRules } from '../../plan-review/protected-rules';
import { reviewPlan } from '../../plan-review/load-plan';
import { newReviewContext, StackReview } from '../../plan-review/stack-review';
import { SecretCollector } from '../../plan-review/mask';
import { DiffEntry } from '../../plan-review/attribute-diff';

let corpus: Corpus;
let out: string;

beforeAll(async () => {
  corpus = await ensureCorpus();
  out = tempDir('corpus');
}, CORPUS_BUILD_TIMEOUT_MS);

function reviewOf(stack: keyof Corpus, file = corpus[stack].jsonFile): StackReview {
  return reviewPlan(stack, file, newReviewContext(loadRules(), 1_000_000));
}

function byAddress(review: StackReview, address: string) {
  const r = review.resources.find((x) => x.address === address);
  if (!r) throw new Error(`${address} is not among the reviewed changes of ${review.stack}`);
  return r;
}

describe('headline counts from real plans', () => {
  it('counts every kind of change in the mixed stack apart', () => {
    expect(reviewOf('shop-test').headline).toEqual({
      create: 5, // kms key, kms alias, three SSM parameters
      update: 7, // 2 tag-only, db password, JSON whitespace, endpoint copy, IAM policy, import+update
      replace: 2,
      replaceCreateBeforeDestroy: 1,
      replaceDestroyFirst: 1,
      replaceCreateThenForget: 0,
      delete: 1,
      import: 1,
      move: 1,
      forget: 1,
      read: 1,
    });
  });

  it('counts the production stack and finds nothing in the no-op stack', () => {
    expect(reviewOf('shop-production').headline).toMatchObject({ create: 0, update: 1, replace: 3, replaceDestroyFirst: 3, delete: 1 });
    const noop = reviewOf('billing-test');
    expect(Object.values(noop.headline).every((n) => n === 0)).toBe(true);
    expect(noop.resources).toEqual([]);
    expect(noop.warnings).toEqual([]);
  });
});

describe('what each change is', () => {
  it('tells replacement orders, forcing attributes and reasons', () => {
    const review = reviewOf('shop-test');
    const sg = byAddress(review, 'aws_security_group.web');
    expect(sg.classification).toMatchObject({ kind: 'replace', replaceOrder: 'create-before-destroy', destroys: true });
    expect(sg.replacePaths).toEqual([['description']]);
    expect(sg.actionReason).toBe('replace_because_cannot_update');
    const param = byAddress(review, 'aws_ssm_parameter.api_name');
    expect(param.classification).toMatchObject({ kind: 'replace', replaceOrder: 'destroy-before-create' });
    expect(param.replacePaths).toEqual([['name']]);
  });

  it('sees imports, moves, forgets, deletes and deferred reads', () => {
    const review = reviewOf('shop-test');
    expect(byAddress(review, 'aws_ssm_parameter.adopted')).toMatchObject({ importId: '/shop-test/adopted', classification: { kind: 'update', imported: true } });
    expect(byAddress(review, 'aws_ssm_parameter.renamed')).toMatchObject({ previousAddress: 'aws_ssm_parameter.old_name', classification: { kind: 'no-op', moved: true } });
    expect(byAddress(review, 'aws_ssm_parameter.handover')).toMatchObject({ classification: { kind: 'forget', destroys: false }, risk: 'elevated' });
    expect(byAddress(review, 'aws_ssm_parameter.legacy_flag')).toMatchObject({ classification: { kind: 'delete' }, risk: 'high', actionReason: 'delete_because_no_resource_config' });
    expect(byAddress(review, 'data.aws_iam_policy_document.reports_key_use')).toMatchObject({ mode: 'data', classification: { kind: 'read' }, actionReason: 'read_because_config_unknown' });
  });

  it('sets tag-only and JSON-whitespace updates apart as noise, and diffs a changed policy inside', () => {
    const review = reviewOf('shop-test');
    expect(byAddress(review, 'aws_ssm_parameter.release').noise).toBe('tags');
    expect(byAddress(review, 'aws_ssm_parameter.cache_ttl').noise).toBe('tags');
    const flags = byAddress(review, 'aws_ssm_parameter.feature_flags');
    expect(flags.noise).toBe('json-whitespace');
    expect(flags.diff?.jsonNoise).toEqual([['insecure_value']]);
    expect(flags.diff?.entries.map((e) => e.path[0])).not.toContain('insecure_value');
    const role = byAddress(review, 'aws_iam_role.app');
    expect(role.diff?.entries).toEqual([
      {
        path: ['assume_role_policy', 'Statement', 0, 'Principal', 'Service'],
        jsonFrom: 1,
        op: 'change',
        before: '"ec2.amazonaws.com"',
        after: '"ecs-tasks.amazonaws.com"',
      },
    ]);
  });

  it('shows unknown values as known after apply', () => {
    const review = reviewOf('shop-test');
    const key = byAddress(review, 'aws_kms_key.reports');
    expect(key.diff?.knownAfterApply.map((p) => p[0])).toEqual(expect.arrayContaining(['arn', 'key_id']));
    const alias = byAddress(review, 'aws_kms_alias.reports');
    expect(alias.diff?.knownAfterApply.map((p) => p[0])).toContain('target_key_id');
  });

  it('keeps only the drift that matters to the plan', () => {
    const review = reviewOf('shop-test');
    const endpoint = review.drift.find((d) => d.address === 'aws_ssm_parameter.endpoint');
    expect(endpoint?.relevant.map((e) => [e.path, e.before, e.after])).toEqual([
      [['insecure_value'], '"https://api-v1.shop.internal"', '"https://api-v2.shop.internal"'],
    ]);
    // The hand-made tag is reverted by the plan itself: named, but not shown as relevant drift.
    const cache = review.drift.find((d) => d.address === 'aws_ssm_parameter.cache_ttl');
    expect(cache).toMatchObject({ relevant: [], otherAttributes: ['tags'] });
  });
});

/** A collector that collects nothing: the first line of defence (the masks) on its own. */
class NoSecondLine extends SecretCollector {
  override addValue(): void {}
}

describe('attributes whose type changes between the two plans (real terraform_data plans)', () => {
  const lines = (entries: DiffEntry[] | undefined) => (entries ?? []).map((e) => `${e.path.join('.')}: ${e.before} -> ${e.after}`);

  it('the masks alone hide every marked part, whichever types the two sides have', () => {
    const ctx = newReviewContext(loadRules(), 1_000_000);
    ctx.secrets = new NoSecondLine();
    const review = reviewPlan('typechange-test', corpus['typechange-test'].jsonFile, ctx);
    const input = (address: string) => lines(byAddress(review, address).diff?.entries).filter((l) => l.startsWith('input'));
    // object -> string: the old object's marked members are hidden, the rest is shown.
    expect(input('terraform_data.object_to_string')).toEqual([
      'input: {"host":"db.internal","pin":(sensitive value),"port":(sensitive value),"token":(sensitive value)} -> "settings moved to SSM"',
    ]);
    // list (marked elements) -> number
    expect(input('terraform_data.list_to_number')).toEqual(['input: [(sensitive value),"plain",(sensitive value)] -> 42']);
    // sensitive string -> object, sensitive number -> bool: each side under its own mask.
    expect(input('terraform_data.string_to_object')).toEqual(['input: (sensitive value) -> {"host":"db.internal","port":5432}']);
    expect(input('terraform_data.number_to_bool')).toEqual(['input: (sensitive value) -> true']);
    // object -> list of objects with a marked member
    expect(input('terraform_data.object_to_list')).toEqual(['input: {"host":"db.internal"} -> [{"pin":(sensitive value)},{"pin":"none"}]']);
    // Terraform does not mark terraform_data.output, a copy of input: only the second line can hide it.
    const unmarkedCopies = lines(byAddress(review, 'terraform_data.list_to_number').diff?.entries).filter((l) => l.startsWith('output'));
    expect(unmarkedCopies.join('\n')).toContain(String(SHORT_CORPUS_SECRETS.port));
  });

  it('the second line hides the unmarked copies, short values and numbers included', async () => {
    const run = await runReview(['--plan', `typechange-test=${corpus['typechange-test'].jsonFile}`, '--markdown', '-']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(JSON.stringify(SHORT_CORPUS_SECRETS.pin));
    expect(run.stdout).not.toMatch(new RegExp(`(?<![\\w.+-])${SHORT_CORPUS_SECRETS.port}(?![\\w.])`));
    expect(run.stdout).not.toContain(CORPUS_SECRETS.typeChangeToken);
    expect(run.stdout).toContain('- output = (sensitive value)');
    expect(run.stdout).toContain('+ input = [{"pin":(sensitive value)},{"pin":"none"}]');
    expectNoSecrets(sensitiveValuesOf([corpus['typechange-test'].jsonFile]), { stdout: run.stdout, stderr: run.stderr });
    expectGolden('typechange-test.md', run.stdout);
  });
});

describe('the note', () => {
  it.each([
    ['shop-test', 'shop-test.md'],
    ['shop-production', 'shop-production.md'],
    ['billing-test', 'billing-test.md'],
  ] as const)('matches the reviewed golden note for %s', async (stack, golden) => {
    const note = path.join(out, golden);
    const run = await runReview(['--plan', `${stack}=${corpus[stack].jsonFile}`, '--markdown', note]);
    expect(run.stderr).toContain(`plan-review: ${stack}:`);
    expectGolden(golden, fs.readFileSync(note, 'utf8'));
  });

  it('reviews several stacks in one note and one report per stack', async () => {
    const note = path.join(out, 'all-stacks.md');
    const reports = path.join(out, 'reports');
    const run = await runReview([
      ...(['shop-test', 'shop-production', 'billing-test'] as const).flatMap((s) => ['--plan', `${s}=${corpus[s].jsonFile}`]),
      '--markdown',
      note,
      '--gitlab-report-dir',
      reports,
    ]);
    expect(run.code).toBe(2);
    expectGolden('all-stacks.md', fs.readFileSync(note, 'utf8'));
    expect(fs.readdirSync(reports).sort()).toEqual(['billing-test.tfreport.json', 'shop-production.tfreport.json', 'shop-test.tfreport.json']);
  });

  it('reads a binary plan file through terraform show -json and says the same as from its JSON', async () => {
    const fromJson = await runReview(['--plan', `shop-test=${corpus['shop-test'].jsonFile}`, '--markdown', '-']);
    const fromBinary = await runReview(['--plan', `shop-test=${corpus['shop-test'].planFile}`, '--markdown', '-']);
    expect(fromBinary.code).toBe(0);
    expect(fromBinary.stdout).toBe(fromJson.stdout);
  });

  it('never lets a sensitive value reach any output', async () => {
    const files = Object.values(corpus).map((c) => c.jsonFile);
    const secrets = sensitiveValuesOf(files);
    // The hunt itself must find the corpus's secrets in the plans, or it proves nothing.
    const planText = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    for (const s of [CORPUS_SECRETS.dbPasswordOld, CORPUS_SECRETS.dbPasswordNew, CORPUS_SECRETS.apiToken, CORPUS_SECRETS.typeChangeToken]) expect(planText).toContain(s);
    expect(planText).toContain(JSON.stringify(SHORT_CORPUS_SECRETS.pin));
    expect(secrets).toEqual(expect.arrayContaining([...Object.values(CORPUS_SECRETS).slice(0, 3), SHORT_CORPUS_SECRETS.pin, String(SHORT_CORPUS_SECRETS.port)]));

    const dir = path.join(out, 'secrets');
    const run = await runReview([
      ...Object.values(corpus).flatMap((c) => ['--plan', `${c.stack}=${c.planFile}`]),
      '--markdown',
      path.join(dir, 'note.md'),
      '--gitlab-report-dir',
      dir,
      '--labels',
      'allow-protected-change',
    ]);
    // With what the CLI said, so a failure shows why.
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    const outputs: Record<string, string> = { stdout: run.stdout, stderr: run.stderr };
    for (const f of fs.readdirSync(dir)) outputs[f] = fs.readFileSync(path.join(dir, f), 'utf8');
    expect(outputs['note.md']).toContain('(sensitive value)');
    expectNoSecrets(secrets, outputs);
  });
});
