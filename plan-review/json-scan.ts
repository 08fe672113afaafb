/**
 * Walks the top-level object of a (possibly 100 MB) JSON file without holding the file or the
 * document in memory.
 *
 * `JSON.parse` of a whole plan costs about three times the file size, because planned_values,
 * prior_state and configuration repeat every resource. The reviewer only needs a few top-level keys,
 * so this scanner reads the file in chunks through a sliding window, hands each element of the
 * streamed arrays (resource_changes, resource_drift) to a callback one at a time, parses the few
 * small keys it is asked for, and validates everything else without materialising it. The whole
 * document is still checked to be JSON.
 */
import * as fs from 'fs';
import { ReviewError, oneLine } from './errors';

/**
 * Parts of a (big) object the reviewer reads, by key: a function receives that key's value parsed
 * whole, a nested selection descends into it; `*` stands for any key. Everything else is validated
 * and skipped.
 */
export interface Selection {
  [key: string]: ((value: unknown, key: string) => void) | Selection;
}

export interface TopLevelHandlers {
  /** Keys whose value must be an array (or null); each element is parsed and handed over on its own. */
  streamed: Record<string, (element: unknown, index: number) => void>;
  /** Keys whose value is parsed whole. */
  whole: Record<string, (value: unknown) => void>;
  /** Keys whose value (an object) is read only in the selected parts (e.g. configuration's variables). */
  selected?: Record<string, Selection>;
}

/** Selections descend this many object levels at most; deeper parts are only validated. */
const MAX_SELECTION_DEPTH = 32;

/** Fills `into` from `offset` with at most `length` bytes; 0 means the end of the input. */
export type ByteReader = (into: Buffer, offset: number, length: number) => number;

const DEFAULT_CHUNK = 4 * 1024 * 1024;

/** A top-level key is named in an error only when it looks like one of the format's own keys. */
function keyName(key: string): string {
  return /^[a-z_]{1,40}$/.test(key) ? key : 'a top-level key';
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;
/** What at() answers past the end of the input. */
const EOF = -1;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

const SIMPLE_ESCAPES = new Set([QUOTE, BACKSLASH, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

export function bufferReader(data: Buffer): ByteReader {
  let pos = 0;
  return (into, offset, length) => {
    const n = data.copy(into, offset, pos, Math.min(data.length, pos + length));
    pos += n;
    return n;
  };
}

/**
 * Positions are absolute offsets in the input. The window `b` holds the bytes from `base` to `end`;
 * bytes before `mark` (the earliest position a caller may still slice from) are dropped on refill.
 */
export class JsonScanner {
  private b: Buffer;
  private base = 0;
  private end = 0;
  private mark = 0;
  private eof = false;
  /** Newlines in the dropped part of the input, and where the last of them was: for error positions. */
  private droppedLines = 0;
  private droppedLineStart = 0;

  constructor(
    private readonly read: ByteReader,
    private readonly source: string,
    private readonly chunkSize = DEFAULT_CHUNK,
  ) {
    this.b = Buffer.allocUnsafe(chunkSize);
  }

  static ofBuffer(data: Buffer, source: string, chunkSize?: number): JsonScanner {
    return new JsonScanner(bufferReader(data), source, chunkSize);
  }

  /** Scans a file through a window of a few megabytes. */
  static scanFile(file: string, handlers: TopLevelHandlers, source = file): Set<string> {
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch (err) {
      throw new ReviewError(`${source}: cannot read the plan (${(err as NodeJS.ErrnoException).code ?? oneLine((err as Error).message)})`);
    }
    try {
      const reader: ByteReader = (into, offset, length) => {
        try {
          return fs.readSync(fd, into, offset, length, null);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          throw new ReviewError(`${source}: cannot read the plan (${code === 'EISDIR' ? 'a directory, not a plan file' : (code ?? oneLine((err as Error).message))})`);
        }
      };
      return new JsonScanner(reader, source).scan(handlers);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Runs the handlers over the document's top-level object; returns the top-level keys it met. */
  scan(handlers: TopLevelHandlers): Set<string> {
    let i = this.ws(this.skipBom());
    if (this.at(i) === EOF) throw new ReviewError(`${this.source}: the file is empty`);
    if (this.at(i) !== OPEN_BRACE) throw this.fail(i, 'expected a JSON object at the top level');
    const seen = new Set<string>();
    i = this.ws(i + 1);
    if (this.at(i) === CLOSE_BRACE) return this.expectEnd(i + 1, seen);
    for (;;) {
      const { key, end: keyEnd } = this.readKey(i);
      if (seen.has(key)) throw new ReviewError(`${this.source}: ${keyName(key)}: the key appears twice at the top level`);
      seen.add(key);
      i = this.ws(keyEnd);
      if (this.at(i) !== COLON) throw this.fail(i, `expected ':' after ${keyName(key)}`);
      i = this.ws(i + 1);
      const onElement = handlers.streamed[key];
      const onValue = handlers.whole[key];
      const selection = handlers.selected?.[key];
      if (onElement) i = this.streamArray(i, key, onElement);
      else if (selection) i = this.selectIn(i, selection, 1);
      else if (onValue) i = this.parseValue(i, onValue);
      else i = this.skipValue(i, false);
      this.mark = i;
      i = this.ws(i);
      if (this.at(i) === COMMA) {
        i = this.ws(i + 1);
        continue;
      }
      if (this.at(i) === CLOSE_BRACE) return this.expectEnd(i + 1, seen);
      throw this.fail(i, "expected ',' or '}' in the top-level object");
    }
  }

  /** The object key string at `i`, and the position just past it. */
  private readKey(i: number): { key: string; end: number } {
    if (this.at(i) !== QUOTE) throw this.fail(i, 'expected a key string');
    this.mark = i;
    const end = this.skipString(i);
    const key = JSON.parse(this.text(i, end)) as string;
    this.mark = end;
    return { key, end };
  }

  /** Validates the value at `i`, hands it over parsed whole, and returns the position just past it. */
  private parseValue(i: number, use: (value: unknown) => void): number {
    this.mark = i;
    const end = this.skipValue(i, true);
    use(JSON.parse(this.text(i, end)));
    return end;
  }

  /** Reads the selected parts of the object at `start` (anything but an object is only validated). */
  private selectIn(start: number, selection: Selection, depth: number): number {
    if (this.at(start) !== OPEN_BRACE || depth > MAX_SELECTION_DEPTH) return this.skipValue(start, false);
    let i = this.ws(start + 1);
    if (this.at(i) === CLOSE_BRACE) return i + 1;
    for (;;) {
      const { key, end: keyEnd } = this.readKey(i);
      i = this.ws(keyEnd);
      if (this.at(i) !== COLON) throw this.fail(i, "expected ':'");
      i = this.ws(i + 1);
      const part = Object.prototype.hasOwnProperty.call(selection, key) ? selection[key] : selection['*'];
      if (typeof part === 'function') i = this.parseValue(i, (v) => part(v, key));
      else if (part) i = this.selectIn(i, part, depth + 1);
      else i = this.skipValue(i, false);
      this.mark = i;
      i = this.ws(i);
      if (this.at(i) === COMMA) {
        i = this.ws(i + 1);
        continue;
      }
      if (this.at(i) === CLOSE_BRACE) return i + 1;
      throw this.fail(i, "expected ',' or '}'");
    }
  }

  private streamArray(start: number, key: string, onElement: (element: unknown, index: number) => void): number {
    if (this.matchLiteral(start, 'null')) return start + 4;
    if (this.at(start) !== OPEN_BRACKET) {
      if (this.at(start) === EOF) throw this.fail(start, `the file ends inside ${key}`);
      throw new ReviewError(`${this.source}: ${key}: expected an array`);
    }
    let i = this.ws(start + 1);
    if (this.at(i) === CLOSE_BRACKET) return i + 1;
    for (let index = 0; ; index++) {
      this.mark = i;
      const end = this.elementEnd(i);
      let element: unknown;
      try {
        element = JSON.parse(this.text(i, end));
      } catch {
        // JSON.parse says little about where; the validating pass over the same bytes says exactly.
        const j = this.ws(this.skipValue(i, true));
        throw this.fail(j, `expected ',' or ']' in "${key}"`);
      }
      onElement(element, index);
      this.mark = end;
      i = this.ws(end);
      if (this.at(i) === COMMA) {
        i = this.ws(i + 1);
        continue;
      }
      if (this.at(i) === CLOSE_BRACKET) return i + 1;
      throw this.fail(i, `expected ',' or ']' in "${key}"`);
    }
  }

  /**
   * Where the value starting at `start` ends, found by bracket depth alone, with strings skipped by
   * the native indexOf: an element is validated by the JSON.parse that follows, so this pass only
   * needs to be fast. (Malformed input may end anywhere; JSON.parse then refuses the slice.)
   */
  private elementEnd(start: number): number {
    let depth = 0;
    let i = start;
    for (;;) {
      const c = this.at(i);
      if (c === QUOTE) i = this.stringEnd(i);
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth++;
        i++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (depth === 0) return i;
        depth--;
        i++;
      } else if (c === COMMA && depth === 0) return i;
      else if (c === EOF) return i;
      else i++;
      if (depth === 0 && (c === QUOTE || c === CLOSE_BRACE || c === CLOSE_BRACKET)) return i;
    }
  }

  /** Just past the closing quote of the string opening at `start` (or the end of input). */
  private stringEnd(start: number): number {
    let from = start + 1;
    for (;;) {
      const k = this.b.indexOf(QUOTE, from - this.base);
      const q = k < 0 || this.base + k >= this.end ? -1 : this.base + k;
      if (q < 0) {
        const scanned = this.end;
        if (this.at(scanned) === EOF) return scanned;
        from = scanned;
        continue;
      }
      let backslashes = 0;
      while (q - 1 - backslashes > start && this.at(q - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) return q + 1;
      from = q + 1;
    }
  }

  /** The byte at absolute position i, loading more input as needed; EOF past the end. */
  private at(i: number): number {
    // Kept tiny so V8 inlines it into every loop; the refill path is out of line.
    return i < this.end ? this.b[i - this.base] : this.atRefill(i);
  }

  private atRefill(i: number): number {
    while (i >= this.end) {
      if (this.eof) return EOF;
      this.load();
    }
    return this.b[i - this.base];
  }

  /** Drops the bytes before the mark and appends the next chunk, growing the window if an element needs it. */
  private load(): void {
    const keepFrom = this.mark - this.base;
    const kept = this.end - this.mark;
    for (let k = this.b.indexOf(NEWLINE, 0); k >= 0 && k < keepFrom; k = this.b.indexOf(NEWLINE, k + 1)) {
      this.droppedLines++;
      this.droppedLineStart = this.base + k + 1;
    }
    if (this.b.length - kept < this.chunkSize) {
      const bigger = Buffer.allocUnsafe(Math.max(2 * this.b.length, kept + this.chunkSize));
      this.b.copy(bigger, 0, keepFrom, keepFrom + kept);
      this.b = bigger;
    } else if (keepFrom > 0) this.b.copy(this.b, 0, keepFrom, keepFrom + kept);
    this.base = this.mark;
    const n = this.read(this.b, kept, this.b.length - kept);
    this.end = this.base + kept + n;
    if (n === 0) this.eof = true;
  }

  /**
   * Validates one JSON value starting at `start` and returns the position just past it. With `keep`
   * its bytes stay in the window for the caller to parse; without, the window slides along, so a
   * skipped 40 MB prior_state never sits in memory.
   */
  skipValue(start: number, keep: boolean): number {
    // One entry per open container: true for an object, false for an array.
    const open: boolean[] = [];
    let i = start;
    for (;;) {
      // A value is expected at i.
      if (!keep) this.mark = i;
      i = this.ws(i);
      const c = this.at(i);
      if (c === OPEN_BRACE) {
        i = this.ws(i + 1);
        if (this.at(i) === CLOSE_BRACE) i++;
        else {
          open.push(true);
          i = this.skipKey(i);
          continue;
        }
      } else if (c === OPEN_BRACKET) {
        i = this.ws(i + 1);
        if (this.at(i) === CLOSE_BRACKET) i++;
        else {
          open.push(false);
          continue;
        }
      } else if (c === QUOTE) i = this.skipString(i);
      else if (c === 0x74) i = this.literal(i, 'true');
      else if (c === 0x66) i = this.literal(i, 'false');
      else if (c === 0x6e) i = this.literal(i, 'null');
      else if (c === 0x2d || isDigit(c)) i = this.skipNumber(i);
      else throw this.fail(i, 'expected a JSON value');

      // A value ended at i: close containers until one continues with a comma.
      for (;;) {
        if (open.length === 0) return i;
        i = this.ws(i);
        const d = this.at(i);
        const inObject = open[open.length - 1];
        if (d === COMMA) {
          i = inObject ? this.skipKey(this.ws(i + 1)) : i + 1;
          break;
        }
        if (inObject ? d === CLOSE_BRACE : d === CLOSE_BRACKET) {
          open.pop();
          i++;
          continue;
        }
        throw this.fail(i, inObject ? "expected ',' or '}'" : "expected ',' or ']'");
      }
    }
  }

  private skipKey(i: number): number {
    if (this.at(i) !== QUOTE) throw this.fail(i, 'expected a key string');
    i = this.ws(this.skipString(i));
    if (this.at(i) !== COLON) throw this.fail(i, "expected ':'");
    return i + 1;
  }

  /** The hottest loop (most bytes of a plan are inside strings) runs over the window directly. */
  private skipString(start: number): number {
    let i = start + 1;
    for (;;) {
      const b = this.b;
      const base = this.base;
      const end = this.end;
      while (i < end) {
        const c = b[i - base];
        if (c === QUOTE) return i + 1;
        if (c === BACKSLASH) break;
        if (c < 0x20) throw this.fail(i, 'control character in a string');
        i++;
      }
      if (i >= end) {
        if (this.at(i) === EOF) {
          throw new ReviewError(`${this.source}: not valid JSON: the file ends early (inside a string that starts at ${this.position(start)})`);
        }
        continue;
      }
      const e = this.at(i + 1);
      if (e === 0x75) {
        if (!(isHex(this.at(i + 2)) && isHex(this.at(i + 3)) && isHex(this.at(i + 4)) && isHex(this.at(i + 5)))) throw this.fail(i, 'bad \\u escape');
        i += 6;
      } else if (SIMPLE_ESCAPES.has(e)) i += 2;
      else throw this.fail(i, 'bad escape in a string');
    }
  }

  private skipNumber(start: number): number {
    let i = start;
    if (this.at(i) === 0x2d) i++;
    if (this.at(i) === 0x30) i++;
    else if (isDigit(this.at(i))) while (isDigit(this.at(i))) i++;
    else throw this.fail(i, 'bad number');
    if (this.at(i) === 0x2e) {
      i++;
      if (!isDigit(this.at(i))) throw this.fail(i, 'bad number');
      while (isDigit(this.at(i))) i++;
    }
    if (this.at(i) === 0x65 || this.at(i) === 0x45) {
      i++;
      if (this.at(i) === 0x2b || this.at(i) === 0x2d) i++;
      if (!isDigit(this.at(i))) throw this.fail(i, 'bad number');
      while (isDigit(this.at(i))) i++;
    }
    return i;
  }

  private matchLiteral(i: number, word: string): boolean {
    for (let k = 0; k < word.length; k++) if (this.at(i + k) !== word.charCodeAt(k)) return false;
    return true;
  }

  private literal(i: number, word: string): number {
    if (!this.matchLiteral(i, word)) throw this.fail(i, 'expected a JSON value');
    return i + word.length;
  }

  private ws(i: number): number {
    while (isWhitespace(this.at(i))) i++;
    return i;
  }

  private skipBom(): number {
    return this.at(0) === 0xef && this.at(1) === 0xbb && this.at(2) === 0xbf ? 3 : 0;
  }

  private expectEnd(i: number, seen: Set<string>): Set<string> {
    this.mark = i;
    i = this.ws(i);
    if (this.at(i) !== EOF) throw this.fail(i, 'unexpected data after the top-level object');
    return seen;
  }

  private text(start: number, end: number): string {
    return this.b.toString('utf8', start - this.base, end - this.base);
  }

  /** Line numbers are counted only here, when reporting, so the hot loops never track them. */
  private position(i: number): string {
    let line = this.droppedLines + 1;
    let lineStart = this.droppedLineStart;
    for (let k = Math.max(this.base, lineStart); k < i && k < this.end; k++) {
      if (this.b[k - this.base] === NEWLINE) {
        line++;
        lineStart = k + 1;
      }
    }
    return `line ${line} column ${i - lineStart + 1}`;
  }

  private fail(i: number, what: string): ReviewError {
    if (this.at(i) === EOF) return new ReviewError(`${this.source}: not valid JSON: the file ends early (${what})`);
    return new ReviewError(`${this.source}: not valid JSON at ${this.position(i)}: ${what}`);
  }
}
