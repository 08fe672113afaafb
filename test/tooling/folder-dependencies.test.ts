/**
 * The top-level folders are the architecture: imports between them go one way. A cycle (policy/ and
 * test-bed/ importing each other) or code outside test/ importing a test helper (a benchmark reading
 * test/) means something sits in the wrong folder.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT } from '../../tooling/terraform-cli';

const IGNORED = new Set(['node_modules', '.git', '.work', '.venv', 'cdktf.out', 'dist', '.gen']);
const RELATIVE_IMPORT = /(?:from\s+|import\s+|import\s*\(\s*|require\s*\(\s*)'(\.{1,2}\/[^']*)'/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (IGNORED.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|js)$/.test(entry.name) ? [full] : [];
  });
}

/** The top-level folder of a project file, or `.` for a file at the root (main.ts). */
function topFolder(file: string): string {
  const parts = path.relative(PROJECT_ROOT, file).split(path.sep);
  return parts.length === 1 ? '.' : parts[0];
}

/** folder -> folders it imports from, with one importing file per edge for the failure message. */
function folderImports(): Map<string, Map<string, string>> {
  const edges = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(PROJECT_ROOT)) {
    const from = topFolder(file);
    for (const match of fs.readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      const to = topFolder(path.resolve(path.dirname(file), match[1]));
      if (to === from) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      edges.get(from)!.set(to, path.relative(PROJECT_ROOT, file));
    }
  }
  return edges;
}

/** Every cycle between folders, each as `a -> b -> a`, found by depth-first search. */
function cycles(edges: Map<string, Map<string, string>>): string[] {
  const found: string[] = [];
  const visit = (node: string, trail: string[]) => {
    for (const next of edges.get(node)?.keys() ?? []) {
      const at = trail.indexOf(next);
      if (at >= 0) found.push([...trail.slice(at), next].join(' -> '));
      else visit(next, [...trail, next]);
    }
  };
  for (const start of edges.keys()) visit(start, [start]);
  return [...new Set(found)].sort();
}

describe('imports between top-level folders', () => {
  const edges = folderImports();

  it('go one way: no folder imports, directly or through others, from a folder that imports it', () => {
    expect(cycles(edges)).toEqual([]);
  });

  it('never reach into test/ from outside it (shared fixtures live with the code they drive)', () => {
    const intoTest = [...edges].filter(([from, to]) => from !== 'test' && to.has('test')).map(([from, to]) => `${from} (${to.get('test')})`);
    expect(intoTest).toEqual([]);
  });

  it('keep terraform-import/ on the toolkit\'s foundations: config/ and tooling/, and stacks/ for adopting into a blueprint', () => {
    // the pipeline runs the import job, not the reverse: an import from pipeline/ would make the CLI depend on CI code
    expect([...(edges.get('terraform-import')?.keys() ?? [])].sort()).toEqual(['config', 'stacks', 'tooling']);
  });

  it('are seen at all (the scan reads the project, not an empty folder)', () => {
    expect(edges.get('test')?.has('test-bed')).toBe(true);
    expect(edges.get('policy')?.has('tooling')).toBe(true);
  });
});
