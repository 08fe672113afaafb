/**
 * Properties of the picture builder over generated inputs (a seeded generator, so a failure
 * reproduces): every resource lands in exactly one node, the node cap holds, the output does not
 * depend on input order, and no name can break Mermaid's syntax — checked by Mermaid's own parser,
 * which is shown to reject a broken diagram.
 */
import { environmentDiagram } from '../../diagrams/environment-graph';
import { groupItems } from '../../diagrams/grouping';
import { mermaidLabel, renderFlowchart } from '../../diagrams/mermaid';
import { StackDocument } from '../../diagrams/terraform-json';
import { mermaidParseErrors } from '../support/mermaid-parser';

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['aws_lb', 'aws_lb_listener', 'aws_instance', 'aws_db_instance', 'aws_cloudwatch_metric_alarm', 'aws_iam_role', 'aws_s3_bucket', 'aws_s3_bucket_policy', 'aws_security_group', 'aws_kms_key', 'aws_sns_topic', 'aws_made_up_thing'];
const NASTY = ['web"]; click n1 "x', 'a[b](c){d}', 'pipe|and#hash;', '<b>bold</b>', 'quote\'s & "double"', 'end', 'subgraph', 'émoji 🚀', '`tick`', '-->', '%%comment'];

/** A stack document with `n` resources of random types, names and references. */
function randomStack(seed: number, n: number): StackDocument {
  const next = random(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  const resource: NonNullable<StackDocument['resource']> = {};
  const addresses: string[] = [];
  for (let i = 0; i < n; i++) {
    const type = pick(TYPES);
    const tfName = `r${i}`;
    const refs = addresses.length ? Array.from({ length: Math.floor(next() * 3) }, () => `\${${pick(addresses)}.arn}`) : [];
    resource[type] = resource[type] ?? {};
    resource[type][tfName] = { '//': { metadata: { path: `stack/app/${pick(NASTY)}/${pick(NASTY)}` } }, refs, vpc_id: next() < 0.3 ? 'vpc-1' : undefined, subnet_id: next() < 0.2 ? pick(['subnet-a', 'subnet-"b"']) : undefined };
    addresses.push(`${type}.${tfName}`);
  }
  return { resource, provider: { aws: [{ region: 'eu-central-1', allowed_account_ids: ['123456789012'] }] } };
}

describe('Mermaid’s parser as the judge', () => {
  it('rejects a deliberately broken diagram, so a syntax error fails the tests', () => {
    const errors = mermaidParseErrors([
      { name: 'unclosed label', text: 'flowchart LR\n  a["open label --> b\n' },
      { name: 'valid', text: 'flowchart LR\n  a["x"] --> b["y"]\n' },
    ]);
    expect(errors.get('unclosed label')).toMatch(/Parse error|Lexical error/);
    expect(errors.get('valid')).toBeNull();
  });
});

describe('labels', () => {
  it.each(NASTY)('%s keeps no character that Mermaid reads as syntax', (name) => {
    expect(mermaidLabel(name)).toMatch(/^[A-Za-z0-9 .,:/_+=@*#;-]*$/);
  });

  it('names with quotes, brackets, pipes and keywords parse in every generated stack', () => {
    const cases = Array.from({ length: 12 }, (_, seed) => ({ name: `seed ${seed}`, text: renderFlowchart(environmentDiagram(randomStack(seed, 20 + seed * 5)).chart) }));
    const errors = mermaidParseErrors(cases);
    expect([...errors].filter(([, e]) => e !== null)).toEqual([]);
  });
});

describe('grouping', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: each item in exactly one group, within the cap, independent of input order', (seed) => {
    const next = random(seed);
    const cap = 12 + Math.floor(next() * 40);
    const items = Array.from({ length: 10 + Math.floor(next() * 200) }, (_, i) => ({ key: `k${String(i).padStart(4, '0')}`, type: TYPES[Math.floor(next() * TYPES.length)], own: next() < 0.6 }));
    const groups = groupItems(items, cap);
    expect(groups.length).toBeLessThanOrEqual(cap);
    expect(groups.flatMap((g) => g.members.map((m) => m.key)).sort()).toEqual(items.map((i) => i.key).sort());
    const shuffled = [...items].sort(() => next() - 0.5);
    expect(groupItems(shuffled, cap)).toEqual(groups);
  });

  it('counts kinds that matter as a number, and leaves a single one as itself', () => {
    const groups = groupItems([
      { key: 'a1', type: 'aws_cloudwatch_metric_alarm', own: false },
      { key: 'a2', type: 'aws_cloudwatch_metric_alarm', own: false },
      { key: 'r1', type: 'aws_iam_role', own: false },
      { key: 'lb', type: 'aws_lb', own: true },
    ]);
    expect(groups.map((g) => [g.type, g.members.length, g.counted])).toEqual([
      ['aws_cloudwatch_metric_alarm', 2, true],
      ['aws_iam_role', 1, false],
      ['aws_lb', 1, false],
    ]);
  });

  it('a stack of 150 resources of 12 kinds is drawn in at most 40 nodes, the same every time', () => {
    const doc = randomStack(99, 150);
    const first = renderFlowchart(environmentDiagram(doc).chart);
    expect(environmentDiagram(doc).chart.nodes.length).toBeLessThanOrEqual(40);
    expect(renderFlowchart(environmentDiagram(JSON.parse(JSON.stringify(doc))).chart)).toBe(first);
  });
});
