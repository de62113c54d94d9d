// Goal: a staff payment run (rodada de pagamento) spends the money in the legal order, to the cent:
// tranches first and capped (R3.3, R3.8), then the chronological list with no one skipped, a partial
// payment keeping its position (R2.8). Method: fast-check over generated debtors (both regimes,
// suspended precatórios, several beneficiaries, earlier payments), run dates and amounts from zero
// to more than the whole payable balance; each law is named in words. Runtime: ~2 s (seeded).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IsoDate, yearOf } from '../../src/domain/dates.ts';
import type { EnteDevedor } from '../../src/domain/ente.ts';
import { Dec, type Money, ZERO } from '../../src/domain/money.ts';
import { type Precatorio, saldoOf } from '../../src/domain/precatorio.ts';
import { type PaymentOrder, buildPaymentOrder } from '../../src/domain/queue/payment-order.ts';
import { type PaymentRunPlan, planPaymentRun } from '../../src/domain/queue/payment-run.ts';
import { debtorListArb, isoDateArb } from '../support/arbitraries.ts';
import { RULES } from '../support/rules.ts';

const RUNS = { numRuns: 150, seed: 20261123 };

/** A debtor, a run date and an amount: a per-mille of the payable balance (0 … 120 %), or a few cents. */
type RunInput = [{ ente: EnteDevedor; precatorios: Precatorio[] }, IsoDate, number];
const runArb: fc.Arbitrary<RunInput> = fc.tuple(
  debtorListArb(25),
  isoDateArb(2018, 2032),
  fc.oneof(fc.integer({ min: 0, max: 1200 }), fc.integer({ min: -50, max: -1 })),
);

function scenario([{ ente, precatorios }, runDate, amountCode]: RunInput) {
  const order = buildPaymentOrder(precatorios, ente, runDate, RULES);
  const payable = planPaymentRun(order, ente.regime, ZERO).payableBrl;
  const available = amountCode < 0 ? new Dec(-amountCode).dividedBy(100) : payable.times(amountCode).dividedBy(1000).toDecimalPlaces(2, Dec.ROUND_DOWN);
  return { ente, precatorios, order, available, plan: planPaymentRun(order, ente.regime, available) };
}

const sumOf = (xs: readonly Money[]) => xs.reduce<Money>((a, x) => a.plus(x), ZERO);

/** What the registry holds after the run: payments added, `pago` when settled (as registerPayment does). */
function applyRun(precatorios: readonly Precatorio[], plan: PaymentRunPlan): Precatorio[] {
  return precatorios.map((p) => {
    const beneficiarios = p.beneficiarios.map((b) => {
      const mine = plan.items.filter((i) => i.numero === p.numero && i.beneficiarioId === b.id);
      const superpref = sumOf(mine.filter((i) => i.kind === 'superpreferencia').map((i) => i.amountBrl));
      return { ...b, pagoBrl: b.pagoBrl.plus(sumOf(mine.map((i) => i.amountBrl))), superpreferenciaPagaBrl: b.superpreferenciaPagaBrl.plus(superpref) };
    });
    const settled = plan.items.some((i) => i.numero === p.numero) && beneficiarios.every((b) => saldoOf(b).isZero());
    return { ...p, beneficiarios, status: settled ? 'pago' : p.status };
  });
}

function paidByNumero(plan: PaymentRunPlan, kind: 'cronologica' | 'superpreferencia'): Map<string, Money> {
  const paid = new Map<string, Money>();
  for (const i of plan.items) if (i.kind === kind) paid.set(i.numero, (paid.get(i.numero) ?? ZERO).plus(i.amountBrl));
  return paid;
}

/**
 * Who the list may pay, stated here independently of the code: active precatórios only; in regime
 * geral, only budget years up to the run's year (CF art. 100 §5).
 */
function mayBePaid(entry: PaymentOrder['chronological'][number], regime: EnteDevedor['regime'], runDate: IsoDate): boolean {
  return entry.item.status === 'ativo' && (regime === 'especial' || entry.key.budgetYear <= yearOf(runDate));
}

function payableEntries(order: PaymentOrder, regime: EnteDevedor['regime']) {
  return order.chronological.filter((e) => mayBePaid(e, regime, order.runDate));
}

describe('properties of the staff payment run (R3.8, R2.8)', () => {
  it('conserves money: paid = min(available, payable balance), paid + left over = available, every payment a positive amount in cents', () => {
    let exhausted = 0;
    let leftover = 0;
    fc.assert(
      fc.property(runArb, (input) => {
        const { available, plan } = scenario(input);
        const expected = available.lessThan(plan.payableBrl) ? available : plan.payableBrl;
        expect(plan.paidBrl.equals(expected)).toBe(true);
        expect(sumOf(plan.items.map((i) => i.amountBrl)).equals(plan.paidBrl)).toBe(true);
        expect(plan.paidBrl.plus(plan.leftoverBrl).equals(available)).toBe(true);
        for (const i of plan.items) {
          expect(i.amountBrl.greaterThan(0)).toBe(true);
          expect(i.amountBrl.times(100).isInteger()).toBe(true);
          expect(i.balanceAfterBrl.isNegative()).toBe(false);
        }
        if (plan.leftoverBrl.isZero() && !plan.paidBrl.isZero()) exhausted++;
        if (!plan.leftoverBrl.isZero()) leftover++;
      }),
      RUNS,
    );
    // Both endings must be exercised: money runs out, and money is left over.
    expect(exhausted).toBeGreaterThan(20);
    expect(leftover).toBeGreaterThan(10);
  });

  it('pays the tranches first, in list order, each at most its capped tranche — and reaches the list only when all are paid in full', () => {
    let cutTranches = 0;
    fc.assert(
      fc.property(runArb, (input) => {
        const { order, plan } = scenario(input);
        const kinds = plan.items.map((i) => i.kind);
        const firstChronological = kinds.indexOf('cronologica');
        if (firstChronological >= 0) expect(kinds.slice(firstChronological).every((k) => k === 'cronologica')).toBe(true);
        const tranches = plan.items.filter((i) => i.kind === 'superpreferencia');
        tranches.forEach((item, n) => {
          const tranche = order.superpreference[n]!;
          // The n-th tranche paid is the n-th of the list: none is skipped.
          expect([item.numero, item.beneficiarioId, item.position]).toEqual([tranche.numero, tranche.beneficiarioId, tranche.position]);
          expect(item.amountBrl.lessThanOrEqualTo(tranche.amountBrl)).toBe(true);
          expect(tranche.amountBrl.lessThanOrEqualTo(order.superpreferenceCapBrl)).toBe(true);
          // Only the last one reached may be cut short.
          if (n < tranches.length - 1) expect(item.amountBrl.equals(tranche.amountBrl)).toBe(true);
          else if (!item.amountBrl.equals(tranche.amountBrl)) cutTranches++;
        });
        if (firstChronological >= 0) expect(tranches).toHaveLength(order.superpreference.length);
      }),
      RUNS,
    );
    expect(cutTranches).toBeGreaterThan(0);
  });

  it('never pays the chronological list past someone payable who is not paid in full; at most one is paid in part', () => {
    let partials = 0;
    fc.assert(
      fc.property(runArb, (input) => {
        const { ente, order, plan } = scenario(input);
        const paid = paidByNumero(plan, 'cronologica');
        let reachedUnpaid = false;
        let partialSeen = 0;
        for (const entry of payableEntries(order, ente.regime)) {
          const got = paid.get(entry.item.numero) ?? ZERO;
          if (reachedUnpaid) expect(got.isZero()).toBe(true);
          else if (got.lessThan(entry.remainderBrl)) {
            reachedUnpaid = true;
            if (!got.isZero()) partialSeen++;
          } else expect(got.equals(entry.remainderBrl)).toBe(true);
        }
        expect(partialSeen).toBeLessThanOrEqual(1);
        partials += partialSeen;
      }),
      RUNS,
    );
    expect(partials).toBeGreaterThan(10);
  });

  it('gives nothing to a suspended precatório, nor, in regime geral, to a budget year after the run date', () => {
    let skipped = 0;
    fc.assert(
      fc.property(runArb, (input) => {
        const { ente, order, plan } = scenario(input);
        const paid = new Set(plan.items.map((i) => i.numero));
        for (const entry of order.chronological) {
          if (mayBePaid(entry, ente.regime, order.runDate)) continue;
          skipped++;
          expect(paid.has(entry.item.numero)).toBe(false);
        }
      }),
      RUNS,
    );
    expect(skipped).toBeGreaterThan(50);
  });

  it('splits a partial payment among the beneficiaries in proportion to what remains to each (±1 centavo), never above it', () => {
    let splits = 0;
    fc.assert(
      fc.property(runArb, (input) => {
        const { precatorios, order, plan } = scenario(input);
        if (!plan.partial) return;
        const entry = order.chronological.find((e) => e.item.numero === plan.partial!.numero);
        const items = plan.items.filter((i) => i.kind === 'cronologica' && i.numero === plan.partial!.numero);
        if (!entry || items.length === 0) return;
        const p = precatorios.find((x) => x.numero === entry.item.numero)!;
        const tranche = (id: string) => sumOf(order.superpreference.filter((t) => t.numero === p.numero && t.beneficiarioId === id).map((t) => t.amountBrl));
        const total = sumOf(items.map((i) => i.amountBrl));
        if (p.beneficiarios.length > 1) splits++;
        for (const b of p.beneficiarios) {
          const remainder = saldoOf(b).minus(tranche(b.id));
          const got = sumOf(items.filter((i) => i.beneficiarioId === b.id).map((i) => i.amountBrl));
          expect(got.lessThanOrEqualTo(remainder)).toBe(true);
          const exact = total.times(remainder).dividedBy(entry.remainderBrl);
          expect(got.minus(exact).abs().lessThan(new Dec('0.01'))).toBe(true);
        }
      }),
      RUNS,
    );
    expect(splits).toBeGreaterThan(3);
  });

  it('keeps positions (R2.8): after the run, the list is the same list without the precatórios it settled', () => {
    let settled = 0;
    fc.assert(
      fc.property(runArb, (input) => {
        const { ente, precatorios, order, plan } = scenario(input);
        const after = buildPaymentOrder(applyRun(precatorios, plan), ente, order.runDate, RULES);
        const gone = new Set(plan.settled);
        expect(after.chronological.map((e) => e.item.numero)).toEqual(order.chronological.map((e) => e.item.numero).filter((n) => !gone.has(n)));
        // Settled means: every beneficiary's balance is zero after the run.
        for (const numero of plan.settled) {
          const p = applyRun(precatorios, plan).find((x) => x.numero === numero)!;
          expect(p.beneficiarios.every((b) => saldoOf(b).isZero())).toBe(true);
        }
        if (plan.partial) expect(gone.has(plan.partial.numero)).toBe(false);
        settled += plan.settled.length;
      }),
      RUNS,
    );
    expect(settled).toBeGreaterThan(100);
  });
});
