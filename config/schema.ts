/**
 * The YAML environment file, as users write it. Every key a tier sets a default for is optional here;
 * `resolve-environment.ts` fills it from the tier. Unknown keys are rejected (`strictObject`), so a typo
 * never silently falls back to a default.
 */
import { z } from 'zod';

const idPattern = (prefix: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}-[0-9a-f]{8}([0-9a-f]{9})?$`), `${/^[aeiou]/.test(prefix) ? 'an' : 'a'} ${prefix}- ID (${prefix}-xxxxxxxx or ${prefix}-xxxxxxxxxxxxxxxxx)`);

export const vpcId = idPattern('vpc');
export const subnetId = idPattern('subnet');
export const securityGroupId = idPattern('sg');
export const amiId = idPattern('ami');
const resourceName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, 'lower-case letters, digits and dashes, 2–32 characters, starting with a letter');
const awsAccountId = z.string().regex(/^\d{12}$/, 'a 12-digit AWS account ID (quote it in YAML)');
const awsRegion = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'an AWS region such as eu-central-1');
const arn = (service: string, what: string) =>
  z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]+:\\d{12}:.+$`), `an ${what} ARN (arn:aws:${service}:<region>:<account>:...)`);
export const acmCertificateArn = arn('acm', 'ACM certificate');
const ssmParameterName = z
  .string()
  .regex(/^\/[A-Za-z0-9_.\-/]+$/, 'an SSM parameter name starting with / (e.g. /tma/production/secret_key_base)');
export const cidrBlock = z
  .string()
  .refine(isCidr, 'an IPv4 CIDR block such as 10.0.0.0/16');

function isCidr(value: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  if (!m) return false;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  return octets.every((o) => o <= 255) && prefix <= 32;
}

const tags = z.record(z.string().regex(/^[\w .:/=+\-@]{1,128}$/, 'a tag key'), z.string().max(256));

const availabilityZone = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, 'an availability zone such as eu-central-1a');

export const subnetSchema = z.strictObject({
  id: subnetId,
  availabilityZone,
});

/** The landing-zone network we place things into; it is owned elsewhere and never created here. */
export const networkSchema = z.strictObject({
  vpcId,
  /** Used for security-group rules that must allow the VPC itself (e.g. health checks from an NLB). */
  vpcCidr: cidrBlock,
  privateSubnets: z.array(subnetSchema).min(2, 'at least 2 private subnets, in 2 availability zones'),
  publicSubnets: z.array(subnetSchema).optional(),
});

/**
 * The landing-zone network found by tag with data sources at plan time, instead of by ID. Unsafe in a
 * shared VPC: participant accounts cannot see the owner's tags, so the lookup finds nothing there (or,
 * worse, another subnet that happens to carry the tag). Prefer IDs; this exists for accounts that own
 * their VPC and rebuild it with new IDs.
 */
export const networkLookupSchema = z.strictObject({
  lookup: z.strictObject({
    vpcTags: tags.refine((t) => Object.keys(t).length > 0, 'at least one tag'),
    /** Must match exactly one private subnet in each of `availabilityZones`. */
    privateSubnetTags: tags.refine((t) => Object.keys(t).length > 0, 'at least one tag'),
    /** Must match exactly one public subnet per zone; needed for an internet-facing load balancer. @default none */
    publicSubnetTags: tags.refine((t) => Object.keys(t).length > 0, 'at least one tag').optional(),
    /** The zones to place instances in; they cannot be discovered at synth time. */
    availabilityZones: z.array(availabilityZone).min(2, 'at least 2 availability zones'),
  }),
});

/** Where an app environment is placed: the landing zone's VPC and subnets by ID, or found by tag. */
export const appNetworkSchema = z.union([networkSchema, networkLookupSchema]);

export const certificateSchema = z.union([
  z.strictObject({ arn: acmCertificateArn }),
  z.strictObject({
    domainName: z.string().regex(/^(\*\.)?([a-z0-9-]+\.)+[a-z]{2,}$/, 'a DNS name such as app.example.com'),
    hostedZoneId: z.string().regex(/^Z[A-Z0-9]{4,32}$/, 'a Route 53 hosted zone ID such as Z0123456789ABC'),
    subjectAlternativeNames: z.array(z.string()).optional(),
  }),
]);

export const loadBalancerSchema = z.strictObject({
  /** @default internet-facing */
  scheme: z.enum(['internet-facing', 'internal']).optional(),
  certificate: certificateSchema,
  /** @default ['0.0.0.0/0'] for internet-facing, the VPC CIDR for internal */
  allowedIngressCidrs: z.array(cidrBlock).min(1).optional(),
  /** @default tier: true in production, false in test */
  deletionProtection: z.boolean().optional(),
  /** @default 30 seconds: long enough for in-flight Rails requests, short enough for quick rollouts */
  deregistrationDelaySeconds: z.number().int().min(0).max(3600).optional(),
  /** @default tier: 365 days in production, 30 in test */
  accessLogRetentionDays: z.number().int().min(1).optional(),
});

export const databaseSchema = z.strictObject({
  /** @default postgres */
  engine: z.enum(['postgres', 'mysql']).optional(),
  /**
   * A major version lets RDS apply minor upgrades (PostgreSQL `16`, MySQL `8.0`).
   * @default '16' for postgres, '8.0' for mysql
   */
  engineVersion: z.string().regex(/^\d+(\.\d+){0,2}$/, 'a version such as 16, 16.4 or 8.0').optional(),
  /** @default tier: db.t4g.micro in test, db.m6g.large in production */
  instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'an RDS instance class such as db.t4g.micro').optional(),
  /** @default tier: 20 GiB in test, 100 GiB in production */
  allocatedStorageGiB: z.number().int().min(20).max(65536).optional(),
  /** @default 4 × allocatedStorageGiB (storage autoscaling) */
  maxAllocatedStorageGiB: z.number().int().min(20).max(65536).optional(),
  /** @default the app name with - replaced by _ */
  databaseName: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/, 'a database name (letters, digits, _)').optional(),
  /** @default app */
  masterUsername: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,15}$/, 'a master user name (letters, digits, _)').optional(),
  /** @default 5432 for postgres, 3306 for mysql */
  port: z.number().int().min(1150).max(65535).optional(),
  /** @default tier: true in production, false in test */
  multiAz: z.boolean().optional(),
  /** @default tier: true in production, false in test */
  deletionProtection: z.boolean().optional(),
  /** @default tier: 30 days in production, 7 in test */
  backupRetentionDays: z.number().int().min(0).max(35).optional(),
  /** @default tier: true in production, false in test */
  preventDestroy: z.boolean().optional(),
  /** @default tier: true in production (a final snapshot before delete), false in test */
  finalSnapshot: z.boolean().optional(),
});

export const logsSchema = z.strictObject({
  /** @default tier: 365 days in production, 30 in test */
  retentionDays: z
    .number()
    .int()
    .refine((d) => LOG_RETENTION_DAYS.includes(d), `one of CloudWatch's retention periods: ${[1, 3, 5, 7, 14, 30, 60, 90, 180, 365, 731, 1827, 3653].join(', ')}`)
    .optional(),
});
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export const alertingSchema = z.strictObject({
  /**
   * Name of an SSM parameter that holds the Opsgenie CloudWatch integration URL. The URL carries the
   * integration's API key, so it never appears in config; it is read at plan time.
   * @default none: alarms go to the SNS topic only
   */
  opsgenieEndpointParameter: ssmParameterName.optional(),
  /** E-mail addresses subscribed to the alarm topic. @default none */
  emails: z.array(z.email('an e-mail address')).optional(),
});

export const backendSchema = z.union([
  z.strictObject({ local: z.strictObject({}) }),
  z.strictObject({
    s3: z.strictObject({
      bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name'),
      /** @default the environment's region */
      region: awsRegion.optional(),
      /** State key is `<keyPrefix>/<stack>.tfstate`. @default cdktf-aws-blueprints */
      keyPrefix: z.string().regex(/^[A-Za-z0-9!_.*'()\-/]+$/, 'an S3 key prefix').optional(),
      kmsKeyId: z.string().optional(),
    }),
  }),
]);

export const containerServiceSchema = z.strictObject({
  name: resourceName,
  /** An image reference; `<ecr>` stands for the app's own ECR repository, e.g. `<ecr>:1.4.2`. */
  image: z.string().min(1),
  containerPort: z.number().int().min(1).max(65535),
  /** @default tier: 256 in test, 512 in production (Fargate CPU units) */
  cpu: z.literal([256, 512, 1024, 2048, 4096]).optional(),
  /** @default tier: 512 in test, 1024 in production (MiB) */
  memoryMiB: z.number().int().min(512).max(30720).optional(),
  /** @default tier: 1 in test, 2 in production */
  desiredCount: z.number().int().min(0).max(100).optional(),
  /** @default tier: test 1–2, production 2–6 tasks */
  autoscaling: z
    .strictObject({
      minCapacity: z.number().int().min(0),
      maxCapacity: z.number().int().min(1),
      /** @default 60 */
      targetCpuPercent: z.number().min(10).max(95).optional(),
    })
    .optional(),
  healthCheckPath: z.string().regex(/^\/\S*$/, 'a path starting with /'),
  /** @default 60 seconds: Rails boots slowly */
  healthCheckGracePeriodSeconds: z.number().int().min(0).max(2147483647).optional(),
  /** The ALB rule that routes to this service; at least one of hostHeaders or pathPatterns. */
  routing: z
    .strictObject({
      priority: z.number().int().min(1).max(50000),
      hostHeaders: z.array(z.string().min(1)).min(1).optional(),
      pathPatterns: z.array(z.string().regex(/^\/\S*$/, 'a path pattern starting with /')).min(1).optional(),
    })
    .refine((r) => r.hostHeaders || r.pathPatterns, 'hostHeaders or pathPatterns'),
  /** @default true; WordPress-style apps that write into their tree need writablePaths instead */
  readonlyRootFilesystem: z.boolean().optional(),
  /** Paths mounted as writable scratch volumes, e.g. /tmp. @default [] */
  writablePaths: z.array(z.string().regex(/^\/\S*$/, 'an absolute path')).optional(),
  /** Plain environment variables; anything secret belongs in `secrets`. @default {} */
  environment: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'), z.string()).optional(),
  /** Environment variable → SSM SecureString parameter name; injected by ECS, never seen by Terraform. @default {} */
  secrets: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'), ssmParameterName).optional(),
  /** Whether the service gets the database connection parameters and a network path to it. @default true */
  usesDatabase: z.boolean().optional(),
});

export const containerAppSchema = z.strictObject({
  services: z.array(containerServiceSchema).min(1, 'at least one service'),
});

/** Settings for running against a local AWS API emulator; rejected for the production tier. */
export const emulationSchema = z.strictObject({
  endpoint: z.url('an http(s) URL such as http://127.0.0.1:5000'),
});

/** What every stack's file has: where it is deployed, how it is tagged and where its state lives. */
const stackCommon = {
  tier: z.enum(['test', 'production']),
  /** @default eu-central-1 */
  region: awsRegion.optional(),
  account: awsAccountId,
  /** Extra tags on every resource (the provider's default_tags). @default {} */
  tags: tags.optional(),
  /** @default local state (synth and validate work offline) */
  backend: backendSchema.optional(),
  emulation: emulationSchema.optional(),
};

/** What every app environment adds: its name and the landing-zone network it is placed into. */
const environmentCommon = {
  app: resourceName,
  environment: resourceName,
  ...stackCommon,
  network: appNetworkSchema,
  logs: logsSchema.optional(),
  alerting: alertingSchema.optional(),
};

export const containerAppEnvironmentSchema = z.strictObject({
  ...environmentCommon,
  blueprint: z.literal('container-app'),
  loadBalancer: loadBalancerSchema,
  database: databaseSchema.optional(),
  containerApp: containerAppSchema,
});

export const amiSchema = z.union([
  z.strictObject({ id: amiId }),
  z.strictObject({
    /** Account ID of the image owner, or self / amazon / aws-marketplace. */
    owner: z.string().regex(/^(\d{12}|self|amazon|aws-marketplace)$/, 'a 12-digit account ID, self, amazon or aws-marketplace'),
    /** Image name pattern, `*` and `?` as wildcards, e.g. hardened-al2023-*; the newest match is used at creation. */
    namePattern: z.string().regex(/^[\w\-.*?()/ ]{3,128}$/, 'an AMI name pattern such as hardened-al2023-*'),
  }),
]);

/** What Patch Manager calls the operating systems of the hardened images. */
export const OPERATING_SYSTEMS = ['AMAZON_LINUX_2023', 'AMAZON_LINUX_2', 'REDHAT_ENTERPRISE_LINUX', 'ROCKY_LINUX', 'ORACLE_LINUX', 'UBUNTU'] as const;
/** Ubuntu publishes no patch release dates, so Patch Manager cannot delay approval there. */
export const OS_WITHOUT_APPROVAL_DELAY: readonly (typeof OPERATING_SYSTEMS)[number][] = ['UBUNTU'];

const absolutePath = z.string().regex(/^\/\S*$/, 'an absolute path');

export const instanceAppSchema = z.strictObject({
  /** @default tier: t3.medium in test, m6i.large in production */
  instanceType: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'an EC2 instance type such as m6i.large').optional(),
  /** Instances in each availability zone of the private subnets. @default 1 */
  instancesPerAz: z.number().int().min(1).max(10).optional(),
  /** The hardened image: an ID, or the newest image matching owner + name pattern when an instance is created. */
  ami: amiSchema,
  /** The image's operating system, for the patch baseline. */
  operatingSystem: z.enum(OPERATING_SYSTEMS),
  /** @default 30 */
  rootVolumeGiB: z.number().int().min(8).max(16384).optional(),
  /** A second encrypted gp3 volume for the app's data (formatted and mounted by the app's installer). @default none */
  dataVolume: z
    .strictObject({
      sizeGiB: z.number().int().min(1).max(16384),
      /** @default /dev/sdf */
      deviceName: z.string().regex(/^\/dev\/(sd|xvd)[f-p]$/, 'a device name from /dev/sdf to /dev/sdp').optional(),
      /** Where the OS mounts it; used for the disk-space metric and alarm. @default /opt/app */
      mountPath: absolutePath.optional(),
    })
    .optional(),
  /** The port Tomcat listens on. @default 8080 */
  appPort: z.number().int().min(1).max(65535).optional(),
  healthCheckPath: z.string().regex(/^\/\S*$/, 'a path starting with /'),
  /** @default 200-399 */
  healthyStatusCodes: z.string().regex(/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/, 'HTTP codes such as 200 or 200-399').optional(),
  /** Load-balancer cookie stickiness in seconds, for apps that keep sessions in memory. @default off */
  stickinessSeconds: z.number().int().min(1).max(604800).optional(),
  /** The listener rule to the app. @default priority 100, every path (/*) */
  routing: z
    .strictObject({
      priority: z.number().int().min(1).max(50000),
      hostHeaders: z.array(z.string().min(1)).min(1).optional(),
      pathPatterns: z.array(z.string().regex(/^\/\S*$/, 'a path pattern starting with /')).min(1).optional(),
    })
    .refine((r) => r.hostHeaders || r.pathPatterns, 'hostHeaders or pathPatterns')
    .optional(),
  /** First-boot script; later edits are ignored (they would stop or replace the instance). No secrets: it is stored in state. @default none */
  userData: z.string().max(16384).optional(),
  /** Log files the CloudWatch agent ships, e.g. Tomcat's catalina.out. @default [] */
  logFiles: z
    .array(z.strictObject({ path: absolutePath, name: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, 'a short lower-case name') }))
    .optional(),
  /** @default tier: true in production, false in test */
  terminationProtection: z.boolean().optional(),
  /** @default tier: true in production, false in test */
  stopProtection: z.boolean().optional(),
  /** @default tier: true in production, false in test */
  preventDestroy: z.boolean().optional(),
});

export const backupSchema = z.strictObject({
  /** @default tier: 35 days in production, 7 in test */
  dailyRetentionDays: z.number().int().min(1).max(36500).optional(),
  /** 0 turns the weekly backup off. @default tier: 90 days in production, 0 in test */
  weeklyRetentionDays: z.number().int().min(0).max(36500).optional(),
  /** 0 turns the monthly backup off. @default tier: 365 days in production, 0 in test */
  monthlyRetentionDays: z.number().int().min(0).max(36500).optional(),
});

export const patchingSchema = z.strictObject({
  /** Maintenance window schedule. @default tier: Tuesdays 03:00 in test, Saturdays 03:00 in production */
  schedule: z.string().regex(/^cron\((\S+ ){5}\S+\)$/, 'a six-field schedule such as cron(0 3 ? * TUE *)').optional(),
  /** IANA time zone of the schedule. @default UTC */
  scheduleTimezone: z.string().regex(/^(UTC|[A-Z][A-Za-z_]+(\/[A-Za-z0-9_+-]+)+)$/, 'an IANA time zone such as Europe/Berlin').optional(),
  /** Days after release before a patch is approved; not for UBUNTU, whose patches wait only for the window. @default 7 */
  approveAfterDays: z.number().int().min(0).max(360).optional(),
  /** @default RebootIfNeeded */
  rebootOption: z.enum(['RebootIfNeeded', 'NoReboot']).optional(),
  /** @default 3 */
  durationHours: z.number().int().min(1).max(24).optional(),
});

export const monitoringSchema = z.strictObject({
  /** @default 80 */
  cpuThresholdPercent: z.number().min(1).max(100).optional(),
  /** @default 85 */
  memoryThresholdPercent: z.number().min(1).max(100).optional(),
  /** @default 85 */
  diskThresholdPercent: z.number().min(1).max(100).optional(),
});

export const instanceAppEnvironmentSchema = z.strictObject({
  ...environmentCommon,
  blueprint: z.literal('instance-app'),
  loadBalancer: loadBalancerSchema,
  database: databaseSchema.optional(),
  instanceApp: instanceAppSchema,
  backup: backupSchema.optional(),
  patching: patchingSchema.optional(),
  monitoring: monitoringSchema.optional(),
});

/** Account-level controls the baseline creates unless the landing zone provides them. */
export const BASELINE_CONTROLS = [
  'cloudTrail',
  'guardDuty',
  'configRecorder',
  'configRules',
  'passwordPolicy',
  'ebsEncryptionByDefault',
  's3PublicAccessBlock',
] as const;

export const GUARDDUTY_FEATURES = ['S3_DATA_EVENTS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'RUNTIME_MONITORING', 'LAMBDA_NETWORK_LOGS', 'EKS_AUDIT_LOGS'] as const;

/** The security baseline of one account and region; its stack is `baseline-<account>-<region>`. */
export const accountBaselineSchema = z.strictObject({
  blueprint: z.literal('account-baseline'),
  ...stackCommon,
  /**
   * The region that holds the account-wide controls: the multi-region trail, the password policy, the
   * S3 account public access block and Config's recording of global (IAM) resources. Baselines of the
   * account's other regions skip them. @default the file's region
   */
  homeRegion: awsRegion.optional(),
  /** Controls the landing zone already runs (often the org trail, GuardDuty and Config); not created here. @default [] */
  providedByLandingZone: z.array(z.enum(BASELINE_CONTROLS)).optional(),
  /** The CloudWatch Logs copy of the trail, for metric filters and Logs Insights queries. */
  logs: logsSchema.optional(),
  /** The audit bucket that CloudTrail and Config deliver to. */
  auditLogs: z
    .strictObject({
      /** @default tier: 730 days in production, 90 in test */
      retentionDays: z.number().int().min(1).max(36500).optional(),
    })
    .optional(),
  guardDuty: z
    .strictObject({
      /** @default FIFTEEN_MINUTES */
      findingPublishingFrequency: z.enum(['FIFTEEN_MINUTES', 'ONE_HOUR', 'SIX_HOURS']).optional(),
      /** Protection plans switched on. @default S3_DATA_EVENTS, EBS_MALWARE_PROTECTION, RDS_LOGIN_EVENTS */
      features: z.array(z.enum(GUARDDUTY_FEATURES)).optional(),
    })
    .optional(),
  configRecorder: z
    .strictObject({
      /** @default TwentyFour_Hours */
      snapshotDeliveryFrequency: z.enum(['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours']).optional(),
    })
    .optional(),
  passwordPolicy: z
    .strictObject({
      /** @default 14 */
      minimumLength: z.number().int().min(14, 'at least 14 (CIS)').max(128).optional(),
      /** @default 90 */
      maxAgeDays: z.number().int().min(1).max(1095).optional(),
      /** @default 24 */
      reusePrevention: z.number().int().min(1).max(24).optional(),
    })
    .optional(),
});

/** Each blueprint adds its own variant here; `blueprint` picks it. */
export const environmentFileSchema = z.discriminatedUnion('blueprint', [containerAppEnvironmentSchema, instanceAppEnvironmentSchema, accountBaselineSchema]);

export type EnvironmentFile = z.infer<typeof environmentFileSchema>;
export type ContainerAppEnvironmentFile = z.infer<typeof containerAppEnvironmentSchema>;
export type ContainerServiceFile = z.infer<typeof containerServiceSchema>;
export type InstanceAppEnvironmentFile = z.infer<typeof instanceAppEnvironmentSchema>;
export type AccountBaselineFile = z.infer<typeof accountBaselineSchema>;
export type AppEnvironmentFile = Exclude<EnvironmentFile, AccountBaselineFile>;
export type NetworkLookupConfig = z.infer<typeof networkLookupSchema>;
export type DatabaseConfig = z.infer<typeof databaseSchema>;
export type AmiConfig = z.infer<typeof amiSchema>;
export type OperatingSystem = (typeof OPERATING_SYSTEMS)[number];
export type BaselineControl = (typeof BASELINE_CONTROLS)[number];
export type NetworkConfig = z.infer<typeof networkSchema>;
export type AppNetworkConfig = z.infer<typeof appNetworkSchema>;
export type CertificateConfig = z.infer<typeof certificateSchema>;
export type BackendConfig = z.infer<typeof backendSchema>;
export type Tier = 'test' | 'production';
