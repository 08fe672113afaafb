/** Type checking runs once in `npm test` (tsc --noEmit); jest only transpiles. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  globalSetup: '<rootDir>/test/support/jest-global-setup.ts',
  // A safety net, not a speed check: with two workers on two cores a Terraform step can take twice
  // as long as alone.
  testTimeout: 300000,
  verbose: false,
  reporters: ['default', '<rootDir>/tooling/jest-summary-reporter.js'],
};
