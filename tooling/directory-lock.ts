/**
 * A cross-process lock as an exclusive directory holding its owner's pid. Used where two processes
 * (a jest run and a pre-install, or two test files) may build the same thing under `.work/`. A lock
 * whose owner died is taken over; one without a pid is considered stale after a minute.
 */
import * as fs from 'fs';
import * as path from 'path';

const POLL_MS = 500;
const ORPHAN_AFTER_MS = 60_000;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One attempt: true when this process now holds the lock. Clears a stale lock on the way. */
function tryTake(lockDir: string): boolean {
  try {
    fs.mkdirSync(lockDir);
    fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  let owner: number | undefined;
  try {
    owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
  } catch {
    // The owner may not have written its pid yet, or died before it could.
  }
  const stat = fs.statSync(lockDir, { throwIfNoEntry: false });
  if (!stat) return false; // released while we looked; the caller tries again
  const stale = owner !== undefined && Number.isInteger(owner) && owner > 0 ? !pidAlive(owner) : Date.now() - stat.mtimeMs > ORPHAN_AFTER_MS;
  if (stale) fs.rmSync(lockDir, { recursive: true, force: true });
  return false;
}

function release(lockDir: string): void {
  fs.rmSync(lockDir, { recursive: true, force: true });
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `fn` holding the lock; `timeoutError` is thrown when another owner holds it longer than `timeoutMs`. */
export function withDirectoryLockSync<T>(lockDir: string, timeoutMs: number, timeoutError: () => Error, fn: () => T): T {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  while (!tryTake(lockDir)) {
    if (Date.now() > deadline) throw timeoutError();
    sleepSync(POLL_MS);
  }
  try {
    return fn();
  } finally {
    release(lockDir);
  }
}

/** The asynchronous twin of withDirectoryLockSync, which lets the event loop run while it waits. */
export async function withDirectoryLock<T>(lockDir: string, timeoutMs: number, timeoutError: () => Error, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  while (!tryTake(lockDir)) {
    if (Date.now() > deadline) throw timeoutError();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return await fn();
  } finally {
    release(lockDir);
  }
}
