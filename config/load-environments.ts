/**
 * Reads every environment YAML file, validates all of them, and either returns them all resolved or
 * throws one ConfigError listing every problem in every file. Nothing is synthesized from a partly
 * valid configuration.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { checkEnvironmentProps } from './check-environment-props';
import { ConfigError, ConfigIssue, formatKeyPath } from './config-error';
import { ResolvedEnvironment, Resolution, resolveEnvironment, stackName } from './resolve-environment';
import { environmentFileSchema } from './schema';

export const DEFAULT_ENVIRONMENTS_DIR = 'environments';

/** Every *.yaml / *.yml file below `dir`, sorted so stack order (and output) is deterministic. */
export function findEnvironmentFiles(dir: string): string[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ConfigError([{ file: dir, keyPath: '', message: 'expected a folder of environment YAML files, found none' }]);
  }
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(entry.name)) out.push(p);
    }
  };
  walk(dir);
  if (out.length === 0) throw new ConfigError([{ file: dir, keyPath: '', message: 'expected at least one *.yaml environment file, found none' }]);
  return out;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
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
      return [{ path: p, message: `expected ${issue.message.replace(/^Invalid input: expected /, '')}, found ${found}` }];
  }
}

export interface LoadedEnvironment extends Resolution<ResolvedEnvironment> {
  file: string;
}

/** Parses and validates one file; returns its issues instead of throwing so a caller can collect all. */
export function loadEnvironmentFile(file: string, displayName = file): { loaded?: LoadedEnvironment; issues: ConfigIssue[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { issues: [{ file: displayName, keyPath: '', message: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})` }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors.map((e) => ({
        file: displayName,
        line: lineCounter.linePos(e.pos[0]).line,
        keyPath: '',
        message: `not valid YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const data: unknown = doc.toJS();
  const lineOf = (p: PropertyKey[]): number | undefined => {
    for (let n = p.length; n >= 0; n--) {
      const node = doc.getIn(p.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      if (n === 0 && doc.contents?.range) return lineCounter.linePos(doc.contents.range[0]).line;
    }
    return undefined;
  };
  const toIssues = (list: { path: PropertyKey[]; message: string }[]): ConfigIssue[] =>
    list.map((i) => ({ file: displayName, line: lineOf(i.path), keyPath: formatKeyPath(i.path), message: i.message }));

  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { issues: [{ file: displayName, keyPath: '', message: `expected a mapping of settings, found ${describeValue(data)}` }] };
  }
  const parsed = environmentFileSchema.safeParse(data);
  if (!parsed.success) {
    return { issues: toIssues(parsed.error.issues.flatMap((i) => zodIssueToConfigIssues(i, data))) };
  }
  const propIssues = checkEnvironmentProps(parsed.data);
  if (propIssues.length > 0) return { issues: toIssues(propIssues) };
  return { loaded: { file: displayName, ...resolveEnvironment(parsed.data, displayName) }, issues: [] };
}

/** Loads every environment under `dir`; throws a ConfigError with all problems of all files. */
export function loadEnvironments(dir: string, cwd = process.cwd()): LoadedEnvironment[] {
  const files = findEnvironmentFiles(dir);
  const issues: ConfigIssue[] = [];
  const loaded: LoadedEnvironment[] = [];
  for (const file of files) {
    const result = loadEnvironmentFile(file, path.relative(cwd, file) || file);
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
