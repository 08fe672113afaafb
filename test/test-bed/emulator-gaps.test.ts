import { EMULATOR_GAPS, EmulatorGap, deploymentTargets, emulatorWaitOverride } from '../../test-bed/emulator-gaps';

/** A cdk.tf.json-shaped stack: a role, a selection that depends on it, and one unrelated bucket. */
const stack = {
  data: { aws_caller_identity: { current: {} } },
  resource: {
    aws_iam_role: { backup_role_1A2B: { name: 'backup' } },
    aws_backup_selection: { app_selection_3C4D: { iam_role_arn: '${aws_iam_role.backup_role_1A2B.arn}', plan_id: 'p' } },
    aws_sns_topic_subscription: { alerts_5E6F: { topic_arn: 'arn', depends_on: ['aws_backup_selection.app_selection_3C4D'] } },
    aws_s3_bucket: { logs_7A8B: { bucket: 'logs-${data.aws_caller_identity.current.account_id}' } },
  },
};

const selectionNotDeployed: EmulatorGap[] = [
  { resourceType: 'aws_backup_selection', missingCall: 'test', handling: 'not-deployed-in-e2e', note: 'test' },
];

describe('emulator gap table', () => {
  it('has one complete entry per gap, all with a known handling', () => {
    for (const gap of EMULATOR_GAPS) {
      expect(gap.resourceType).toMatch(/^aws_[a-z0-9_]+$/);
      expect(gap.missingCall.length).toBeGreaterThan(0);
      expect(gap.note.length).toBeGreaterThan(0);
      expect(['extended-in-launcher', 'not-deployed-in-e2e', 'provider-wait-shortened']).toContain(gap.handling);
      // A shortened wait says how short; only such an entry carries timeouts.
      expect(gap.handling === 'provider-wait-shortened').toBe(Object.keys(gap.timeouts ?? {}).length > 0);
    }
    const keys = EMULATOR_GAPS.map((g) => `${g.resourceType} ${g.missingCall}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('deploys everything, without -target, when no gap is not-deployed', () => {
    expect(deploymentTargets(stack, [])).toEqual({
      deploy: ['aws_backup_selection.app_selection_3C4D', 'aws_iam_role.backup_role_1A2B', 'aws_s3_bucket.logs_7A8B', 'aws_sns_topic_subscription.alerts_5E6F'],
      exclude: [],
      targetArgs: [],
    });
  });

  it('excludes not-deployed types and everything that depends on them, through references and depends_on', () => {
    const targets = deploymentTargets(stack, selectionNotDeployed);
    expect(targets.exclude).toEqual(['aws_backup_selection.app_selection_3C4D', 'aws_sns_topic_subscription.alerts_5E6F']);
    expect(targets.deploy).toEqual(['aws_iam_role.backup_role_1A2B', 'aws_s3_bucket.logs_7A8B']);
    expect(targets.targetArgs).toEqual(['-target=aws_iam_role.backup_role_1A2B', '-target=aws_s3_bucket.logs_7A8B']);
  });

  it('gives every resource of a provider-wait-shortened type its timeouts in an override file, and writes none for a stack without one', () => {
    const shortened: EmulatorGap[] = [
      { resourceType: 'aws_opensearch_domain', missingCall: 'test', handling: 'provider-wait-shortened', note: 'test', timeouts: { create: '5s', delete: '5s' } },
      ...selectionNotDeployed,
    ];
    const withDomains = { resource: { ...stack.resource, aws_opensearch_domain: { logs_1A: { domain_name: 'logs' }, audit_2B: { domain_name: 'audit' } } } };
    // Terraform merges the block into each domain's own; the stack's own arguments are untouched.
    expect(emulatorWaitOverride(withDomains, shortened)).toEqual({
      resource: { aws_opensearch_domain: { logs_1A: { timeouts: { create: '5s', delete: '5s' } }, audit_2B: { timeouts: { create: '5s', delete: '5s' } } } },
    });
    expect(emulatorWaitOverride(stack, shortened)).toBeUndefined();
    expect(() => emulatorWaitOverride(withDomains, [{ ...shortened[0], timeouts: undefined }])).toThrow('aws_opensearch_domain: a provider-wait-shortened entry needs timeouts');
  });
});
