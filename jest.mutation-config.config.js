/**
 * The jest configuration of the config/ mutation run (`npm run test:mutation:config`,
 * stryker.config-dir.json): config/'s own in-process unit tests, which load no cdktf and spawn nothing.
 * A config/ file is imported by every building-block test (through test/support/building-block-synth.ts),
 * so with the block tests each config/ mutant ran about 23 block test files; here it runs the config
 * tests only. A mutant that only a block or whole-environment test would notice survives here, and the
 * answer is a config unit test (docs/MUTATION.md, run C). Left out: tests that spawn the CLI
 * (malformed-config, hostile-config-cli), synthesize whole environments (config-properties, import-file)
 * or run terraform (names-terraform-validate).
 */
const base = require('./jest.config.js');

// The same list is the checker program of tsconfig.mutation-config.json.
const CONFIG_UNIT_TESTS = [
  'test/config/adopted-keys.test.ts',
  'test/config/app-network.test.ts',
  'test/config/aws-rules.test.ts',
  'test/config/central-logs-config.test.ts',
  'test/config/check-environment-props.test.ts',
  'test/config/config-error.test.ts',
  'test/config/config-reference.test.ts',
  'test/config/config-rules.test.ts',
  'test/config/derived-names.test.ts',
  'test/config/environment-files.test.ts',
  'test/config/hostile-config.test.ts',
  'test/config/import-file.test.ts',
  'test/config/load-environments.test.ts',
  'test/config/resolve-environment.test.ts',
  'test/config/resource-names.test.ts',
  'test/config/schema-messages.test.ts',
  'test/config/state-location.test.ts',
  'test/config/tier-defaults.test.ts',
  'test/account-baseline/malformed-config.test.ts',
];

module.exports = {
  testEnvironment: base.testEnvironment,
  transform: base.transform,
  roots: ['<rootDir>/test'],
  testMatch: CONFIG_UNIT_TESTS.map((file) => `<rootDir>/${file}`),
  testTimeout: 60000,
};
