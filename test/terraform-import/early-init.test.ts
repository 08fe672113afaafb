/**
 * `terraform init` during the synthesis (verify/early-init.ts): with the local backend it runs on the
 * `terraform` block known beforehand, in a scratch folder, and its result moves into Terraform's
 * working directory only when that block is the synthesized one and init succeeded. Otherwise the
 * working directory is untouched and verify's own init runs and reports, as before.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { BackendConfig } from '../../config/schema';
import { writeFilesAtomic } from '../../terraform-import/atomic-write';
import { generateStack, toolkitRootFor } from '../../terraform-import/generate/generate-stack';
import { buildManifest } from '../../terraform-import/manifest/manifest';
import { expectedTerraformBlock, finishEarlyInit, startEarlyInit } from '../../terraform-import/verify/early-init';
import { PLAN_JSON, PLAN_SUMMARY, synthesize, TERRAFORM_DIR, verify, VerifyError } from '../../terraform-import/verify/verify';
import { discovered } from '../support/discovered-resource';
import { tempDir } from '../support/synth-stack';

/** A generated app (one log group) in a fresh folder, with `backend` as generate's --backend options give it. */
function generatedApp(prefix: string, backend?: BackendConfig): string {
  const dir = tempDir(prefix);
  const files = generateStack(buildManifest('eu-central-1', [discovered('aws_cloudwatch_log_group', '/early/init', { name: '/early/init' })], {}), {
    backend,
    stateName: 'early',
    toolkitRoot: toolkitRootFor(dir),
  });
  writeFilesAtomic(Object.fromEntries(Object.entries(files).map(([f, c]) => [path.join(dir, f), c])));
  return dir;
}

const scratchFolders = (dir: string) => fs.readdirSync(dir).filter((f) => f.startsWith('.terraform-init-'));
const synthesizedBlock = (dir: string) => (JSON.parse(fs.readFileSync(synthesize(dir), 'utf8')) as { terraform: unknown }).terraform;

describe('terraform init during the synthesis', () => {
  it('knows the terraform block a local-backend stack synthesizes, so the early init is the one used', () => {
    const dir = generatedApp('early-block');
    // a provider upgrade or another state file name would make every early init a wasted one
    expect(expectedTerraformBlock(dir)).toEqual(synthesizedBlock(dir));
    // S3 and GitLab need settings from the environment at init: they wait for the synthesized block
    expect(expectedTerraformBlock(generatedApp('early-s3', { s3: { bucket: 'acme-state' } }))).toBeUndefined();
  });

  it('moves .terraform and the lock file in when the block matches, and leaves no scratch folder', async () => {
    const dir = generatedApp('early-match');
    const tfDir = path.join(dir, TERRAFORM_DIR);
    const early = startEarlyInit(dir, tfDir, {})!;
    expect(await finishEarlyInit(early, tfDir, synthesizedBlock(dir))).toBe(true);
    expect(fs.readdirSync(tfDir).sort()).toEqual(['.terraform', '.terraform.lock.hcl']);
    expect(scratchFolders(dir)).toEqual([]);
    // initialized once, the working directory keeps its own lock file: no second early init
    expect(startEarlyInit(dir, tfDir, {})).toBeUndefined();
  });

  it('leaves the working directory untouched when the synthesized block differs', async () => {
    const dir = generatedApp('early-differs');
    const tfDir = path.join(dir, TERRAFORM_DIR);
    const early = startEarlyInit(dir, tfDir, {})!;
    const other = { ...(synthesizedBlock(dir) as object), backend: { local: { path: 'terraform.other.tfstate' } } };
    expect(await finishEarlyInit(early, tfDir, other)).toBe(false);
    expect(fs.existsSync(tfDir)).toBe(false);
    expect(scratchFolders(dir)).toEqual([]);
  });

  it('a failing init: verify reports Terraform\'s message for the working directory, writes no plan, leaves no scratch folder', async () => {
    const dir = generatedApp('early-fails');
    fs.writeFileSync(path.join(dir, PLAN_SUMMARY), 'the previous summary\n');
    // a CLI configuration whose provider mirror is empty: init cannot install hashicorp/aws
    const emptyMirror = tempDir('empty-mirror');
    const config = path.join(emptyMirror, 'terraformrc');
    fs.writeFileSync(config, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(emptyMirror)}\n  }\n}\n`);
    const saved = process.env.TF_CLI_CONFIG_FILE;
    process.env.TF_CLI_CONFIG_FILE = config;
    try {
      const failure = await verify(dir).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(VerifyError);
      expect((failure as Error).message).toMatch(new RegExp(`^terraform init failed in ${path.join(dir, TERRAFORM_DIR).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\n[\\s\\S]*hashicorp/aws`));
    } finally {
      if (saved === undefined) delete process.env.TF_CLI_CONFIG_FILE;
      else process.env.TF_CLI_CONFIG_FILE = saved;
    }
    expect(fs.existsSync(path.join(dir, PLAN_JSON))).toBe(false);
    expect(fs.readFileSync(path.join(dir, PLAN_SUMMARY), 'utf8')).toBe('the previous summary\n');
    expect(scratchFolders(dir)).toEqual([]);
  });
});
