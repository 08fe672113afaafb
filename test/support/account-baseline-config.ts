/** A valid account-baseline file to start tests from: every control created, home region = region. */
export function accountBaselineConfig(tier: 'test' | 'production' = 'test', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { blueprint: 'account-baseline', account: '123456789012', region: 'eu-central-1', tier, ...overrides };
}
