/** A valid observability environment to start tests from; tests change only what they examine. */
export function observabilityConfig(tier: 'test' | 'production' = 'test', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    blueprint: 'observability',
    app: 'ops',
    environment: tier,
    tier,
    account: '210987654321',
    network: {
      vpcId: 'vpc-0fedcba9876543210',
      vpcCidr: '10.50.0.0/16',
      privateSubnets: [
        { id: 'subnet-00000000000000021', availabilityZone: 'eu-central-1a' },
        { id: 'subnet-00000000000000022', availabilityZone: 'eu-central-1b' },
        { id: 'subnet-00000000000000023', availabilityZone: 'eu-central-1c' },
      ],
    },
    alerting: { opsgenieEndpointParameter: '/platform/opsgenie/cloudwatch-endpoint' },
    openSearch: { masterRoleArn: 'arn:aws:iam::210987654321:role/opensearch-admin' },
    ingestion: { subscriberAccounts: ['123456789012', '111122223333'] },
    ...overrides,
  };
}
