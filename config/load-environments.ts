/**
 * Reads every environment YAML file, validates all of them, and either returns them all resolved or
 * throws one ConfigError listing every problem in every file. Nothing is synthesized from a partly
 * valid configuration.
 */
import * as path from 'path';
import { z } from 'zod';
import { checkAwsRules, credentialKind } from './aws-rules/config-rules';
import { checkEnvironmentProps } from './check-environment-props';
import { ConfigError, ConfigIssue, formatKeyPath } from './config-error';
import { readYamlFile, scanEnvironmentFiles } from './environment-files';
import { findImportFiles, ImportFile, readImportFile } from './import-file';
import { ResolvedEnvironment, Resolution, resolveEnvironment, stackName } from './resolve-environment';
import { environmentFileSchema } from './schema';

export const DEFAULT_ENVIRONMENTS_DIR = 'environments';

/** Every environment file below `dir` (see scanEnvironmentFiles); throws a ConfigError with every problem of the folder. */
export function findEnvironmentFiles(dir: string, cwd = process.cwd()): string[] {
  const { files, issues } = scanEnvironmentFiles(dir, cwd);
  if (issues.length > 0) throw new ConfigError(issues);
  return files;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  // A misplaced token must not be echoed in an error either.
  if (typeof value === 'string' && credentialKind('', value)) return 'a value that looks like a credential (not shown)';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(root: unknown, p: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = root;
  for (const key of p) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** Rewrites one zod issue as "expected …, found …" at its key path; unions report their closest branch. */
function zodIssueToConfigIssues(issue: z.core.$ZodIssue, data: unknown): { path: PropertyKey[]; message: string }[] {
  const p = [...issue.path];
  const found = describeValue(valueAt(data, p));
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => ({ path: [...p, k], message: 'unknown key (check its spelling and place)' }));
    case 'invalid_type':
      return [{ path: p, message: `expected ${issue.expected}, found ${found}` }];
    case 'invalid_value':
      return [{ path: p, message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}, found ${found}` }];
    case 'invalid_key':
      // A record key that its own schema refuses (a tag key, a database name): say what the key should be.
      return [{ path: p, message: `expected ${issue.issues[0].message}, found ${describeValue(p[p.length - 1])}` }];
    case 'invalid_union': {
      const discriminator = /^Invalid discriminator value\. Expected (.*)$/.exec(issue.message);
      if (discriminator) return [{ path: p, message: `expected one of ${discriminator[1].replace(/'/g, '"')}, found ${found}` }];
      if (issue.errors.length === 0) return [{ path: p, message: `${issue.message}, found ${found}` }];
      const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0];
      return closest.flatMap((sub) => zodIssueToConfigIssues({ ...sub, path: [...p, ...sub.path] } as z.core.$ZodIssue, data));
    }
    case 'too_small':
    case 'too_big':
      if (issue.message.startsWith('Too')) {
        const bound = issue.code === 'too_small' ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
        return [{ path: p, message: `expected ${bound}${issue.origin === 'array' ? ' items' : ''}, found ${found}` }];
      }
      return [{ path: p, message: `expected ${issue.message}, found ${found}` }];
    default:
      // A refinement's or regex's own message; zod's "Invalid input: expected …" comes only with the codes above.
      return [{ path: p, message: `expected ${issue.message}, found ${found}` }];
  }
}

export interface LoadedEnvironment extends Resolution<ResolvedEnvironment> {
  file: string;
  /** The import file beside the environment file, when there is one (adopted environments). */
  imports?: ImportFile;
}

/** The import file beside an environment file, checked; none is the usual case. */
function loadImportFile(file: string, displayName: string): { imports?: ImportFile; issues: ConfigIssue[] } {
  const found = findImportFiles(file);
  if (found.length === 0) return { issues: [] };
  const display = (f: string) => path.join(path.dirname(displayName), path.basename(f));
  if (found.length > 1) {
    return { issues: [{ file: display(found[1]), keyPath: '', message: `expected one import file per environment, found ${found.map((f) => path.basename(f)).join(' and ')}` }] };
  }
  const read = readImportFile(found[0], display(found[0]));
  return { imports: read.importFile, issues: read.issues };
}

/**
 * Parses and validates one file and the import file beside it, if any; returns the issues of both
 * instead of throwing so a caller can collect all.
 */
export function loadEnvironmentFile(file: string, displayName = file): { loaded?: LoadedEnvironment; issues: ConfigIssue[] } {
  const environment = loadEnvironmentSettings(file, displayName);
  const importFile = loadImportFile(file, displayName);
  const issues = [...environment.issues, ...importFile.issues];
  if (issues.length > 0 || !environment.loaded) return { issues };
  return { loaded: importFile.imports ? { ...environment.loaded, imports: importFile.imports } : environment.loaded, issues: [] };
}

function loadEnvironmentSettings(file: string, displayName: string): { loaded?: LoadedEnvironment; issues: ConfigIssue[] } {
  const yaml = readYamlFile(file, displayName);
  if (!yaml.parsed) return { issues: yaml.issues };
  const { data } = yaml.parsed;
  const lineOf = yaml.lineOf;
  const toIssues = (list: { path: PropertyKey[]; message: string }[]): ConfigIssue[] =>
    list.map((i) => ({ file: displayName, line: lineOf(i.path), keyPath: formatKeyPath(i.path), message: i.message }));

  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { issues: [{ file: displayName, keyPath: '', message: `expected a mapping of settings, found ${describeValue(data)}` }] };
  }
  const parsed = environmentFileSchema.safeParse(data);
  if (!parsed.success) {
    return { issues: toIssues(parsed.error.issues.flatMap((i) => zodIssueToConfigIssues(i, data))) };
  }
  const resolution = resolveEnvironment(parsed.data, displayName);
  const propIssues = [...checkEnvironmentProps(parsed.data), ...checkAwsRules(parsed.data, resolution.environment)];
  if (propIssues.length > 0) return { issues: toIssues(propIssues) };
  return { loaded: { file: displayName, ...resolution }, issues: [] };
}

/** Loads every environment under `dir`; throws a ConfigError with all problems of all files. */
export function loadEnvironments(dir: string, cwd = process.cwd()): LoadedEnvironment[] {
  // No files means at least one issue (scanEnvironmentFiles), thrown below.
  const { files, issues } = scanEnvironmentFiles(dir, cwd);
  const loaded: LoadedEnvironment[] = [];
  for (const file of files) {
    const displayName = path.relative(cwd, file) || file;
    let result: ReturnType<typeof loadEnvironmentFile>;
    try {
      result = loadEnvironmentFile(file, displayName);
    } catch (err) {
      // No input may end in a stack trace; this names the file and the toolkit's own failure.
      result = { issues: [{ file: displayName, keyPath: '', message: `could not be checked (an error in the toolkit, please report it: ${err instanceof Error ? err.message.split('\n')[0] : String(err)})` }] };
    }
    issues.push(...result.issues);
    if (result.loaded) loaded.push(result.loaded);
  }
  const byStack = new Map<string, string>();
  for (const l of loaded) {
    const name = stackName(l.environment);
    const other = byStack.get(name);
    if (other) issues.push({ file: l.file, keyPath: 'environment', message: `expected a unique stack name, found stack ${name} also defined in ${other}` });
    byStack.set(name, l.file);
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return loaded;
}
