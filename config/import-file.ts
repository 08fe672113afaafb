/**
 * The import file of an adopted environment: `<env>.imports.yaml` beside `<env>.yaml`, mapping construct
 * paths inside the stack to the AWS IDs of running resources, which the stack turns into Terraform
 * `import` blocks (stacks/resource-imports.ts). It is read with the same guards as an environment file
 * (size, encoding, aliases, tags, depth), and its shape is checked here; whether each path names a
 * resource is known only once the stack is built, so that check lives with the stack.
 *
 *   # construct path inside the stack -> AWS import ID
 *   imports:
 *     app/database/instance: tma-production-db
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigIssue, formatKeyPath } from './config-error';
import { IMPORT_FILE_PATTERN, importFileStem, readYamlFile } from './environment-files';

export { IMPORT_FILE_PATTERN, importFileStem };


/** Longest AWS ID an import may name; the longest real ones (ARNs with paths) stay far below. */
const MAX_IMPORT_ID_LENGTH = 2048;
/** A construct path: ids joined by `/`, as `node.path` prints them below the stack. */
const CONSTRUCT_PATH = /^[^/\s]+(\/[^/\s]+)*$/;

export interface ImportFile {
  /** The file as messages name it. */
  file: string;
  /** Construct path relative to the stack → AWS import ID, in the file's order. */
  imports: Record<string, string>;
  /** 1-based line of each entry, for messages about paths the stack does not have. */
  lines: Record<string, number | undefined>;
}

/**
 * The import files beside `environmentFile`: `<stem>.imports.yaml` or `<stem>.imports.yml`, in any
 * letter case of the extension; more than one is a problem the caller reports.
 */
export function findImportFiles(environmentFile: string): string[] {
  const dir = path.dirname(environmentFile);
  const stem = path.basename(environmentFile).replace(/\.ya?ml$/i, '');
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => IMPORT_FILE_PATTERN.test(n) && importFileStem(n) === stem)
    .sort()
    .map((n) => path.join(dir, n));
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'string' ? (value === '' ? 'an empty string' : 'a string') : `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Reads and checks one import file: a mapping with the single key `imports`, itself a mapping of
 * construct paths to non-empty ID strings. Never throws; every problem comes back as an issue with its
 * line and key path, like an environment file's.
 */
export function readImportFile(file: string, displayName = file): { importFile?: ImportFile; issues: ConfigIssue[] } {
  const yaml = readYamlFile(file, displayName);
  if (!yaml.parsed) return { issues: yaml.issues };
  const { data } = yaml.parsed;
  const lineOf = yaml.lineOf;
  const issue = (p: string[], message: string): ConfigIssue => ({ file: displayName, line: lineOf(p), keyPath: formatKeyPath(p), message });

  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { issues: [issue([], `expected a mapping with the key imports (construct path → AWS import ID), found ${describe(data)}`)] };
  }
  const issues: ConfigIssue[] = [];
  for (const key of Object.keys(data)) {
    if (key !== 'imports') issues.push(issue([key], 'unknown key (an import file has only imports)'));
  }
  const entries = (data as Record<string, unknown>).imports;
  if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) {
    issues.push(issue(['imports'], `expected a mapping of construct paths to AWS import IDs, found ${describe(entries)}`));
    return { issues };
  }
  const imports: Record<string, string> = {};
  const lines: Record<string, number | undefined> = {};
  for (const [constructPath, id] of Object.entries(entries)) {
    const at = ['imports', constructPath];
    if (!CONSTRUCT_PATH.test(constructPath)) {
      issues.push(issue(at, 'expected a construct path inside the stack such as app/database/instance (ids joined by /, no spaces, no leading or trailing /)'));
      continue;
    }
    if (typeof id !== 'string' || id.trim() === '') {
      issues.push(issue(at, `expected the AWS ID to import (a non-empty string; quote numbers), found ${describe(id)}`));
      continue;
    }
    if (id !== id.trim() || id.length > MAX_IMPORT_ID_LENGTH) {
      issues.push(issue(at, `expected an AWS ID without surrounding spaces, at most ${MAX_IMPORT_ID_LENGTH} characters`));
      continue;
    }
    imports[constructPath] = id;
    lines[constructPath] = lineOf(at);
  }
  if (issues.length > 0) return { issues };
  return { importFile: { file: displayName, imports, lines }, issues: [] };
}
