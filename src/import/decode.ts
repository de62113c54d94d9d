import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { type Result, err, ok } from '../domain/result.ts';

/**
 * The text encoding of a CSV, decided for the whole file before its first row is read.
 *
 * Court exports come as UTF-8 (with or without BOM) or as Windows-1252 (Excel's "CSV (separado por
 * vírgulas)" on Windows). Rule: a file that is valid UTF-8 from its first byte to its last is UTF-8;
 * any other file is Windows-1252 — unless it also holds UTF-8 text (a UTF-8 BOM, or "é" written as
 * the two bytes C3 A9), in which case two encodings were mixed and no single reading is right, so
 * the file is refused. The decision needs the whole file: a fatal UTF-8 decoder that gives up at
 * byte 50 MB would leave the rows before it read one way and the rows after it another (and
 * already handed to the database). So the bytes are scanned once up front with Node's native
 * validator (a fraction of a second for a million rows), then parsed.
 */
export type CsvEncoding = 'utf-8' | 'windows-1252';

export interface CsvBytes {
  readonly encoding: CsvEncoding;
  /**
   * Some byte is a C0 control character other than TAB, LF and CR (NUL included). The row reader
   * then checks every cell; clean files (the rule) pay nothing per row.
   */
  readonly controlChars: boolean;
  /** The start of the file, decoded (for sniffing the delimiter). */
  readonly head: string;
}

const SCAN_CHUNK_BYTES = 1 << 20;
const HEAD_BYTES = 64 * 1024;

/** Scans the file's bytes: its encoding, whether it holds control characters, and its start. */
export async function inspectCsvBytes(path: string): Promise<Result<CsvBytes, string>> {
  let offset = 0;
  let carry: Buffer = Buffer.alloc(0);
  let firstInvalid = -1;
  let utf8Evidence = -1;
  let controlChars = false;
  let previousLast = -1;
  let headBytes: Buffer | undefined;
  for await (const chunk of createReadStream(path, { highWaterMark: SCAN_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    if (offset === 0) {
      headBytes = chunk.subarray(0, HEAD_BYTES);
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
        return err(
          'o arquivo está em UTF-16 (marca FF FE no início): salve-o como "CSV UTF-8" ou "CSV (separado por vírgulas)" e importe de novo; nada foi importado',
        );
      }
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) utf8Evidence = 0;
    }
    controlChars ||= hasControlChar(chunk);
    if (utf8Evidence < 0) {
      const at = latin1InUtf8(chunk, previousLast);
      if (at !== undefined) utf8Evidence = offset + at;
    }
    if (firstInvalid < 0) {
      const checked = checkUtf8(carry, chunk);
      if (checked.invalidAt !== undefined) firstInvalid = offset + checked.invalidAt;
      carry = checked.carry;
    }
    previousLast = chunk[chunk.length - 1] ?? -1;
    offset += chunk.length;
  }
  // A multi-byte sequence cut off by the end of the file is not UTF-8 either.
  if (firstInvalid < 0 && carry.length > 0) firstInvalid = offset - carry.length;
  const head = headBytes ?? Buffer.alloc(0);
  if (firstInvalid < 0) return ok({ encoding: 'utf-8', controlChars, head: head.toString('utf8') });
  if (utf8Evidence >= 0) {
    const [invalidLine, utf8Line] = await linesAt(path, [firstInvalid, utf8Evidence]);
    const utf8Part = utf8Evidence === 0 ? 'começa com a marca de UTF-8 (BOM)' : `tem texto em UTF-8 (linha ${utf8Line})`;
    return err(
      `codificação mista: o arquivo ${utf8Part}, mas a linha ${invalidLine} tem bytes que não são UTF-8 (Windows-1252?); salve o arquivo inteiro numa só codificação e importe de novo; nada foi importado`,
    );
  }
  return ok({ encoding: 'windows-1252', controlChars, head: decodeWindows1252(head) });
}

/**
 * Windows-1252 as the WHATWG Encoding Standard reads it: Latin-1, except 0x80–0x9F, which hold
 * €, smart quotes, dashes, Š, Œ, ™… Not `TextDecoder('windows-1252')`: Node 20.18.3 and later
 * decode that label as plain Latin-1 (nodejs/node#56542, #60888), turning "’" into U+0092.
 * Single-byte, so chunks decode independently.
 */
export function decodeWindows1252(bytes: Buffer): string {
  const latin1 = bytes.toString('latin1');
  return C1_RANGE.test(latin1) ? latin1.replace(C1_RANGE_ALL, (c) => WINDOWS_1252_80_9F[c.charCodeAt(0) - 0x80]!) : latin1;
}

const C1_RANGE = /[\u0080-\u009f]/;
const C1_RANGE_ALL = /[\u0080-\u009f]/g;
/** 0x80–0x9F (0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned and stay as they are). */
const WINDOWS_1252_80_9F = [
  '\u20ac',
  '\u0081',
  '\u201a',
  '\u0192',
  '\u201e',
  '\u2026',
  '\u2020',
  '\u2021',
  '\u02c6',
  '\u2030',
  '\u0160',
  '\u2039',
  '\u0152',
  '\u008d',
  '\u017d',
  '\u008f',
  '\u0090',
  '\u2018',
  '\u2019',
  '\u201c',
  '\u201d',
  '\u2022',
  '\u2013',
  '\u2014',
  '\u02dc',
  '\u2122',
  '\u0161',
  '\u203a',
  '\u0153',
  '\u009d',
  '\u017e',
  '\u0178',
];

/**
 * Validates `carry + chunk` as UTF-8, holding back a multi-byte sequence cut by the chunk's end.
 * Returns the offset (relative to the chunk; negative inside the carry) of the first invalid byte.
 */
function checkUtf8(carry: Buffer, chunk: Buffer): { invalidAt?: number; carry: Buffer } {
  let start = 0;
  if (carry.length > 0) {
    const need = sequenceLength(carry[0]!) - carry.length;
    const joined = Buffer.concat([carry, chunk.subarray(0, need)]);
    if (joined.length < carry.length + need) return { carry: joined }; // still cut short
    if (!isUtf8(joined)) return { invalidAt: -carry.length, carry: Buffer.alloc(0) };
    start = need;
  }
  const tail = incompleteTail(chunk, start);
  const body = chunk.subarray(start, chunk.length - tail);
  if (!isUtf8(body)) return { invalidAt: start + firstInvalidUtf8(body), carry: Buffer.alloc(0) };
  return { carry: Buffer.from(chunk.subarray(chunk.length - tail)) };
}

/** Bytes at the end of `buf` (after `from`) that start a multi-byte sequence the buffer cuts short. */
function incompleteTail(buf: Buffer, from: number): number {
  for (let back = 1; back <= 3 && buf.length - back >= from; back++) {
    const byte = buf[buf.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back for the lead
    return byte >= 0xc0 && sequenceLength(byte) > back ? back : 0;
  }
  return 0;
}

function sequenceLength(lead: number): number {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

/** Offset of the first byte that breaks UTF-8 in `buf` (which is known to be invalid). */
function firstInvalidUtf8(buf: Buffer): number {
  // Binary search on prefixes: isUtf8 is native, and a prefix ending inside a valid sequence only
  // fails because of the cut, so shrink to the last valid prefix and report the byte after it.
  let good = 0;
  let bad = buf.length;
  while (bad - good > 1) {
    const mid = (good + bad) >>> 1;
    if (isUtf8(buf.subarray(0, mid - incompleteTail(buf.subarray(0, mid), 0)))) good = mid;
    else bad = mid;
  }
  return good - incompleteTail(buf.subarray(0, good), 0);
}

/**
 * Offset of UTF-8 text for a Latin-1 letter or sign (C2/C3 followed by a continuation byte: "é" is
 * C3 A9, "º" is C2 BA). In Windows-1252 those pairs read "Ã©", "Âº": mojibake, not Portuguese.
 */
function latin1InUtf8(chunk: Buffer, previousLast: number): number | undefined {
  // The pair may straddle two chunks: then it starts one byte before this chunk.
  if ((previousLast === 0xc2 || previousLast === 0xc3) && ((chunk[0] ?? 0) & 0xc0) === 0x80) return -1;
  let found: number | undefined;
  for (const lead of [0xc3, 0xc2]) {
    for (let at = chunk.indexOf(lead); at !== -1 && at < chunk.length - 1; at = chunk.indexOf(lead, at + 1)) {
      if ((chunk[at + 1]! & 0xc0) === 0x80) {
        found = Math.min(found ?? at, at);
        break;
      }
    }
  }
  return found;
}

/** C0 controls other than TAB (9), LF (10) and CR (13). */
const CONTROL = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) CONTROL[b] = b === 9 || b === 10 || b === 13 ? 0 : 1;

/**
 * Whether any byte is a control character, four bytes at a time: a word can hold a byte below 0x20
 * only if `(x − 0x20202020) & ~x & 0x80808080` is non-zero (TAB/LF/CR also pass, so those words
 * are checked byte by byte). ASCII controls are single bytes in both UTF-8 and Windows-1252.
 */
function hasControlChar(chunk: Buffer): boolean {
  let i = 0;
  for (; i < chunk.length && (chunk.byteOffset + i) % 4 !== 0; i++) if (CONTROL[chunk[i]!]) return true;
  const words = new Uint32Array(chunk.buffer, chunk.byteOffset + i, (chunk.length - i) >>> 2);
  for (let w = 0; w < words.length; w++) {
    const x = words[w]!;
    if (((x - 0x20202020) & ~x & 0x80808080) !== 0) {
      const j = i + w * 4;
      if (CONTROL[chunk[j]!]! | CONTROL[chunk[j + 1]!]! | CONTROL[chunk[j + 2]!]! | CONTROL[chunk[j + 3]!]!) return true;
    }
  }
  for (let j = i + words.length * 4; j < chunk.length; j++) if (CONTROL[chunk[j]!]) return true;
  return false;
}

/** 1-based line numbers (counting LF) of byte offsets, for messages; reads the file once more. */
async function linesAt(path: string, offsets: readonly number[]): Promise<number[]> {
  const end = Math.max(...offsets);
  const lines = offsets.map(() => 1);
  let position = 0;
  for await (const chunk of createReadStream(path, { end: Math.max(end - 1, 0), highWaterMark: SCAN_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) {
      offsets.forEach((o, k) => {
        if (position + at < o) lines[k]! += 1;
      });
    }
    position += chunk.length;
  }
  return lines;
}
