/**
 * Observability stacks in both tiers and with the optional paths (network found by tag, SAML sign-in,
 * two zones) are accepted by Terraform with hashicorp/aws 5.100.0.
 */
import { observabilityConfig } from '../support/observability-config';
import { synthEnvironments } from '../support/synth-stack';
import { CLEAN, terraformValidate } from '../support/terraform-validate';

describe('observability stacks pass terraform validate', () => {
  const synth = synthEnvironments({
    'ops/test': observabilityConfig('test'),
    'ops/production': observabilityConfig('production', { backend: { s3: { bucket: 'ops-state-210987654321' } } }),
    'ops/variant': observabilityConfig('test', {
      environment: 'variant',
      network: { lookup: { vpcTags: { Name: 'lz' }, privateSubnetTags: { Tier: 'private' }, availabilityZones: ['eu-central-1a', 'eu-central-1b'] } },
      openSearch: { masterRoleArn: 'arn:aws:iam::210987654321:role/opensearch-admin', zoneCount: 2, instanceCount: 2, instanceType: 'm6g.large.search' },
      grafana: { authenticationProviders: ['SAML', 'AWS_SSO'] },
    }),
  });

  it.each(Object.keys(synth.stackDirs))('%s', (name) => {
    expect(terraformValidate(synth.stackDirs[name])).toEqual(CLEAN);
  });
});
