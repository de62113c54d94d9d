import { createReadStream } from 'node:fs';
import type { EnteDevedor } from '../domain/ente.ts';
import type { Precatorio } from '../domain/precatorio.ts';
import type { SupportedDates } from '../domain/supported-dates.ts';
import { supportedDatesToday } from '../shell/supported-dates-today.ts';
import { CsvRecordSplitter, CsvSyntaxError } from './csv-records.ts';
import { decodeWindows1252, inspectCsvBytes } from './decode.ts';
import { NonConsecutiveRowsError, PROJECT_REQUIRED, ProjectAssembler } from './project-format.ts';
import { TJRJ_COLUMNS, TjrjAssembler } from './tjrj-format.ts';
import { type ColumnIndex, type CsvFormat, type ImportOutcome, type RowError, columnIndexOf } from './types.ts';

/** A file-level problem (no usable header, rows out of order): nothing from the file is imported. */
export class CsvFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFileError';
  }
}

/** Upper bound on rows per file (design §8): a runaway file fails fast instead of exhausting memory. */
export const CSV_ROWS_MAX = 5_000_000;

/**
 * Longest cell accepted. No column of either format comes near it (names, CNJ and legacy números,
 * process numbers, ente names, amounts, dates); a longer cell rejects its row.
 */
export const CELL_CHARS_MAX = 1000;

/** Row errors kept; a file with more is not in the expected format and is refused whole. */
export const ROW_ERRORS_MAX = 100_000;

/** Precatórios handed to the sink at a time. */
export const STREAM_BATCH_SIZE = 5000;
const SINK_BATCHES_IN_FLIGHT = 2;

/** Header → format. The TJRJ list has its own fixed columns; anything with the required columns is ours. */
export function detectFormat(header: readonly string[]): CsvFormat {
  const names = new Set(header);
  if (TJRJ_COLUMNS.every((c) => names.has(c))) return 'tjrj';
  const missing = PROJECT_REQUIRED.filter((c) => !names.has(c));
  if (missing.length === 0) return 'projeto';
  throw new CsvFileError(`cabeçalho não reconhecido: faltam as colunas ${missing.join(', ')} (formato do projeto) ou as da lista do TJRJ`);
}

/** Longest record accepted (design §8): a quote never closed cannot make the reader buffer the whole file. */
export const CSV_RECORD_CHARS_MAX = 4 * 1024 * 1024;

export interface StreamSummary {
  readonly format: CsvFormat;
  readonly rowsRead: number;
  readonly accepted: number;
  readonly entes: readonly EnteDevedor[];
  readonly rejected: readonly RowError[];
}

/**
 * Reads a CSV as a stream and hands accepted precatórios to `sink` in batches, with the entes first
 * seen in each batch; memory stays bounded by the batch, not the file.
 *
 * Accepted as court exports come: UTF-8 with or without BOM, or Windows-1252 (decode.ts decides for
 * the whole file before the first row); `,` or `;`; CRLF, LF or CR line ends; line breaks inside
 * quoted cells; empty lines and lines of bare separators (skipped); unnamed empty columns. A row
 * with a date outside the ranges the rules support on the import's day (`dates`, default today in
 * Belém: domain/supported-dates.ts) is rejected with its line, column and reason. A row
 * with more or fewer cells than the header (not guessed), a control character (NUL included: the
 * registry cannot store it), a cell over CELL_CHARS_MAX or a value under an unnamed column is
 * rejected and fails its precatório, like a bad field. Every rejected row carries the line where
 * it starts in the file. A file-level problem throws `CsvFileError` — the caller's transaction then
 * lands nothing.
 */
export async function streamPrecatoriosCsv(
  path: string,
  sink: (batch: { entes: EnteDevedor[]; precatorios: Precatorio[]; bytesRead: number }) => Promise<void>,
  batchSize: number = STREAM_BATCH_SIZE,
  dates: SupportedDates = supportedDatesToday(),
): Promise<StreamSummary> {
  const bytes = await inspectCsvBytes(path);
  if (!bytes.ok) throw new CsvFileError(bytes.error);
  const { encoding, controlChars } = bytes.value;
  // UTF-8 is decoded by the stream; Windows-1252 chunk by chunk (one byte per character).
  const input = createReadStream(path, encoding === 'utf-8' ? { encoding: 'utf8' } : {});
  const splitter = new CsvRecordSplitter({ delimiter: sniffDelimiter(bytes.value.head), maxRecordChars: CSV_RECORD_CHARS_MAX });
  let header: string[] | undefined;
  let numeroColumn = -1;
  let columns: ColumnIndex | undefined;
  let unnamedColumns: number[] = [];
  let format: CsvFormat | undefined;
  let assembler: ProjectAssembler | TjrjAssembler | undefined;
  const rejected: RowError[] = [];
  let pending: Precatorio[] = [];
  const entesSent = new Set<string>();
  let rowsRead = 0;
  let accepted = 0;
  /** Bytes of the file handed to the parser so far (the chunk being parsed included): the progress. */
  let bytesRead = 0;
  // Writes run behind the parser: while the sink stores batch N, rows of batch N+1 are parsed.
  // At most SINK_BATCHES_IN_FLIGHT batches wait, so memory stays bounded; batches reach the sink
  // in file order, one at a time.
  let writing: Promise<void> = Promise.resolve();
  let inFlight = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const entes = assembler!.entes().filter((e) => !entesSent.has(e.id));
    for (const e of entes) entesSent.add(e.id);
    const batch = pending;
    pending = [];
    accepted += batch.length;
    inFlight += 1;
    const read = bytesRead;
    writing = writing
      .then(() => sink({ entes, precatorios: batch, bytesRead: read }))
      .finally(() => {
        inFlight -= 1;
      });
    writing.catch(() => undefined); // surfaced by the awaits below
    if (inFlight >= SINK_BATCHES_IN_FLIGHT) await writing;
  };
  const reject = (errors: readonly RowError[]) => {
    for (const e of errors) rejected.push(e);
    if (rejected.length > ROW_ERRORS_MAX) throw new CsvFileError(tooManyErrors(rejected));
  };
  /** Returns a promise only when a batch had to be handed over (most rows need no await). */
  const take = (out: { precatorios: Precatorio[]; rejected: RowError[] }): Promise<void> | undefined => {
    for (const p of out.precatorios) pending.push(p);
    if (out.rejected.length > 0) reject(out.rejected);
    return pending.length >= batchSize ? flush() : undefined;
  };
  const handle = (record: string[], line: number): Promise<void> | undefined => {
    if (isBlank(record)) return undefined; // a line of bare separators is an empty line as Excel writes it
    if (!header) {
      header = readHeader(record, controlChars);
      format = detectFormat(header);
      numeroColumn = header.indexOf(format === 'tjrj' ? 'numero_precatorio' : 'numero');
      columns = columnIndexOf(header);
      unnamedColumns = header.flatMap((name, i) => (name === '' ? [i] : []));
      assembler = format === 'tjrj' ? new TjrjAssembler(dates) : new ProjectAssembler(dates);
      return undefined;
    }
    rowsRead += 1;
    if (rowsRead > CSV_ROWS_MAX) throw new CsvFileError(`arquivo com mais de ${CSV_ROWS_MAX} linhas`);
    let problems: RowError[] | undefined;
    if (record.length !== header.length) {
      // Not guessed: a missing or extra separator shifts every cell after it.
      const end = line + lineBreaks(record);
      const span = end > line ? ` (o registro vai da linha ${line} à ${end}: confira as aspas)` : '';
      problems = [{ line, field: '(linha)', reason: `${record.length} colunas, o cabeçalho tem ${header.length}${span}` }];
    } else {
      for (let i = 0; i < header.length; i++) {
        const cell = record[i]!;
        if (cell.length > CELL_CHARS_MAX || (controlChars && CONTROL_CHAR.test(cell))) (problems ??= []).push(cellProblem(line, header, i, cell));
      }
      // Data under a column without a name would be dropped without a word: more likely a shift.
      for (const i of unnamedColumns) {
        if (record[i]!.trim() !== '') (problems ??= []).push({ line, field: `coluna ${i + 1}`, reason: 'valor numa coluna sem nome no cabeçalho' });
      }
    }
    if (!problems) return take(assembler!.add({ line, values: record, columns: columns! }));
    // An unreadable row still counts for its precatório, by the número it seems to have (control
    // characters dropped): a precatório with such a row is rejected whole, never imported
    // without that beneficiary.
    if (assembler instanceof ProjectAssembler) {
      const numero = (record[numeroColumn] ?? '').slice(0, CELL_CHARS_MAX).replace(CONTROL_CHARS, '');
      const values = record.length === header.length ? [...record] : Array<string>(header.length).fill('');
      values[numeroColumn] = numero;
      return take(assembler.add({ line, values, columns: columns! }, problems));
    }
    reject(problems);
    return undefined;
  };
  // Records come out chunk by chunk and are handled synchronously; only a batch hand-over awaits.
  const drain = async (records: readonly { cells: string[]; line: number }[]) => {
    for (const r of records) {
      const wait = handle(r.cells, r.line);
      if (wait) await wait;
    }
  };
  try {
    let first = true;
    for await (const chunk of input as AsyncIterable<string | Buffer>) {
      const decoded = typeof chunk === 'string' ? chunk : decodeWindows1252(chunk);
      bytesRead += typeof chunk === 'string' ? Buffer.byteLength(chunk, 'utf8') : chunk.length;
      // A UTF-8 byte-order mark (Excel writes one) is not part of the first column's name.
      const text = first && decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
      first = false;
      await drain(splitter.push(text));
    }
    await drain(splitter.end());
    if (!header || !assembler || !format) throw new CsvFileError('arquivo vazio: nenhum cabeçalho encontrado');
    await take(assembler.finish());
    await flush();
    await writing;
  } catch (error) {
    // The caller rolls back when this rejects: no write of ours may still be running by then, or
    // it would land after the rollback (on PostgreSQL, on a connection already back in the pool).
    await writing.catch(() => undefined);
    if (error instanceof NonConsecutiveRowsError) throw new CsvFileError(error.message);
    // A structural CSV error (e.g. a quote never closed) leaves no way to tell rows apart.
    if (error instanceof CsvSyntaxError) throw new CsvFileError(`CSV malformado: ${error.message}; nada foi importado`);
    throw error;
  }
  return { format, rowsRead, accepted, entes: assembler.entes(), rejected: rejected.sort((a, b) => a.line - b.line) };
}

/** The whole file in memory (the `fila` command, tests): the same stream, collected. */
export async function readPrecatoriosCsv(path: string, dates: SupportedDates = supportedDatesToday()): Promise<ImportOutcome> {
  const precatorios: Precatorio[] = [];
  const summary = await streamPrecatoriosCsv(
    path,
    async (batch) => {
      precatorios.push(...batch.precatorios);
    },
    STREAM_BATCH_SIZE,
    dates,
  );
  return { format: summary.format, rowsRead: summary.rowsRead, precatorios, entes: summary.entes, rejected: summary.rejected };
}

/** Line breaks inside the cells of a record (CRLF, LF or CR each count one). */
function lineBreaks(record: readonly string[]): number {
  let count = 0;
  for (const cell of record) {
    for (let i = 0; i < cell.length; i++) {
      const c = cell.charCodeAt(i);
      if (c === 10 || (c === 13 && cell.charCodeAt(i + 1) !== 10)) count += 1;
    }
  }
  return count;
}

/**
 * Column names, trimmed and lower-cased. Columns without a name (Excel writes them for an empty
 * column after the data) are kept, so every row must still have as many cells as the header.
 */
function readHeader(record: readonly string[], controlChars: boolean): string[] {
  const header = record.map((h) => h.trim().toLowerCase());
  if (controlChars && header.some((h) => CONTROL_CHAR.test(h))) {
    throw new CsvFileError(
      'o cabeçalho tem caracteres de controle (bytes nulos?): o arquivo parece estar em UTF-16 sem marca ou não ser um CSV; nada foi importado',
    );
  }
  const seen = new Set<string>();
  for (const name of header) {
    if (name !== '' && seen.has(name)) throw new CsvFileError(`cabeçalho com a coluna ${name} repetida; nada foi importado`);
    seen.add(name);
  }
  return header;
}

function isBlank(record: readonly string[]): boolean {
  for (const cell of record) if (cell.trim() !== '') return false;
  return true;
}

/** NUL and the other C0 controls but TAB, LF and CR. */
const CONTROL_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const CONTROL_CHARS = new RegExp(CONTROL_CHAR.source, 'g');

/** Why cell `i` makes its row unreadable: too long, or a control character. */
function cellProblem(line: number, header: readonly string[], i: number, cell: string): RowError {
  const field = header[i] || `coluna ${i + 1}`;
  if (cell.length > CELL_CHARS_MAX) return { line, field, reason: `campo acima de ${CELL_CHARS_MAX} caracteres (tem ${cell.length})` };
  const code = CONTROL_CHAR.exec(cell)![0].charCodeAt(0);
  const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}${code === 0 ? ' (byte nulo)' : ''}`;
  return { line, field, reason: `contém o caractere de controle ${name}, que não é texto e não pode ser gravado` };
}

function tooManyErrors(rejected: readonly RowError[]): string {
  const first = rejected.reduce((a, b) => (b.line < a.line ? b : a));
  return `mais de ${ROW_ERRORS_MAX} erros de linha: o arquivo não parece estar no formato esperado (primeiro erro: linha ${first.line}, campo ${first.field}: ${first.reason}); nada foi importado`;
}

/** The delimiter of the header line (the first line that is not empty): whichever of `;` and `,` appears more often. */
function sniffDelimiter(head: string): string {
  const firstLine = head.split(/\r\n|\n|\r/).find((l) => l.trim() !== '') ?? '';
  const count = (c: string) => firstLine.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}
