/**
 * Onboarding a click-ops account, end to end against the AWS emulator: the account is built out of
 * band with the SDK (test/support/legacy-account.ts), then `import onboard` must produce a plan of
 * imports only (landing-zone VPC and subnets referenced, not imported), `terraform apply` of that plan
 * must leave nothing to change, discovery must make read-only calls only and give the same manifest
 * when 20 % of the calls are throttled or fail, a re-run must keep a hand-edited decision, and
 * `--attached-to <instance>` must find exactly that instance's graph.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../terraform-import/cli';
import { generateStack, toolkitRootFor } from '../../terraform-import/generate/generate-stack';
import { readManifest } from '../../terraform-import/manifest/manifest';
import { PLAN_JSON, PLAN_SUMMARY, TERRAFORM_DIR } from '../../terraform-import/verify/verify';
import { Emulator, emulatorEnv, startEmulator } from '../../test-bed/emulator';
import { withEmulatorLog } from '../support/emulator-failure';
import { runTerraform, WORK_DIR } from '../../tooling/terraform-cli';
import { AwsApiProxy, isReadOnly, startAwsApiProxy } from '../support/aws-api-proxy';
import { buildLegacyAccount, LEGACY_SECRETS, LegacyAccount } from '../support/legacy-account';

jest.setTimeout(10 * 60_000);

const REGION = 'eu-central-1';
const LANDING_ZONE = ['--landing-zone-tag', 'LandingZone=true'];

describe('import onboard of a legacy account on the AWS emulator', () => {
  let emulator: Emulator;
  let account: LegacyAccount;
  let root: string;
  const savedEnv = { ...process.env };

  /** Runs the CLI in this process against `endpoint`; returns exit code and output. */
  async function cli(args: string[], endpoint = emulator.endpoint): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    process.env.AWS_ENDPOINT_URL = endpoint;
    try {
      const code = await main(args, (l) => lines.push(l), (l) => lines.push(l));
      return { code, out: lines.join('\n') };
    } finally {
      process.env.AWS_ENDPOINT_URL = emulator.endpoint;
    }
  }

  async function viaProxy<T>(faultRate: number, fn: (proxy: AwsApiProxy) => Promise<T>): Promise<T> {
    const proxy = await startAwsApiProxy(emulator.endpoint, { faultRate });
    try {
      return await fn(proxy);
    } finally {
      await proxy.stop();
    }
  }

  const entries = (file: string) => readManifest(file).entries;
  const decisionOf = (file: string, type: string, id: string) => entries(file).find((e) => e.type === type && e.id === id)?.decision;

  beforeAll(async () => {
    emulator = await startEmulator();
    for (const [k, v] of Object.entries(emulatorEnv(emulator))) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    root = fs.mkdtempSync(path.join(fs.existsSync(WORK_DIR) ? WORK_DIR : os.tmpdir(), 'import-e2e-'));
    account = await buildLegacyAccount(emulator);
  });

  afterAll(async () => {
    process.env = savedEnv;
    await emulator?.stop();
  });

  const withLog = (fn: () => Promise<void>) => withEmulatorLog(() => emulator, () => `work: ${root}`, fn);


  it(
    'onboard plans imports only, references the landing zone, applies, and plans no change afterwards',
    withLog(async () => {
      const out = path.join(root, 'onboard');
      const { code, out: text } = await cli(['onboard', '--region', REGION, ...LANDING_ZONE, '--out', out]);
      expect({ code, text }).toEqual({ code: 0, text: expect.stringMatching(/\d+ to import, 0 to add, 0 to change, 0 to destroy/) });

      const manifest = path.join(out, 'manifest.yaml');
      const imported = entries(manifest).filter((e) => e.decision === 'import');
      const summary = fs.readFileSync(path.join(out, PLAN_SUMMARY), 'utf8');
      // every import decision is proven by the plan: its import ID found the resource
      const declaredCount = imported.filter((e) => e.resource.declareOnly).length;
      expect(summary.split('\n')[0]).toBe(`${imported.length - declaredCount} to import, 0 to add, 0 to change, 0 to destroy`);

      // the landing zone's VPC and subnets are read, never imported
      expect(decisionOf(manifest, 'aws_vpc', account.vpcId)).toBe('reference');
      for (const subnet of Object.values(account.subnets)) expect(decisionOf(manifest, 'aws_subnet', subnet)).toBe('reference');
      const plan = JSON.parse(fs.readFileSync(path.join(out, PLAN_JSON), 'utf8')) as { resource_changes: { address: string; mode: string }[] };
      const managedTypes = new Set(plan.resource_changes.filter((r) => r.mode === 'managed').map((r) => r.address.split('.')[0]));
      expect(managedTypes.has('aws_vpc')).toBe(false);
      expect(managedTypes.has('aws_subnet')).toBe(false);
      // and what the account holds is imported, each type the test built
      for (const type of ['aws_ecr_repository', 'aws_cloudtrail', 'aws_guardduty_detector', 'aws_lb', 'aws_lb_target_group', 'aws_lb_listener', 'aws_lb_listener_rule', 'aws_db_instance', 'aws_db_subnet_group', 'aws_db_parameter_group', 'aws_instance', 'aws_ebs_volume', 'aws_volume_attachment', 'aws_nat_gateway', 'aws_eip', 'aws_route', 'aws_kms_key', 'aws_kms_alias', 'aws_iam_role', 'aws_iam_instance_profile', 'aws_vpc_security_group_ingress_rule', 'aws_ssm_parameter', 'aws_cloudwatch_metric_alarm', 'aws_sns_topic_subscription', 'aws_s3_bucket_versioning', 'aws_cloudwatch_log_group', 'aws_acm_certificate', 'aws_iam_role_policy', 'aws_s3_bucket_lifecycle_configuration', 'aws_s3_bucket_policy', 'aws_backup_vault', 'aws_backup_plan', 'aws_backup_selection']) {
        expect([type, managedTypes.has(type)]).toEqual([type, true]);
      }
      // AWS-managed resources are skipped: the default VPC and the aws/ key aliases
      expect(entries(manifest).filter((e) => e.type === 'aws_vpc' && e.id !== account.vpcId).map((e) => e.decision)).toEqual(['skip']);
      expect(entries(manifest).filter((e) => e.id.startsWith('alias/aws/')).every((e) => e.decision === 'skip')).toBe(true);

      // the code references instead of repeating IDs: the rule's source group, the subnet data source
      const stackCode = fs.readFileSync(path.join(out, 'imported-stack.ts'), 'utf8');
      expect(stackCode).toMatch(/referencedSecurityGroupId: legacyAlb\w*\.id/);
      expect(stackCode).toMatch(/role: legacyAppServer\w*\.name/);
      expect(stackCode).toMatch(/subnetId: privateA\.id/);
      expect(stackCode).toMatch(/dbSubnetGroupName: legacyDb\w*\.name/);
      expect(stackCode).toMatch(/certificateArn: legacyExampleCom\.arn/);
      expect(stackCode).toMatch(/kmsKeyArn: legacyData\w*\.arn/);
      // target registrations cannot be imported: declared, and counted apart
      expect(summary.split('\n')[1]).toBe('2 declared without import (target registrations; registering again is idempotent)');
      // the app group's ID appears once, in its own import; every use is a reference
      expect(stackCode.split(`"${account.securityGroups.app}"`).length - 1).toBe(1);
      // onboard generates from the manifest it wrote without parsing the file again: generating from
      // the file gives the same code, byte for byte
      for (const [file, code] of Object.entries(generateStack(readManifest(manifest), { toolkitRoot: toolkitRootFor(out) }))) {
        expect([file, fs.readFileSync(path.join(out, file), 'utf8') === code]).toEqual([file, true]);
      }

      // secrets: not in the code, the manifest or the plan
      for (const file of ['imported-stack.ts', 'main.ts', 'manifest.yaml', PLAN_JSON, PLAN_SUMMARY]) {
        const text = fs.readFileSync(path.join(out, file), 'utf8');
        for (const secret of LEGACY_SECRETS) expect([file, text.includes(secret)]).toEqual([file, false]);
      }

      const tfDir = path.join(out, TERRAFORM_DIR);
      const apply = runTerraform(tfDir, ['apply', '-input=false', '-auto-approve', 'plan.tfplan']);
      expect({ status: apply.status, stderr: apply.stderr }).toEqual({ status: 0, stderr: '' });
      const declared = imported.filter((e) => e.type === 'aws_lb_target_group_attachment').length;
      expect(apply.stdout).toMatch(new RegExp(`${imported.length - declared} imported, ${declared} added, 0 changed, 0 destroyed`));
      const again = runTerraform(tfDir, ['plan', '-input=false', '-detailed-exitcode']);
      expect({ status: again.status, stderr: again.stderr, out: again.stdout.slice(-300) }).toEqual({ status: 0, stderr: '', out: expect.stringContaining('No changes') });
    }),
  );

  it(
    'discovers with read-only calls only, and gives the same manifest when 20 % of calls are throttled or fail',
    withLog(async () => {
      const clean = path.join(root, 'clean.yaml');
      const faulty = path.join(root, 'faulty.yaml');
      const recorded = await viaProxy(0, async (proxy) => {
        const { code, out } = await cli(['discover', '--region', REGION, ...LANDING_ZONE, '--manifest', clean], proxy.endpoint);
        expect({ code, out }).toEqual({ code: 0, out: expect.any(String) });
        return proxy.requests;
      });
      expect(recorded.length).toBeGreaterThan(20);
      expect(recorded.filter((r) => !isReadOnly(r.action)).map((r) => r.action)).toEqual([]);

      const faults = await viaProxy(0.2, async (proxy) => {
        const { code, out } = await cli(['discover', '--region', REGION, ...LANDING_ZONE, '--manifest', faulty], proxy.endpoint);
        expect({ code, out }).toEqual({ code: 0, out: expect.any(String) });
        return proxy.requests.filter((r) => r.faulted);
      });
      expect(faults.filter((f) => f.faulted === 'throttled').length).toBeGreaterThan(0);
      expect(faults.filter((f) => f.faulted === 'server-error').length).toBeGreaterThan(0);
      expect(fs.readFileSync(faulty, 'utf8')).toBe(fs.readFileSync(clean, 'utf8'));
    }),
  );

  it(
    'keeps a hand-edited decision when discover runs again',
    withLog(async () => {
      const manifest = path.join(root, 'edited.yaml');
      expect((await cli(['discover', '--region', REGION, ...LANDING_ZONE, '--manifest', manifest])).code).toBe(0);
      expect(decisionOf(manifest, 'aws_cloudwatch_log_group', '/legacy/app')).toBe('import');
      const before = fs.readFileSync(manifest, 'utf8');
      const edited = before.replace(
        /(id: \/legacy\/app\n(?:.*\n)*?\s+decision: )import\n(\s+reason: ).*\n/,
        '$1skip\n$2the logging team manages it\n',
      );
      expect(edited).not.toBe(before);
      fs.writeFileSync(manifest, edited);
      const others = (file: string) => entries(file).filter((e) => e.id !== '/legacy/app');
      const othersBefore = others(manifest);

      expect((await cli(['discover', '--region', REGION, ...LANDING_ZONE, '--manifest', manifest])).code).toBe(0);
      const entry = entries(manifest).find((e) => e.type === 'aws_cloudwatch_log_group' && e.id === '/legacy/app')!;
      expect([entry.decision, entry.reason, entry.suggested]).toEqual(['skip', 'the logging team manages it', 'import']);
      // nothing else moved
      expect(others(manifest)).toEqual(othersBefore);

      const out = path.join(root, 'edited-code');
      expect((await cli(['generate', '--manifest', manifest, '--out', out])).code).toBe(0);
      expect(fs.readFileSync(path.join(out, 'imported-stack.ts'), 'utf8')).not.toContain('CloudwatchLogGroup');
    }),
  );

  it(
    '--attached-to <instance> finds exactly that instance and what hangs on it',
    withLog(async () => {
      const manifest = path.join(root, 'attached.yaml');
      const [first] = account.instances;
      expect((await cli(['discover', '--region', REGION, '--attached-to', first, '--manifest', manifest])).code).toBe(0);
      const found = entries(manifest).map((e) => `${e.type} ${e.id}`).sort();
      const { alb, app, db } = account.securityGroups;
      const rulesOf = (group: string) => entries(path.join(root, 'clean.yaml')).filter((e) => e.type.startsWith('aws_vpc_security_group_') && (e.resource.attributes.securityGroupId as { $ref: string }).$ref === group).map((e) => `${e.type} ${e.id}`);
      const expected = [
        `aws_instance ${first}`,
        // its data volume and its root volume (skipped: part of the instance)
        ...entries(path.join(root, 'clean.yaml')).filter((e) => e.type === 'aws_ebs_volume' && e.resource.relatedIds?.includes(first)).map((e) => `${e.type} ${e.id}`),
        `aws_volume_attachment /dev/sdf:${account.volumes[0]}:${first}`,
        `aws_security_group ${app}`,
        // the load balancer's group, which may reach the instance, and the database's, which it may reach
        `aws_security_group ${alb}`,
        `aws_security_group ${db}`,
        ...rulesOf(app),
        ...rulesOf(alb),
        ...rulesOf(db),
        `aws_iam_instance_profile ${account.instanceProfile}`,
        `aws_iam_role ${account.role}`,
        `aws_iam_role_policy_attachment ${account.role}/${account.policyArn}`,
        `aws_iam_policy ${account.policyArn}`,
        `aws_iam_role_policy ${account.inlinePolicy}`,
        `aws_cloudwatch_metric_alarm ${account.alarms[0]}`,
        // its target registration, the target group, the listener rule that forwards to it, the listener and the load balancer
        `aws_lb_target_group_attachment ${account.targetGroupArn}/${first}:8080`,
        `aws_lb_target_group ${account.targetGroupArn}`,
        ...entries(path.join(root, 'clean.yaml')).filter((e) => e.type === 'aws_lb_listener_rule').map((e) => `${e.type} ${e.id}`),
        `aws_lb_listener ${account.listenerArn}`,
        `aws_lb ${account.loadBalancerArn}`,
        // the HTTPS listener's certificate
        `aws_acm_certificate ${account.certificateArn}`,
        // the database its security group may reach, with its subnet and parameter groups
        `aws_db_instance ${account.database}`,
        'aws_db_subnet_group legacy-db',
        'aws_db_parameter_group legacy-postgres16',
        `aws_sns_topic ${account.topicArn}`,
        ...entries(path.join(root, 'clean.yaml')).filter((e) => e.type === 'aws_sns_topic_subscription').map((e) => `${e.type} ${e.id}`),
      ].sort();
      expect(found).toEqual(expected);
    }),
  );
});
