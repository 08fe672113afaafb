/**
 * AWS-managed Config rules that check what the blueprints promise: encrypted volumes and databases,
 * IMDSv2, no SSH from anywhere, no public databases, TLS-only buckets, and the baseline's own controls.
 * Account-wide rules (root MFA, password policy, trail, S3 account block) run only in the home region.
 */
import { ConfigConfigRule } from '@cdktf/provider-aws/lib/config-config-rule';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';

interface ManagedRule {
  name: string;
  identifier: string;
  /** Periodic rules run on a schedule; the others on configuration changes of `scope`. @default periodic */
  scope?: string[];
  /** @default none */
  inputParameters?: Record<string, string>;
  /** Checks an account-wide control, so only the home region runs it. @default regional */
  accountWide?: true;
}

export interface ConfigRulesProps {
  /** Whether this region runs the account-wide rules. */
  isHomeRegion: boolean;
  /** The password policy the IAM_PASSWORD_POLICY rule checks against. */
  passwordPolicy: { minimumLength: number; maxAgeDays: number; reusePrevention: number };
  /** The recorder the rules need running first, when this stack creates it. @default the landing zone's recorder */
  recorder?: ITerraformDependable;
}

export class ConfigRules extends Construct {
  readonly rules: ConfigConfigRule[];

  constructor(scope: Construct, id: string, props: ConfigRulesProps) {
    super(scope, id);
    const policy = props.passwordPolicy;
    const all: ManagedRule[] = [
      { name: 'encrypted-volumes', identifier: 'ENCRYPTED_VOLUMES', scope: ['AWS::EC2::Volume'] },
      { name: 'ec2-ebs-encryption-by-default', identifier: 'EC2_EBS_ENCRYPTION_BY_DEFAULT' },
      { name: 'ec2-imdsv2-check', identifier: 'EC2_IMDSV2_CHECK', scope: ['AWS::EC2::Instance'] },
      { name: 'restricted-ssh', identifier: 'INCOMING_SSH_DISABLED', scope: ['AWS::EC2::SecurityGroup'] },
      { name: 'rds-storage-encrypted', identifier: 'RDS_STORAGE_ENCRYPTED', scope: ['AWS::RDS::DBInstance'] },
      { name: 'rds-instance-public-access-check', identifier: 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK', scope: ['AWS::RDS::DBInstance'] },
      { name: 's3-bucket-ssl-requests-only', identifier: 'S3_BUCKET_SSL_REQUESTS_ONLY', scope: ['AWS::S3::Bucket'] },
      { name: 'guardduty-enabled-centralized', identifier: 'GUARDDUTY_ENABLED_CENTRALIZED' },
      { name: 'root-account-mfa-enabled', identifier: 'ROOT_ACCOUNT_MFA_ENABLED', accountWide: true },
      { name: 'iam-root-access-key-check', identifier: 'IAM_ROOT_ACCESS_KEY_CHECK', accountWide: true },
      {
        name: 'iam-password-policy',
        identifier: 'IAM_PASSWORD_POLICY',
        accountWide: true,
        inputParameters: {
          RequireUppercaseCharacters: 'true',
          RequireLowercaseCharacters: 'true',
          RequireSymbols: 'true',
          RequireNumbers: 'true',
          MinimumPasswordLength: `${policy.minimumLength}`,
          PasswordReusePrevention: `${policy.reusePrevention}`,
          MaxPasswordAge: `${policy.maxAgeDays}`,
        },
      },
      { name: 'cloudtrail-enabled', identifier: 'MULTI_REGION_CLOUD_TRAIL_ENABLED', accountWide: true },
      { name: 'cloudtrail-log-file-validation-enabled', identifier: 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED', accountWide: true },
      { name: 's3-account-level-public-access-blocks', identifier: 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC', accountWide: true },
    ];
    this.rules = all
      .filter((rule) => props.isHomeRegion || !rule.accountWide)
      .map(
        (rule) =>
          new ConfigConfigRule(this, rule.name, {
            name: `baseline-${rule.name}`,
            source: { owner: 'AWS', sourceIdentifier: rule.identifier },
            scope: rule.scope ? { complianceResourceTypes: rule.scope } : undefined,
            maximumExecutionFrequency: rule.scope ? undefined : 'TwentyFour_Hours',
            inputParameters: rule.inputParameters ? JSON.stringify(rule.inputParameters) : undefined,
            dependsOn: props.recorder ? [props.recorder] : undefined,
          }),
      );
  }
}
