/**
 * The one database seam. PGlite (embedded, default) and PostgreSQL (`DATABASE_URL`) both speak it,
 * and both run the same SQL and migrations. Values come back as text where precision matters:
 * queries cast dates and timestamps to text, and NUMERIC arrives as a string from both drivers.
 */
export interface Db {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: T[] }>;
  /**
   * Bulk load: `COPY table (columns) FROM … WITH (FORMAT csv)` with `csv` as the data (an unquoted
   * empty cell is NULL). The same SQL statement on both backends; only the transport differs
   * (STDIN on PostgreSQL, a blob on PGlite). Several times faster than INSERT … SELECT for imports.
   */
  copyFrom(table: string, columns: readonly string[], csv: string): Promise<void>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction: all of it lands, or none (rollback on any throw). */
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly kind: 'pglite' | 'postgres';
  /**
   * Single-connection backends only (PGlite): whether a transaction holds the connection now — a
   * query would wait for its end — and a count that moves whenever committed data may have changed
   * (a transaction ended, or a statement that is not a plain SELECT ran outside one). While the
   * count stays put, what was read is still the committed state, so a reader may answer from what
   * it read instead of waiting behind an import (app/payment-order-cache.ts). Undefined on PostgreSQL,
   * where other connections and processes commit and readers never wait for a writer.
   */
  readonly activity?: () => { readonly inTransaction: boolean; readonly generation: number };
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** `COPY t (a, b) FROM <source> WITH (FORMAT csv)`; names are checked, never user text. */
export function copyStatement(table: string, columns: readonly string[], source: string): string {
  for (const name of [table, ...columns]) if (!IDENTIFIER.test(name)) throw new Error(`identificador inválido para COPY: ${name}`);
  return `copy ${table} (${columns.join(', ')}) from ${source} with (format csv)`;
}
