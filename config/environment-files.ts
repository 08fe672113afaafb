/**
 * Finding, reading and parsing environment files as hostile input: whatever is in the environments
 * folder (a FIFO, a symlink loop, a 1 GB file, an alias bomb, a tag the schema never heard of) ends in
 * a one-line problem with the file's name, within bounded time and memory, never in a hang or a stack
 * trace. The limits below are documented in the README ("Limits of environment files").
 */
import * as fs from 'fs';
import * as path from 'path';
import { Document, isMap, isNode, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { ConfigIssue, formatKeyPath } from './config-error';

/** Largest environment file read, in bytes; today's are under 2 KiB. */
export const MAX_FILE_BYTES = 256 * 1024;
/** Alias budget of one file: each use of an alias counts the aliases inside what it expands, so a billion laughs stops early. */
export const MAX_ALIAS_COUNT = 100;
/** Deepest nesting of mappings and lists; today's files go 5 levels deep. */
export const MAX_NESTING_DEPTH = 32;
/** A file is an environment file when its name ends in one of these, in any letter case. */
export const ENVIRONMENT_FILE_PATTERN = /\.ya?ml$/i;
/** An import file (config/import-file.ts) ends in this, in any letter case; it is not an environment. */
export const IMPORT_FILE_PATTERN = /\.imports\.ya?ml$/i;

/** The environment file an import file belongs to is `<stem>.yaml` or `<stem>.yml` beside it. */
export function importFileStem(importFile: string): string {
  return importFile.replace(IMPORT_FILE_PATTERN, '');
}

/** The YAML 1.2 core tags: what JSON can hold. Anything else (!!binary, !!timestamp, !custom) is refused. */
const JSON_TAGS = new Set(['tag:yaml.org,2002:str', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:null', 'tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq']);
/** Keys that would reach Object.prototype in a JavaScript object. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The code of a failed file system call (ENOENT, EACCES, EIO…), for the message; Node sets one on every such error. */
function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? 'error';
}

function describeFileType(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a folder';
  // stat() and fstat() follow links, so what is left is a character or block device.
  return 'a device';
}

/**
 * Every *.yaml / *.yml file (any letter case) below `dir`, sorted so stack order (and output) is
 * deterministic. Symlinks are followed, to files and to folders; a broken link, a link loop and a
 * YAML-named FIFO, socket or device are problems, never skipped in silence. Import files
 * (`<env>.imports.yaml`, config/import-file.ts) are not environments: they belong to the environment
 * file beside them, and one without that file is a problem (a renamed environment would otherwise
 * lose its imports in silence).
 */
export function scanEnvironmentFiles(dir: string, cwd = process.cwd()): { files: string[]; issues: ConfigIssue[] } {
  const display = (p: string) => path.relative(cwd, p) || p;
  let rootIsFolder = false;
  try {
    rootIsFolder = fs.statSync(dir).isDirectory();
  } catch {
    // Missing or unreachable: the same problem as a file where the folder should be, below.
  }
  if (!rootIsFolder) {
    return { files: [], issues: [{ file: dir, keyPath: '', message: 'expected a folder of environment YAML files, found none' }] };
  }
  const files: string[] = [];
  const importFiles: string[] = [];
  const issues: ConfigIssue[] = [];
  const unreadable = (p: string, err: unknown) => issues.push({ file: display(p), keyPath: '', message: `cannot be read (${errorCode(err)})` });
  const walk = (d: string, ancestors: Set<string>) => {
    let names: string[];
    try {
      names = fs.readdirSync(d).sort((a, b) => a.localeCompare(b));
    } catch (err) {
      unreadable(d, err);
      return;
    }
    for (const name of names) {
      const p = path.join(d, name);
      const looksLikeYaml = ENVIRONMENT_FILE_PATTERN.test(name);
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(p);
      } catch (err) {
        unreadable(p, err);
        continue;
      }
      if (stat.isSymbolicLink()) {
        try {
          stat = fs.statSync(p);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          const what = code === 'ELOOP' ? 'a symlink loop' : `a broken symlink (to ${fs.readlinkSync(p)})`;
          issues.push({ file: display(p), keyPath: '', message: `expected an environment file or folder, found ${what}` });
          continue;
        }
      }
      if (stat.isDirectory()) {
        const real = fs.realpathSync(p);
        if (ancestors.has(real)) {
          issues.push({ file: display(p), keyPath: '', message: `expected an environment file or folder, found a symlink loop (back to ${display(real)})` });
          continue;
        }
        walk(p, new Set([...ancestors, real]));
      } else if (looksLikeYaml) {
        if (stat.isFile()) (IMPORT_FILE_PATTERN.test(name) ? importFiles : files).push(p);
        else issues.push({ file: display(p), keyPath: '', message: `expected a regular file, found ${describeFileType(stat)}` });
      }
    }
  };
  walk(dir, new Set([fs.realpathSync(dir)]));
  const environmentStems = new Set(files.map((f) => f.replace(ENVIRONMENT_FILE_PATTERN, '')));
  for (const importFile of importFiles) {
    if (!environmentStems.has(importFileStem(importFile))) {
      issues.push({ file: display(importFile), keyPath: '', message: `expected the environment file it belongs to beside it (${path.basename(importFileStem(importFile))}.yaml), found none` });
    }
  }
  if (files.length === 0 && issues.length === 0) issues.push({ file: dir, keyPath: '', message: 'expected at least one *.yaml environment file, found none' });
  return { files, issues };
}

/** The file's text, or the one problem that stops it being read: not regular, too big, not UTF-8. */
export function readEnvironmentText(file: string, displayName: string): { text?: string; issue?: ConfigIssue } {
  const problem = (message: string) => ({ issue: { file: displayName, keyPath: '', message } });
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO that slipped in after the scan must not wait for a writer.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    return problem(`cannot read the file (${errorCode(err)})`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return problem(`expected a regular file, found ${describeFileType(stat)}`);
    if (stat.size > MAX_FILE_BYTES) return problem(`expected at most ${MAX_FILE_BYTES} bytes (${MAX_FILE_BYTES / 1024} KiB), found ${stat.size}`);
    // One byte more than allowed: a file that grew after fstat (or a /proc file, whose size says 0) fills it.
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    let length = 0;
    try {
      // Once the buffer is full, the read asks for 0 bytes, gets 0 and ends the loop.
      let n: number;
      do {
        n = fs.readSync(fd, buffer, length, buffer.length - length, null);
        length += n;
      } while (n !== 0);
    } catch (err) {
      return problem(`cannot read the file (${errorCode(err)})`);
    }
    if (length > MAX_FILE_BYTES) return problem(`expected at most ${MAX_FILE_BYTES} bytes (${MAX_FILE_BYTES / 1024} KiB), found more (the file grew while being read)`);
    const bytes = buffer.subarray(0, length);
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return problem('expected UTF-8 text, found UTF-16 (save the file as UTF-8)');
    try {
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
      if (text.includes('\u0000')) return problem(`expected UTF-8 text, found a NUL byte at offset ${bytes.indexOf(0)} (a binary file?)`);
      return { text };
    } catch {
      return problem(`expected UTF-8 text, found invalid UTF-8 at byte offset ${firstInvalidUtf8Offset(bytes)} (save the file as UTF-8)`);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Where decoding first fails, for the message: the end of the longest prefix of whole, valid characters. */
function firstInvalidUtf8Offset(bytes: Buffer): number {
  const decodes = (n: number, stream: boolean) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream });
      return true;
    } catch {
      return false;
    }
  };
  // With stream: true a character cut at the end of a prefix is no error, so validity only ever turns
  // from true to false as the prefix grows: a binary search finds the last valid length.
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (decodes(mid, true)) lo = mid;
    else hi = mid - 1;
  }
  // That length may end inside the character that fails (at most 3 bytes in): back to where it starts.
  while (!decodes(lo, false)) lo--;
  return lo;
}

export interface ParsedYaml {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  data: unknown;
}

function describeNonJson(value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan (not a number)';
    if (!Number.isFinite(value)) return `${value > 0 ? '' : '-'}.inf (infinity)`;
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) return `an integer too large to hold exactly (${value}); quote it if it is a name or ID`;
  }
  return undefined;
}

/** Most problems listed for one file: past this a file is usually not YAML for us at all. */
export const MAX_PROBLEMS_PER_FILE = 50;

/** The problems in the order of the file; past the limit, the first ones and a line that says how many more. */
function firstProblems(found: { offset: number; issue: ConfigIssue }[]): ConfigIssue[] {
  const sorted = [...found].sort((a, b) => a.offset - b.offset).map((f) => f.issue);
  if (sorted.length <= MAX_PROBLEMS_PER_FILE) return sorted;
  const firstLeftOut = sorted[MAX_PROBLEMS_PER_FILE];
  return [
    ...sorted.slice(0, MAX_PROBLEMS_PER_FILE),
    { file: firstLeftOut.file, line: firstLeftOut.line, keyPath: '', message: `expected at most ${MAX_PROBLEMS_PER_FILE} problems to list, found ${sorted.length}: ${sorted.length - MAX_PROBLEMS_PER_FILE} more from here on` },
  ];
}

/**
 * Parses YAML 1.2 with merge keys (`<<`), unique keys, the alias budget and the depth limit, and
 * refuses what JSON cannot hold (unknown or non-JSON tags, .inf, .nan, huge integers, non-scalar keys).
 * Never throws: every problem comes back as an issue with its line and key path.
 */
export function parseEnvironmentYaml(text: string, displayName: string): { parsed?: ParsedYaml; issues: ConfigIssue[] } {
  const lineCounter = new LineCounter();
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  } catch (err) {
    return { issues: [{ file: displayName, keyPath: '', message: `not valid YAML: ${firstLine(err)}` }] };
  }
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors.map((e) => ({
        file: displayName,
        line: lineAt(e.pos[0]),
        keyPath: '',
        message: /call stack/i.test(e.message) ? `not valid YAML: nested deeper than ${MAX_NESTING_DEPTH} levels` : `not valid YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  // Each problem with its offset in the text, to list them in the order of the file.
  const found: { offset: number; issue: ConfigIssue }[] = [];
  const add = (node: Node | undefined, keyPath: PropertyKey[], message: string) => {
    const offset = node?.range?.[0];
    found.push({ offset: offset ?? 0, issue: { file: displayName, line: lineAt(offset), keyPath: formatKeyPath(keyPath), message } });
  };
  // Iterative walk with key paths (visit() gives no paths, and recursion is what a deep file attacks).
  // The whole tree is walked (parseDocument has already built it, within the size limit), so that the
  // problems listed are the first ones of the file, not whichever the walk met first.
  const stack: { node: unknown; at: PropertyKey[]; depth: number }[] = [{ node: doc.contents, at: [], depth: 0 }];
  while (stack.length > 0) {
    const { node, at, depth } = stack.pop()!;
    if (!isNode(node)) continue;
    const n = node;
    if (n.tag && !JSON_TAGS.has(n.tag)) add(n, at, `expected a plain YAML value (string, number, true/false, null, list or mapping), found the tag ${n.tag.replace(/^tag:yaml\.org,2002:/, '!!')}`);
    if (isMap(n) || isSeq(n)) {
      if (depth >= MAX_NESTING_DEPTH) {
        add(n, at, `expected at most ${MAX_NESTING_DEPTH} levels of nesting, found more`);
        continue;
      }
      n.items.forEach((item, i) => {
        if (isPair(item)) {
          // An empty key is a scalar too (its value null), so this is a list or mapping.
          if (!isScalar(item.key)) {
            add(item.key as Node, at, 'expected a plain key (a string), found a list or mapping as a key');
            return;
          }
          // yaml loads an empty key, ~ and null alike as the key "": a setting nobody can name.
          if (item.key.value === null || item.key.value === '') {
            // The source of an empty or quoted-empty key is "", so only null and ~ (in any spelling) name themselves.
            const written = item.key.source;
            add(item.key, at, written ? `expected a setting name, found ${written}, which YAML reads as null (quote it if it is a name)` : 'expected a setting name, found an empty key');
            return;
          }
          // Keys become strings in the loaded object: a tagged key, .inf or a huge integer is refused like a value.
          const key = String(item.key.value);
          stack.push({ node: item.key, at: [...at, key], depth });
          if (PROTOTYPE_KEYS.has(key)) {
            add(item.key as Node, [...at, key], 'expected a setting name, found a reserved JavaScript property name');
            return;
          }
          // yaml gives the merge key << the value Symbol(<<); what it brings in lands in this mapping.
          const merges = typeof item.key.value === 'symbol';
          stack.push({ node: item.value, at: merges ? at : [...at, key], depth: depth + 1 });
        } else stack.push({ node: item, at: [...at, i], depth: depth + 1 });
      });
    } else if (isScalar(n)) {
      const what = describeNonJson(n.value);
      if (what) add(n, at, `expected a JSON value, found ${what}`);
    }
  }
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') continue; // reported above with its key path
    found.push({ offset: w.pos[0], issue: { file: displayName, line: lineAt(w.pos[0]), keyPath: '', message: `not valid YAML: ${w.message.split('\n')[0]}` } });
  }
  if (found.length > 0) return { issues: firstProblems(found) };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // yaml reports an alias to an anchor that is not (yet) set only here, when it resolves aliases.
    const message = /excessive alias count/i.test(firstLine(err))
      ? `expected at most ${MAX_ALIAS_COUNT} alias expansions (a YAML alias bomb?), found more`
      : `not valid YAML: ${firstLine(err)}`;
    return { issues: [{ file: displayName, keyPath: '', message }] };
  }
  return { parsed: { doc, lineCounter, data }, issues: [] };
}

/**
 * Reads and parses one YAML file with every guard above (environment files and import files alike), and
 * gives the line of a key path: of the deepest part of it that exists, else of the document.
 */
export function readYamlFile(file: string, displayName: string): { parsed?: ParsedYaml; lineOf: (p: PropertyKey[]) => number | undefined; issues: ConfigIssue[] } {
  const noLine = () => undefined;
  const read = readEnvironmentText(file, displayName);
  if (read.issue) return { lineOf: noLine, issues: [read.issue] };
  const yaml = parseEnvironmentYaml(read.text!, displayName);
  if (!yaml.parsed) return { lineOf: noLine, issues: yaml.issues };
  const { doc, lineCounter } = yaml.parsed;
  const lineOf = (p: PropertyKey[]): number | undefined => {
    for (let n = p.length; n >= 0; n--) {
      const node = doc.getIn(p.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      if (n === 0 && doc.contents?.range) return lineCounter.linePos(doc.contents.range[0]).line;
    }
    return undefined;
  };
  return { parsed: yaml.parsed, lineOf, issues: [] };
}

function firstLine(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0] : String(err);
}
