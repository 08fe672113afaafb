/**
 * The jest configuration of the building blocks' mutation run (`npm run test:mutation`, stryker.config.json):
 * only the in-process unit tests of the building blocks. Every mutant costs a jest run of the test
 * files related to its source file, and loading a test file (cdktf, the provider classes) is most of
 * that cost: tests that synthesize whole environments or spawn the CLI take seconds to tens of seconds
 * each and assert what the block tests already assert one block at a time.
 */
const base = require('./jest.config.js');

module.exports = {
  testEnvironment: base.testEnvironment,
  transform: base.transform,
  roots: ['<rootDir>/test'],
  // config/ has its own run against its own unit tests (jest.mutation-config.config.js): no test of
  // config/ imports a building block, so none would be related to a block mutant here.
  testMatch: ['<rootDir>/test/building-blocks/**/*.test.ts'],
  testTimeout: 60000,
};
