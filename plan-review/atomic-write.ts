/**
 * Writes a set of files whole or not at all: a reader (or a failed run) never sees half a note, a
 * stale report next to a new note, or one report of two.
 *
 * Every target is checked first (nothing but a regular file or nothing may stand where a file goes),
 * then every file is written to a temporary file beside its target, and only when all of them are
 * written are they renamed into place. A failure before the renames removes the temporary files and
 * the folders this call created, so nothing is left behind. (A rename failing after another one
 * succeeded is the one window left; renames within a folder do not fail short of a disk error.)
 */
import * as fs from 'fs';
import * as path from 'path';
import { ReviewError, oneLine } from './errors';

export interface OutputFile {
  file: string;
  content: string;
}

function why(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR') return 'a file stands where a folder is needed';
  if (code === 'EISDIR') return 'a folder stands where the file goes';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'a read-only file system';
  return code ?? oneLine((err as Error).message);
}

/** The folders that mkdir -p would create for `dir`, outermost first. */
function missingFolders(dir: string): string[] {
  const missing: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(d)) break;
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  return missing;
}

export function writeFilesAtomic(files: OutputFile[]): void {
  for (const { file } of files) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') throw new ReviewError(`${file}: cannot write (${why(err)})`);
      if (code !== 'ENOENT') throw new ReviewError(`${file}: cannot write (${why(err)})`);
    }
    if (stat && !stat.isFile()) throw new ReviewError(`${file}: cannot write (${stat.isDirectory() ? 'a folder stands where the file goes' : 'not a regular file'})`);
  }
  const created: string[] = [];
  const temps: string[] = [];
  let current = '';
  try {
    for (const { file, content } of files) {
      current = file;
      for (const d of missingFolders(path.dirname(file))) {
        fs.mkdirSync(d);
        created.push(d);
      }
      const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
      fs.rmSync(tmp, { force: true });
      temps.push(tmp);
      // Exclusive create: a link planted at the temporary name is never written through.
      fs.writeFileSync(tmp, content, { flag: 'wx' });
    }
  } catch (err) {
    for (const t of temps) fs.rmSync(t, { force: true });
    for (const d of created.reverse()) fs.rmSync(d, { recursive: true, force: true });
    throw new ReviewError(`${current}: cannot write (${why(err)})`);
  }
  files.forEach(({ file }, i) => {
    try {
      fs.renameSync(temps[i], file);
    } catch (err) {
      for (const t of temps.slice(i)) fs.rmSync(t, { force: true });
      throw new ReviewError(`${file}: cannot write (${why(err)})`);
    }
  });
}

/** One file, whole or not at all. */
export function writeFileAtomic(file: string, content: string): void {
  writeFilesAtomic([{ file, content }]);
}
