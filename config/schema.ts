/**
 * The YAML environment file, as users write it. Every key a tier sets a default for is optional here;
 * `resolve-environment.ts` fills it from the tier. Unknown keys are rejected (`strictObject`), so a typo
 * never silently falls back to a default.
 */
import { z } from 'zod';

const idPattern = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8}([0-9a-f]{9})?$`), `a ${prefix}- ID (${prefix}-xxxxxxxx or ${prefix}-xxxxxxxxxxxxxxxxx)`);

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

export const subnetSchema = z.strictObject({
  id: subnetId,
  availabilityZone: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, 'an availability zone such as eu-central-1a'),
});

/** The landing-zone network we place things into; it is owned elsewhere and never created here. */
export const networkSchema = z.strictObject({
  vpcId,
  /** Used for security-group rules that must allow the VPC itself (e.g. health checks from an NLB). */
  vpcCidr: cidrBlock,
  privateSubnets: z.array(subnetSchema).min(2, 'at least 2 private subnets, in 2 availability zones'),
  publicSubnets: z.array(subnetSchema).optional(),
});

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
  engine: z.enum(['postgres']).optional(),
  /** @default '16' — a major version lets RDS apply minor upgrades */
  engineVersion: z.string().regex(/^\d+(\.\d+)?$/, 'a version such as 16 or 16.4').optional(),
  /** @default tier: db.t4g.micro in test, db.m6g.large in production */
  instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'an RDS instance class such as db.t4g.micro').optional(),
  /** @default tier: 20 GiB in test, 100 GiB in production */
  allocatedStorageGiB: z.number().int().min(20).max(65536).optional(),
  /** @default 4 × allocatedStorageGiB (storage autoscaling) */
  maxAllocatedStorageGiB: z.number().int().min(20).max(65536).optional(),
  databaseName: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/, 'a PostgreSQL database name').optional(),
  /** @default app */
  masterUsername: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,15}$/, 'a master user name (letters, digits, _)').optional(),
  /** @default 5432 */
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

const environmentCommon = {
  app: resourceName,
  environment: resourceName,
  tier: z.enum(['test', 'production']),
  /** @default eu-central-1 */
  region: awsRegion.optional(),
  account: awsAccountId,
  /** Extra tags on every resource (the provider's default_tags). @default {} */
  tags: tags.optional(),
  /** @default local state (synth and validate work offline) */
  backend: backendSchema.optional(),
  network: networkSchema,
  logs: logsSchema.optional(),
  alerting: alertingSchema.optional(),
  emulation: emulationSchema.optional(),
};

export const containerAppEnvironmentSchema = z.strictObject({
  ...environmentCommon,
  blueprint: z.literal('container-app'),
  loadBalancer: loadBalancerSchema,
  database: databaseSchema.optional(),
  containerApp: containerAppSchema,
});

/** Each blueprint adds its own variant here; `blueprint` picks it. */
export const environmentFileSchema = z.discriminatedUnion('blueprint', [containerAppEnvironmentSchema]);

export type EnvironmentFile = z.infer<typeof environmentFileSchema>;
export type ContainerAppEnvironmentFile = z.infer<typeof containerAppEnvironmentSchema>;
export type ContainerServiceFile = z.infer<typeof containerServiceSchema>;
export type NetworkConfig = z.infer<typeof networkSchema>;
export type CertificateConfig = z.infer<typeof certificateSchema>;
export type BackendConfig = z.infer<typeof backendSchema>;
export type Tier = 'test' | 'production';
