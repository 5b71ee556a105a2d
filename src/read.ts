/**
 * The one way wcecfg reads a file a user named: regular files only (a device, FIFO or socket could
 * block or never end), at most MAX_INPUT_BYTES, opened without blocking so a FIFO cannot hang us.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { EXIT_USAGE, UserError } from './errors.js';
import { bytes, MAX_INPUT_BYTES } from './limits.js';

export function readInput(file: string, what = 'file', shown: string = file, limit = MAX_INPUT_BYTES): Buffer {
  return withRegularFile(file, what, shown, limit, (fd, size) => {
    // Read to the end but never past limit + 1 bytes, so a file that grows while we read is still caught.
    let buf = Buffer.allocUnsafe(Math.min(size, limit) + 1);
    let got = 0;
    for (;;) {
      if (got === buf.length) {
        if (got > limit) throw new UserError(`${shown}: larger than wcecfg's limit for a ${what} (${bytes(limit)})`, EXIT_USAGE, { file: shown });
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limit + 1));
        buf.copy(bigger, 0, 0, got);
        buf = bigger;
      }
      const k = readSync(fd, buf, got, buf.length - got, null);
      if (k === 0) break;
      got += k;
    }
    return buf.subarray(0, got);
  });
}

/**
 * A UTF-8 text file as a string, with readInput's checks. Node reads and decodes it in one native
 * call (no Buffer, no read loop in JavaScript: cheaper per file in a folder of thousands of small
 * catalog files). Unlike readInput it reads to the end of a file that grows while it is read, and
 * refuses it only afterwards; the size checked before reading bounds every ordinary case.
 */
export function readInputText(file: string, what = 'file', shown: string = file, limit = MAX_INPUT_BYTES): string {
  return withRegularFile(file, what, shown, limit, (fd) => {
    const text = readFileSync(fd, 'utf8');
    if (text.length > limit / 3 && Buffer.byteLength(text, 'utf8') > limit) throw new UserError(`${shown}: larger than wcecfg's limit for a ${what} (${bytes(limit)})`, EXIT_USAGE, { file: shown });
    return text;
  });
}

/** Open `file` without blocking, check it is a regular file within `limit`, and hand its descriptor and size to `read`. */
function withRegularFile<T>(file: string, what: string, shown: string, limit: number, read: (fd: number, size: number) => T): T {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UserError(`${shown}: no such ${what}`, EXIT_USAGE, { file: shown });
    if (code === 'EISDIR') throw new UserError(`${shown}: is a directory, not a ${what}`, EXIT_USAGE, { file: shown });
    if (code === 'ELOOP') throw new UserError(`${shown}: too many levels of symbolic links`, EXIT_USAGE, { file: shown });
    throw new UserError(`${shown}: cannot read ${what} (${code ?? (e as Error).message})`, EXIT_USAGE, { file: shown });
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new UserError(`${shown}: is a directory, not a ${what}`, EXIT_USAGE, { file: shown });
    if (!st.isFile()) throw new UserError(`${shown}: is a device, FIFO or socket, not a ${what}; wcecfg reads only regular files`, EXIT_USAGE, { file: shown });
    if (st.size > limit) throw new UserError(`${shown}: ${bytes(st.size)} is larger than wcecfg's limit for a ${what} (${bytes(limit)})`, EXIT_USAGE, { file: shown });
    return read(fd, st.size);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${shown}: cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, EXIT_USAGE, { file: shown });
  } finally {
    closeSync(fd);
  }
}
