// Goal: the bulk-load seam (Db.copyFrom) stores exactly the cells it is given on both backends —
// NULL vs empty text, quotes, separators and line breaks inside cells, NUMERIC to the cent — and
// a failing COPY inside a transaction lands nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyStatement } from '../../src/storage/db.ts';
import { csvCell } from '../../src/storage/copy-csv.ts';
import { BACKENDS } from '../support/backends.ts';

describe.each(BACKENDS)('Db.copyFrom on $name', (backend) => {
  it('round-trips arbitrary text, NULLs and amounts', async () => {
    const db = await backend.open();
    try {
      await db.exec('create table copy_probe (n int primary key, t text, v numeric(18, 2), d date)');
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              t: fc.option(fc.string({ unit: fc.constantFrom('a', 'ç', '"', ',', '\n', '\r\n', ' ', '\\', '.', 'N', '=') }), { nil: null }),
              cents: fc.bigInt(0n, 10n ** 15n),
            }),
            { maxLength: 30 },
          ),
          async (rows) => {
            await db.exec('delete from copy_probe');
            const csv = rows
              .map((r, i) =>
                [csvCell(i), csvCell(r.t), csvCell(`${r.cents / 100n}.${String(r.cents % 100n).padStart(2, '0')}`), csvCell('2024-02-29')].join(','),
              )
              .join('\n');
            await db.copyFrom('copy_probe', ['n', 't', 'v', 'd'], csv);
            const { rows: back } = await db.query<{ n: number; t: string | null; v: string; d: string }>(
              'select n, t, v::text as v, d::text as d from copy_probe order by n',
            );
            expect(back.map((b) => [b.t, b.v, b.d])).toEqual(
              rows.map((r) => [r.t, `${r.cents / 100n}.${String(r.cents % 100n).padStart(2, '0')}`, '2024-02-29']),
            );
          },
        ),
        { numRuns: 60, seed: 11 },
      );
    } finally {
      await db.dispose();
    }
  });

  it('lands nothing when a row breaks a constraint inside a transaction', async () => {
    const db = await backend.open();
    try {
      await db.exec('create table copy_probe (n int primary key, v numeric(18, 2) check (v >= 0))');
      await expect(
        db.transaction(async (tx) => {
          await tx.copyFrom('copy_probe', ['n', 'v'], '1,10.00\n2,20.00');
          await tx.copyFrom('copy_probe', ['n', 'v'], '3,-1.00');
        }),
      ).rejects.toThrow();
      expect((await db.query('select count(*)::int as c from copy_probe')).rows).toEqual([{ c: 0 }]);
    } finally {
      await db.dispose();
    }
  });
});

it('refuses anything but plain identifiers in the COPY statement', () => {
  expect(copyStatement('precatorios', ['numero', 'ente_id'], 'stdin')).toBe('copy precatorios (numero, ente_id) from stdin with (format csv)');
  expect(() => copyStatement('precatorios; drop table x', ['numero'], 'stdin')).toThrow(/identificador inválido/);
  expect(() => copyStatement('precatorios', ['"numero"'], 'stdin')).toThrow(/identificador inválido/);
});
