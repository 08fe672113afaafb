/** A configuration problem that the user fixes in a YAML file; printed one per line, never with a stack trace. */
export interface ConfigIssue {
  file: string;
  /** 1-based line in the file, when the key could be located. */
  line?: number;
  /** Dotted key path with [index] for lists, e.g. containerApp.services[0].cpu; empty for the whole file. */
  keyPath: string;
  /** What was expected, and what was found. */
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map(formatConfigIssue).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatConfigIssue(issue: ConfigIssue): string {
  const where = issue.line ? `${issue.file}:${issue.line}` : issue.file;
  return issue.keyPath ? `${where}: ${issue.keyPath}: ${issue.message}` : `${where}: ${issue.message}`;
}

export function formatKeyPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
