// Goal: the import's own CSV reader (src/import/csv-records.ts) reads every file exactly as
// csv-parse does — same records, same cells — and reports the line where each record starts, whatever
// the chunk boundaries. csv-parse stays here as the oracle.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvRecordSplitter, CsvSyntaxError, type CsvTextRecord } from '../../src/import/csv-records.ts';

const DELIMITERS = [',', ';'] as const;
const LINE_ENDS = ['\n', '\r\n'] as const;

/** Splits `text` at the given cut points (as chunks of a stream would) and reads it. */
function readInChunks(text: string, delimiter: string, cuts: readonly number[], maxRecordChars = 1 << 20): CsvTextRecord[] {
  const splitter = new CsvRecordSplitter({ delimiter, maxRecordChars });
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: CsvTextRecord[] = [];
  let from = 0;
  for (const p of [...points, text.length]) {
    out.push(...splitter.push(text.slice(from, p)));
    from = p;
  }
  out.push(...splitter.end());
  return out;
}

function oracle(text: string, delimiter: string): string[][] {
  return parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true }) as string[][];
}

const cellText = fc.string({ unit: fc.constantFrom('a', 'Z', 'ç', 'ã', ' ', '"', ',', ';', '\n', '\r\n', '=', '\u0000', '1', '.', '-'), maxLength: 12 });

/** A file written the way spreadsheets write: quote a cell when it needs it (or at random). */
const csvFile = fc
  .record({
    delimiter: fc.constantFrom(...DELIMITERS),
    lineEnd: fc.constantFrom(...LINE_ENDS),
    rows: fc.array(fc.array(fc.record({ text: cellText, forceQuote: fc.boolean() }), { minLength: 1, maxLength: 6 }), { maxLength: 12 }),
    blankAfter: fc.array(fc.nat(2), { maxLength: 12 }),
    trailingLineEnd: fc.boolean(),
    cuts: fc.array(fc.nat(400), { maxLength: 8 }),
  })
  .map((f) => {
    const needsQuote = (t: string) => t === '' || t.includes('"') || t.includes(f.delimiter) || t.includes('\n') || t.includes('\r');
    let text = '';
    let line = 1;
    const expected: { cells: string[]; line: number }[] = [];
    f.rows.forEach((row, i) => {
      const cells = row.map((c) => c.text);
      const rendered = row.map((c) => (c.forceQuote || needsQuote(c.text) ? `"${c.text.replaceAll('"', '""')}"` : c.text)).join(f.delimiter);
      expected.push({ cells, line });
      const isLast = i === f.rows.length - 1;
      text += rendered;
      line += (rendered.match(/\r\n|\n|\r/g) ?? []).length;
      if (!isLast || f.trailingLineEnd) {
        text += f.lineEnd;
        line += 1;
      }
      if (!isLast) {
        const blanks = f.blankAfter[i] ?? 0;
        text += f.lineEnd.repeat(blanks);
        line += blanks;
      }
    });
    return { ...f, text, expected };
  });

describe('CSV reader', () => {
  it('reads what a spreadsheet wrote: the cells it was given, at the lines where rows start, for any chunking', () => {
    fc.assert(
      fc.property(csvFile, (f) => {
        const records = readInChunks(f.text, f.delimiter, f.cuts);
        expect(records).toEqual(f.expected);
        expect(records.map((r) => r.cells)).toEqual(oracle(f.text, f.delimiter));
      }),
      { numRuns: 3000, seed: 20261123 },
    );
  });

  it('agrees with csv-parse on arbitrary text: same records, or both refuse the file', () => {
    const messy = fc.record({
      delimiter: fc.constantFrom(...DELIMITERS),
      lineEnd: fc.constantFrom(...LINE_ENDS),
      parts: fc.array(fc.constantFrom('a', 'bc', '"', '""', ',', ';', ' ', 'NL', '1,5', '"x"'), { maxLength: 30 }),
      cuts: fc.array(fc.nat(100), { maxLength: 5 }),
    });
    let refused = 0;
    fc.assert(
      fc.property(messy, ({ delimiter, lineEnd, parts, cuts }) => {
        const text = parts.map((p) => (p === 'NL' ? lineEnd : p)).join('');
        let expected: string[][] | 'refused';
        try {
          expected = oracle(text, delimiter);
        } catch {
          expected = 'refused';
        }
        let actual: string[][] | 'refused';
        try {
          actual = readInChunks(text, delimiter, cuts).map((r) => r.cells);
        } catch (error) {
          expect(error).toBeInstanceOf(CsvSyntaxError);
          actual = 'refused';
        }
        if (actual === 'refused') refused += 1;
        expect(actual, JSON.stringify(text)).toEqual(expected);
      }),
      { numRuns: 4000, seed: 7 },
    );
    expect(refused).toBeGreaterThan(100);
  });

  it('refuses a record longer than the bound instead of buffering without end', () => {
    const text = `a,b\n"${'x'.repeat(5000)}`;
    expect(() => readInChunks(text, ',', [10, 100, 1000, 3000], 2000)).toThrow(/mais de 2000 caracteres/);
  });

  it('names the line of an unclosed quote', () => {
    expect(() => readInChunks('a,b\nc,d\ne,"f\ng\n', ',', [])).toThrow(/linha 3: aspas abertas/);
  });
});
