// Goal: the R6.21 payment lines of one beneficiary (money-movements.md R6.14–R6.18): the O6.4
// contratuais split to the cent, the lawyer's own IRRF (R6.14), cessionários by fraction of the
// titular's net (R6.13, R6.16), penhoras in order up to their limit (R6.18), and the law Σ lines +
// withholdings = gross to the cent over generated payments (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Components, principalOnly, totalOf } from '../../../src/domain/correction/types.ts';
import { isoDate } from '../../../src/domain/dates.ts';
import {
  type CessaoShare,
  type PenhoraClaim,
  distributeLiquidation,
  lawyerWithholding,
  linesTotal,
  splitContratuais,
} from '../../../src/domain/liquidation/parties.ts';
import { Dec, type Money, ZERO } from '../../../src/domain/money.ts';
import { RULES } from '../../support/rules.ts';

const brl = (t: string) => new Dec(t);
const cents = (n: number) => new Dec(n).dividedBy(100);
const mustOk = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};
const NO_TAX = { irrfBrl: ZERO, previdenciaBrl: ZERO };

describe('O6.4 — TJTO R$ 70.680,69 with 30 % contratuais destacados', () => {
  it('splits 21.204,21 to the lawyer and 49.476,48 to the creditor', () => {
    const { lawyer, creditor } = splitContratuais(principalOnly(brl('70680.69')), brl('0.30'));
    expect([totalOf(lawyer).toFixed(2), totalOf(creditor).toFixed(2)]).toEqual(['21204.21', '49476.48']);
  });

  it('pays those two lines when no tax applies, and the lines add up to the gross', () => {
    const gross = brl('70680.69');
    const fee = totalOf(splitContratuais(principalOnly(gross), brl('0.30')).lawyer);
    const lines = mustOk(
      distributeLiquidation({
        grossBrl: gross,
        lawyer: { grossBrl: fee, irrfBrl: ZERO },
        creditorWithholding: NO_TAX,
        cessoes: [],
        penhoras: [],
        superpreference: false,
      }),
    );
    expect(lines.map((l) => [l.role, l.netBrl.toFixed(2)])).toEqual([
      ['titular', '49476.48'],
      ['advogado-contratual', '21204.21'],
    ]);
    expect(linesTotal(lines, NO_TAX).toFixed(2)).toBe('70680.69');
  });
});

describe("the lawyer's own IRRF (R6.14)", () => {
  const fee = principalOnly(brl('21204.21'));
  it('a sociedade de advogados pays 1,5 % (PJ_SERVICOS): 318,06', () => {
    expect(mustOk(lawyerWithholding(fee, 'PJ', isoDate('2025-06-10'), RULES.tax)).irrfBrl.toFixed(2)).toBe('318.06');
  });
  it('a PF lawyer: monthly table on the fee less the desconto simplificado, no RRA aggregation', () => {
    // 05/2025 table: (21.204,21 − 607,20) × 27,5 % − 908,73 = 5.664,18 − 908,73 = 4.755,45.
    const w = mustOk(lawyerWithholding(fee, 'PF', isoDate('2025-06-10'), RULES.tax));
    expect([w.irBaseBrl.toFixed(2), w.irrfBrl.toFixed(2)]).toEqual(['20597.01', '4755.45']);
  });
});

describe('cessionários and penhoras share the titular net (R6.13, R6.16, R6.18)', () => {
  const base = { grossBrl: brl('10000.00'), creditorWithholding: { irrfBrl: brl('1000.00'), previdenciaBrl: brl('500.00') }, superpreference: false };

  it('a 40 % cessionário gets 40 % of the net after the titular taxes; penhoras in order up to their limits', () => {
    const lines = mustOk(
      distributeLiquidation({
        ...base,
        cessoes: [{ id: '7', fraction: brl('0.4') }],
        penhoras: [
          { id: 'p1', limitLeftBrl: brl('1000.00') },
          { id: 'p2', limitLeftBrl: brl('99999.00') },
        ],
      }),
    );
    // net 8.500,00 → cessionário 3.400,00; retained 5.100,00 → penhora 1 1.000,00, penhora 2 the rest.
    expect(lines.map((l) => [l.role, l.ref ?? null, l.netBrl.toFixed(2), l.remeterAoJuizo])).toEqual([
      ['cessionario', '7', '3400.00', false],
      ['juizo-penhora', 'p1', '1000.00', true],
      ['juizo-penhora', 'p2', '4100.00', true],
      ['titular', null, '0.00', false],
    ]);
  });

  it('a superpreferential tranche is the titular own: no cessionário line (CF §13)', () => {
    const lines = mustOk(distributeLiquidation({ ...base, superpreference: true, cessoes: [{ id: '7', fraction: brl('0.4') }], penhoras: [] }));
    expect(lines.map((l) => l.role)).toEqual(['titular']);
    expect(lines[0]!.netBrl.toFixed(2)).toBe('8500.00');
  });

  it('refuses cessões above the whole credit (TJPR-DJ86 art. 21)', () => {
    const r = distributeLiquidation({
      ...base,
      cessoes: [
        { id: 'a', fraction: brl('0.7') },
        { id: 'b', fraction: brl('0.31') },
      ],
      penhoras: [],
    });
    expect(r.ok).toBe(false);
  });
});

describe('law: Σ lines net + every withholding = gross, to the cent', () => {
  const centsArb = (max: number) => fc.integer({ min: 0, max }).map(cents);
  const components = fc
    .tuple(centsArb(50_000_000), centsArb(5_000_000), centsArb(5_000_000), centsArb(1_000_000))
    .map(([principal, jurosMora, selic, jurosEc136]): Components => ({ principal, jurosMora, selic, jurosEc136 }));
  const fraction = fc.integer({ min: 1, max: 10_000 }).map((n) => new Dec(n).dividedBy(10_000));

  it('holds for any contratuais share, lawyer type, titular withholding, cessões and penhoras', () => {
    fc.assert(
      fc.property(
        components,
        fc.option(fc.tuple(fraction, fc.constantFrom<'PF' | 'PJ'>('PF', 'PJ')), { nil: undefined }),
        fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 14 })),
        fc.array(fraction, { maxLength: 4 }),
        fc.array(centsArb(20_000_000), { maxLength: 3 }),
        fc.boolean(),
        (gross, hon, [irPct, prevPct], rawFractions, limits, superpreference) => {
          const grossBrl = totalOf(gross);
          const split = hon ? splitContratuais(gross, hon[0]) : { lawyer: undefined, creditor: gross };
          const lawyer = hon &&
            split.lawyer && {
              grossBrl: totalOf(split.lawyer),
              irrfBrl: mustOk(lawyerWithholding(split.lawyer, hon[1], isoDate('2025-06-10'), RULES.tax)).irrfBrl,
            };
          const creditorGross = totalOf(split.creditor);
          const tax = (pct: number) => creditorGross.times(pct).dividedBy(100).toDecimalPlaces(2, Dec.ROUND_DOWN);
          const creditorWithholding = { irrfBrl: tax(irPct), previdenciaBrl: tax(prevPct) };
          // Scale the fractions so that they add up to at most 1 (the write refuses more).
          const total = rawFractions.reduce<Money>((a, f) => a.plus(f), ZERO);
          const cessoes: CessaoShare[] = rawFractions.map((f, i) => ({ id: `c${i}`, fraction: total.greaterThan(1) ? f.dividedBy(total) : f }));
          const penhoras: PenhoraClaim[] = limits.map((l, i) => ({ id: `p${i}`, limitLeftBrl: l }));
          const lines = mustOk(distributeLiquidation({ grossBrl, lawyer, creditorWithholding, cessoes, penhoras, superpreference }));
          expect(linesTotal(lines, creditorWithholding).toFixed(2)).toBe(grossBrl.toFixed(2));
          for (const l of lines) {
            expect(l.netBrl.isNegative()).toBe(false);
            expect(l.netBrl.equals(l.netBrl.toDecimalPlaces(2))).toBe(true);
          }
          for (const p of penhoras) {
            const paid = lines.find((l) => l.ref === p.id)?.netBrl ?? ZERO;
            expect(paid.lessThanOrEqualTo(p.limitLeftBrl)).toBe(true);
          }
          if (superpreference) expect(lines.some((l) => l.role === 'cessionario')).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
