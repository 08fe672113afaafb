import * as fs from 'fs';
import * as path from 'path';

/** Writes a file through a temporary sibling and a rename: readers see the old or the new file, never half. */
export function writeFileAtomic(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

/**
 * Writes several files so that a failure before the end leaves every previous file in place: all are
 * written to temporary siblings first, then renamed.
 */
export function writeFilesAtomic(files: Record<string, string>): void {
  const staged: [string, string][] = [];
  try {
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
      fs.writeFileSync(tmp, content);
      staged.push([tmp, file]);
    }
  } catch (err) {
    for (const [tmp] of staged) fs.rmSync(tmp, { force: true });
    throw err;
  }
  for (const [tmp, file] of staged) fs.renameSync(tmp, file);
}
