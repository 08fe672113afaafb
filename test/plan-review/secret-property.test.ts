/**
 * Property: whatever the plan, no value under a sensitivity mark reaches any output. Plans are
 * generated at random: resource changes of every action, drift, and outputs, whose before and after
 * values have independent random types (object, list, string, number, bool, null in any combination:
 * an attribute's type changes between the two sides) and random masks in each side's own shape, as
 * Terraform writes them. A second property feeds masks that do not fit their values: always refused.
 *
 * What counts as a leak: a marked string or number shown as a JSON token of its own (how the note
 * shows values), in any escaping; marked strings of five characters or more anywhere at all. Booleans
 * and null cannot be told apart from the note's own text and are left out of the check (the walk that
 * hides them is the same one that hides the strings and numbers it is checked with).
 */
import { fc, it } from '@fast-check/jest';
import * as fs from 'fs';
import * as path from 'path';
import { reviewPlan } from '../../plan-review/load-plan';
import { renderNote } from '../../plan-review/markdown';
import { SecretCollector } from '../../plan-review/mask';
import { evaluateGate } from '../../plan-review/policy-gate';
import { loadRules } from '../../plan-review/protected-rules';
import { newReviewContext } from '../../plan-review/stack-review';
import { encodings, runReview } from '../support/review-helpers';
import { tempDir } from '../support/synth-stack';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Mask = boolean | Mask[] | { [k: string]: Mask };

const dir = tempDir('property');
let caseNo = 0;

/**
 * Leaves: strings of 1 to 12 characters over an alphabet with Markdown and HTML metacharacters and
 * invisible ones (quotes and backslashes are left to the hostile corpus: a string holding `"Q"`
 * would read as a leak of a marked "Q" here, and JSON's own punctuation as one of a marked ":{"),
 * numbers that never occur in the note's own text (negatives and halves: counts and list indexes are
 * whole and positive), booleans and null.
 */
const stringLeaf = fc.string({ unit: fc.constantFrom(...'QXZKW<>`|@é\u202e'.split('')), minLength: 1, maxLength: 12 });
const numberLeaf = fc.oneof(fc.integer({ min: -99999, max: -1 }), fc.integer({ min: 1, max: 99999 }).map((n) => n + 0.5));
const leaf: fc.Arbitrary<Json> = fc.oneof(stringLeaf, numberLeaf, fc.boolean(), fc.constant(null));

const { value } = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), tie('value'), { maxKeys: 4 }),
  ),
}));

/** A mask in the shape of `v`, as Terraform writes one: true/false anywhere, else one per member. */
function maskOf(v: Json): fc.Arbitrary<Mask> {
  if (Array.isArray(v)) return fc.oneof(fc.boolean(), fc.tuple(...v.map(maskOf)) as fc.Arbitrary<Mask>);
  if (v !== null && typeof v === 'object') {
    const members: Record<string, fc.Arbitrary<Mask>> = {};
    for (const [k, x] of Object.entries(v)) members[k] = maskOf(x);
    return fc.oneof(fc.boolean(), fc.record(members, { requiredKeys: [] }) as fc.Arbitrary<Mask>);
  }
  return fc.boolean();
}

const masked = (v: fc.Arbitrary<Json>) => v.chain((x) => maskOf(x).map((m) => ({ value: x, mask: m })));

/** An attribute set: the same few names on both sides, each side's value (and type) drawn on its own. */
const attributes = fc.dictionary(fc.constantFrom('input', 'output', 'tags', 'x', 'y'), value, { minKeys: 1, maxKeys: 4 });

const actionList = fc.constantFrom<string[]>(['update'], ['create'], ['delete'], ['delete', 'create'], ['create', 'delete'], ['no-op']);

const resourceChange = fc.record({ actions: actionList, before: masked(attributes), after: masked(attributes) });
const outputChange = fc.record({ before: masked(value), after: masked(value) });

const planArb = fc.record({
  changes: fc.array(resourceChange, { minLength: 1, maxLength: 4 }),
  drift: fc.array(fc.record({ before: masked(attributes), after: masked(attributes) }), { maxLength: 2 }),
  outputs: fc.array(outputChange, { maxLength: 2 }),
});

type GeneratedPlan = typeof planArb extends fc.Arbitrary<infer T> ? T : never;

function unknownsOf(before: Json, after: Json): Record<string, boolean> {
  const isObject = (v: Json): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(before) || !isObject(after)) return {};
  return Object.fromEntries(Object.keys(before).filter((k) => !(k in after)).map((k) => [k, true]));
}

function planJson(g: GeneratedPlan): Record<string, unknown> {
  const rc = (i: number, kind: string, actions: string[], b: { value: Json; mask: Mask }, a: { value: Json; mask: Mask }) => {
    const creates = actions[0] === 'create' && actions.length === 1;
    const deletes = actions[0] === 'delete' && actions.length === 1;
    return {
      address: `terraform_data.${kind}${i}`,
      mode: 'managed',
      type: 'terraform_data',
      name: `${kind}${i}`,
      change: {
        actions,
        before: creates ? null : b.value,
        after: deletes ? null : a.value,
        // An attribute the old object had and the new one leaves out is "known after apply": its old
        // value is shown beside that, under its own mask.
        after_unknown: creates || deletes ? {} : unknownsOf(b.value, a.value),
        before_sensitive: creates ? false : b.mask,
        after_sensitive: deletes ? false : a.mask,
      },
    };
  };
  const drift = g.drift.map((d, i) => rc(i, 'drift', ['update'], d.before, d.after));
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: { root_module: {} },
    resource_drift: drift,
    resource_changes: g.changes.map((c, i) => rc(i, 'r', c.actions, c.before, c.after)),
    output_changes: Object.fromEntries(
      g.outputs.map((o, i) => [
        `out${i}`,
        { actions: ['update'], before: o.before.value, after: o.after.value, after_unknown: false, before_sensitive: o.before.mask, after_sensitive: o.after.mask },
      ]),
    ),
    // Every drifted attribute matters to the plan, so drift values are shown too.
    relevant_attributes: drift.flatMap((d) => ['input', 'output', 'tags', 'x', 'y'].map((attr) => ({ resource: d.address, attribute: [attr] }))),
    applyable: true,
    complete: true,
    errored: false,
  };
}

/** Strings and numbers under a mark, and those shown in clear (a value may be both: then it may show). */
function leaves(v: unknown, mask: unknown, marked: Set<string>, clear: Set<string>, under = false): void {
  const here = under || mask === true;
  if (typeof v === 'string' || typeof v === 'number') (here ? marked : clear).add(JSON.stringify(v));
  else if (Array.isArray(v)) v.forEach((x, i) => leaves(x, Array.isArray(mask) ? mask[i] : undefined, marked, clear, here));
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const m = mask !== null && typeof mask === 'object' && !Array.isArray(mask) ? (mask as Record<string, unknown>)[k] : undefined;
      leaves(x, m, marked, clear, here);
    }
  }
}

/** The JSON tokens of marked values that must never be shown (those also shown in clear excepted). */
function markedTokens(plan: Record<string, any>): string[] {
  const marked = new Set<string>();
  const clear = new Set<string>();
  for (const rc of [...plan.resource_changes, ...plan.resource_drift]) {
    leaves(rc.change.before, rc.change.before_sensitive, marked, clear);
    leaves(rc.change.after, rc.change.after_sensitive, marked, clear);
  }
  for (const oc of Object.values(plan.output_changes) as any[]) {
    leaves(oc.before, oc.before_sensitive, marked, clear);
    leaves(oc.after, oc.after_sensitive, marked, clear);
  }
  return [...marked].filter((t) => !clear.has(t));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where a marked token shows in a text: as a token of its own in any escaping; with `anywhere`, a
 * marked string of five characters or more also inside any other text (what the second line hides).
 */
function leaksOf(tokens: string[], outputs: Record<string, string>, anywhere = true): string[] {
  const found: string[] = [];
  for (const token of tokens) {
    const raw = JSON.parse(token) as string | number;
    const forms = typeof raw === 'string' ? encodings(raw) : [token];
    const pattern =
      typeof raw === 'string'
        ? new RegExp(forms.map((f) => `\\\\*"${escapeRegExp(f)}\\\\*"`).join('|'))
        : new RegExp(`(?<![\\w.+-])${escapeRegExp(token)}(?![\\w.])`);
    for (const [where, text] of Object.entries(outputs)) {
      const inside = anywhere && typeof raw === 'string' && raw.length >= 5 && forms.some((f) => text.includes(f));
      if (pattern.test(text) || inside) found.push(`${where} shows the marked value ${token}`);
    }
  }
  return found;
}

function writePlan(plan: unknown): string {
  const file = path.join(dir, `plan-${caseNo++}.json`);
  fs.writeFileSync(file, JSON.stringify(plan));
  return file;
}

/** A collector that collects nothing: the masks on their own. */
class NoSecondLine extends SecretCollector {
  override addValue(): void {}
}

describe('no marked value reaches any output', () => {
  it.prop([planArb], { numRuns: 150 })('the whole command: note, reports, standard output and error', async (g) => {
    const plan = planJson(g);
    const file = writePlan(plan);
    const note = path.join(dir, `note-${caseNo}.md`);
    const reports = path.join(dir, `reports-${caseNo}`);
    const run = await runReview(['--plan', `typechange-test=${file}`, '--markdown', note, '--gitlab-report-dir', reports]);
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    const outputs: Record<string, string> = { stdout: run.stdout, stderr: run.stderr, note: fs.readFileSync(note, 'utf8') };
    for (const f of fs.readdirSync(reports)) outputs[f] = fs.readFileSync(path.join(reports, f), 'utf8');
    expect(leaksOf(markedTokens(plan), outputs)).toEqual([]);
  });

  it.prop([planArb], { numRuns: 150 })('the masks alone (first line), short values and numbers included', (g) => {
    const plan = planJson(g);
    const file = writePlan(plan);
    const ctx = newReviewContext(loadRules(), 1_000_000);
    ctx.secrets = new NoSecondLine();
    const review = reviewPlan('typechange-test', file, ctx);
    const note = renderNote([review], evaluateGate([review], [], 'x'), ctx.secrets, { noteLimit: 1_000_000, marker: 'plan-review:p' });
    // Unmarked values may contain a marked one (only the second line hides those): tokens only.
    expect(leaksOf(markedTokens(plan), { note }, false)).toEqual([]);
  });
});

/** A mask of the wrong shape somewhere in `v`'s mask: deeper than the value, or a list for an object. */
function misfitFor(v: Json): fc.Arbitrary<Mask> {
  if (Array.isArray(v) && v.length > 0) return fc.oneof(fc.constant({ a: true } as Mask), fc.constant(v.map(() => false).concat([true]) as Mask));
  if (v !== null && typeof v === 'object' && Object.keys(v).length > 0) {
    const [k, x] = Object.entries(v)[0];
    return fc.oneof(fc.constant([true] as Mask), misfitFor(x).map((m) => ({ [k]: m }) as Mask));
  }
  if (Array.isArray(v)) return fc.constant([true] as Mask);
  if (v !== null && typeof v === 'object') return fc.constant({ deeper: { x: true } } as Mask);
  return fc.constantFrom<Mask>({ deeper: true }, [true]);
}

describe('a mask that does not fit its value', () => {
  it.prop([fc.record({ changes: fc.array(resourceChange, { minLength: 1, maxLength: 3 }), at: fc.nat(), side: fc.constantFrom('before', 'after') })], { numRuns: 100 })(
    'is refused with the key path, exit 1, nothing written and no value quoted',
    async ({ changes, at, side }) => {
      const g: GeneratedPlan = { changes: changes.map((c) => ({ ...c, actions: ['update'] })), drift: [], outputs: [] };
      const plan = planJson(g) as any;
      const i = at % g.changes.length;
      const rc = plan.resource_changes[i];
      const misfit = fc.sample(misfitFor(rc.change[side]), { numRuns: 1, seed: at })[0];
      rc.change[`${side}_sensitive`] = misfit;
      const file = writePlan(plan);
      const note = path.join(dir, `misfit-${caseNo}.md`);
      const run = await runReview(['--plan', `t=${file}`, '--markdown', note]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^plan-review: ${escapeRegExp(file)}: resource_changes\\[${i}\\]\\.change\\.${side}_sensitive\\S*: expected a mask in the shape of the value it masks .*\\n$`));
      expect(fs.existsSync(note)).toBe(false);
      const marked = new Set<string>();
      leaves(rc.change[side], true, marked, new Set());
      expect(leaksOf([...marked].filter((t) => t.length > 4), { stderr: run.stderr })).toEqual([]);
    },
  );
});
