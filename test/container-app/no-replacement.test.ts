/**
 * The promise of issue 17 for the single `database` key, proven with the real Terraform: today's tma
 * production state, planned against the new synth, replaces and destroys nothing stateful.
 *
 * "Today's state" is made by a real `terraform apply` of the checked-in output of tma production
 * before `databases` existed (test/fixtures/tma-before-databases/tma-production.cdk.tf.json, the same
 * fixture the address-and-body comparison in databases-and-volumes.test.ts reads) into the AWS
 * emulator. The whole stack is applied (every resource the gap table lets the emulator hold, which for
 * this stack is all of them), not a subset: a resource left out of the state would show up as a
 * create and hide a replacement. Then the current synth of environments/tma/production.yaml is
 * planned against that state.
 *
 * The production tier refuses `emulation`, so both outputs are pointed at the emulator on the
 * synthesized JSON (emulatorVariantOfStack in test-bed/emulator-variants.ts; re-synthesizing the old
 * file with today's code would prove nothing about the old output): the landing zone's IDs replaced by
 * the emulator's, local state, and, as for every production variant, the endpoint from
 * AWS_ENDPOINT_URL plus the provider override file. The emulator acts as the production account
 * (222222222222), so the provider keeps its allowed_account_ids; that, and the deploy, is why this file
 * starts an emulator of its own rather than the worker's shared one (test/support/worker-emulator.ts).
 *
 * Cost: 143 s at load 8-15 on the shared 2 cores (apply 104 s, plan 15 s, control plan 9 s), about
 * 300 s at load 20-25. Applying only what could have moved (the database, its groups, alarms and parameters)
 * would still wait for the RDS create (81 s of the apply; the ALB's 60 s run beside it), so the subset
 * would save little and prove less; the whole stack is applied.
 *
 * Allowed: creates (the docs site's MySQL, its file system, …) and in-place updates. Not allowed: a
 * delete or a replace of anything, with one named exception: the docs service's ECS task definition.
 * A task definition revision is immutable (every image deploy registers a new one); the new revision
 * is a replace in Terraform's terms, and the service moves to it in place with its rolling deployment.
 * Nothing stateful is in that exception. A control plan (no refresh) with the primary database under
 * another address shows its delete, so this check can fail (prevent_destroy does not stop that plan:
 * it lives in the configuration, and the old address is no longer there).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { EnvironmentFile, environmentFileSchema } from '../../config/schema';
import { Emulator, emulatorEnv, startEmulator } from '../../test-bed/emulator';
import { withEmulatorLog } from '../support/emulator-failure';
import { EMULATOR_OVERRIDE_FILE, emulatorProviderOverride, emulatorVariantOfStack } from '../../test-bed/emulator-variants';
import { LandingZone, createLandingZone } from '../../test-bed/landing-zone';
import { PlannedChange, StackDeployment, plannedChanges } from '../../test-bed/stack-deployment';
import { PROJECT_ROOT, runTerraformAsync } from '../../tooling/terraform-cli';
import { synthEnvironments, tempDir, TerraformJson } from '../support/synth-stack';

jest.setTimeout(15 * 60_000);

const STACK = 'tma-production';
const BEFORE = path.join(__dirname, '..', 'fixtures', 'tma-before-databases');
const TODAY = path.join(PROJECT_ROOT, 'environments', 'tma', 'production.yaml');
/** The one replacement the new synth may plan (see the header): the docs service's new task definition revision. */
const NEW_REVISION = 'aws_ecs_task_definition.app_service-docs_task-definition_F02E08E3';

const readConfig = (file: string): EnvironmentFile => environmentFileSchema.parse(parse(fs.readFileSync(file, 'utf8')));
const addressesOf = (stack: TerraformJson) => Object.entries(stack.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`)).sort();

describe('tma production: the state of the output before `databases`, planned against today’s synth', () => {
  let emulator: Emulator;
  let zone: LandingZone;
  let dir: string;
  let legacy: TerraformJson;
  let today: TerraformJson;
  let deployment: StackDeployment;
  let changes: PlannedChange[];
  const progress: string[] = [];

  /** Puts a pointed stack into the deployment's folder, beside the state. */
  function useConfiguration(stack: TerraformJson): void {
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(emulatorVariantOfStack(stack, STACK, zone), null, 2));
  }

  /** `terraform plan` of the configuration in the folder against the state, as changes from its plan JSON. */
  async function plan(extraArgs: string[]): Promise<PlannedChange[]> {
    const planFile = `${STACK}.tfplan`;
    const planned = await deployment.terraform('plan', ['plan', '-input=false', '-detailed-exitcode', `-out=${planFile}`, ...extraArgs], [0, 2]);
    if (planned.status === 0) return [];
    const shown = await runTerraformAsync(dir, ['show', '-json', planFile], emulatorEnv(emulator));
    if (shown.status !== 0) throw new Error(`terraform show -json ${planFile} exited ${shown.status}: ${shown.stderr}`);
    return plannedChanges(JSON.parse(shown.stdout));
  }

  const withLog = (fn: () => Promise<void>) => withEmulatorLog(() => emulator, () => `stack: ${dir}\nprogress:\n${progress.join('\n')}`, fn);


  beforeAll(async () => {
    const legacyConfig = readConfig(path.join(BEFORE, 'production.yaml'));
    const todayConfig = readConfig(TODAY);
    legacy = JSON.parse(fs.readFileSync(path.join(BEFORE, `${STACK}.cdk.tf.json`), 'utf8'));
    today = synthEnvironments({ 'tma/production': fs.readFileSync(TODAY, 'utf8') }).stacks[STACK];

    emulator = await startEmulator({ accountId: legacyConfig.account });
    try {
      zone = await createLandingZone(emulator, [legacyConfig, todayConfig]);
      dir = tempDir('tma-no-replacement');
      fs.writeFileSync(path.join(dir, EMULATOR_OVERRIDE_FILE), JSON.stringify(emulatorProviderOverride(), null, 2));
      useConfiguration(legacy);
      const log = (line: string) => progress.push(`${new Date().toISOString()} ${line}`);
      deployment = new StackDeployment(STACK, dir, { relativePath: 'tma/production.yaml', config: legacyConfig }, legacyConfig, emulator, log);
      await deployment.init();
      await deployment.apply();

      useConfiguration(today);
      changes = await plan([]);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n\nemulator log: ${emulator.logFile}\nprogress:\n${progress.join('\n')}`);
    }
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  it(
    'applies every resource of the output before `databases` (the state is the whole stack, not a subset)',
    withLog(async () => {
      expect(deployment.targets.exclude).toEqual([]);
      expect((await deployment.state()).map((r) => r.address).sort()).toEqual(addressesOf(legacy));
    }),
  );

  it(
    'plans no delete and no replace: only creates and in-place updates (and the docs service’s new task definition revision)',
    withLog(async () => {
      const ofAction = (test: (actions: string[]) => boolean) => changes.filter((c) => c.address.startsWith('output.') === false && test(c.actions));
      const destructive = ofAction((a) => a.includes('delete')).map((c) => `${c.address} (${c.actions.join(', ')})`);
      const creates = ofAction((a) => a.length === 1 && a[0] === 'create').map((c) => c.address);
      const updates = ofAction((a) => a.length === 1 && a[0] === 'update').map((c) => `${c.address}: ${c.attributes.join(', ')}`);
      const unexpected = destructive.filter((d) => !d.startsWith(`${NEW_REVISION} `));
      const listing = `planned creates (${creates.length}):\n  ${creates.join('\n  ')}\nplanned updates in place (${updates.length}):\n  ${updates.join('\n  ')}\nplanned deletes/replaces (${destructive.length}):\n  ${destructive.join('\n  ')}`;
      if (unexpected.length > 0) throw new Error(`the new synth would delete or replace existing resources:\n  ${unexpected.join('\n  ')}\n\n${listing}`);
      // Every address of today's state is still in the configuration (a missing one would be a delete above).
      expect(addressesOf(today)).toEqual(expect.arrayContaining(addressesOf(legacy)));
      // What the plan does do: new resources of the docs site's database and volume, and only those.
      expect(creates.length).toBeGreaterThan(0);
      expect(creates.filter((c) => !/database-docs|service-docs|file-system|efs/i.test(c))).toEqual([]);
      process.stdout.write(`\n${STACK} before \`databases\` → today: ${listing}\n`);
    }),
  );

  it(
    'can fail: the same state planned with the primary database under another address shows its delete',
    withLog(async () => {
      const instances = today.resource!.aws_db_instance;
      const primary = Object.keys(instances).find((name) => (instances[name]['//'] as { metadata: { path: string } }).metadata.path === `${STACK}/app/database/instance`)!;
      // The instance and every reference to it under a new name, as a refactoring without a `moved` block would leave them.
      const moved = JSON.parse(JSON.stringify(today).split(`aws_db_instance.${primary}`).join(`aws_db_instance.${primary}_moved`)) as TerraformJson;
      moved.resource!.aws_db_instance[`${primary}_moved`] = moved.resource!.aws_db_instance[primary];
      delete moved.resource!.aws_db_instance[primary];
      useConfiguration(moved);
      try {
        // prevent_destroy does not help here: it lives in the configuration, and the old address is no
        // longer in it, so Terraform plans the production database's destroy without a word.
        const control = await plan(['-refresh=false']);
        expect(control.filter((c) => c.address === `aws_db_instance.${primary}`).map((c) => c.actions)).toEqual([['delete']]);
        expect(control.filter((c) => c.address === `aws_db_instance.${primary}_moved`).map((c) => c.actions)).toEqual([['create']]);
      } finally {
        useConfiguration(today);
      }
    }),
  );
});
