// Goal: the superpreference list (R3) respects its caps and keeps every real of every precatório.
// Method: fast-check over generated debtors, beneficiaries (ages, illness, disability, cessionários)
// and run dates; each law is named in words.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Money, ZERO } from '../../src/domain/money.ts';
import { saldoOf } from '../../src/domain/precatorio.ts';
import { buildPaymentOrder, DEFAULT_PAYMENT_ORDER_OPTIONS } from '../../src/domain/queue/payment-order.ts';
import { capKeyOf, eligibilityOf } from '../../src/domain/queue/superpreference.ts';
import { superpreferenceAgeOn } from '../../src/domain/rules/superpreference-age.ts';
import { debtorListArb, isoDateArb } from '../support/arbitraries.ts';
import { RULES } from '../support/rules.ts';

const RUNS = { numRuns: 200 };
const scenario = fc.tuple(
  debtorListArb(30),
  isoDateArb(2018, 2032),
  fc.constantFrom('PER_EXECUTION', 'PER_PRECATORIO') as fc.Arbitrary<'PER_EXECUTION' | 'PER_PRECATORIO'>,
);

describe('properties of the superpreference list (R3)', () => {
  it('never lets a creditor receive more than the cap, counting what was already paid (R3.3, R3.4)', () => {
    fc.assert(
      fc.property(scenario, ([{ ente, precatorios }, runDate, scope]) => {
        const order = buildPaymentOrder(precatorios, ente, runDate, RULES, { ...DEFAULT_PAYMENT_ORDER_OPTIONS, superprefScope: scope });
        const used = new Map<string, Money>();
        for (const p of precatorios)
          for (const b of p.beneficiarios) {
            const key = capKeyOf(p, b, scope);
            used.set(key, (used.get(key) ?? ZERO).plus(b.superpreferenciaPagaBrl));
          }
        const byId = new Map(precatorios.flatMap((p) => p.beneficiarios.map((b) => [b.id, { p, b }] as const)));
        for (const t of order.superpreference) {
          const { p, b } = byId.get(t.beneficiarioId)!;
          expect(t.amountBrl.isPositive()).toBe(true);
          expect(t.amountBrl.lessThanOrEqualTo(saldoOf(b))).toBe(true);
          const key = capKeyOf(p, b, scope);
          used.set(key, used.get(key)!.plus(t.amountBrl));
        }
        for (const [key, total] of used) {
          const alreadyPaid = precatorios
            .flatMap((p) => p.beneficiarios.filter((b) => capKeyOf(p, b, scope) === key))
            .reduce<Money>((a, b) => a.plus(b.superpreferenciaPagaBrl), ZERO);
          // A tranche is granted only while the cap has room; history may already exceed it.
          expect(total.lessThanOrEqualTo(order.superpreferenceCapBrl) || total.equals(alreadyPaid)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('keeps every real: tranche + remainder = open balance, for every precatório in the list', () => {
    let tranches = 0;
    let capped = 0;
    fc.assert(
      fc.property(scenario, ([{ ente, precatorios }, runDate]) => {
        const order = buildPaymentOrder(precatorios, ente, runDate, RULES);
        tranches += order.superpreference.length;
        capped += order.superpreference.filter((t) => t.amountBrl.equals(order.superpreferenceCapBrl)).length;
        for (const entry of order.chronological) {
          const tranches = order.superpreference.filter((t) => t.numero === entry.item.numero).reduce<Money>((a, t) => a.plus(t.amountBrl), ZERO);
          expect(tranches.equals(entry.superpreferenceBrl)).toBe(true);
          expect(entry.superpreferenceBrl.plus(entry.remainderBrl).equals(entry.saldoBrl)).toBe(true);
          expect(entry.remainderBrl.isNegative()).toBe(false);
        }
      }),
      RUNS,
    );
    // The generators must exercise the law: many tranches, some of them cut by the cap.
    expect(tranches).toBeGreaterThan(100);
    expect(capped).toBeGreaterThan(0);
  });

  it('never gives a tranche to a cessionário, to a comum credit, or to a holder without a ground on the run date', () => {
    fc.assert(
      fc.property(scenario, ([{ ente, precatorios }, runDate]) => {
        const order = buildPaymentOrder(precatorios, ente, runDate, RULES);
        const byId = new Map(precatorios.flatMap((p) => p.beneficiarios.map((b) => [b.id, { p, b }] as const)));
        for (const t of order.superpreference) {
          const { p, b } = byId.get(t.beneficiarioId)!;
          expect(b.titularidade).not.toBe('cessionario');
          expect(p.natureza).toBe('alimentar');
          expect(p.status).toBe('ativo');
          expect(t.groundSince <= runDate).toBe(true);
          expect(eligibilityOf(p, b, runDate, superpreferenceAgeOn(RULES, runDate)).eligible).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('keeps the original position of the remainder: the chronological list is the same with or without tranches (R2.8)', () => {
    fc.assert(
      fc.property(scenario, ([{ ente, precatorios }, runDate]) => {
        const order = buildPaymentOrder(precatorios, ente, runDate, RULES);
        const withoutGrounds = precatorios.map((p) => ({
          ...p,
          beneficiarios: p.beneficiarios.map((b) => ({ ...b, nascimento: undefined, doencaGraveDesde: undefined, deficienciaDesde: undefined })),
        }));
        const plain = buildPaymentOrder(withoutGrounds, ente, runDate, RULES);
        expect(plain.superpreference).toHaveLength(0);
        expect(order.chronological.map((e) => [e.position, e.item.numero])).toEqual(plain.chronological.map((e) => [e.position, e.item.numero]));
      }),
      RUNS,
    );
  });

  it('lists tranches in chronological-list order by default (R3.7)', () => {
    fc.assert(
      fc.property(scenario, ([{ ente, precatorios }, runDate]) => {
        const positions = buildPaymentOrder(precatorios, ente, runDate, RULES).superpreference.map((t) => t.chronologicalPosition);
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
      }),
      RUNS,
    );
  });

  it('in regime geral, gives no tranche to a budget year after the run year (R3.7 default)', () => {
    fc.assert(
      fc.property(scenario, ([{ ente, precatorios }, runDate]) => {
        const order = buildPaymentOrder(precatorios, { ...ente, regime: 'geral' }, runDate, RULES);
        for (const t of order.superpreference) expect(t.budgetYear).toBeLessThanOrEqual(Number(runDate.slice(0, 4)));
      }),
      RUNS,
    );
  });
});
