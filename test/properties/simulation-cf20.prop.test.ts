// Goal: the simulation keeps a CF §20 parcelamento (R7.10) as the law says, for any regime geral
// debtor: the chronological list pays a parcelled precatório only the parcels due by each year, at
// its original place, and goes on to the next ones; nothing else in the month changes (money is
// conserved, nobody behind is paid while one ahead still has something payable); regime especial
// is not held (cf20HoldsList).
// Method: fast-check over the generated debtors of the simulation laws (budget years 2019–2030, so
// parcels fall inside 2026–2033), with no growth so balances are the registry's open face values;
// every payment is followed from `onPayment` and checked against the parcels computed here from
// `cf20HeldShare` — a beneficiary's held part is its open balance at the start × the year's share.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type YearMonth, addMonths, yearOf } from '../../src/domain/dates.ts';
import { Dec, ZERO } from '../../src/domain/money.ts';
import { saldoOf } from '../../src/domain/precatorio.ts';
import { parcelamentosOf } from '../../src/domain/queue/parcelamentos-cf20.ts';
import { cf20HeldShare } from '../../src/domain/rules/parcelamento-cf20.ts';
import { type EnteFunding, type SimulatedPayment, enteQueueOf, moneyToCents, simulate } from '../../src/domain/simulation/index.ts';
import { debtorListArb } from '../support/arbitraries.ts';
import { RULES } from '../support/rules.ts';

const FROM = '2026-01' as YearMonth;

const caseArb = fc
  .tuple(
    debtorListArb(20),
    fc.integer({ min: 0, max: 40_000_000 }),
    fc.integer({ min: 24, max: 96 }),
    fc.constantFrom('geral' as const, 'geral' as const, 'especial' as const),
  )
  .map(([{ ente, precatorios }, monthlyCents, months, regime]) => {
    const debtor = { ...ente, regime };
    const funding: EnteFunding = {
      enteId: ente.id,
      source:
        regime === 'geral'
          ? { kind: 'dotacao-anual', annualBrl: new Dec(monthlyCents * 12).dividedBy(100) }
          : { kind: 'deposito-mensal', monthlyBrl: new Dec(monthlyCents).dividedBy(100) },
      chronologicalShare: new Dec(1),
      growthPctYear: ZERO,
    };
    return { ente: debtor, precatorios: precatorios.map((p) => ({ ...p, regime })), funding, until: addMonths(FROM, months - 1) };
  });

type Case = typeof caseArb extends fc.Arbitrary<infer C> ? C : never;

function run(c: Case, withPlans = true) {
  const payments: SimulatedPayment[] = [];
  const plans = parcelamentosOf(c.precatorios, RULES);
  const result = simulate([enteQueueOf(c.ente, c.precatorios, RULES)], [c.funding], {
    from: FROM,
    until: c.until,
    rules: RULES,
    parcelamentosCf20: withPlans ? plans : undefined,
    onPayment: (p) => payments.push(p),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return { ente: result.value.entes[0]!, payments, plans };
}

/** Per beneficiary: the open face at the start and, per year, the part the list may not pay (R7.10). */
function heldOf(c: Case, plans: ReturnType<typeof parcelamentosOf>) {
  const byNumero = new Map(c.precatorios.map((p) => [p.numero, p]));
  const start = new Map<string, number>();
  for (const p of c.precatorios) for (const b of p.beneficiarios) start.set(`${p.numero}|${b.id}`, moneyToCents(saldoOf(b)));
  const planOf = new Map(plans.map((plan) => [plan.numero, plan]));
  const held = (numero: string, beneficiarioId: string, year: number) => {
    const plan = planOf.get(numero);
    const p = byNumero.get(numero)!;
    if (!plan) return 0;
    const openFace = p.beneficiarios.reduce((s, b) => s.plus(saldoOf(b)), ZERO);
    return Math.round(start.get(`${numero}|${beneficiarioId}`)! * cf20HeldShare(plan, openFace, year));
  };
  return { start, held, planOf, byNumero };
}

describe('CF §20 parcelamento in the simulation (R7.10)', () => {
  it('the list never pays a parcelled precatório into the parcels not yet due, and then goes on down the list', () => {
    let heldPayments = 0;
    let passedOver = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        if (c.ente.regime !== 'geral') return;
        const { ente, payments, plans } = run(c);
        const { start, held, byNumero } = heldOf(c, plans);
        const balance = new Map(start);
        const position = new Map(ente.projections.map((p) => [p.numero, p.position]));
        const byMonth = new Map<YearMonth, SimulatedPayment[]>();
        for (const p of payments) byMonth.set(p.month, [...(byMonth.get(p.month) ?? []), p]);
        for (const [month, paid] of byMonth) {
          const year = yearOf(month);
          for (const p of paid) {
            const key = `${p.numero}|${p.beneficiarioId}`;
            const before = balance.get(key)!;
            balance.set(key, before - p.amountCents);
            if (p.kind !== 'cronologica') continue;
            const h = held(p.numero, p.beneficiarioId, year);
            // Law 1: what the list pays leaves at least the held part owed.
            expect(before - p.amountCents).toBeGreaterThanOrEqual(Math.min(h, before));
            if (h > 0) heldPayments++;
          }
          // Law 2: everyone the list paid this month had nothing payable left ahead of them at month's end.
          const lastListed = Math.max(0, ...paid.filter((p) => p.kind === 'cronologica').map((p) => position.get(p.numero)!));
          for (const q of ente.projections) {
            if (q.position >= lastListed || q.payableFrom === null || q.payableFrom > month) continue;
            let listOpen = 0;
            let heldLeft = 0;
            for (const b of byNumero.get(q.numero)!.beneficiarios) {
              const left = balance.get(`${q.numero}|${b.id}`)!;
              const h = held(q.numero, b.id, year);
              listOpen += Math.max(0, left - h);
              heldLeft += Math.min(left, h);
            }
            expect(listOpen).toBe(0);
            if (heldLeft > 0) passedOver++;
          }
        }
      }),
      { numRuns: 120 },
    );
    expect(heldPayments).toBeGreaterThan(20);
    expect(passedOver).toBeGreaterThan(5);
  });

  it('a parcelled precatório is never settled by the list before the year of its last parcel', () => {
    let settledOnTime = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        if (c.ente.regime !== 'geral') return;
        const { ente, plans } = run(c);
        const { planOf } = heldOf(c, plans);
        for (const p of ente.projections) {
          const plan = planOf.get(p.numero);
          if (!plan || !p.fullPaymentMonth || p.superpreferencePaidCents > 0 || p.acordoPaidCents > 0 || p.startBalanceCents === 0) continue;
          const lastParcel = plan.parcels.at(-1)!.year;
          expect(yearOf(p.fullPaymentMonth)).toBeGreaterThanOrEqual(lastParcel);
          if (lastParcel >= yearOf(FROM)) settledOnTime++;
        }
      }),
      { numRuns: 120 },
    );
    expect(settledOnTime).toBeGreaterThan(3);
  });

  it('holds back nothing in regime especial: the run is the same with or without the parcelamentos', () => {
    let parcelled = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        if (c.ente.regime !== 'especial') return;
        const withPlans = run(c);
        parcelled += withPlans.plans.length;
        expect(withPlans.payments).toEqual(run(c, false).payments);
      }),
      { numRuns: 60 },
    );
    expect(parcelled).toBeGreaterThan(10);
  });
});
