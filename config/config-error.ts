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
  const file = printable(issue.file);
  const where = issue.line ? `${file}:${issue.line}` : file;
  return issue.keyPath ? `${where}: ${printable(issue.keyPath)}: ${printable(issue.message)}` : `${where}: ${printable(issue.message)}`;
}

/**
 * Control characters escaped (\n, \u001b, …): a file or key name with a newline would break the
 * one-line-per-problem output, and one with an escape sequence could rewrite the user's terminal.
 */
export function printable(text: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => named[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function formatKeyPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
