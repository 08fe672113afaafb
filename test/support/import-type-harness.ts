/**
 * For one import type's test: an emulator for the test file (started in beforeAll, stopped in
 * afterAll, AWS_ENDPOINT_URL and test credentials set meanwhile, as for the import end-to-end test)
 * and discovery of chosen types only, with the manifest entries discovery suggests (decision, reason,
 * Terraform address).
 */
import { RecordedCall } from '../../terraform-import/discovery/aws-clients';
import { discover, DiscoveryResult } from '../../terraform-import/discovery/discover';
import { typeModule } from '../../terraform-import/discovery/registry';
import { buildManifest, ManifestEntry } from '../../terraform-import/manifest/manifest';
import { Emulator, EMULATOR_REGION, emulatorEnv, startEmulator } from '../../test-bed/emulator';

export interface ImportTypeHarness {
  /** The file's emulator (after beforeAll). */
  readonly emulator: Emulator;
  /** Discovers these types only in the emulator's region; the manifest entries are discovery's suggestions. */
  discoverTypes(types: string[]): Promise<DiscoveryResult & { entries: ManifestEntry[] }>;
}

/** Call at the top of a describe block: registers the emulator's beforeAll and afterAll. */
export function useImportTypeEmulator(): ImportTypeHarness {
  let emulator: Emulator | undefined;
  const saved = { ...process.env };
  beforeAll(async () => {
    emulator = await startEmulator();
    for (const [k, v] of Object.entries(emulatorEnv(emulator))) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  afterAll(async () => {
    process.env = saved;
    await emulator?.stop();
  });
  return {
    get emulator() {
      if (!emulator) throw new Error('the emulator starts in beforeAll: use it inside a test');
      return emulator;
    },
    async discoverTypes(types) {
      const result = await discover({ region: EMULATOR_REGION, scope: { types }, maxAttempts: 1 });
      return { ...result, entries: buildManifest(EMULATOR_REGION, result.resources, {}).entries };
    },
  };
}

/** S3 names its IAM actions apart from its operations; every other service discovery uses does not. */
const S3_ACTIONS: Record<string, string> = {
  ListBuckets: 's3:ListAllMyBuckets',
  GetBucketLifecycleConfiguration: 's3:GetLifecycleConfiguration',
  GetBucketEncryption: 's3:GetEncryptionConfiguration',
  GetPublicAccessBlock: 's3:GetBucketPublicAccessBlock',
};

/**
 * The calls discovery made that the types' IAM actions (what `discover --print-iam-policy` prints)
 * would not allow: empty when the printed policy is enough for these types.
 */
export function callsNotAllowed(calls: RecordedCall[], types: string[]): string[] {
  const allowed = new Set(types.flatMap((t) => typeModule(t).iamActions));
  const actionOf = (c: RecordedCall) => (c.service === 's3' ? (S3_ACTIONS[c.operation] ?? `s3:${c.operation}`) : `${c.service}:${c.operation}`);
  return [...new Set(calls.map(actionOf))].filter((a) => !allowed.has(a)).sort();
}
