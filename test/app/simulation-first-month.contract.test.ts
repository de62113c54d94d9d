// Goal: the simulation's first month pays what the payment run pays on that date (issue 16 §1,
// "Done means"): for the same registry, ente, date and money, the same precatórios and
// beneficiaries, the same amounts to the centavo, in the same order — superpreference tranches on
// the updated value (R6.5), then the chronological list (R3.8), a partial payment shared pro rata
// (R6.4) — on both backends.
// Method: fast-check debtors (both regimes, one to three beneficiaries, partial payments and
// superpreference already paid, creditors shared between precatórios, suspended ones, some with no
// data-base) stored with the shared index series; the projection of one month is run through the
// registry use case with its payment trace (a CF §20 parcelamento held back on both sides, R7.10), then the staff payment run on the first run date
// (it writes, so it comes second) with the same money, and the two lists compared item by item.
import fc from 'fast-check';
import { loadEc136Rules } from '../../src/rules/load-ec136.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPayment } from '../../src/app/payment-run.ts';
import { projectFromRegistry, simulationInput, startBalancesOf, storedCorrectionEnv } from '../../src/app/projection.ts';
import { type CourtTimestamp, type IsoDate, type YearMonth, addMonths, isoDate } from '../../src/domain/dates.ts';
import { Dec, money } from '../../src/domain/money.ts';
import type { Precatorio } from '../../src/domain/precatorio.ts';
import { cf20ListHeldShares, parcelamentosOf } from '../../src/domain/queue/parcelamentos-cf20.ts';
import { DEFAULT_PROJECTION_RATES, DEFAULT_SIMULATION_CONFIG, type SimulatedPayment, centsToMoney } from '../../src/domain/simulation/index.ts';
import { loadCorrectionRules } from '../../src/indices/load-correction-rules.ts';
import { importRegistry } from '../../src/storage/registry-store.ts';
import { SqlIndexStore } from '../../src/storage/sql-index-store.ts';
import { enteArb, isoDateArb, precatorioArb } from '../support/arbitraries.ts';
import { BACKENDS } from '../support/backends.ts';
import { RULES } from '../support/rules.ts';
import { SHARED_SERIES, TJAP_JUROS } from '../domain/correction/fixtures.ts';

const MONTH = '2026-01' as YearMonth;
/** DEFAULT_SIMULATION_CONFIG.paymentRunDay is FIRST: the month's run is on day 1. */
const RUN_DATE = isoDate('2026-01-01');
const CORRECTION_RULES = loadCorrectionRules();

/** A precatório of the generator, presented 2018–2025 with a data-base up to two years before (or none). */
const storedPrecatorioArb = (index: number) =>
  fc
    .record({
      p: precatorioArb('e', 'geral', index),
      presented: isoDateArb(2018, 2025),
      dataBaseMonthsBefore: fc.option(fc.integer({ min: 0, max: 24 }), { nil: undefined, freq: 6 }),
    })
    .map(({ p, presented, dataBaseMonthsBefore }) => ({ p, presented, dataBaseMonthsBefore }));

const debtorArb = fc.record({
  ente: enteArb,
  items: fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => storedPrecatorioArb(i + 1)))),
  /** The money as a share of the face open (in basis points): nothing, part of a tranche, everything. */
  moneyShare: fc.integer({ min: 0, max: 30_000 }),
});

type Generated = typeof debtorArb extends fc.Arbitrary<infer T> ? T : never;
let run = 0;
/** Renames the generated debtor so every run has its own ente, números and beneficiary ids in one store. */
function stored(d: Generated) {
  run++;
  const enteId = `e${run}`;
  const ente = { ...d.ente, id: enteId };
  const precatorios: Precatorio[] = d.items.map(({ p, presented, dataBaseMonthsBefore }, i) => {
    const numero = `${String(run * 100 + i + 1).padStart(7, '0')}-00.2024.8.14.0301`;
    const month = presented.slice(0, 7) as YearMonth;
    const dataBase = dataBaseMonthsBefore === undefined ? undefined : maxMonth(addMonths(month, -dataBaseMonthsBefore), '2018-01' as YearMonth);
    return {
      ...p,
      numero,
      enteId,
      regime: ente.regime,
      apresentacao: { kind: 'registrada', apresentadoEm: `${presented}T10:00:00.000-03:00` as CourtTimestamp },
      dataBase,
      processoOrigem: `${enteId}-${p.processoOrigem}`,
      beneficiarios: p.beneficiarios.map((b, k) => ({ ...b, id: `b${k + 1}` })),
    } as Precatorio;
  });
  const faceOpenCents = precatorios.flatMap((p) => p.beneficiarios).reduce((a, b) => a + Number(b.valorBrl.minus(b.pagoBrl).times(100)), 0);
  const available = centsToMoney(Math.floor((faceOpenCents * d.moneyShare) / 10_000));
  return { ente, precatorios, available };
}

const maxMonth = (a: YearMonth, b: YearMonth): YearMonth => (a > b ? a : b);
type Item = readonly [kind: string, numero: string, beneficiario: string, amount: string];

describe.each(BACKENDS)('the simulation’s first month pays what the payment run pays, on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.open>>;
  beforeAll(async () => {
    db = await backend.open();
    await new SqlIndexStore(db).put([...SHARED_SERIES, TJAP_JUROS]);
  }, 60_000);
  afterAll(async () => {
    await db?.dispose();
  });

  async function simulatedFirstMonth(enteId: string, available: Dec): Promise<Item[]> {
    const payments: SimulatedPayment[] = [];
    const projected = await projectFromRegistry(
      (id) => simulationInput(db, id),
      {
        enteId,
        from: MONTH,
        until: MONTH,
        // All the month's money goes to the lists (share 1), as in a payment run of that amount.
        funding: ({ ente }) => ({
          enteId: ente.id,
          source: { kind: 'deposito-mensal', monthlyBrl: available },
          chronologicalShare: new Dec(1),
          growthPctYear: new Dec(0),
        }),
        rates: DEFAULT_PROJECTION_RATES,
        view: 'registro',
        config: DEFAULT_SIMULATION_CONFIG,
        eventsMax: 0,
        onPayment: (p) => payments.push(p),
      },
      {
        rules: RULES,
        ec136Rules: loadEc136Rules(),
        publishedRun: RUN_DATE as IsoDate,
        correction: () => storedCorrectionEnv(new SqlIndexStore(db), CORRECTION_RULES),
        startBalances: startBalancesOf(db, RULES, CORRECTION_RULES),
      },
    );
    if (!projected.ok) throw new Error(JSON.stringify(projected.error));
    expect(payments.every((p) => p.month === MONTH)).toBe(true);
    return payments.map((p) => [p.kind, p.numero, p.beneficiarioId, centsToMoney(p.amountCents).toFixed(2)] as const);
  }

  it('same precatórios, same beneficiaries, same amounts to the centavo, same order (R6.1, R6.5, R3.8)', async () => {
    const reached = { paying: 0, liquidated: 0, tranches: 0, partial: 0, held: 0 };
    await fc.assert(
      fc.asyncProperty(debtorArb, async (generated) => {
        const { ente, precatorios, available } = stored(generated);
        await db.transaction((tx) => importRegistry(tx, { entes: [ente], precatorios }, 'teste'));
        const simulated = await simulatedFirstMonth(ente.id, available);
        const plan = await runPayment(db, { enteId: ente.id, availableBrl: available, paidOn: RUN_DATE, actor: 'teste' }, RULES, undefined, CORRECTION_RULES);
        const paid: Item[] = plan.items.map((i) => [i.kind, i.numero, i.beneficiarioId, i.amountBrl.toFixed(2)] as const);
        expect(simulated).toEqual(paid);
        if (paid.length > 0) reached.paying++;
        if (plan.items.some((i) => i.liquidation)) reached.liquidated++;
        if (plan.items.some((i) => i.kind === 'superpreferencia')) reached.tranches++;
        if (plan.partial) reached.partial++;
        // R7.10: both hold back the parcels of a CF §20 parcelamento not yet due in 2026.
        if (cf20ListHeldShares(ente.regime, parcelamentosOf(precatorios, RULES), precatorios, 2026).size > 0 && paid.length > 0) reached.held++;
      }),
      { numRuns: 40 },
    );
    // Not a vacuous agreement: the runs reach liquidated credits, tranches and partial payments.
    expect(reached.paying).toBeGreaterThan(20);
    expect(reached.liquidated).toBeGreaterThan(10);
    expect(reached.tranches).toBeGreaterThan(3);
    expect(reached.partial).toBeGreaterThan(3);
    expect(reached.held).toBeGreaterThan(3);
  }, 300_000);

  it('the R5.17 registry: the month pays the tranches of R$ 145.890,00 measured on R$ 174.789,41 owed', async () => {
    const { seedR517 } = await import('../support/r517-registry.ts');
    const fresh = await backend.open();
    try {
      await seedR517(fresh);
      const previous = db;
      db = fresh;
      try {
        expect(await simulatedFirstMonth('x', money('400000.00'))).toEqual([
          ['superpreferencia', '0000001-90.2020.8.14.0301', 'b1', '145890.00'],
          ['superpreferencia', '0000002-75.2020.8.14.0301', 'b1', '145890.00'],
          ['cronologica', '0000001-90.2020.8.14.0301', 'b1', '28899.41'],
          ['cronologica', '0000002-75.2020.8.14.0301', 'b1', '28899.41'],
        ]);
      } finally {
        db = previous;
      }
    } finally {
      await fresh.dispose();
    }
  }, 60_000);
});
