/**
 * Runs once before jest starts its workers (`npm test` runs two: the end-to-end deploy mostly waits
 * on the AWS provider's waiters, so other files share its time). Fills Terraform's shared plugin
 * cache while nothing else runs Terraform; a missing prerequisite stops the run here, with what to
 * install, instead of failing every file on its own. Names the run for the workers (test-bed/test-run.ts).
 */
import { PrerequisiteError, warmPluginCache } from '../../tooling/terraform-cli';
import { TEST_RUN_ENV } from '../../test-bed/test-run';

export default function globalSetup(): void {
  process.env[TEST_RUN_ENV] = `run-${process.pid}-${Date.now()}`;
  try {
    warmPluginCache();
  } catch (err) {
    if (err instanceof PrerequisiteError) {
      process.stderr.write(`\n${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
