/**
 * Bad input: one clear line (file, key path, what was expected), exit status 1, no stack trace, no
 * secret echoed, and nothing written. Most inputs are real plans from the corpus, damaged in one place.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Corpus, CORPUS_BUILD_TIMEOUT_MS, ensureCorpus } from '../../test-bed/plan-corpus';
import { CORPUS_SECRETS } from '../../test-bed/corpus-stacks';
import { runReview, runReviewProcess } from '../support/review-helpers';
import { tempDir } from '../support/synth-stack';
import { terraformOrThrow } from '../../tooling/terraform-cli';

let corpus: Corpus;
let dir: string;
let planText: string;

type Plan = any;

function writeCase(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

function mutated(name: string, change: (plan: Plan) => void, indent = 0): string {
  const plan = JSON.parse(planText);
  change(plan);
  return writeCase(name, JSON.stringify(plan, null, indent));
}

function indexOf(plan: Plan, address: string): number {
  const i = plan.resource_changes.findIndex((rc: { address: string }) => rc.address === address);
  if (i < 0) throw new Error(`${address} is not in the plan`);
  return i;
}

beforeAll(async () => {
  corpus = await ensureCorpus();
  dir = tempDir('malformed');
  planText = fs.readFileSync(corpus['shop-test'].jsonFile, 'utf8');
}, CORPUS_BUILD_TIMEOUT_MS);

/** Each case: how to make the bad file, and what the one-line error must say. */
const CASES: [string, () => string, RegExp][] = [
  ['an empty file', () => writeCase('empty.json', ''), /^empty\.json: the file is empty$/],
  ['human plan output instead of JSON', () => writeCase('human.txt', 'Plan: 1 to add, 0 to change, 0 to destroy.\n'), /^human\.txt: not valid JSON at line 1 column 1: expected a JSON object at the top level$/],
  ['a truncated plan', () => writeCase('truncated.json', planText.slice(0, Math.floor(planText.length / 2))), /^truncated\.json: not valid JSON: the file ends early/],
  [
    'an unknown format_version major',
    () => mutated('v2.json', (p) => (p.format_version = '2.0')),
    /^v2\.json: format_version: "2\.0" is not supported: this reviewer reads plan JSON format 1\.x/,
  ],
  ['no format_version', () => mutated('no-version.json', (p) => delete p.format_version), /^no-version\.json: format_version: missing/],
  ['a numeric format_version', () => mutated('numeric-version.json', (p) => (p.format_version = 1.2)), /^numeric-version\.json: format_version: expected a string, got a number$/],
  ['resource_changes as an object', () => mutated('rc-object.json', (p) => (p.resource_changes = { a: 1 })), /^rc-object\.json: resource_changes: expected an array$/],
  [
    'an unknown action',
    () => mutated('action.json', (p) => (p.resource_changes[indexOf(p, 'aws_iam_role.app')].change.actions = ['explode'])),
    /^action\.json: resource_changes\[\d+\]\.change\.actions\[0\]: expected one of no-op, create, read, update, delete, forget, got another string$/,
  ],
  [
    'an action list Terraform never writes',
    () => mutated('combo.json', (p) => (p.resource_changes[0].change.actions = ['update', 'delete'])),
    /^combo\.json: resource_changes\[0\]\.change\.actions: expected one of the action lists Terraform writes .* got \[update,delete\]$/,
  ],
  [
    'a sensitivity mask holding a value (never echoed)',
    () => mutated('mask.json', (p) => (p.resource_changes[indexOf(p, 'aws_ssm_parameter.db_password')].change.after_sensitive.value = CORPUS_SECRETS.dbPasswordNew)),
    /^mask\.json: resource_changes\[\d+\]\.change\.after_sensitive\.value: expected a mask \(true, false, or an object or array of masks\), got a string$/,
  ],
  [
    'a resource change without an address',
    () => mutated('no-address.json', (p) => delete p.resource_changes[2].address),
    /^no-address\.json: resource_changes\[2\]\.address: expected a string, got nothing$/,
  ],
  [
    'replace_paths that are not paths',
    () => mutated('replace-paths.json', (p) => (p.resource_changes[indexOf(p, 'aws_security_group.web')].change.replace_paths = ['description'])),
    /^replace-paths\.json: resource_changes\[\d+\]\.change\.replace_paths\[0\]: expected an array of attribute names and indexes, got a string$/,
  ],
  [
    'a broken drift entry',
    () => mutated('drift.json', (p) => (p.resource_drift[0].mode = 'imaginary')),
    /^drift\.json: resource_drift\[0\]\.mode: expected "managed" or "data", got another string$/,
  ],
  [
    'output changes with a bad action',
    () => mutated('outputs.json', (p) => (p.output_changes.reports_key_arn.actions = 'create')),
    /^outputs\.json: output_changes\.reports_key_arn\.actions: expected a non-empty array of actions, got a string$/,
  ],
  [
    'relevant_attributes of the wrong shape',
    () => mutated('relevant.json', (p) => (p.relevant_attributes = [{ resource: 'aws_ssm_parameter.endpoint', attribute: 'insecure_value' }])),
    /^relevant\.json: relevant_attributes\[0\]\.attribute: expected an array of attribute names and indexes, got a string$/,
  ],
  [
    'a bad escape deep in a section the reviewer skips',
    () => writeCase('escape.json', JSON.stringify(JSON.parse(planText), null, 1).replace('"prior_state": {', '"prior_state": {"bad": "\\x41",')),
    /^escape\.json: not valid JSON at line \d+ column \d+: bad escape in a string$/,
  ],
  ['a key given twice', () => writeCase('twice.json', planText.replace(/}\s*$/, ',"errored": false}')), /^twice\.json: errored: the key appears twice at the top level$/],
  ['data after the plan', () => writeCase('trailing.json', `${planText}\n{}`), /^trailing\.json: not valid JSON at line \d+ column 1: unexpected data after the top-level object$/],
  ['random bytes', () => writeCase('random.bin', Buffer.from([0x00, 0x9f, 0x13, 0xfe, 0x42])), /^random\.bin: not valid JSON at line 1 column 1: expected a JSON object at the top level$/],
  ['a damaged binary plan', () => writeCase('damaged.tfplan', fs.readFileSync(corpus['shop-test'].planFile).subarray(0, 600)), /^damaged\.tfplan: terraform show -json failed \(exit 1\) in .*/],
  ['a file that does not exist', () => path.join(dir, 'missing.json'), /^missing\.json: cannot read the plan \(no such file\)$/],
  ['a directory', () => dir, /: cannot read the plan \(a directory, not a plan file\)$/],
  [
    'a state instead of a plan',
    () => writeCase('state.json', terraformOrThrow(corpus['billing-test'].dir, ['show', '-json'])),
    /^state\.json: planned_values: missing, so this is not a Terraform plan\. It looks like a state: run terraform show -json on the plan file instead\.$/,
  ],
];

describe('malformed plans', () => {
  it.each(CASES)('%s', async (_what, make, expected) => {
    const file = make();
    const note = path.join(dir, 'note.md');
    const reports = path.join(dir, 'reports');
    // A good plan first: a bad second plan must still leave nothing written.
    const run = await runReview(['--plan', `shop-test=${corpus['shop-test'].jsonFile}`, '--plan', `bad=${file}`, '--markdown', note, '--gitlab-report-dir', reports]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const message = lines[0].replace(/^plan-review: /, '').replace(dir + path.sep, '');
    expect(message).toMatch(expected);
    for (const s of Object.values(CORPUS_SECRETS)) expect(run.stderr).not.toContain(s);
    expect(fs.existsSync(note)).toBe(false);
    expect(fs.existsSync(reports)).toBe(false);
  });

  it('has at least ten cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(10);
  });
});

describe('blocked output paths: one line, and nothing written at all', () => {
  const plans = () => ['--plan', `shop-test=${corpus['shop-test'].jsonFile}`, '--plan', `billing-test=${corpus['billing-test'].jsonFile}`];

  it.each([
    [
      'a file where the report folder goes',
      (d: string) => fs.writeFileSync(path.join(d, 'reports'), 'in the way'),
      /reports\/shop-test\.tfreport\.json: cannot write \(a file stands where a folder is needed\)$/,
    ],
    [
      'a folder where a report file goes (the second stack)',
      (d: string) => fs.mkdirSync(path.join(d, 'reports', 'billing-test.tfreport.json'), { recursive: true }),
      /reports\/billing-test\.tfreport\.json: cannot write \(a folder stands where the file goes\)$/,
    ],
    [
      'a folder where the note goes',
      (d: string) => fs.mkdirSync(path.join(d, 'note.md')),
      /note\.md: cannot write \(a folder stands where the file goes\)$/,
    ],
  ])('%s', async (_what, block, expected) => {
    const d = tempDir('blocked');
    block(d);
    const before = fs.readdirSync(d, { recursive: true }).sort();
    const run = await runReview([...plans(), '--markdown', path.join(d, 'note.md'), '--gitlab-report-dir', path.join(d, 'reports')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(expected)]);
    // Not the note, not the first report, no temporary file, no folder: the tree is as it was.
    expect(fs.readdirSync(d, { recursive: true }).sort()).toEqual(before);
  });

  it('an unwritable folder: nothing written, not even the note in a writable one, nothing printed', async () => {
    const d = tempDir('unwritable');
    const run = await runReview([...plans(), '--markdown', path.join(d, 'note.md'), '--gitlab-report-dir', '/sys/plan-review-reports']);
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^plan-review: \/sys\/plan-review-reports\/shop-test\.tfreport\.json: cannot write \((permission denied|a read-only file system)\)$/),
    ]);
    expect(fs.readdirSync(d)).toEqual([]);
  });

  it('prints the note to standard output only when every file is written', async () => {
    const d = tempDir('stdout');
    fs.writeFileSync(path.join(d, 'reports'), 'in the way');
    const run = await runReview([...plans(), '--markdown', '-', '--gitlab-report-dir', path.join(d, 'reports')]);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: '' });
  });
});

describe('bad command lines', () => {
  const plan = () => `shop-test=${corpus['shop-test'].jsonFile}`;
  it.each([
    ['no plan', () => [], {}, 'no plan given (--plan <stack>=<file>)'],
    ['a plan without a stack name', () => ['--plan', corpus['shop-test'].jsonFile], {}, '--plan: expected <stack>=<file>, got '],
    ['a stack given twice', () => ['--plan', plan(), '--plan', plan()], {}, '--plan: the stack "shop-test" is given twice'],
    ['a stack name with a slash', () => ['--plan', `shop/test=${corpus['shop-test'].jsonFile}`], {}, '--plan: the stack name "shop/test" may hold only letters'],
    ['an unknown option', () => ['--plan', plan(), '--colour'], {}, 'unknown option --colour'],
    ['a note limit that is not a number', () => ['--plan', plan(), '--note-limit', 'lots'], {}, '--note-limit: expected a positive whole number of characters, got "lots"'],
    ['posting outside a merge-request pipeline', () => ['--plan', plan(), '--post'], {}, '--post needs --gitlab-api-url or the CI_API_V4_URL variable'],
    [
      'posting without a token',
      () => ['--plan', plan(), '--post'],
      { CI_API_V4_URL: 'http://127.0.0.1:9/api/v4', CI_PROJECT_ID: '7', CI_MERGE_REQUEST_IID: '3' },
      '--post needs the API token in the GITLAB_TOKEN variable',
    ],
    ['a GitLab option without --post', () => ['--plan', plan(), '--mr-iid', '3'], {}, '--mr-iid only applies with --post'],
  ] as [string, () => string[], NodeJS.ProcessEnv, string][])('%s', async (_what, args, env, expected) => {
    const run = await runReview(args(), env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`plan-review: ${expected}`);
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^plan-review: /), 'Run with --help for the options.']);
  });

  it('fails the real process with status 1 and no stack trace', () => {
    const run = runReviewProcess(['--plan', `shop-test=${path.join(dir, 'missing.json')}`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`plan-review: ${path.join(dir, 'missing.json')}: cannot read the plan (no such file)\n`);
  });

  it('prints its options on --help', async () => {
    const run = await runReview(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: npm run review -- --plan <stack>=<plan file>');
  });
});
