/**
 * Where Terraform gets its providers: the offline mirror by default (its absence is a clear
 * prerequisite error, not a registry timeout), a user's own CLI config when they give one, and the
 * registry when a runner asks for it (a GitLab runner with registry access and no mirror).
 */
import * as fs from 'fs';
import * as path from 'path';
import { PROVIDER_SOURCE_VARIABLE, terraformCliConfigFile, terraformEnv } from '../../tooling/terraform-cli';
import { tempDir } from '../support/synth-stack';

describe('terraformEnv', () => {
  const saved = { config: process.env.TF_CLI_CONFIG_FILE, source: process.env[PROVIDER_SOURCE_VARIABLE] };
  afterEach(() => {
    for (const [name, value] of [['TF_CLI_CONFIG_FILE', saved.config], [PROVIDER_SOURCE_VARIABLE, saved.source]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('points Terraform at the offline mirror when nothing else is asked for, and never prompts', () => {
    delete process.env.TF_CLI_CONFIG_FILE;
    delete process.env[PROVIDER_SOURCE_VARIABLE];
    const env = terraformEnv();
    expect(env.TF_CLI_CONFIG_FILE).toBe(terraformCliConfigFile());
    expect(fs.readFileSync(env.TF_CLI_CONFIG_FILE!, 'utf8')).toMatch(/filesystem_mirror \{[\s\S]*registry\.terraform\.io\/hashicorp\/\*/);
    expect(env).toMatchObject({ TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' });
  });

  it('keeps a CLI config the user set, in the process environment or for this call', () => {
    const own = path.join(tempDir('tfrc'), 'runner.tfrc');
    fs.writeFileSync(own, 'plugin_cache_dir = "/tmp"\n');
    process.env.TF_CLI_CONFIG_FILE = own;
    expect(terraformEnv().TF_CLI_CONFIG_FILE).toBe(own);
    expect(terraformEnv({ TF_CLI_CONFIG_FILE: '/tmp/job.tfrc' }).TF_CLI_CONFIG_FILE).toBe('/tmp/job.tfrc');
  });

  it('uses the mirror when the environment names a CLI config that does not exist (as some images do)', () => {
    process.env.TF_CLI_CONFIG_FILE = path.join(tempDir('tfrc'), 'never-written.tfrc');
    delete process.env[PROVIDER_SOURCE_VARIABLE];
    expect(terraformEnv().TF_CLI_CONFIG_FILE).toBe(terraformCliConfigFile());
  });

  it('leaves provider installation to Terraform (the registry) when the runner asks for it', () => {
    process.env.TF_CLI_CONFIG_FILE = path.join(tempDir('tfrc'), 'never-written.tfrc');
    expect(terraformEnv({ [PROVIDER_SOURCE_VARIABLE]: 'registry' }).TF_CLI_CONFIG_FILE).toBeUndefined();
    process.env[PROVIDER_SOURCE_VARIABLE] = 'registry';
    expect(terraformEnv().TF_CLI_CONFIG_FILE).toBeUndefined();
    // Anything but "registry" is no opt-out: the mirror stays required.
    expect(terraformEnv({ [PROVIDER_SOURCE_VARIABLE]: 'mirror' }).TF_CLI_CONFIG_FILE).toBe(terraformCliConfigFile());
  });
});
