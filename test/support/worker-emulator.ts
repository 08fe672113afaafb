/**
 * One AWS emulator per jest worker, shared by the small test files that run in that worker one after
 * the other (the per-type import tests, the launcher's API-level checks): starting moto costs seconds,
 * a reset milliseconds. Jest gives every file a fresh module registry, so the running emulator is found
 * again through a file named after the test run and the worker's process; the launcher watches that
 * process and ends with it (test-bed/moto_launcher.py --parent-pid), so nothing outlives the run.
 * Files that deploy or need an emulator of their own (another account ID) keep calling startEmulator.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Emulator, startEmulator } from '../../test-bed/emulator';
import { testRun } from '../../test-bed/test-run';
import { WORK_DIR } from '../../tooling/terraform-cli';

type Record = Pick<Emulator, 'endpoint' | 'port' | 'accountId' | 'logFile'>;

const recordFile = () => path.join(WORK_DIR, 'worker-emulators', `${testRun()}-${process.pid}.json`);

async function answers(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/moto-api/config`, { signal: AbortSignal.timeout(2_000) });
    return res.ok;
  } catch {
    return false;
  }
}

function attach(record: Record): Emulator {
  return {
    ...record,
    async reset() {
      const res = await fetch(`${record.endpoint}/moto-api/reset`, { method: 'POST', signal: AbortSignal.timeout(30_000) });
      if (res.status !== 200) throw new Error(`emulator reset failed (HTTP ${res.status}); log ${record.logFile}`);
    },
    // shared: the worker's end stops it
    async stop() {},
  };
}

/**
 * This worker's emulator, emptied (every backend reset), so a file sees only what it creates. The
 * returned stop() does nothing: other files of the worker use it after this one.
 */
export async function workerEmulator(): Promise<Emulator> {
  const file = recordFile();
  if (fs.existsSync(file)) {
    const record = JSON.parse(fs.readFileSync(file, 'utf8')) as Record;
    if (await answers(record.endpoint)) {
      const shared = attach(record);
      await shared.reset();
      return shared;
    }
  }
  const started = await startEmulator();
  const record: Record = { endpoint: started.endpoint, port: started.port, accountId: started.accountId, logFile: started.logFile };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(record));
  return attach(record);
}
