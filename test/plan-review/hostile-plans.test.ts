/**
 * The hostile plan corpus: what a careless user, a buggy provider or an attacker who controls a
 * for_each key can feed the reviewer. Each case states the exact outcome: either one clear line
 * (file, key path, what was expected; no value from the plan), exit 1 and nothing written, or a note
 * that shows the input safely (no Markdown or HTML escapes its code span, no invisible characters,
 * no secret). Most cases are the real shop-test plan (test-bed/plan-corpus.ts) damaged in one place.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Corpus, CORPUS_BUILD_TIMEOUT_MS, ensureCorpus } from '../../test-bed/plan-corpus';
import { CORPUS_SECRETS } from '../../test-bed/corpus-stacks';
import { expectNoSecrets, runReview, sensitiveValuesOf } from '../support/review-helpers';
import { tempDir } from '../support/synth-stack';
import { MAX_VALUE_DEPTH } from '../../plan-review/plan-validate';

type Plan = any;

let corpus: Corpus;
let dir: string;
let planText: string;
/** The same plan indented (terraform show -json writes it on one line), for textual damage. */
let pretty: string;
let secrets: string[];

beforeAll(async () => {
  corpus = await ensureCorpus();
  dir = tempDir('hostile');
  planText = fs.readFileSync(corpus['shop-test'].jsonFile, 'utf8');
  pretty = JSON.stringify(JSON.parse(planText), null, 1);
  secrets = sensitiveValuesOf([corpus['shop-test'].jsonFile]);
}, CORPUS_BUILD_TIMEOUT_MS);

/** A secret planted in hostile places; it must never be printed back. */
const PLANTED = 'hostile-planted-secret-7Hq2';
/** A marked value that reads differently once JSON-escaped, and again once escaped twice. */
const QUOTED_SECRET = 'pa"ss\\wo"rd-quoted-91';

function indexOf(plan: Plan, address: string): number {
  const i = plan.resource_changes.findIndex((rc: { address: string }) => rc.address === address);
  if (i < 0) throw new Error(`${address} is not in the plan`);
  return i;
}

function rcOf(plan: Plan, address: string): Plan {
  return plan.resource_changes[indexOf(plan, address)];
}

/** The real plan with one change applied, as text. */
function mutated(change: (plan: Plan) => void): string {
  const plan = JSON.parse(planText);
  change(plan);
  return JSON.stringify(plan, null, 1);
}

/**
 * The real plan plus one more update, a copy of the tag-only update of aws_ssm_parameter.release under
 * another address (Terraform writes for_each keys into addresses verbatim, so an address can hold
 * anything a map key can).
 */
function withExtraChange(edit: (rc: Plan) => void): string {
  return mutated((plan) => {
    const rc = JSON.parse(JSON.stringify(rcOf(plan, 'aws_ssm_parameter.release')));
    rc.address = 'aws_ssm_parameter.extra';
    rc.name = 'extra';
    rc.change.after.description = 'changed';
    edit(rc);
    plan.resource_changes.push(rc);
  });
}

function nested(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { n: v };
  return v;
}

/** The note with fenced blocks and code spans taken out: what GitLab renders as Markdown and HTML. */
function outsideCode(note: string): string {
  return note.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1\n/gm, '').replace(/(`+)[\s\S]*?\1/g, '');
}

type Outcome =
  | { error: RegExp }
  | {
      /** Exit status (0, or 2 when the gate refuses). */
      code?: number;
      /** Lines the note must contain verbatim. */
      contains?: string[];
      /** Texts that must not appear anywhere in the note. */
      absent?: string[];
    };

const A = 'resource_changes\\[\\d+\\]';
const EXTRA = (i = '\\d+') => `resource_changes\\[${i}\\]`;

const CASES: [string, () => string | Buffer, Outcome][] = [
  // --- not JSON, or not a plan ---
  ['truncated inside a string', () => planText.slice(0, planText.indexOf(CORPUS_SECRETS.dbPasswordOld) + 4), { error: /^not valid JSON: the file ends early \(inside a string that starts at line \d+ column \d+\)$/ }],
  ['truncated between values', () => planText.slice(0, planText.indexOf('"resource_changes"') + 22), { error: /^not valid JSON: the file ends early/ }],
  ['a JSON array at the top level', () => '[{"format_version": "1.2"}]', { error: /^not valid JSON at line 1 column 1: expected a JSON object at the top level$/ }],
  ['an empty object', () => '{}', { error: /^format_version: missing \(is this the output of terraform show -json <planfile>\?\)$/ }],
  ['UTF-16 text', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"format_version":"1.2"}', 'utf16le')]), { error: /^not valid JSON at line 1 column 1: expected a JSON object at the top level$/ }],
  ['NaN as a bare token', () => pretty.replace('"errored": false', '"errored": NaN'), { error: /^not valid JSON at line \d+ column \d+: expected a JSON value$/ }],
  ['Infinity as a bare token', () => mutated((p) => (p.resource_changes[0].change.after_unknown = {})).replace('"after_unknown": {}', '"after_unknown": Infinity'), { error: /^not valid JSON at line \d+ column \d+: expected a JSON value$/ }],
  ['a raw line break inside a string', () => planText.replace('"/shop-test/release"', '"/shop-test/\nrelease"'), { error: /^not valid JSON at line \d+ column \d+: control character in a string$/ }],
  ['a top-level key given twice, named with markup', () => planText.replace(/}\s*$/, `,"<b>${PLANTED}</b>": 1, "<b>${PLANTED}</b>": 2}`), { error: /^a top-level key: the key appears twice at the top level$/ }],
  [
    'resource changes before format_version',
    () => {
      const { resource_changes: changes, ...rest } = JSON.parse(planText);
      return JSON.stringify({ resource_changes: changes, ...rest });
    },
    { error: /^format_version: missing before the resource changes \(is this the output of terraform show -json <planfile>\?\)$/ },
  ],

  // --- format_version ---
  ['format_version without a minor version', () => mutated((p) => (p.format_version = '1')), { error: /^format_version: expected a version like "1\.2", got another string$/ }],
  ['format_version 0.2 (Terraform 0.14)', () => mutated((p) => (p.format_version = '0.2')), { error: /^format_version: "0\.2" is not supported: this reviewer reads plan JSON format 1\.x/ }],
  ['format_version 10.0', () => mutated((p) => (p.format_version = '10.0')), { error: /^format_version: "10\.0" is not supported/ }],
  ['format_version holding a secret', () => mutated((p) => (p.format_version = `1.2-${PLANTED}`)), { error: /^format_version: expected a version like "1\.2", got another string$/ }],
  ['terraform_version holding markup', () => mutated((p) => (p.terraform_version = '<script>alert(1)</script>')), { error: /^terraform_version: expected a version like "1\.11\.4", got another string$/ }],

  // --- actions ---
  ['an unknown action holding a secret', () => mutated((p) => (p.resource_changes[0].change.actions = [PLANTED])), { error: new RegExp(`^${A}\\.change\\.actions\\[0\\]: expected one of no-op, create, read, update, delete, forget, got another string$`) }],
  ['an empty action list', () => mutated((p) => (p.resource_changes[0].change.actions = [])), { error: new RegExp(`^${A}\\.change\\.actions: expected a non-empty array of actions, got an array$`) }],
  ['create twice', () => mutated((p) => (p.resource_changes[0].change.actions = ['create', 'create'])), { error: new RegExp(`^${A}\\.change\\.actions: expected one of the action lists Terraform writes .* got \\[create,create\\]$`) }],
  ['an action that is a number', () => mutated((p) => (p.resource_changes[0].change.actions = [7])), { error: new RegExp(`^${A}\\.change\\.actions\\[0\\]: expected one of .*, got a number$`) }],

  // --- resource change shape ---
  ['a resource change without change', () => mutated((p) => delete p.resource_changes[1].change), { error: /^resource_changes\[1\]\.change: expected an object, got nothing$/ }],
  ['a change that is null', () => mutated((p) => (p.resource_changes[1].change = null)), { error: /^resource_changes\[1\]\.change: expected an object, got null$/ }],
  ['a mode that is not one', () => mutated((p) => (p.resource_changes[1].mode = `managed ${PLANTED}`)), { error: /^resource_changes\[1\]\.mode: expected "managed" or "data", got another string$/ }],
  ['importing that is a string', () => mutated((p) => (p.resource_changes[1].change.importing = PLANTED)), { error: /^resource_changes\[1\]\.change\.importing: expected an object, got a string$/ }],
  ['replace_paths holding an object', () => mutated((p) => (p.resource_changes[1].change.replace_paths = [[{ secret: PLANTED }]])), { error: /^resource_changes\[1\]\.change\.replace_paths\[0\]\[0\]: expected a string or a number, got an object$/ }],
  [
    'the same address twice',
    () => mutated((p) => p.resource_changes.push(JSON.parse(JSON.stringify(rcOf(p, 'aws_ssm_parameter.release'))))),
    { error: new RegExp(`^${A}\\.address: the same resource instance as ${A} \\(Terraform lists each once\\)$`) },
  ],
  [
    'a value nested deeper than the bound',
    () => withExtraChange((rc) => (rc.change.after.description = nested(1000, PLANTED))),
    { error: new RegExp(`^${EXTRA()}\\.change: expected a value nested at most ${MAX_VALUE_DEPTH} levels deep, got a deeper one$`) },
  ],

  // --- masks ---
  ['a null sensitivity mask', () => mutated((p) => (rcOf(p, 'aws_ssm_parameter.db_password').change.before_sensitive = null)), { error: new RegExp(`^${A}\\.change\\.before_sensitive: expected a sensitivity mask \\(true, false, or an object or array of masks\\), got null$`) }],
  ['a missing sensitivity mask', () => mutated((p) => delete rcOf(p, 'aws_ssm_parameter.db_password').change.after_sensitive), { error: new RegExp(`^${A}\\.change\\.after_sensitive: expected a sensitivity mask .*, got nothing$`) }],
  ['a mask "true" as a string', () => mutated((p) => (rcOf(p, 'aws_ssm_parameter.db_password').change.after_sensitive.value = 'true')), { error: new RegExp(`^${A}\\.change\\.after_sensitive\\.value: expected a mask \\(true, false, or an object or array of masks\\), got a string$`) }],
  ['a mask holding a number', () => mutated((p) => (rcOf(p, 'aws_ssm_parameter.db_password').change.after_sensitive.value = 1)), { error: new RegExp(`^${A}\\.change\\.after_sensitive\\.value: expected a mask .*, got a number$`) }],
  [
    'a mask deeper than its value',
    () => mutated((p) => (rcOf(p, 'aws_ssm_parameter.db_password').change.after_sensitive.value = { inner: true })),
    { error: new RegExp(`^${A}\\.change\\.after_sensitive\\.value: expected a mask in the shape of the value it masks \\(${A}\\.change\\.after\\.value\\), got an object mask over a string$`) },
  ],
  [
    'a list mask over an object',
    () => mutated((p) => (rcOf(p, 'aws_ssm_parameter.release').change.after_sensitive.tags = [true])),
    { error: new RegExp(`^${A}\\.change\\.after_sensitive\\.tags: expected a mask in the shape .*, got a list mask over an object$`) },
  ],
  [
    'a list mask longer than its list',
    () => withExtraChange((rc) => ((rc.change.after.description = ['a']), (rc.change.after_sensitive.description = [false, true]))),
    { error: new RegExp(`^${EXTRA()}\\.change\\.after_sensitive\\.description: expected a mask in the shape .*, got a list mask over an array$`) },
  ],
  [
    'a marking mask over a value that is not there',
    () => withExtraChange((rc) => (rc.change.before_sensitive.missing_attribute = { deep: true })),
    { error: new RegExp(`^${EXTRA()}\\.change\\.before_sensitive\\.missing_attribute: expected a mask in the shape .*, got an object mask over nothing$`) },
  ],
  [
    'a bad mask under a key that holds a secret',
    () => withExtraChange((rc) => ((rc.change.after.tags[PLANTED + ' x'] = 'v'), (rc.change.after_sensitive.tags[PLANTED + ' x'] = 'yes'))),
    { error: new RegExp(`^${EXTRA()}\\.change\\.after_sensitive\\.tags\\[…\\]: expected a mask .*, got a string$`) },
  ],
  [
    'output changes with a mask that is not one, under a name that is not an identifier',
    () => mutated((p) => (p.output_changes[`<${PLANTED}>`] = { ...p.output_changes.db_password, after_sensitive: 'yes' })),
    { error: /^output_changes\[…\]\.after_sensitive: expected a mask \(true, false, or an object or array of masks\), got a string$/ },
  ],
  ['variables that are a list', () => mutated((p) => (p.variables = [PLANTED])), { error: /^variables: expected an object, got an array$/ }],
  ['a deferred change with a reason holding markup', () => mutated((p) => (p.deferred_changes = [{ reason: '<img src=x onerror=alert(1)>', resource_change: rcOf(p, 'aws_ssm_parameter.release') }])), { error: /^deferred_changes\[0\]\.reason: expected a reason keyword like "resource_config_unknown", got another string$/ }],

  // --- rendered safely ---
  [
    'an address with a script tag',
    () => withExtraChange((rc) => (rc.address = 'aws_ssm_parameter.p["<script>alert(1)</script>"]')),
    { contains: ['`aws_ssm_parameter.p["<script>alert(1)</script>"]` — **update in place**'] },
  ],
  [
    'an address with backticks',
    () => withExtraChange((rc) => (rc.address = 'aws_ssm_parameter.p["`x`` y"]')),
    { contains: ['```aws_ssm_parameter.p["`x`` y"]``` — **update in place**'] },
  ],
  ['an address with a pipe and an @all mention', () => withExtraChange((rc) => (rc.address = 'aws_ssm_parameter.p["a|b @all"]')), { contains: ['`aws_ssm_parameter.p["a|b @all"]` — **update in place**'] }],
  ['an address with a javascript link', () => withExtraChange((rc) => (rc.address = 'aws_ssm_parameter.p["x](javascript:alert(1))"]')), { contains: ['`aws_ssm_parameter.p["x](javascript:alert(1))"]` — **update in place**'] }],
  ['an address with a right-to-left override', () => withExtraChange((rc) => (rc.address = 'aws_ssm_parameter.p["gnp.\u202eexe"]')), { contains: ['`aws_ssm_parameter.p["gnp.\\u202eexe"]` — **update in place**'], absent: ['\u202e'] }],
  ['an address with zero-width characters', () => withExtraChange((rc) => (rc.address = 'aws_ssm_parameter.p["ad\u200bmin\ufeff"]')), { contains: ['`aws_ssm_parameter.p["ad\\u200bmin\\ufeff"]` — **update in place**'], absent: ['\u200b', '\ufeff'] }],
  [
    'an address with CRLF and a closing details tag',
    () => withExtraChange((rc) => (rc.address = 'aws_ssm_parameter.p["a\r\n\r\n</details>\r\n@all"]')),
    { contains: ['`aws_ssm_parameter.p["a\\u000d\\u000a\\u000d\\u000a</details>\\u000d\\u000a@all"]` — **update in place**'] },
  ],
  [
    'a deposed key and a previous address with markup',
    () =>
      mutated((p) => {
        const rc = rcOf(p, 'aws_ssm_parameter.legacy_flag');
        rc.deposed = '<b>dep</b>';
        const moved = rcOf(p, 'aws_ssm_parameter.renamed');
        moved.previous_address = 'aws_ssm_parameter.old["`@all`"]';
      }),
    { code: 0, contains: ['destroy deposed object `<b>dep</b>`', 'move from ``aws_ssm_parameter.old["`@all`"]``'] },
  ],
  ['an unknown action reason holding markup', () => mutated((p) => (rcOf(p, 'aws_ssm_parameter.legacy_flag').action_reason = `<b>${PLANTED}</b>`)), { contains: ['because no reason given'] }],
  ['an action reason from a newer Terraform', () => mutated((p) => (rcOf(p, 'aws_ssm_parameter.legacy_flag').action_reason = 'delete_because_future_reason')), { contains: ['because delete_because_future_reason'] }],
  [
    'an import id that is a secret',
    () => mutated((p) => (rcOf(p, 'aws_ssm_parameter.adopted').change.importing.id = CORPUS_SECRETS.dbPasswordNew)),
    { contains: ['import id `(sensitive value)`'] },
  ],
  [
    'an output named like a secret',
    () => mutated((p) => (p.output_changes[CORPUS_SECRETS.dbPasswordOld] = p.output_changes.reports_key_arn)),
    { contains: ['+ (sensitive value) = (known after apply)'] },
  ],
  [
    'a sensitive output whose value is short',
    () => mutated((p) => (p.output_changes.db_password = { actions: ['update'], before: 'Qx9', after: 'Qx8', before_sensitive: true, after_sensitive: true, after_unknown: false })),
    { contains: ['- db_password = (sensitive value)', '+ db_password = (sensitive value)'], absent: ['"Qx9"', '"Qx8"'] },
  ],
  [
    'a secret double-encoded inside a JSON document of an unmarked attribute',
    () => withExtraChange((rc) => (rc.change.after.description = JSON.stringify({ Statement: [{ Condition: JSON.stringify({ password: CORPUS_SECRETS.dbPasswordNew + '"q' }) }] }))),
    { contains: ['+ description = (sensitive value)'] },
  ],
  [
    'a marked secret with quotes and backslashes, copied double-encoded into an unmarked attribute',
    () =>
      mutated((p) => {
        const marked = rcOf(p, 'aws_ssm_parameter.db_password').change.after;
        marked.value = QUOTED_SECRET;
        const copy = JSON.parse(JSON.stringify(rcOf(p, 'aws_ssm_parameter.release')));
        Object.assign(copy, { address: 'aws_ssm_parameter.copy', name: 'copy' });
        copy.change.after.insecure_value = JSON.stringify({ Statement: [{ Condition: JSON.stringify({ password: QUOTED_SECRET }) }] });
        p.resource_changes.push(copy);
      }),
    { contains: ['+ insecure_value = (sensitive value)'] },
  ],
  [
    'a map key that is a secret',
    () => withExtraChange((rc) => (rc.change.after.tags[CORPUS_SECRETS.apiToken] = 'x')),
    { contains: ['+ (sensitive value) = "x"'] },
  ],
  [
    'a whole after marked sensitive',
    () => withExtraChange((rc) => ((rc.change.before_sensitive = true), (rc.change.after_sensitive = true))),
    { contains: ['-  = (sensitive value)', '+  = (sensitive value)'] },
  ],
  [
    'NaN-like strings as values',
    () => withExtraChange((rc) => (rc.change.after.description = ['NaN', 'Infinity', '-0', '1e999', 'null'])),
    { contains: ['+ description = ["NaN","Infinity","-0","1e999","null"]'] },
  ],
  [
    'a huge string value',
    () => withExtraChange((rc) => (rc.change.after.description = 'x'.repeat(8 * 1024 * 1024))),
    { contains: [`+ description = "${'x'.repeat(159)}… (2000+ chars)`] },
  ],
  [
    'a value nested exactly to the bound',
    () => withExtraChange((rc) => (rc.change.after.description = nested(MAX_VALUE_DEPTH - 3, 'leaf'))),
    { contains: ['leaf'] },
  ],
  [
    'a deeply nested section the reviewer only skips',
    () => pretty.replace('"prior_state": {', `"prior_state_extra": ${'['.repeat(100_000)}${']'.repeat(100_000)}, "prior_state": {`),
    { code: 0, contains: ['`aws_ssm_parameter.release` — **update in place**'] },
  ],
  [
    'a __proto__ key in tags',
    () => withExtraChange((rc) => (rc.change.after.tags = JSON.parse('{"__proto__": "polluted", "Team": "shop"}'))),
    { contains: ['+ tags.__proto__ = "polluted"'] },
  ],
  ['a byte order mark before the plan', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(planText)]), { code: 0, contains: ['`aws_ssm_parameter.release` — **update in place**'] }],
];

describe('hostile plans', () => {
  it.each(CASES)('%s', async (name, make, outcome) => {
    const file = path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.json`);
    fs.writeFileSync(file, make());
    const note = path.join(dir, `${path.basename(file)}.md`);
    const reports = path.join(dir, `${path.basename(file)}-reports`);
    const run = await runReview(['--plan', `shop-test=${file}`, '--markdown', note, '--gitlab-report-dir', reports]);
    const all: Record<string, string> = { stdout: run.stdout, stderr: run.stderr };
    if ('error' in outcome) {
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: '' });
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0].replace(`plan-review: ${file}: `, '')).toMatch(outcome.error);
      expect(fs.existsSync(note)).toBe(false);
      expect(fs.existsSync(reports)).toBe(false);
    } else {
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: outcome.code ?? 0, stderr: expect.stringContaining('plan-review: shop-test:') });
      const text = fs.readFileSync(note, 'utf8');
      all.note = text;
      for (const line of outcome.contains ?? []) expect(text).toContain(line);
      for (const t of outcome.absent ?? []) expect(text).not.toContain(t);
      // Nothing that renders as markup comes from the plan: it all sits in code spans or blocks.
      const rendered = outsideCode(text);
      for (const t of ['<script', '@all', '](javascript:', '<img', '<b>dep', '</details>\\u']) expect(rendered).not.toContain(t);
      expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff\r]/);
    }
    expect(run.stderr).not.toContain(PLANTED);
    expect(run.stdout).not.toContain(PLANTED);
    expectNoSecrets([...secrets, PLANTED, QUOTED_SECRET], all);
  });

  it('has at least forty cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });
});
