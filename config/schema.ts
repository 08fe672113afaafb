/**
 * The YAML environment file, as users write it. Every key a tier sets a default for is optional here;
 * `resolve-environment.ts` fills it from the tier. Unknown keys are rejected (`strictObject`), so a typo
 * never silently falls back to a default. Every key carries its description (`described`), the one text
 * behind editor hints and the README's configuration reference.
 */
import { z } from 'zod';
import { OPERATING_SYSTEMS } from './operating-systems';
import { DEFAULT_STATE_KEY_PREFIX } from './state-location';
import { TIER_DEFAULTS, TIERS, TierSetting, TierSettingKey } from './tier-defaults';

export { OPERATING_SYSTEMS };

const idPattern = (prefix: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}-[0-9a-f]{8}([0-9a-f]{9})?$`), `${/^[aeiou]/.test(prefix) ? 'an' : 'a'} ${prefix}- ID (${prefix}-xxxxxxxx or ${prefix}-xxxxxxxxxxxxxxxxx)`);

export const vpcId = idPattern('vpc');
export const subnetId = idPattern('subnet');
export const amiId = idPattern('ami');
const resourceName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, 'lower-case letters, digits and dashes, 2–32 characters, starting with a letter');
const awsAccountId = z.string().regex(/^\d{12}$/, 'a 12-digit AWS account ID (quote it in YAML)');
const awsRegion = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'an AWS region such as eu-central-1');
const arn = (service: string, what: string) =>
  z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]+:\\d{12}:.+$`), `an ${what} ARN (arn:aws:${service}:<region>:<account>:...)`);
export const acmCertificateArn = arn('acm', 'ACM certificate');
const iamRoleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/, 'an IAM role ARN (arn:aws:iam::<account>:role/<name>)');
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
const someTags = tags.refine((t) => Object.keys(t).length > 0, 'at least one tag');

const availabilityZone = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, 'an availability zone such as eu-central-1a');
const absolutePath = z.string().regex(/^\/\S*$/, 'an absolute path');
/** A KMS key by ARN (a key ID, or a multi-Region key's mrk- ID), not by alias. */
export const kmsKeyArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/,
    'a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)',
  );

/**
 * The one text of a key: editors show it from the JSON Schema (`npm run schema`), and the README's
 * config reference is generated from it (`config/config-reference.ts`). `defaultText` says what applies
 * when the key is left out; it becomes the description's last sentence, `Default: <defaultText>.`
 */
function described<T extends z.ZodType>(schema: T, description: string, defaultText?: string): T {
  return schema.meta({ description: defaultText === undefined ? description : `${description} Default: ${defaultText}.` });
}

/** A tiered default as text, taken from the tier table itself. */
function tiered(key: TierSettingKey): string {
  const setting: TierSetting<unknown> = TIER_DEFAULTS[key];
  return `${String(setting.production)} in production, ${String(setting.test)} in test`;
}

/**
 * The name and description of a security group the blueprint creates. EC2 cannot change either in
 * place (a change replaces the group), so an adopted environment keeps the running group's.
 */
export const securityGroupIdentitySchema = (defaultName: string, defaultDescription: string) =>
  z.strictObject({
    name: described(z.string().min(1).optional(), 'Name of the group; an adopted environment keeps the running one (a new name replaces the group).', defaultName),
    description: described(
      z
        .string()
        .regex(/^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/, 'at most 255 letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*')
        .optional(),
      'Description of the group; a new description replaces the group too.',
      defaultDescription,
    ),
  });

/**
 * Target group settings an adopted environment takes from the running group: its name and protocol
 * (a change replaces the group) and its health-check timing (changed in place otherwise).
 */
export const targetGroupSchema = (defaultName: string) =>
  z.strictObject({
    name: described(z.string().min(1).optional(), 'Target group name; a new name replaces the group.', defaultName),
    protocol: described(z.enum(['HTTP', 'HTTPS']).optional(), 'Protocol from the load balancer to the targets; a change replaces the group.', 'HTTP'),
    healthCheck: described(
      z
        .strictObject({
          protocol: described(z.enum(['HTTP', 'HTTPS']).optional(), 'Protocol of the health check.', 'HTTP'),
          intervalSeconds: described(z.number().int().min(5).max(300).optional(), 'Seconds between health checks.', '15'),
          timeoutSeconds: described(z.number().int().min(2).max(120).optional(), 'Seconds without an answer that fail a check; less than intervalSeconds.', '5'),
          healthyThreshold: described(z.number().int().min(2).max(10).optional(), 'Consecutive passes that make a target healthy.', '2'),
          unhealthyThreshold: described(z.number().int().min(2).max(10).optional(), 'Consecutive failures that make a target unhealthy.', '3'),
        })
        .optional(),
      'Health-check timing (the path and codes are set with the app).',
      'every 15 s, 5 s timeout, 2 to pass, 3 to fail',
    ),
  });

export const subnetSchema = z.strictObject({
  id: described(subnetId, 'Subnet ID.'),
  availabilityZone: described(availabilityZone, "The subnet's availability zone, in the environment's region."),
});

/** The landing-zone network we place things into; it is owned elsewhere and never created here. */
export const networkSchema = z.strictObject({
  vpcId: described(vpcId, "The landing zone's VPC (referenced, never created)."),
  vpcCidr: described(cidrBlock, "The VPC's CIDR: the default ingress of an internal load balancer."),
  privateSubnets: described(
    z.array(subnetSchema).min(2, 'at least 2 private subnets, in 2 availability zones'),
    '`[{ id, availabilityZone }]` in at least two zones: tasks, instances, the database and an internal load balancer.',
  ),
  publicSubnets: described(
    z.array(subnetSchema).optional(),
    'Same shape, at least two zones; needed for an internet-facing load balancer.',
    'none',
  ),
});

/**
 * The landing-zone network found by tag with data sources at plan time, instead of by ID. Unsafe in a
 * shared VPC: participant accounts cannot see the owner's tags, so the lookup finds nothing there (or,
 * worse, another subnet that happens to carry the tag). Prefer IDs; this exists for accounts that own
 * their VPC and rebuild it with new IDs.
 */
export const networkLookupSchema = z.strictObject({
  lookup: described(
    z.strictObject({
      vpcTags: described(someTags, 'Tags that match exactly one VPC.'),
      privateSubnetTags: described(someTags, 'Tags that match exactly one private subnet in each of `availabilityZones`.'),
      publicSubnetTags: described(someTags.optional(), 'Tags that match exactly one public subnet per zone; needed for an internet-facing load balancer.', 'none'),
      availabilityZones: described(
        z.array(availabilityZone).min(2, 'at least 2 availability zones'),
        'At least two zones to place into (they cannot be discovered at synth time); one subnet of each kind per zone.',
      ),
    }),
    "Instead of IDs: the VPC and one subnet per zone found by tag at plan time. Unsafe in a shared VPC (participant accounts cannot see the owner's tags); prefer IDs. An internal load balancer then needs `loadBalancer.allowedIngressCidrs`.",
  ),
});

/** Where an app environment is placed: the landing zone's VPC and subnets by ID, or found by tag. */
export const appNetworkSchema = described(
  z.union([networkSchema, networkLookupSchema]),
  "The landing zone's network, never created here: by ID (`vpcId`, `vpcCidr`, `privateSubnets`, `publicSubnets`), or `lookup` by tag.",
);

export const certificateSchema = described(
  z.union([
    z.strictObject({ arn: described(acmCertificateArn, 'ARN of an existing ACM certificate in the region.') }),
    z.strictObject({
      domainName: described(
        z.string().regex(/^(\*\.)?([a-z0-9-]+\.)+[a-z]{2,}$/, 'a DNS name such as app.example.com'),
        'Domain name of a new certificate, DNS-validated in `hostedZoneId`.',
      ),
      hostedZoneId: described(z.string().regex(/^Z[A-Z0-9]{4,32}$/, 'a Route 53 hosted zone ID such as Z0123456789ABC'), 'Route 53 hosted zone that validates the new certificate.'),
      subjectAlternativeNames: described(z.array(z.string()).optional(), 'Further names on the new certificate.', 'none'),
    }),
  ]),
  'The HTTPS certificate: `{ arn }` of an existing one, or `{ domainName, hostedZoneId, subjectAlternativeNames? }` for a new DNS-validated one.',
);

export const loadBalancerSchema = z.strictObject({
  scheme: described(z.enum(['internet-facing', 'internal']).optional(), 'Who can reach the load balancer.', 'internet-facing'),
  certificate: certificateSchema,
  allowedIngressCidrs: described(
    z.array(cidrBlock).min(1).optional(),
    'Who may connect to 443 (and 80, which only redirects).',
    '0.0.0.0/0, or the VPC CIDR when internal',
  ),
  deletionProtection: described(z.boolean().optional(), 'ALB deletion protection.', tiered('loadBalancer.deletionProtection')),
  deregistrationDelaySeconds: described(
    z.number().int().min(0).max(3600).optional(),
    'Connection draining on deploys: long enough for in-flight requests, short enough for quick rollouts.',
    '30',
  ),
  accessLogRetentionDays: described(z.number().int().min(1).optional(), 'Days the access logs (and WAF logs) are kept.', tiered('loadBalancer.accessLogRetentionDays')),
  accessLogsForceDestroy: described(z.boolean().optional(), '`terraform destroy` empties the access-log bucket.', tiered('loadBalancer.accessLogsForceDestroy')),
  name: described(z.string().min(1).optional(), 'Name of the load balancer; an adopted environment keeps the running one (a new name replaces it).', '`<app>-<environment>-alb`'),
  securityGroup: described(
    securityGroupIdentitySchema('`<app>-<environment>-alb`', '`<app>-<environment> load balancer: HTTPS in, app ports out to its targets only`').optional(),
    "The load balancer's security group: `{ name?, description? }` of a running group to adopt.",
    'derived from app and environment',
  ),
});

export const databaseSchema = z.strictObject({
  engine: described(z.enum(['postgres', 'mysql']).optional(), 'Database engine.', 'postgres'),
  engineVersion: described(
    z.string().regex(/^\d+(\.\d+){0,2}$/, 'a version such as 16, 16.4 or 8.0').optional(),
    'A major version lets RDS apply minor upgrades; MySQL needs major.minor.',
    '16 for postgres, 8.0 for mysql',
  ),
  instanceClass: described(
    z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'an RDS instance class such as db.t4g.micro').optional(),
    'RDS instance class.',
    tiered('database.instanceClass'),
  ),
  allocatedStorageGiB: described(z.number().int().min(20).max(65536).optional(), 'Initial storage in GiB.', tiered('database.allocatedStorageGiB')),
  maxAllocatedStorageGiB: described(z.number().int().min(20).max(65536).optional(), 'Upper bound of storage autoscaling in GiB.', '4 × allocatedStorageGiB'),
  databaseName: described(
    z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/, 'a database name (letters, digits, _)').optional(),
    'Name of the database created in the instance.',
    'the app name with - replaced by _',
  ),
  masterUsername: described(
    z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,15}$/, 'a master user name (letters, digits, _)').optional(),
    'Master user; its password is managed by RDS in Secrets Manager and never appears in config or state.',
    'app',
  ),
  port: described(z.number().int().min(1150).max(65535).optional(), 'Database port.', '5432 for postgres, 3306 for mysql'),
  multiAz: described(z.boolean().optional(), 'A standby in a second zone.', tiered('database.multiAz')),
  deletionProtection: described(z.boolean().optional(), 'RDS deletion protection.', tiered('database.deletionProtection')),
  backupRetentionDays: described(z.number().int().min(0).max(35).optional(), 'Days of automated backups.', tiered('database.backupRetentionDays')),
  preventDestroy: described(z.boolean().optional(), 'Terraform `prevent_destroy` on the instance.', tiered('database.preventDestroy')),
  finalSnapshot: described(z.boolean().optional(), 'A final snapshot before the instance is deleted.', tiered('database.finalSnapshot')),
  storageType: described(z.enum(['gp3', 'gp2']).optional(), 'Storage type; a change is applied in place but takes hours of storage optimization.', 'gp3'),
  identifier: described(
    z.string().min(1).optional(),
    'RDS instance identifier; an adopted environment keeps the running one (a new identifier replaces the database).',
    '`<app>-<environment>-db`, `-db-<name>` for `databases`',
  ),
  subnetGroupName: described(z.string().min(1).optional(), 'Name of the DB subnet group (a new name replaces the group, and moves the database).', '`<app>-<environment>-db` (`-db-<name>`)'),
  parameterGroupName: described(z.string().min(1).optional(), 'Name of the DB parameter group (a new name replaces the group).', '`<app>-<environment>-db` (`-db-<name>`) and the engine family, e.g. `-pg16`'),
  securityGroup: described(
    securityGroupIdentitySchema('`<app>-<environment>-db` (`-db-<name>`)', "`<app>-<environment> PostgreSQL: only from the app's security groups` (MySQL for mysql)").optional(),
    "The database's security group: `{ name?, description? }` of a running group to adopt.",
    'derived from app and environment',
  ),
});

/** Every retention period CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** A CloudWatch Logs destination, the receiving end of a (cross-account) subscription. */
export const logsDestinationArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:logs:[a-z]{2}(-gov)?-[a-z]+-\d:\d{12}:destination:[\w.\-/#]{1,512}$/, 'a CloudWatch Logs destination ARN (arn:aws:logs:<region>:<account>:destination:<name>)');

/** The central log store's entry point, usually the operations account's `observability` destination. */
export const centralLogsSchema = z.strictObject({
  destinationArn: described(
    logsDestinationArn,
    "CloudWatch Logs destination (in the log groups' region, any account) that every log group of the stack is subscribed to; its access policy must admit this account. No role is needed on this side.",
  ),
  filterPattern: described(
    z.string().max(1024).optional(),
    'CloudWatch Logs filter pattern of the subscriptions, e.g. `?ERROR ?WARN`; empty sends every event.',
    'empty (every event)',
  ),
});

export const logsSchema = z.strictObject({
  retentionDays: described(z.literal(LOG_RETENTION_DAYS).optional(), 'Days CloudWatch Logs keeps the events; one of the periods it accepts.', tiered('logs.retentionDays')),
  central: described(
    centralLogsSchema.optional(),
    'Central logging: `{ destinationArn, filterPattern? }` subscribes every log group the stack creates (and the RDS log exports, whose groups are then managed here) to the destination.',
    'off',
  ),
});

export const alertingSchema = z.strictObject({
  opsgenieEndpointParameter: described(
    ssmParameterName.optional(),
    'Name of an SSM SecureString holding the Opsgenie CloudWatch integration URL; the URL embeds an API key, so it never appears in config and is read at plan time.',
    'no Opsgenie subscription',
  ),
  emails: described(z.array(z.email('an e-mail address')).optional(), 'E-mail subscribers of the alarm topic.', 'none'),
});

// Described where it is used (the `backend` key): a key's own description replaces its schema's.
export const backendSchema = z.union([
  z.strictObject({ local: described(z.strictObject({}), 'Local state file `terraform.<stack>.tfstate` (synth and validate work offline).') }),
  z.strictObject({
    s3: described(
      z.strictObject({
        bucket: described(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name'), 'State bucket.'),
        region: described(awsRegion.optional(), "The bucket's region.", "the environment's region"),
        keyPrefix: described(
          z.string().regex(/^[A-Za-z0-9!_.*'()\-/]+$/, 'an S3 key prefix').optional(),
          'The state key is `<keyPrefix>/<stack>.tfstate`.',
          DEFAULT_STATE_KEY_PREFIX,
        ),
        kmsKeyId: described(z.string().optional(), 'KMS key that encrypts the state object.', 'SSE-S3'),
      }),
      'S3 state with native lock files (`use_lockfile`).',
    ),
  }),
  z.strictObject({
    gitlab: described(
      z.strictObject({}),
      'GitLab-managed Terraform state (the `http` backend), one state per stack named after the stack. The address, lock address and job token come from the pipeline at init (`TF_HTTP_*`, from `CI_API_V4_URL`, `CI_PROJECT_ID`, `CI_JOB_TOKEN`), never from the synthesized JSON.',
    ),
  }),
]);

/** The listener rule to a target group: a priority and at least one of host headers or path patterns. */
export const routingSchema = z
  .strictObject({
    priority: described(z.number().int().min(1).max(50000), 'Listener rule priority, unique per load balancer; lower wins.'),
    hostHeaders: described(z.array(z.string().min(1)).min(1).optional(), 'Host names the rule matches.', 'any host'),
    pathPatterns: described(
      z.array(z.string().regex(/^\/\S*$/, 'a path pattern starting with /')).min(1).optional(),
      'Path patterns the rule matches (`*` as wildcard).',
      'any path',
    ),
  })
  .refine((r) => r.hostHeaders || r.pathPatterns, 'hostHeaders or pathPatterns');

const environmentVariableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');

export const containerServiceSchema = z.strictObject({
  name: described(resourceName, 'Service name: lower-case with dashes, part of its AWS names.'),
  image: described(z.string().min(1), "Image reference; `<ecr>` stands for the app's own ECR repository, e.g. `<ecr>:1.4.2`."),
  containerPort: described(z.number().int().min(1).max(65535), 'The port the container listens on.'),
  cpu: described(z.literal([256, 512, 1024, 2048, 4096]).optional(), 'Fargate CPU units.', tiered('service.cpu')),
  memoryMiB: described(z.number().int().min(512).max(30720).optional(), 'Task memory in MiB.', tiered('service.memoryMiB')),
  desiredCount: described(z.number().int().min(0).max(100).optional(), 'Tasks when the service is created; autoscaling owns the count afterwards.', tiered('service.desiredCount')),
  autoscaling: described(
    z
      .strictObject({
        minCapacity: described(z.number().int().min(0), 'Fewest tasks.'),
        maxCapacity: described(z.number().int().min(1), 'Most tasks.'),
        targetCpuPercent: described(z.number().min(10).max(95).optional(), 'Average CPU that target tracking aims for.', '60'),
      })
      .optional(),
    'CPU target-tracking bounds.',
    `${tiered('service.minCapacity')} (min); ${tiered('service.maxCapacity')} (max)`,
  ),
  healthCheckPath: described(z.string().regex(/^\/\S*$/, 'a path starting with /'), 'ALB target health check path.'),
  healthCheckGracePeriodSeconds: described(
    z.number().int().min(0).max(2147483647).optional(),
    'Seconds ECS ignores failing health checks of a new task (Rails boots slowly).',
    '60',
  ),
  routing: described(routingSchema, 'The listener rule to this service: `{ priority, hostHeaders?, pathPatterns? }`, at least one of the two lists.'),
  serviceName: described(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/, 'an ECS service name (letters, digits, _ and -, at most 255)').optional(),
    'ECS service name; an adopted environment keeps the running one (a new name replaces the service).',
    '`<app>-<environment>-<name>`',
  ),
  taskFamily: described(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/, 'a task definition family (letters, digits, _ and -, at most 255)').optional(),
    "Task definition family; an adopted service keeps its family, so the blueprint's task definition is its next revision.",
    '`<app>-<environment>-<name>`',
  ),
  targetGroup: described(targetGroupSchema('`<app>-<environment>-<name>`').optional(), "The service's target group: `{ name?, protocol?, healthCheck? }`.", 'derived from app, environment and name'),
  securityGroup: described(
    securityGroupIdentitySchema('`<app>-<environment>-<name>`', '`<app>-<environment>-<name> tasks: from the load balancer only`').optional(),
    "The tasks' security group: `{ name?, description? }` of a running group to adopt.",
    'derived from app, environment and name',
  ),
  readonlyRootFilesystem: described(
    z.boolean().optional(),
    'Read-only root filesystem; apps that write into their tree (WordPress) list `writablePaths` instead of turning it off.',
    'true',
  ),
  writablePaths: described(z.array(absolutePath).optional(), 'Paths mounted as writable scratch volumes, e.g. /tmp.', 'none'),
  environment: described(z.record(environmentVariableName, z.string()).optional(), 'Plain environment variables; anything secret belongs in `secrets`.', 'none'),
  secrets: described(
    z.record(environmentVariableName, ssmParameterName).optional(),
    'Environment variable → SSM SecureString parameter name, injected by ECS (values never pass through Terraform).',
    'none',
  ),
  usesDatabase: described(
    z.boolean().optional(),
    "Inject the primary database's `DATABASE_HOST/PORT/NAME/USERNAME/PASSWORD` and open its port to the tasks.",
    'true',
  ),
  database: described(
    z.string().regex(/^[a-z][a-z0-9-]{0,14}$/, 'a database name (lower-case letters, digits, dashes; at most 15), primary or none').optional(),
    'Which database the service uses instead: a name under `databases`, `primary` (the `database` key\'s) or `none`; not together with `usesDatabase`.',
    'primary, or none with usesDatabase: false',
  ),
  databaseVariables: described(
    z
      .strictObject({
        host: described(environmentVariableName.optional(), 'Variable for the host.', 'DATABASE_HOST'),
        port: described(environmentVariableName.optional(), 'Variable for the port.', 'DATABASE_PORT'),
        name: described(environmentVariableName.optional(), 'Variable for the database name.', 'DATABASE_NAME'),
        username: described(environmentVariableName.optional(), 'Variable for the user (from the RDS-managed secret).', 'DATABASE_USERNAME'),
        password: described(environmentVariableName.optional(), 'Variable for the password (from the RDS-managed secret, injected by ECS).', 'DATABASE_PASSWORD'),
      })
      .optional(),
    "Names of the injected connection variables, e.g. WordPress's `WORDPRESS_DB_HOST`, `WORDPRESS_DB_NAME`, `WORDPRESS_DB_USER`, `WORDPRESS_DB_PASSWORD`.",
    'DATABASE_*',
  ),
  persistentVolumes: described(
    z
      .array(
        z.strictObject({
          name: described(z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'a short lower-case name'), 'Names the access point and the task volume.'),
          path: described(z.string().regex(/^\/\S+$/, 'an absolute path other than /'), 'Where the container sees it.'),
          uid: described(z.number().int().min(0).max(4294967295), 'POSIX user the access point enforces and owns the directory as (WordPress: 33).'),
          gid: described(z.number().int().min(0).max(4294967295), 'POSIX group (WordPress: 33).'),
          permissions: described(z.string().regex(/^0?[0-7]{3}$/, 'octal permissions such as 0750').optional(), 'Mode of the directory EFS creates.', '0750'),
        }),
      )
      .optional(),
    "Directories on an EFS file system of the service's own: encrypted with the app key, a mount target per private subnet, NFS only from this service, automatic backups, IA after 30 days; mounted with TLS and IAM through one access point each.",
    'none',
  ),
});

export const containerAppSchema = z.strictObject({
  services: described(z.array(containerServiceSchema).min(1, 'at least one service'), 'One ECS Fargate service each, behind the shared load balancer.'),
  clusterName: described(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/, 'an ECS cluster name (letters, digits, _ and -, at most 255)').optional(),
    'ECS cluster name; an adopted environment keeps the running one (a new name replaces the cluster).',
    '`<app>-<environment>`',
  ),
  fileSystems: described(
    z
      .strictObject({
        preventDestroy: described(z.boolean().optional(), 'Terraform `prevent_destroy` on the EFS file systems.', tiered('fileSystems.preventDestroy')),
      })
      .optional(),
    'The EFS file systems of services with persistent volumes.',
  ),
});

/** Names reserved for `service.database`: the `database` key's database, and no database. */
export const RESERVED_DATABASE_NAMES = ['primary', 'none'];

/** Settings for running against a local AWS API emulator; rejected for the production tier. */
export const emulationSchema = z.strictObject({
  endpoint: described(z.url('an http(s) URL such as http://127.0.0.1:5000'), 'Local AWS API emulator URL, http(s) on the loopback interface only, e.g. http://127.0.0.1:5000.'),
});

/** The environment's customer-managed KMS key, which encrypts everything stateful in it. */
export const kmsKeySchema = z.strictObject({
  deletionWindowDays: described(z.number().int().min(7).max(30).optional(), 'Days a deleted key can still be restored (KMS allows 7–30).', tiered('kmsKey.deletionWindowDays')),
  preventDestroy: described(z.boolean().optional(), 'Terraform `prevent_destroy` on the key: destroying it loses everything it encrypted.', tiered('kmsKey.preventDestroy')),
});

/** An app environment's key: its own, possibly adopted with its alias, or an existing one used as-is. */
export const appKmsKeySchema = z.strictObject({
  ...kmsKeySchema.shape,
  aliasName: described(
    z.string().regex(/^alias\/[A-Za-z0-9/_-]{1,250}$/, 'a KMS alias name such as alias/tma-production').optional(),
    "Alias of the environment's key; an adopted key keeps its alias (a new name replaces the alias).",
    '`alias/<app>-<environment>`',
  ),
  existingKeyArn: described(
    kmsKeyArn.optional(),
    "An existing key in the environment's region used instead of a new one: no key or alias is created, everything references this ARN. Its key policy must let CloudWatch Logs and CloudWatch alarms use it, as the blueprint's own key policy does.",
    'a new key',
  ),
});

/** What every stack's file has: where it is deployed, how it is tagged and where its state lives. */
export const stackCommon = {
  tier: described(z.enum(TIERS), 'Chooses the tier defaults together (see Tier defaults).'),
  region: described(awsRegion.optional(), 'AWS region.', 'eu-central-1'),
  account: described(awsAccountId, '12-digit AWS account ID (quoted); the provider refuses any other account.'),
  tags: described(
    tags.optional(),
    'Extra tags on every resource (the provider\'s default_tags); App, Environment, Tier, Blueprint and ManagedBy are always set.',
    'none',
  ),
  backend: described(backendSchema.optional(), 'Where Terraform keeps state: `{ local: {} }`, `{ s3: { bucket, region?, keyPrefix?, kmsKeyId? } }` or `{ gitlab: {} }`; pipelines need `s3` or `gitlab`.', 'local file `terraform.<stack>.tfstate`'),
  pipelineRoles: described(
    z
      .strictObject({
        deploy: described(iamRoleArn, 'Role for applies and drift checks on the default branch.'),
        plan: described(iamRoleArn.optional(), 'Read-only role for merge-request plans.', 'the deploy role'),
      })
      .optional(),
    "IAM roles in `account` that GitLab pipeline jobs assume with the job's OIDC ID token (AssumeRoleWithWebIdentity, no static keys); see Running in GitLab.",
    'the CI/CD variables `AWS_DEPLOY_ROLE_ARN_<account>` / `AWS_PLAN_ROLE_ARN_<account>`',
  ),
  emulation: described(emulationSchema.optional(), 'Run against a local AWS API emulator; test tier only (rejected for production).', 'none'),
  kmsKey: described(kmsKeySchema.optional(), "The environment's customer-managed KMS key (rotated yearly).", 'tier defaults'),
};

/** What every app environment adds: its name, the landing-zone network, the load balancer and database. */
export const environmentCommon = {
  app: described(resourceName, 'App name, lower-case with dashes; prefix of every AWS name.'),
  environment: described(resourceName, 'Environment name; the stack is `<app>-<environment>`.'),
  ...stackCommon,
  network: appNetworkSchema,
  kmsKey: described(appKmsKeySchema.optional(), "The environment's customer-managed KMS key (rotated yearly), or an existing one (`existingKeyArn`).", 'tier defaults'),
  logs: described(logsSchema.optional(), "The app's CloudWatch log groups under `/<app>/<environment>/`."),
  alerting: described(alertingSchema.optional(), 'Who is paged by the alarm topic.'),
  loadBalancer: described(loadBalancerSchema, 'The HTTPS Application Load Balancer in front of the app (TLS 1.2+, port 80 only redirects).'),
  database: described(databaseSchema.optional(), 'The RDS database (KMS-encrypted, IAM auth, TLS only).', 'PostgreSQL with tier defaults'),
};

export const containerAppEnvironmentSchema = z.strictObject({
  blueprint: described(z.literal('container-app'), '`container-app`: ECS Fargate services behind an ALB with RDS.'),
  ...environmentCommon,
  ecr: described(
    z
      .strictObject({
        forceDelete: described(z.boolean().optional(), '`terraform destroy` deletes the repository with its images.', tiered('ecr.forceDelete')),
      })
      .optional(),
    "The app's ECR repository (immutable tags, scan on push, KMS).",
    'tier defaults',
  ),
  databases: described(
    z.record(z.string().regex(/^[a-z][a-z0-9-]{0,14}$/, 'a database name (lower-case letters, digits, dashes; at most 15)'), databaseSchema).optional(),
    'Further databases by name (not `primary` or `none`), each with the keys of `database` and its own tier defaults, e.g. the MySQL of a WordPress service; AWS names `<app>-<env>-db-<name>`, parameters `/<app>/<env>/database/<name>/…`. A service picks one with `database: <name>`.',
    'none',
  ),
  containerApp: described(containerAppSchema, 'The containerised services.'),
});

export const amiSchema = described(
  z.union([
    z.strictObject({ id: described(amiId, 'Image ID.') }),
    z.strictObject({
      owner: described(
        z.string().regex(/^(\d{12}|self|amazon|aws-marketplace)$/, 'a 12-digit account ID, self, amazon or aws-marketplace'),
        'Account ID of the image owner, or self / amazon / aws-marketplace.',
      ),
      namePattern: described(
        z.string().regex(/^[\w\-.*?()/ ]{3,128}$/, 'an AMI name pattern such as hardened-al2023-*'),
        'Image name pattern, `*` and `?` as wildcards, e.g. hardened-al2023-*.',
      ),
    }),
  ]),
  'The hardened image: `{ id }`, or `{ owner, namePattern }`, whose newest match is taken when an instance is created; instances then ignore `ami`, so a newer image never replaces them.',
);

const volumeType = z.enum(['gp3', 'gp2']);

/** One instance of an adopted instance app, where it runs and what it runs on. */
export const instancePlacementSchema = z.strictObject({
  availabilityZone: described(availabilityZone, 'Zone of the instance: one of the private subnets\' zones (or of `network.lookup.availabilityZones`).'),
  subnetId: described(subnetId.optional(), 'Private subnet of the instance, in its zone.', "the zone's first private subnet"),
  ami: described(amiId.optional(), 'Image of this instance (what it was started from); pinned, so a newer `instanceApp.ami` never touches it.', '`instanceApp.ami`'),
  instanceType: described(
    z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'an EC2 instance type such as m6i.large').optional(),
    'Instance type of this instance.',
    '`instanceApp.instanceType`',
  ),
  rootVolumeGiB: described(z.number().int().min(8).max(16384).optional(), 'Root volume size of this instance.', '`instanceApp.rootVolumeGiB`'),
  rootVolumeType: described(volumeType.optional(), 'Root volume type of this instance.', '`instanceApp.rootVolumeType`'),
  dataVolumeGiB: described(z.number().int().min(1).max(16384).optional(), 'Data volume size of this instance (needs `instanceApp.dataVolume`).', '`instanceApp.dataVolume.sizeGiB`'),
  dataVolumeType: described(volumeType.optional(), 'Data volume type of this instance (needs `instanceApp.dataVolume`).', '`instanceApp.dataVolume.type`'),
});

/** Ubuntu publishes no patch release dates, so Patch Manager cannot delay approval there. */
export const OS_WITHOUT_APPROVAL_DELAY: readonly (typeof OPERATING_SYSTEMS)[number][] = ['UBUNTU'];

export const instanceAppSchema = z.strictObject({
  instanceType: described(
    z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'an EC2 instance type such as m6i.large').optional(),
    'Current generation only (EBS-optimized). Changing it stops and starts the instance, which stop protection blocks in production.',
    tiered('instance.instanceType'),
  ),
  instancesPerAz: described(z.number().int().min(1).max(10).optional(), 'Instances in each availability zone of the private subnets.', '1'),
  ami: amiSchema,
  operatingSystem: described(z.enum(OPERATING_SYSTEMS), "The image's operating system; picks the patch baseline."),
  rootVolumeGiB: described(z.number().int().min(8).max(16384).optional(), "Root volume size (encrypted with the app's KMS key).", '30'),
  rootVolumeType: described(volumeType.optional(), 'Root volume type; a change is applied in place.', 'gp3'),
  instances: described(
    z.array(instancePlacementSchema).min(1, 'at least one instance').optional(),
    'The instances one by one instead of `instancesPerAz`, for an adopted app: each with its zone and what it runs on today (subnet, image, type, volumes), so nothing forces a replacement. Instances are numbered per zone in list order (`instance-<zone>-<n>`), as `instancesPerAz` numbers them.',
    '`instancesPerAz` in each zone of the private subnets',
  ),
  dataVolume: described(
    z
      .strictObject({
        sizeGiB: described(z.number().int().min(1).max(16384), 'Size in GiB.'),
        deviceName: described(z.string().regex(/^\/dev\/(sd|xvd)[f-p]$/, 'a device name from /dev/sdf to /dev/sdp').optional(), 'Device name.', '/dev/sdf'),
        type: described(volumeType.optional(), 'Volume type; a change is applied in place.', 'gp3'),
        mountPath: described(absolutePath.optional(), 'Where the OS mounts it; measured by the disk-space metric and alarm.', '/opt/app'),
        finalSnapshot: described(z.boolean().optional(), 'A snapshot of the volume before it is deleted.', tiered('instance.dataVolumeFinalSnapshot')),
      })
      .optional(),
    "A second encrypted volume for the app's data, backed up on its own; formatted and mounted by the app's installer.",
    'none',
  ),
  appPort: described(z.number().int().min(1).max(65535).optional(), "Tomcat's port; the only ingress, from the load balancer only.", '8080'),
  healthCheckPath: described(z.string().regex(/^\/\S*$/, 'a path starting with /'), 'Target-group health check path.'),
  healthyStatusCodes: described(
    z.string().regex(/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/, 'HTTP codes such as 200 or 200-399').optional(),
    'HTTP codes the health check accepts.',
    '200-399',
  ),
  stickinessSeconds: described(
    z.number().int().min(1).max(604800).optional(),
    'Load-balancer cookie stickiness in seconds, for apps that keep sessions in memory.',
    'off',
  ),
  routing: described(routingSchema.optional(), 'The listener rule to the app: `{ priority, hostHeaders?, pathPatterns? }`.', 'priority 100, every path (/*)'),
  targetGroup: described(targetGroupSchema('`<app>-<environment>-app`').optional(), "The instances' target group: `{ name?, protocol?, healthCheck? }`.", 'derived from app and environment'),
  securityGroup: described(
    securityGroupIdentitySchema('`<app>-<environment>-app`', '`<app>-<environment> app instances: from the load balancer only, no SSH (Session Manager)`').optional(),
    "The instances' security group: `{ name?, description? }` of a running group to adopt.",
    'derived from app and environment',
  ),
  userData: described(
    z.string().max(16384).optional(),
    'First-boot script; later edits are ignored (they would stop or replace the instance). Stored in state: no secrets.',
    'none',
  ),
  logFiles: described(
    z
      .array(
        z.strictObject({
          path: described(absolutePath, 'File on the instance.'),
          name: described(z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, 'a short lower-case name'), 'Short name; the log stream is `<instance id>/<name>`.'),
        }),
      )
      .optional(),
    'Files the CloudWatch agent ships to `/<app>/<environment>/instances`, e.g. Tomcat\'s catalina.out.',
    'none',
  ),
  terminationProtection: described(z.boolean().optional(), 'EC2 termination protection.', tiered('instance.terminationProtection')),
  stopProtection: described(z.boolean().optional(), 'EC2 stop protection.', tiered('instance.stopProtection')),
  preventDestroy: described(z.boolean().optional(), 'Terraform `prevent_destroy` on the instances and their data volumes.', tiered('instance.preventDestroy')),
});

export const backupSchema = z.strictObject({
  dailyRetentionDays: described(z.number().int().min(1).max(36500).optional(), 'Days daily backups are kept.', tiered('backup.dailyRetentionDays')),
  weeklyRetentionDays: described(z.number().int().min(0).max(36500).optional(), 'Days weekly backups are kept; 0 turns them off.', tiered('backup.weeklyRetentionDays')),
  monthlyRetentionDays: described(z.number().int().min(0).max(36500).optional(), 'Days monthly backups are kept; 0 turns them off.', tiered('backup.monthlyRetentionDays')),
  vaultForceDestroy: described(z.boolean().optional(), '`terraform destroy` deletes the vault with its recovery points.', tiered('backup.vaultForceDestroy')),
  vaultPreventDestroy: described(z.boolean().optional(), 'Terraform `prevent_destroy` on the vault.', tiered('backup.vaultPreventDestroy')),
  recoveryPointsOnlyExpire: described(z.boolean().optional(), 'A vault policy denies deleting or shortening recovery points.', tiered('backup.recoveryPointsOnlyExpire')),
});

export const patchingSchema = z.strictObject({
  schedule: described(
    z.string().regex(/^cron\((\S+ ){5}\S+\)$/, 'a six-field schedule such as cron(0 3 ? * TUE *)').optional(),
    'Maintenance window running AWS-RunPatchBaseline, one instance at a time; test is patched days before production.',
    tiered('patching.schedule'),
  ),
  scheduleTimezone: described(
    z.string().regex(/^(UTC|[A-Z][A-Za-z_]+(\/[A-Za-z0-9_+-]+)+)$/, 'an IANA time zone such as Europe/Berlin').optional(),
    'IANA time zone of the schedule, e.g. Europe/Berlin.',
    'UTC',
  ),
  approveAfterDays: described(
    z.number().int().min(0).max(360).optional(),
    'Days after release before a patch is approved; not for UBUNTU, which publishes no release dates.',
    '7',
  ),
  rebootOption: described(z.enum(['RebootIfNeeded', 'NoReboot']).optional(), 'Whether patching may reboot.', 'RebootIfNeeded'),
  durationHours: described(z.number().int().min(1).max(24).optional(), 'Length of the maintenance window.', '3'),
});

export const monitoringSchema = z.strictObject({
  cpuThresholdPercent: described(z.number().min(1).max(100).optional(), 'CPU alarm threshold.', '80'),
  memoryThresholdPercent: described(z.number().min(1).max(100).optional(), 'Memory alarm threshold (CloudWatch agent).', '85'),
  diskThresholdPercent: described(z.number().min(1).max(100).optional(), 'Disk-space alarm threshold per mount point (CloudWatch agent).', '85'),
});

export const instanceAppEnvironmentSchema = z.strictObject({
  blueprint: described(z.literal('instance-app'), '`instance-app`: licence-bound EC2 instances that are never replaced, behind an ALB, with RDS, AWS Backup and SSM patching.'),
  ...environmentCommon,
  instanceApp: described(instanceAppSchema, 'The instances.'),
  backup: described(backupSchema.optional(), 'AWS Backup of the instances, data volumes and database; vault encrypted with the app key.'),
  patching: described(patchingSchema.optional(), 'In-place patching by Systems Manager Patch Manager.'),
  monitoring: described(monitoringSchema.optional(), 'Alarm thresholds; memory and disk come from the CloudWatch agent.'),
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
  'inspector',
  'findingAlerts',
] as const;

/** GuardDuty's severity levels and the lowest score of each (GuardDuty User Guide, "Severity levels"). */
export const GUARDDUTY_SEVERITY_FLOORS = { LOW: 1, MEDIUM: 4, HIGH: 7, CRITICAL: 9 } as const;

export const GUARDDUTY_FEATURES = ['S3_DATA_EVENTS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'RUNTIME_MONITORING', 'LAMBDA_NETWORK_LOGS', 'EKS_AUDIT_LOGS'] as const;

/** The security baseline of one account and region; its stack is `baseline-<account>-<region>`. */
export const accountBaselineSchema = z.strictObject({
  blueprint: described(z.literal('account-baseline'), '`account-baseline`: CloudTrail, GuardDuty, AWS Config, password policy, EBS and S3 account defaults.'),
  ...stackCommon,
  homeRegion: described(
    awsRegion.optional(),
    "The region that creates the account-wide controls: multi-region trail, password policy, S3 account public access block, Config's global-resource recording and account-wide rules. Other regions' baselines skip them.",
    "the file's region",
  ),
  providedByLandingZone: described(
    z.array(z.enum(BASELINE_CONTROLS)).optional(),
    'Controls the landing zone already runs (often the org trail, GuardDuty and Config); not created here, and settings for them are rejected.',
    'none',
  ),
  logs: described(logsSchema.optional(), "The trail's CloudWatch Logs copy, for metric filters and Logs Insights queries."),
  alerting: described(
    z
      .strictObject({
        ...alertingSchema.shape,
        guardDutyMinimumSeverity: described(
          z.enum(Object.keys(GUARDDUTY_SEVERITY_FLOORS) as [keyof typeof GUARDDUTY_SEVERITY_FLOORS]).optional(),
          'GuardDuty findings at or above this severity page the on-call: LOW (1.0), MEDIUM (4.0), HIGH (7.0) or CRITICAL (9.0).',
          'MEDIUM',
        ),
      })
      .optional(),
    "Subscribers of the security-findings topic (GuardDuty, AWS Config non-compliance, AWS Health, root sign-ins), the same Opsgenie convention as the apps' alarm topics.",
    'the encrypted topic only, no subscription',
  ),
  auditLogs: described(
    z
      .strictObject({
        retentionDays: described(z.number().int().min(1).max(36500).optional(), 'Days audit objects are kept.', tiered('auditLogs.retentionDays')),
        forceDestroy: described(z.boolean().optional(), '`terraform destroy` empties the audit buckets.', tiered('auditLogs.forceDestroy')),
        preventDestroy: described(z.boolean().optional(), 'Terraform `prevent_destroy` on the audit buckets.', tiered('auditLogs.preventDestroy')),
      })
      .optional(),
    'The audit bucket CloudTrail and Config deliver to: KMS, versioning, public access block, access logging, TLS-only policy, lifecycle.',
  ),
  guardDuty: described(
    z
      .strictObject({
        findingPublishingFrequency: described(
          z.enum(['FIFTEEN_MINUTES', 'ONE_HOUR', 'SIX_HOURS']).optional(),
          'How often updated findings are published.',
          'FIFTEEN_MINUTES',
        ),
        features: described(z.array(z.enum(GUARDDUTY_FEATURES)).optional(), 'Protection plans switched on.', 'S3_DATA_EVENTS, EBS_MALWARE_PROTECTION, RDS_LOGIN_EVENTS'),
      })
      .optional(),
    'The GuardDuty detector of this account and region.',
  ),
  configRecorder: described(
    z
      .strictObject({
        snapshotDeliveryFrequency: described(
          z.enum(['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours']).optional(),
          'How often Config delivers a configuration snapshot.',
          'TwentyFour_Hours',
        ),
      })
      .optional(),
    'The AWS Config recorder and delivery channel.',
  ),
  passwordPolicy: described(
    z
      .strictObject({
        minimumLength: described(z.number().int().min(14, 'at least 14 (CIS)').max(128).optional(), 'Minimum password length (CIS: at least 14).', '14'),
        maxAgeDays: described(z.number().int().min(1).max(1095).optional(), 'Days before a password expires.', '90'),
        reusePrevention: described(z.number().int().min(1).max(24).optional(), 'Previous passwords that cannot be reused.', '24'),
      })
      .optional(),
    "The IAM account password policy (home region only); the IAM_PASSWORD_POLICY rule checks the same values.",
  ),
});

/** How people sign in to the Grafana workspace. */
export const GRAFANA_AUTHENTICATION_PROVIDERS = ['AWS_SSO', 'SAML'] as const;

/** The central OpenSearch domain the logs are searched in. */
export const openSearchSchema = z.strictObject({
  engineVersion: described(
    z.string().regex(/^OpenSearch_\d+\.\d+$/, 'an OpenSearch engine version such as OpenSearch_2.17').optional(),
    'OpenSearch engine version.',
    'OpenSearch_2.17',
  ),
  masterRoleArn: described(
    iamRoleArn,
    "IAM role that is the fine-grained access control master (no internal users with passwords): it maps the ingestion and Grafana roles (outputs) to OpenSearch roles.",
  ),
  instanceType: described(
    z.string().regex(/^[a-z][a-z0-9]*\.[a-z0-9]+\.search$/, 'an OpenSearch instance type such as r6g.large.search').optional(),
    'Data node instance type.',
    tiered('openSearch.instanceType'),
  ),
  instanceCount: described(z.number().int().min(1).max(80).optional(), 'Data nodes; a multiple of `zoneCount`.', tiered('openSearch.instanceCount')),
  zoneCount: described(
    z.literal([1, 2, 3]).optional(),
    'Availability zones the data nodes (and replicas) spread over; needs as many zones among the private subnets.',
    tiered('openSearch.zoneCount'),
  ),
  dedicatedMasters: described(z.boolean().optional(), 'Three dedicated master nodes, so a busy data node cannot stall the cluster.', tiered('openSearch.dedicatedMasters')),
  dedicatedMasterType: described(
    z.string().regex(/^[a-z][a-z0-9]*\.[a-z0-9]+\.search$/, 'an OpenSearch instance type such as m6g.large.search').optional(),
    'Instance type of the dedicated masters.',
    'm6g.large.search',
  ),
  volumeGiB: described(z.number().int().min(10).max(16384).optional(), 'gp3 EBS volume per data node, GiB.', tiered('openSearch.volumeGiB')),
  automatedSnapshotStartHour: described(
    z.number().int().min(0).max(23).optional(),
    'UTC hour of the daily automated snapshot (OpenSearch also keeps hourly ones for 14 days).',
    '2',
  ),
  preventDestroy: described(z.boolean().optional(), 'Terraform `prevent_destroy` on the domain.', tiered('openSearch.preventDestroy')),
});

/** How logs reach the domain: a CloudWatch Logs destination in front of a Firehose delivery stream. */
export const ingestionSchema = z.strictObject({
  subscriberAccounts: described(
    z.array(awsAccountId).min(1, 'at least one app account'),
    "App accounts whose log groups may subscribe to the destination (`logs.central.destinationArn` in their environment files); this account may always.",
  ),
  indexName: described(
    z.string().regex(/^[a-z][a-z0-9_-]{0,79}$/, 'a lower-case index name').optional(),
    'Index prefix Firehose writes to; a new index per day.',
    'logs',
  ),
  bufferIntervalSeconds: described(z.number().int().min(0).max(900).optional(), 'Seconds Firehose buffers before it writes a batch.', '60'),
  failedDocumentsRetentionDays: described(
    z.number().int().min(1).max(36500).optional(),
    'Days documents the domain refused are kept in the S3 bucket.',
    tiered('ingestion.failedDocumentsRetentionDays'),
  ),
  failedDocumentsForceDestroy: described(z.boolean().optional(), '`terraform destroy` empties the failed-documents bucket.', tiered('ingestion.failedDocumentsForceDestroy')),
});

export const grafanaSchema = z.strictObject({
  authenticationProviders: described(
    z.array(z.enum(GRAFANA_AUTHENTICATION_PROVIDERS)).min(1).optional(),
    'How people sign in: `AWS_SSO` (IAM Identity Center) and/or `SAML`.',
    'AWS_SSO',
  ),
  grafanaVersion: described(z.string().regex(/^\d+\.\d+$/, 'a Grafana version such as 10.4').optional(), 'Grafana version of the workspace.', '10.4'),
});

/** Central logging and monitoring of an operations account and region. */
export const observabilityEnvironmentSchema = z.strictObject({
  blueprint: described(
    z.literal('observability'),
    '`observability`: the central OpenSearch domain, log ingestion from app accounts (CloudWatch Logs destination → Firehose) and the Grafana workspace of an operations account.',
  ),
  app: described(resourceName, 'Name of the operations environment, lower-case with dashes; prefix of every AWS name (e.g. operations).'),
  environment: described(resourceName, 'Environment name; the stack is `<app>-<environment>`.'),
  ...stackCommon,
  network: appNetworkSchema,
  logs: described(logsSchema.optional(), "The domain's audit, slow and error logs and Firehose's delivery errors under `/<app>/<environment>/`; not `central` (this stack is the central log store)."),
  alerting: described(alertingSchema.optional(), 'Who is paged by the alarm topic (domain health, storage, JVM pressure).'),
  openSearch: described(openSearchSchema, 'The OpenSearch domain: private subnets only, KMS, node-to-node encryption, HTTPS with TLS 1.2+, fine-grained access control.'),
  ingestion: described(ingestionSchema, 'The CloudWatch Logs destination app accounts subscribe to, and the Firehose stream behind it.'),
  grafana: described(grafanaSchema.optional(), 'The Amazon Managed Grafana workspace with CloudWatch and OpenSearch data sources.', 'AWS_SSO sign-in'),
});

/** Each blueprint adds its own variant here; `blueprint` picks it. */
export const environmentFileSchema = z.discriminatedUnion('blueprint', [containerAppEnvironmentSchema, instanceAppEnvironmentSchema, accountBaselineSchema, observabilityEnvironmentSchema]);

export type EnvironmentFile = z.infer<typeof environmentFileSchema>;
export type ContainerAppEnvironmentFile = z.infer<typeof containerAppEnvironmentSchema>;
export type ContainerServiceFile = z.infer<typeof containerServiceSchema>;
export type InstanceAppEnvironmentFile = z.infer<typeof instanceAppEnvironmentSchema>;
export type AccountBaselineFile = z.infer<typeof accountBaselineSchema>;
export type ObservabilityFile = z.infer<typeof observabilityEnvironmentSchema>;
/** The files of the app blueprints: a load balancer and a database in the landing-zone network. */
export type AppEnvironmentFile = ContainerAppEnvironmentFile | InstanceAppEnvironmentFile;
export type NetworkLookupConfig = z.infer<typeof networkLookupSchema>;
export type DatabaseConfig = z.infer<typeof databaseSchema>;
export type AmiConfig = z.infer<typeof amiSchema>;
export type OperatingSystem = (typeof OPERATING_SYSTEMS)[number];
export type BaselineControl = (typeof BASELINE_CONTROLS)[number];
export type NetworkConfig = z.infer<typeof networkSchema>;
export type AppNetworkConfig = z.infer<typeof appNetworkSchema>;
export type RoutingConfig = z.infer<typeof routingSchema>;
export type CertificateConfig = z.infer<typeof certificateSchema>;
export type BackendConfig = z.infer<typeof backendSchema>;
export type KmsKeyConfig = z.infer<typeof kmsKeySchema>;
export type CentralLogsConfig = z.infer<typeof centralLogsSchema>;
export type AppKmsKeyConfig = z.infer<typeof appKmsKeySchema>;
export type TargetGroupConfig = z.infer<ReturnType<typeof targetGroupSchema>>;
export type SecurityGroupIdentityConfig = z.infer<ReturnType<typeof securityGroupIdentitySchema>>;
export type InstancePlacementConfig = z.infer<typeof instancePlacementSchema>;
export type { Tier } from './tier-defaults';
