/** A valid container-app environment to start tests from; tests change only what they examine. */
export function containerAppConfig(tier: 'test' | 'production' = 'test', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    blueprint: 'container-app',
    app: 'shop',
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
    containerApp: {
      services: [
        {
          name: 'web',
          image: '<ecr>:1.0.0',
          containerPort: 3000,
          healthCheckPath: '/up',
          routing: { priority: 10, hostHeaders: ['shop.example.com'] },
          writablePaths: ['/tmp'],
          secrets: { SECRET_KEY_BASE: '/shop/test/secret_key_base' },
        },
      ],
    },
    ...overrides,
  };
}
