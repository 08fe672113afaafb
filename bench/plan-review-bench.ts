/**
 * Plan review benchmark: summarise a ~100 MB plan JSON, scaled up from a real plan of the test corpus,
 * against a plain `JSON.parse` of the same file in the same run. Each side runs in its own node
 * process under GNU time (wall time, peak resident set size); the reviewer runs from a plain
 * JavaScript build so the TypeScript loader is not measured. Goals: time < 2x JSON.parse, peak
 * memory < 3x the file size. Writes the "## Plan review" section of docs/BENCHMARKS.md.
 *
 *   npm run bench:review [-- --megabytes 100] [--runs 3]
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { PROJECT_ROOT, WORK_DIR } from '../tooling/terraform-cli';
import { ensureCorpus } from '../test-bed/plan-corpus';

const BENCH_DIR = path.join(WORK_DIR, 'bench', 'plan-review');
const BENCHMARKS_MD = path.join(PROJECT_ROOT, 'docs', 'BENCHMARKS.md');
const MB = 1024 * 1024;

interface Run {
  seconds: number;
  /** user + system CPU time: steadier than wall time on a shared machine */
  cpuSeconds: number;
  peakMiB: number;
}

type Json = any;

function renamed(address: string, copy: number): string {
  return copy === 0 ? address : `${address}_r${copy}`;
}

function renameAll<T extends Json>(items: T[] | undefined, copy: number, fields: string[]): T[] {
  return (items ?? []).map((item) => {
    const out: Record<string, unknown> = { ...(item as Record<string, unknown>) };
    for (const f of fields) if (typeof out[f] === 'string') out[f] = renamed(out[f] as string, copy);
    return out as T;
  });
}

/** Repeats every resource of the plan (changes, drift, planned values, prior state) under new addresses. */
function scalePlan(plan: Json, copies: number): Json {
  const range = [...Array(copies).keys()];
  const resources = (values: Json) => values?.root_module?.resources;
  const scaled = { ...plan };
  scaled.resource_changes = range.flatMap((k) => renameAll(plan.resource_changes, k, ['address', 'previous_address', 'name']));
  scaled.resource_drift = range.flatMap((k) => renameAll(plan.resource_drift, k, ['address', 'name']));
  scaled.relevant_attributes = range.flatMap((k) => renameAll(plan.relevant_attributes, k, ['resource']));
  scaled.planned_values = { ...plan.planned_values, root_module: { resources: range.flatMap((k) => renameAll(resources(plan.planned_values), k, ['address', 'name'])) } };
  if (plan.prior_state) {
    scaled.prior_state = {
      ...plan.prior_state,
      values: { ...plan.prior_state.values, root_module: { resources: range.flatMap((k) => renameAll(resources(plan.prior_state.values), k, ['address', 'name'])) } },
    };
  }
  return scaled;
}

function scaledPlanFile(source: string, megabytes: number): string {
  const text = fs.readFileSync(source, 'utf8');
  const key = crypto.createHash('sha256').update(text).update(String(megabytes)).digest('hex').slice(0, 12);
  const file = path.join(BENCH_DIR, `plan-${megabytes}mb-${key}.json`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  for (const old of fs.readdirSync(BENCH_DIR)) if (/^plan-\d+mb-/.test(old)) fs.rmSync(path.join(BENCH_DIR, old));
  const plan = JSON.parse(text);
  const one = JSON.stringify(scalePlan(plan, 1)).length;
  const two = JSON.stringify(scalePlan(plan, 2)).length;
  const copies = Math.ceil((megabytes * MB - one) / (two - one)) + 1;
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(scalePlan(plan, copies)));
  fs.renameSync(tmp, file);
  return file;
}

/** Transpiles the reviewer (and the tooling it imports) to plain JavaScript under .work/. */
function buildReviewer(): string {
  const out = path.join(BENCH_DIR, 'dist');
  fs.rmSync(out, { recursive: true, force: true });
  const sources = [
    ...fs.readdirSync(path.join(PROJECT_ROOT, 'plan-review')).filter((f) => f.endsWith('.ts')).map((f) => path.join('plan-review', f)),
    path.join('tooling', 'terraform-cli.ts'),
  ];
  for (const rel of sources) {
    const js = ts.transpileModule(fs.readFileSync(path.join(PROJECT_ROOT, rel), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    const dest = path.join(out, rel.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, js);
  }
  fs.copyFileSync(path.join(PROJECT_ROOT, 'plan-review', 'protected-resources.yaml'), path.join(out, 'plan-review', 'protected-resources.yaml'));
  return path.join(out, 'plan-review', 'cli.js');
}

function timed(command: string[]): Run {
  const res = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...command], { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 64 * MB });
  const last = res.stderr.trim().split('\n').pop() ?? '';
  const m = /^([\d.]+) ([\d.]+) ([\d.]+) (\d+)$/.exec(last);
  if (res.status !== 0 || !m) throw new Error(`${command.join(' ')} failed (exit ${res.status}):\n${res.stderr.slice(-2000)}`);
  return { seconds: Number(m[1]), cpuSeconds: Number(m[2]) + Number(m[3]), peakMiB: Number(m[4]) / 1024 };
}

function median(runs: Run[], key: keyof Run): number {
  const sorted = runs.map((r) => r[key]).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function writeSection(body: string): void {
  const heading = '## Plan review';
  const current = fs.existsSync(BENCHMARKS_MD) ? fs.readFileSync(BENCHMARKS_MD, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(`${heading}\n`);
  let next: string;
  if (start < 0) next = `${current.trimEnd()}\n\n${heading}\n\n${body}`;
  else {
    const rest = current.slice(start + heading.length + 1);
    const end = rest.search(/^## /m);
    next = `${current.slice(0, start)}${heading}\n\n${body}${end < 0 ? '' : `\n${rest.slice(end)}`}`;
  }
  const tmp = `${BENCHMARKS_MD}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${next.trimEnd()}\n`);
  fs.renameSync(tmp, BENCHMARKS_MD);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const megabytes = flag('--megabytes', 100);
  const runs = flag('--runs', 5);

  const corpus = await ensureCorpus({ reuse: true });
  const source = corpus['shop-test'].jsonFile;
  const planFile = scaledPlanFile(source, megabytes);
  const fileMiB = fs.statSync(planFile).size / MB;
  const plan = JSON.parse(fs.readFileSync(planFile, 'utf8'));
  const changes = plan.resource_changes.length;
  const drift = plan.resource_drift?.length ?? 0;
  const cli = buildReviewer();
  const note = path.join(BENCH_DIR, 'note.md');
  const reports = path.join(BENCH_DIR, 'reports');

  const parseScript = `const t=require('fs').readFileSync(process.argv[1],'utf8');const p=JSON.parse(t);if(!p.resource_changes)process.exit(3)`;
  const baseline: Run[] = [];
  const reviewer: Run[] = [];
  for (let i = 0; i < runs; i++) {
    baseline.push(timed([process.execPath, '-e', parseScript, planFile]));
    reviewer.push(timed([process.execPath, cli, '--plan', `bench-production=${planFile}`, '--markdown', note, '--gitlab-report-dir', reports, '--labels', 'allow-protected-change']));
  }
  const noteChars = fs.readFileSync(note, 'utf8').length;
  const summary = (rs: Run[]): Run => ({ seconds: median(rs, 'seconds'), cpuSeconds: median(rs, 'cpuSeconds'), peakMiB: median(rs, 'peakMiB') });
  const b = summary(baseline);
  const r = summary(reviewer);
  const timeRatio = r.seconds / b.seconds;
  const cpuRatio = r.cpuSeconds / b.cpuSeconds;
  const load = os.loadavg()[0];
  const memoryRatio = r.peakMiB / fileMiB;
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

  const body = [
    `Summarising one plan JSON of ${fileMiB.toFixed(1)} MiB (the corpus's \`shop-test\` plan repeated under new addresses: ${changes.toLocaleString('en')} resource changes, ${drift.toLocaleString('en')} drifted objects) with \`npm run bench:review\`; median of ${runs} runs taken in turns, each in its own process, times and peak RSS from GNU time. Node ${process.version}, ${os.cpus().length} cores, load average ${load.toFixed(1)} at the end of the run (other work on the machine stretches wall times; CPU time is steadier).`,
    '',
    '| | wall time | CPU time | peak RSS |',
    '| :-- | --: | --: | --: |',
    `| \`JSON.parse\` of the file (read + parse) | ${b.seconds.toFixed(2)} s | ${b.cpuSeconds.toFixed(2)} s | ${b.peakMiB.toFixed(0)} MiB |`,
    `| plan review (note of ${noteChars.toLocaleString('en')} chars, GitLab report, gate) | ${r.seconds.toFixed(2)} s | ${r.cpuSeconds.toFixed(2)} s | ${r.peakMiB.toFixed(0)} MiB |`,
    '',
    `- Time: ${timeRatio.toFixed(2)}x \`JSON.parse\` in wall time (goal < 2x: ${verdict(timeRatio < 2)}), ${cpuRatio.toFixed(2)}x in CPU time.`,
    `- Memory: peak ${memoryRatio.toFixed(2)}x the file size (goal < 3x: ${verdict(memoryRatio < 3)}); \`JSON.parse\` alone peaks at ${(b.peakMiB / fileMiB).toFixed(2)}x.`,
    '- Why: the reviewer never builds the whole plan. It scans the top-level object in one pass, parses each',
    '  resource change on its own and drops it after summarising, and only validates planned_values,',
    '  prior_state and configuration without materialising them (of configuration it reads only variables,',
    '  outputs and the references between root module resources, for the blast radius); attribute diffs are',
    '  kept only for as many changes as the note can show.',
    '',
  ].join('\n');
  writeSection(body);
  process.stdout.write(`${body}\nWritten to ${path.relative(PROJECT_ROOT, BENCHMARKS_MD)}.\n`);
}

main().catch((err) => {
  process.stderr.write(`bench:review: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
