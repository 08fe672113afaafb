/**
 * What the `tier` switch flips. One table, so a reviewer sees every difference between test and
 * production in one place: building blocks never see the tier, only the values resolved from here
 * (`resolve-environment.ts`). The README's "Tier defaults" table is rendered from this one
 * (`npm run docs:tier-defaults`) and a test fails when the two disagree.
 */
/** The tiers, in the order the README's table shows them; the schema's `tier` key accepts exactly these. */
export const TIERS = ['test', 'production'] as const;
export type Tier = (typeof TIERS)[number];

export interface TierSetting<T> {
  test: T;
  production: T;
  /** Where a user overrides it in the environment file (`[]` stands for every list entry). */
  key: string;
  /** What it does, for the README. */
  doc: string;
  /**
   * Present on the settings that protect data or availability: the side that is safer ('higher'
   * numbers, or true; 'lower' numbers, or false). A value on the other side of the tier default prints
   * a warning at synth.
   */
  secure?: 'higher' | 'lower';
}

export const TIER_DEFAULTS = {
  'database.multiAz': { test: false, production: true, secure: 'higher', key: 'database.multiAz', doc: 'a standby in a second zone' },
  'database.deletionProtection': {
    test: false,
    production: true,
    secure: 'higher',
    key: 'database.deletionProtection',
    doc: 'RDS refuses to delete the instance',
  },
  'database.preventDestroy': {
    test: false,
    production: true,
    secure: 'higher',
    key: 'database.preventDestroy',
    doc: 'Terraform `prevent_destroy` on the instance',
  },
  'database.finalSnapshot': { test: false, production: true, secure: 'higher', key: 'database.finalSnapshot', doc: 'a snapshot before delete' },
  'database.backupRetentionDays': { test: 7, production: 30, secure: 'higher', key: 'database.backupRetentionDays', doc: 'automated backups, days' },
  'database.instanceClass': { test: 'db.t4g.micro', production: 'db.m6g.large', key: 'database.instanceClass', doc: 'RDS instance class' },
  'database.allocatedStorageGiB': { test: 20, production: 100, key: 'database.allocatedStorageGiB', doc: 'initial storage, GiB' },
  'loadBalancer.deletionProtection': {
    test: false,
    production: true,
    secure: 'higher',
    key: 'loadBalancer.deletionProtection',
    doc: 'AWS refuses to delete the load balancer',
  },
  'loadBalancer.accessLogRetentionDays': {
    test: 30,
    production: 365,
    secure: 'higher',
    key: 'loadBalancer.accessLogRetentionDays',
    doc: 'access logs and WAF logs, days',
  },
  // Test environments are torn down often; a bucket that still holds logs would block the destroy.
  'loadBalancer.accessLogsForceDestroy': {
    test: true,
    production: false,
    secure: 'lower',
    key: 'loadBalancer.accessLogsForceDestroy',
    doc: '`terraform destroy` empties the access-log bucket',
  },
  'logs.retentionDays': { test: 30, production: 365, secure: 'higher', key: 'logs.retentionDays', doc: 'CloudWatch Logs retention, days' },
  // A deleted key makes everything it encrypted unreadable; the window is the time to cancel.
  'kmsKey.deletionWindowDays': {
    test: 7,
    production: 30,
    secure: 'higher',
    key: 'kmsKey.deletionWindowDays',
    doc: 'days a deleted KMS key can still be restored',
  },
  'kmsKey.preventDestroy': { test: false, production: true, secure: 'higher', key: 'kmsKey.preventDestroy', doc: 'Terraform `prevent_destroy` on the KMS key' },
  'ecr.forceDelete': {
    test: true,
    production: false,
    secure: 'lower',
    key: 'ecr.forceDelete',
    doc: '`terraform destroy` deletes the ECR repository with its images',
  },
  'service.desiredCount': { test: 1, production: 2, secure: 'higher', key: 'containerApp.services[].desiredCount', doc: 'tasks per service' },
  'service.minCapacity': {
    test: 1,
    production: 2,
    secure: 'higher',
    key: 'containerApp.services[].autoscaling.minCapacity',
    doc: 'fewest tasks autoscaling keeps',
  },
  'service.maxCapacity': { test: 2, production: 6, key: 'containerApp.services[].autoscaling.maxCapacity', doc: 'most tasks autoscaling starts' },
  'service.cpu': { test: 256, production: 512, key: 'containerApp.services[].cpu', doc: 'Fargate CPU units' },
  'service.memoryMiB': { test: 512, production: 1024, key: 'containerApp.services[].memoryMiB', doc: 'Fargate memory, MiB' },
  'fileSystems.preventDestroy': {
    test: false,
    production: true,
    secure: 'higher',
    key: 'containerApp.fileSystems.preventDestroy',
    doc: 'Terraform `prevent_destroy` on the services\' EFS file systems',
  },
  'instance.terminationProtection': {
    test: false,
    production: true,
    secure: 'higher',
    key: 'instanceApp.terminationProtection',
    doc: 'EC2 refuses to terminate the instance',
  },
  'instance.stopProtection': { test: false, production: true, secure: 'higher', key: 'instanceApp.stopProtection', doc: 'EC2 refuses to stop the instance' },
  'instance.preventDestroy': {
    test: false,
    production: true,
    secure: 'higher',
    key: 'instanceApp.preventDestroy',
    doc: 'Terraform `prevent_destroy` on instances and data volumes',
  },
  'instance.dataVolumeFinalSnapshot': {
    test: false,
    production: true,
    secure: 'higher',
    key: 'instanceApp.dataVolume.finalSnapshot',
    doc: 'a snapshot of the data volume before delete',
  },
  'instance.instanceType': { test: 't3.medium', production: 'm6i.large', key: 'instanceApp.instanceType', doc: 'EC2 instance type' },
  'backup.dailyRetentionDays': { test: 7, production: 35, secure: 'higher', key: 'backup.dailyRetentionDays', doc: 'daily recovery points, days' },
  'backup.weeklyRetentionDays': { test: 0, production: 90, secure: 'higher', key: 'backup.weeklyRetentionDays', doc: 'weekly recovery points, days (0: none)' },
  'backup.monthlyRetentionDays': {
    test: 0,
    production: 365,
    secure: 'higher',
    key: 'backup.monthlyRetentionDays',
    doc: 'monthly recovery points, days (0: none)',
  },
  'backup.vaultForceDestroy': {
    test: true,
    production: false,
    secure: 'lower',
    key: 'backup.vaultForceDestroy',
    doc: '`terraform destroy` deletes the vault with its recovery points',
  },
  'backup.vaultPreventDestroy': {
    test: false,
    production: true,
    secure: 'higher',
    key: 'backup.vaultPreventDestroy',
    doc: 'Terraform `prevent_destroy` on the vault',
  },
  // The vault holds the only copies of licence-bound instances; only their lifecycle may expire them.
  'backup.recoveryPointsOnlyExpire': {
    test: false,
    production: true,
    secure: 'higher',
    key: 'backup.recoveryPointsOnlyExpire',
    doc: 'a vault policy denies deleting or shortening recovery points',
  },
  // Test is patched on Tuesday, production four days later, so a bad patch shows in test first.
  'patching.schedule': { test: 'cron(0 3 ? * TUE *)', production: 'cron(0 3 ? * SAT *)', key: 'patching.schedule', doc: 'maintenance window' },
  'auditLogs.retentionDays': { test: 90, production: 730, secure: 'higher', key: 'auditLogs.retentionDays', doc: 'audit bucket objects, days' },
  'auditLogs.forceDestroy': {
    test: true,
    production: false,
    secure: 'lower',
    key: 'auditLogs.forceDestroy',
    doc: '`terraform destroy` empties the audit buckets',
  },
  'auditLogs.preventDestroy': {
    test: false,
    production: true,
    secure: 'higher',
    key: 'auditLogs.preventDestroy',
    doc: 'Terraform `prevent_destroy` on the audit buckets',
  },
  'openSearch.instanceType': { test: 't3.small.search', production: 'r6g.large.search', key: 'openSearch.instanceType', doc: 'OpenSearch data node instance type' },
  'openSearch.instanceCount': { test: 1, production: 3, secure: 'higher', key: 'openSearch.instanceCount', doc: 'OpenSearch data nodes' },
  // Three zones keep a replica of every shard out of the zone that fails; one node in test is one zone.
  'openSearch.zoneCount': { test: 1, production: 3, secure: 'higher', key: 'openSearch.zoneCount', doc: 'zones the OpenSearch data nodes spread over' },
  'openSearch.dedicatedMasters': {
    test: false,
    production: true,
    secure: 'higher',
    key: 'openSearch.dedicatedMasters',
    doc: 'three dedicated OpenSearch master nodes',
  },
  'openSearch.volumeGiB': { test: 10, production: 100, key: 'openSearch.volumeGiB', doc: 'EBS volume per OpenSearch data node, GiB' },
  'openSearch.preventDestroy': {
    test: false,
    production: true,
    secure: 'higher',
    key: 'openSearch.preventDestroy',
    doc: 'Terraform `prevent_destroy` on the OpenSearch domain',
  },
  'ingestion.failedDocumentsRetentionDays': {
    test: 30,
    production: 365,
    secure: 'higher',
    key: 'ingestion.failedDocumentsRetentionDays',
    doc: 'log documents the domain refused, kept in S3, days',
  },
  'ingestion.failedDocumentsForceDestroy': {
    test: true,
    production: false,
    secure: 'lower',
    key: 'ingestion.failedDocumentsForceDestroy',
    doc: '`terraform destroy` empties the failed-documents bucket',
  },
} as const satisfies Record<string, TierSetting<unknown>>;

export type TierSettingKey = keyof typeof TIER_DEFAULTS;

/** The value type of a setting: `boolean`, not the literal `true` its production default has. */
type Widen<T> = T extends boolean ? boolean : T extends number ? number : T extends string ? string : T;
export type TierValue<K extends TierSettingKey> = Widen<(typeof TIER_DEFAULTS)[K]['test'] | (typeof TIER_DEFAULTS)[K]['production']>;

/** A setting the user changed away from a secure tier default, reported as a warning. */
export interface SecureDefaultOverride {
  file: string;
  keyPath: string;
  tier: Tier;
  defaultValue: unknown;
  value: unknown;
}

/**
 * Resolves one tiered setting: the user's value if given, else the tier's. Records an override when
 * the user's value is weaker than a secure default.
 */
export class TierResolver {
  readonly overrides: SecureDefaultOverride[] = [];

  constructor(
    readonly tier: Tier,
    private readonly file: string,
  ) {}

  value<K extends TierSettingKey>(key: K, keyPath: string, given: TierValue<K> | undefined): TierValue<K> {
    const setting: TierSetting<unknown> = TIER_DEFAULTS[key];
    const tierValue = setting[this.tier] as TierValue<K>;
    if (given === undefined) return tierValue;
    if (setting.secure && isWeaker(given, tierValue, setting.secure)) {
      this.overrides.push({ file: this.file, keyPath, tier: this.tier, defaultValue: tierValue, value: given });
    }
    return given;
  }
}

/** Booleans order false < true, so "true is safer" and "more days are safer" are one rule. */
export function isWeaker(given: unknown, secureDefault: unknown, safer: 'higher' | 'lower'): boolean {
  const comparable = (v: unknown) => (typeof v === 'boolean' ? Number(v) : v);
  const g = comparable(given);
  const d = comparable(secureDefault);
  if (typeof g !== 'number' || typeof d !== 'number') return false;
  return safer === 'higher' ? g < d : g > d;
}

export function formatOverrideWarning(o: SecureDefaultOverride): string {
  return `WARNING ${o.file}: ${o.keyPath} = ${JSON.stringify(o.value)} weakens the ${o.tier} default (${JSON.stringify(o.defaultValue)})`;
}
