/** Lines of a text file, read synchronously a megabyte at a time (memory stays bounded whatever the file's size, and a better-sqlite3 transaction may wrap the whole read), or of a text already in memory (the console's upload). */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const CHUNK = 1 << 20;

/** Each line without its CR/LF, numbered from 1; a UTF-8 byte-order mark at the start is dropped. */
export function* linesOf(file: string): Generator<{ line: number; text: string }> {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    const decoder = new StringDecoder('utf8');
    let rest = '';
    let line = 0;
    let first = true;
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      let text = rest + (n > 0 ? decoder.write(buffer.subarray(0, n)) : decoder.end());
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        line++;
        yield { line, text: text.slice(start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl) };
        start = nl + 1;
      }
      rest = text.slice(start);
      if (n === 0) break;
    }
    if (rest.length > 0) yield { line: line + 1, text: rest.endsWith('\r') ? rest.slice(0, -1) : rest };
  } finally {
    closeSync(fd);
  }
}

/** The same lines from a text in memory. */
export function* linesOfText(text: string): Generator<{ line: number; text: string }> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let line = 0;
  let start = 0;
  for (let nl = body.indexOf('\n'); nl !== -1; nl = body.indexOf('\n', start)) {
    line++;
    yield { line, text: body.slice(start, nl > start && body.charCodeAt(nl - 1) === 13 ? nl - 1 : nl) };
    start = nl + 1;
  }
  if (start < body.length) yield { line: line + 1, text: body.slice(start).replace(/\r$/, '') };
}
