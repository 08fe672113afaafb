/**
 * The note always fits the limit (GitLab's is 1,000,000 characters; here a small one is given) by
 * shedding detail, lowest-ranked first, and never the summary.
 */
import { Corpus, CORPUS_BUILD_TIMEOUT_MS, ensureCorpus } from '../../test-bed/plan-corpus';
import { runReview } from '../support/review-helpers';
import { fitToLimit, Piece } from '../../plan-review/note-budget';
import { reviewPlan } from '../../plan-review/load-plan';
import { loadRules } from '../../plan-review/protected-rules';
import { compareRisk } from '../../plan-review/risk';
import { newReviewContext } from '../../plan-review/stack-review';

let corpus: Corpus;
let full: string;
/** The smallest limit the reviewer accepts for the corpus (found by bisection). */
let smallest: number;

async function note(limit?: number): Promise<{ code: number; text: string; stderr: string }> {
  const plans = Object.values(corpus).flatMap((c) => ['--plan', `${c.stack}=${c.jsonFile}`]);
  const run = await runReview([...plans, '--markdown', '-', ...(limit ? ['--note-limit', String(limit)] : [])]);
  return { code: run.code, text: run.stdout, stderr: run.stderr };
}

/** The title, gate verdict and headline table: what must survive any limit. */
function summaryOf(text: string): string {
  return text.slice(0, text.indexOf('#### '));
}

beforeAll(async () => {
  corpus = await ensureCorpus();
  full = (await note()).text;
  let lo = 1;
  let hi = full.length;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await note(mid)).code === 1) lo = mid + 1;
    else hi = mid;
  }
  smallest = lo;
}, CORPUS_BUILD_TIMEOUT_MS);

describe('note size limit', () => {
  it('leaves a note that fits untouched', async () => {
    expect(full).toContain('```diff');
    expect((await note(full.length)).text).toBe(full);
  });

  it('sheds the blast-radius pictures first, then the noise diffs, and keeps the protected resources diffs', async () => {
    const pictures = full.match(/<details><summary>Blast radius[^]*?```\n\n<\/details>\n\n/g) ?? [];
    expect(pictures).toHaveLength(2); // shop-test and shop-production destroy something
    const size = pictures.join('').length;
    const withoutPictures = (await note(full.length - size)).text;
    expect(withoutPictures).toBe(pictures.reduce((t, p) => t.replace(p, ''), full));
    const { text } = await note(full.length - size - 200);
    expect(text.length).toBeLessThanOrEqual(full.length - size - 200);
    expect(summaryOf(text)).toBe(summaryOf(full));
    expect(text).toContain('`aws_ssm_parameter.release` — **update in place** · _attribute diff left out: note size limit_');
    expect(text).toContain('+ ami = "ami-03cf127a"  # forces replacement');
    expect(text).toContain('+ username = "shop_admin"  # forces replacement');
  });

  it('at every limit down to the smallest that holds the summary: fits, sheds diffs before entries, low ranks first', async () => {
    const summary = summaryOf(full);
    let sawEntriesDropped = false;
    for (let limit = full.length; limit >= smallest; limit -= 200) {
      const { code, text } = await note(limit);
      expect(code).toBe(2);
      expect(text.length).toBeLessThanOrEqual(limit);
      expect(summaryOf(text)).toBe(summary);
      expect(text.endsWith('plan format 1.2</sub>\n')).toBe(true);
      const resourceDiffs = text.split('```diff').length - text.split('**Outputs**\n```diff').length;
      const dropped = /_(\d+) more entr(y|ies) left out to fit the note size limit; the full plan is in the job's artifacts._/.test(text);
      // No entry disappears while any resource diff is still shown.
      if (dropped) expect(resourceDiffs).toBe(0);
      sawEntriesDropped ||= dropped;
      // The riskiest change with a diff (the protected database's replacement) keeps it longest.
      if (resourceDiffs > 0) expect(text).toContain('+ username = "shop_admin"  # forces replacement');
    }
    expect(sawEntriesDropped).toBe(true);
  });

  it('keeps the riskiest-first list longest', async () => {
    const { text } = await note(smallest + 400);
    expect(text).toContain('1. :no_entry: **protected** `shop-production` · `aws_kms_key.data` — **destroy**');
    expect(text).toMatch(/_…and \d+ more entr(y|ies), left out to fit the note size limit._/);
    // Every per-stack entry went before the first of the list.
    expect(text).not.toContain('— **update in place**');
    const bare = (await note(smallest)).text;
    expect(bare).toContain('_8 entries left out to fit the note size limit._');
  });

  it('refuses a limit too small for the summary, in one line', async () => {
    const { code, text, stderr } = await note(300);
    expect(code).toBe(1);
    expect(text).toBe('');
    expect(stderr).toMatch(/^plan-review: --note-limit: the note limit of 300 characters is too small for the summary alone \(\d+ characters needed\)\nRun with --help for the options.\n$/);
  });
});

describe('diffs kept in memory', () => {
  it('are those of the riskiest changes, a prefix of the ranking, when the cap is small', () => {
    const ctx = newReviewContext(loadRules(), 1500);
    const stacks = (['shop-production', 'shop-test'] as const).map((s) => reviewPlan(s, corpus[s].jsonFile, ctx));
    ctx.retention.trim();
    const withDetail = stacks
      .flatMap((s) => s.resources)
      .filter((r) => r.diff || r.detailDropped)
      .sort(compareRisk);
    const firstDropped = withDetail.findIndex((r) => r.detailDropped);
    expect(firstDropped).toBeGreaterThan(0);
    expect(withDetail.slice(0, firstDropped).every((r) => r.diff)).toBe(true);
    expect(withDetail.slice(firstDropped).every((r) => r.detailDropped && !r.diff)).toBe(true);
    expect(withDetail[0].address).toBe('aws_db_instance.main');
  });
});

describe('fitToLimit', () => {
  const pieces = (): Piece[] => [
    { kind: 'fixed', text: 'HEAD\n' },
    { kind: 'sheddable', versions: ['A-with-a-long-attribute-diff\n', 'A-entry\n', ''], phases: [0, 1, 2], keep: 0, group: 'g' },
    { kind: 'sheddable', versions: ['B-with-a-long-attribute-diff\n', 'B-entry\n', ''], phases: [0, 1, 2], keep: -1, group: 'g' },
    { kind: 'notice', group: 'g', render: (n) => (n ? `${n} left out\n` : '') },
  ];

  it('steps pieces down phase by phase, lowest keep first', () => {
    const full = 'HEAD\nA-with-a-long-attribute-diff\nB-with-a-long-attribute-diff\n';
    expect(fitToLimit(pieces(), full.length)).toBe(full);
    expect(fitToLimit(pieces(), full.length - 1)).toBe('HEAD\nA-with-a-long-attribute-diff\nB-entry\n');
    expect(fitToLimit(pieces(), 41)).toBe('HEAD\nA-entry\nB-entry\n');
    // Dropping B saves 8 characters but its notice costs 11: A has to go as well.
    expect(fitToLimit(pieces(), 20)).toBe('HEAD\n2 left out\n');
    expect(() => fitToLimit(pieces(), 15)).toThrow('the note limit of 15 characters is too small for the summary alone (16 characters needed)');
  });
});
