import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { PROJECT_REQUIRED, assembleProjectRows } from './project-format.ts';
import { TJRJ_COLUMNS, parseTjrjRecords } from './tjrj-format.ts';
import type { CsvFormat, CsvRecord, ImportOutcome, RowError } from './types.ts';

/** A file-level problem (no usable header): nothing from the file is imported. */
export class CsvFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFileError';
  }
}

/** Upper bound on rows per file (design §8): a runaway file fails fast instead of exhausting memory. */
export const CSV_ROWS_MAX = 5_000_000;

/** Header → format. The TJRJ list has its own fixed columns; anything with `numero` + `ente_id` is ours. */
export function detectFormat(header: readonly string[]): CsvFormat {
  const names = new Set(header);
  if (TJRJ_COLUMNS.every((c) => names.has(c))) return 'tjrj';
  const missing = PROJECT_REQUIRED.filter((c) => !names.has(c));
  if (missing.length === 0) return 'projeto';
  throw new CsvFileError(`cabeçalho não reconhecido: faltam as colunas ${missing.join(', ')} (formato do projeto) ou as da lista do TJRJ`);
}

/**
 * Reads a CSV (`,` or `;`, UTF-8 with or without BOM) as a stream, one record at a time, and
 * returns the precatórios it holds plus every rejected row. Rows with the wrong number of cells
 * are rejected, not guessed.
 */
export async function readPrecatoriosCsv(path: string): Promise<ImportOutcome> {
  const delimiter = await sniffDelimiter(path);
  const parser = createReadStream(path).pipe(
    parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, info: true, trim: false }),
  );
  let header: string[] | undefined;
  const records: CsvRecord[] = [];
  const rejected: RowError[] = [];
  let rowsRead = 0;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!header) {
      header = record.map((h) => h.trim().toLowerCase());
      continue;
    }
    rowsRead += 1;
    if (rowsRead > CSV_ROWS_MAX) throw new CsvFileError(`arquivo com mais de ${CSV_ROWS_MAX} linhas`);
    if (record.length !== header.length) {
      rejected.push({ line: info.lines, field: '(linha)', reason: `${record.length} colunas, o cabeçalho tem ${header.length}` });
      continue;
    }
    const cells: Record<string, string> = {};
    header.forEach((name, i) => (cells[name] = record[i] ?? ''));
    records.push({ line: info.lines, cells });
  }
  if (!header) throw new CsvFileError('arquivo vazio: nenhum cabeçalho encontrado');
  const format = detectFormat(header);
  const parsed = format === 'tjrj' ? parseTjrjRecords(records) : assembleProjectRows(records);
  return {
    format,
    rowsRead,
    precatorios: parsed.precatorios,
    entes: parsed.entes,
    rejected: [...rejected, ...parsed.rejected].sort((a, b) => a.line - b.line),
  };
}

/** The delimiter of the header line: whichever of `;` and `,` appears more often. */
async function sniffDelimiter(path: string): Promise<string> {
  const stream = createReadStream(path, { start: 0, end: 64 * 1024 - 1, encoding: 'utf8' });
  let head = '';
  for await (const chunk of stream) head += chunk;
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  const count = (c: string) => firstLine.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}
