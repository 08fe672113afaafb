/**
 * Pre-installs the project's Python tools (moto, checkov) into <project>/.venv, so that CI and a
 * developer can pay the install once, up front, instead of inside the first test that needs them.
 *
 *   npx ts-node --transpile-only tooling/setup-python-venv.ts
 */
import { PrerequisiteError } from './terraform-cli';
import { ensurePythonTools } from './python-venv';

try {
  const tools = ensurePythonTools();
  console.log(`python tools ready: moto_server ${tools.motoServer}, checkov ${tools.checkov}`);
} catch (err) {
  const message = (err as Error).message;
  // A missing prerequisite says what to install; anything else is unexpected but still one line.
  console.error(`error: ${err instanceof PrerequisiteError ? message : message.split('\n')[0]}`);
  if (!(err instanceof PrerequisiteError) && message.includes('\n')) console.error(message.split('\n').slice(1).join('\n'));
  process.exit(1);
}
