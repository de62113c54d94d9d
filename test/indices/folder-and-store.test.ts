// Goal: folder import reads `month,rate_pct` CSVs named as in ../shared/data/indices, validates every
// file before writing, and the temporary JSON file store keeps series between runs unchanged.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seriesPoints } from '../../src/domain/indices/series.ts';
import { SqlIndexStore } from '../../src/storage/sql-index-store.ts';
import { BACKENDS } from '../support/backends.ts';
import { importIndexFolder, readIndexFolder } from '../../src/indices/folder.ts';
import { MemoryIndexStore } from '../../src/indices/store.ts';
import { readSharedCsv, sharedPath } from '../support/shared.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'precatorios-indices-'));

describe('folder import', () => {
  it('imports the six series of ../shared/data/indices with every month', async () => {
    const store = new MemoryIndexStore();
    const result = await importIndexFolder(sharedPath('data/indices'), store);
    expect(result.ok && result.value.absent).toEqual(['juros_poupanca']);
    expect(await store.names()).toEqual(['inpc', 'ipca', 'ipca_e', 'poupanca', 'selic', 'tr']);
    for (const name of ['inpc', 'ipca', 'ipca_e', 'poupanca', 'selic', 'tr'] as const) {
      const rows = readSharedCsv(`data/indices/${name}.csv`);
      const series = (await store.get(name))!;
      expect(series.ratesPct).toHaveLength(rows.length);
      expect(series.ratesPct.every((r, i) => r.equals(rows[i]!['rate_pct']!))).toBe(true);
    }
  });

  it('one bad file (gap) or header aborts the whole import: nothing is written', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ipca.csv'), 'month,rate_pct\n2020-01,0.21\n2020-02,0.25\n');
    writeFileSync(join(dir, 'selic.csv'), 'month,rate_pct\n2020-01,0.38\n2020-03,0.34\n');
    writeFileSync(join(dir, 'tr.csv'), 'mes;taxa\n2020-01;0\n');
    const store = new MemoryIndexStore();
    const result = await importIndexFolder(dir, store);
    expect(result).toMatchObject({
      ok: false,
      error: [
        { kind: 'gap', series: 'selic', missing: '2020-02' },
        { kind: 'bad-header', file: 'tr.csv' },
      ],
    });
    expect(await store.names()).toEqual([]);
  });

  it('reads an optional juros_poupanca.csv in percent', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'juros_poupanca.csv'), 'month,rate_pct\n2021-10,0.3575\n2021-11,0.4412\n');
    const result = readIndexFolder(dir);
    expect(result.ok && result.value.series.map((s) => [s.name, s.ratesPct.map(String)])).toEqual([['juros_poupanca', ['0.3575', '0.4412']]]);
  });
});

describe('SqlIndexStore (the registry table index_series)', () => {
  it.each(BACKENDS)('keeps series value for value, and replaces a series whole ($name)', async (backend) => {
    const db = await backend.open();
    try {
      const read = readIndexFolder(sharedPath('data/indices'));
      if (!read.ok) throw new Error('pasta de índices inválida');
      const store = new SqlIndexStore(db);
      await store.put(read.value.series);
      expect(await store.names()).toEqual(['inpc', 'ipca', 'ipca_e', 'poupanca', 'selic', 'tr']);
      for (const s of read.value.series) expect(seriesPoints((await store.get(s.name))!)).toEqual(seriesPoints(s));
      const shorter = read.value.series.find((s) => s.name === 'tr')!;
      await store.put([{ ...shorter, lastMonth: shorter.firstMonth, ratesPct: shorter.ratesPct.slice(0, 1) }]);
      expect((await store.get('tr'))!.ratesPct).toHaveLength(1);
    } finally {
      await db.dispose();
    }
  });
});
