/**
 * AWS names for one app environment. Several AWS names are short (ALB and target group: 32), so a
 * long name is cut and given a stable hash suffix instead of failing at apply time.
 */
import { createHash } from 'crypto';

/** The tags the provider puts on every resource (stacks/aws-provider.ts); a config's own tags may not reuse them. */
export const BLUEPRINT_DEFAULT_TAG_KEYS = ['App', 'Environment', 'Tier', 'Blueprint', 'ManagedBy'] as const;
/** The tags single resources add: at most all three on one resource (an EC2 instance). */
export const RESOURCE_TAG_KEYS = { name: 'Name', backupPlan: 'BackupPlan', patchGroup: 'PatchGroup' } as const;

export class ResourceNames {
  constructor(
    readonly app: string,
    readonly environment: string,
  ) {}

  /** `<app>-<environment>` — the prefix of every name in this environment. */
  get prefix(): string {
    return `${this.app}-${this.environment}`;
  }

  /** `<app>-<environment>-<suffix>`, at most `maxLength` characters. */
  name(suffix?: string, maxLength = 63): string {
    const full = suffix ? `${this.prefix}-${suffix}` : this.prefix;
    if (full.length <= maxLength) return full;
    const hash = createHash('sha256').update(full).digest('hex').slice(0, 6);
    return `${full.slice(0, maxLength - 7).replace(/-+$/, '')}-${hash}`;
  }

  /** The load balancer: ALB names are at most 32 characters. */
  loadBalancer(): string {
    return this.name('alb', 32);
  }

  /** A target group of the load balancer: at most 32 characters. */
  targetGroup(shortName: string): string {
    return this.name(shortName, 32);
  }

  /** The RDS instance identifier, also its subnet group's name and the prefix of its parameter group and final snapshot. */
  database(nameSuffix?: string): string {
    return this.name(nameSuffix ? `db-${nameSuffix}` : 'db');
  }

  /** The RDS parameter group: the identifier plus the engine family (pg16, mysql8-0). */
  databaseParameterGroup(engine: 'postgres' | 'mysql', version: string, nameSuffix?: string): string {
    return `${this.database(nameSuffix)}-${parameterGroupFamily(engine, version).suffix}`;
  }

  /** AWS Backup vault, plan and selection: at most 50 characters each. */
  backup(): string {
    return this.name('backup', 50);
  }

  /** The environment's KMS alias. */
  kmsAlias(): string {
    return `alias/${this.prefix}`;
  }

  /**
   * `/<app>/<environment>/<path>`: the name of every log group of this environment; `logGroupName('*')`
   * is all of them, for the KMS key policy.
   */
  logGroupName(path: string): string {
    return `/${this.app}/${this.environment}/${path}`;
  }

  /** WAF only logs to groups named `aws-waf-logs-*`, so its group lives outside `/<app>/<environment>/`. */
  get wafLogGroupName(): string {
    return `aws-waf-logs-${this.prefix}`;
  }

  /** The central OpenSearch domain of an operations environment: domain names are at most 28 characters. */
  openSearchDomain(): string {
    return this.name('logs', 28);
  }

  /** The Firehose stream (at most 64) and the CloudWatch Logs destination in front of it (at most 512). */
  centralLogs(maxLength: 64 | 512): string {
    return this.name('central-logs', maxLength);
  }

  /** The SSM parameter path under which this environment publishes its facts. */
  parameterPath(...parts: string[]): string {
    return `/${this.app}/${this.environment}/${parts.join('/')}`;
  }
}

/**
 * The log groups of the observability blueprint, below `/<app>/<environment>/`: the OpenSearch domain's
 * four log types and Firehose's delivery errors.
 */
export const OBSERVABILITY_LOG_GROUPS = ['opensearch/audit', 'opensearch/index-slow', 'opensearch/search-slow', 'opensearch/application', 'firehose/delivery'] as const;

/** The RDS parameter-group family of an engine version, and the suffix of the group's name. */
export function parameterGroupFamily(engine: 'postgres' | 'mysql', version: string): { family: string; suffix: string } {
  if (engine === 'postgres') {
    const major = version.split('.')[0];
    return { family: `postgres${major}`, suffix: `pg${major}` };
  }
  const majorMinor = version.split('.').slice(0, 2).join('.');
  return { family: `mysql${majorMinor}`, suffix: `mysql${majorMinor.replace('.', '-')}` };
}
