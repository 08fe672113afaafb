/**
 * Finding, reading and parsing environment files in process (config/environment-files.ts): which files
 * count and in what order, what stops a file being read, and what YAML is refused — each with the exact
 * problem a user sees. Through the whole loader and the CLI: hostile-config*.test.ts, malformed-config.test.ts.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { stringify } from 'yaml';
import { MAX_FILE_BYTES, parseEnvironmentYaml, readEnvironmentText, readYamlFile, scanEnvironmentFiles } from '../../config/environment-files';
import { tempDir } from '../support/environment-dir';

/** Writes each file (text or bytes) below a fresh folder, creating subfolders. */
function folderWith(files: Record<string, string | Buffer>): string {
  const dir = tempDir('env-files');
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const wholeFile = (file: string, message: string) => ({ file, keyPath: '', message });

describe('scanEnvironmentFiles', () => {
  it('names a missing folder, and a file where the folder should be', () => {
    const dir = tempDir('env-files');
    fs.writeFileSync(path.join(dir, 'not-a-folder'), 'x');
    for (const root of [path.join(dir, 'missing'), path.join(dir, 'not-a-folder')]) {
      // The root is named as given, so the user sees the --environments value they typed.
      expect(scanEnvironmentFiles(root, dir)).toEqual({ files: [], issues: [wholeFile(root, 'expected a folder of environment YAML files, found none')] });
    }
  });

  it('names a folder without a single YAML file', () => {
    const dir = folderWith({ 'README.md': '# environments\n', 'notes/todo.txt': 'x' });
    expect(scanEnvironmentFiles(dir, dir)).toEqual({ files: [], issues: [wholeFile(dir, 'expected at least one *.yaml environment file, found none')] });
  });

  it('lists files in name order, folders included, whatever order the file system keeps', () => {
    // Written in scrambled order: stack order, and so the synthesized output, must not depend on it.
    const names = ['golf.yaml', 'Alpha.yml', 'echo.yaml', 'sub/delta.yaml', 'charlie.YAML', 'hotel.yaml', 'bravo.yaml', 'foxtrot.yml'];
    const dir = folderWith(Object.fromEntries(names.map((n) => [n, 'x: 1\n'])));
    const { files, issues } = scanEnvironmentFiles(dir, dir);
    expect(issues).toEqual([]);
    expect(files.map((f) => path.relative(dir, f))).toEqual(['Alpha.yml', 'bravo.yaml', 'charlie.YAML', 'echo.yaml', 'foxtrot.yml', 'golf.yaml', 'hotel.yaml', path.join('sub', 'delta.yaml')]);
  });

  it('keeps import files apart: one beside its environment is no environment, one without it is a problem', () => {
    const dir = folderWith({ 'shop.yaml': 'x: 1\n', 'shop.imports.yaml': 'imports: {}\n', 'old.imports.yml': 'imports: {}\n', 'erp.imports.yaml.yaml': 'x: 1\n' });
    expect(scanEnvironmentFiles(dir, dir)).toEqual({
      // ".imports.yaml" only counts at the end of the name: erp.imports.yaml.yaml is an environment file.
      files: [path.join(dir, 'erp.imports.yaml.yaml'), path.join(dir, 'shop.yaml')],
      // A renamed environment must not lose its imports in silence.
      issues: [wholeFile('old.imports.yml', 'expected the environment file it belongs to beside it (old.yaml), found none')],
    });
  });

  it('reports a YAML-named FIFO and socket instead of listing them', async () => {
    const dir = folderWith({ 'shop.yaml': 'x: 1\n', 'notes.txt': 'x' });
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(dir, 'socket.yml'), resolve));
    try {
      expect(scanEnvironmentFiles(dir, dir)).toEqual({
        files: [path.join(dir, 'shop.yaml')],
        // Opening a FIFO would wait for a writer, a socket cannot be opened at all; a pipe not named like YAML is none of ours.
        issues: [wholeFile('pipe.yaml', 'expected a regular file, found a FIFO (named pipe)'), wholeFile('socket.yml', 'expected a regular file, found a socket')],
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('stops at a folder link back to a folder above it, at any depth', () => {
    const dir = folderWith({ 'a/shop.yaml': 'x: 1\n' });
    fs.symlinkSync('..', path.join(dir, 'a', 'up'));
    fs.symlinkSync('.', path.join(dir, 'a', 'self'));
    expect(scanEnvironmentFiles(dir, dir)).toEqual({
      files: [path.join(dir, 'a', 'shop.yaml')],
      issues: [
        wholeFile(path.join('a', 'self'), `expected an environment file or folder, found a symlink loop (back to a)`),
        wholeFile(path.join('a', 'up'), `expected an environment file or folder, found a symlink loop (back to ${fs.realpathSync(dir)})`),
      ],
    });
  });

  it('names a folder it cannot list, and goes on with the rest', () => {
    const dir = folderWith({ 'shop.yaml': 'x: 1\n' });
    const locked = path.join(dir, 'locked');
    // Root lists any folder whatever its mode, but not another process's /proc/<pid>/map_files without CAP_SYS_ADMIN.
    if (process.getuid?.() === 0) fs.symlinkSync('/proc/1/map_files', locked);
    else fs.mkdirSync(locked, { mode: 0o000 });
    expect(() => fs.readdirSync(locked)).toThrow(/EACCES/);
    expect(scanEnvironmentFiles(dir, dir)).toEqual({ files: [path.join(dir, 'shop.yaml')], issues: [wholeFile('locked', 'cannot be read (EACCES)')] });
  });
});

describe('readEnvironmentText', () => {
  it('names what is not a regular file, or not there', () => {
    const dir = tempDir('env-files');
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    // The scan catches these first; a file swapped after the scan must still end in a problem, not a hang or a throw.
    expect(readEnvironmentText(path.join(dir, 'gone.yaml'), 'gone.yaml')).toEqual({ issue: wholeFile('gone.yaml', 'cannot read the file (ENOENT)') });
    expect(readEnvironmentText(dir, 'dir.yaml')).toEqual({ issue: wholeFile('dir.yaml', 'expected a regular file, found a folder') });
    expect(readEnvironmentText(path.join(dir, 'pipe.yaml'), 'pipe.yaml')).toEqual({ issue: wholeFile('pipe.yaml', 'expected a regular file, found a FIFO (named pipe)') });
    expect(readEnvironmentText('/dev/null', 'null.yaml')).toEqual({ issue: wholeFile('null.yaml', 'expected a regular file, found a device') });
  });

  it('reads a file of exactly the size limit whole, and refuses one byte more', () => {
    const atLimit = `x: 1\n${'#'.repeat(MAX_FILE_BYTES - 6)}\n`;
    expect(Buffer.byteLength(atLimit)).toBe(MAX_FILE_BYTES);
    const dir = folderWith({ 'limit.yaml': atLimit, 'over.yaml': `${atLimit}\n` });
    // Not one byte may be cut: a cut file would parse as a different configuration.
    expect(readEnvironmentText(path.join(dir, 'limit.yaml'), 'limit.yaml')).toEqual({ text: atLimit });
    expect(readEnvironmentText(path.join(dir, 'over.yaml'), 'over.yaml')).toEqual({ issue: wholeFile('over.yaml', `expected at most 262144 bytes (256 KiB), found ${MAX_FILE_BYTES + 1}`) });
  });

  it('stops at the limit when the size does not tell (a /proc file says 0 bytes)', () => {
    // /proc/kallsyms is megabytes long and stats as an empty regular file: what a file growing during the read looks like.
    expect(fs.statSync('/proc/kallsyms').size).toBe(0);
    expect(readEnvironmentText('/proc/kallsyms', 'kallsyms.yaml')).toEqual({ issue: wholeFile('kallsyms.yaml', 'expected at most 262144 bytes (256 KiB), found more (the file grew while being read)') });
  });

  it('names a read error instead of failing as a toolkit error', () => {
    // /proc/self/mem opens and stats as a regular file, but reading at offset 0 fails with EIO.
    expect(readEnvironmentText('/proc/self/mem', 'mem.yaml')).toEqual({ issue: wholeFile('mem.yaml', 'cannot read the file (EIO)') });
  });

  it.each([
    ['UTF-16 little-endian', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('x: 1\n', 'utf16le')]), 'expected UTF-8 text, found UTF-16 (save the file as UTF-8)'],
    ['UTF-16 big-endian', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('x: 1\n', 'utf16le').swap16()]), 'expected UTF-8 text, found UTF-16 (save the file as UTF-8)'],
    // Half a byte order mark is an invalid byte, not UTF-16.
    ['0xFF then text', Buffer.from([0xff, 0x41, 0x0a]), 'expected UTF-8 text, found invalid UTF-8 at byte offset 0 (save the file as UTF-8)'],
    ['0xFE then text', Buffer.from([0xfe, 0x41, 0x0a]), 'expected UTF-8 text, found invalid UTF-8 at byte offset 0 (save the file as UTF-8)'],
    ['text then 0xFE', Buffer.from([0x41, 0xfe, 0x0a]), 'expected UTF-8 text, found invalid UTF-8 at byte offset 1 (save the file as UTF-8)'],
    ['text then 0xFF', Buffer.from([0x41, 0xff, 0x0a]), 'expected UTF-8 text, found invalid UTF-8 at byte offset 1 (save the file as UTF-8)'],
    // The offset counts bytes: é is two, € three, and the Latin-1 é (0xE9) after them sits at 15.
    ['Latin-1 after multi-byte UTF-8', Buffer.concat([Buffer.from('name: é€ caf', 'utf8'), Buffer.from([0xe9, 0x0a])]), 'expected UTF-8 text, found invalid UTF-8 at byte offset 15 (save the file as UTF-8)'],
    ['a cut multi-byte character at the end', Buffer.concat([Buffer.from('name: café ', 'utf8'), Buffer.from([0xe2, 0x82])]), 'expected UTF-8 text, found invalid UTF-8 at byte offset 12 (save the file as UTF-8)'],
    ['a NUL byte', Buffer.from('x: 1\n\0', 'utf8'), 'expected UTF-8 text, found a NUL byte at offset 5 (a binary file?)'],
  ])('refuses %s with where it is', (_name, bytes, message) => {
    const dir = folderWith({ 'env.yaml': bytes });
    expect(readEnvironmentText(path.join(dir, 'env.yaml'), 'env.yaml')).toEqual({ issue: wholeFile('env.yaml', message) });
  });

  it('finds an invalid byte early in a file near the size limit', () => {
    // The binary search over prefixes must land on the byte, not on the end of the file or its last character.
    const dir = folderWith({ 'env.yaml': Buffer.concat([Buffer.from('name: caf'), Buffer.from([0xe9]), Buffer.from(`\n${'#'.repeat(MAX_FILE_BYTES - 20)}\n`)]) });
    expect(readEnvironmentText(path.join(dir, 'env.yaml'), 'env.yaml')).toEqual({ issue: wholeFile('env.yaml', 'expected UTF-8 text, found invalid UTF-8 at byte offset 9 (save the file as UTF-8)') });
  });

  it('drops a UTF-8 byte order mark (as Windows editors write) from the text', () => {
    const dir = folderWith({ 'env.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x: 1\n')]) });
    expect(readEnvironmentText(path.join(dir, 'env.yaml'), 'env.yaml')).toEqual({ text: 'x: 1\n' });
  });

  it('closes every file it opens, read or refused', () => {
    const dir = folderWith({ 'good.yaml': 'x: 1\n', 'bad.yaml': Buffer.from([0x41, 0xff]), 'big.yaml': 'x'.repeat(MAX_FILE_BYTES + 1) });
    const openFiles = () => fs.readdirSync('/proc/self/fd').length;
    const before = openFiles();
    // A validation run reads every file of the folder; a leak per file would end in EMFILE on a large one.
    for (let i = 0; i < 20; i++) for (const name of ['good.yaml', 'bad.yaml', 'big.yaml']) readEnvironmentText(path.join(dir, name), name);
    expect(openFiles()).toBe(before);
  });
});

describe('parseEnvironmentYaml', () => {
  const parse = (text: string) => parseEnvironmentYaml(text, 'env.yaml');
  const at = (line: number | undefined, keyPath: string, message: string) => ({ file: 'env.yaml', line, keyPath, message });

  it('accepts the explicit YAML core tags, which say only what JSON can hold', () => {
    const { parsed, issues } = parse('s: !!str 42\ni: !!int 7\nf: !!float 1.5\nb: !!bool true\nn: !!null ~\nm: !!map { k: v }\nq: !!seq [1]\n');
    expect(issues).toEqual([]);
    expect(parsed?.data).toEqual({ s: '42', i: 7, f: 1.5, b: true, n: null, m: { k: 'v' }, q: [1] });
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s, which would reach Object.prototype', (key) => {
    expect(parse(`app: shop\n${key}: { polluted: true }\n`)).toEqual({ issues: [at(2, key, 'expected a setting name, found a reserved JavaScript property name')] });
  });

  it('shows a tag as written when the core prefix is not at its start', () => {
    expect(parse('app: !<x-tag:yaml.org,2002:str> shop\n')).toEqual({
      issues: [at(1, 'app', 'expected a plain YAML value (string, number, true/false, null, list or mapping), found the tag x-tag:yaml.org,2002:str')],
    });
  });

  it('refuses in a key what it refuses in a value: a tag, .inf, an integer too large to hold', () => {
    // Keys become strings: 123456789012345678901 would silently become the tag key "123456789012345680000".
    expect(parse('tags:\n  !custom Owner: me\n  .inf: x\n  123456789012345678901: y\n')).toEqual({
      issues: [
        at(2, 'tags.Owner', 'expected a plain YAML value (string, number, true/false, null, list or mapping), found the tag !custom'),
        at(3, 'tags.Infinity', 'expected a JSON value, found .inf (infinity)'),
        at(4, 'tags.123456789012345680000', 'expected a JSON value, found an integer too large to hold exactly (123456789012345680000); quote it if it is a name or ID'),
      ],
    });
  });

  it('gives what a merge key brings in the key path of where it lands', () => {
    // `<<` is not a setting: the user looks for tier, not <<.tier.
    expect(parse('app: shop\n<<: { tier: !prod test }\n')).toEqual({ issues: [at(2, 'tier', 'expected a plain YAML value (string, number, true/false, null, list or mapping), found the tag !prod')] });
  });

  it('counts lists in the nesting depth', () => {
    expect(parse(`a: ${'['.repeat(40)}${']'.repeat(40)}\n`)).toEqual({ issues: [at(1, `a${'[0]'.repeat(31)}`, 'expected at most 32 levels of nesting, found more')] });
  });

  it('reports problems in the order of the file', () => {
    expect(parse('a: !x 1\nb: 2\nc: !y 3\nd: [!z 4]\n').issues.map((i) => [i.line, i.keyPath])).toEqual([[1, 'a'], [3, 'c'], [4, 'd[0]']]);
  });

  it('lists problems on one line in the order they are written', () => {
    // The walk pops from a stack, so without the offsets the later list item would come first.
    expect(parse('d: [!z 4, !y 5, { e: !x 6 }]\n').issues.map((i) => [i.keyPath, i.message.slice(-2)])).toEqual([['d[0]', '!z'], ['d[1]', '!y'], ['d[2].e', '!x']]);
  });

  it('lists the first 50 problems of a file and says how many more there are', () => {
    // A user fixes a file from the top: the problems listed must be the first ones, not the last 50.
    const text = Array.from({ length: 60 }, (_, i) => `k${i + 1}: !t v`).join('\n');
    const { issues } = parse(text);
    expect(issues.slice(0, 50).map((i) => i.keyPath)).toEqual(Array.from({ length: 50 }, (_, i) => `k${i + 1}`));
    expect(issues.slice(50)).toEqual([at(51, '', 'expected at most 50 problems to list, found 60: 10 more from here on')]);
  });

  it('lists exactly 50 problems without a line about more', () => {
    const text = Array.from({ length: 50 }, (_, i) => `k${i + 1}: !t v`).join('\n');
    expect(parse(text).issues.map((i) => i.line)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it.each([
    // yaml loads all four as the key "", which no setting has; the schema would say "unknown key" without a name.
    ['an empty key', 'app: shop\n: oops\n', 'expected a setting name, found an empty key'],
    ['an explicit empty key', 'app: shop\n? \n: oops\n', 'expected a setting name, found an empty key'],
    ['a quoted empty key', 'app: shop\n"": oops\n', 'expected a setting name, found an empty key'],
    ['the key null', 'app: shop\nnull: oops\n', 'expected a setting name, found null, which YAML reads as null (quote it if it is a name)'],
    ['the key ~', 'app: shop\n~: oops\n', 'expected a setting name, found ~, which YAML reads as null (quote it if it is a name)'],
  ])('refuses %s with its line and the mapping it is in', (_what, text, message) => {
    expect(parse(text)).toEqual({ issues: [at(2, '', message)] });
  });

  it('names the mapping that holds an empty key', () => {
    // Tag values are free-form names, so "null" there is meant as a name: the message says to quote it.
    expect(parse('tags:\n  Owner: me\n  Null: x\n')).toEqual({ issues: [at(3, 'tags', 'expected a setting name, found Null, which YAML reads as null (quote it if it is a name)')] });
    expect(parse('tags:\n  "null": x\n').issues).toEqual([]);
  });

  it('gives the parser message of a YAML error on one line, with its line', () => {
    expect(parse('app: shop\ntier: test\napp: other\n')).toEqual({ issues: [at(3, '', 'not valid YAML: Map keys must be unique')] });
  });

  it('reports a parser warning (an unknown directive) as a problem', () => {
    expect(parse('%FOO bar\n---\napp: shop\n')).toEqual({ issues: [at(1, '', 'not valid YAML: Unknown directive %FOO')] });
  });

  it('names an alias to an anchor never set, which is no alias bomb', () => {
    expect(parse('app: shop\ntier: *production\n')).toEqual({ issues: [{ file: 'env.yaml', keyPath: '', message: 'not valid YAML: Unresolved alias (the anchor must be set before the alias): production' }] });
  });
});

describe('readYamlFile', () => {
  it('gives a missing key the line of the deepest part of its path that exists', () => {
    const dir = folderWith({ 'env.yaml': stringify({ app: 'shop', network: { vpcId: 'vpc-1', privateSubnets: [{ id: 'subnet-1' }] } }) });
    const { lineOf } = readYamlFile(path.join(dir, 'env.yaml'), 'env.yaml');
    // "expected string, found nothing" must point at the mapping the key belongs in, not at line 1.
    expect([lineOf(['network', 'vpcCidr']), lineOf(['network', 'privateSubnets', 0, 'availabilityZone']), lineOf(['network', 'vpcId']), lineOf(['nope', 'deeper'])]).toEqual([3, 5, 3, 1]);
  });
});
