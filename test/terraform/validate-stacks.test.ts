/**
 * Every stack the project's own environments synthesize must be accepted by the real Terraform with
 * the real hashicorp/aws provider. Missing Terraform or provider mirror fails the run with what to install.
 */
import * as fs from 'fs';
import * as path from 'path';
import { findProviderMirror, initWithoutBackend, runTerraform, terraformVersion } from '../../tooling/terraform-cli';
import { synthProjectEnvironments } from '../support/synth-stack';

describe('terraform validate', () => {
  const synth = synthProjectEnvironments();
  const names = Object.keys(synth.stackDirs);

  it('has Terraform and the offline provider mirror', () => {
    expect(terraformVersion()).toMatch(/^1\.(1[1-9]|[2-9]\d)\./);
    expect(findProviderMirror()).toBeTruthy();
  });

  it('synthesizes a test and a production stack for every app', () => {
    expect(names).toEqual(expect.arrayContaining(['tma-test', 'tma-production']));
  });

  it.each(names)('%s is valid for hashicorp/aws 5.100.0', (name) => {
    const dir = synth.stackDirs[name];
    initWithoutBackend(dir);
    const lock = fs.readFileSync(path.join(dir, '.terraform.lock.hcl'), 'utf8');
    expect(lock).toMatch(/provider "registry\.terraform\.io\/hashicorp\/aws" \{\s+version\s+= "5\.100\.0"/);
    const result = runTerraform(dir, ['validate', '-json']);
    const report = JSON.parse(result.stdout) as { valid: boolean; error_count: number; warning_count: number; diagnostics: { summary: string; detail: string }[] };
    expect(report.diagnostics).toEqual([]);
    expect(report.valid).toBe(true);
    expect(result.status).toBe(0);
  });
});
