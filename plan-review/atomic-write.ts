/** Writes a file whole or not at all: a reader (or a failed run) never sees half a note or report. */
import * as fs from 'fs';
import * as path from 'path';
import { ReviewError, oneLine } from './errors';

export function writeFileAtomic(file: string, content: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new ReviewError(`${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? oneLine((err as Error).message)})`);
  }
}
