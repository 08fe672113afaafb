/**
 * One name for one `npm test` run, shared by jest's workers: the global setup sets it before they
 * start, and they inherit it. What a run builds once for all its files (the plan corpus) is stamped
 * with it. Outside jest, the process is the run.
 */
export const TEST_RUN_ENV = 'CDKTF_BLUEPRINTS_TEST_RUN';

export function testRun(): string {
  return process.env[TEST_RUN_ENV] ?? `pid-${process.pid}`;
}
