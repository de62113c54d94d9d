// Goal: withholding on a beneficiary's liquidated gross (money-movements.md §6.2, R6.6–R6.13):
// IRRF by the RRA method (table × NM), the monthly table with desconto simplificado and the Lei 15.270
// reduction, PJ flat rates, exempt components and previdência. Method: the O6.5 oracles to the cent,
// the O6.3 zero-tax limit, and fast-check laws over generated credits on the shipped tables: Σ gross =
// net + withholdings, IRRF monotone in the base, zero when exempt, NM scaling, Tema 808 exemption.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Components } from '../../../src/domain/correction/types.ts';
import { type IsoDate, isoDate } from '../../../src/domain/dates.ts';
import {
  DEFAULT_WITHHOLDING_CONFIG,
  TAX_REGIMES,
  type Withholding,
  type WithholdingInput,
  describeWithholdingError,
  rraMonthsForPayment,
  withholdingOf,
} from '../../../src/domain/liquidation/index.ts';
import { Dec, type Money, ZERO } from '../../../src/domain/money.ts';
import { isoDateArb, moneyArb } from '../../support/arbitraries.ts';
import { RULES } from '../../support/rules.ts';

const TAX = RULES.tax;
const brl = (text: string) => new Dec(text);
const principal = (amount: string | Money): Components => ({ principal: new Dec(amount), jurosMora: ZERO, selic: ZERO, jurosEc136: ZERO });

/** A servant's RRA credit with nothing deducted; each test overrides what it is about. */
const rra = (over: Partial<WithholdingInput> = {}): WithholdingInput => ({
  gross: principal('100000.00'),
  principalNaoTributavel: ZERO,
  regime: 'PF_RRA',
  natureza: 'alimentar',
  vinculo: 'com-vinculo',
  nm: new Dec(24),
  date: isoDate('2025-06-10'),
  previdencia: { kind: 'NENHUMA' },
  pensaoAlimenticiaBrl: ZERO,
  despesasJudiciaisBrl: ZERO,
  ...over,
});

const mustOk = (input: WithholdingInput, config = DEFAULT_WITHHOLDING_CONFIG): Withholding => {
  const result = withholdingOf(input, TAX, config);
  if (!result.ok) throw new Error(describeWithholdingError(result.error));
  return result.value;
};
const irrf = (input: WithholdingInput) => mustOk(input).irrfBrl.toFixed(2);

describe('O6.5 — RRA withholding on the 05/2025 table × NM, to the cent', () => {
  it('base 100.000,00, NM 24 → 22,5 % band (limit 111.952,32), deduction 16.211,76 → 6.288,24', () => {
    const w = mustOk(rra());
    expect([w.irBaseBrl.toFixed(2), w.irrfBrl.toFixed(2), w.netBrl.toFixed(2)]).toEqual(['100000.00', '6288.24', '93711.76']);
    expect(w.rulesApplied.map((r) => r.validFrom)).toEqual(['2025-05-01']);
  });

  it('120.000,00 − 30 % contratuais − 13.200,00 previdência = 70.800,00, NM 24 → 15 % band → 1.160,16', () => {
    const w = mustOk(
      rra({ gross: principal('120000.00'), despesasJudiciaisBrl: brl('36000.00'), previdencia: { kind: 'INDICADA', amountBrl: brl('13200.00') } }),
    );
    expect([w.irBaseBrl.toFixed(2), w.irrfBrl.toFixed(2), w.previdenciaBrl.toFixed(2)]).toEqual(['70800.00', '1160.16', '13200.00']);
    // The contratuais are the lawyer's money, paid from the gross elsewhere (R6.14): only IR and previdência leave here.
    expect(w.netBrl.toFixed(2)).toBe('105639.84');
  });

  it('base 50.000,00, NM 24 → 0; and any base up to 58.291,20 (2.428,80 × 24) pays nothing', () => {
    expect(irrf(rra({ gross: principal('50000.00') }))).toBe('0.00');
    fc.assert(fc.property(moneyArb(5_829_120), (base) => irrf(rra({ gross: principal(base) })) === '0.00'));
    expect(irrf(rra({ gross: principal('58291.20') }))).toBe('0.00');
    expect(Number(irrf(rra({ gross: principal('60000.00') })))).toBeGreaterThan(0);
  });

  it('RRA in 2026 keeps the table × NM without the Lei 15.270 reduction by default ([UNC] rraMonthlyReduction)', () => {
    expect(irrf(rra({ date: isoDate('2026-01-15') }))).toBe('6288.24');
    // MULTIPLY_BY_NM: 100.000 / 24 = 4.166,67 a month, below 5.000 → the reduction × 24 takes the tax to zero.
    const scaled = withholdingOf(rra({ date: isoDate('2026-01-15') }), TAX, { ...DEFAULT_WITHHOLDING_CONFIG, rraMonthlyReduction: 'MULTIPLY_BY_NM' });
    expect(scaled.ok && scaled.value.irrfBrl.toFixed(2)).toBe('0.00');
  });
});

describe('the R5.17 credit paid whole on 15/01/2026 (README example; arithmetic by hand in the comments)', () => {
  // Owed: principal 118.078,87 + juros de mora 4.353,80 + SELIC 51.372,75 + EC 136 983,99 = 174.789,41 (R5.17).
  const gross = { principal: brl('118078.87'), jurosMora: brl('4353.80'), selic: brl('51372.75'), jurosEc136: brl('983.99') };
  const on = (over: Partial<WithholdingInput>) => mustOk(rra({ gross, date: isoDate('2026-01-15'), ...over }));
  const figures = (w: Withholding) => [w.irBaseBrl, w.irrfBrl, w.previdenciaBrl, w.netBrl].map((d) => d.toFixed(2));

  it('servant, IGEPREV 14 %: 118.078,87 − 16.531,04 = 101.547,83 ≤ 111.952,32 → 22.848,26 − 16.211,76 = 6.636,50', () => {
    expect(figures(on({ previdencia: { kind: 'ALIQUOTA', regime: 'IGEPREV_PA' } }))).toEqual(['101547.83', '6636.50', '16531.04', '151621.87']);
  });

  it('sem vínculo: the whole 174.789,41 is taxable → 27,5 %: 48.067,09 − 21.809,52 = 26.257,57', () => {
    expect(figures(on({ vinculo: 'sem-vinculo' }))).toEqual(['174789.41', '26257.57', '0.00', '148531.84']);
  });
});

describe('monthly table (PF_TABELA): desconto simplificado and the Lei 15.270 reduction (O6.2, O6.3)', () => {
  const monthly = (income: Money, date: IsoDate) =>
    rra({ regime: 'PF_TABELA', vinculo: 'sem-vinculo', natureza: 'comum', gross: principal(income), date, nm: new Dec(1) });

  it('5.000,00 in 12/2025: 5.000 − 607,20 = 4.392,80 → 22,5 % band → 312,89, which the 2026 reduction brings to zero', () => {
    expect(mustOk(monthly(brl('5000.00'), isoDate('2025-12-10'))).irrfBrl.toFixed(2)).toBe('312.89');
    expect(mustOk(monthly(brl('5000.00'), isoDate('2026-01-10'))).irrfBrl.toFixed(2)).toBe('0.00');
  });

  it('from 01/2026: zero up to 5.000,00; the 2025 tax less 978,62 − 0,133145 × income up to 7.350,00; unchanged above', () => {
    fc.assert(
      fc.property(moneyArb(1_500_000), (income) => {
        const before = mustOk(monthly(income, isoDate('2025-12-10'))).irrfBrl;
        const after = mustOk(monthly(income, isoDate('2026-01-10'))).irrfBrl;
        if (income.lessThanOrEqualTo(5000)) return after.isZero();
        if (income.greaterThan(7350)) return after.equals(before);
        const reduction = Dec.max(0, new Dec('978.62').minus(income.times('0.133145')).toDecimalPlaces(2, Dec.ROUND_HALF_UP));
        return after.equals(Dec.max(0, before.minus(reduction)));
      }),
    );
  });
});

describe('exempt components and regimes (R6.7, R6.10)', () => {
  const interest = fc.record({ jurosMora: moneyArb(), selic: moneyArb(), jurosEc136: moneyArb() });

  it('a servant’s remuneration: juros de mora, EC 136 interest and (by default) SELIC do not change the IRRF (Tema 808)', () => {
    fc.assert(fc.property(moneyArb(), interest, (p, extra) => irrf(rra({ gross: { principal: p, ...extra } })) === irrf(rra({ gross: principal(p) }))));
  });

  it('other PF income (sem vínculo): every component is taxable, so the taxable base is the whole gross', () => {
    fc.assert(
      fc.property(moneyArb(), interest, (p, extra) => {
        const w = mustOk(rra({ vinculo: 'sem-vinculo', gross: { principal: p, ...extra } }));
        return w.taxableBrl.equals(w.grossBrl);
      }),
    );
  });

  it('ISENTO and PJ_SIMPLES withhold nothing; the principal não tributável never enters the base', () => {
    fc.assert(
      fc.property(moneyArb(), interest, fc.constantFrom('ISENTO', 'PJ_SIMPLES' as const), (p, extra, regime) => {
        const w = mustOk(rra({ regime, gross: { principal: p, ...extra } }));
        return w.irrfBrl.isZero() && w.netBrl.equals(w.grossBrl);
      }),
    );
    fc.assert(fc.property(moneyArb(), (p) => mustOk(rra({ gross: principal(p), principalNaoTributavel: p })).irrfBrl.isZero()));
  });

  it('PJ flat rates on the gross, rounded half-up: 100.000,00 → 1.500,00 services, 1.000,00 cessão, 5.000,00 juros/lucros', () => {
    const pj = (regime: 'PJ_SERVICOS' | 'PJ_CESSAO' | 'PJ_LUCRO') => irrf(rra({ regime, vinculo: 'sem-vinculo', natureza: 'comum' }));
    expect([pj('PJ_SERVICOS'), pj('PJ_CESSAO'), pj('PJ_LUCRO')]).toEqual(['1500.00', '1000.00', '5000.00']);
  });

  it('previdência by the [UNC] regime rate: 14 % IGEPREV of the taxable principal, deducted from the RRA base', () => {
    const w = mustOk(rra({ previdencia: { kind: 'ALIQUOTA', regime: 'IGEPREV_PA' } }));
    // 100.000 − 14.000 = 86.000 ≤ 90.025,20 (3.751,05 × 24) → 15 % band: 12.900,00 − 9.459,84
    expect([w.previdenciaBrl.toFixed(2), w.irBaseBrl.toFixed(2), w.irrfBrl.toFixed(2)]).toEqual(['14000.00', '86000.00', '3440.16']);
  });
});

/** Any input the module accepts: every regime, vínculo, nature, deduction and previdência source on 2023–2027 dates. */
const inputArb: fc.Arbitrary<WithholdingInput> = fc
  .record({
    gross: fc.record({ principal: moneyArb(), jurosMora: moneyArb(100_000_000), selic: moneyArb(100_000_000), jurosEc136: moneyArb(100_000_000) }),
    nonTaxableShare: fc.integer({ min: 0, max: 100 }),
    regime: fc.constantFrom(...TAX_REGIMES),
    natureza: fc.constantFrom('alimentar', 'comum' as const),
    vinculo: fc.constantFrom('com-vinculo', 'sem-vinculo' as const),
    nmCents: fc.integer({ min: 1, max: 36_000 }),
    date: isoDateArb(2023, 2027).filter((d) => d >= '2023-05-01'),
    previdencia: fc.constantFrom('NENHUMA', 'INDICADA', 'IGEPREV_PA', 'PSS_UNIAO'),
    previdenciaShare: fc.integer({ min: 0, max: 100 }),
    deductionShare: fc.integer({ min: 0, max: 50 }),
  })
  .map((r) => {
    const taxablePrincipal = r.gross.principal
      .times(100 - r.nonTaxableShare)
      .dividedBy(100)
      .toDecimalPlaces(2);
    const pj = r.regime.startsWith('PJ_');
    const source: WithholdingInput['previdencia'] =
      pj || r.previdencia === 'NENHUMA'
        ? { kind: 'NENHUMA' }
        : r.previdencia === 'INDICADA'
          ? { kind: 'INDICADA', amountBrl: taxablePrincipal.times(r.previdenciaShare).dividedBy(1000).toDecimalPlaces(2) }
          : { kind: 'ALIQUOTA', regime: r.previdencia };
    const total = r.gross.principal.plus(r.gross.jurosMora).plus(r.gross.selic).plus(r.gross.jurosEc136);
    const deduction = total.times(r.deductionShare).dividedBy(100).toDecimalPlaces(2, Dec.ROUND_DOWN);
    return rra({
      gross: r.gross,
      principalNaoTributavel: r.gross.principal.minus(taxablePrincipal),
      regime: r.regime,
      natureza: r.natureza,
      vinculo: r.vinculo,
      nm: new Dec(r.nmCents).dividedBy(100),
      date: r.date,
      previdencia: source,
      despesasJudiciaisBrl: deduction,
      pensaoAlimenticiaBrl: deduction.dividedBy(2).toDecimalPlaces(2, Dec.ROUND_DOWN),
    });
  });

const cents = (m: Money) => m.decimalPlaces() <= 2;

describe('laws over any accepted input', () => {
  it('Σ gross = net + IRRF + previdência to the cent; every amount in cents; net ≥ 0; withholdings within the taxable base', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const w = mustOk(input);
        expect(w.netBrl.plus(w.irrfBrl).plus(w.previdenciaBrl).equals(w.grossBrl)).toBe(true);
        expect([w.netBrl, w.irrfBrl, w.previdenciaBrl, w.irBaseBrl].every(cents)).toBe(true);
        expect(w.irrfBrl.isNegative() || w.netBrl.isNegative()).toBe(false);
        expect(w.irrfBrl.plus(w.previdenciaBrl).lessThanOrEqualTo(Dec.max(w.taxableBrl, w.previdenciaBrl))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('IRRF is monotone non-decreasing in the taxable base (same payee, date and NM)', () => {
    fc.assert(
      fc.property(inputArb, moneyArb(), (input, more) => {
        const bigger = { ...input, gross: { ...input.gross, principal: input.gross.principal.plus(more) } };
        return mustOk(bigger).irrfBrl.greaterThanOrEqualTo(mustOk(input).irrfBrl);
      }),
      { numRuns: 300 },
    );
  });

  it('NM scaling: RRA on NM equal months of income m is NM × the monthly tax of m, within half a cent a month', () => {
    fc.assert(
      fc.property(
        moneyArb(3_000_000),
        fc.integer({ min: 1, max: 240 }),
        isoDateArb(2023, 2027).filter((d) => d >= '2023-05-01'),
        (m, nm, date) => {
          const whole = mustOk(rra({ gross: principal(m.times(nm)), nm: new Dec(nm), date })).irrfBrl;
          const month = mustOk(rra({ gross: principal(m), nm: new Dec(1), date })).irrfBrl;
          return whole
            .minus(month.times(nm))
            .abs()
            .lessThanOrEqualTo(new Dec('0.005').times(nm + 1));
        },
      ),
    );
  });

  it('NM of a partial payment: the parts of one payment add up to NM (PROPORTIONAL_DECIMAL); the whole keeps NM', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), moneyArb(), moneyArb(), (nmInt, a, b) => {
        fc.pre(a.plus(b).greaterThan(0));
        const nm = new Dec(nmInt);
        const owed = a.plus(b);
        const parts = rraMonthsForPayment(nm, a, owed, 'PROPORTIONAL_DECIMAL').plus(rraMonthsForPayment(nm, b, owed, 'PROPORTIONAL_DECIMAL'));
        expect(parts.minus(nm).abs().lessThan('1e-30')).toBe(true);
        expect(rraMonthsForPayment(nm, owed, owed, 'PROPORTIONAL_ROUNDED').equals(nm)).toBe(true);
        expect(rraMonthsForPayment(nm, a, owed, 'FULL_NM').equals(nm)).toBe(true);
        expect(rraMonthsForPayment(nm, a, owed, 'PROPORTIONAL_ROUNDED').greaterThanOrEqualTo(1)).toBe(true);
      }),
    );
  });
});

describe('bad input is refused with a Portuguese message naming the field', () => {
  it.each<[string, Partial<WithholdingInput>, RegExp]>([
    ['negative component', { gross: { ...principal('100.00'), jurosMora: brl('-0.01') } }, /campo jurosMora não pode ser negativo/],
    ['NM zero', { nm: ZERO }, /número de meses do RRA \(NM\) 0 fora do intervalo/],
    ['NM above the bound', { nm: new Dec(1001) }, /NM\) 1001 fora do intervalo/],
    ['non-taxable above principal', { principalNaoTributavel: brl('100000.01') }, /principalNaoTributavel/],
    ['deductions above gross', { despesasJudiciaisBrl: brl('100000.01') }, /somam mais que o valor bruto/],
    ['previdência on a PJ', { regime: 'PJ_SERVICOS', previdencia: { kind: 'ALIQUOTA', regime: 'IGEPREV_PA' } }, /não se aplica a pessoa jurídica/],
    ['previdência above principal', { previdencia: { kind: 'INDICADA', amountBrl: brl('100000.01') } }, /previdência indicada \(100000\.01\) maior/],
    ['unknown previdência regime', { previdencia: { kind: 'ALIQUOTA', regime: 'RPPS_X' } }, /regime previdenciário "RPPS_X" sem alíquota/],
    ['no table in force', { date: isoDate('2020-01-10') }, /nenhuma tabela progressiva mensal do IRRF vigente em 2020-01-10/],
  ])('%s', (_name, over, message) => {
    const result = withholdingOf(rra(over), TAX);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(describeWithholdingError(result.error)).toMatch(message);
  });
});
