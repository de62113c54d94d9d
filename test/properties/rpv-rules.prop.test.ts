// Goal: RPV classification (R4) and dated legal parameters behave lawfully for any input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IsoDate, isoDate } from '../../src/domain/dates.ts';
import { classify } from '../../src/domain/rules/rpv.ts';
import { type Timeline, ruleInForce, timeline } from '../../src/domain/rules/timeline.ts';
import { enteArb, isoDateArb, moneyArb } from '../support/arbitraries.ts';
import { RULES } from '../support/rules.ts';

describe('properties of RPV classification (R4)', () => {
  const dates = fc
    .tuple(isoDateArb(2003, 2026), isoDateArb(2003, 2026))
    .map(([a, b]) => (a <= b ? { transitoEm: a, expedidoEm: b } : { transitoEm: b, expedidoEm: a }));

  it('is monotone in value: if a value is a precatório, every larger value is too', () => {
    fc.assert(
      fc.property(enteArb, dates, moneyArb(100_000_000), moneyArb(100_000_000), (ente, d, a, b) => {
        const [small, large] = a.lessThanOrEqualTo(b) ? [a, b] : [b, a];
        const kindOf = (v: typeof a) => classify({ valorBrl: v, ...d, renunciaAoExcedente: false }, ente, RULES).kind;
        if (kindOf(small) === 'precatorio') expect(kindOf(large)).toBe('precatorio');
      }),
      { numRuns: 500 },
    );
  });

  it('with renúncia ao excedente, pays exactly the ceiling and extinguishes the rest (R4.5)', () => {
    fc.assert(
      fc.property(enteArb, dates, moneyArb(100_000_000), (ente, d, v) => {
        const c = classify({ valorBrl: v, ...d, renunciaAoExcedente: true }, ente, RULES);
        expect(c.kind).toBe('rpv');
        if (c.kind !== 'rpv') return;
        expect(c.payableBrl.plus(c.renouncedBrl).equals(v)).toBe(true);
        expect(c.payableBrl.lessThanOrEqualTo(c.ceiling.amountBrl)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never sets a ceiling below the RGPS ceiling in force at expedição (CF art. 100 §4)', () => {
    fc.assert(
      fc.property(enteArb, dates, (ente, d) => {
        const c = classify({ valorBrl: RULES.tetoRgps[0]!.value, ...d, renunciaAoExcedente: false }, ente, RULES);
        expect(c.ceiling.amountBrl.greaterThanOrEqualTo(ruleInForce(RULES.tetoRgps, d.expedidoEm)!.value)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('properties of dated legal parameters', () => {
  const timelines: [string, Timeline<unknown>][] = [
    ['budget-year rules', RULES.budgetYearRules],
    ['requisition moments', RULES.requisitionMoments],
    ['salário mínimo', RULES.salarioMinimo],
    ['teto RGPS', RULES.tetoRgps],
    ['RPV default, União', RULES.rpvDefaults.uniao],
    ['RPV default, estados', RULES.rpvDefaults.estadual],
    ['RPV default, municípios', RULES.rpvDefaults.municipal],
    ['superpreference multiple, geral', RULES.superpreferenceMultipliers.geral],
    ['superpreference multiple, especial', RULES.superpreferenceMultipliers.especial],
    ['superpreference age', RULES.superpreferenceAgeYears],
    ['chronological share minimum', RULES.chronologicalShareMinimum],
  ];

  it.each(timelines)('exactly one rule is in force for any date after the first (%s)', (_name, rules) => {
    fc.assert(
      fc.property(isoDateArb(1985, 2045), (date) => {
        const inForce = rules.filter((r, i) => r.validFrom <= date && (rules[i + 1] === undefined || date < rules[i + 1]!.validFrom));
        if (date < rules[0]!.validFrom) {
          expect(inForce).toHaveLength(0);
          expect(ruleInForce(rules, date)).toBeUndefined();
        } else {
          expect(inForce).toHaveLength(1);
          expect(ruleInForce(rules, date)).toBe(inForce[0]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('exactly one rule is in force for any date, for any generated timeline', () => {
    fc.assert(
      fc.property(fc.uniqueArray(isoDateArb(1990, 2040), { minLength: 1, maxLength: 12 }), isoDateArb(1990, 2040), (starts, date) => {
        const rules = timeline([...starts].sort().map((validFrom, i) => ({ validFrom, value: i, legalBasis: `lei ${i}` })));
        const expected = rules.filter((r) => r.validFrom <= date).at(-1);
        expect(ruleInForce(rules, date)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('every row of data/rules cites a legal basis', () => {
    for (const [, rules] of timelines) for (const row of rules) expect(row.legalBasis.length).toBeGreaterThan(10);
  });

  it('rejects a timeline out of order', () => {
    const d = (t: string): IsoDate => isoDate(t);
    expect(() =>
      timeline([
        { validFrom: d('2020-01-01'), value: 1, legalBasis: 'a' },
        { validFrom: d('2019-01-01'), value: 2, legalBasis: 'b' },
      ]),
    ).toThrow(/fora de ordem/);
  });
});
