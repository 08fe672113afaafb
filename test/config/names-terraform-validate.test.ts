/**
 * The naming rules against the real provider: the longest names the loader accepts pass
 * `terraform validate` with hashicorp/aws 5.100.0, and a name the loader refuses (built here past the
 * loader) is one the provider refuses too, so the rule is not stricter than needed by guesswork alone.
 */
import * as path from 'path';
import { ConfigError } from '../../config/config-error';
import { loadEnvironments } from '../../config/load-environments';
import { resolveEnvironment } from '../../config/resolve-environment';
import { environmentFileSchema } from '../../config/schema';
import { synthesizeEnvironments } from '../../stacks/synthesize';
import { instanceAppConfig } from '../support/instance-app-config';
import { CLEAN, terraformValidate } from '../support/terraform-validate';
import { containerAppConfig } from '../support/container-app-config';
import { readStacks, tempDir, writeEnvironments } from '../support/synth-stack';

const longest = (c: string) => `${c}${'-x'.repeat(15)}${c}`; // 32 characters, the schema's maximum

describe('AWS names at the edges, checked by terraform validate', () => {
  it('the longest names the loader accepts are valid for the provider', () => {
    const services = ['a', 'b', 'c'].map((s, i) => ({
      name: longest(s),
      image: '<ecr>:1.0.0',
      containerPort: 3000 + i,
      healthCheckPath: '/up',
      routing: { priority: 10 + i, pathPatterns: [`/${s}/*`] },
    }));
    const dir = writeEnvironments({
      container: containerAppConfig('production', { app: longest('p'), environment: longest('e'), containerApp: { services } }),
      instance: instanceAppConfig('production', { app: longest('q'), environment: longest('f') }),
    });
    const outdir = path.join(tempDir('edge-names'), 'cdktf.out');
    synthesizeEnvironments(loadEnvironments(dir, dir), outdir);
    const { stackDirs } = readStacks(outdir);
    expect(Object.keys(stackDirs)).toHaveLength(2);
    for (const stackDir of Object.values(stackDirs)) expect(terraformValidate(stackDir)).toEqual(CLEAN);
  });

  it('a name the loader refuses (two hyphens in a row) is refused by the provider too', () => {
    const config = containerAppConfig('test', { app: 'shop--x' });
    const dir = writeEnvironments({ env: config });
    expect(() => loadEnvironments(dir, dir)).toThrow(ConfigError);
    // Past the loader: straight from the schema to the blueprint.
    const file = environmentFileSchema.parse(config);
    const outdir = path.join(tempDir('edge-refused'), 'cdktf.out');
    synthesizeEnvironments([{ file: 'env.yaml', ...resolveEnvironment(file, 'env.yaml') }], outdir);
    const report = terraformValidate(Object.values(readStacks(outdir).stackDirs)[0]);
    expect(report.valid).toBe(false);
    expect(report.diagnostics.map((d) => `${d.summary} ${d.detail ?? ''}`).join('\n')).toMatch(/hyphens/i);
  });
});
