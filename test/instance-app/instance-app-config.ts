/** A valid instance-app environment to start tests from; tests change only what they examine. */
export function instanceAppConfig(tier: 'test' | 'production' = 'test', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    blueprint: 'instance-app',
    app: 'erp',
    environment: tier,
    tier,
    account: '123456789012',
    network: {
      vpcId: 'vpc-0123456789abcdef0',
      vpcCidr: '10.0.0.0/16',
      privateSubnets: [
        { id: 'subnet-00000000000000001', availabilityZone: 'eu-central-1a' },
        { id: 'subnet-00000000000000002', availabilityZone: 'eu-central-1b' },
      ],
      publicSubnets: [
        { id: 'subnet-00000000000000011', availabilityZone: 'eu-central-1a' },
        { id: 'subnet-00000000000000012', availabilityZone: 'eu-central-1b' },
      ],
    },
    loadBalancer: { certificate: { arn: 'arn:aws:acm:eu-central-1:123456789012:certificate/abc' } },
    alerting: { opsgenieEndpointParameter: '/platform/opsgenie/cloudwatch-endpoint' },
    instanceApp: {
      ami: { id: 'ami-0123456789abcdef0' },
      operatingSystem: 'AMAZON_LINUX_2023',
      healthCheckPath: '/erp/health',
    },
    ...overrides,
  };
}

/** The same environment with `instanceApp` keys merged in. */
export function withInstanceApp(tier: 'test' | 'production', keys: Record<string, unknown>, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base = instanceAppConfig(tier, overrides);
  return { ...base, instanceApp: { ...(base.instanceApp as object), ...keys } };
}
