/**
 * Errors a user can act on: each carries a one-line message naming the file, the key path and what
 * was expected, and the CLI prints it without a stack trace.
 */
export class ReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewError';
  }
}

/** Bad command-line usage (unknown flag, missing value): the CLI adds a pointer to --help. */
export class UsageError extends ReviewError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Keeps a message on one line however much text a child process or a parser gave us. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
