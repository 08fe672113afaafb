/**
 * The demo: the test environments of both reference apps and the test account's baseline, deployed
 * with the real Terraform and AWS provider into a local AWS emulator, in a few minutes and without an
 * AWS account.
 *
 *   npm run demo            deploy, print the stacks' outputs and where their state and logs are, stop
 *   npm run demo -- --keep  the same, then keep the emulator running (and print its endpoint) until Ctrl-C
 *
 * Everything it does is test-bed/deploy.ts, the same code the end-to-end tests use.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT, WORK_DIR } from '../tooling/terraform-cli';
import { deployEnvironments, Deployment, formatTimings, pruneOldRuns } from './deploy';
import { Emulator, emulatorEnv, logTail, startEmulator } from './emulator';

const USAGE = 'usage: npm run demo [-- --keep]';

function parseArgs(argv: string[]): { keep: boolean } {
  const unknown = argv.filter((a) => a !== '--keep');
  if (unknown.includes('--help') || unknown.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (unknown.length > 0) {
    process.stderr.write(`unknown argument ${unknown[0]}\n${USAGE}\n`);
    process.exit(2);
  }
  return { keep: argv.includes('--keep') };
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

async function printResults(deployment: Deployment, started: number): Promise<void> {
  process.stdout.write(`\nDeployed in ${seconds(started)}. Outputs:\n`);
  for (const stack of Object.values(deployment.stacks)) {
    process.stdout.write(`\n${stack.name} (${stack.resourceCount} resources, from ${stack.source.relativePath})\n`);
    for (const [name, value] of Object.entries(await stack.outputs())) process.stdout.write(`  ${name} = ${JSON.stringify(value)}\n`);
    process.stdout.write(`  state:           ${stack.stateFile}\n  terraform logs:  ${path.join(stack.dir, 'logs')}\n`);
  }
  process.stdout.write(`\nEmulator variants of the environment files: ${deployment.variantsDir}\n`);
  process.stdout.write(`\nSeconds per step:\n${formatTimings(deployment.timings())}\n`);
}

function keepRunning(emulator: Emulator, deployment: Deployment): Promise<void> {
  const env = emulatorEnv(emulator);
  process.stdout.write(
    [
      '',
      `The emulator keeps running at ${emulator.endpoint} (log ${emulator.logFile}) until Ctrl-C.`,
      'Talk to it with any AWS client, e.g.:',
      `  AWS_ENDPOINT_URL=${emulator.endpoint} AWS_ACCESS_KEY_ID=${env.AWS_ACCESS_KEY_ID} AWS_SECRET_ACCESS_KEY=${env.AWS_SECRET_ACCESS_KEY} AWS_REGION=${env.AWS_REGION} aws ecs list-clusters`,
      `The stacks' folders (with their state) are under ${path.join(deployment.outdir, 'stacks')}.`,
      '',
    ].join('\n'),
  );
  return new Promise((resolve) => {
    // A pending promise alone does not keep Node running (the emulator's process is unref'd so tests
    // never hang on it); this timer does, until a signal arrives.
    const alive = setInterval(() => undefined, 60_000);
    const stop = () => {
      clearInterval(alive);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

async function main(): Promise<number> {
  const { keep } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const emulator = await startEmulator();
  process.stdout.write(`AWS emulator at ${emulator.endpoint} (account ${emulator.accountId}), log ${emulator.logFile}\n`);
  try {
    const demosDir = path.join(WORK_DIR, 'demo');
    fs.mkdirSync(demosDir, { recursive: true });
    pruneOldRuns(demosDir, '', 5);
    const workDir = fs.mkdtempSync(path.join(demosDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-`));
    const environmentsDir = path.join(PROJECT_ROOT, 'environments');
    process.stdout.write(`Deploying the test-tier files of ${environmentsDir} into it (a few minutes, mostly the provider's own RDS and ACM waiters)...\n`);
    const deployment = await deployEnvironments({
      environmentsDir,
      emulator,
      workDir,
      log: (line) => process.stdout.write(`  [${seconds(started)}] ${line}\n`),
    });
    await printResults(deployment, started);
    if (keep) await keepRunning(emulator, deployment);
    return 0;
  } catch (err) {
    process.stderr.write(`\nThe demo failed: ${(err as Error).message}\n\nemulator log ${emulator.logFile}:\n${logTail(emulator.logFile, 20)}\n`);
    return 1;
  } finally {
    await emulator.stop();
    process.stdout.write('Emulator stopped.\n');
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
