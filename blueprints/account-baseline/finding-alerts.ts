/**
 * Security findings that must reach the on-call, as EventBridge rules on the account's default bus:
 * GuardDuty findings at or above a severity, AWS Config rule evaluations turning NON_COMPLIANT, AWS
 * Health events that concern this account, and root-user sign-ins. Each rule targets one
 * KMS-encrypted SNS topic (forwarded to Opsgenie like the apps' alarms) whose policy lets EventBridge
 * publish for exactly these rules.
 *
 * Root sign-ins are recorded in us-east-1 (CloudTrail User Guide, "AWS Management Console sign-in
 * events"), so this rule sees them only in a baseline of us-east-1; see README.
 */
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { Construct } from 'constructs';
import { AlarmTopic } from '../building-blocks/alarm-topic';
import { EnvironmentContext } from '../building-blocks/environment-context';

/** The alert rules, by the id that names their construct and AWS name. */
export type FindingAlert = 'guardduty-findings' | 'config-non-compliant' | 'health-events' | 'root-sign-in';

/** An EventBridge event pattern as the rules use them (see test/support/event-pattern.ts for the features). */
export type EventPatternJson = { [key: string]: EventPatternJson | unknown[] };

export function findingAlertPatterns(guardDutyMinimumSeverity: number): Record<FindingAlert, { description: string; pattern: EventPatternJson }> {
  return {
    'guardduty-findings': {
      description: `GuardDuty findings with severity ${guardDutyMinimumSeverity} or higher`,
      pattern: { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], detail: { severity: [{ numeric: ['>=', guardDutyMinimumSeverity] }] } },
    },
    'config-non-compliant': {
      description: 'AWS Config rule evaluations that change to NON_COMPLIANT',
      pattern: {
        source: ['aws.config'],
        'detail-type': ['Config Rules Compliance Change'],
        detail: { messageType: ['ComplianceChangeNotification'], newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } },
      },
    },
    'health-events': {
      description: 'AWS Health events that concern this account (not public service events)',
      pattern: { source: ['aws.health'], 'detail-type': ['AWS Health Event'], detail: { eventScopeCode: ['ACCOUNT_SPECIFIC'] } },
    },
    'root-sign-in': {
      description: 'Console sign-ins (and attempts) of the root user',
      pattern: { source: ['aws.signin'], 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } },
    },
  };
}

export interface FindingAlertsProps {
  ctx: EnvironmentContext;
  /** The baseline's key; its policy must let events.amazonaws.com encrypt for the topic. */
  kmsKeyArn: string;
  /** Lowest GuardDuty severity score that pages (LOW 1, MEDIUM 4, HIGH 7, CRITICAL 9). */
  guardDutyMinimumSeverity: number;
  /** SSM parameter holding the Opsgenie integration URL. @default no Opsgenie subscription */
  opsgenieEndpointParameter?: string;
  /** E-mail subscribers. @default [] */
  emails?: string[];
}

export class FindingAlerts extends Construct {
  readonly topic: AlarmTopic;
  readonly rules: Record<FindingAlert, CloudwatchEventRule>;

  constructor(scope: Construct, id: string, props: FindingAlertsProps) {
    super(scope, id);
    const { ctx } = props;
    const definitions = findingAlertPatterns(props.guardDutyMinimumSeverity);
    const rules = {} as Record<FindingAlert, CloudwatchEventRule>;
    for (const [alert, { description, pattern }] of Object.entries(definitions) as [FindingAlert, (typeof definitions)[FindingAlert]][]) {
      rules[alert] = new CloudwatchEventRule(this, `rule-${alert}`, {
        name: ctx.names.name(alert, 64),
        description,
        eventPattern: JSON.stringify(pattern),
      });
    }
    this.rules = rules;
    this.topic = new AlarmTopic(this, 'topic', {
      ctx,
      kmsKeyArn: props.kmsKeyArn,
      opsgenieEndpointParameter: props.opsgenieEndpointParameter,
      emails: props.emails,
      nameSuffix: 'security-findings',
      publisher: {
        sid: 'TheBaselineAlertRulesPublish',
        service: 'events.amazonaws.com',
        condition: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: Object.values(rules).map((r) => r.arn) }],
      },
    });
    for (const [alert, rule] of Object.entries(rules)) {
      new CloudwatchEventTarget(this, `target-${alert}`, { rule: rule.name, targetId: 'security-findings-topic', arn: this.topic.arn });
    }
  }
}
