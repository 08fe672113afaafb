/**
 * The hostile corpus (test/support/hostile-corpus.ts) loaded in process, one case at a time: each must
 * produce exactly its file, key and message, and never echo a planted secret. The same corpus through the
 * real main job: hostile-config-cli.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, ConfigIssue } from '../../config/config-error';
import { loadEnvironments } from '../../config/load-environments';
import { tempDir } from '../support/environment-dir';
import { base, cases, slug, text, writeCase, writeCorpus } from '../support/hostile-corpus';

function issuesOf(dir: string): ConfigIssue[] {
  try {
    loadEnvironments(dir, dir);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  return [];
}

describe('hostile environment corpus', () => {
  const root = tempDir('corpus');
  beforeAll(() => writeCorpus(root));

  it('has at least 40 cases, each with a name of its own', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => slug(c.name))).size).toBe(cases.length);
  });

  it.each(cases)('$name', ({ name, expected, secret }) => {
    const issues = issuesOf(path.join(root, slug(name)));
    const actual = issues.map((i) => [i.file, i.keyPath, i.message]);
    expect(actual).toHaveLength(expected.length);
    expected.forEach(([file, key, message], n) => {
      const match = actual.find(([f, k, m]) => f === file && k === key && message.test(m));
      if (!match) throw new Error(`expected #${n} ${file}: ${key}: ${message} among\n${actual.map((a) => a.join(': ')).join('\n')}`);
    });
    if (secret) for (const i of issues) expect(JSON.stringify(i)).not.toContain(secret);
  });
});

describe('YAML that is unusual but valid', () => {
  it('merge keys (<<) copy a service, overriding some keys', () => {
    const dir = tempDir('merge-keys');
    const yaml = text(base).replace(/containerApp:[\s\S]*$/, '') +
      [
        'containerApp:',
        '  services:',
        '    - &web',
        '      name: web',
        '      image: <ecr>:1.0.0',
        '      containerPort: 3000',
        '      healthCheckPath: /up',
        '      routing: { priority: 10, hostHeaders: [shop.example.com] }',
        '    - <<: *web',
        '      name: api',
        '      routing: { priority: 20, hostHeaders: [api.shop.example.com] }',
        '',
      ].join('\n');
    writeCase(dir, { 'shop.yaml': yaml });
    const [loaded] = loadEnvironments(dir, dir);
    if (loaded.environment.blueprint !== 'container-app') throw new Error('expected a container app');
    expect(loaded.environment.services.map((s) => [s.name, s.image, s.containerPort, s.routing.hostHeaders])).toEqual([
      ['web', '<ecr>:1.0.0', 3000, ['shop.example.com']],
      ['api', '<ecr>:1.0.0', 3000, ['api.shop.example.com']],
    ]);
  });

  it('follows a symlinked folder and reads a .YML file', () => {
    const dir = tempDir('symlinked');
    writeCase(path.join(dir, 'real'), { 'shop.YML': text(base) });
    const outside = tempDir('symlinked-target');
    writeCase(outside, { 'other.yaml': text({ ...base, app: 'other' }) });
    fs.symlinkSync(outside, path.join(dir, 'other-link'));
    const loaded = loadEnvironments(dir, dir);
    expect(loaded.map((l) => [l.file, l.environment.app])).toEqual([
      [path.join('other-link', 'other.yaml'), 'other'],
      [path.join('real', 'shop.YML'), 'shop'],
    ]);
  });
});
