/**
 * In-place OS patching with Systems Manager Patch Manager, for instances that are never replaced: a
 * patch baseline for the image's OS, the patch group that binds the instances to it, a daily compliance
 * scan, and a maintenance window that installs approved patches one instance at a time (so the load
 * balancer always has a healthy target) on the tier's schedule: test days before production.
 */
import { SsmAssociation } from '@cdktf/provider-aws/lib/ssm-association';
import { SsmMaintenanceWindow } from '@cdktf/provider-aws/lib/ssm-maintenance-window';
import { SsmMaintenanceWindowTarget } from '@cdktf/provider-aws/lib/ssm-maintenance-window-target';
import { SsmMaintenanceWindowTask } from '@cdktf/provider-aws/lib/ssm-maintenance-window-task';
import { SsmPatchBaseline, SsmPatchBaselineApprovalRulePatchFilter } from '@cdktf/provider-aws/lib/ssm-patch-baseline';
import { SsmPatchGroup } from '@cdktf/provider-aws/lib/ssm-patch-group';
import { Construct } from 'constructs';
import { ResolvedPatching } from '../../config/resolve-environment';
import { OperatingSystem, OS_WITHOUT_APPROVAL_DELAY } from '../../config/schema';
import { EnvironmentContext } from './environment-context';
import { RESOURCE_TAG_KEYS } from '../../config/resource-names';

/** The tag Patch Manager reads to find an instance's patch group (the variant without a space works with instance metadata tags). */
export const PATCH_GROUP_TAG_KEY = RESOURCE_TAG_KEYS.patchGroup;

const YUM_FAMILY: SsmPatchBaselineApprovalRulePatchFilter[] = [{ key: 'CLASSIFICATION', values: ['Security', 'Bugfix'] }];

/** Which patches each OS approves. */
const PATCH_FILTERS: Record<OperatingSystem, SsmPatchBaselineApprovalRulePatchFilter[]> = {
  AMAZON_LINUX_2023: YUM_FAMILY,
  AMAZON_LINUX_2: YUM_FAMILY,
  REDHAT_ENTERPRISE_LINUX: YUM_FAMILY,
  ROCKY_LINUX: YUM_FAMILY,
  ORACLE_LINUX: YUM_FAMILY,
  UBUNTU: [{ key: 'PRIORITY', values: ['Required', 'Important', 'Standard'] }],
};

export interface PatchingProps {
  ctx: EnvironmentContext;
  settings: ResolvedPatching;
  operatingSystem: OperatingSystem;
  /** Log group that receives the patch commands' output. */
  logGroupName: string;
}

export class Patching extends Construct {
  readonly baseline: SsmPatchBaseline;
  readonly window: SsmMaintenanceWindow;
  /** Value of the PatchGroup tag the instances must carry. */
  readonly patchGroup: string;

  constructor(scope: Construct, id: string, props: PatchingProps) {
    super(scope, id);
    const { ctx, settings } = props;
    const approvalDelay = !OS_WITHOUT_APPROVAL_DELAY.includes(props.operatingSystem);
    this.patchGroup = ctx.names.name('patching');

    this.baseline = new SsmPatchBaseline(this, 'baseline', {
      name: ctx.names.name('patch-baseline', 128),
      description: `${ctx.names.prefix}: security and bug-fix patches${approvalDelay ? `, approved ${settings.approveAfterDays} days after release` : ''}`,
      operatingSystem: props.operatingSystem,
      approvedPatchesComplianceLevel: 'HIGH',
      approvalRule: [
        {
          patchFilter: PATCH_FILTERS[props.operatingSystem],
          approveAfterDays: approvalDelay ? settings.approveAfterDays : undefined,
          complianceLevel: 'HIGH',
        },
      ],
    });
    new SsmPatchGroup(this, 'group', { baselineId: this.baseline.id, patchGroup: this.patchGroup });

    const targets = [{ key: `tag:${PATCH_GROUP_TAG_KEY}`, values: [this.patchGroup] }];
    const runPatchBaselineOutput = { cloudwatchLogGroupName: props.logGroupName, cloudwatchOutputEnabled: true };
    // A daily scan keeps patch compliance current between windows without changing anything.
    new SsmAssociation(this, 'scan', {
      associationName: ctx.names.name('patch-scan', 128),
      name: 'AWS-RunPatchBaseline',
      scheduleExpression: 'cron(0 6 ? * * *)',
      parameters: { Operation: 'Scan' },
      targets,
      complianceSeverity: 'HIGH',
    });

    this.window = new SsmMaintenanceWindow(this, 'window', {
      name: ctx.names.name('patching', 128),
      description: `${ctx.names.prefix}: install approved patches`,
      schedule: settings.schedule,
      scheduleTimezone: settings.scheduleTimezone,
      duration: settings.durationHours,
      cutoff: 1,
      allowUnassociatedTargets: false,
    });
    const windowTarget = new SsmMaintenanceWindowTarget(this, 'window-target', {
      windowId: this.window.id,
      name: 'patch-group',
      description: `Instances tagged ${PATCH_GROUP_TAG_KEY}=${this.patchGroup}`,
      resourceType: 'INSTANCE',
      targets,
    });
    new SsmMaintenanceWindowTask(this, 'install', {
      windowId: this.window.id,
      name: 'install-patches',
      description: `AWS-RunPatchBaseline Install, ${settings.rebootOption}`,
      taskType: 'RUN_COMMAND',
      taskArn: 'AWS-RunPatchBaseline',
      priority: 1,
      // One instance at a time, stopping at the first failure, so the app never loses all its targets.
      maxConcurrency: '1',
      maxErrors: '0',
      targets: [{ key: 'WindowTargetIds', values: [windowTarget.id] }],
      taskInvocationParameters: {
        runCommandParameters: {
          comment: `${ctx.names.prefix} patching`,
          timeoutSeconds: 3600,
          cloudwatchConfig: runPatchBaselineOutput,
          parameter: [
            { name: 'Operation', values: ['Install'] },
            { name: 'RebootOption', values: [settings.rebootOption] },
          ],
        },
      },
    });
  }
}
