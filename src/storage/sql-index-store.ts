import type { IndexName } from '../domain/indices/index-names.ts';
import { type IndexSeries, buildSeries, seriesPoints } from '../domain/indices/series.ts';
import type { IndexStore } from '../indices/store.ts';
import type { Db } from './db.ts';

/**
 * Index series in the `index_series` table (rate in percent, NUMERIC). `put` replaces each given
 * series whole, in one transaction, so a reader never sees half a sync.
 */
export class SqlIndexStore implements IndexStore {
  constructor(private readonly db: Db) {}

  async get(name: IndexName): Promise<IndexSeries | undefined> {
    const { rows } = await this.db.query<{ month: string; rate_pct: string }>(
      'select month, rate_pct::text as rate_pct from index_series where series = $1 order by month',
      [name],
    );
    if (rows.length === 0) return undefined;
    const built = buildSeries(
      name,
      rows.map((r) => ({ month: r.month, ratePct: r.rate_pct })),
    );
    if (!built.ok) throw new Error(`série ${name} inválida no banco: ${built.error.kind}`);
    return built.value;
  }

  async put(series: readonly IndexSeries[]): Promise<void> {
    await this.db.transaction((tx) => writeSeries(tx, series));
  }

  /**
   * Read-merge-write in one transaction, writers in turns (an advisory lock, both backends): of two
   * syncs at once on one PostgreSQL, the second merges with what the first committed.
   */
  async update(names: readonly IndexName[], compute: (current: ReadonlyMap<IndexName, IndexSeries>) => readonly IndexSeries[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [INDEX_WRITE_LOCK_KEY]);
      const inTx = new SqlIndexStore(tx);
      const current = new Map<IndexName, IndexSeries>();
      for (const name of names) {
        const s = await inTx.get(name);
        if (s) current.set(name, s);
      }
      await writeSeries(tx, compute(current));
    });
  }

  async names(): Promise<IndexName[]> {
    const { rows } = await this.db.query<{ series: IndexName }>('select distinct series from index_series order by series');
    return rows.map((r) => r.series);
  }
}

/** Advisory lock key of index-series writers (migrations and imports have their own). */
const INDEX_WRITE_LOCK_KEY = 7_250_130_916;

async function writeSeries(tx: Db, series: readonly IndexSeries[]): Promise<void> {
  for (const s of series) {
    const points = seriesPoints(s);
    await tx.query('delete from index_series where series = $1', [s.name]);
    await tx.query('insert into index_series (series, month, rate_pct) select $1, m, r from unnest($2::text[], $3::numeric[]) as t(m, r)', [
      s.name,
      points.map((p) => p.month),
      points.map((p) => p.ratePct),
    ]);
  }
}
