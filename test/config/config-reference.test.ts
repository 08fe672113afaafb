/**
 * One text per config key: the descriptions on the zod schema are what editors show (JSON Schema) and
 * what the README's configuration reference lists, and the log-retention rule, its message and its
 * documentation come from one list of periods.
 */
import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { referenceRows, REFERENCE_SECTIONS, renderRows, withConfigReference } from '../../config/config-reference';
import { environmentJsonSchema, JSON_SCHEMA_FILE, README_FILE } from '../../config/json-schema';
import { LOG_RETENTION_DAYS } from '../../config/schema';
import { PROJECT_ROOT } from '../../tooling/terraform-cli';
import { containerAppConfig } from '../support/container-app-config';
import { configErrorLines } from '../support/config-errors';

type JsonSchema = { description?: string; properties?: Record<string, JsonSchema>; items?: JsonSchema; anyOf?: JsonSchema[]; oneOf?: JsonSchema[] };

/** Every object key in the JSON Schema, with its description (or undefined). */
function keysWithDescriptions(node: JsonSchema, at = ''): [string, string | undefined][] {
  const own = Object.entries(node.properties ?? {}).flatMap(([key, child]) => [
    [`${at}.${key}`, child.description] as [string, string | undefined],
    ...keysWithDescriptions(child, `${at}.${key}`),
  ]);
  const nested = [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.items ? [node.items] : [])].flatMap((n) => keysWithDescriptions(n, at));
  return [...own, ...nested];
}

describe('configuration reference', () => {
  it('gives every key of the JSON Schema for editors a description', () => {
    const keys = keysWithDescriptions(JSON.parse(environmentJsonSchema()) as JsonSchema);
    expect(keys.length).toBeGreaterThan(100);
    expect(keys.filter(([, description]) => !description).map(([key]) => key)).toEqual([]);
  });

  it('generates the README tables from the same descriptions (run `npm run schema` when this fails)', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    expect(withConfigReference(readme)).toBe(readme);
    for (const name of Object.keys(REFERENCE_SECTIONS)) expect(readme).toContain(`<!-- config-reference:${name}:start -->`);
    expect(readme).toContain('| `network.lookup.vpcTags` | yes | Tags that match exactly one VPC. |  |');
    expect(readme).toContain('| `database.multiAz` |  | A standby in a second zone. | true in production, false in test |');
  });

  it('rewrites every section between its markers, and refuses a README without them', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const names = Object.keys(REFERENCE_SECTIONS);
    expect(names.length).toBeGreaterThanOrEqual(4);
    // Every section emptied: the generator must write each back (a generator that wrote nothing would pass the test above).
    const emptied = names.reduce((text, name) => text.replace(new RegExp(`(<!-- config-reference:${name}:start -->\\n)[\\s\\S]*?(<!-- config-reference:${name}:end -->)`), '$1$2'), readme);
    expect(emptied).not.toBe(readme);
    expect(withConfigReference(emptied)).toBe(readme);
    expect(() => withConfigReference('no markers')).toThrow(`README.md has no <!-- config-reference:${names[0]}:start --> … :end --> markers`);
  });

  it('puts the default of a key into its own column, and refuses a key without a description', () => {
    const schema = z.strictObject({ a: z.number().optional().meta({ description: 'Some number. Default: 3.' }) });
    expect(referenceRows('x', schema.meta({ description: 'Parent.' }))).toEqual([
      { key: 'x', required: true, description: 'Parent.', defaultText: undefined },
      { key: 'x.a', required: false, description: 'Some number.', defaultText: '3' },
    ]);
    expect(() => referenceRows('y', z.strictObject({ b: z.string() }).meta({ description: 'Parent.' }))).toThrow('config key y.b has no description');
  });

  it('finds a description put on the schema inside .optional(), and keeps the key optional', () => {
    // described() puts it on the outer schema; a schema written by hand may carry it on the inner one.
    const schema = z.strictObject({ inner: z.string().meta({ description: 'Described inside. Default: none.' }).optional() });
    expect(referenceRows('x', schema.meta({ description: 'Parent.' }))[1]).toEqual({ key: 'x.inner', required: false, description: 'Described inside.', defaultText: 'none' });
  });

  it('keeps a table cell one cell: a | in a description is escaped and a line break becomes a space', () => {
    // An unescaped | would split the README row into more columns than its header.
    expect(renderRows([{ key: 'k', required: true, description: 'a | b\nc', defaultText: 'x|y' }]).split('\n')[2]).toBe('| `k` | yes | a \\| b c | x\\|y |');
  });

  it('accepts every CloudWatch retention period and names all of them when one is wrong', () => {
    expect(LOG_RETENTION_DAYS).toHaveLength(22);
    const lines = configErrorLines(containerAppConfig('test', { logs: { retentionDays: 2 } }));
    expect(lines).toEqual([`env.yaml:${lines[0].split(':')[1]}: logs.retentionDays: expected one of ${LOG_RETENTION_DAYS.join(' | ')}, found 2`]);
    for (const days of [120, 400, 2192]) expect(configErrorLines(containerAppConfig('test', { logs: { retentionDays: days } }))).toEqual([]);
  });

  it('describes what a user writes: a key with a default is optional, a check JSON Schema cannot express is left open', () => {
    const schema = JSON.parse(environmentJsonSchema(z.strictObject({ port: z.number().default(80), at: z.date(), name: z.string() })));
    expect(schema.required).toEqual(['at', 'name']);
    expect(schema.properties.at).toEqual({});
    expect(schema.title).toBe('cdktf-aws-blueprints environment');
  });

  // The checked-in file is what editors read; `npm run schema` writes it and the README to these paths.
  it('keeps the checked-in JSON Schema for editors in step with the config schema (run `npm run schema` when this fails)', () => {
    expect(JSON_SCHEMA_FILE).toBe(path.join(PROJECT_ROOT, 'config', 'environment.schema.json'));
    expect(README_FILE).toBe(path.join(PROJECT_ROOT, 'README.md'));
    expect(fs.readFileSync(JSON_SCHEMA_FILE, 'utf8')).toBe(environmentJsonSchema());
    for (const file of ['environments/tma/test.yaml', 'environments/tma/production.yaml']) {
      expect(fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.\.\/config\/environment\.schema\.json$/m);
    }
  });
});
