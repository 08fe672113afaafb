/**
 * The jest configuration of the mutation run (`npm run test:mutation`, stryker.config.json): only the
 * in-process unit tests of config/ and the building blocks. Every mutant costs a jest run of the test
 * files related to its source file, and loading a test file (cdktf, the provider classes) is most of
 * that cost: tests that synthesize whole environments or spawn the CLI take seconds to tens of seconds
 * each and assert what the block tests already assert one block at a time.
 */
const base = require('./jest.config.js');

module.exports = {
  testEnvironment: base.testEnvironment,
  transform: base.transform,
  roots: ['<rootDir>/test'],
  // The in-process tests of config/ files besides the tier table: the AWS naming and Config rules, and the
  // generated config reference. Without them every mutant of those files would count as not covered.
  testMatch: [
    '<rootDir>/test/building-blocks/**/*.test.ts',
    '<rootDir>/test/config/tier-defaults.test.ts',
    '<rootDir>/test/config/resolve-environment.test.ts',
    '<rootDir>/test/config/aws-rules.test.ts',
    '<rootDir>/test/config/config-reference.test.ts',
    '<rootDir>/test/account-baseline/malformed-config.test.ts',
  ],
  testTimeout: 60000,
};
