/**
 * Builds the corpus of real plans: each stack's first configuration is applied to the AWS emulator,
 * some things are then changed behind Terraform's back, and the second configuration is planned with
 * the real provider. The binary plan and its `terraform show -json` land in .work/plan-corpus/<stack>/.
 *
 * The corpus is built once per test process (jest --runInBand runs every test file in one process)
 * and shared by the test files through a stamp file; a lock keeps two processes from building it at once.
 * Used by the plan-review tests (test/plan-review/) and the reviewer's benchmark (bench/plan-review-bench.ts).
 */
import { RDSClient, CreateDBInstanceCommand } from '@aws-sdk/client-rds';
import { AddTagsToResourceCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { withDirectoryLock } from '../tooling/directory-lock';
import { WORK_DIR, initWithoutBackend, runTerraform, terraformOrThrow, terraformVersion } from '../tooling/terraform-cli';
import { Emulator, emulatorEnv, sdkConfig, startEmulator } from './emulator';
import { testRun } from './test-run';
import {
  CORPUS_SECRETS,
  RDS_IDENTIFIER,
  SHOP_TEST_STATE_RM,
  TfJson,
  billingTestStage,
  shopProductionStage1,
  shopProductionStage2,
  shopTestStage1,
  shopTestStage2,
  typeChangeStage,
} from './corpus-stacks';

export const CORPUS_DIR = path.join(WORK_DIR, 'plan-corpus');
const STAMP = path.join(CORPUS_DIR, 'corpus.stamp');
const LOCK = path.join(WORK_DIR, 'plan-corpus.lock');
/**
 * Covers the emulator start, four applies (one EC2 instance) and four plans: about 2.5 minutes alone,
 * twice that and more while the end-to-end deploy and other engineers' runs share the two cores.
 */
export const CORPUS_BUILD_TIMEOUT_MS = 10 * 60_000;

export const CORPUS_STACKS = ['shop-test', 'shop-production', 'billing-test', 'typechange-test'] as const;
export type CorpusStackName = (typeof CORPUS_STACKS)[number];

export interface CorpusPlan {
  stack: CorpusStackName;
  /** The initialised Terraform working directory. */
  dir: string;
  /** terraform plan -out */
  planFile: string;
  /** terraform show -json of planFile */
  jsonFile: string;
}

export type Corpus = Record<CorpusStackName, CorpusPlan>;

interface StackRecipe {
  stage1: TfJson;
  stage2: TfJson;
  beforeApply?(e: Emulator): Promise<void>;
  afterApply?(e: Emulator, dir: string): Promise<void>;
}

const RECIPES: Record<CorpusStackName, StackRecipe> = {
  'shop-test': {
    stage1: shopTestStage1(),
    stage2: shopTestStage2(),
    async afterApply(e, dir) {
      const ssm = new SSMClient(sdkConfig(e));
      // Changed by hand, read by another resource: drift that matters to the plan.
      await ssm.send(new PutParameterCommand({ Name: '/shop-test/endpoint', Value: 'https://api-v2.shop.internal', Type: 'String', Overwrite: true }));
      // Tagged by hand: drift the plan simply reverts.
      await ssm.send(new AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: '/shop-test/cache-ttl', Tags: [{ Key: 'ManualEdit', Value: 'yes' }] }));
      for (const address of SHOP_TEST_STATE_RM) terraformOrThrow(dir, ['state', 'rm', address], emulatorEnv(e));
    },
  },
  'shop-production': {
    stage1: shopProductionStage1(),
    stage2: shopProductionStage2(),
    async beforeApply(e) {
      // Created through the API and imported: the provider's create waiters alone take 80 s.
      await new RDSClient(sdkConfig(e)).send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: RDS_IDENTIFIER,
          Engine: 'postgres',
          DBInstanceClass: 'db.t3.micro',
          AllocatedStorage: 20,
          MasterUsername: 'shop',
          MasterUserPassword: CORPUS_SECRETS.rdsPassword,
          StorageEncrypted: true,
        }),
      );
    },
  },
  'billing-test': { stage1: billingTestStage(), stage2: billingTestStage() },
  'typechange-test': { stage1: typeChangeStage(1), stage2: typeChangeStage(2) },
};

function corpusHash(): string {
  const h = crypto.createHash('sha256');
  h.update(terraformVersion());
  h.update(JSON.stringify(RECIPES));
  for (const f of ['corpus-stacks.ts', 'plan-corpus.ts']) h.update(fs.readFileSync(path.join(__dirname, f)));
  return h.digest('hex');
}

function corpusPaths(): Corpus {
  const entries = CORPUS_STACKS.map((stack) => {
    const dir = path.join(CORPUS_DIR, stack);
    return [stack, { stack, dir, planFile: path.join(dir, 'plan.tfplan'), jsonFile: path.join(CORPUS_DIR, `${stack}.plan.json`) }] as const;
  });
  return Object.fromEntries(entries) as Corpus;
}

function writeJson(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

/** Transport errors between the provider and the emulator's threaded HTTP server, seen now and then. */
const TRANSIENT = /use of closed network connection|connection reset by peer|unexpected EOF|i\/o timeout/;

/**
 * Applies and plans are retried on a transport error only: a second apply carries on from the state
 * the first one wrote, so nothing is created twice.
 */
function terraformRetrying(dir: string, args: string[], env: NodeJS.ProcessEnv): void {
  for (let attempt = 1; ; attempt++) {
    const res = runTerraform(dir, args, env);
    if (res.status === 0) return;
    if (attempt >= 3 || !TRANSIENT.test(res.stderr)) {
      throw new Error(`terraform ${args.join(' ')} failed in ${dir} (exit ${res.status}):\n${res.stderr}\n${res.stdout.slice(-4000)}`);
    }
  }
}

async function buildStack(plan: CorpusPlan, recipe: StackRecipe, e: Emulator): Promise<void> {
  fs.rmSync(plan.dir, { recursive: true, force: true });
  fs.mkdirSync(plan.dir, { recursive: true });
  const env = emulatorEnv(e);
  const config = path.join(plan.dir, 'main.tf.json');
  writeJson(config, recipe.stage1);
  initWithoutBackend(plan.dir);
  await recipe.beforeApply?.(e);
  terraformRetrying(plan.dir, ['apply', '-auto-approve', '-input=false'], env);
  await recipe.afterApply?.(e, plan.dir);
  writeJson(config, recipe.stage2);
  terraformRetrying(plan.dir, ['plan', '-input=false', '-out=plan.tfplan'], env);
  const json = terraformOrThrow(plan.dir, ['show', '-json', 'plan.tfplan']);
  const tmp = `${plan.jsonFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, json);
  fs.renameSync(tmp, plan.jsonFile);
}

function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const timeout = () => new Error(`another process has been building the plan corpus for too long (lock ${LOCK})`);
  return withDirectoryLock(LOCK, CORPUS_BUILD_TIMEOUT_MS, timeout, fn);
}

/**
 * The corpus, built once per test run (`testRun()`: all jest workers of one `npm test` share it, and a
 * worker rebuilding it would delete plans another one is reading). With `reuse`, any complete corpus of
 * the same recipes is accepted, whoever built it (the benchmark only needs one real plan to scale up).
 */
export async function ensureCorpus(opts: { reuse?: boolean } = {}): Promise<Corpus> {
  // PLAN_CORPUS_REUSE=1: while working on the reviewer, skip the rebuild (about 3 minutes) per jest run.
  if (opts.reuse === undefined && process.env.PLAN_CORPUS_REUSE === '1') opts = { ...opts, reuse: true };
  const paths = corpusPaths();
  const hash = corpusHash();
  const current = () => {
    try {
      const stamp = JSON.parse(fs.readFileSync(STAMP, 'utf8')) as { hash: string; run: string };
      return stamp.hash === hash && (opts.reuse || stamp.run === testRun()) && Object.values(paths).every((p) => fs.existsSync(p.jsonFile) && fs.existsSync(p.planFile));
    } catch {
      return false;
    }
  };
  if (current()) return paths;
  return withLock(async () => {
    if (current()) return paths;
    fs.rmSync(STAMP, { force: true });
    const e = await startEmulator();
    try {
      for (const stack of CORPUS_STACKS) await buildStack(paths[stack], RECIPES[stack], e);
    } finally {
      await e.stop();
    }
    writeJson(STAMP, { hash, run: testRun() });
    return paths;
  });
}
