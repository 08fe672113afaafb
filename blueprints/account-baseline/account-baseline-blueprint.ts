/**
 * The security baseline of one AWS account in one region: CloudTrail, GuardDuty, AWS Config with
 * managed rules, Amazon Inspector, the IAM password policy, EBS encryption by default, the S3
 * account-level public access block, and the alert rules that page the on-call about findings.
 * Landing zones often run some of these centrally (the organization trail, delegated
 * GuardDuty and Config); a control the file lists under `providedByLandingZone` is not created.
 * Account-wide controls are created only by the baseline of the account's home region.
 */
import { EbsEncryptionByDefault } from '@cdktf/provider-aws/lib/ebs-encryption-by-default';
import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyDetectorFeature } from '@cdktf/provider-aws/lib/guardduty-detector-feature';
import { IamAccountPasswordPolicy } from '@cdktf/provider-aws/lib/iam-account-password-policy';
import { Inspector2Enabler } from '@cdktf/provider-aws/lib/inspector2-enabler';
import { S3AccountPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-account-public-access-block';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { AccountBaselineEnvironment } from '../../config/resolve-environment';
import { AppKmsKey } from '../building-blocks/app-kms-key';
import { EnvironmentContext } from '../building-blocks/environment-context';
import { AuditBucket } from './audit-bucket';
import { AuditTrail, trailIdentity } from './audit-trail';
import { ConfigRecorder } from './config-recorder';
import { ConfigRules } from './config-rules';
import { FindingAlerts } from './finding-alerts';

export interface AccountBaselineBlueprintProps {
  ctx: EnvironmentContext;
  /** Resolved settings; without the tier, whose every decision is already in them (config/tier-defaults.ts). */
  environment: Omit<AccountBaselineEnvironment, 'tier'>;
}

export class AccountBaselineBlueprint extends Construct {
  readonly auditBucket?: AuditBucket;
  readonly trail?: AuditTrail;
  readonly configRecorder?: ConfigRecorder;
  readonly findingAlerts?: FindingAlerts;

  constructor(scope: Construct, id: string, props: AccountBaselineBlueprintProps) {
    super(scope, id);
    const { ctx, environment: env } = props;
    const create = env.controls;
    const accountWide = env.isHomeRegion;
    const createTrail = create.cloudTrail && accountWide;

    // One key for everything the baseline stores or sends; CloudTrail's grant only when there is a trail.
    const needsKey = createTrail || create.configRecorder || create.findingAlerts;
    const kmsKey = needsKey ? this.baselineKey(ctx, env.kmsKey, { trail: createTrail, alerts: create.findingAlerts }) : undefined;

    if (kmsKey && create.findingAlerts) {
      this.findingAlerts = new FindingAlerts(this, 'finding-alerts', {
        ctx,
        kmsKeyArn: kmsKey.arn,
        guardDutyMinimumSeverity: env.alerting.guardDutyMinimumSeverity,
        opsgenieEndpointParameter: env.alerting.opsgenieEndpointParameter,
        emails: env.alerting.emails,
      });
      new TerraformOutput(this, 'security-findings-topic-arn', { value: this.findingAlerts.topic.arn, staticId: true });
    }

    if (kmsKey && (createTrail || create.configRecorder)) {
      this.auditBucket = new AuditBucket(this, 'audit-bucket', {
        ctx,
        kmsKeyArn: kmsKey.arn,
        settings: env.auditLogs,
        trailArn: createTrail ? trailIdentity(ctx).arn : undefined,
      });
      const bucket = this.auditBucket.audit;
      if (createTrail) {
        this.trail = new AuditTrail(this, 'cloudtrail', {
          ctx,
          kmsKeyArn: kmsKey.arn,
          bucketName: bucket.bucket.id,
          logRetentionDays: env.logRetentionDays,
          centralLogs: env.centralLogs,
          dependsOn: [bucket.policy],
        });
        new TerraformOutput(this, 'trail-arn', { value: this.trail.trail.arn, staticId: true });
      }
      if (create.configRecorder) {
        this.configRecorder = new ConfigRecorder(this, 'config', {
          ctx,
          bucketName: bucket.bucket.id,
          bucketArn: bucket.bucket.arn,
          kmsKeyArn: kmsKey.arn,
          includeGlobalResourceTypes: accountWide,
          snapshotDeliveryFrequency: env.configRecorder.snapshotDeliveryFrequency,
        });
      }
      new TerraformOutput(this, 'audit-bucket-name', { value: bucket.bucket.id, staticId: true });
    }

    if (create.configRules) {
      new ConfigRules(this, 'config-rules', { isHomeRegion: accountWide, passwordPolicy: env.passwordPolicy, recorder: this.configRecorder?.status });
    }

    if (create.guardDuty) {
      const detector = new GuarddutyDetector(this, 'guardduty', { enable: true, findingPublishingFrequency: env.guardDuty.findingPublishingFrequency });
      for (const feature of env.guardDuty.features) {
        new GuarddutyDetectorFeature(this, `guardduty-${feature.toLowerCase().replace(/_/g, '-')}`, { detectorId: detector.id, name: feature, status: 'ENABLED' });
      }
      new TerraformOutput(this, 'guardduty-detector-id', { value: detector.id, staticId: true });
    }

    if (create.inspector) {
      // Regional, like GuardDuty: each region's baseline enables it for its own region.
      new Inspector2Enabler(this, 'inspector', { accountIds: [ctx.account], resourceTypes: ['EC2', 'ECR'] });
    }

    if (create.ebsEncryptionByDefault) {
      // The AWS-managed aws/ebs key: a customer key as the account default would need grants for every
      // service-linked role that creates volumes. Blueprint volumes name their app key explicitly.
      new EbsEncryptionByDefault(this, 'ebs-encryption-by-default', { enabled: true });
    }

    if (accountWide && create.passwordPolicy) {
      const policy = env.passwordPolicy;
      new IamAccountPasswordPolicy(this, 'password-policy', {
        minimumPasswordLength: policy.minimumLength,
        requireLowercaseCharacters: true,
        requireUppercaseCharacters: true,
        requireNumbers: true,
        requireSymbols: true,
        allowUsersToChangePassword: true,
        maxPasswordAge: policy.maxAgeDays,
        passwordReusePrevention: policy.reusePrevention,
        hardExpiry: false,
      });
    }

    if (accountWide && create.s3PublicAccessBlock) {
      new S3AccountPublicAccessBlock(this, 's3-public-access-block', {
        accountId: ctx.account,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
    }
  }

  /** Grants for the services that write with the key: EventBridge for the alert topic, CloudTrail for the trail. */
  private baselineKey(
    ctx: EnvironmentContext,
    settings: AccountBaselineEnvironment['kmsKey'],
    grants: { trail: boolean; alerts: boolean },
  ): AppKmsKey {
    return new AppKmsKey(this, 'kms', {
      ctx,
      settings,
      description: `${ctx.names.prefix}: encryption of the account's audit trail, configuration history and security alerts`,
      extraStatements: [
        ...(grants.alerts
          ? [
              {
                sid: 'EventBridgePublishesToTheEncryptedAlertTopic',
                effect: 'Allow',
                principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
                actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
                resources: ['*'],
                condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [ctx.account] }],
              },
            ]
          : []),
        ...(grants.trail
          ? [
              {
                sid: 'CloudTrailEncryptsLogFilesAndNotifications',
                effect: 'Allow',
                principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
                actions: ['kms:GenerateDataKey*', 'kms:Decrypt', 'kms:DescribeKey'],
                resources: ['*'],
                condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [ctx.account] }],
              },
            ]
          : []),
      ],
    });
  }
}
