/**
 * The generated app's TypeScript as JavaScript, for its synthesis in a plain `node` (see
 * synth-loader.js). The project's own TypeScript support (ts-node) maps every stack trace through
 * source maps, and cdktf takes a stack trace for each token it creates: for a thousand resources that
 * costs more than a second, and the child process would load and warm up the TypeScript compiler
 * again besides. Here, in the process that already runs it, every TypeScript file the app reaches by
 * a relative import is transpiled once.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** How the generated code is compiled (it has no tsconfig of its own). */
export const APP_COMPILER_OPTIONS: ts.CompilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, strict: true };

export interface TranspiledApp {
  /** Absolute .ts path → JavaScript. */
  code: Record<string, string>;
  /** Absolute .ts path → its source map (JSON), to report an error at its place in the TypeScript. */
  sourceMaps: Record<string, string>;
}

/** The .ts file a relative import names, if it is one (`./x` → x.ts or x/index.ts). */
function typeScriptFileOf(specifier: string, fromDir: string): string | undefined {
  const base = path.resolve(fromDir, specifier);
  return [base, `${base}.ts`, path.join(base, 'index.ts')].find((f) => f.endsWith('.ts') && fs.existsSync(f));
}

/** A file that is not TypeScript: every syntax error, at its file, line and column. */
export class TranspileError extends Error {}

function syntaxErrors(diagnostics: readonly ts.Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const where = d.file ? `${d.file.fileName}${at ? `:${at.line + 1}:${at.character + 1}` : ''}: ` : '';
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** Transpiles `entry` and every .ts file it reaches through relative imports; throws TranspileError on a syntax error. */
export function transpileApp(entry: string): TranspiledApp {
  const app: TranspiledApp = { code: {}, sourceMaps: {} };
  const pending = [path.resolve(entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (file in app.code) continue;
    const out = ts.transpileModule(fs.readFileSync(file, 'utf8'), { fileName: file, compilerOptions: { ...APP_COMPILER_OPTIONS, sourceMap: true }, reportDiagnostics: true });
    const errors = syntaxErrors(out.diagnostics ?? []);
    if (errors.length > 0) throw new TranspileError(errors.join('\n'));
    app.code[file] = out.outputText;
    if (out.sourceMapText) app.sourceMaps[file] = out.sourceMapText;
    for (const [, specifier] of out.outputText.matchAll(/\brequire\("(\.{1,2}\/[^"]*|\.{1,2})"\)/g)) {
      const next = typeScriptFileOf(specifier, path.dirname(file));
      if (next) pending.push(next);
    }
  }
  return app;
}
