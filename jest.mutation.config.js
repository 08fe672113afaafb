/**
 * The jest configuration of the mutation run (`npm run test:mutation`, stryker.config.json): only the
 * in-process unit tests of config/ and the building blocks. Tests that synthesize whole environments
 * at module load would mark every mutant "static" (run by every test), and tests that spawn the CLI
 * cannot see a mutant at all (it is switched on inside the jest process).
 */
const base = require('./jest.config.js');

module.exports = {
  testEnvironment: base.testEnvironment,
  transform: base.transform,
  roots: ['<rootDir>/test'],
  testMatch: ['<rootDir>/test/building-blocks/**/*.test.ts', '<rootDir>/test/config/tier-defaults.test.ts', '<rootDir>/test/config/resolve-environment.test.ts', '<rootDir>/test/account-baseline/malformed-config.test.ts'],
  testTimeout: 60000,
};
