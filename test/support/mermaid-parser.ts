/**
 * Runs Mermaid's own parser (test/support/mermaid-parse.mjs, a child Node process) over diagrams;
 * returns the parse error of each, or null. Fails loudly when mermaid or jsdom is not installed.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

export interface MermaidCase {
  name: string;
  text: string;
}

export function mermaidParseErrors(cases: MermaidCase[]): Map<string, string | null> {
  const run = spawnSync(process.execPath, [path.join(__dirname, 'mermaid-parse.mjs')], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) {
    throw new Error(`the Mermaid parser did not run (devDependencies mermaid and jsdom; npm ci): exit ${run.status}\n${run.stderr}`);
  }
  const results = JSON.parse(run.stdout) as Array<{ name: string; error: string | null }>;
  return new Map(results.map((r) => [r.name, r.error]));
}

/** The Mermaid source of every ```mermaid block of a Markdown text. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
}
