// Goal: the law of issue 16 "Done means" — Σ gross = Σ net + Σ withholdings, per beneficiary, to the
// cent (money-movements.md R6.6–R6.13, R6.21's "lines + guias = gross") — over payment runs and staff
// payments, on both backends; and what a run answers (PaidRun) is what the payments table holds.
// Method: fast-check debtors (both regimes, one to three beneficiaries, some already partly paid) with
// random registered tax facts (every regime, NM with decimals, vínculo, previdência indicated in the
// ofício or by a regime's rate, a non-taxable share, or no facts at all) stored with the shared index
// series; a staff payment run with a random share of the open face, then a few staff partial
// payments (half with a `retencao` body, half from the registry). Each beneficiary's payments are read
// back and summed in decimals (not by the database); the run's returned withholdings are compared with
// the rows it wrote. Counters make sure withheld RRA, PJ, previdência and body payments were reached.
// Some beneficiaries have honorários contratuais (R6.14): their payments' lines + every withholding = gross.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PaidRun, runPayment } from '../../src/app/payment-run.ts';
import { storedCorrectionEnv } from '../../src/app/projection.ts';
import { payPrecatorio } from '../../src/app/staff-writes.ts';
import type { CourtTimestamp, YearMonth } from '../../src/domain/dates.ts';
import { addMonths, isoDate } from '../../src/domain/dates.ts';
import { TAX_REGIMES } from '../../src/domain/liquidation/index.ts';
import { Dec, type Money, ZERO, money } from '../../src/domain/money.ts';
import type { BeneficiaryTaxFacts, Precatorio } from '../../src/domain/precatorio.ts';
import { centsToMoney } from '../../src/domain/simulation/index.ts';
import { loadCorrectionRules } from '../../src/indices/load-correction-rules.ts';
import { StoreError } from '../../src/storage/errors.ts';
import { importRegistry } from '../../src/storage/registry-store.ts';
import { SqlIndexStore } from '../../src/storage/sql-index-store.ts';
import { SHARED_SERIES, TJAP_JUROS } from '../domain/correction/fixtures.ts';
import { enteArb, isoDateArb, precatorioArb } from '../support/arbitraries.ts';
import { BACKENDS } from '../support/backends.ts';
import { RULES } from '../support/rules.ts';

const PAID_ON = isoDate('2026-01-15');
const CORRECTION_RULES = loadCorrectionRules();

/** Tax facts as a court export would state them; `prevBp`: the ofício's previdência in basis points of the share (≤ 20 %). */
const factsArb = fc.option(
  fc.record({
    regime: fc.option(fc.constantFrom(...TAX_REGIMES), { nil: undefined, freq: 4 }),
    nmHundredths: fc.option(fc.integer({ min: 100, max: 36_000 }), { nil: undefined, freq: 6 }),
    vinculo: fc.option(fc.constantFrom('com-vinculo' as const, 'sem-vinculo' as const), { nil: undefined }),
    previdencia: fc.constantFrom('nenhuma', 'indicada', 'IGEPREV_PA', 'PSS_UNIAO'),
    prevBp: fc.integer({ min: 0, max: 2000 }),
    nonTaxableBp: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
  }),
  { nil: undefined, freq: 5 },
);
type FactsDraw = typeof factsArb extends fc.Arbitrary<infer T> ? T : never;

function factsOf(d: FactsDraw, valor: Money): BeneficiaryTaxFacts | undefined {
  if (!d) return undefined;
  const pj = d.regime?.startsWith('PJ') ?? false;
  return {
    regime: d.regime,
    // NM only where RRA applies (the import refuses it elsewhere): the regime or the alimentar default.
    rraMonths: d.nmHundredths === undefined || (d.regime && d.regime !== 'PF_RRA') ? undefined : new Dec(d.nmHundredths).dividedBy(100),
    vinculo: d.vinculo,
    previdenciaIndicadaBrl: !pj && d.previdencia === 'indicada' ? valor.times(d.prevBp).dividedBy(10_000).toDecimalPlaces(2, Dec.ROUND_DOWN) : undefined,
    previdenciaRegime: !pj && d.previdencia !== 'nenhuma' && d.previdencia !== 'indicada' ? d.previdencia : undefined,
    nonTaxableShare: d.nonTaxableBp === undefined ? undefined : new Dec(d.nonTaxableBp).dividedBy(10_000),
  };
}

const debtorArb = fc.record({
  ente: enteArb,
  items: fc.integer({ min: 1, max: 6 }).chain((n) =>
    fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.record({
          p: precatorioArb('e', 'geral', i + 1),
          presented: isoDateArb(2018, 2025),
          facts: fc.array(factsArb, { minLength: 3, maxLength: 3 }),
          // R6.14: honorários contratuais destacados (basis points of the credit, PF or PJ lawyer), or none.
          contratuais: fc.array(fc.option(fc.record({ bp: fc.integer({ min: 100, max: 4000 }), pj: fc.boolean() }), { nil: undefined, freq: 3 }), {
            minLength: 3,
            maxLength: 3,
          }),
        }),
      ),
    ),
  ),
  moneyShareBp: fc.integer({ min: 0, max: 20_000 }),
  staff: fc.array(fc.record({ pick: fc.nat(), cents: fc.integer({ min: 1, max: 500_000 }), body: fc.boolean(), isento: fc.boolean() }), { maxLength: 4 }),
});
type Generated = typeof debtorArb extends fc.Arbitrary<infer T> ? T : never;

let run = 0;
function stored(d: Generated) {
  run++;
  const enteId = `w${run}`;
  const ente = { ...d.ente, id: enteId };
  const precatorios: Precatorio[] = d.items.map(({ p, presented, facts, contratuais }, i) => {
    const month = presented.slice(0, 7) as YearMonth;
    return {
      ...p,
      numero: `${String(run * 100 + i + 1).padStart(7, '0')}-00.2024.8.14.0301`,
      enteId,
      regime: ente.regime,
      apresentacao: { kind: 'registrada', apresentadoEm: `${presented}T10:00:00.000-03:00` as CourtTimestamp },
      dataBase: addMonths(month, -3),
      processoOrigem: `${enteId}-${p.processoOrigem}`,
      beneficiarios: p.beneficiarios.map((b, k) => {
        const c = contratuais[k];
        return {
          ...b,
          id: `b${k + 1}`,
          tax: factsOf(facts[k], b.valorBrl),
          contratuais: c && { destaque: { kind: 'percentual', share: new Dec(c.bp).dividedBy(10_000) }, advogado: { tipo: c.pj ? 'PJ' : 'PF' } },
        };
      }),
    } as Precatorio;
  });
  const faceOpenCents = precatorios.flatMap((p) => p.beneficiarios).reduce((a, b) => a + Number(b.valorBrl.minus(b.pagoBrl).times(100)), 0);
  return { ente, precatorios, available: centsToMoney(Math.floor((faceOpenCents * d.moneyShareBp) / 10_000)) };
}

const byIdOf = (rows: readonly Row[], id: string): Row => {
  const r = rows.find((x) => x.id === id);
  if (!r) throw new Error(`linha de pagamento sem pagamento ${id}`);
  return r;
};

interface Row {
  numero: string;
  beneficiario_id: string;
  id: string;
  amount: string;
  tax_regime: string | null;
  irrf: string | null;
  previdencia: string | null;
  net: string | null;
}

describe.each(BACKENDS)('Σ gross = Σ net + Σ withholdings per beneficiary, to the cent, on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.open>>;
  beforeAll(async () => {
    db = await backend.open();
    await new SqlIndexStore(db).put([...SHARED_SERIES, TJAP_JUROS]);
  }, 60_000);
  afterAll(async () => {
    await db?.dispose();
  });

  it('over payment runs and staff payments (R6.6–R6.13)', async () => {
    const reached = { withheld: 0, rra: 0, pj: 0, previdencia: 0, body: 0, notCalculated: 0, lawyer: 0 };
    const env = await storedCorrectionEnv(new SqlIndexStore(db), CORRECTION_RULES);
    await fc.assert(
      fc.asyncProperty(debtorArb, async (generated) => {
        const { ente, precatorios, available } = stored(generated);
        await db.transaction((tx) => importRegistry(tx, { entes: [ente], precatorios }, 'teste'));
        const plan: PaidRun = await runPayment(
          db,
          { enteId: ente.id, availableBrl: available, paidOn: PAID_ON, actor: 'teste' },
          RULES,
          undefined,
          CORRECTION_RULES,
        );
        const beneficiaries = precatorios.flatMap((p) => p.beneficiarios.map((b) => [p.numero, b.id] as const));
        for (const s of generated.staff) {
          const [numero, beneficiarioId] = beneficiaries[s.pick % beneficiaries.length]!;
          const payeeTax = s.body
            ? {
                regime: s.isento ? ('ISENTO' as const) : ('PF_TABELA' as const),
                vinculo: 'sem-vinculo' as const,
                nm: new Dec(1),
                nonTaxablePrincipalShare: ZERO,
                previdencia: { kind: 'NENHUMA' as const },
                pensaoAlimenticiaBrl: ZERO,
                despesasJudiciaisBrl: ZERO,
              }
            : undefined;
          try {
            const r = await payPrecatorio(
              db,
              { numero, beneficiarioId, amountBrl: centsToMoney(s.cents), kind: 'cronologica', paidOn: PAID_ON, actor: 'teste', payeeTax },
              { rules: RULES, env },
            );
            if (payeeTax && r.withholding) reached.body++;
          } catch (error) {
            // Above what is owed, a settled or suspended credit, face value with a body: refused, nothing written.
            if (!(error instanceof StoreError)) throw error;
          }
        }
        const { rows } = await db.query<Row>(
          `select p.precatorio_numero as numero, p.beneficiario_id, p.id::text as id, p.amount::text as amount, p.tax_regime,
             p.irrf::text as irrf, p.previdencia::text as previdencia, p.net::text as net
           from payments p join precatorios q on q.numero = p.precatorio_numero where q.ente_id = $1 order by p.id`,
          [ente.id],
        );
        // The law, per beneficiary, over its withheld payments, summed here in decimals.
        const sums = new Map<string, { gross: Money; parts: Money }>();
        for (const r of rows) {
          if (r.tax_regime === null) {
            expect([r.irrf, r.previdencia, r.net]).toEqual([null, null, null]);
            reached.notCalculated++;
            continue;
          }
          reached.withheld++;
          if (r.tax_regime === 'PF_RRA') reached.rra++;
          if (r.tax_regime.startsWith('PJ')) reached.pj++;
          if (!money(r.previdencia!).isZero()) reached.previdencia++;
          expect(money(r.irrf!).isNegative() || money(r.previdencia!).isNegative() || money(r.net!).isNegative()).toBe(false);
          const key = `${r.numero}/${r.beneficiario_id}`;
          const s = sums.get(key) ?? { gross: ZERO, parts: ZERO };
          sums.set(key, { gross: s.gross.plus(r.amount), parts: s.parts.plus(r.net!).plus(r.irrf!).plus(r.previdencia!) });
        }
        for (const [key, s] of sums) expect([key, s.parts.toFixed(2)]).toEqual([key, s.gross.toFixed(2)]);
        // R6.21 with the parties: each liquidated payment's lines (titular, lawyer of the contratuais) net
        // + the lawyer's IRRF + the titular's IRRF and previdência = its gross, to the cent.
        const lines = await db.query<{ id: string; papel: string; irrf: string; liquido: string }>(
          `select l.payment_id::text as id, l.papel, l.irrf::text as irrf, l.liquido::text as liquido from payment_lines l
             join payments p on p.id = l.payment_id join precatorios q on q.numero = p.precatorio_numero where q.ente_id = $1`,
          [ente.id],
        );
        const linesOf = new Map<string, Money>();
        for (const l of lines.rows) {
          linesOf.set(l.id, (linesOf.get(l.id) ?? ZERO).plus(l.liquido).plus(l.irrf));
          if (l.papel === 'advogado-contratual') reached.lawyer++;
        }
        for (const [id, total] of linesOf) {
          const r = byIdOf(rows, id);
          const withheld = money(r.irrf ?? '0').plus(r.previdencia ?? '0');
          expect([id, total.plus(withheld).toFixed(2)]).toEqual([id, money(r.amount).toFixed(2)]);
        }
        // What the run answered is what it wrote: the same payments, the same withholding.
        const byId = new Map(rows.map((r) => [r.id, r]));
        plan.items.forEach((item, i) => {
          const r = byId.get(plan.paymentIds[i]!)!;
          const retention = plan.retentions[i]!;
          expect([r.numero, r.beneficiario_id, r.amount]).toEqual([item.numero, item.beneficiarioId, item.amountBrl.toFixed(2)]);
          expect('withholding' in retention ? [retention.withholding.irrfBrl.toFixed(2), retention.withholding.netBrl.toFixed(2)] : [null, null]).toEqual([
            r.irrf,
            r.net,
          ]);
        });
      }),
      { numRuns: 40 },
    );
    // Not vacuous: RRA, PJ, previdência, body-given and not-calculated payments all occurred.
    expect(reached.withheld).toBeGreaterThan(20);
    expect(reached.rra).toBeGreaterThan(3);
    expect(reached.pj).toBeGreaterThan(3);
    expect(reached.previdencia).toBeGreaterThan(3);
    expect(reached.body).toBeGreaterThan(0);
    expect(reached.notCalculated).toBeGreaterThan(0);
    expect(reached.lawyer).toBeGreaterThan(3);
  }, 600_000);
});
