/**
 * Every AWS rule the loader applies, like cdk-nag: each entry of the naming table and each config
 * rule has a compliant and a non-compliant case, and a rule without them fails here. The README's
 * copy of the tables is checked against the code.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_RULES, ConfigRule } from '../../config/aws-rules/config-rules';
import { NAME_RULES, NAME_RULES_BY_ID, NameRule, nameRuleFor, nameViolation } from '../../config/aws-rules/name-rules';
import { renderAwsRulesMarkdown } from '../../config/aws-rules/rules-markdown';
import { resolveEnvironment } from '../../config/resolve-environment';
import { environmentFileSchema, EnvironmentFile } from '../../config/schema';
import { PROJECT_ROOT } from '../../tooling/terraform-cli';
import { instanceAppConfig, withInstanceApp } from '../support/instance-app-config';
import { containerAppConfig } from '../support/container-app-config';

const base = containerAppConfig('test');
const service = (base.containerApp as { services: Record<string, unknown>[] }).services[0];
const withService = (extra: Record<string, unknown>, more: Record<string, unknown>[] = []) => ({ ...base, containerApp: { services: [{ ...service, ...extra }, ...more] } });

/** Runs one rule on a config that passes the schema (the rule sees only what the schema let through). */
function runRule(rule: ConfigRule, config: Record<string, unknown>) {
  const file = environmentFileSchema.parse(config) as EnvironmentFile;
  return rule.check(file, resolveEnvironment(file, 'env.yaml').environment);
}

/** Per rule: configs it accepts, configs it refuses, and the key path each refusal names. */
const RULE_CASES: Record<string, { compliant: Record<string, unknown>[]; nonCompliant: [Record<string, unknown>, string][] }> = {
  'aws-names': {
    compliant: [base, instanceAppConfig('production'), { ...base, app: 'a'.repeat(32), environment: 'e'.repeat(32) }],
    nonCompliant: [
      [{ ...base, app: 'internal' }, 'app'],
      [{ ...base, environment: 'x--y' }, 'environment'],
      [{ ...instanceAppConfig('test'), app: 'ssm-erp' }, 'app'],
    ],
  },
  'referenced-names': {
    compliant: [{ ...base, backend: { s3: { bucket: 'shop-terraform-state-123456789012' } } }, base],
    nonCompliant: [
      [{ ...base, backend: { s3: { bucket: 'xn--state-bucket' } } }, 'backend.s3.bucket'],
      [{ ...base, backend: { s3: { bucket: 'state..bucket' } } }, 'backend.s3.bucket'],
      [{ ...base, backend: { s3: { bucket: '10.0.0.1' } } }, 'backend.s3.bucket'],
    ],
  },
  'database-reserved-words': {
    compliant: [base, { ...base, app: 'orders' }, { ...instanceAppConfig('test'), database: { engine: 'mysql', engineVersion: '8.0', masterUsername: 'erp_admin' } }],
    nonCompliant: [
      [{ ...base, app: 'order' }, 'app'],
      [{ ...base, database: { databaseName: 'select' } }, 'database.databaseName'],
      [{ ...base, database: { masterUsername: 'rdsadmin' } }, 'database.masterUsername'],
      [{ ...instanceAppConfig('test'), database: { engine: 'mysql', engineVersion: '8.0', masterUsername: 'KEY' } }, 'database.masterUsername'],
    ],
  },
  'tag-keys': {
    compliant: [{ ...base, tags: { Owner: 'platform-team', 'cost:center': '4711', 'team name': 'data team' } }],
    nonCompliant: [
      [{ ...base, tags: { 'AWS:x': 'y' } }, 'tags.AWS:x'],
      [{ ...base, tags: { ManagedBy: 'me' } }, 'tags.ManagedBy'],
      [{ ...base, tags: { name: 'x' } }, 'tags.name'],
      [{ ...base, tags: { Team: 'a', TEAM: 'b' } }, 'tags.TEAM'],
      [{ ...base, tags: { Team: 'a;b' } }, 'tags.Team'],
    ],
  },
  'tag-count': {
    compliant: [{ ...base, tags: Object.fromEntries(Array.from({ length: 42 }, (_, i) => [`K${i}`, 'v'])) }],
    nonCompliant: [[{ ...base, tags: Object.fromEntries(Array.from({ length: 43 }, (_, i) => [`K${i}`, 'v'])) }, 'tags']],
  },
  'canonical-cidrs': {
    compliant: [{ ...base, loadBalancer: { ...(base.loadBalancer as object), allowedIngressCidrs: ['192.168.0.0/24', '10.1.2.3/32', '0.0.0.0/0'] } }],
    nonCompliant: [
      [{ ...base, network: { ...(base.network as object), vpcCidr: '10.1.0.0/8' } }, 'network.vpcCidr'],
      [{ ...base, loadBalancer: { ...(base.loadBalancer as object), allowedIngressCidrs: ['0.0.0.0/0', '192.168.1.0/16'] } }, 'loadBalancer.allowedIngressCidrs[1]'],
    ],
  },
  'listener-rule-conditions': {
    compliant: [withService({ routing: { priority: 1, hostHeaders: ['a.example.com', '*.b.example.com', 'c?.example.com'], pathPatterns: ['/api/*', '/x'] } })],
    nonCompliant: [
      [withService({ routing: { priority: 1, pathPatterns: ['/a', '/b', '/c', '/d'] } }), 'containerApp.services[0].routing.pathPatterns'],
      [withService({ routing: { priority: 1, hostHeaders: [`${'a'.repeat(125)}.com`] } }), 'containerApp.services[0].routing.hostHeaders[0]'],
      [withInstanceApp('test', { routing: { priority: 1, hostHeaders: ['a.com', 'b.com', 'c.com'], pathPatterns: ['/a', '/b', '/c'] } }), 'instanceApp.routing'],
    ],
  },
  'unique-routes': {
    compliant: [withService({}, [{ ...service, name: 'api', routing: { priority: 20, hostHeaders: ['shop.example.com'], pathPatterns: ['/api/*'] } }])],
    nonCompliant: [[withService({ routing: { priority: 10, pathPatterns: ['/a', '/b'] } }, [{ ...service, name: 'api', routing: { priority: 20, pathPatterns: ['/b', '/a'] } }]), 'containerApp.services[1].routing']],
  },
  'fargate-cpu-memory': {
    compliant: [withService({ cpu: 256, memoryMiB: 2048 }), withService({ cpu: 4096, memoryMiB: 30720 }), containerAppConfig('production')],
    nonCompliant: [
      [withService({ cpu: 2048, memoryMiB: 2048 }), 'containerApp.services[0].memoryMiB'],
      [withService({ cpu: 512, memoryMiB: 1536 }), 'containerApp.services[0].memoryMiB'],
    ],
  },
  'ssm-parameter-references': {
    compliant: [withService({ secrets: { A: '/aws/reference/secretsmanager/shop', B: '/plain-name', C: `/${Array(15).fill('x').join('/')}` } })],
    nonCompliant: [
      [withService({ secrets: { A: '/shop/test/' } }), 'containerApp.services[0].secrets.A'],
      [{ ...base, alerting: { opsgenieEndpointParameter: `/${'x'.repeat(1011)}` } }, 'alerting.opsgenieEndpointParameter'],
    ],
  },
  'writable-root': {
    compliant: [withService({ writablePaths: ['/tmp', '/var/run', '/a/../b'] })],
    nonCompliant: [
      [withService({ writablePaths: ['//'] }), 'containerApp.services[0].writablePaths[0]'],
      [withService({ writablePaths: ['/tmp', '/.'] }), 'containerApp.services[0].writablePaths[1]'],
    ],
  },
  'emulator-loopback': {
    compliant: [{ ...base, emulation: { endpoint: 'http://127.0.0.1:5000' } }, { ...base, emulation: { endpoint: 'https://localhost:4566' } }, { ...base, emulation: { endpoint: 'http://[::1]:5000/' } }],
    nonCompliant: [
      [{ ...base, emulation: { endpoint: 'http://169.254.169.254/' } }, 'emulation.endpoint'],
      [{ ...base, emulation: { endpoint: 'http://user:pw@127.0.0.1:5000' } }, 'emulation.endpoint'],
      [{ ...base, emulation: { endpoint: 'file:///etc/passwd' } }, 'emulation.endpoint'],
    ],
  },
  'no-plain-credentials': {
    compliant: [
      withService({ environment: { RAILS_ENV: 'production', CACHE_KEY: 'v2', API_URL: 'https://api.example.com/v1?page=2', PUBLIC_KEY_PATH: '/etc/keys/public.pem', SESSION_KEY: 'shop_session' } }),
      withInstanceApp('test', { userData: '#!/bin/sh\nsystemctl start tomcat\n' }),
    ],
    nonCompliant: [
      [withService({ environment: { DB: 'mysql://root:hunter2@db/shop' } }), 'containerApp.services[0].environment.DB'],
      [withService({ environment: { STRIPE: `sk_live_${'a1B2'.repeat(6)}` } }), 'containerApp.services[0].environment.STRIPE'],
      [withService({ environment: { API_TOKEN: 'Zm9vYmFyYmF6cXV4MTIzNDU2' } }), 'containerApp.services[0].environment.API_TOKEN'],
      [withService({ environment: { TLS: '-----BEGIN RSA PRIVATE KEY-----\nMIIB' } }), 'containerApp.services[0].environment.TLS'],
      [{ ...base, tags: { Token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N' } }, 'tags.Token'],
    ],
  },
};

describe('AWS config rules', () => {
  it('every rule has compliant and non-compliant cases', () => {
    expect(Object.keys(RULE_CASES).sort()).toEqual(CONFIG_RULES.map((r) => r.id).sort());
  });

  describe.each(CONFIG_RULES.map((r) => [r.id, r] as const))('%s', (id, rule) => {
    it.each(RULE_CASES[id].compliant.map((c, i) => [i, c] as const))('accepts compliant config #%d', (_i, config) => {
      expect(runRule(rule, config)).toEqual([]);
    });
    it.each(RULE_CASES[id].nonCompliant.map(([c, key], i) => [i, key, c] as const))('refuses non-compliant config #%d at %s', (_i, key, config) => {
      const issues = runRule(rule, config);
      expect(issues.length).toBeGreaterThan(0);
      expect(issues.map((i) => i.path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), ''))).toContain(key);
      for (const i of issues) expect(i.message).toMatch(/^expected .+, found /);
    });
  });
});

describe('AWS naming rules table', () => {
  it.each(NAME_RULES.map((r) => [r.id, r] as const))('%s accepts its compliant example and refuses each non-compliant one', (_id, rule) => {
    expect(nameViolation(rule, rule.examples.compliant)).toBeUndefined();
    expect(rule.examples.nonCompliant.length).toBeGreaterThan(0);
    for (const name of rule.examples.nonCompliant) expect(nameViolation(rule, name)).toMatch(/^expected the .+ derived from it to .+, found ".*"$/s);
  });

  it('cites the AWS API or guide each rule comes from, and gives examples that each show something', () => {
    for (const rule of NAME_RULES) {
      expect({ id: rule.id, source: rule.source }).toEqual({ id: rule.id, source: expect.stringMatching(/^[A-Z].{5,}/) });
      // An empty example would only show the minimum length, which every rule tests anyway.
      const examples = [rule.examples.compliant, ...rule.examples.nonCompliant];
      expect({ id: rule.id, empty: examples.filter((e) => e === '') }).toEqual({ id: rule.id, empty: [] });
      expect(new Set(examples).size).toBe(examples.length);
    }
  });

  // Each case below sits on the edge of one part of a rule's pattern: the examples show the typical
  // mistakes, these show where the rule stops (names AWS accepts that a stricter pattern would refuse,
  // and the reverse).
  const rule = (id: string) => NAME_RULES_BY_ID.get(id)!;
  it.each([
    ['alb-name', ['a', 'ab']],
    ['rds-instance-identifier', ['a', 'ab']],
    ['s3-bucket-name', ['abc', '1.2.3.4.example', '10.0.0.1.example']],
    ['ssm-parameter-name', ['a', 'param', 'shop/test/x', '/ab', `/${Array(15).fill('ab').join('/')}`]],
    ['ecr-repository-name', ['ab', 'shop/web', 'my-team/web', 'team.a/shop_web']],
    ['cloudtrail-name', ['abc', 'a-b.c_d']],
  ])('%s accepts the names at the edge of its pattern', (id, names) => {
    for (const name of names) expect({ name, violation: nameViolation(rule(id), name) }).toEqual({ name, violation: undefined });
  });

  it.each([
    ['alb-name', ['-a', 'a-']],
    ['rds-instance-identifier', ['a-', '1']],
    ['s3-bucket-name', ['shop-test-', '192.168.50.4', '192.168.5.40', 'shop.-test.']],
    ['ssm-parameter-name', ['aws-param', 'SSM/param', `/${Array(16).fill('ab').join('/')}`, 'shop/']],
    ['kms-alias-name', ['my-alias/shop', 'alias/']],
    ['ecr-repository-name', ['shop/-web', 'shop//web', 'shop/web_']],
    ['cloudtrail-name', ['my-trail-', 'trail--x', 'trail..name', 'trail._x']],
  ])('%s refuses the names just beyond its pattern', (id, names) => {
    for (const name of names) expect({ name, violation: nameViolation(rule(id), name) }).toEqual({ name, violation: expect.stringMatching(/^expected /) });
  });

  it('names every problem of a name in one message: length, the characters not allowed (each once), the shape, reserved parts', () => {
    expect(nameViolation(rule('s3-bucket-name'), 'Shop_Test_')).toBe(
      'expected the S3 bucket name derived from it to use only lower-case letters, digits, periods and hyphens (not "S" "_" "T") and start and end with a letter or digit, have no two adjacent periods and not look like an IP address, found "Shop_Test_"',
    );
    expect(nameViolation(rule('s3-bucket-name'), 'xn--ab', false)).toBe('expected a name that would not start with xn-- (reserved), found "xn--ab"');
    expect(nameViolation(rule('s3-bucket-name'), 'ab-s3alias')).toBe('expected the S3 bucket name derived from it to not end with -s3alias (reserved), found "ab-s3alias"');
    expect(nameViolation(rule('rds-subnet-group-name'), 'default')).toBe('expected the RDS subnet group name derived from it to not be default (reserved), found "default"');
    expect(nameViolation(rule('alb-name'), 'a'.repeat(33))).toBe(`expected the Application Load Balancer name derived from it to have 1–32 characters (it has 33), found "${'a'.repeat(33)}"`);
  });

  it('finds the rule of a Terraform type and attribute, and none for another attribute of the type', () => {
    expect(nameRuleFor('aws_lb', 'name')?.id).toBe('alb-name');
    expect(nameRuleFor('aws_s3_bucket', 'bucket')?.id).toBe('s3-bucket-name');
    // A rule may cover several types: any of them finds it.
    expect(nameRuleFor('aws_iam_instance_profile', 'name')?.id).toBe('iam-policy-name');
    expect(nameRuleFor('aws_lb', 'arn')).toBeUndefined();
    expect(nameRuleFor('aws_alb', 'name')).toBeUndefined();
  });

  it('has one entry per Terraform type and attribute', () => {
    const keys = NAME_RULES.flatMap((r) => r.terraform.map((t) => `${t.type}.${t.attribute}`));
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(NAME_RULES.map((r) => r.id)).size).toBe(NAME_RULES.length);
  });
});

describe('README', () => {
  it('shows the loader limits and the rules tables exactly as the code enforces them', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = /<!-- aws-rules:start -->\n([\s\S]*?)\n<!-- aws-rules:end -->/.exec(readme);
    expect(section).not.toBeNull();
    // On a mismatch, paste the output of renderAwsRulesMarkdown() between the markers.
    expect(section![1]).toBe(renderAwsRulesMarkdown());
  });

  it('escapes a | in any text of a rule, which would otherwise split the table cell', () => {
    const configRule: ConfigRule = { id: 'pipe-rule', description: 'either a | b', check: () => [] };
    const nameRule: NameRule = {
      ...NAME_RULES[0],
      id: 'pipe-name',
      what: 'name | alias',
      terraform: [{ type: 'aws_x', attribute: 'name' }],
      charsetText: 'a-z | 0-9',
      shape: { pattern: /./, text: 'start | end' },
      forbiddenPrefixes: undefined,
      forbiddenNames: ['all', 'any'],
    };
    const lines = renderAwsRulesMarkdown([configRule], [nameRule]).split('\n');
    expect(lines).toContain('| `pipe-rule` | either a \\| b |');
    expect(lines).toContain(`| \`pipe-name\` | name \\| alias | \`aws_x.name\` | ${nameRule.minLength}–${nameRule.maxLength} | a-z \\| 0-9 | start \\| end; not \`all\`, \`any\` |`);
  });
});
