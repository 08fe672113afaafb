/** A CloudWatch log group under `/<app>/<environment>/`, encrypted with the app key, with tiered retention. */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import { ResolvedCentralLogs } from '../../config/resolve-environment';
import { centralLogSubscription } from './central-log-subscription';
import { EnvironmentContext } from './environment-context';

export interface EncryptedLogGroupProps {
  ctx: EnvironmentContext;
  /** Name below `/<app>/<environment>/`, e.g. `ecs/web`. */
  path: string;
  kmsKeyArn: string;
  /** Days to keep events. No default here: the tier resolves it (365 production, 30 test). */
  retentionDays: number;
  /** Subscribes the group to the central log store's destination. @default off */
  centralLogs?: ResolvedCentralLogs;
}

export class EncryptedLogGroup extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  /** The name as plain text rather than a reference, for content that is hashed or compared at synth. */
  readonly literalName: string;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    this.literalName = props.ctx.names.logGroupName(props.path);
    this.logGroup = new CloudwatchLogGroup(this, 'group', {
      name: this.literalName,
      kmsKeyId: props.kmsKeyArn,
      retentionInDays: props.retentionDays,
    });
    centralLogSubscription(this, 'central-logs', { ctx: props.ctx, central: props.centralLogs, logGroupName: this.logGroup.name });
  }

  get name(): string {
    return this.logGroup.name;
  }
}
