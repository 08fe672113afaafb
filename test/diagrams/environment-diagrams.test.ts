/**
 * The checked-in environment pictures are what `npm run diagram` draws from today's synthesis, and
 * each is valid Mermaid by Mermaid's own parser.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../../config/load-environments';
import { ENVIRONMENT_DOCS_DIR, environmentPages } from '../../diagrams/environment-docs';
import { environmentDiagram } from '../../diagrams/environment-graph';
import { StackDocument } from '../../diagrams/terraform-json';
import { synthesizeEnvironments } from '../../stacks/synthesize';
import { PROJECT_ROOT } from '../../tooling/terraform-cli';
import { mermaidBlocks, mermaidParseErrors } from '../support/mermaid-parser';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'diagrams-'));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

synthesizeEnvironments(loadEnvironments(path.join(PROJECT_ROOT, 'environments')), outdir);
const pages = environmentPages(outdir);
const docsDir = path.join(PROJECT_ROOT, ENVIRONMENT_DOCS_DIR);
const stackDoc = (stack: string) => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as StackDocument;

describe('docs/environments', () => {
  it('has one page per synthesized stack and no other (run `npm run diagram` when this fails)', () => {
    const checkedIn = fs.readdirSync(docsDir).filter((f) => f.endsWith('.md')).sort();
    expect(checkedIn).toEqual([...pages.keys()].map((s) => `${s}.md`).sort());
  });

  it.each([...pages.keys()])('%s is not stale (run `npm run diagram` when this fails)', (stack) => {
    expect(fs.readFileSync(path.join(docsDir, `${stack}.md`), 'utf8')).toBe(pages.get(stack));
  });

  it('every page parses with Mermaid’s own parser', () => {
    const cases = [...pages].flatMap(([stack, page]) => mermaidBlocks(page).map((text) => ({ name: stack, text })));
    expect(cases).toHaveLength(pages.size);
    const errors = mermaidParseErrors(cases);
    expect([...errors].filter(([, e]) => e !== null)).toEqual([]);
  });
});

describe('the pictures show the architecture from the synthesized references', () => {
  const lines = (stack: string) => {
    const { chart } = environmentDiagram(stackDoc(stack));
    const label = new Map(chart.nodes.map((n) => [n.id, n.lines.join(' | ')]));
    return { chart, label, edges: chart.edges.map((e) => `${label.get(e.from)} -> ${label.get(e.to)}`) };
  };

  it('instance app: load balancer → listener → target group → both instances, each in its own zone inside the landing-zone VPC', () => {
    const { chart, edges } = lines('workshop-production');
    expect(edges).toContain('load balancer | load-balancer/alb -> listener | load-balancer/https');
    expect(edges).toContain('listener | load-balancer/https -> target group | load-balancer/target-group-app');
    expect(edges.filter((e) => e.startsWith('target group | load-balancer/target-group-app -> EC2 instance'))).toHaveLength(2);
    const vpc = chart.subgraphs[0].subgraphs.find((s) => s.id === 'vpc')!;
    expect(vpc.title).toMatch(/^landing-zone VPC vpc-/);
    expect(vpc.subgraphs.map((z) => z.title)).toEqual([expect.stringMatching(/^eu-central-1a · subnet-/), expect.stringMatching(/^eu-central-1b · subnet-/)]);
    // Backup protects the instances; patching and the alarm chain to Opsgenie are drawn.
    expect(edges.some((e) => e.startsWith('backup plan') && e.includes('-> backup vault'))).toBe(true);
    expect(edges).toContainEqual(expect.stringMatching(/^\d+ alarms \| .* -> SNS topic \| alarms\/topic$/));
    expect(edges).toContain('SNS topic | alarms/topic -> subscription | alarms/opsgenie');
    expect(chart.nodes.map((n) => n.lines[0])).toEqual(expect.arrayContaining(['patching window', 'patch baseline']));
  });

  it('container app: services behind target groups, the web service reaches the database, the KMS key encrypts the database', () => {
    const { chart, edges } = lines('tma-production');
    expect(edges).toContain('target group | load-balancer/target-group-web -> ECS service | service-web/service');
    expect(edges).toContain('ECS service | service-web/service -> RDS database | database/instance');
    expect(edges).toContain('KMS key | kms/key -> RDS database | database/instance');
    const alarms = chart.nodes.find((n) => /^\d+ alarms$/.test(n.lines[0]))!;
    expect(Number(alarms.lines[0].split(' ')[0])).toBe(Object.keys(stackDoc('tma-production').resource!.aws_cloudwatch_metric_alarm).length);
    expect(chart.nodes.length).toBeLessThanOrEqual(40);
  });

  it('account baseline: the controls are one boundary, Config rules counted', () => {
    const { chart } = lines('baseline-111111111111-eu-central-1');
    const controls = chart.subgraphs[0].subgraphs.find((s) => s.id === 'controls')!;
    const titles = controls.nodes.map((id) => chart.nodes.find((n) => n.id === id)!.lines[0]);
    expect(titles).toEqual(expect.arrayContaining(['CloudTrail trail', 'GuardDuty detector', 'AWS Config recorder', 'password policy']));
    expect(titles).toContainEqual(expect.stringMatching(/^\d+ Config rules$/));
  });
});
