/**
 * Reading an import file (`<env>.imports.yaml`) on its own, in process: every shape mistake comes back as
 * an issue with the file, line and key path and what was expected, and the file is found beside its
 * environment file in any letter case. The import blocks it becomes, and paths the stack does not have,
 * are tested through synthesis in test/main/import-file.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { findImportFiles, readImportFile } from '../../config/import-file';
import { tempDir } from '../support/environment-dir';

/** Writes `text` as an import file and reads it back, as messages show it: `erp/production.imports.yaml`. */
function read(text: string): ReturnType<typeof readImportFile> {
  const file = path.join(tempDir('import-file'), 'production.imports.yaml');
  fs.writeFileSync(file, text);
  return readImportFile(file, 'erp/production.imports.yaml');
}

const issue = (line: number | undefined, keyPath: string, message: string) => ({ file: 'erp/production.imports.yaml', line, keyPath, message });

describe('readImportFile', () => {
  it('reads construct paths and IDs in the file order, with the line of each entry', () => {
    expect(read('imports:\n  app/database/instance: shop-production-db\n  app/kms/key: 1234abcd-12ab-34cd-56ef-1234567890ab\n')).toEqual({
      importFile: {
        file: 'erp/production.imports.yaml',
        imports: { 'app/database/instance': 'shop-production-db', 'app/kms/key': '1234abcd-12ab-34cd-56ef-1234567890ab' },
        lines: { 'app/database/instance': 2, 'app/kms/key': 3 },
      },
      issues: [],
    });
  });

  it.each([
    ['a list', '- app/database/instance\n', [issue(1, '', 'expected a mapping with the key imports (construct path → AWS import ID), found a list of 1')]],
    ['a string', 'imports\n', [issue(1, '', 'expected a mapping with the key imports (construct path → AWS import ID), found a string')]],
    ['an empty file', '', [issue(undefined, '', 'expected a mapping with the key imports (construct path → AWS import ID), found null')]],
    ['imports missing, another key', 'import: {}\n', [issue(1, 'import', 'unknown key (an import file has only imports)'), issue(1, 'imports', 'expected a mapping of construct paths to AWS import IDs, found nothing')]],
    ['imports null', 'imports:\n', [issue(1, 'imports', 'expected a mapping of construct paths to AWS import IDs, found null')]],
    ['imports a number', 'imports: 3\n', [issue(1, 'imports', 'expected a mapping of construct paths to AWS import IDs, found number 3')]],
    ['imports a list', 'imports:\n  - a\n', [issue(2, 'imports', 'expected a mapping of construct paths to AWS import IDs, found a list of 1')]],
  ])('refuses %s where the imports mapping goes', (_, text, issues) => {
    expect(read(text)).toEqual({ issues });
  });

  const badPath = 'expected a construct path inside the stack such as app/database/instance (ids joined by /, no spaces, no leading or trailing /)';
  const badId = (found: string) => `expected the AWS ID to import (a non-empty string; quote numbers), found ${found}`;
  it.each([
    ['a leading /', '/app/db', 'db', badPath],
    ['a trailing /', 'app/db/', 'db', badPath],
    ['an empty id between two /', 'app//db', 'db', badPath],
    ['a space', 'app/my db', 'db', badPath],
    ['a number as ID', 'app/db', 42, badId('number 42')],
    ['true as ID', 'app/db', true, badId('boolean true')],
    ['an empty ID', 'app/db', '', badId('an empty string')],
    ['an ID of spaces', 'app/db', '   ', badId('a string')],
    ['a mapping as ID', 'app/db', { id: 'x' }, badId('a mapping')],
    ['a list as ID', 'app/db', ['x', 'y'], badId('a list of 2')],
    ['null as ID', 'app/db', null, badId('null')],
    ['an ID with a surrounding space', 'app/db', ' db', 'expected an AWS ID without surrounding spaces, at most 2048 characters'],
    ['an ID over 2048 characters', 'app/db', 'x'.repeat(2049), 'expected an AWS ID without surrounding spaces, at most 2048 characters'],
  ])('refuses an entry with %s, naming its line and key path', (_, constructPath, id, message) => {
    const text = `imports:\n  app/kms/key: k\n  ${JSON.stringify(constructPath)}: ${JSON.stringify(id)}\n`;
    expect(read(text)).toEqual({ issues: [issue(3, `imports.${constructPath}`, message)] });
  });

  it('accepts an ID of exactly 2048 characters and a single-id path', () => {
    expect(read(`imports:\n  app: ${'x'.repeat(2048)}\n`).importFile?.imports).toEqual({ app: 'x'.repeat(2048) });
  });

  it('reports every bad entry, not only the first', () => {
    expect(read('imports:\n  /a: x\n  b: ""\n  c: ok\n').issues.map((i) => i.line)).toEqual([2, 3]);
  });

  it('reports a file that is not YAML as such, like an environment file', () => {
    expect(read('imports:\n  app/db: [unclosed\n')).toEqual({ issues: [expect.objectContaining({ file: 'erp/production.imports.yaml', message: expect.stringMatching(/^not valid YAML/) })] });
  });
});

describe('findImportFiles', () => {
  it('finds <stem>.imports.yaml and .yml beside the environment file, in any letter case, and nothing of another stem', () => {
    const dir = tempDir('find-imports');
    for (const name of ['production.yaml', 'production.imports.YML', 'production.imports.yaml', 'test.imports.yaml', 'production-old.imports.yaml']) fs.writeFileSync(path.join(dir, name), '');
    expect(findImportFiles(path.join(dir, 'production.yaml'))).toEqual([path.join(dir, 'production.imports.YML'), path.join(dir, 'production.imports.yaml')]);
    expect(findImportFiles(path.join(dir, 'staging.yml'))).toEqual([]);
  });

  it('takes the stem of a .yml environment file, and only its last extension', () => {
    const dir = tempDir('find-imports');
    // an environment file named with .yml, and one whose name holds ".yaml" before its extension
    for (const name of ['staging.yml', 'staging.imports.yaml', 'v1.yaml-legacy.yaml', 'v1.yaml-legacy.imports.yaml', 'v1-legacy.imports.yaml']) fs.writeFileSync(path.join(dir, name), '');
    expect(findImportFiles(path.join(dir, 'staging.yml'))).toEqual([path.join(dir, 'staging.imports.yaml')]);
    expect(findImportFiles(path.join(dir, 'v1.yaml-legacy.yaml'))).toEqual([path.join(dir, 'v1.yaml-legacy.imports.yaml')]);
  });

  it('finds nothing when the folder cannot be read', () => {
    expect(findImportFiles(path.join(tempDir('find-imports'), 'missing', 'production.yaml'))).toEqual([]);
  });
});
