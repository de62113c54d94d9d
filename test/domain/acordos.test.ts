// Goal: the pure rules of the acordos diretos (R7.6, R7.7): the O7.4 oracle (Pará deságios 15 %,
// 20 %, 40 % on R$ 100.000,00 → 85.000,00 / 80.000,00 / 60.000,00 before taxes); an edital's limit
// never above the ADCT 102 §1 cap; a habilitação refused above the limit or outside the period, with
// a Portuguese message; and fast-check laws of the call in list order — the acordos made are a prefix
// of the habilitados (no later one paid while an earlier one waits), their sum never exceeds the
// acordo balance, paid + renounced = owed to the cent, and the call stops only when the next acordo
// does not fit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADCT102_DESAGIO_MAX, acordoAmounts, editalProblem, habilitacaoProblem, planCall } from '../../src/domain/acordos.ts';
import { isoDate } from '../../src/domain/dates.ts';
import { Dec, ZERO, money } from '../../src/domain/money.ts';
import { isoDateArb, moneyArb } from '../support/arbitraries.ts';

const EDITAL = { abertura: isoDate('2026-01-01'), encerramento: isoDate('2026-01-31'), desagioMax: new Dec('0.40') };
const desagioArb = fc.integer({ min: 0, max: 4000 }).map((bp) => new Dec(bp).dividedBy(10000));

describe('acordos diretos (R7.6, R7.7)', () => {
  it('O7.4: 100.000,00 at 15 %, 20 %, 40 % pays 85.000,00 / 80.000,00 / 60.000,00 before taxes', () => {
    expect(['0.15', '0.20', '0.40'].map((d) => acordoAmounts(money('100000.00'), new Dec(d)).paidBrl.toFixed(2))).toEqual(['85000.00', '80000.00', '60000.00']);
  });

  it('refuses an edital above the 40 % cap or closing before it opens, naming the field', () => {
    expect(editalProblem({ ...EDITAL, desagioMax: new Dec('0.41') })).toEqual({
      campo: 'desagioMaximo',
      motivo: 'deságio máximo 41 % fora do permitido: entre 0 % e 40 % (ADCT art. 102 §1º, R7.6)',
    });
    expect(editalProblem({ ...EDITAL, encerramento: isoDate('2025-12-31') })?.campo).toBe('encerramento');
    expect(editalProblem(EDITAL)).toBeUndefined();
    expect(ADCT102_DESAGIO_MAX.toString()).toBe('0.4');
  });

  it('refuses a habilitação above the limit or outside the period (Portuguese, field named)', () => {
    expect(habilitacaoProblem(EDITAL, isoDate('2026-01-10'), new Dec('0.45'))).toEqual({
      campo: 'desagio',
      motivo: 'deságio de 45 % acima do limite do edital (40 %, R7.6)',
    });
    expect(habilitacaoProblem(EDITAL, isoDate('2026-02-01'), new Dec('0.1'))).toEqual({
      campo: 'data',
      motivo: 'habilitação em 2026-02-01 fora do prazo do edital (2026-01-01 a 2026-01-31, R7.7)',
    });
    expect(habilitacaoProblem(EDITAL, isoDate('2026-01-31'), new Dec('0.4'))).toBeUndefined();
  });

  it('law: a habilitação is accepted iff deságio ≤ limit and the date is in the period', () => {
    fc.assert(
      fc.property(desagioArb, desagioArb, isoDateArb(2025, 2027), (limit, d, date) => {
        const e = { ...EDITAL, desagioMax: limit };
        const inPeriod = date >= e.abertura && date <= e.encerramento;
        expect(habilitacaoProblem(e, date, d) === undefined).toBe(inPeriod && d.lessThanOrEqualTo(limit));
      }),
    );
  });

  it('law: the call pays a prefix of the list, within the balance, stopping only at an acordo that does not fit', () => {
    const candidatesArb = fc.array(fc.record({ owedBrl: moneyArb(50_000_000), desagio: desagioArb }), { maxLength: 30 });
    fc.assert(
      fc.property(candidatesArb, moneyArb(200_000_000), (raw, balance) => {
        const list = raw.map((c, i) => ({ ...c, key: i }));
        const plan = planCall(list, balance);
        const payable = list.filter((c) => c.owedBrl.greaterThan(0));
        // list order: the acordos are exactly the first k payable habilitados (nobody later paid ahead).
        expect(plan.acordos.map((a) => a.key)).toEqual(payable.slice(0, plan.acordos.length).map((c) => c.key));
        const total = plan.acordos.reduce((s, a) => s.plus(a.paidBrl), ZERO);
        expect(total.lessThanOrEqualTo(balance)).toBe(true);
        expect(plan.remainingBrl.toFixed(2)).toBe(balance.minus(total).toFixed(2));
        for (const a of plan.acordos) {
          expect(a.paidBrl.plus(a.renouncedBrl).toFixed(2)).toBe(a.owedBrl.toFixed(2));
          expect(a.renouncedBrl.lessThanOrEqualTo(a.owedBrl.times(a.desagio).plus('0.005'))).toBe(true);
        }
        const next = payable[plan.acordos.length];
        if (next) {
          expect(plan.stoppedAt?.key).toBe(next.key);
          expect(acordoAmounts(next.owedBrl, next.desagio).paidBrl.greaterThan(plan.remainingBrl)).toBe(true);
        } else expect(plan.stoppedAt).toBeUndefined();
      }),
    );
  });
});
