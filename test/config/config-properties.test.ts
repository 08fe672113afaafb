/**
 * Properties of the loader and the blueprints over generated configs (fast-check):
 * - whatever the loader accepts synthesizes byte-identically twice, every name in the synthesized
 *   Terraform satisfies the AWS naming table, every resource stays within AWS's 50 tags, and every name
 *   that carries the environment's prefix is one the load-time check saw (derived-names.ts);
 * - any schema-valid app / environment name is either accepted (and then the above holds) or refused
 *   at `app` or `environment` — never accepted and then refused by AWS;
 * - a generated mistake is reported at exactly the file and key it was planted at.
 * Runs are few (CPU is shared); a failure prints the seed to replay.
 */
import { fc, it } from '@fast-check/jest';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { isReservedDatabaseWord } from '../../config/aws-rules/config-rules';
import { NAME_RULES_BY_ID, nameRuleFor, nameViolation } from '../../config/aws-rules/name-rules';
import { ConfigError } from '../../config/config-error';
import { loadEnvironments } from '../../config/load-environments';
import { derivedNames } from '../../config/aws-rules/derived-names';
import { synthesizeEnvironments } from '../../stacks/synthesize';
import { instanceAppConfig } from '../support/instance-app-config';
import { containerAppConfig } from '../support/container-app-config';
import { observabilityConfig } from '../support/observability-config';
import { treeDigest } from '../support/tree-digest';
import { readStacks, tempDir, TerraformJson } from '../support/synth-stack';

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
/** Names the schema accepts that are also safe for every derived AWS name: words joined by single hyphens. */
const safeName = fc
  .array(word, { minLength: 1, maxLength: 4 })
  .map((w) => w.join('-'))
  .filter((n) => n.length >= 2 && n.length <= 32 && !/^(internal|sg|xn|aws|ssm|sthree|amzn)/.test(n) && !isReservedDatabaseWord('postgres', n.replace(/-/g, '_')));
/** Anything the schema accepts for app or environment, including what AWS would refuse downstream. */
const schemaName = fc.stringMatching(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/);
const tagKey = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ._:/=+@-]{0,40}$/).filter((k) => !/^aws:/i.test(k));
const tagValue = fc.stringMatching(/^[A-Za-z0-9 ._:/=+@-]{0,60}$/);
const tags = fc.dictionary(tagKey, tagValue, { maxKeys: 42 });
const fargateSize = fc.constantFrom([256, 512], [256, 2048], [512, 4096], [1024, 3072], [2048, 16384], [4096, 8192]);
const tier = fc.constantFrom('test' as const, 'production' as const);

const containerApp = fc.record({ app: safeName, environment: safeName, tier, tags, services: fc.uniqueArray(fc.tuple(safeName, fargateSize), { minLength: 1, maxLength: 3, selector: ([n]) => n }) }).map((g) => ({
  ...containerAppConfig(g.tier),
  app: g.app,
  environment: g.environment,
  tags: g.tags,
  containerApp: {
    services: g.services.map(([name, [cpu, memoryMiB]], i) => ({
      name,
      image: '<ecr>:1.0.0',
      containerPort: 3000 + i,
      healthCheckPath: '/up',
      cpu,
      memoryMiB,
      routing: { priority: 10 + i, hostHeaders: [`${name}.example.com`] },
      writablePaths: ['/tmp'],
    })),
  },
}));
const instanceApp = fc.record({ app: safeName, environment: safeName, tier, tags }).map((g) => ({ ...instanceAppConfig(g.tier), app: g.app, environment: g.environment, tags: g.tags }));
const observability = fc.record({ app: safeName, environment: safeName, tier, tags }).map((g) => ({ ...observabilityConfig(g.tier), app: g.app, environment: g.environment, tags: g.tags }));

/** Tags differing only in case, or reusing the blueprint's keys, are refused by design; keep the generated ones apart. */
function distinctTags(config: Record<string, unknown>): Record<string, unknown> {
  const seen = new Set(['app', 'environment', 'tier', 'blueprint', 'managedby', 'name', 'backupplan', 'patchgroup']);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config.tags as Record<string, string>)) {
    if (seen.has(k.toLowerCase())) continue;
    seen.add(k.toLowerCase());
    out[k] = v;
  }
  return { ...config, tags: out };
}

function writeEnvironment(config: Record<string, unknown>): string {
  const dir = tempDir('prop-env');
  fs.writeFileSync(path.join(dir, 'env.yaml'), stringify(config));
  return dir;
}

/** Every literal name in a stack that the naming table covers: [rule id, name, where]. */
function synthesizedNames(stack: TerraformJson): [string, string, string][] {
  const out: [string, string, string][] = [];
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    for (const [logical, resource] of Object.entries(byName)) {
      for (const [attribute, value] of Object.entries(resource)) {
        const rule = nameRuleFor(type, attribute);
        if (rule && typeof value === 'string' && !value.includes('${')) out.push([rule.id, value, `${type}.${logical}.${attribute}`]);
      }
    }
  }
  return out;
}

/** Loads, synthesizes twice, and checks every property of an accepted config. */
function checkAccepted(dir: string): void {
  const loaded = loadEnvironments(dir, dir);
  const root = tempDir('prop-out');
  synthesizeEnvironments(loaded, path.join(root, 'first'));
  synthesizeEnvironments(loadEnvironments(dir, dir), path.join(root, 'second'));
  expect(treeDigest(path.join(root, 'second'))).toEqual(treeDigest(path.join(root, 'first')));

  const { stacks } = readStacks(path.join(root, 'first'));
  for (const l of loaded) {
    const stack = stacks[`${l.environment.app}-${l.environment.environment}`];
    const derived = new Map<string, Set<string>>();
    for (const d of derivedNames(l.environment)) derived.set(d.name, new Set([...(derived.get(d.name) ?? []), d.rule]));
    const prefixes = [`${l.environment.app}-${l.environment.environment}`, `/${l.environment.app}/${l.environment.environment}/`, `alias/${l.environment.app}-`, `aws-waf-logs-${l.environment.app}-`];
    for (const [ruleId, name, where] of synthesizedNames(stack)) {
      const problem = nameViolation(nameRuleFor(where.split('.')[0], where.split('.').pop()!)!, name);
      if (problem) throw new Error(`${where}: ${problem}`);
      // The one name with a content hash (the agent configuration's association) is covered by its rule's length cap.
      const carriesPrefix = prefixes.some((p) => name.startsWith(p)) && !name.includes('-cloudwatch-agent-config-');
      if (carriesPrefix && ruleId !== 'alarm-name' && !derived.get(name)?.has(ruleId)) throw new Error(`${where} = ${name} (${ruleId}) is not in derivedNames()`);
    }
    const defaultTags = Object.keys(((stack.provider?.aws?.[0] as { default_tags?: { tags: Record<string, string> }[] })?.default_tags?.[0]?.tags) ?? {});
    for (const [type, byName] of Object.entries(stack.resource ?? {})) {
      for (const [logical, resource] of Object.entries(byName)) {
        const own = Object.keys((resource.tags as Record<string, string> | undefined) ?? {});
        const all = new Set([...defaultTags, ...own]);
        if (all.size > 50) throw new Error(`${type}.${logical} has ${all.size} tags`);
      }
    }
  }
}

describe('generated valid configs', () => {
  it.prop([fc.oneof(containerApp, instanceApp, observability).map(distinctTags)], { numRuns: 8 })(
    'are accepted, synthesize byte-identically twice, and every derived name and tag count is within AWS rules',
    (config) => {
      checkAccepted(writeEnvironment(config));
    },
    600_000,
  );

  it.prop([schemaName, schemaName, fc.constantFrom(containerAppConfig, instanceAppConfig, observabilityConfig)], { numRuns: 40 })(
    'any schema-valid app and environment name is accepted only if every derived name is valid, else refused at app or environment',
    (app, environment, blueprintConfig) => {
      const config = { ...blueprintConfig('production'), app, environment };
      const dir = writeEnvironment(config);
      try {
        const [loaded] = loadEnvironments(dir, dir);
        for (const d of derivedNames(loaded.environment)) expect(nameViolation(NAME_RULES_BY_ID.get(d.rule)!, d.name)).toBeUndefined();
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        for (const issue of err.issues) {
          expect(issue.file).toBe('env.yaml');
          expect(['app', 'environment']).toContain(issue.keyPath);
          expect(issue.message).toMatch(/^expected (the .+ derived from it to .+|a database name .+ that PostgreSQL and RDS do not reserve), found ".+"$/);
        }
      }
    },
  );

  it('a schema-valid name that AWS would refuse downstream, accepted, also synthesizes within the rules (one full synth)', () => {
    checkAccepted(writeEnvironment({ ...containerAppConfig('production'), app: 'a'.repeat(32), environment: `b${'-c'.repeat(15)}d` }));
  });
});

/** A planted mistake: how to plant it at service `i`, and the key it must be reported at. */
const mistakes: { name: string; plant: (config: Record<string, unknown>, i: number) => void; key: (i: number) => string }[] = [
  { name: 'unknown tier', plant: (c) => (c.tier = 'staging'), key: () => 'tier' },
  { name: 'host bits in the VPC CIDR', plant: (c) => ((c.network as Record<string, unknown>).vpcCidr = '10.20.0.1/16'), key: () => 'network.vpcCidr' },
  { name: 'reserved tag key', plant: (c) => (c.tags = { 'aws:team': 'x' }), key: () => 'tags.aws:team' },
  { name: 'password in a URL', plant: (c, i) => (svc(c, i).environment = { URL: 'https://u:p4ss@example.com' }), key: (i) => `containerApp.services[${i}].environment.URL` },
  { name: 'Fargate size', plant: (c, i) => Object.assign(svc(c, i), { cpu: 4096, memoryMiB: 4096 }), key: (i) => `containerApp.services[${i}].memoryMiB` },
  { name: 'writable root', plant: (c, i) => (svc(c, i).writablePaths = ['/']), key: (i) => `containerApp.services[${i}].writablePaths[0]` },
  { name: 'too many path patterns', plant: (c, i) => (svc(c, i).routing = { priority: 500 + i, pathPatterns: ['/a', '/b', '/c', '/d'] }), key: (i) => `containerApp.services[${i}].routing.pathPatterns` },
  { name: 'wrong type', plant: (c, i) => (svc(c, i).containerPort = 'http'), key: (i) => `containerApp.services[${i}].containerPort` },
];
function svc(config: Record<string, unknown>, i: number): Record<string, unknown> {
  return (config.containerApp as { services: Record<string, unknown>[] }).services[i];
}

describe('generated invalid configs', () => {
  it.prop([containerApp.map(distinctTags), fc.constantFrom(...mistakes), fc.nat()], { numRuns: 40 })('name the file and key the mistake was planted at', (config, mistake, n) => {
    const i = n % (config.containerApp as { services: unknown[] }).services.length;
    const planted = structuredClone(config);
    mistake.plant(planted, i);
    const dir = writeEnvironment(planted);
    let issues: ConfigError['issues'] = [];
    try {
      loadEnvironments(dir, dir);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      issues = err.issues;
    }
    expect(issues.map((x) => `${x.file}: ${x.keyPath}`)).toContain(`env.yaml: ${mistake.key(i)}`);
    for (const x of issues) expect(x.file).toBe('env.yaml');
  });
});
