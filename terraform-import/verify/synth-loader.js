/**
 * Preloaded (`node -r`) by the synthesis of a generated app (verify.ts): runs its TypeScript from the
 * JavaScript that verify transpiled beforehand (transpile-app.ts), read as JSON from stdin, without
 * ts-node and its source-map support on every stack trace. A .ts file verify did not see (one loaded
 * in a way its scan of relative imports cannot find) is transpiled here. An error that ends the app is
 * reported at its place in the TypeScript.
 */
'use strict';
const fs = require('fs');
const { SourceMap } = require('module');

const app = JSON.parse(fs.readFileSync(0, 'utf8'));
let typescript;

require.extensions['.ts'] = (module, filename) => {
  let code = app.code[filename];
  if (code === undefined) {
    typescript = typescript || require('typescript');
    const out = typescript.transpileModule(fs.readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions: { ...app.compilerOptions, sourceMap: true } });
    [code, app.sourceMaps[filename]] = [out.outputText, out.sourceMapText];
  }
  module._compile(code, filename);
};

const parsedMaps = new Map();
function mapFrame(site) {
  const file = site.getFileName();
  const payload = file && app.sourceMaps[file];
  if (!payload || site.getLineNumber() === null) return `    at ${site}`;
  if (!parsedMaps.has(file)) parsedMaps.set(file, new SourceMap(JSON.parse(payload)));
  const entry = parsedMaps.get(file).findEntry(site.getLineNumber() - 1, site.getColumnNumber() - 1);
  if (entry.originalLine === undefined) return `    at ${site}`;
  const where = `${file}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  const name = site.getFunctionName() || site.getMethodName();
  return `    at ${site.isConstructor() ? 'new ' : ''}${name ? `${name} (${where})` : where}`;
}

// Mapped only when the app fails: stack traces taken on the way (cdktf takes thousands) stay cheap.
process.on('uncaughtException', (error) => {
  Error.prepareStackTrace = (err, sites) => [String(err), ...sites.map(mapFrame)].join('\n');
  process.stderr.write(`${(error && error.stack) || error}\n`);
  process.exit(1);
});
