/** Reading JSON files so that every mistake names the file, the line and column, or the JSON pointer. */
import { readInputText } from './read.js';
import { MAX_JSON_DEPTH } from './limits.js';
import { EXIT_USAGE, UserError, locatedError } from './errors.js';

export interface Position {
  line: number;
  column: number;
}

function positionOf(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * A small JSON scanner that records where each value starts (by JSON pointer) and stops at the first
 * syntax error. Used only after JSON.parse has failed, or to place a schema error on a line.
 */
class Scanner {
  i = 0;
  readonly starts = new Map<string, number>();
  private depth = 0;
  constructor(private readonly s: string) {}
  fail(msg: string): never {
    throw Object.assign(new Error(msg), { offset: this.i });
  }
  ws(): void {
    while (this.i < this.s.length && ' \t\r\n'.includes(this.s[this.i]!)) this.i++;
  }
  value(ptr: string): void {
    this.ws();
    this.starts.set(ptr, this.i);
    const c = this.s[this.i];
    if (c === '{' || c === '[') {
      // The scanner recurses; the input decides how deep, so it stops at a limit.
      if (++this.depth > MAX_JSON_DEPTH) this.fail(`nested deeper than ${MAX_JSON_DEPTH} levels`);
      if (c === '{') this.object(ptr);
      else this.array(ptr);
      this.depth--;
      return;
    }
    if (c === '"') {
      this.string();
      return;
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|^true|^false|^null/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) this.fail(c === undefined ? 'unexpected end of file' : `unexpected ${JSON.stringify(c)}`);
    this.i += m[0].length;
  }
  string(): string {
    const start = this.i;
    this.i++;
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === '"') {
        this.i++;
        return JSON.parse(this.s.slice(start, this.i)) as string;
      }
      if (c === '\\') this.i += 2;
      else if (c < ' ') this.fail('control character in string');
      else this.i++;
    }
    return this.fail('unterminated string');
  }
  object(ptr: string): void {
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected a property name in double quotes');
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail("expected ':' after a property name");
      this.i++;
      this.value(`${ptr}/${pointerToken(key)}`);
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] === '}') {
        this.i++;
        return;
      }
      this.fail("expected ',' or '}' after a property value");
    }
  }
  array(ptr: string): void {
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return;
    }
    for (let k = 0; ; k++) {
      this.value(`${ptr}/${k}`);
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] === ']') {
        this.i++;
        return;
      }
      this.fail("expected ',' or ']' after an array element");
    }
  }
  document(): void {
    this.value('');
    this.ws();
    if (this.i < this.s.length) this.fail('unexpected text after the JSON value');
  }
}

/** A member name as one JSON pointer token (RFC 6901: `~` is `~0`, `/` is `~1`). */
export function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Where each value of JSON text starts, scanned once: the line and column of the value at a JSON
 * pointer (or of its nearest parent that exists: a missing member is placed on its object), when the
 * text can be scanned. A leading byte-order mark is skipped. For many pointers into one text.
 */
export function pointerLocator(json: string): (pointer: string) => Position | undefined {
  const text = json.charCodeAt(0) === 0xfeff ? json.slice(1) : json;
  const sc = new Scanner(text);
  try {
    sc.document();
  } catch {
    /* the partial map is still useful */
  }
  // Offsets to lines through one sorted list of line starts, not a walk from the start per pointer.
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const position = (offset: number): Position => {
    let [lo, hi] = [0, lineStarts.length - 1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  return (pointer) => {
    let p = pointer;
    for (;;) {
      const off = sc.starts.get(p);
      if (off !== undefined) return position(off);
      if (p === '') return undefined;
      p = p.slice(0, p.lastIndexOf('/'));
    }
  };
}

/** Line and column of the value at a JSON pointer in JSON text (see pointerLocator). */
export function locatePointer(json: string, pointer: string): Position | undefined {
  return pointerLocator(json)(pointer);
}

/** Parse JSON text; a syntax error becomes `file:line:column: reason`. */
export function parseJson(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (e) {
    const sc = new Scanner(body);
    try {
      sc.document();
    } catch (err) {
      const pos = positionOf(body, (err as { offset: number }).offset);
      throw new UserError(`${file}:${pos.line}:${pos.column}: malformed JSON: ${(err as Error).message}`, EXIT_USAGE, { file, line: pos.line, column: pos.column });
    }
    throw new UserError(`${file}: malformed JSON: ${(e as Error).message}`, EXIT_USAGE, { file });
  }
}

export function readText(file: string, what = 'file'): string {
  return readInputText(file, what);
}

export function readJson(file: string, what = 'JSON file'): { text: string; value: unknown } {
  const text = readText(file, what);
  return { text, value: parseJson(text, file) };
}

/** The error `file:line: /pointer: message` for a value of a JSON file, with file, line and pointer as its place. */
export function schemaError(file: string, text: string, pointer: string, message: string): UserError {
  const pos = locatePointer(text, pointer);
  return locatedError(file, pointer === '' ? '/' : pointer, message, pos?.line);
}
