// Parses Mermaid diagrams with Mermaid's own parser (the `mermaid` package, which is ESM-only and
// needs a DOM for its sanitiser, hence jsdom and a separate Node process from jest's CommonJS).
// stdin: JSON array of { name, text }; stdout: JSON array of { name, error } (error null when valid).
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const { name, text } of JSON.parse(input)) {
  try {
    const parsed = await mermaid.parse(text);
    results.push({ name, error: parsed ? null : 'not recognised as a diagram' });
  } catch (err) {
    results.push({ name, error: String(err && err.message ? err.message : err) });
  }
}
process.stdout.write(JSON.stringify(results));
