/**
 * The import file of an adopted environment (`<env>.imports.yaml`): read beside its environment file,
 * never taken for an environment itself, turned into Terraform import blocks on the resources it
 * names, and every mistake in it a config problem (file, entry, what was expected) with nothing written.
 */
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { ConfigError } from '../../config/config-error';
import { scanEnvironmentFiles } from '../../config/environment-files';
import { loadEnvironments } from '../../config/load-environments';
import { synthesizeEnvironments } from '../../stacks/synthesize';
import { centralLogs } from '../support/central-logs';
import { instanceAppConfig } from '../support/instance-app-config';
import { entryAt, readStacks, runMain, tempDir, TerraformJson, writeEnvironments } from '../support/synth-stack';
import { CLEAN, terraformValidate } from '../support/terraform-validate';

const environment = instanceAppConfig('production');
const INSTANCE = 'app/instance-eu-central-1a-1/instance';
const DATABASE = 'app/database/instance';

/** Synthesizes `erp/production` with the given import file text (none when undefined). */
function synth(importFile?: string): { stack: TerraformJson; stackDir: string } {
  const files: Record<string, unknown> = { 'erp/production': environment };
  if (importFile !== undefined) files['erp/production.imports'] = importFile;
  const dir = writeEnvironments(files);
  const outdir = path.join(tempDir('imports-out'), 'cdktf.out');
  synthesizeEnvironments(loadEnvironments(dir, dir), outdir);
  const { stacks, stackDirs } = readStacks(outdir);
  return { stack: stacks['erp-production'], stackDir: stackDirs['erp-production'] };
}

/** The problems the loader and synthesis report for this import file, as printed lines. */
function problems(importFile: string, files: Record<string, unknown> = {}): string[] {
  const dir = writeEnvironments({ 'erp/production': environment, 'erp/production.imports': importFile, ...files });
  try {
    synthesizeEnvironments(loadEnvironments(dir, dir), path.join(tempDir('imports-bad'), 'cdktf.out'));
  } catch (err) {
    if (err instanceof ConfigError) return err.message.split('\n');
    throw err;
  }
  return [];
}

describe('import file', () => {
  const withoutFile = synth();
  const imported = synth(stringify({ imports: { [DATABASE]: 'erp-production-db', [INSTANCE]: 'i-0123456789abcdef0' } }));

  it('becomes an import block on each named resource, addressed as the synthesized resource', () => {
    const [database] = entryAt(imported.stack, 'aws_db_instance', DATABASE);
    const [instance] = entryAt(imported.stack, 'aws_instance', INSTANCE);
    expect((imported.stack as Record<string, unknown>).import).toEqual([
      { id: 'erp-production-db', to: `aws_db_instance.${database}` },
      { id: 'i-0123456789abcdef0', to: `aws_instance.${instance}` },
    ]);
  });

  it('brings in the log groups RDS made for a database that exports already, when central logging is switched on', () => {
    // RDS creates /aws/rds/instance/<id>/<log> on its first export; with logs.central the stack manages
    // those groups, so for a running database they are imported (README, "Central logging"), not created.
    const dir = writeEnvironments({
      'erp/production': { ...environment, ...centralLogs() },
      'erp/production.imports': stringify({ imports: { 'app/database/logs-postgresql': '/aws/rds/instance/erp-production-db/postgresql', 'app/database/logs-upgrade': '/aws/rds/instance/erp-production-db/upgrade' } }),
    });
    const outdir = path.join(tempDir('imports-out'), 'cdktf.out');
    synthesizeEnvironments(loadEnvironments(dir, dir), outdir);
    const stack = readStacks(outdir).stacks['erp-production'];
    const [postgresql, postgresqlGroup] = entryAt(stack, 'aws_cloudwatch_log_group', 'app/database/logs-postgresql');
    const [upgrade, upgradeGroup] = entryAt(stack, 'aws_cloudwatch_log_group', 'app/database/logs-upgrade');
    // The import ID of a log group is its name: the entries name exactly the groups the stack manages.
    expect([postgresqlGroup.name, upgradeGroup.name]).toEqual(['/aws/rds/instance/erp-production-db/postgresql', '/aws/rds/instance/erp-production-db/upgrade']);
    expect((stack as Record<string, unknown>).import).toEqual([
      { id: '/aws/rds/instance/erp-production-db/postgresql', to: `aws_cloudwatch_log_group.${postgresql}` },
      { id: '/aws/rds/instance/erp-production-db/upgrade', to: `aws_cloudwatch_log_group.${upgrade}` },
    ]);
  });

  it('changes nothing else in the stack: without the file there is no import block and the same resources', () => {
    expect((withoutFile.stack as Record<string, unknown>).import).toBeUndefined();
    const { import: _imports, '//': metadata, ...rest } = imported.stack as Record<string, unknown>;
    const { '//': metadataWithout, ...restWithout } = withoutFile.stack as Record<string, unknown>;
    expect(rest).toEqual(restWithout);
    // cdktf records the imports in the stack's metadata too; nothing else there changes.
    const { imports, ...otherMetadata } = (metadata as { metadata: Record<string, unknown> }).metadata;
    expect(imports).toEqual({ aws_db_instance: [entryAt(imported.stack, 'aws_db_instance', DATABASE)[0]], aws_instance: [entryAt(imported.stack, 'aws_instance', INSTANCE)[0]] });
    expect({ ...(metadata as object), metadata: otherMetadata }).toEqual(metadataWithout);
  });

  it('passes terraform validate with the real provider (the import targets exist in the configuration)', () => {
    expect(terraformValidate(imported.stackDir)).toEqual(CLEAN);
  });

  it('is not an environment: the scan skips it, and one without its environment file is a problem', () => {
    const dir = writeEnvironments({ 'erp/production': environment, 'erp/production.imports': 'imports: {}\n', 'erp/test.imports': 'imports: {}\n' });
    const scan = scanEnvironmentFiles(dir, dir);
    expect(scan.files.map((f) => path.relative(dir, f))).toEqual([path.join('erp', 'production.yaml')]);
    expect(scan.issues).toEqual([{ file: path.join('erp', 'test.imports.yaml'), keyPath: '', message: 'expected the environment file it belongs to beside it (test.yaml), found none' }]);
  });

  it('with an empty imports mapping synthesizes exactly as without the file', () => {
    expect(synth('imports: {}\n').stack).toEqual(withoutFile.stack);
  });

  const badFiles: [string, string, RegExp[]][] = [
    ['YAML syntax error', 'imports:\n  app/database/instance: [unclosed\n', [/^erp\/production\.imports\.yaml:\d+: not valid YAML/]],
    ['not a mapping', '- app/database/instance\n', [/^erp\/production\.imports\.yaml:1: expected a mapping with the key imports \(construct path → AWS import ID\), found a list of 1$/]],
    ['imports is a list', 'imports:\n  - app/database/instance\n', [/^erp\/production\.imports\.yaml:2: imports: expected a mapping of construct paths to AWS import IDs, found a list of 1$/]],
    ['unknown key', 'imports: {}\nimport: {}\n', [/^erp\/production\.imports\.yaml:2: import: unknown key \(an import file has only imports\)$/]],
    ['ID not a string', 'imports:\n  app/database/instance: 42\n', [/^erp\/production\.imports\.yaml:2: imports\.app\/database\/instance: expected the AWS ID to import \(a non-empty string; quote numbers\), found number 42$/]],
    ['empty ID', 'imports:\n  app/database/instance: ""\n', [/^erp\/production\.imports\.yaml:2: imports\.app\/database\/instance: expected the AWS ID to import .*found an empty string$/]],
    ['path with a leading slash', 'imports:\n  /app/database/instance: db\n', [/imports\./ as RegExp, /expected a construct path inside the stack such as app\/database\/instance/]],
    [
      'unknown path, with the closest existing ones',
      'imports:\n  app/database/instance: db\n  app/databse/instance: db\n',
      [/^erp\/production\.imports\.yaml:3: imports\.app\/databse\/instance: expected the construct path of a resource in stack erp-production, found none; closest: app\/database\/instance, /],
    ],
    [
      'a group of constructs, not a resource',
      'imports:\n  app/database: db\n',
      [/^erp\/production\.imports\.yaml:2: imports\.app\/database: expected the construct path of a resource, found a group of constructs; its resources: app\/database\/connections-alarm, .*app\/database\/instance, .*, …$/],
    ],
    [
      'a data source',
      'imports:\n  app/alarms/opsgenie-endpoint: x\n',
      [/^erp\/production\.imports\.yaml:2: imports\.app\/alarms\/opsgenie-endpoint: expected the construct path of a resource, found a data source \(aws_ssm_parameter\), which is read, never imported$/],
    ],
  ];

  it.each(badFiles)('%s: one clear line naming the file and entry', (_, text, expected) => {
    const lines = problems(text);
    expect(lines).toHaveLength(1);
    for (const pattern of expected) expect(lines[0]).toMatch(pattern);
  });

  it('reports every problem at once: import files checked with the environment files, then the paths of every stack', () => {
    expect(problems('imports: []\n', { 'erp/test': { ...instanceAppConfig('test'), tier: 'prod' } })).toEqual([
      expect.stringMatching(/^erp\/production\.imports\.yaml:1: imports: expected a mapping/),
      expect.stringMatching(/^erp\/test\.yaml:\d+: tier: expected one of/),
    ]);
    expect(problems('imports:\n  app/nothing: x\n', { 'erp/test': instanceAppConfig('test'), 'erp/test.imports': 'imports:\n  app/kms/kee: x\n  app/kms/key: x\n' })).toEqual([
      expect.stringMatching(/^erp\/production\.imports\.yaml:2: imports\.app\/nothing: expected the construct path of a resource in stack erp-production/),
      expect.stringMatching(/^erp\/test\.imports\.yaml:2: imports\.app\/kms\/kee: expected the construct path of a resource in stack erp-test, found none; closest: app\/kms\/key, /),
    ]);
  });

  it('through the CLI: exit 1, one line per problem, no stack trace and nothing written', () => {
    const dir = writeEnvironments({ 'erp/production': environment, 'erp/production.imports': 'imports:\n  app/databse/instance: db\n' });
    const outdir = path.join(tempDir('imports-cli'), 'cdktf.out');
    const run = runMain(['--environments', dir, '--out', outdir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/imports\.app\/databse\/instance: expected the construct path of a resource in stack erp-production, found none; closest: app\/database\/instance/);
    expect(run.stderr).toMatch(/1 configuration problem\(s\); nothing was written\.\n$/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(outdir)).toBe(false);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual([]);
  });
});
