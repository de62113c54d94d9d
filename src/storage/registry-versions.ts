import type { Db } from './db.ts';

/**
 * The version counters the API's caches are keyed by (every write bumps its precatório's and its
 * ente's version): one indexed row, or one small scan, read on each request so a list or an index
 * table is never served stale — also across processes on one PostgreSQL.
 */
export async function enteVersion(db: Db, enteId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ version: string }>('select version::text as version from entes where id = $1', [enteId]);
  return rows[0]?.version;
}

/** Every ente with its version, by name. */
export async function enteVersions(db: Db): Promise<{ id: string; version: string }[]> {
  return (await db.query<{ id: string; version: string }>('select id, version::text as version from entes order by nome, id')).rows;
}

/**
 * Last month, month count and sum of rates per stored index series: changes whenever a series is
 * imported or synced — also when an accepted revision changes a month's value only.
 */
export async function indexSeriesFingerprint(db: Db): Promise<string> {
  const { rows } = await db.query<{ series: string; last: string; n: string; s: string }>(
    'select series, max(month) as last, count(*)::text as n, sum(rate_pct)::text as s from index_series group by series order by series',
  );
  return rows.map((r) => `${r.series}:${r.last}:${r.n}:${r.s}`).join('|');
}
