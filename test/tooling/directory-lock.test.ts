import * as fs from 'fs';
import * as path from 'path';
import { withDirectoryLock, withDirectoryLockSync } from '../../tooling/directory-lock';
import { tempDir } from '../support/synth-stack';

describe('directory lock', () => {
  it('runs the work holding the lock and releases it afterwards, also on failure', () => {
    const lock = path.join(tempDir('lock'), 'x.lock');
    const seen = withDirectoryLockSync(lock, 1000, () => new Error('timeout'), () => fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
    expect(seen).toBe(String(process.pid));
    expect(fs.existsSync(lock)).toBe(false);
    expect(() => withDirectoryLockSync(lock, 1000, () => new Error('timeout'), () => { throw new Error('boom'); })).toThrow('boom');
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('takes over a lock whose owner died', async () => {
    const lock = path.join(tempDir('lock'), 'x.lock');
    fs.mkdirSync(lock);
    // pid 2^22+1 is above Linux's pid_max default range, so no process has it.
    fs.writeFileSync(path.join(lock, 'pid'), String(4194305));
    await expect(withDirectoryLock(lock, 2000, () => new Error('timeout'), async () => 'done')).resolves.toBe('done');
  });

  it('gives up with the caller\'s error while a live owner holds the lock', async () => {
    const lock = path.join(tempDir('lock'), 'x.lock');
    fs.mkdirSync(lock);
    fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
    await expect(withDirectoryLock(lock, 600, () => new Error('held by someone else'), async () => 'never')).rejects.toThrow('held by someone else');
    expect(() => withDirectoryLockSync(lock, 600, () => new Error('held sync'), () => 'never')).toThrow('held sync');
  });
});
