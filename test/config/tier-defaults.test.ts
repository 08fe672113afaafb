/**
 * The tier table is the one place a test/production difference lives: every setting in it can be
 * overridden in the environment file, weakening a secure one warns, and the README shows exactly it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkEnvironmentProps } from '../../config/check-environment-props';
import { resolveEnvironment } from '../../config/resolve-environment';
import { environmentFileSchema } from '../../config/schema';
import { TABLE_END, TABLE_START, renderTierDefaultsTable, withGeneratedTable } from '../../config/tier-defaults-table';
import { formatOverrideWarning, isWeaker, TIER_DEFAULTS, TierResolver, TierSetting } from '../../config/tier-defaults';
import { PROJECT_ROOT } from '../../tooling/terraform-cli';
import { accountBaselineConfig } from '../support/account-baseline-config';
import { instanceAppConfig } from '../support/instance-app-config';
import { containerAppConfig } from '../support/container-app-config';
import { observabilityConfig } from '../support/observability-config';

/** One file per blueprint (two for observability), with the optional blocks that tiered keys live in (a data volume, autoscaling). */
function baseFiles(tier: 'test' | 'production'): Record<string, unknown>[] {
  const container = containerAppConfig(tier);
  const services = (container.containerApp as { services: Record<string, unknown>[] }).services;
  services[0] = { ...services[0], autoscaling: { minCapacity: 2, maxCapacity: 6 } };
  const instance = instanceAppConfig(tier);
  (instance.instanceApp as Record<string, unknown>).dataVolume = { sizeGiB: 50 };
  // Data nodes must split evenly over the zones, so each OpenSearch key is tried against a file that pins the other.
  const observability = (pinned: Record<string, number>) => {
    const file = observabilityConfig(tier);
    return { ...file, openSearch: { ...(file.openSearch as object), ...pinned } };
  };
  return [container, instance, accountBaselineConfig(tier), observability({ zoneCount: 1 }), observability({ instanceCount: 3 })];
}

/** Sets a table key (`a.b[].c`, `[]` meaning the first entry) in a config object. */
function setKey(file: Record<string, unknown>, key: string, value: unknown): { keyPath: string } {
  const parts = key.replace(/\[\]/g, '.0').split('.');
  let node = file as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
  return { keyPath: key.replace(/\[\]/g, '[0]') };
}

/** Resolves every blueprint's file that accepts `key = value`; fails if none does. */
function resolveWith(tier: 'test' | 'production', key: string, value: unknown) {
  const accepted = baseFiles(tier).flatMap((file) => {
    const copy = structuredClone(file);
    const { keyPath } = setKey(copy, key, value);
    const parsed = environmentFileSchema.safeParse(copy);
    if (!parsed.success || checkEnvironmentProps(parsed.data).length > 0) return [];
    return [{ keyPath, ...resolveEnvironment(parsed.data, 'env.yaml') }];
  });
  if (accepted.length === 0) throw new Error(`no blueprint accepts ${key} = ${JSON.stringify(value)}`);
  return accepted;
}

const settings = Object.entries(TIER_DEFAULTS) as [string, TierSetting<unknown>][];
const secureSettings = settings.filter(([, s]) => s.secure);

describe('tier table', () => {
  it('is what the README shows under "Tier defaults" (regenerate with npm run docs:tier-defaults)', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const between = readme.slice(readme.indexOf(TABLE_START) + TABLE_START.length, readme.indexOf(TABLE_END)).trim();
    expect(readme.indexOf(TABLE_START)).toBeGreaterThan(0);
    expect(between).toBe(renderTierDefaultsTable());
  });

  it('is written between the markers, replacing what was there, and refuses a README without them', () => {
    expect(withGeneratedTable(`intro\n${TABLE_START}\nstale\n${TABLE_END}\nrest`)).toBe(`intro\n${TABLE_START}\n${renderTierDefaultsTable()}\n${TABLE_END}\nrest`);
    expect(() => withGeneratedTable('no markers')).toThrow(/expected the markers/);
    expect(() => withGeneratedTable(`${TABLE_END}${TABLE_START}`)).toThrow(/expected the markers/);
    // A README that starts with the table is still a README with the markers.
    expect(withGeneratedTable(`${TABLE_START}${TABLE_END}`)).toBe(`${TABLE_START}\n${renderTierDefaultsTable()}\n${TABLE_END}`);
  });

  it('says which change warns: a boolean set to its unsafe value, a number moved to the unsafe side, nothing for sizing', () => {
    const row = (key: string) => renderTierDefaultsTable().split('\n').find((l) => l.startsWith(`| \`${key}\` |`));
    expect(row('kmsKey.deletionWindowDays')).toBe('| `kmsKey.deletionWindowDays` | 7 | 30 | lowered | days a deleted KMS key can still be restored |');
    expect(row('ecr.forceDelete')).toBe('| `ecr.forceDelete` | true | false | set to true | `terraform destroy` deletes the ECR repository with its images |');
    expect(row('kmsKey.preventDestroy')).toBe('| `kmsKey.preventDestroy` | false | true | set to false | Terraform `prevent_destroy` on the KMS key |');
    expect(row('database.instanceClass')).toBe('| `database.instanceClass` | db.t4g.micro | db.m6g.large |  | RDS instance class |');
    // No number in the table is safer lower today; the first one (say, a maximum age) must read "raised".
    const saferLower: TierSetting<number> = { test: 90, production: 30, secure: 'lower', key: 'x.maxAgeDays', doc: 'days a thing may live' };
    expect(renderTierDefaultsTable({ saferLower }).split('\n')[2]).toBe('| `x.maxAgeDays` | 90 | 30 | raised | days a thing may live |');
  });

  it('gives every setting a different value per tier: a setting that does not differ does not belong here', () => {
    for (const [name, s] of settings) expect({ name, differs: s.test !== s.production }).toEqual({ name, differs: true });
  });

  it('makes production the safer side of every secure setting', () => {
    for (const [name, s] of secureSettings) expect({ name, testWeaker: isWeaker(s.test, s.production, s.secure!) }).toEqual({ name, testWeaker: true });
  });

  // The test value is on the weak side of production (checked above), and valid where the schema has a list.
  it.each(secureSettings)('%s: weakening the production default in the file warns with the key path', (_name, s) => {
    for (const resolved of resolveWith('production', s.key, s.test)) {
      expect(resolved.overrides).toContainEqual({
        file: 'env.yaml',
        keyPath: resolved.keyPath,
        tier: 'production',
        defaultValue: s.production,
        value: s.test,
      });
    }
  });

  it.each(secureSettings)('%s: the production value itself, or a stronger one in test, is no warning', (_name, s) => {
    for (const tier of ['production', 'test'] as const) {
      for (const resolved of resolveWith(tier, s.key, s.production)) {
        expect(resolved.overrides.filter((o) => o.keyPath === resolved.keyPath)).toEqual([]);
      }
    }
  });

  it.each(settings.filter(([, s]) => !s.secure))('%s: overriding a sizing setting is accepted without a warning', (_name, s) => {
    for (const resolved of resolveWith('production', s.key, s.test)) {
      expect(resolved.overrides.filter((o) => o.keyPath === resolved.keyPath)).toEqual([]);
    }
  });
});

describe('isWeaker', () => {
  it.each([
    [false, true, 'higher', true],
    [true, true, 'higher', false],
    [true, false, 'higher', false],
    [29, 30, 'higher', true],
    [30, 30, 'higher', false],
    [31, 30, 'higher', false],
    [true, false, 'lower', true],
    [false, false, 'lower', false],
    [false, true, 'lower', false],
    [8, 7, 'lower', true],
    [7, 7, 'lower', false],
    ['cron(0 3 ? * MON *)', 'cron(0 3 ? * SAT *)', 'higher', false],
  ] as const)('%p against default %p (safer: %s) is weaker: %p', (given, secureDefault, safer, expected) => {
    expect(isWeaker(given, secureDefault, safer)).toBe(expected);
  });
});

describe('TierResolver', () => {
  it("returns the tier's value when the file sets none, the file's value otherwise, and records only weakenings", () => {
    const tiers = new TierResolver('production', 'env.yaml');
    expect(tiers.value('kmsKey.deletionWindowDays', 'kmsKey.deletionWindowDays', undefined)).toBe(30);
    expect(tiers.value('ecr.forceDelete', 'ecr.forceDelete', undefined)).toBe(false);
    expect(tiers.value('database.instanceClass', 'database.instanceClass', 'db.t4g.small')).toBe('db.t4g.small');
    expect(tiers.value('kmsKey.deletionWindowDays', 'kmsKey.deletionWindowDays', 10)).toBe(10);
    expect(tiers.overrides).toEqual([{ file: 'env.yaml', keyPath: 'kmsKey.deletionWindowDays', tier: 'production', defaultValue: 30, value: 10 }]);
    expect(new TierResolver('test', 'env.yaml').value('kmsKey.deletionWindowDays', 'kmsKey.deletionWindowDays', undefined)).toBe(7);
  });

  it('words the warning with file, key, value, tier and default', () => {
    expect(formatOverrideWarning({ file: 'environments/shop/production.yaml', keyPath: 'ecr.forceDelete', tier: 'production', defaultValue: false, value: true })).toBe(
      'WARNING environments/shop/production.yaml: ecr.forceDelete = true weakens the production default (false)',
    );
  });
});
