/**
 * Findings reach the on-call: each synthesized EventBridge rule matches AWS's documented sample event of
 * its kind and not the neighbouring one (test/fixtures/events/README.md names the sources); the rules
 * publish to one KMS-encrypted topic that only EventBridge, for exactly these rules, may publish to; and
 * the topic is forwarded to Opsgenie like the apps' alarm topics. Amazon Inspector scans EC2 and ECR.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EventPattern, matchesEventPattern } from '../support/event-pattern';
import { accountBaselineConfig } from '../support/account-baseline-config';
import { ref, resourceAt, resourcesOfType, synthEnvironments, TerraformJson } from '../support/synth-stack';

const fixture = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'events', `${name}.json`), 'utf8'));

function patternOf(stack: TerraformJson, alert: string): EventPattern {
  return JSON.parse(resourceAt(stack, 'aws_cloudwatch_event_rule', `finding-alerts/rule-${alert}`).event_pattern as string) as EventPattern;
}

describe('account baseline: findings reach the on-call', () => {
  const synth = synthEnvironments({
    'baseline/default': accountBaselineConfig('test'),
    'baseline/paged': accountBaselineConfig('production', {
      account: '210987654321',
      alerting: { opsgenieEndpointParameter: '/platform/opsgenie/cloudwatch-endpoint', guardDutyMinimumSeverity: 'HIGH' },
    }),
    'baseline/central': accountBaselineConfig('test', { account: '111122223333', providedByLandingZone: ['findingAlerts', 'inspector'] }),
  });
  const stack = synth.stacks['baseline-123456789012-eu-central-1'];
  const paged = synth.stacks['baseline-210987654321-eu-central-1'];
  const central = synth.stacks['baseline-111122223333-eu-central-1'];

  describe('each rule matches its documented sample event and not the neighbouring one', () => {
    it('GuardDuty: MEDIUM and HIGH findings page at the default threshold MEDIUM, a LOW finding does not', () => {
      const pattern = patternOf(stack, 'guardduty-findings');
      expect(matchesEventPattern(pattern, fixture('guardduty-finding-medium'))).toBe(true);
      expect(matchesEventPattern(pattern, fixture('guardduty-finding-high'))).toBe(true);
      expect(matchesEventPattern(pattern, fixture('guardduty-finding-low'))).toBe(false);
    });

    it('GuardDuty: with guardDutyMinimumSeverity HIGH, a MEDIUM finding no longer pages', () => {
      const pattern = patternOf(paged, 'guardduty-findings');
      expect(matchesEventPattern(pattern, fixture('guardduty-finding-high'))).toBe(true);
      expect(matchesEventPattern(pattern, fixture('guardduty-finding-medium'))).toBe(false);
    });

    it('AWS Config: a change to NON_COMPLIANT pages, a change back to COMPLIANT does not', () => {
      const pattern = patternOf(stack, 'config-non-compliant');
      expect(matchesEventPattern(pattern, fixture('config-non-compliant'))).toBe(true);
      expect(matchesEventPattern(pattern, fixture('config-compliant'))).toBe(false);
    });

    it('AWS Health: an account-specific event pages, a public service event does not', () => {
      const pattern = patternOf(stack, 'health-events');
      expect(matchesEventPattern(pattern, fixture('health-account-specific'))).toBe(true);
      expect(matchesEventPattern(pattern, fixture('health-public'))).toBe(false);
    });

    it('Sign-in: a root sign-in pages, an IAM user sign-in does not', () => {
      const pattern = patternOf(stack, 'root-sign-in');
      expect(matchesEventPattern(pattern, fixture('signin-root'))).toBe(true);
      expect(matchesEventPattern(pattern, fixture('signin-iam-user'))).toBe(false);
    });

    it('no rule fires on another rule’s sample (each pattern names its source and detail type)', () => {
      const samples = ['guardduty-finding-high', 'config-non-compliant', 'health-account-specific', 'signin-root'];
      const alerts = ['guardduty-findings', 'config-non-compliant', 'health-events', 'root-sign-in'];
      alerts.forEach((alert, i) => {
        samples.forEach((sample, j) => expect([alert, sample, matchesEventPattern(patternOf(stack, alert), fixture(sample))]).toEqual([alert, sample, i === j]));
      });
    });
  });

  it('every rule targets the one findings topic, which is encrypted with the baseline key', () => {
    const topic = ref(stack, 'aws_sns_topic', 'finding-alerts/topic/topic', 'arn');
    const targets = Object.values(resourcesOfType(stack, 'aws_cloudwatch_event_target'));
    expect(targets).toHaveLength(4);
    for (const target of targets) expect(target.arn).toBe(topic);
    expect(resourceAt(stack, 'aws_sns_topic', 'finding-alerts/topic/topic')).toMatchObject({
      name: 'baseline-123456789012-eu-central-1-security-findings',
      kms_master_key_id: ref(stack, 'aws_kms_key', 'baseline/kms/key', 'arn'),
    });
  });

  it('the topic policy lets EventBridge publish for exactly these four rules, and nobody without TLS', () => {
    const documents = Object.entries(stack.data?.aws_iam_policy_document ?? {}).filter(([, d]) =>
      (d['//'] as { metadata: { path: string } }).metadata.path.includes('finding-alerts/topic/policy-document'),
    );
    expect(documents).toHaveLength(1);
    const [allow, deny] = documents[0][1].statement as Record<string, unknown>[];
    const ruleArns = ['guardduty-findings', 'config-non-compliant', 'health-events', 'root-sign-in'].map((alert) =>
      ref(stack, 'aws_cloudwatch_event_rule', `finding-alerts/rule-${alert}`, 'arn'),
    );
    expect(allow).toMatchObject({
      effect: 'Allow',
      principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
      actions: ['sns:Publish'],
      condition: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: ruleArns }],
    });
    expect(deny).toMatchObject({ effect: 'Deny', condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] });
  });

  it('the key lets EventBridge of this account encrypt for the topic', () => {
    const keyPolicy = Object.entries(stack.data?.aws_iam_policy_document ?? {}).find(([, d]) =>
      (d['//'] as { metadata: { path: string } }).metadata.path.endsWith('baseline/kms/policy'),
    )![1].statement as Record<string, unknown>[];
    expect(keyPolicy).toContainEqual(
      expect.objectContaining({
        principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: ['123456789012'] }],
      }),
    );
  });

  it('forwards to Opsgenie from the SSM parameter, the same convention as the apps', () => {
    expect(Object.keys(resourcesOfType(stack, 'aws_sns_topic_subscription'))).toHaveLength(0);
    const parameter = Object.values(paged.data?.aws_ssm_parameter ?? {});
    expect(parameter).toEqual([expect.objectContaining({ name: '/platform/opsgenie/cloudwatch-endpoint', with_decryption: true })]);
    expect(resourceAt(paged, 'aws_sns_topic_subscription', 'finding-alerts/topic/opsgenie')).toMatchObject({ protocol: 'https', endpoint_auto_confirms: true });
  });

  it('enables Amazon Inspector for EC2 and ECR in this account', () => {
    expect(resourceAt(stack, 'aws_inspector2_enabler', 'baseline/inspector')).toMatchObject({ account_ids: ['123456789012'], resource_types: ['EC2', 'ECR'] });
  });

  it('creates neither alerts nor Inspector when the landing zone provides them', () => {
    expect(resourcesOfType(central, 'aws_cloudwatch_event_rule')).toEqual({});
    expect(resourcesOfType(central, 'aws_inspector2_enabler')).toEqual({});
    // The key remains for the trail and Config, without the EventBridge grant.
    const keyPolicy = JSON.stringify(central.data?.aws_iam_policy_document);
    expect(keyPolicy).not.toContain('events.amazonaws.com');
  });
});
