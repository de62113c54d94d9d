import { type CorrectionEnv, type CorrectionRules, indexTablesOf } from '../domain/correction/index.ts';
import { INDEX_NAMES } from '../domain/indices/index-names.ts';
import type { IndexSeries } from '../domain/indices/series.ts';
import type { Db } from '../storage/db.ts';
import { indexSeriesFingerprint } from '../storage/registry-versions.ts';
import { RegistryIndexStore } from '../indices/snapshot.ts';
import { SqlIndexStore } from '../storage/sql-index-store.ts';

/**
 * The correction engine's environment (rules + cumulated index series: the registry's over the
 * shipped snapshot, indices/snapshot.ts) for API requests. The
 * cumulated tables are rebuilt only when the stored series change: a cheap fingerprint query
 * (last month and month count per series), run at most every `recheckMs`, is the cache key, so a
 * sync seen by one server process is seen by all within seconds.
 */
export class CorrectionService {
  #cached: { key: string; env: CorrectionEnv | undefined } | undefined;
  #checkedAt = -Infinity;

  constructor(
    private readonly db: Db,
    private readonly rules: CorrectionRules,
    /** How long a fingerprint is trusted: a sync shows up in every process within this time. */
    private readonly recheckMs = 5_000,
    private readonly now: () => number = () => performance.now(),
    /** The shipped snapshot (data/indices): a series the registry lacks is read from it. */
    private readonly snapshot: readonly IndexSeries[] = [],
  ) {}

  async env(): Promise<CorrectionEnv | undefined> {
    if (this.#cached && this.now() - this.#checkedAt < this.recheckMs) return this.#cached.env;
    // PGlite with a transaction open (an import): the check would wait for it, and nothing can
    // commit before it ends — the series read last are still the stored ones.
    if (this.#cached && this.db.activity?.().inTransaction) return this.#cached.env;
    this.#checkedAt = this.now();
    const key = await indexSeriesFingerprint(this.db);
    if (this.#cached?.key === key) return this.#cached.env;
    const store = new RegistryIndexStore(new SqlIndexStore(this.db), this.snapshot);
    const series: IndexSeries[] = [];
    for (const name of INDEX_NAMES) {
      const s = await store.get(name);
      if (s) series.push(s);
    }
    const env = series.length === 0 ? undefined : { rules: this.rules, indices: indexTablesOf(series) };
    this.#cached = { key, env };
    return env;
  }
}
