/**
 * What the adopt command maps running resources onto: every resource of an environment's stack with
 * its construct path (the import file's key) and the address the synthesized Terraform gives it.
 */
import { loadEnvironments } from '../../config/load-environments';
import { adoptableResources } from '../../stacks/adoptable-resources';
import { containerAppConfig } from '../support/container-app-config';
import { instanceAppConfig } from '../support/instance-app-config';
import { synthEnvironments, TerraformJson } from '../support/synth-stack';

/** `type.name` of every resource in a synthesized stack, with the construct path cdktf recorded for it. */
function synthesizedResources(stack: TerraformJson): { constructPath: string; terraformType: string; terraformAddress: string }[] {
  return Object.entries(stack.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => ({
      // cdktf's metadata path starts with the stack name.
      constructPath: ((body['//'] as { metadata: { path: string } }).metadata.path).replace(/^[^/]+\//, ''),
      terraformType: type,
      terraformAddress: `${type}.${name}`,
    })),
  );
}

describe('adoptable resources', () => {
  const configs = { 'erp/production': instanceAppConfig('production'), 'shop/production': containerAppConfig('production') };
  const synth = synthEnvironments(configs);
  const loaded = loadEnvironments(synth.environmentsDir, synth.environmentsDir);
  const byStack = (stack: string) => adoptableResources(loaded.find((l) => `${l.environment.app}-${l.environment.environment}` === stack)!.environment);

  it.each(['erp-production', 'shop-production'])('%s: exactly the resources the synthesized stack holds, by construct path and address', (stack) => {
    const listed = byStack(stack);
    const byPath = (a: { constructPath: string }, b: { constructPath: string }) => (a.constructPath < b.constructPath ? -1 : 1);
    expect(listed).toEqual([...synthesizedResources(synth.stacks[stack])].sort(byPath));
  });

  it('is sorted by construct path and the same on every call (deterministic)', () => {
    const first = byStack('erp-production');
    expect(first.map((r) => r.constructPath)).toEqual([...first.map((r) => r.constructPath)].sort());
    expect(new Set(first.map((r) => r.constructPath)).size).toBe(first.length);
    expect(byStack('erp-production')).toEqual(first);
  });

  it('names what carries the app where an import file and a plan expect it', () => {
    const erp = byStack('erp-production');
    const at = (constructPath: string) => erp.find((r) => r.constructPath === constructPath);
    expect(at('app/database/instance')).toEqual({ constructPath: 'app/database/instance', terraformType: 'aws_db_instance', terraformAddress: expect.stringMatching(/^aws_db_instance\.app_database_instance_[0-9A-F]{8}$/) });
    expect(at('app/instance-eu-central-1a-1/instance')?.terraformType).toBe('aws_instance');
    expect(at('app/kms/key')?.terraformType).toBe('aws_kms_key');
    expect(at('app/load-balancer/alb')?.terraformType).toBe('aws_lb');
    // Data sources are read, never imported, so they are not listed.
    expect(erp.some((r) => r.terraformType.startsWith('data.') || r.constructPath === 'app/alarms/opsgenie-endpoint')).toBe(false);
  });
});
