import { createReadStream } from 'node:fs';
import type { EnteDevedor } from '../domain/ente.ts';
import type { Precatorio } from '../domain/precatorio.ts';
import { CsvRecordSplitter, CsvSyntaxError } from './csv-records.ts';
import { NonConsecutiveRowsError, PROJECT_REQUIRED, ProjectAssembler } from './project-format.ts';
import { TJRJ_COLUMNS, TjrjAssembler } from './tjrj-format.ts';
import type { CsvFormat, ImportOutcome, RowError } from './types.ts';

/** A file-level problem (no usable header, rows out of order): nothing from the file is imported. */
export class CsvFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFileError';
  }
}

/** Upper bound on rows per file (design §8): a runaway file fails fast instead of exhausting memory. */
export const CSV_ROWS_MAX = 5_000_000;

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
 * Reads a CSV (`,` or `;`, UTF-8 with or without BOM) as a stream and hands accepted precatórios
 * to `sink` in batches, with the entes first seen in each batch; memory stays bounded by the batch,
 * not the file. Rows with the wrong number of cells are rejected, not guessed. A file-level problem
 * throws `CsvFileError` — the caller's transaction then lands nothing.
 */
export async function streamPrecatoriosCsv(
  path: string,
  sink: (batch: { entes: EnteDevedor[]; precatorios: Precatorio[] }) => Promise<void>,
  batchSize: number = STREAM_BATCH_SIZE,
): Promise<StreamSummary> {
  const delimiter = await sniffDelimiter(path);
  const input = createReadStream(path, { encoding: 'utf8' });
  const splitter = new CsvRecordSplitter({ delimiter, maxRecordChars: CSV_RECORD_CHARS_MAX });
  let header: string[] | undefined;
  let format: CsvFormat | undefined;
  let assembler: ProjectAssembler | TjrjAssembler | undefined;
  const rejected: RowError[] = [];
  let pending: Precatorio[] = [];
  const entesSent = new Set<string>();
  let rowsRead = 0;
  let accepted = 0;
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
    writing = writing.then(() => sink({ entes, precatorios: batch })).finally(() => {
      inFlight -= 1;
    });
    writing.catch(() => undefined); // surfaced by the awaits below
    if (inFlight >= SINK_BATCHES_IN_FLIGHT) await writing;
  };
  /** Returns a promise only when a batch had to be handed over (most rows need no await). */
  const take = (out: { precatorios: Precatorio[]; rejected: RowError[] }): Promise<void> | undefined => {
    for (const p of out.precatorios) pending.push(p);
    for (const r of out.rejected) rejected.push(r);
    return pending.length >= batchSize ? flush() : undefined;
  };
  const handle = (record: string[], line: number): Promise<void> | undefined => {
    if (!header) {
      header = record.map((h) => h.trim().toLowerCase());
      format = detectFormat(header);
      assembler = format === 'tjrj' ? new TjrjAssembler() : new ProjectAssembler();
      return undefined;
    }
    rowsRead += 1;
    if (rowsRead > CSV_ROWS_MAX) throw new CsvFileError(`arquivo com mais de ${CSV_ROWS_MAX} linhas`);
    if (record.length !== header.length) {
      rejected.push({ line, field: '(linha)', reason: `${record.length} colunas, o cabeçalho tem ${header.length}` });
      return undefined;
    }
    const cells: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) cells[header[i]!] = record[i] ?? '';
    return take(assembler!.add({ line, cells }));
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
    for await (const chunk of input as AsyncIterable<string>) {
      // A UTF-8 byte-order mark (Excel writes one) is not part of the first column's name.
      const text = first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
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
    if (error instanceof CsvSyntaxError) throw new CsvFileError(`CSV malformado: ${error.message}`);
    throw error;
  }
  return { format, rowsRead, accepted, entes: assembler.entes(), rejected: rejected.sort((a, b) => a.line - b.line) };
}

/** The whole file in memory (the `fila` command, tests): the same stream, collected. */
export async function readPrecatoriosCsv(path: string): Promise<ImportOutcome> {
  const precatorios: Precatorio[] = [];
  const summary = await streamPrecatoriosCsv(path, async (batch) => {
    precatorios.push(...batch.precatorios);
  });
  return { format: summary.format, rowsRead: summary.rowsRead, precatorios, entes: summary.entes, rejected: summary.rejected };
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
