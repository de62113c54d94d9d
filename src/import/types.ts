import type { EnteDevedor } from '../domain/ente.ts';
import type { Precatorio } from '../domain/precatorio.ts';

/** One rejected row: where, which field, and why (in Portuguese, for the user). */
export interface RowError {
  /** 1-based line in the file (the header is line 1). */
  readonly line: number;
  readonly field: string;
  readonly reason: string;
}

export type CsvFormat = 'projeto' | 'tjrj';

export interface ImportOutcome {
  readonly format: CsvFormat;
  readonly rowsRead: number;
  readonly precatorios: readonly Precatorio[];
  /** Entes as declared by the file (RPV laws are attached from data/rules by the caller). */
  readonly entes: readonly EnteDevedor[];
  readonly rejected: readonly RowError[];
}

/** Column name → position in a record, built once from the file's header (a later duplicate wins). */
export type ColumnIndex = ReadonlyMap<string, number>;

/**
 * A CSV record with its line number: the cells in header order and the file's column index. Not an
 * object keyed by name: building one per row of a million-row file (24 keyed stores) cost more
 * than splitting the line.
 */
export interface CsvRecord {
  readonly line: number;
  readonly values: readonly string[];
  readonly columns: ColumnIndex;
}

export function columnIndexOf(header: readonly string[]): ColumnIndex {
  const columns = new Map<string, number>();
  for (let i = 0; i < header.length; i++) columns.set(header[i]!, i);
  return columns;
}

/** The cell under `name`; '' when the file has no such column. */
export function cellOf(record: CsvRecord, name: string): string {
  const i = record.columns.get(name);
  return i === undefined ? '' : (record.values[i] ?? '');
}

/** Rows given as arrays under one header (the demo loader, tests): records from line 2. */
export function recordsOf(header: readonly string[], rows: readonly (readonly string[])[]): CsvRecord[] {
  const columns = columnIndexOf(header);
  return rows.map((values, i) => ({ line: i + 2, values, columns }));
}
