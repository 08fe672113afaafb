/** What an end-to-end failure message carries: the tail of the emulator's log and where the test was working. */
import { Emulator, logTail } from '../../test-bed/emulator';

/**
 * Wraps a test body so that a failure names the emulator log, shows its last lines and adds `context()`
 * (the work folder, the progress so far). Both are read lazily: the emulator starts in `beforeAll`.
 */
export function withEmulatorLog(emulator: () => Emulator | undefined, context: () => string, fn: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await fn();
    } catch (err) {
      const running = emulator();
      (err as Error).message += `\n\nemulator log ${running?.logFile}:\n${running ? logTail(running.logFile, 15) : ''}\n${context()}`;
      throw err;
    }
  };
}
