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

/** A CSV record with its line number; cells are strings keyed by header name. */
export interface CsvRecord {
  readonly line: number;
  readonly cells: Readonly<Record<string, string>>;
}
