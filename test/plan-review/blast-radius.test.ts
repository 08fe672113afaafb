/**
 * The blast radius: on real plans from the corpus (test-bed/plan-corpus.ts), the replaced database
 * draws the alarm that refers to it; the picture parses with Mermaid's own parser; it sits in the
 * note collapsed and is the first detail the note budget sheds. The configuration reading is checked
 * on the shapes Terraform writes (modules, nested blocks, instance keys).
 */
import * as fs from 'fs';
import * as path from 'path';
import { GOLDEN_DIR } from '../support/review-helpers';
import { Corpus, CORPUS_BUILD_TIMEOUT_MS, ensureCorpus } from '../../test-bed/plan-corpus';
import { blastRadius, configurationAddress, configurationReferences } from '../../plan-review/blast-radius';
import { renderNote } from '../../plan-review/markdown';
import { loadRules } from '../../plan-review/protected-rules';
import { reviewPlan } from '../../plan-review/load-plan';
import { newReviewContext, StackReview } from '../../plan-review/stack-review';
import { evaluateGate } from '../../plan-review/policy-gate';
import { mermaidBlocks, mermaidParseErrors } from '../support/mermaid-parser';

let corpus: Corpus;
const reviews = new Map<string, StackReview>();

beforeAll(async () => {
  corpus = await ensureCorpus();
}, CORPUS_BUILD_TIMEOUT_MS);

function reviewOf(stack: keyof Corpus): StackReview {
  if (!reviews.has(stack)) reviews.set(stack, reviewPlan(stack, corpus[stack].jsonFile, newReviewContext(loadRules(), 1_000_000)));
  return reviews.get(stack)!;
}

describe('reading references from the plan configuration', () => {
  const configuration = {
    root_module: {
      resources: [
        {
          address: 'aws_cloudwatch_metric_alarm.cpu',
          expressions: {
            dimensions: { references: ['aws_db_instance.main.identifier', 'aws_db_instance.main'] },
            alarm_actions: { references: ['var.topic', 'local.x', 'each.value'] },
          },
        },
        {
          address: 'aws_instance.app',
          expressions: { ebs_block_device: [{ kms_key_id: { references: ['aws_kms_key.data.arn', 'aws_kms_key.data'] } }] },
          for_each_expression: { references: ['data.aws_subnets.private.ids', 'data.aws_subnets.private'] },
        },
      ],
      module_calls: {
        net: { module: { resources: [{ address: 'aws_security_group.web', expressions: { vpc_id: { references: ['aws_vpc.main.id', 'aws_vpc.main'] } } }] } },
      },
    },
  };

  it('keeps resource and data source addresses, drops variables and locals, prefixes module resources', () => {
    expect(Object.fromEntries(configurationReferences(configuration))).toEqual({
      'aws_cloudwatch_metric_alarm.cpu': ['aws_db_instance.main'],
      'aws_instance.app': ['aws_kms_key.data', 'data.aws_subnets.private'],
      'module.net.aws_security_group.web': ['module.net.aws_vpc.main'],
    });
  });

  it('ignores what is not a configuration', () => {
    expect(configurationReferences(null).size).toBe(0);
    expect(configurationReferences({ root_module: { resources: [42, { address: 7 }] } }).size).toBe(0);
  });

  it('maps an instance address to its configuration address, keys with brackets and quotes included', () => {
    expect(configurationAddress('aws_instance.app[0]')).toBe('aws_instance.app');
    expect(configurationAddress('module.a["x]y"].aws_s3_bucket.b["k\\"ey"]')).toBe('module.a.aws_s3_bucket.b');
  });
});

describe('the blast radius of real plans', () => {
  it('draws the replaced database with the alarm that refers to it, coloured by action', () => {
    const radius = blastRadius(reviewOf('shop-production'))!;
    expect(radius.destroyed).toEqual(expect.arrayContaining(['aws_db_instance.main', 'aws_kms_key.data']));
    expect(radius.affected).toBe(1);
    const node = (address: string) => radius.mermaid.match(new RegExp(`(n\\d+)\\["${address.replace('.', '\\.')}<br/>`))?.[1];
    const db = node('aws_db_instance.main');
    const alarm = node('aws_cloudwatch_metric_alarm.db_cpu');
    expect(radius.mermaid).toContain(`${db} --> ${alarm}`);
    expect(radius.mermaid).toMatch(new RegExp(`class [n0-9,]*\\b${db}\\b[n0-9,]* replace`));
    expect(radius.mermaid).toMatch(new RegExp(`class [n0-9,]*\\b${alarm}\\b[n0-9,]* unchanged`));
    expect(radius.mermaid).toMatch(/class n\d+ delete/); // the KMS key
  });

  it('every picture in the golden notes parses with Mermaid’s own parser', () => {
    const cases = fs.readdirSync(GOLDEN_DIR).flatMap((f) => mermaidBlocks(fs.readFileSync(path.join(GOLDEN_DIR, f), 'utf8')).map((text, i) => ({ name: `${f} #${i + 1}`, text })));
    expect(cases.length).toBeGreaterThanOrEqual(4); // shop-test, shop-production, and both in all-stacks
    expect([...mermaidParseErrors(cases)].filter(([, e]) => e !== null)).toEqual([]);
  });

  it('is absent for a stack that destroys nothing', () => {
    expect(blastRadius(reviewOf('billing-test'))).toBeUndefined();
  });

  it('parses with Mermaid’s own parser for every corpus stack that has one', () => {
    const cases = (['shop-test', 'shop-production'] as const).map((s) => ({ name: s, text: blastRadius(reviewOf(s))!.mermaid }));
    expect([...mermaidParseErrors(cases)].filter(([, e]) => e !== null)).toEqual([]);
  });

  it('is collapsed in the note and shed before anything else, never the summary', () => {
    const stacks = [reviewOf('shop-production')];
    const gate = evaluateGate(stacks, [], 'allow-protected-change');
    const render = (noteLimit: number) => renderNote(stacks, gate, newReviewContext(loadRules(), 1_000_000).secrets, { noteLimit, marker: 'test' });
    const full = render(1_000_000);
    expect(full).toMatch(/<details><summary>Blast radius: 4 resources destroyed or replaced, 1 other resource referring to them<\/summary>\n\n[^]*```mermaid\n/);
    expect(mermaidBlocks(full)).toHaveLength(1);
    const section = full.slice(full.indexOf('<details><summary>Blast radius'));
    const tight = render(full.length - 1);
    expect(tight).not.toContain('Blast radius');
    // Only the picture went: every attribute diff is still there.
    expect(tight.length).toBe(full.length - section.slice(0, section.indexOf('</details>\n\n') + '</details>\n\n'.length).length);
  });
});
