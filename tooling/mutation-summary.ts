/**
 * Summarises a StrykerJS JSON report (mutation-testing-elements schema) as Markdown: the score per file
 * and every surviving (or uncovered) mutant with its location and replacement, for docs/MUTATION.md.
 *
 *   npx ts-node --transpile-only tooling/mutation-summary.ts [.work/stryker/report.json]
 */
import * as fs from 'fs';

interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number } };
}
interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

const DETECTED = ['Killed', 'Timeout'];
const UNDETECTED = ['Survived', 'NoCoverage'];

export function summarise(report: Report): string {
  const rows: string[] = ['| file | mutants | killed | survived | no coverage | compile errors | score (of valid) |', '|---|---:|---:|---:|---:|---:|---:|'];
  const survivors: string[] = [];
  let detected = 0;
  let undetected = 0;
  for (const [file, { source, mutants }] of Object.entries(report.files).sort()) {
    const count = (statuses: string[]) => mutants.filter((m) => statuses.includes(m.status)).length;
    const d = count(DETECTED);
    const u = count(UNDETECTED);
    detected += d;
    undetected += u;
    const score = d + u === 0 ? 'n/a' : `${((100 * d) / (d + u)).toFixed(1)} %`;
    rows.push(`| \`${file}\` | ${mutants.length} | ${d} | ${count(['Survived'])} | ${count(['NoCoverage'])} | ${count(['CompileError'])} | ${score} |`);
    const lines = source.split('\n');
    for (const m of mutants.filter((x) => UNDETECTED.includes(x.status))) {
      const line = lines[m.location.start.line - 1]?.trim() ?? '';
      survivors.push(`| \`${file}:${m.location.start.line}\` | ${m.status} | ${m.mutatorName} | \`${oneLine(line)}\` → \`${oneLine(m.replacement ?? '')}\` |`);
    }
  }
  const total = detected + undetected;
  return [
    `Score: ${total === 0 ? 'n/a' : ((100 * detected) / total).toFixed(1)} % (${detected} detected of ${total} valid mutants).`,
    '',
    ...rows,
    '',
    '| where | status | mutator | original → mutant |',
    '|---|---|---|---|',
    ...survivors,
  ].join('\n');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  return flat.length > 90 ? `${flat.slice(0, 87)}...` : flat;
}

if (require.main === module) {
  const file = process.argv[2] ?? '.work/stryker/report.json';
  process.stdout.write(`${summarise(JSON.parse(fs.readFileSync(file, 'utf8')) as Report)}\n`);
}
