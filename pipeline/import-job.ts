/**
 * The manual `import` job: onboards an existing account with the terraform-import tool, the same steps
 * as `npm run import -- onboard` (discover → generate → verify) into `onboarding/<account>-<region>/`,
 * which the job keeps as its artifact for someone to commit in a merge request. Started from the
 * pipeline page with these variables:
 *
 *   IMPORT_REGION            the region to discover (required)
 *   IMPORT_ACCOUNT           the account (12 digits); its role comes from AWS_PLAN_ROLE_ARN_<account>
 *                            (else AWS_DEPLOY_ROLE_ARN_<account>); required with OIDC. The job checks
 *                            that the credentials are that account's before it discovers anything.
 *   IMPORT_SCOPE             scope options of `npm run import -- onboard` (--vpc, --tag, --types, --ids,
 *                            --attached-to), e.g. `--vpc vpc-0abc --tag App=legacy`; empty: the region
 *   IMPORT_LANDING_ZONE_TAG  K=V (several comma-separated): resources the landing zone owns, referenced
 *                            with data sources, never imported
 *
 * The job fails (exit 1) with one line saying why when the scope holds nothing to import, when a
 * resource could not be read, or when the plan is anything but imports (an add, a change or a destroy):
 * the generated code would then not adopt the account as it is.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../tooling/terraform-cli';
import { OIDC_TOKEN_VARIABLE, jobCredentials } from './aws-credentials';
import { required } from './ci-env';
import { PipelineError } from './errors';
import { terraformJobEnv } from './terraform';

export const ONBOARDING_DIR = 'onboarding';

/*
 * The import tool's files in its output folder (terraform-import/cli-args.ts documents them). The job
 * runs the tool as `npm run import` does, in a child process: terraform-import imports from pipeline/
 * (GitLab-managed state), so pipeline/ must not import from it.
 */
export const MANIFEST_FILE = 'manifest.yaml';
const PLAN_JSON = 'plan.json';
const PLAN_SUMMARY = 'plan-summary.txt';
/** verify's Terraform working folder and the generated app's synthesis: working files, not the onboarding. */
const WORKING_FOLDERS = ['terraform', 'cdktf.out'];

/** The options of `import onboard` that choose what is discovered; anything else in IMPORT_SCOPE is refused. */
const SCOPE_OPTIONS = ['--vpc', '--tag', '--types', '--ids', '--attached-to'];

export interface ImportRequest {
  region: string;
  account?: string;
  scope: string[];
  landingZone: string[];
}

/** Reads and checks the job's variables; every problem is named with the variable to fix. */
export function importRequest(env: NodeJS.ProcessEnv): ImportRequest {
  const region = required(env, 'IMPORT_REGION', 'the region to onboard, e.g. eu-central-1; give it when starting the manual import job');
  const account = env.IMPORT_ACCOUNT?.trim() || undefined;
  if (account !== undefined && !/^\d{12}$/.test(account)) throw new PipelineError(`IMPORT_ACCOUNT: expected a 12-digit AWS account ID, found "${account}"`);
  if (env[OIDC_TOKEN_VARIABLE] && !account) {
    throw new PipelineError('the CI/CD variable IMPORT_ACCOUNT is not set (the account to onboard: its role is AWS_PLAN_ROLE_ARN_<account> or AWS_DEPLOY_ROLE_ARN_<account>)');
  }
  const words = (env.IMPORT_SCOPE ?? '').split(/\s+/).filter(Boolean);
  const scope: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const option = words[i];
    if (!SCOPE_OPTIONS.includes(option)) {
      throw new PipelineError(`IMPORT_SCOPE: "${option}" is not a scope option; expected pairs of ${SCOPE_OPTIONS.join(', ')} and a value (npm run import -- onboard --help)`);
    }
    const value = words[i + 1];
    if (value === undefined || value.startsWith('--')) throw new PipelineError(`IMPORT_SCOPE: ${option} needs a value`);
    scope.push(option, value);
    i++;
  }
  const landingZone = (env.IMPORT_LANDING_ZONE_TAG ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .flatMap((tag) => {
      if (!/^[^=]+=.*$/.test(tag)) throw new PipelineError(`IMPORT_LANDING_ZONE_TAG: expected K=V (several comma-separated), found "${tag}"`);
      return ['--landing-zone-tag', tag];
    });
  return { region, account, scope, landingZone };
}

/** The import CLI's role for the account: read-only work (discovery, a plan), so the plan role if there is one. */
function importCredentials(account: string | undefined, env: NodeJS.ProcessEnv) {
  const role = account ? (env[`AWS_PLAN_ROLE_ARN_${account}`] ?? env[`AWS_DEPLOY_ROLE_ARN_${account}`]) : undefined;
  if (env[OIDC_TOKEN_VARIABLE] && !role) {
    throw new PipelineError(`no role for account ${account}: set the CI/CD variable AWS_PLAN_ROLE_ARN_${account} (read-only is enough) or AWS_DEPLOY_ROLE_ARN_${account}`);
  }
  // The import tool reads the environment only (no synthesized provider block of ours): the role goes there.
  return jobCredentials({ name: `import ${account ?? ''}`.trim(), account: account ?? '', sourceFile: 'the import job' }, 'deploy', { ...env, [`AWS_DEPLOY_ROLE_ARN_${account}`]: role });
}

/** Sets (or, for undefined values, removes) variables of this process while `work` runs: the SDK reads process.env. */
async function withProcessEnv<T>(vars: NodeJS.ProcessEnv, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (v: NodeJS.ProcessEnv) => {
    for (const [k, value] of Object.entries(v)) {
      if (value === undefined) delete process.env[k];
      else process.env[k] = value;
    }
  };
  apply(vars);
  try {
    return await work();
  } finally {
    apply(saved);
  }
}

async function callerAccount(region: string): Promise<string> {
  try {
    const identity = await new STSClient({ region }).send(new GetCallerIdentityCommand({}));
    return identity.Account ?? '';
  } catch (err) {
    throw new PipelineError(`could not find out whose credentials these are (sts:GetCallerIdentity): ${(err as Error).message.split('\n')[0]}`);
  }
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Runs one verb of the import tool with its output in the job log; returns its exit code. */
function runImport(args: string[], env: NodeJS.ProcessEnv): number {
  log(`$ npm run import -- ${args.join(' ')}`);
  const cli = path.join(PROJECT_ROOT, 'terraform-import', 'cli.ts');
  const res = spawnSync(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), cli, ...args], { env, stdio: 'inherit' });
  if (res.error) throw new PipelineError(`the import tool could not run: ${res.error.message}`);
  return res.status ?? 1;
}

/** How many manifest entries have each decision (import, reference, skip). */
function decisions(manifest: string): { total: number; count: (decision: string) => number } {
  const doc = parse(fs.readFileSync(manifest, 'utf8')) as { resources?: { decision?: string }[] } | null;
  const resources = doc?.resources ?? [];
  return { total: resources.length, count: (d) => resources.filter((r) => r.decision === d).length };
}

/** The import job. Returns the exit code; the folder it wrote is kept whatever the outcome (for reading). */
export async function importJob(env: NodeJS.ProcessEnv): Promise<number> {
  const request = importRequest(env);
  const credentials = importCredentials(request.account, env);
  try {
    // The import tool's verify runs Terraform: the runner's mirror if it has one, else the registry.
    const toolEnv: NodeJS.ProcessEnv = { ...terraformJobEnv(env, credentials.env), AWS_REGION: request.region };
    const account = await withProcessEnv(toolEnv, () => callerAccount(request.region));
    if (request.account && account !== request.account) {
      throw new PipelineError(`IMPORT_ACCOUNT is ${request.account} but the credentials are account ${account}: check the role variable for ${request.account}`);
    }
    const dir = path.join(ONBOARDING_DIR, `${account}-${request.region}`);
    const manifest = path.join(dir, MANIFEST_FILE);
    const scopeText = request.scope.length ? request.scope.join(' ') : '(the whole region)';
    fs.mkdirSync(dir, { recursive: true });

    const discovered = runImport(['discover', '--region', request.region, ...request.scope, ...request.landingZone, '--manifest', manifest], toolEnv);
    if (discovered === 2) throw new PipelineError('the import tool refused the job variables (its message is above): fix IMPORT_SCOPE or IMPORT_LANDING_ZONE_TAG');
    if (discovered !== 0) throw new PipelineError(`discovery in ${request.region} was incomplete (the resources that could not be read are listed above); nothing was generated`);
    const { total, count } = decisions(manifest);
    if (count('import') === 0) {
      throw new PipelineError(
        `nothing to import in account ${account}, ${request.region}, scope ${scopeText}: discovery found ${total} resource(s) ` +
          `(${count('reference')} referenced, ${count('skip')} skipped); check IMPORT_REGION and IMPORT_SCOPE`,
      );
    }
    if (runImport(['generate', '--manifest', manifest, '--out', dir], toolEnv) !== 0) throw new PipelineError(`generating the code in ${dir} failed (above)`);
    // A plan of an earlier onboarding in the checkout must not pass for this one's.
    for (const file of [PLAN_SUMMARY, PLAN_JSON]) fs.rmSync(path.join(dir, file), { force: true });
    const verified = runImport(['verify', '--out', dir], toolEnv);
    // They hold provider binaries and a binary plan with clear-text values (plan.json is masked).
    for (const work of WORKING_FOLDERS) fs.rmSync(path.join(dir, work), { recursive: true, force: true });
    if (verified !== 0) {
      if (!fs.existsSync(path.join(dir, PLAN_SUMMARY))) throw new PipelineError(`verify could not plan ${dir} (the reason is above); nothing is proven`);
      const summary = fs.readFileSync(path.join(dir, PLAN_SUMMARY), 'utf8').split('\n')[0];
      throw new PipelineError(
        `the plan of ${dir} is not imports only (${summary}): the generated code would change the account, not adopt it. ` +
          `Read ${dir}/${PLAN_SUMMARY} in the job's artifacts, fix the decisions in ${MANIFEST_FILE} or the code, and verify again`,
      );
    }
    log(`pipeline: onboarded ${count('import')} resource(s) of account ${account} in ${request.region} (${count('reference')} referenced, ${count('skip')} skipped); the job's artifact ${dir}/ holds the manifest, the code and the plan`);
    return 0;
  } finally {
    credentials.dispose();
  }
}
