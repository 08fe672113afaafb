/**
 * Import benchmark: bring about N emulator resources under Terraform state three ways, side by side in
 * one run on one emulator:
 *   1. `npm run import -- onboard` end to end (discover + generate + synth + init + plan), one process;
 *   2. one `terraform import ADDRESS ID` per resource, the way users do it without this tool. At
 *      ~6 s each, 1,000 of them take about 1.5 h, so a fixed random sample (seeded) is timed and the
 *      mean is extrapolated to every resource: the output says so;
 *   3. a single `terraform plan` with hand-written import blocks: the same configuration onboard
 *      generated (import blocks and resource blocks), written by hand in this scenario, so only
 *      terraform's own time counts (init timed apart).
 * Then a profile of onboard's phases in this process (discovery, manifest, code generation,
 * synthesis, init, plan, show) and the API calls discovery makes per discovered resource, by
 * operation: a listing per type and page is the goal, not one call per resource.
 *
 *   npm run bench:import [-- --resources 1000] [--sample 25] [--seed 13]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { discover } from '../terraform-import/discovery/discover';
import { generateStack, toolkitRootFor } from '../terraform-import/generate/generate-stack';
import { buildManifest, Manifest, readManifest, writeManifest } from '../terraform-import/manifest/manifest';
import { prepareTerraformDir, summarizePlan, synthesize } from '../terraform-import/verify/verify';
import { EMULATOR_REGION, emulatorEnv, startEmulator } from '../test-bed/emulator';
import { PROJECT_ROOT, runTerraform, WORK_DIR } from '../tooling/terraform-cli';
import { accountMix, buildImportAccount } from './import-account';

interface Options {
  resources: number;
  sample: number;
  seed: number;
}

function parseOptions(argv: string[]): Options {
  const opts: Options = { resources: 1000, sample: 25, seed: 13 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const n = Number(value);
    const key = ({ '--resources': 'resources', '--sample': 'sample', '--seed': 'seed' } as const)[flag as '--resources'];
    if (!key || !Number.isInteger(n) || n < 1) {
      process.stderr.write(`bench:import: expected --resources N, --sample N or --seed N (positive integers), found "${flag} ${value ?? ''}"\n`);
      process.exit(2);
    }
    opts[key] = n;
  }
  return opts;
}

/**
 * CPU seconds of this process and of every child it waited for (terraform, its provider plugin, the
 * onboard process): steadier than wall time on a shared machine, where other work stretches waits.
 */
function cpuSeconds(): number {
  const own = process.cpuUsage();
  // /proc/self/stat fields 16 and 17: cutime and cstime of waited-for children, in clock ticks
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  const ticks = Number(fields[13]) + Number(fields[14]);
  return (own.user + own.system) / 1e6 + ticks / 100;
}

/** The value, wall seconds and CPU seconds of fn. */
async function timed<T>(fn: () => T | Promise<T>): Promise<[T, number, number]> {
  const [start, cpuStart] = [process.hrtime.bigint(), cpuSeconds()];
  const value = await fn();
  return [value, Number(process.hrtime.bigint() - start) / 1e9, cpuSeconds() - cpuStart];
}

function terraform(dir: string, args: string[]): string {
  const res = runTerraform(dir, args, {}, 60 * 60_000);
  if (res.status !== 0) throw new Error(`terraform ${args.join(' ')} failed in ${dir}:\n${(res.stderr || res.stdout).slice(-3000)}`);
  return res.stdout;
}

/** mulberry32: the same sample for the same seed on every machine. */
function seededShuffle<T>(items: T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function load(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' / ');
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const root = path.join(WORK_DIR, 'bench', `import-${opts.resources}`);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  const loadAtStart = load();

  const emulator = await startEmulator();
  const env = emulatorEnv(emulator);
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    const mix = accountMix(opts.resources);
    const [, buildSeconds] = await timed(() => buildImportAccount(emulator, mix));
    log(`built the account in ${buildSeconds.toFixed(1)} s: ${JSON.stringify(mix)}`);

    // 1. onboard, end to end, as users run it
    const onboardDir = path.join(root, 'onboard');
    const tsNode = [require.resolve('ts-node/dist/bin.js'), '--transpile-only'];
    const [onboard, onboardSeconds, onboardSecondsCpu] = await timed(() =>
      spawnSync(process.execPath, [...tsNode, path.join(PROJECT_ROOT, 'terraform-import/cli.ts'), 'onboard', '--region', EMULATOR_REGION, '--out', onboardDir], {
        cwd: PROJECT_ROOT,
        env: process.env,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      }),
    );
    if (onboard.status !== 0) throw new Error(`onboard failed (exit ${onboard.status}):\n${(onboard.stdout + onboard.stderr).slice(-3000)}`);
    const summaryLine = /^\d+ to import, 0 to add, 0 to change, 0 to destroy$/m.exec(onboard.stdout)?.[0];
    if (!summaryLine) throw new Error(`onboard did not plan imports only:\n${onboard.stdout.slice(-3000)}`);
    const manifest: Manifest = readManifest(path.join(onboardDir, 'manifest.yaml'));
    const imported = manifest.entries.filter((e) => e.decision === 'import' && !e.resource.declareOnly);
    log(`onboard: ${summaryLine} in ${onboardSeconds.toFixed(1)} s`);

    // profile: the same phases in this process, timed one by one
    const profileDir = path.join(root, 'profile');
    const [discovery, discoverSeconds, discoverSecondsCpu] = await timed(() => discover({ region: EMULATOR_REGION }));
    const [built, manifestSeconds, manifestSecondsCpu] = await timed(() => {
      const m = buildManifest(EMULATOR_REGION, discovery.resources, {});
      writeManifest(path.join(profileDir, 'manifest.yaml'), m);
      return m;
    });
    // as onboard does: from the manifest it just wrote, without parsing the file again
    const [, generateSeconds, generateSecondsCpu] = await timed(() => {
      const files = generateStack(built, { toolkitRoot: toolkitRootFor(profileDir) });
      for (const [f, c] of Object.entries(files)) fs.writeFileSync(path.join(profileDir, f), c);
    });
    const [stackJson, synthSeconds, synthSecondsCpu] = await timed(() => synthesize(profileDir));
    const tfDir = prepareTerraformDir(profileDir, stackJson);
    const [, initSeconds, initSecondsCpu] = await timed(() => terraform(tfDir, ['init', '-input=false']));
    const [, planSeconds, planSecondsCpu] = await timed(() => terraform(tfDir, ['plan', '-input=false', '-out=plan.tfplan']));
    const [planJson, showSeconds, showSecondsCpu] = await timed(() => terraform(tfDir, ['show', '-json', 'plan.tfplan']));
    const profiled = summarizePlan(JSON.parse(planJson));
    log(`profile: ${profiled.toImport} imports planned`);

    // 3. a single plan with hand-written import blocks (the configuration onboard wrote)
    const handDir = path.join(root, 'hand-written');
    fs.mkdirSync(handDir, { recursive: true });
    // each way keeps its own state in its own folder
    const config = JSON.parse(fs.readFileSync(path.join(onboardDir, 'terraform', 'cdk.tf.json'), 'utf8')) as { terraform?: { backend?: unknown }; import?: unknown };
    delete config.terraform?.backend;
    fs.writeFileSync(path.join(handDir, 'main.tf.json'), JSON.stringify(config, null, 1));
    const [, handInitSeconds] = await timed(() => terraform(handDir, ['init', '-input=false']));
    const [handPlan, handPlanSeconds, handPlanSecondsCpu] = await timed(() => terraform(handDir, ['plan', '-input=false']));
    const handSummary = /Plan: (\d+) to import, (\d+) to add, (\d+) to change, (\d+) to destroy/.exec(handPlan)?.[0] ?? '(no plan line)';
    log(`hand-written import blocks: ${handSummary} in ${handPlanSeconds.toFixed(1)} s`);

    // 2. one terraform import per resource, on a fixed random sample, into one shared state
    const importDir = path.join(root, 'per-resource');
    fs.mkdirSync(importDir, { recursive: true });
    const withoutImportBlocks = { ...config, import: undefined };
    fs.writeFileSync(path.join(importDir, 'main.tf.json'), JSON.stringify(withoutImportBlocks, null, 1));
    terraform(importDir, ['init', '-input=false']);
    const sample = seededShuffle(imported, opts.seed).slice(0, Math.min(opts.sample, imported.length));
    const importSeconds: number[] = [];
    const importCpu: number[] = [];
    for (const e of sample) {
      const [, s, c] = await timed(() => terraform(importDir, ['import', '-input=false', e.address, e.importId]));
      importSeconds.push(s);
      importCpu.push(c);
    }
    const meanImport = importSeconds.reduce((a, b) => a + b, 0) / importSeconds.length;
    const perResourceSeconds = meanImport * imported.length;
    log(`terraform import: ${sample.length} sampled, mean ${meanImport.toFixed(2)} s`);

    // API calls per discovered resource, by operation
    const byOperation = new Map<string, number>();
    for (const c of discovery.calls) byOperation.set(`${c.service}:${c.operation}`, (byOperation.get(`${c.service}:${c.operation}`) ?? 0) + 1);
    const found = discovery.resources.length;

    const md: string[] = [];
    md.push(`Import benchmark: ${imported.length} resources imported (${manifest.entries.length} discovered, ${found} in the profile run), account built in ${buildSeconds.toFixed(0)} s.`);
    md.push(`Node ${process.version}, ${os.cpus().length} cores; load average (1/5/15 min) ${loadAtStart} at the start, ${load()} at the end.`);
    md.push('');
    const meanImportCpu = importCpu.reduce((a, b) => a + b, 0) / importCpu.length;
    md.push('| way | wall seconds | CPU seconds | vs onboard (wall) |');
    md.push('|---|---:|---:|---:|');
    md.push(`| \`onboard\` end to end (discover, generate, synth, init, plan, show) | ${onboardSeconds.toFixed(1)} | ${onboardSecondsCpu.toFixed(1)} | 1.0× |`);
    md.push(
      `| one \`terraform import\` per resource: ${sample.length} sampled (seed ${opts.seed}), mean ${meanImport.toFixed(2)} s (CPU ${meanImportCpu.toFixed(2)} s) × ${imported.length}, **extrapolated** | ${perResourceSeconds.toFixed(0)} | ${(meanImportCpu * imported.length).toFixed(0)} | ${(perResourceSeconds / onboardSeconds).toFixed(1)}× slower |`,
    );
    md.push(`| a single \`terraform plan\` with hand-written import blocks (init apart: ${handInitSeconds.toFixed(1)} s) | ${handPlanSeconds.toFixed(1)} | ${handPlanSecondsCpu.toFixed(1)} | onboard takes ${(onboardSeconds / handPlanSeconds).toFixed(2)}× |`);
    md.push('');
    md.push(`Goals: ≥ 20× faster than per-resource import: ${(perResourceSeconds / onboardSeconds).toFixed(1)}× (${perResourceSeconds / onboardSeconds >= 20 ? 'met' : 'NOT met'}); within 1.5× of the hand-written plan: ${(onboardSeconds / handPlanSeconds).toFixed(2)}× (${onboardSeconds / handPlanSeconds <= 1.5 ? 'met' : 'NOT met'}).`);
    // on a shared machine waiting for a core stretches wall time; CPU seconds much less so
    md.push(`Onboard vs the hand-written plan on CPU seconds: ${(onboardSecondsCpu / handPlanSecondsCpu).toFixed(2)}×; counting the hand-written way's init: ${(onboardSeconds / (handPlanSeconds + handInitSeconds)).toFixed(2)}× (wall).`);
    md.push('');
    md.push('Profile of onboard\'s phases (this process, same account, one after the other; onboard runs init during synthesis):');
    md.push('');
    md.push('| phase | wall seconds | CPU seconds |');
    md.push('|---|---:|---:|');
    for (const [phase, s, c] of [
      ['discovery (SDK calls)', discoverSeconds, discoverSecondsCpu],
      ['manifest (decide, write YAML)', manifestSeconds, manifestSecondsCpu],
      ['code generation', generateSeconds, generateSecondsCpu],
      ['synthesis of the generated stack (transpile here, then a node child)', synthSeconds, synthSecondsCpu],
      ['terraform init', initSeconds, initSecondsCpu],
      ['terraform plan', planSeconds, planSecondsCpu],
      ['terraform show -json', showSeconds, showSecondsCpu],
    ] as const) md.push(`| ${phase} | ${s.toFixed(1)} | ${c.toFixed(1)} |`);
    const phasesSeconds = discoverSeconds + manifestSeconds + generateSeconds + synthSeconds + initSeconds + planSeconds + showSeconds;
    md.push(`| the rest of onboard end to end: process start (loading the CLI's modules) and what overlapping saves | ${(onboardSeconds - phasesSeconds).toFixed(1)} | ${(onboardSecondsCpu - (discoverSecondsCpu + manifestSecondsCpu + generateSecondsCpu + synthSecondsCpu + initSecondsCpu + planSecondsCpu + showSecondsCpu)).toFixed(1)} |`);
    md.push('');
    md.push(`API calls: ${discovery.calls.length} for ${found} discovered resources = ${(discovery.calls.length / found).toFixed(3)} per resource. By operation (calls; a listing is one call per page):`);
    md.push('');
    md.push('| operation | calls |');
    md.push('|---|---:|');
    for (const [op, n] of [...byOperation.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) md.push(`| ${op} | ${n} |`);
    const text = md.join('\n') + '\n';
    fs.writeFileSync(path.join(root, 'results.md'), text);
    process.stdout.write(text);
  } finally {
    await emulator.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`bench:import: ${(err as Error).message}\n`);
  process.exit(1);
});
