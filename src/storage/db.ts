/**
 * The one database seam. PGlite (embedded, default) and PostgreSQL (`DATABASE_URL`) both speak it,
 * and both run the same SQL and migrations. Values come back as text where precision matters:
 * queries cast dates and timestamps to text, and NUMERIC arrives as a string from both drivers.
 */
export interface Db {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: T[] }>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction: all of it lands, or none (rollback on any throw). */
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly kind: 'pglite' | 'postgres';
}
