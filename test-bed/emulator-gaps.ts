/**
 * Where the AWS API emulator (moto 5.2.5 + test-bed/moto_launcher.py) stops, and what the test bed
 * does about it. This is the single list: every extension in the launcher has an entry here and a
 * test in test/test-bed/; a resource type the emulator cannot deploy is 'not-deployed-in-e2e' and the
 * end-to-end run targets around it (it stays in the blueprints, covered by validate, checkov and
 * property tests). A resource the emulator serves at once but the provider waits on for longer than a
 * test can afford is 'provider-wait-shortened': the end-to-end run gives it shorter timeouts in a
 * Terraform override file (emulatorWaitOverride); nothing else about it changes. Never drop a feature
 * from a blueprint because of an entry here.
 */

export type GapHandling = 'extended-in-launcher' | 'not-deployed-in-e2e' | 'provider-wait-shortened';

export interface EmulatorGap {
  /** Terraform resource type affected. */
  resourceType: string;
  /** The API call (or behaviour) moto lacks. */
  missingCall: string;
  handling: GapHandling;
  note: string;
  /**
   * The test that proves an extension where the Terraform round trip of launcher-extensions cannot: a
   * default AWS reports only for resources made outside Terraform (the provider always sends it), or a
   * whole service the launcher adds, proven at the API there and deployed by the end-to-end run.
   * @default the round trip in test/test-bed/launcher-extensions.test.ts
   */
  provenBy?: string;
  /**
   * For 'provider-wait-shortened': the timeouts (Terraform durations) the end-to-end run gives every
   * resource of the type. @default none
   */
  timeouts?: { create?: string; update?: string; delete?: string };
}

export const EMULATOR_GAPS: readonly EmulatorGap[] = [
  {
    resourceType: 'aws_cloudwatch_log_subscription_filter',
    missingCall: 'CloudWatch Logs PutSubscriptionFilter to a destination (moto read the destination ARN as a log group\'s and answered ResourceNotFound)',
    handling: 'extended-in-launcher',
    note: 'logs.central subscribes every log group to a (cross-account) destination. The destination must exist in the log group\'s region and, in another account, admit this one in its access policy (principal account, ARN or *; conditions such as aws:PrincipalOrgID are not evaluated); the filter is then kept on the group and DescribeSubscriptionFilters reports it. For the other account to exist at all, a request\'s x-moto-account-id header now wins over the emulator\'s MOTO_ACCOUNT_ID (the landing zone creates the destination in the operations account the ARN names).',
  },
  {
    resourceType: 'aws_instance',
    missingCall: 'EC2 MonitorInstances / UnmonitorInstances',
    handling: 'extended-in-launcher',
    note: 'monitoring = true: the provider calls MonitorInstances after RunInstances; moto raised NotImplemented. DescribeInstances reports the state set.',
  },
  {
    resourceType: 'aws_instance',
    missingCall: 'EC2 RunInstances ignores DisableApiTermination',
    handling: 'extended-in-launcher',
    note: 'The instance read back disable_api_termination = false, so the plan after apply showed an update. DescribeInstanceAttribute now returns what was set.',
  },
  {
    resourceType: 'aws_instance',
    missingCall: 'EC2 ModifyInstanceMaintenanceOptions; RunInstances ignores MaintenanceOptions',
    handling: 'extended-in-launcher',
    note: 'maintenance_options { auto_recovery }: stored on the instance and reported by DescribeInstances (default "default", as in EC2).',
  },
  {
    resourceType: 'aws_instance',
    missingCall: 'EC2 RunInstances rejects a root volume without VolumeSize (MissingParameter)',
    handling: 'extended-in-launcher',
    note: 'EC2 takes the size from the AMI snapshot; moto AMIs have none, so the launcher uses 8 GiB (moto\'s default root volume).',
  },
  {
    resourceType: 'aws_instance',
    missingCall: 'EC2 RunInstances with a network interface specification reports no security groups on the instance',
    handling: 'extended-in-launcher',
    note: 'The provider sends an interface specification whenever associate_public_ip_address is set; moto kept the groups on the interface only, so the plan after apply showed vpc_security_group_ids as changed. The instance now reports its primary interface\'s groups, as EC2 does.',
  },
  {
    resourceType: 'aws_instance',
    missingCall: 'EC2 ModifyInstanceAttribute InstanceInitiatedShutdownBehavior (moto fell through to its security-group handler and emptied the groups)',
    handling: 'extended-in-launcher',
    note: 'The provider sets instance_initiated_shutdown_behavior right after RunInstances. The behaviour is now stored (DescribeInstanceAttribute reports it), and only a call naming groups changes them. With the entry above, the instances keep their groups through apply: test/instance-app/no-replacement.test.ts tolerates no drift.',
  },
  {
    resourceType: 'aws_instance',
    missingCall: 'EC2 reports an empty association on a network interface without a public address',
    handling: 'extended-in-launcher',
    note: 'The provider read <association/> as associate_public_ip_address = true, so the plan after apply wanted to replace an instance launched with associate_public_ip_address = false. The association is now left out, as EC2 does.',
  },
  {
    resourceType: 'aws_appautoscaling_target',
    missingCall: 'Application Auto Scaling ListTagsForResource / TagResource / UntagResource; RegisterScalableTarget ignores Tags',
    handling: 'extended-in-launcher',
    note: 'Tags are kept on the scalable target in moto\'s backend; unknown ARNs answer ResourceNotFoundException.',
  },
  {
    resourceType: 'aws_backup_selection',
    missingCall: 'Backup CreateBackupSelection / GetBackupSelection / DeleteBackupSelection / ListBackupSelections',
    handling: 'extended-in-launcher',
    note: 'Selections are kept per plan in moto\'s backup backend; DeleteBackupPlan is refused while a plan still has selections, as in AWS.',
  },
  {
    resourceType: 'aws_backup_vault',
    missingCall: 'Backup ListTags (GET /tags/{arn} without a trailing slash); ListRecoveryPointsByBackupVault',
    handling: 'extended-in-launcher',
    note: 'moto read the ARN from the wrong path segment and answered every vault and plan with no tags (the plan after apply showed tags_all changed). A vault with force_destroy lists its recovery points before deletion; moto had no route for it. It answers none: moto runs no backup jobs.',
  },
  {
    resourceType: 'aws_backup_plan',
    missingCall: 'Backup ListTags (GET /tags/{arn} without a trailing slash)',
    handling: 'extended-in-launcher',
    note: 'As for vaults: the tags given at creation were kept but never listed.',
  },
  {
    resourceType: 'aws_ssm_patch_baseline',
    missingCall: 'SSM GetPatchBaseline / UpdatePatchBaseline; tagging a PatchBaseline (moto rejected every baseline ID)',
    handling: 'extended-in-launcher',
    note: 'GetPatchBaseline always returns GlobalFilters (empty when unset): provider 5.100.0 crashes on a nil GlobalFilters.',
  },
  {
    resourceType: 'aws_ssm_patch_group',
    missingCall: 'SSM DescribePatchGroups',
    handling: 'extended-in-launcher',
    note: 'Answers from moto\'s patch group registrations, with the NAME_PREFIX and OPERATING_SYSTEM filters.',
  },
  {
    resourceType: 'aws_ssm_maintenance_window_target',
    missingCall: 'SSM DescribeMaintenanceWindowTargets with filters (moto returned nothing for any filter); UpdateMaintenanceWindowTarget',
    handling: 'extended-in-launcher',
    note: 'The provider reads a target by the WindowTargetId filter; the registered OwnerInformation is returned instead of moto\'s blank.',
  },
  {
    resourceType: 'aws_ssm_maintenance_window_task',
    missingCall: 'SSM GetMaintenanceWindowTask / UpdateMaintenanceWindowTask; DescribeMaintenanceWindowTasks with filters',
    handling: 'extended-in-launcher',
    note: 'Read, update and filter over moto\'s stored window tasks.',
  },
  {
    resourceType: 'aws_iam_role_policy_attachment',
    missingCall: 'IAM AWS-managed policies such as service-role/AmazonRDSEnhancedMonitoringRole (NoSuchEntity)',
    handling: 'extended-in-launcher',
    note: 'The launcher turns on moto\'s own catalogue of AWS-managed policies (MOTO_IAM_LOAD_MANAGED_POLICIES, ~1,600 policies, < 0.1 s).',
  },
  {
    resourceType: 'aws_ecs_service',
    missingCall: 'ECS CreateService drops availabilityZoneRebalancing, deploymentConfiguration, healthCheckGracePeriodSeconds, enableExecuteCommand, enableECSManagedTags, capacity provider and placement settings',
    handling: 'extended-in-launcher',
    note: 'Without them the plan after apply showed availability_zone_rebalancing (and the deployment settings) as changed. Kept as sent; the default deployment configuration is 100/200, circuit breaker off, as ECS reports.',
  },
  {
    resourceType: 'aws_db_instance',
    missingCall: 'RDS CreateDBInstance / ModifyDBInstance ignore Performance Insights',
    handling: 'extended-in-launcher',
    note: 'DescribeDBInstances reported Performance Insights off, so the plan after apply showed it (and every policy built from the instance\'s outputs) as changed. Kept as sent, retention 7 days by default. The provider\'s waiters make an RDS create take ~80 s even against the emulator (60 s before the first look).',
  },
  {
    resourceType: 'aws_db_instance',
    missingCall: 'RDS gives every DB instance the same DbiResourceId (db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U)',
    handling: 'extended-in-launcher',
    note: 'The provider uses the DbiResourceId as the resource ID and reads an instance through the dbi-resource-id filter: with two DB instances in one emulator (tma-test and workshop-test) every read matched both and an apply failed ("couldn\'t find resource"). Each instance now gets its own ID, shaped like RDS\'s.',
  },
  {
    resourceType: 'aws_db_instance',
    missingCall: 'RDS CreateDBInstance without CACertificateIdentifier reports the CA "rds-ca-default"',
    handling: 'extended-in-launcher',
    note: 'RDS gives a new instance rds-ca-rsa2048-g1 (its default since January 2024), the CA the blueprints pin. The provider does not send the CA on create and, seeing another one, followed every create with ModifyDBInstance and a second ~80 s waiter. New instances now report RDS\'s default unless the request names one.',
  },
  {
    resourceType: 'aws_db_parameter_group',
    missingCall: 'RDS DescribeDBParameters omits Source',
    handling: 'extended-in-launcher',
    note: 'The provider keeps only Source=user parameters, so every parameter looked missing. moto stores only the parameters set on the group, which are the user ones; engine defaults are not modelled (Source=engine-default/system answers none).',
  },
  {
    resourceType: 'aws_kms_key',
    missingCall: 'KMS GetKeyRotationStatus omits RotationPeriodInDays; EnableKeyRotation drops it',
    handling: 'extended-in-launcher',
    note: 'rotation_period_in_days read back 0 instead of 365. Kept per key, 365 unless set.',
  },
  {
    resourceType: 'aws_efs_backup_policy',
    missingCall: 'EFS PutBackupPolicy',
    handling: 'extended-in-launcher',
    note: 'moto only reported the policy that CreateFileSystem\'s Backup flag set. PutBackupPolicy now sets ENABLED or DISABLED, and a policy put DISABLED reads back DISABLED (not PolicyNotFound), as in EFS; the transitional ENABLING/DISABLING states are skipped.',
  },
  {
    resourceType: 'aws_efs_file_system_policy',
    missingCall: 'EFS DeleteFileSystemPolicy; DescribeFileSystemPolicy of a missing file system',
    handling: 'extended-in-launcher',
    note: 'Destroying the policy had no handler. Describing the policy of a file system that no longer exists failed with a KeyError (HTTP 500) instead of FileSystemNotFound, so a refresh could not drop it from state.',
  },
  {
    resourceType: 'aws_vpc_security_group_ingress_rule',
    missingCall: 'EC2 DescribeSecurityGroupRules omits Description for rules that reference a security group',
    handling: 'extended-in-launcher',
    note: 'moto kept the description with the group pair but reported only CIDR rules\' descriptions.',
  },
  {
    resourceType: 'aws_vpc_security_group_egress_rule',
    missingCall: 'EC2 DescribeSecurityGroupRules omits Description for rules that reference a security group',
    handling: 'extended-in-launcher',
    note: 'As for ingress rules.',
  },
  {
    resourceType: 'aws_s3_bucket_logging',
    missingCall: 'S3 PutBucketLogging crashed (HTTP 500) when the target bucket policy has a statement with "Principal": "*"',
    handling: 'extended-in-launcher',
    note: 'moto checks that the target\'s policy grants logging.s3.amazonaws.com s3:PutObject, but read every statement\'s Principal as a map; the hardened buckets\' TLS-only deny has "*". Single values and lists are read as IAM allows; a missing grant is still refused (InvalidTargetBucketForLogging).',
  },
  {
    resourceType: 'aws_cloudtrail',
    missingCall: 'CloudTrail CreateTrail / UpdateTrail with the SNS topic given by ARN',
    handling: 'extended-in-launcher',
    note: 'SnsTopicName takes a name or an ARN; moto built an ARN around the ARN and refused the trail ("SNS Topic does not exist"). DescribeTrails now reports the topic\'s ARN and, as CloudTrail does, its name in SnsTopicName.',
  },
  {
    resourceType: 'aws_guardduty_detector_feature',
    missingCall: 'GuardDuty UpdateDetector replaces the whole feature list instead of changing the features it names',
    handling: 'extended-in-launcher',
    note: 'Each aws_guardduty_detector_feature sends only its own feature, so every one removed the ones before it and their reads failed ("empty result"). Features are now merged by name, as GuardDuty does.',
  },
  {
    resourceType: 'aws_ssm_association',
    missingCall: 'SSM CreateAssociation / DescribeAssociation / UpdateAssociation / DeleteAssociation / ListAssociations; tagging an Association',
    handling: 'extended-in-launcher',
    note: 'State Manager associations (CloudWatch agent install and configuration, patch scan) are kept in moto\'s SSM backend; nothing runs them, so they stay Pending. UpdateAssociation overwrites every optional field, as the real API does. Document names are not checked: moto has none of the AWS-owned documents.',
  },
  {
    resourceType: 'aws_s3_account_public_access_block',
    missingCall: 'S3 Control host prefix: requests go to <account>.<endpoint host> (123456789012.127.0.0.1), which no resolver knows',
    handling: 'extended-in-launcher',
    note: 'No /etc/hosts change: emulatorEnv() makes the emulator the HTTP proxy. Go never proxies loopback, so only prefixed hosts go through it, and moto answers the absolute-URI request itself.',
  },
  {
    resourceType: 'aws_kms_key',
    missingCall: 'KMS CreateKey without KeyUsage: DescribeKey reports no KeyUsage',
    handling: 'extended-in-launcher',
    note: 'Found importing a key made through the API: key_usage read back empty and forced a replacement of the key and, through references, of everything encrypted with it. KMS defaults to ENCRYPT_DECRYPT and always reports it.',
    provenBy: 'test/test-bed/launcher-import-defaults.test.ts',
  },
  {
    resourceType: 'aws_nat_gateway',
    missingCall: 'EC2 CreateNatGateway without ConnectivityType: DescribeNatGateways reports none',
    handling: 'extended-in-launcher',
    note: 'Found importing: connectivity_type read back empty and forced a replacement. EC2 defaults to public and always reports it.',
    provenBy: 'test/test-bed/launcher-import-defaults.test.ts',
  },
  {
    resourceType: 'aws_ebs_volume',
    missingCall: 'EC2 CreateVolume with KmsKeyId given as key ID or alias: DescribeVolumes reports it as given',
    handling: 'extended-in-launcher',
    note: 'Found importing: EC2 reports the key\'s ARN whatever form the request used; moto echoed the key ID, so a reference to the key\'s ARN planned a replacement of the volume and its attachment.',
    provenBy: 'test/test-bed/launcher-import-defaults.test.ts',
  },
  {
    resourceType: 'aws_lb',
    missingCall: 'ELBv2 DescribeLoadBalancerAttributes of an application load balancer leaves out the attributes never set',
    handling: 'extended-in-launcher',
    note: 'Found importing an ALB made through the API: idle_timeout, enable_http2, desync_mitigation_mode, client_keep_alive, connection_logs and seven more read back null, so the plan updated them to the provider defaults. AWS reports all of them; the launcher fills in its documented defaults (attributes a request set are kept).',
    provenBy: 'test/test-bed/launcher-import-defaults.test.ts',
  },
  {
    resourceType: 'aws_db_instance',
    missingCall: 'RDS CreateDBInstance with KmsKeyId given as key ID or alias: DescribeDBInstances reports it as given',
    handling: 'extended-in-launcher',
    note: 'Found importing: RDS reports the key\'s ARN; the provider rejects a bare key ID in kms_key_id ("invalid ARN"), so an imported database could not even be planned.',
    provenBy: 'test/test-bed/launcher-import-defaults.test.ts',
  },
  {
    resourceType: 'aws_acm_certificate',
    missingCall: 'ACM RequestCertificate ignores KeyAlgorithm: every requested certificate reports RSA_2048',
    handling: 'extended-in-launcher',
    note: 'Found importing a certificate requested with an EC key: key_algorithm read back RSA_2048 and forced a replacement. The requested algorithm is kept and reported (DescribeCertificate, ListCertificates and its keyTypes filter); the key material stays moto\'s.',
    provenBy: 'test/terraform-import/types/acm.test.ts',
  },
  {
    resourceType: 'aws_acm_certificate_validation',
    missingCall: 'ACM issues an AMAZON_ISSUED certificate only when DescribeCertificate comes 60 s after RequestCertificate (moto\'s MOTO_ACM_VALIDATION_WAIT default), whatever the validation records',
    handling: 'extended-in-launcher',
    note: 'provider 5.100.0 polls DescribeCertificate until ISSUED (no delay, backoff up to 10 s), so every app stack\'s validation waited out moto\'s minute: 53 s in tma-test and workshop-test (2026-12-02 CI logs), as long as their validation records had taken (15 s) subtracted. ACM itself issues once the CNAME resolves, seconds to minutes. The launcher sets MOTO_ACM_VALIDATION_WAIT to 5 s (moto reads it from its environment at start, moto/settings.py; a value the caller sets wins): the certificate still reads PENDING_VALIDATION first, then ISSUED. Measured (2026-12-02, a hosted zone, a DNS-validated certificate, its record and the validation, alone against the launcher): "Creation complete after 33s" with 60 s, 0 s with 5 s, the record having taken 15 s either way.',
    provenBy: 'test/test-bed/launcher-deploy-extensions.test.ts',
  },
  {
    resourceType: 'aws_ecs_service',
    missingCall: 'ECS CreateService without availabilityZoneRebalancing: DescribeServices reports none',
    handling: 'extended-in-launcher',
    note: 'Found importing a service made through the API: availability_zone_rebalancing read back empty and the plan set it to the provider default DISABLED. ECS turns it on (ENABLED) for a service created without it and reports it; Terraform always sends the setting, so its services are unchanged.',
    provenBy: 'test/terraform-import/types/ecs.test.ts',
  },
  {
    resourceType: 'aws_iam_policy',
    missingCall: 'IAM GetAccountAuthorizationDetails leaves out PolicyName and PolicyId of a managed policy and returns a role\'s trust policy not URL-encoded',
    handling: 'extended-in-launcher',
    note: 'Found when discovery moved its IAM types onto this one listing (tags, attachments, inline policies and policy versions of every role and policy, instead of several calls per role): a policy had no name to import by. moto serialized the detail from its policy object, whose name and ID it keeps as `name` and `id`; both are now reported, and the role\'s trust policy is URL-encoded as IAM does everywhere.',
    provenBy: 'test/terraform-import/types/iam.test.ts',
  },
  {
    resourceType: 'aws_db_subnet_group',
    missingCall: 'RDS ModifyDBSubnetGroup removes the group it modifies',
    handling: 'extended-in-launcher',
    note: 'Found applying an adopted database: the blueprint\'s description and tags update the imported subnet group in place, and every read after it failed ("Root object was present, but now absent"). moto took the group out of its backend and never put it back; it is now modified where it is.',
    provenBy: 'test/test-bed/launcher-adopt-apply.test.ts',
  },
  {
    resourceType: 'aws_backup_vault_policy',
    missingCall: 'Backup PutBackupVaultAccessPolicy / GetBackupVaultAccessPolicy / DeleteBackupVaultAccessPolicy (moto had no route: 404)',
    handling: 'extended-in-launcher',
    note: 'Every production tier puts a vault policy that denies deleting recovery points. The policy is kept on the vault as given (not evaluated: moto runs no backup jobs) and reported with the vault\'s name and ARN; an unknown vault, or a vault without a policy on Get, answers ResourceNotFoundException.',
    provenBy: 'test/test-bed/launcher-adopt-apply.test.ts',
  },
  {
    resourceType: 'aws_ebs_volume',
    missingCall: 'EC2 CreateVolume of a gp3 volume without Throughput: DescribeVolumes reports none',
    handling: 'extended-in-launcher',
    note: 'Found applying an adopted volume: provider 5.100.0 calls ModifyVolume when only final_snapshot changes (hashicorp/terraform-provider-aws#31044) and names only the throughput it read; with none read, moto (like EC2) refused a modify that names nothing. EC2 gives a gp3 volume 125 MiB/s and reports it, so the provider sends it and EC2 accepts. Other volume types report no throughput, as in EC2.',
    provenBy: 'test/test-bed/launcher-adopt-apply.test.ts',
  },
  {
    resourceType: 'aws_instance',
    missingCall: 'EC2 ModifyNetworkInterfaceAttribute on an instance\'s primary interface leaves the instance\'s groups unchanged',
    handling: 'extended-in-launcher',
    note: 'Found applying an adopted instance, which moves to the blueprint\'s security group: the provider changes vpc_security_group_ids on the primary interface, moto kept reporting the old groups on the instance (and old and new on the interface), so the plan after apply showed the change again. The instance now reports its primary interface\'s groups, as EC2 does.',
    provenBy: 'test/test-bed/launcher-adopt-apply.test.ts',
  },
  {
    resourceType: 'aws_ecs_service',
    missingCall: 'ECS UpdateService with a partial deploymentConfiguration drops the parts it leaves out',
    handling: 'extended-in-launcher',
    note: 'Found applying an adopted service: the provider sends only what changed (the circuit breaker) and moto replaced the whole configuration, so the service read back 0 % maximum and minimum healthy. The parts left out are kept, as ECS does.',
    provenBy: 'test/test-bed/launcher-adopt-apply.test.ts',
  },
  {
    resourceType: 'aws_grafana_workspace',
    missingCall: 'Amazon Managed Grafana (the whole service: CreateWorkspace, DescribeWorkspace, UpdateWorkspace, DeleteWorkspace, DescribeWorkspaceConfiguration, UpdateWorkspaceConfiguration, TagResource, UntagResource, ListTagsForResource)',
    handling: 'extended-in-launcher',
    note: 'moto 5.2.5 has no grafana backend. The launcher registers one with moto (state in its backend objects, cleared by /moto-api/reset; answers serialized from botocore\'s grafana model). A workspace answers CREATING to CreateWorkspace and ACTIVE from the first DescribeWorkspace on (the provider waits for ACTIVE), UPDATING after an update likewise, and is gone after DeleteWorkspace. VPC subnets and security groups must exist, the subnets in two zones or more. Nothing serves Grafana itself: the endpoint is a name, so publishing dashboards stays tested against the local HTTP server (test/observability/).',
    provenBy: 'test/test-bed/launcher-deploy-extensions.test.ts',
  },
  {
    resourceType: 'aws_kinesis_firehose_delivery_stream',
    missingCall: 'Firehose CreateDeliveryStream / UpdateDestination with AmazonopensearchserviceDestinationConfiguration (moto knew the Elasticsearch destination only: "Exactly one destination configuration is supported"); DescribeDeliveryStream reported server-side encryption without a status',
    handling: 'extended-in-launcher',
    note: 'The OpenSearch destination is kept on moto\'s delivery stream and reported as AmazonopensearchserviceDestinationDescription, with Firehose\'s defaults for what the request leaves out and the VPC of its subnets (VpcConfigurationDescription). As Firehose does, the domain must exist and a destination cannot switch to or from OpenSearch. A stream created with a KMS key reports its encryption ENABLED: moto echoed the input without a status, which the provider read as encryption off. No record reaches the domain (moto delivers none); the CloudWatch Logs destination and its policy in front of the stream are plain moto.',
    provenBy: 'test/test-bed/launcher-deploy-extensions.test.ts',
  },
  {
    resourceType: 'aws_opensearch_domain',
    missingCall: 'none: moto creates, describes and deletes the domain at once, but provider 5.100.0 waits 10 minutes after CreateDomain, and again after DeleteDomain, before its first DescribeDomain',
    handling: 'provider-wait-shortened',
    timeouts: { create: '5s', delete: '5s' },
    note: 'Measured: with the default timeout, apply held the domain 10 min 0 s with no API call in between, and destroy 10 min 21 s, which the 20-minute suite cannot afford. Experiment (2026-12-02, a bare domain with timeouts { create = "30s" }): CreateDomain, then exactly one DescribeDomain 30.1 s later, and "Creation complete after 30s": when its create timeout runs out, provider 5.100.0 describes the domain once more and accepts it when Processing is false and an endpoint is set, which moto reports at once. Destroy likewise: with the default timeout DeleteDomain, then nothing for 10 min 0 s, then three config reads 10 s apart (10 min 21 s); with timeouts { delete = "5s" } one DescribeDomain 5 s after DeleteDomain found the domain gone ("Destruction complete after 5s"). The end-to-end run therefore puts 5 s create and delete timeouts on every domain through a Terraform override file beside the stack (emulator_waits_override.tf.json); the domain itself is created with the blueprint\'s arguments, unchanged, and the second plan and destroy run with the same file.',
    provenBy: 'test/e2e/reference-environments.test.ts',
  },
];

/** The name of the Terraform override file with the shortened timeouts (provider-wait-shortened). */
export const EMULATOR_WAITS_OVERRIDE_FILE = 'emulator_waits_override.tf.json';

/**
 * A Terraform override file giving every resource of a 'provider-wait-shortened' type in a synthesized
 * stack its shorter timeouts (Terraform merges them into the resource's own block; nothing else of the
 * resource changes), or undefined when the stack has none.
 */
export function emulatorWaitOverride(stack: { resource?: Blocks }, gaps: readonly EmulatorGap[] = EMULATOR_GAPS): Record<string, unknown> | undefined {
  const resource: Blocks = {};
  for (const gap of gaps.filter((g) => g.handling === 'provider-wait-shortened')) {
    const timeouts = gap.timeouts;
    if (!timeouts || Object.keys(timeouts).length === 0) throw new Error(`gap ${gap.resourceType}: a provider-wait-shortened entry needs timeouts`);
    const names = Object.keys(stack.resource?.[gap.resourceType] ?? {});
    if (names.length > 0) resource[gap.resourceType] = Object.fromEntries(names.map((n) => [n, { timeouts }]));
  }
  return Object.keys(resource).length > 0 ? { resource } : undefined;
}

/** Resource types the end-to-end run does not deploy against the emulator. */
export function notDeployedTypes(gaps: readonly EmulatorGap[] = EMULATOR_GAPS): Set<string> {
  return new Set(gaps.filter((g) => g.handling === 'not-deployed-in-e2e').map((g) => g.resourceType));
}

export interface DeploymentTargets {
  /** Resource addresses (type.name) to deploy, sorted. */
  deploy: string[];
  /** Resource addresses left out: not-deployed types and every resource that depends on one, sorted. */
  exclude: string[];
  /** `-target=` arguments for terraform plan/apply; empty when nothing is excluded (deploy everything). */
  targetArgs: string[];
}

type Blocks = Record<string, Record<string, unknown>>;

function addressesOf(blocks: Blocks | undefined, prefix: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [type, byName] of Object.entries(blocks ?? {})) {
    for (const [name, body] of Object.entries(byName ?? {})) out.set(`${prefix}${type}.${name}`, body);
  }
  return out;
}

/** Addresses this block refers to: `${type.name...}` interpolations and depends_on entries. */
function referencedAddresses(body: unknown, known: Set<string>): Set<string> {
  const text = JSON.stringify(body);
  const refs = new Set<string>();
  // Interpolations reference `type.name` or `data.type.name`, followed by `.attr`, `[`, `}` or a space.
  const pattern = /(?<![A-Za-z0-9_.-])(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)/g;
  for (const match of text.matchAll(pattern)) {
    const address = `${match[1] ?? ''}${match[2]}.${match[3]}`;
    if (known.has(address)) refs.add(address);
  }
  return refs;
}

/**
 * Which resources of a synthesized stack (a parsed cdk.tf.json) the end-to-end run deploys. A
 * resource that depends on an excluded one is excluded too: `terraform apply -target` would
 * otherwise pull the excluded resource back in as a dependency.
 */
export function deploymentTargets(stack: { resource?: Blocks; data?: Blocks }, gaps: readonly EmulatorGap[] = EMULATOR_GAPS): DeploymentTargets {
  const skipTypes = notDeployedTypes(gaps);
  const blocks = new Map([...addressesOf(stack.resource, ''), ...addressesOf(stack.data, 'data.')]);
  const known = new Set(blocks.keys());
  const dependsOn = new Map([...blocks].map(([address, body]) => [address, referencedAddresses(body, known)]));

  const excluded = new Set([...known].filter((a) => !a.startsWith('data.') && skipTypes.has(a.split('.')[0])));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [address, refs] of dependsOn) {
      if (!excluded.has(address) && [...refs].some((r) => excluded.has(r))) {
        excluded.add(address);
        grew = true;
      }
    }
  }
  const resources = [...known].filter((a) => !a.startsWith('data.')).sort();
  const deploy = resources.filter((a) => !excluded.has(a));
  const exclude = resources.filter((a) => excluded.has(a));
  return { deploy, exclude, targetArgs: exclude.length === 0 ? [] : deploy.map((a) => `-target=${a}`) };
}
