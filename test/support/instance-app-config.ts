/** A valid instance-app environment to start tests from; tests change only what they examine. */
import { containerAppConfig } from './container-app-config';

export function instanceAppConfig(tier: 'test' | 'production' = 'test', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  // The same landing-zone network, account and certificate as the container-app examples.
  const { account, network, loadBalancer } = containerAppConfig(tier);
  return {
    blueprint: 'instance-app',
    app: 'erp',
    environment: tier,
    tier,
    account,
    network,
    loadBalancer,
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
