/** Patching on its own: a baseline per OS, a daily scan, and a window that patches one instance at a time on the tier's day. */
import { PATCH_GROUP_TAG_KEY, Patching } from '../../blueprints/building-blocks/patching';
import { OperatingSystem } from '../../config/schema';
import { ResolvedPatching } from '../../config/resolve-environment';
import { blockContext, refTo, resource, synthBlock, tierDefaults, TIERS } from '../support/building-block-synth';

function settingsFor(tier: (typeof TIERS)[number]): ResolvedPatching {
  return { schedule: tierDefaults(tier).value('patching.schedule', 'patching.schedule', undefined), scheduleTimezone: 'UTC', approveAfterDays: 7, rebootOption: 'RebootIfNeeded', durationHours: 3 };
}

const synthPatching = (tier: (typeof TIERS)[number], operatingSystem: OperatingSystem = 'AMAZON_LINUX_2023') =>
  synthBlock((scope) => new Patching(scope, 'patching', { ctx: blockContext(), settings: settingsFor(tier), operatingSystem, logGroupName: '/shop/test/patching' }));

describe.each(TIERS)('Patching, %s tier', (tier) => {
  const json = synthPatching(tier);

  it('patches test on Tuesday and production on Saturday, so a bad patch shows in test first', () => {
    expect(resource(json, 'aws_ssm_maintenance_window', 'patching_window')).toEqual({
      name: 'shop-test-patching',
      description: 'shop-test: install approved patches',
      schedule: tier === 'production' ? 'cron(0 3 ? * SAT *)' : 'cron(0 3 ? * TUE *)',
      schedule_timezone: 'UTC',
      duration: 3,
      cutoff: 1,
      allow_unassociated_targets: false,
    });
  });

  it('approves security and bug-fix patches 7 days after release, reported as HIGH compliance', () => {
    const baseline = resource(json, 'aws_ssm_patch_baseline', 'patching_baseline');
    expect(baseline).toMatchObject({ name: 'shop-test-patch-baseline', operating_system: 'AMAZON_LINUX_2023', approved_patches_compliance_level: 'HIGH' });
    expect(baseline.approval_rule).toEqual([{ patch_filter: [{ key: 'CLASSIFICATION', values: ['Security', 'Bugfix'] }], approve_after_days: 7, compliance_level: 'HIGH' }]);
    expect(baseline.description).toBe('shop-test: security and bug-fix patches, approved 7 days after release');
    expect(resource(json, 'aws_ssm_patch_group', 'patching_group')).toEqual({ baseline_id: refTo(json, 'aws_ssm_patch_baseline', 'patching_baseline', 'id'), patch_group: 'shop-test-patching' });
  });

  it('installs on one instance at a time and stops at the first failure, so the load balancer keeps a healthy target', () => {
    const task = resource(json, 'aws_ssm_maintenance_window_task', 'patching_install');
    expect(task).toMatchObject({ task_type: 'RUN_COMMAND', task_arn: 'AWS-RunPatchBaseline', max_concurrency: '1', max_errors: '0', priority: 1 });
    expect(task.targets).toEqual([{ key: 'WindowTargetIds', values: [refTo(json, 'aws_ssm_maintenance_window_target', 'patching_window-target', 'id')] }]);
    // Names and descriptions are what an operator sees in the maintenance window's history.
    expect([task.name, task.description]).toEqual(['install-patches', 'AWS-RunPatchBaseline Install, RebootIfNeeded']);
    expect(task.task_invocation_parameters.run_command_parameters).toEqual({
      comment: 'shop-test patching',
      timeout_seconds: 3600,
      cloudwatch_config: { cloudwatch_log_group_name: '/shop/test/patching', cloudwatch_output_enabled: true },
      parameter: [
        { name: 'Operation', values: ['Install'] },
        { name: 'RebootOption', values: ['RebootIfNeeded'] },
      ],
    });
  });

  it('targets exactly the instances tagged with its patch group', () => {
    const target = resource(json, 'aws_ssm_maintenance_window_target', 'patching_window-target');
    expect(target).toEqual({
      window_id: refTo(json, 'aws_ssm_maintenance_window', 'patching_window', 'id'),
      name: 'patch-group',
      description: 'Instances tagged PatchGroup=shop-test-patching',
      resource_type: 'INSTANCE',
      targets: [{ key: `tag:${PATCH_GROUP_TAG_KEY}`, values: ['shop-test-patching'] }],
    });
    expect(resource(json, 'aws_ssm_maintenance_window_task', 'patching_install').window_id).toBe(refTo(json, 'aws_ssm_maintenance_window', 'patching_window', 'id'));
    expect(PATCH_GROUP_TAG_KEY).toBe('PatchGroup');
  });

  it('scans daily without installing anything', () => {
    expect(resource(json, 'aws_ssm_association', 'patching_scan')).toEqual({
      association_name: 'shop-test-patch-scan',
      name: 'AWS-RunPatchBaseline',
      schedule_expression: 'cron(0 6 ? * * *)',
      parameters: { Operation: 'Scan' },
      targets: [{ key: 'tag:PatchGroup', values: ['shop-test-patching'] }],
      compliance_severity: 'HIGH',
    });
  });
});

describe('Patching on Ubuntu', () => {
  it('approves by priority and waits for the window alone (Ubuntu publishes no release dates)', () => {
    const baseline = resource(synthPatching('test', 'UBUNTU'), 'aws_ssm_patch_baseline', 'patching_baseline');
    expect(baseline.approval_rule).toEqual([{ patch_filter: [{ key: 'PRIORITY', values: ['Required', 'Important', 'Standard'] }], compliance_level: 'HIGH' }]);
    expect(baseline.description).toBe('shop-test: security and bug-fix patches');
  });
});
