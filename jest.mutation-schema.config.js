/**
 * The first pass over config/schema.ts (`npm run test:mutation:schema`, stryker.config-schema.json).
 * The schema is built when its module loads, so Stryker calls nearly every schema mutant "static" and
 * runs every test of its set for it: with the whole config set (jest.mutation-config.config.js) 987
 * static mutants measured at about four hours on two loaded cores. This pass runs the config test files
 * that reach the schema most directly and cheaply: the README reference and JSON Schema freshness test
 * (every description, default and key), what each pattern's error says, the cross-key and adopted-key rules and the loader's errors.
 * It can only under-report: a mutant it kills is killed by the whole set too. The survivors' lines then
 * run again with the whole set (`npm run test:mutation:config -- --force --mutate 'config/schema.ts:L-L'`),
 * which is the result docs/MUTATION.md records.
 */
const config = require('./jest.mutation-config.config.js');

const FIRST_PASS = [
  'test/config/config-reference.test.ts',
  'test/config/schema-messages.test.ts',
  'test/config/check-environment-props.test.ts',
  'test/config/adopted-keys.test.ts',
  'test/config/resolve-environment.test.ts',
  'test/config/tier-defaults.test.ts',
  'test/config/import-file.test.ts',
  'test/account-baseline/malformed-config.test.ts',
];

module.exports = { ...config, testMatch: config.testMatch.filter((pattern) => FIRST_PASS.some((file) => pattern.endsWith(file))) };
