/**
 * The GitLab terraform report (artifacts:reports:terraform) per stack, and its documented mapping of
 * replace, import, move and forget, checked on the real plans' own changes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Corpus, CORPUS_BUILD_TIMEOUT_MS, ensureCorpus } from '../../test-bed/plan-corpus';
import { runReview } from '../support/review-helpers';
import { tempDir } from '../support/synth-stack';
import { gitlabReport, reportColumn } from '../../plan-review/gitlab-report';
import { reviewPlan } from '../../plan-review/load-plan';
import { loadRules } from '../../plan-review/protected-rules';
import { StackReview, newReviewContext } from '../../plan-review/stack-review';

let corpus: Corpus;
let reviews: Record<keyof Corpus, StackReview>;

beforeAll(async () => {
  corpus = await ensureCorpus();
  const ctx = newReviewContext(loadRules(), 1_000_000);
  reviews = {
    'shop-test': reviewPlan('shop-test', corpus['shop-test'].jsonFile, ctx),
    'shop-production': reviewPlan('shop-production', corpus['shop-production'].jsonFile, ctx),
    'billing-test': reviewPlan('billing-test', corpus['billing-test'].jsonFile, ctx),
    'typechange-test': reviewPlan('typechange-test', corpus['typechange-test'].jsonFile, ctx),
  };
}, CORPUS_BUILD_TIMEOUT_MS);

function columnOf(stack: keyof Corpus, address: string) {
  const r = reviews[stack].resources.find((x) => x.address === address);
  if (!r) throw new Error(`${address} is not in ${stack}`);
  return reportColumn(r.classification);
}

describe('GitLab terraform report', () => {
  it('maps every kind of change as docs/plan-review.md documents', () => {
    expect(columnOf('shop-test', 'aws_kms_key.reports')).toBe('create');
    expect(columnOf('shop-test', 'aws_ssm_parameter.db_password')).toBe('update');
    expect(columnOf('shop-test', 'aws_ssm_parameter.legacy_flag')).toBe('delete');
    // A replacement destroys the old object whichever comes first: counted once, as a delete.
    expect(columnOf('shop-test', 'aws_ssm_parameter.api_name')).toBe('delete');
    expect(columnOf('shop-test', 'aws_security_group.web')).toBe('delete');
    // State-only changes still count, as updates.
    expect(columnOf('shop-test', 'aws_ssm_parameter.adopted')).toBe('update');
    expect(columnOf('shop-test', 'aws_ssm_parameter.renamed')).toBe('update');
    expect(columnOf('shop-test', 'aws_ssm_parameter.handover')).toBe('update');
    // A data source read during apply changes nothing.
    expect(columnOf('shop-test', 'data.aws_iam_policy_document.reports_key_use')).toBeUndefined();
    expect(reportColumn({ kind: 'replace', replaceOrder: 'create-then-forget', imported: false, moved: false, destroys: false })).toBe('create');
  });

  it('writes exactly the three counts GitLab reads, one file per stack', async () => {
    const dir = tempDir('report');
    const run = await runReview([...Object.values(corpus).flatMap((c) => ['--plan', `${c.stack}=${c.jsonFile}`]), '--gitlab-report-dir', dir, '--labels', 'allow-protected-change']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const read = (stack: string) => JSON.parse(fs.readFileSync(path.join(dir, `${stack}.tfreport.json`), 'utf8'));
    // 5 creates; 7 updates (one of them also an import) + a move + a forget; 1 delete + 2 replacements.
    expect(read('shop-test')).toEqual({ create: 5, update: 9, delete: 3 });
    expect(read('shop-production')).toEqual({ create: 0, update: 1, delete: 4 });
    expect(read('billing-test')).toEqual({ create: 0, update: 0, delete: 0 });
    expect(read('typechange-test')).toEqual({ create: 0, update: 5, delete: 0 });
    expect(Object.keys(read('shop-test'))).toEqual(['create', 'update', 'delete']);
    for (const [stack, review] of Object.entries(reviews)) expect(read(stack)).toEqual(gitlabReport(review));
  });
});
