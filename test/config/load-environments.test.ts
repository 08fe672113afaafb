/**
 * The loader in process (config/load-environments.ts): the line a user sees for each kind of schema
 * problem, values shown short and never a credential, import files beside an environment, and problems
 * across files. The same through the real CLI: malformed-config.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../../config/config-error';
import { DEFAULT_ENVIRONMENTS_DIR, findEnvironmentFiles, loadEnvironmentFile, loadEnvironments } from '../../config/load-environments';
import { PROJECT_ROOT } from '../../tooling/terraform-cli';
import { configErrorLines, folderErrorLines } from '../support/config-errors';
import { containerAppConfig } from '../support/container-app-config';
import { writeEnvironments } from '../support/environment-dir';

const base = containerAppConfig('test');
const service = (base.containerApp as { services: Record<string, unknown>[] }).services[0];
const withService = (extra: Record<string, unknown>) => ({ ...base, containerApp: { services: [{ ...service, ...extra }] } });

describe('where environments are found', () => {
  it('defaults to the environments folder the project ships', () => {
    // main.ts, the policy gate and the diagrams read this folder unless told otherwise; the README documents it.
    expect(DEFAULT_ENVIRONMENTS_DIR).toBe('environments');
    expect(findEnvironmentFiles(path.join(PROJECT_ROOT, DEFAULT_ENVIRONMENTS_DIR)).length).toBeGreaterThan(0);
  });

  it('findEnvironmentFiles lists the files, or throws every problem of the folder', () => {
    const dir = writeEnvironments({ b: 'x: 1\n', 'a/c': 'x: 1\n' });
    expect(findEnvironmentFiles(dir, dir)).toEqual([path.join(dir, 'a', 'c.yaml'), path.join(dir, 'b.yaml')]);
    const missing = path.join(dir, 'missing');
    expect(() => findEnvironmentFiles(missing, dir)).toThrow(new ConfigError([{ file: missing, keyPath: '', message: 'expected a folder of environment YAML files, found none' }]));
  });
});

describe('the line a user sees for a schema problem', () => {
  it.each([
    ['a mapping where a string goes', { ...base, account: { id: 1 } }, 'env.yaml:6: account: expected string, found a mapping'],
    ['a whole file that is a string', 'just text\n', 'env.yaml: expected a mapping of settings, found "just text"'],
    // zod's own messages ("Too small: expected number to be >=0") are rewritten in the words of the others.
    ['a number below its minimum', withService({ desiredCount: -1 }), 'env.yaml:36: containerApp.services[0].desiredCount: expected at least 0, found -1'],
    ['a number above its maximum', withService({ desiredCount: 101 }), 'env.yaml:36: containerApp.services[0].desiredCount: expected at most 100, found 101'],
    ['a list with too few items', withService({ routing: { priority: 10, hostHeaders: [] } }), 'env.yaml:30: containerApp.services[0].routing.hostHeaders: expected at least 1 items, found a list of 0'],
    ['an unknown blueprint', { ...base, blueprint: 'nope' }, 'env.yaml:1: blueprint: expected one of "container-app" | "instance-app" | "account-baseline" | "observability", found "nope"'],
    ['a tag key AWS refuses', { ...base, tags: { 'bad key!': 'x' } }, 'env.yaml:37: tags.bad key!: expected a tag key, found "bad key!"'],
    ['a value a refinement refuses', withService({ routing: { priority: 10 } }), 'env.yaml:29: containerApp.services[0].routing: expected hostHeaders or pathPatterns, found a mapping'],
  ])('%s', (_name, file, line) => {
    expect(configErrorLines(file as Record<string, unknown> | string)).toEqual([line]);
  });

  it('takes the network form that comes closest, whichever is listed first', () => {
    // One mistake in a lookup network must not read as four in a network by ID. (A wrong type: zod settles
    // a union by itself when only one branch fails on checks alone, such as too few zones.)
    const lookup = { vpcTags: { Name: 'main' }, privateSubnetTags: { Tier: 'private' }, availabilityZones: 'eu-central-1a' };
    expect(configErrorLines({ ...base, network: { lookup } })).toEqual(['env.yaml:12: network.lookup.availabilityZones: expected array, found "eu-central-1a"']);
  });

  it('shows a found value whole up to 60 characters, and cut after 57 beyond', () => {
    const lines = (tier: string) => configErrorLines({ ...base, tier });
    // JSON quotes count: 58 characters are 60 shown.
    expect(lines('x'.repeat(58))).toEqual([`env.yaml:4: tier: expected one of "test" | "production", found "${'x'.repeat(58)}"`]);
    expect(lines('x'.repeat(59))).toEqual([`env.yaml:4: tier: expected one of "test" | "production", found "${'x'.repeat(56)}...`]);
  });
});

describe('import files beside an environment', () => {
  const importsText = 'imports:\n  app/database/instance: shop-test-db\n';

  it('loads the import file with its environment', () => {
    const dir = writeEnvironments({ shop: base, 'shop.imports': importsText });
    const [loaded] = loadEnvironments(dir, dir);
    expect(loaded.imports).toEqual({ file: 'shop.imports.yaml', imports: { 'app/database/instance': 'shop-test-db' }, lines: { 'app/database/instance': 2 } });
  });

  it('refuses a valid environment whose import file is not', () => {
    // An import file that cannot be read must stop the run, not drop the imports in silence.
    const dir = writeEnvironments({ shop: base, 'shop.imports': 'imports:\n  app/database/instance: 3\n' });
    const file = path.join(dir, 'shop.yaml');
    const { loaded, issues } = loadEnvironmentFile(file, 'erp/shop.yaml');
    expect(loaded).toBeUndefined();
    expect(issues.map((i) => [i.file, i.keyPath])).toEqual([['erp/shop.imports.yaml', 'imports.app/database/instance']]);
  });

  it('refuses two import files for one environment, naming both', () => {
    const dir = writeEnvironments({ shop: base, 'shop.imports': importsText });
    fs.writeFileSync(path.join(dir, 'shop.imports.yml'), importsText);
    expect(loadEnvironmentFile(path.join(dir, 'shop.yaml'), 'erp/shop.yaml')).toEqual({
      issues: [{ file: 'erp/shop.imports.yml', keyPath: '', message: 'expected one import file per environment, found shop.imports.yaml and shop.imports.yml' }],
    });
  });
});

describe('problems across files', () => {
  it('refuses two files that define the same stack, naming the first', () => {
    expect(folderErrorLines({ one: base, two: base, three: { ...base, app: 'other' } })).toEqual([
      'two.yaml: environment: expected a unique stack name, found stack shop-test also defined in one.yaml',
    ]);
  });

  it('reports the problems of every file, one line each', () => {
    expect(folderErrorLines({ a: { ...base, tier: 'x' }, b: { ...base, app: 'other' }, c: 'just text\n' })).toEqual([
      'a.yaml:4: tier: expected one of "test" | "production", found "x"',
      'c.yaml: expected a mapping of settings, found "just text"',
    ]);
  });
});
