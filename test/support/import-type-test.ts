/**
 * For the per-type import tests (test/terraform-import/types/): the worker's shared emulator, emptied
 * for the file and set as the AWS chain of this process, and a discovery of some types only, read back
 * the way a user reviews it: the manifest entries and the generated code. No Terraform here: the
 * end-to-end test (test/e2e/import-onboarding.test.ts) proves the import IDs with a real plan.
 */
import { discover } from '../../terraform-import/discovery/discover';
import { DiscoveredResource } from '../../terraform-import/discovery/model';
import { typeModule } from '../../terraform-import/discovery/registry';
import { generateStack, STACK_FILE } from '../../terraform-import/generate/generate-stack';
import { buildManifest, DecisionInputs, Manifest, ManifestEntry } from '../../terraform-import/manifest/manifest';
import { EMULATOR_REGION, Emulator, emulatorEnv, sdkConfig } from '../../test-bed/emulator';
import { workerEmulator } from './worker-emulator';

export interface TypeDiscovery {
  manifest: Manifest;
  /** The generated imported-stack.ts. */
  code: string;
  /** The entry of `type` whose ID (or import ID, or alternative ID) is `id`; throws when absent. */
  entry(type: string, id: string): ManifestEntry;
  /** Every entry of a type. */
  ofType(type: string): ManifestEntry[];
  /** service:operation of every API call discovery made. */
  calls: string[];
}

/**
 * The emulator for this file: the worker's shared one, emptied, with this process's AWS settings
 * pointing at it until the file ends. Call at the top of a describe block.
 */
export function useImportEmulator(): { emulator: () => Emulator; sdk: () => ReturnType<typeof sdkConfig> } {
  let emulator: Emulator | undefined;
  const saved = { ...process.env };
  beforeAll(async () => {
    emulator = await workerEmulator();
    for (const [k, v] of Object.entries(emulatorEnv(emulator))) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  afterAll(() => {
    process.env = saved;
  });
  const current = () => {
    if (!emulator) throw new Error('the emulator is not started: call useImportEmulator() in a describe block');
    return emulator;
  };
  return { emulator: current, sdk: () => sdkConfig(current()) };
}

/** Discovers `types` only (the type under test, and what its references point at), then decides and generates. */
export async function discoverTypes(types: string[], inputs: DecisionInputs = {}): Promise<TypeDiscovery> {
  const result = await discover({ region: EMULATOR_REGION, typeModules: types.map(typeModule), maxAttempts: 1 });
  if (result.failures.length > 0) throw new Error(`discovery failed: ${JSON.stringify(result.failures)}`);
  const manifest = buildManifest(EMULATOR_REGION, result.resources, inputs);
  const code = generateStack(manifest)[STACK_FILE];
  const ids = (r: DiscoveredResource) => [r.id, r.importId, ...(r.altIds ?? [])];
  return {
    manifest,
    code,
    calls: result.calls.map((c) => `${c.service}:${c.operation}`),
    entry(type, id) {
      const found = manifest.entries.find((e) => e.type === type && ids(e.resource).includes(id));
      if (!found) throw new Error(`no ${type} ${id} among ${manifest.entries.filter((e) => e.type === type).map((e) => e.id).join(', ') || 'none'}`);
      return found;
    },
    ofType: (type) => manifest.entries.filter((e) => e.type === type),
  };
}

/** The generated construct of an entry: `const <variable> = new <Class>(this, "<name>", { … });` with its importFrom. */
export function constructOf(code: string, entry: ManifestEntry): { variable: string; body: string; imported: boolean } {
  const match = new RegExp(`const (\\w+) = new \\w+\\(this, ${JSON.stringify(entry.name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, \\{\\n([\\s\\S]*?)\\n    \\}\\);`).exec(code);
  if (!match) throw new Error(`no construct named ${entry.name} in the generated code:\n${code}`);
  return { variable: match[1], body: match[2], imported: code.includes(`${match[1]}.importFrom(${JSON.stringify(entry.importId)});`) };
}
