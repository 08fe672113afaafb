/**
 * Synth benchmark: wall time and peak memory of the main job for 2, 20 and 100 stacks (generated from
 * the tma test environment), side by side in the same run with `cdktf synth` through cdktf-cli on the
 * same app and configs. Peak memory is GNU time's maximum resident set size: that of the largest
 * single process in the tree (cdktf-cli runs the app in a child node process).
 *
 *   npm run bench:synth [-- --sizes 2,20,100] [--skip-cli]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { PROJECT_ROOT, WORK_DIR } from '../tooling/terraform-cli';

interface Measurement {
  tool: string;
  stacks: number;
  seconds: number;
  peakMiB: number;
}

function generateEnvironments(count: number): string {
  const dir = path.join(WORK_DIR, 'bench', `environments-${count}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const template = parse(fs.readFileSync(path.join(PROJECT_ROOT, 'environments/tma/test.yaml'), 'utf8'));
  for (let i = 0; i < count; i++) {
    const app = `app${String(i).padStart(3, '0')}`;
    const tier = i % 2 === 0 ? 'test' : 'production';
    const env = { ...template, app, environment: tier, tier };
    fs.mkdirSync(path.join(dir, app), { recursive: true });
    fs.writeFileSync(path.join(dir, app, `${tier}.yaml`), stringify(env));
  }
  return dir;
}

function measure(tool: string, stacks: number, command: string[], env: NodeJS.ProcessEnv): Measurement {
  const res = spawnSync('/usr/bin/time', ['-f', '%e %M', ...command], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const last = res.stderr.trim().split('\n').pop() ?? '';
  const m = /^([\d.]+) (\d+)$/.exec(last);
  if (res.status !== 0 || !m) throw new Error(`${tool} failed (exit ${res.status}):\n${res.stderr.slice(-2000)}`);
  return { tool, stacks, seconds: Number(m[1]), peakMiB: Number(m[2]) / 1024 };
}

function main(): void {
  const args = process.argv.slice(2);
  const sizesArg = args.indexOf('--sizes');
  const sizes = sizesArg >= 0 ? args[sizesArg + 1].split(',').map(Number) : [2, 20, 100];
  const skipCli = args.includes('--skip-cli');
  const results: Measurement[] = [];
  const tsNode = [process.execPath, require.resolve('ts-node/dist/bin.js'), '--transpile-only'];
  for (const n of sizes) {
    const environments = generateEnvironments(n);
    const out = path.join(WORK_DIR, 'bench', `out-${n}`);
    results.push(measure('main job (npm run synth)', n, [...tsNode, 'main.ts', '--environments', environments, '--out', out], {}));
    if (!skipCli) {
      const cliOut = path.join(WORK_DIR, 'bench', `cli-out-${n}`);
      results.push(
        measure('cdktf synth (cdktf-cli 0.21.0)', n, [process.execPath, require.resolve('cdktf-cli/bundle/bin/cdktf'), 'synth', '--output', cliOut], {
          CDKTF_BLUEPRINTS_ENVIRONMENTS: environments,
          CI: '1',
          CHECKPOINT_DISABLE: '1',
          CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1',
        }),
      );
    }
    process.stderr.write(`measured ${n} stacks\n`);
  }
  const lines = ['| tool | stacks | wall seconds | peak RSS (MiB) |', '|---|---:|---:|---:|'];
  for (const r of results) lines.push(`| ${r.tool} | ${r.stacks} | ${r.seconds.toFixed(2)} | ${r.peakMiB.toFixed(0)} |`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
