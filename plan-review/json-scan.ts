/**
 * Walks the top-level object of a (possibly 100 MB) JSON document without building it in memory.
 *
 * `JSON.parse` of a whole plan costs several times the file size in heap, because planned_values,
 * prior_state and configuration repeat every resource. The reviewer only needs a few top-level keys,
 * so this scanner hands each element of the streamed arrays (resource_changes, resource_drift) to a
 * callback one at a time, parses the few small keys it is asked for, and validates everything else
 * without materialising it. The whole document is still checked to be JSON.
 */
import { ReviewError } from './errors';

export interface TopLevelHandlers {
  /** Keys whose value must be an array (or null); each element is parsed and handed over on its own. */
  streamed: Record<string, (element: unknown, index: number) => void>;
  /** Keys whose value is parsed whole. */
  whole: Record<string, (value: unknown) => void>;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

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

export class JsonScanner {
  private readonly n: number;

  constructor(
    private readonly b: Uint8Array,
    private readonly source: string,
  ) {
    this.n = b.length;
  }

  /** Runs the handlers over the document's top-level object; returns the top-level keys it met. */
  scan(handlers: TopLevelHandlers): Set<string> {
    let i = this.ws(this.skipBom(0));
    if (i >= this.n) throw new ReviewError(`${this.source}: the file is empty`);
    if (this.b[i] !== OPEN_BRACE) throw this.fail(i, 'expected a JSON object at the top level');
    const seen = new Set<string>();
    i = this.ws(i + 1);
    if (this.b[i] === CLOSE_BRACE) return this.expectEnd(i + 1, seen);
    for (;;) {
      if (this.b[i] !== QUOTE) throw this.fail(i, 'expected a key string');
      const keyEnd = this.skipString(i);
      const key = JSON.parse(this.text(i, keyEnd)) as string;
      if (seen.has(key)) throw new ReviewError(`${this.source}: ${key}: the key appears twice at the top level`);
      seen.add(key);
      i = this.ws(keyEnd);
      if (this.b[i] !== COLON) throw this.fail(i, `expected ':' after key "${key}"`);
      i = this.ws(i + 1);
      const onElement = handlers.streamed[key];
      const onValue = handlers.whole[key];
      if (onElement) i = this.streamArray(i, key, onElement);
      else if (onValue) {
        const end = this.skipValue(i);
        onValue(JSON.parse(this.text(i, end)));
        i = end;
      } else i = this.skipValue(i);
      i = this.ws(i);
      if (this.b[i] === COMMA) {
        i = this.ws(i + 1);
        continue;
      }
      if (this.b[i] === CLOSE_BRACE) return this.expectEnd(i + 1, seen);
      throw this.fail(i, "expected ',' or '}' in the top-level object");
    }
  }

  private streamArray(start: number, key: string, onElement: (element: unknown, index: number) => void): number {
    if (this.matchLiteral(start, 'null')) return start + 4;
    if (this.b[start] !== OPEN_BRACKET) {
      if (start >= this.n) throw this.fail(start, `the file ends inside "${key}"`);
      throw new ReviewError(`${this.source}: ${key}: expected an array`);
    }
    let i = this.ws(start + 1);
    if (this.b[i] === CLOSE_BRACKET) return i + 1;
    for (let index = 0; ; index++) {
      const end = this.skipValue(i);
      onElement(JSON.parse(this.text(i, end)), index);
      i = this.ws(end);
      if (this.b[i] === COMMA) {
        i = this.ws(i + 1);
        continue;
      }
      if (this.b[i] === CLOSE_BRACKET) return i + 1;
      throw this.fail(i, `expected ',' or ']' in "${key}"`);
    }
  }

  /** Validates one JSON value starting at `start` and returns the index just past it. */
  skipValue(start: number): number {
    const b = this.b;
    // One entry per open container: true for an object, false for an array.
    const open: boolean[] = [];
    let i = start;
    for (;;) {
      // A value is expected at i.
      i = this.ws(i);
      const c = b[i];
      if (c === OPEN_BRACE) {
        i = this.ws(i + 1);
        if (b[i] === CLOSE_BRACE) i++;
        else {
          open.push(true);
          i = this.skipKey(i);
          continue;
        }
      } else if (c === OPEN_BRACKET) {
        i = this.ws(i + 1);
        if (b[i] === CLOSE_BRACKET) i++;
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
        const d = b[i];
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
    if (this.b[i] !== QUOTE) throw this.fail(i, 'expected a key string');
    i = this.ws(this.skipString(i));
    if (this.b[i] !== COLON) throw this.fail(i, "expected ':'");
    return i + 1;
  }

  private skipString(start: number): number {
    const b = this.b;
    const n = this.n;
    let i = start + 1;
    for (;;) {
      if (i >= n) throw this.fail(start, 'unterminated string');
      const c = b[i];
      if (c === QUOTE) return i + 1;
      if (c === BACKSLASH) {
        const e = b[i + 1];
        if (e === 0x75) {
          if (!(isHex(b[i + 2]) && isHex(b[i + 3]) && isHex(b[i + 4]) && isHex(b[i + 5]))) throw this.fail(i, 'bad \\u escape');
          i += 6;
        } else if (SIMPLE_ESCAPES.has(e)) i += 2;
        else throw this.fail(i, 'bad escape in a string');
      } else if (c < 0x20) throw this.fail(i, 'control character in a string');
      else i++;
    }
  }

  private skipNumber(start: number): number {
    const b = this.b;
    let i = start;
    if (b[i] === 0x2d) i++;
    if (b[i] === 0x30) i++;
    else if (isDigit(b[i])) while (isDigit(b[i])) i++;
    else throw this.fail(i, 'bad number');
    if (b[i] === 0x2e) {
      i++;
      if (!isDigit(b[i])) throw this.fail(i, 'bad number');
      while (isDigit(b[i])) i++;
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      i++;
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      if (!isDigit(b[i])) throw this.fail(i, 'bad number');
      while (isDigit(b[i])) i++;
    }
    return i;
  }

  private matchLiteral(i: number, word: string): boolean {
    for (let k = 0; k < word.length; k++) if (this.b[i + k] !== word.charCodeAt(k)) return false;
    return true;
  }

  private literal(i: number, word: string): number {
    if (!this.matchLiteral(i, word)) throw this.fail(i, 'expected a JSON value');
    return i + word.length;
  }

  private ws(i: number): number {
    while (i < this.n && isWhitespace(this.b[i])) i++;
    return i;
  }

  private skipBom(i: number): number {
    return this.b[0] === 0xef && this.b[1] === 0xbb && this.b[2] === 0xbf ? i + 3 : i;
  }

  private expectEnd(i: number, seen: Set<string>): Set<string> {
    i = this.ws(i);
    if (i < this.n) throw this.fail(i, 'unexpected data after the top-level object');
    return seen;
  }

  private text(start: number, end: number): string {
    return Buffer.from(this.b.buffer, this.b.byteOffset + start, end - start).toString('utf8');
  }

  /** Line numbers are counted only here, when reporting, so the hot loops never track them. */
  private fail(i: number, what: string): ReviewError {
    if (i >= this.n) return new ReviewError(`${this.source}: not valid JSON: the file ends early (${what})`);
    let line = 1;
    let lineStart = 0;
    for (let k = 0; k < i; k++) {
      if (this.b[k] === 0x0a) {
        line++;
        lineStart = k + 1;
      }
    }
    return new ReviewError(`${this.source}: not valid JSON at line ${line} column ${i - lineStart + 1}: ${what}`);
  }
}
