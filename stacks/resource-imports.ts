/**
 * Turns an import file (config/import-file.ts) into Terraform `import` blocks: each construct path
 * must name one resource of the built stack, which then imports the running object instead of
 * creating one. Problems are config problems of the import file (its name, the entry, what was
 * expected), all of them at once; a stack without an import file is untouched.
 */
import { TerraformDataSource, TerraformResource, TerraformStack } from 'cdktf';
import { ConfigIssue, formatKeyPath } from '../config/config-error';
import { ImportFile } from '../config/import-file';
import { pathInStack, stackResources } from './stack-resources';

/** How many of the nearest existing paths an unknown path's message lists. */
const CLOSEST_SHOWN = 3;

/** Edit distance between two paths, for suggesting the ones a typo meant. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The `count` nearest of `candidates` to `wanted`, nearest first, ties in path order. */
export function closestPaths(wanted: string, candidates: string[], count = CLOSEST_SHOWN): string[] {
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(wanted, candidate) }))
    .sort((a, b) => a.distance - b.distance || (a.candidate < b.candidate ? -1 : 1))
    .slice(0, count)
    .map((c) => c.candidate);
}

/**
 * Calls `importFrom(id)` on the resource at each path of `importFile`; returns the problems instead
 * (and imports nothing) when any path does not name a single plain resource of `stack`.
 */
export function applyImports(stack: TerraformStack, importFile: ImportFile): ConfigIssue[] {
  const resources = stackResources(stack);
  const byPath = new Map(resources.map((r) => [r.constructPath, r.resource]));
  const constructs = new Map(stack.node.findAll().map((c) => [pathInStack(stack, c), c]));
  const issues: ConfigIssue[] = [];
  const chosen: [TerraformResource, string][] = [];
  for (const [constructPath, id] of Object.entries(importFile.imports)) {
    const problem = (message: string) =>
      issues.push({ file: importFile.file, line: importFile.lines[constructPath], keyPath: formatKeyPath(['imports', constructPath]), message });
    const resource = byPath.get(constructPath);
    if (resource) {
      if (resource.count !== undefined || resource.forEach !== undefined) {
        problem('expected a single resource, found one with count or for_each, which an import file cannot address');
      } else {
        chosen.push([resource, id]);
      }
      continue;
    }
    const construct = constructs.get(constructPath);
    if (construct instanceof TerraformDataSource) {
      problem(`expected the construct path of a resource, found a data source (${construct.terraformResourceType}), which is read, never imported`);
    } else if (construct) {
      const below = resources.filter((r) => r.constructPath.startsWith(`${constructPath}/`)).map((r) => r.constructPath);
      problem(
        below.length > 0
          ? `expected the construct path of a resource, found a group of constructs; its resources: ${below.slice(0, 8).join(', ')}${below.length > 8 ? ', …' : ''}`
          : 'expected the construct path of a resource, found a construct that is none (a provider, backend or output)',
      );
    } else {
      const closest = closestPaths(constructPath, resources.map((r) => r.constructPath));
      problem(`expected the construct path of a resource in stack ${stack.node.id}, found none; closest: ${closest.join(', ')}`);
    }
  }
  if (issues.length > 0) return issues;
  for (const [resource, id] of chosen) resource.importFrom(id);
  return [];
}
