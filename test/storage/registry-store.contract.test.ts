// Goal: one contract for both storage backends (PGlite, PostgreSQL): same SQL, same results.
// Method: import the seeded demo registry, read it back, re-import, and break things on purpose.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTjpaDemo } from '../../src/demo/tjpa-demo.ts';
import { money, sum } from '../../src/domain/money.ts';
import type { Precatorio } from '../../src/domain/precatorio.ts';
import { assembleProjectRows } from '../../src/import/project-format.ts';
import { recordsOf } from '../../src/import/types.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { eventsOf, findPrecatorio, importRegistry, listEntes, precatoriosOfEnte } from '../../src/storage/registry-store.ts';
import { precatorioArb } from '../support/arbitraries.ts';
import { BACKENDS } from '../support/backends.ts';
import { canonical } from '../support/canonical.ts';
import { supportedDatesToday } from '../../src/shell/supported-dates-today.ts';

function demo(seed: number, scale: number) {
  const [header, ...rows] = generateTjpaDemo(seed, scale);
  return assembleProjectRows(recordsOf(header!, rows), supportedDatesToday());
}

describe.each(BACKENDS)('registry store on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.open>>;
  const input = demo(11, 0.3);

  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(async () => {
    await db.dispose();
  });

  it('applies the migrations once', async () => {
    expect(await migrate(db)).toEqual([]);
  });

  it('imports every precatório, and reads each back exactly as imported', async () => {
    expect(input.rejected).toEqual([]);
    const counts = await db.transaction((tx) => importRegistry(tx, input, 'teste'));
    expect(counts).toEqual({ inserted: input.precatorios.length, updated: 0, unchanged: 0 });
    for (const ente of input.entes) {
      const stored = await precatoriosOfEnte(db, ente.id);
      const expected = input.precatorios.filter((p) => p.enteId === ente.id);
      expect(stored.map(canonical).sort(byNumero)).toEqual(expected.map(canonical).sort(byNumero));
    }
  });

  it('keeps NUMERIC exact: the stock per ente equals the sum computed in decimal', async () => {
    const summaries = await listEntes(db);
    for (const s of summaries) {
      const open = input.precatorios.filter((p) => p.enteId === s.ente.id && (p.status === 'ativo' || p.status === 'suspenso'));
      const stock = sum(open.flatMap((p) => p.beneficiarios.map((b) => b.valorBrl.minus(b.pagoBrl))));
      expect(money(s.estoqueBrl).equals(stock)).toBe(true);
      expect(s.abertos).toBe(open.length);
    }
  });

  it('changes nothing when the same registry is imported again', async () => {
    const counts = await db.transaction((tx) => importRegistry(tx, input, 'teste'));
    expect(counts).toEqual({ inserted: 0, updated: 0, unchanged: input.precatorios.length });
  });

  it('updates only what changed, with a before/after event', async () => {
    const target = input.precatorios[3]!;
    const changed: Precatorio = { ...target, status: 'suspenso' };
    const counts = await db.transaction((tx) => importRegistry(tx, { entes: [], precatorios: [changed, input.precatorios[4]!] }, 'teste'));
    expect(counts).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
    expect((await findPrecatorio(db, target.numero))?.precatorio.status).toBe('suspenso');
    expect((await eventsOf(db, target.numero)).map((e) => e.kind)).toEqual(['importado', 'reimportado']);
  });

  it('lands nothing when an import fails half-way (one transaction)', async () => {
    const other = demo(12, 0.2);
    const before = await listEntes(db);
    await expect(
      db.transaction(async (tx) => {
        await importRegistry(tx, other, 'teste');
        throw new Error('falha simulada depois do último lote');
      }),
    ).rejects.toThrow('falha simulada');
    expect(await listEntes(db)).toEqual(before);
    expect(await findPrecatorio(db, other.precatorios[0]!.numero)).toBeUndefined();
  });

  it('refuses to change or delete the event log', async () => {
    await expect(db.query('update events set actor = $1', ['intruso'])).rejects.toThrow(/somente de inclusão/);
    await expect(db.query('delete from events')).rejects.toThrow(/somente de inclusão/);
  });

  it('reads beneficiaries and their active grants the same in bulk (one statement per ente) as one precatório at a time', async () => {
    // Issue 15: the bulk read folds grants in with one grouped join and sends positional arrays;
    // findPrecatorio keeps the per-beneficiary subqueries. Revoked grants (earlier dates) must not count.
    const ente = { id: 'ente-concessoes', nome: 'Ente das concessões', esfera: 'municipal' as const, regime: 'geral' as const };
    const precatorios = fc.sample(fc.tuple(...Array.from({ length: 12 }, (_, i) => precatorioArb(ente.id, ente.regime, 7000 + i))), {
      numRuns: 1,
      seed: 15,
    })[0]!;
    await db.transaction((tx) => importRegistry(tx, { entes: [ente], precatorios }, 'teste'));
    for (const p of precatorios) {
      for (const [i, b] of p.beneficiarios.entries()) {
        await db.query(
          `insert into superpreference_grants (precatorio_numero, beneficiario_id, ground, granted_on, revoked_on, decided_by)
          values ($1, $2, $3, '2001-01-01', '2002-01-01', 'teste')`,
          [p.numero, b.id, i % 2 ? 'doenca-grave' : 'deficiencia'],
        );
      }
    }
    const bulk = await precatoriosOfEnte(db, ente.id);
    expect(bulk.some((p) => p.beneficiarios.some((b) => b.doencaGraveDesde || b.deficienciaDesde))).toBe(true);
    for (const p of bulk) expect(canonical(p)).toEqual(canonical((await findPrecatorio(db, p.numero))!.precatorio));
    expect(bulk.map(canonical).sort(byNumero)).toEqual(precatorios.map(canonical).sort(byNumero));
  });

  it('keeps the presentation instant in Belém time through the database', async () => {
    const p = input.precatorios[0]!;
    expect((await findPrecatorio(db, p.numero))?.precatorio.apresentacao).toEqual(p.apresentacao);
  });
});

function byNumero(a: unknown, b: unknown): number {
  return String((a as { numero: string }).numero).localeCompare(String((b as { numero: string }).numero));
}
