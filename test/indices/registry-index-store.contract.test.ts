// Goal (issue 16 §3): writes of index series merge into the series in use; two writers at once on
// one store (two servers on one PostgreSQL, a CLI beside a server) both land — neither merges with a
// state the other has already changed (read-merge-write in one transaction, writers in turns).
// Method: on each backend, rounds of two concurrent puts that each extend the same series on
// opposite ends (one month before, one after); every round must end with both months.
import { describe, expect, it } from 'vitest';
import { type YearMonth, addMonths } from '../../src/domain/dates.ts';
import { buildSeries, seriesPoints } from '../../src/domain/indices/series.ts';
import { RegistryIndexStore } from '../../src/indices/snapshot.ts';
import { SqlIndexStore } from '../../src/storage/sql-index-store.ts';
import { BACKENDS } from '../support/backends.ts';

const series = (first: string, rates: string[]) => {
  const built = buildSeries(
    'ipca_e',
    rates.map((ratePct, i) => ({ month: addMonths(first as YearMonth, i), ratePct })),
  );
  if (!built.ok) throw new Error('série de teste');
  return built.value;
};

describe.each(BACKENDS)('RegistryIndexStore on $name', (backend) => {
  it('two concurrent writers extending one series on opposite ends: both months land, every round', async () => {
    const db = await backend.open();
    try {
      const store = () => new RegistryIndexStore(new SqlIndexStore(db), []);
      await store().put([series('2020-01', ['0.10', '0.20'])]);
      let first = '2020-01' as YearMonth;
      let last = '2020-02' as YearMonth;
      for (let round = 0; round < 8; round++) {
        first = addMonths(first, -1);
        last = addMonths(last, 1);
        await Promise.all([store().put([series(first, ['0.01'])]), store().put([series(last, ['0.02'])])]);
        const now = (await store().get('ipca_e'))!;
        expect([now.firstMonth, now.lastMonth], `rodada ${round}`).toEqual([first, last]);
      }
      const points = seriesPoints((await store().get('ipca_e'))!);
      expect(points).toHaveLength(18);
      expect(points.filter((p) => p.month >= '2020-01' && p.month <= '2020-02').map((p) => p.ratePct)).toEqual(['0.1', '0.2']);
    } finally {
      await db.dispose();
    }
  }, 120_000);
});
