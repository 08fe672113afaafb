/** Type checking runs once in `npm test` (tsc --noEmit); jest only transpiles. */

// The project runs on Node 20 (engines >= 20); the AWS SDK's notice about its future Node 22 floor
// is noise in test output. Workers inherit this environment.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

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
