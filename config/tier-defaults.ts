/**
 * What the `tier` switch flips. One table, so a reviewer sees every difference between test and
 * production in one place. `secure` marks the settings whose weakening prints a warning at synth.
 */
import { Tier } from './schema';

export interface TierSetting<T> {
  test: T;
  production: T;
  /** Present when a lower (number) or false (boolean) value is less safe than the tier default. */
  secure?: true;
}

export const TIER_DEFAULTS = {
  'database.multiAz': { test: false, production: true, secure: true },
  'database.deletionProtection': { test: false, production: true, secure: true },
  'database.preventDestroy': { test: false, production: true, secure: true },
  'database.finalSnapshot': { test: false, production: true, secure: true },
  'database.backupRetentionDays': { test: 7, production: 30, secure: true },
  'database.instanceClass': { test: 'db.t4g.micro', production: 'db.m6g.large' },
  'database.allocatedStorageGiB': { test: 20, production: 100 },
  'loadBalancer.deletionProtection': { test: false, production: true, secure: true },
  'loadBalancer.accessLogRetentionDays': { test: 30, production: 365, secure: true },
  'logs.retentionDays': { test: 30, production: 365, secure: true },
  'service.desiredCount': { test: 1, production: 2, secure: true },
  'service.minCapacity': { test: 1, production: 2, secure: true },
  'service.maxCapacity': { test: 2, production: 6 },
  'service.cpu': { test: 256, production: 512 },
  'service.memoryMiB': { test: 512, production: 1024 },
  'fileSystems.preventDestroy': { test: false, production: true, secure: true },
  'instance.terminationProtection': { test: false, production: true, secure: true },
  'instance.stopProtection': { test: false, production: true, secure: true },
  'instance.preventDestroy': { test: false, production: true, secure: true },
  'instance.instanceType': { test: 't3.medium', production: 'm6i.large' },
  'backup.dailyRetentionDays': { test: 7, production: 35, secure: true },
  'backup.weeklyRetentionDays': { test: 0, production: 90, secure: true },
  'backup.monthlyRetentionDays': { test: 0, production: 365, secure: true },
  // Test is patched on Tuesday, production four days later, so a bad patch shows in test first.
  'patching.schedule': { test: 'cron(0 3 ? * TUE *)', production: 'cron(0 3 ? * SAT *)' },
  'auditLogs.retentionDays': { test: 90, production: 730, secure: true },
} satisfies Record<string, TierSetting<unknown>>;

export type TierSettingKey = keyof typeof TIER_DEFAULTS;

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

  value<K extends TierSettingKey>(key: K, keyPath: string, given: (typeof TIER_DEFAULTS)[K]['test'] | undefined): (typeof TIER_DEFAULTS)[K]['test'] {
    const setting: TierSetting<unknown> = TIER_DEFAULTS[key];
    const tierValue = setting[this.tier] as (typeof TIER_DEFAULTS)[K]['test'];
    if (given === undefined) return tierValue;
    if (setting.secure && isWeaker(given, tierValue)) {
      this.overrides.push({ file: this.file, keyPath, tier: this.tier, defaultValue: tierValue, value: given });
    }
    return given;
  }
}

function isWeaker(given: unknown, secureDefault: unknown): boolean {
  if (typeof secureDefault === 'boolean') return secureDefault && given === false;
  if (typeof secureDefault === 'number' && typeof given === 'number') return given < secureDefault;
  return false;
}

export function formatOverrideWarning(o: SecureDefaultOverride): string {
  return `WARNING ${o.file}: ${o.keyPath} = ${JSON.stringify(o.value)} weakens the ${o.tier} default (${JSON.stringify(o.defaultValue)})`;
}
