// Goal: RPV ceilings and superpreference caps (R3.3, R4.1–R4.4) agree with what TJRJ publishes
// per debtor ("Valor RPV", "Valor Prioridade", November 2025).
// Method: for each of the 56 debtors, compute the cap from the published RPV with our cap function,
// and the RPV itself from the default rules (ADCT 87 / Lei 10.259) or from a law of the shape the
// figure reveals (N salários mínimos, a fixed amount, or the RGPS floor of CF §4).
import { describe, expect, it } from 'vitest';
import { isoDate } from '../../src/domain/dates.ts';
import type { EnteDevedor, Esfera } from '../../src/domain/ente.ts';
import { Dec, money } from '../../src/domain/money.ts';
import { rpvCeiling, superpreferenceCapFor } from '../../src/domain/rules/rpv.ts';
import { timeline } from '../../src/domain/rules/timeline.ts';
import { RULES } from '../support/rules.ts';
import { readSharedCsv } from '../support/shared.ts';

const rows = readSharedCsv('data/reference/rpv/tjrj_regime_geral_entities_2025-11.csv');
const RUN = isoDate('2025-11-23');
const SM_2025 = money('1518.00');
const RGPS_2025 = money('8157.41');

function esferaOf(name: string): Esfera {
  return /^(INSS|UNIÃO)/.test(name) ? 'uniao' : 'municipal';
}

// The page lists these two in the "regime geral" table, yet their cap is 5× the RPV — the regime
// especial multiple of ADCT 102 §2. We pin them so a change in the data is noticed.
const FIVE_TIMES = ['MUNICÍPIO DE FORTALEZA', 'MUNICÍPIO DE VARRE-SAI'];

describe('TJRJ debtors: superpreference cap = 3× RPV (regime geral)', () => {
  it('has 56 debtors', () => expect(rows).toHaveLength(56));

  it.each(rows.map((r) => [r['ente_devedor']!, r['valor_rpv_brl']!, r['valor_prioridade_brl']!] as const))('%s: RPV %s → cap %s', (name, rpv, cap) => {
    const regime = FIVE_TIMES.includes(name) ? 'especial' : 'geral';
    expect(superpreferenceCapFor(money(rpv), regime, RUN, RULES).toFixed(2)).toBe(money(cap).toFixed(2));
  });

  it('exactly the two pinned debtors use 5×', () => {
    const five = rows.filter((r) => !superpreferenceCapFor(money(r['valor_rpv_brl']!), 'geral', RUN, RULES).equals(money(r['valor_prioridade_brl']!)));
    expect(five.map((r) => r['ente_devedor'])).toEqual(FIVE_TIMES);
  });
});

describe('TJRJ debtors: RPV ceiling from the law shapes', () => {
  const kinds = { default: 0, salariosMinimos: 0, floor: 0, fixed: 0 };
  it.each(rows.map((r) => [r['ente_devedor']!, r['valor_rpv_brl']!] as const))('%s: RPV %s', (name, published) => {
    const rpv = money(published);
    const base: EnteDevedor = { id: name, nome: name, esfera: esferaOf(name), regime: 'geral' };
    const dates = { transitoEm: RUN, expedidoEm: RUN };
    const withoutLaw = rpvCeiling(base, dates, RULES);
    if (withoutLaw.amountBrl.equals(rpv)) {
      kinds.default += 1; // União/INSS 60 SM, municipalities 30 SM (R4.1)
      return;
    }
    const multiple = rpv.dividedBy(SM_2025);
    const law = multiple.isInteger()
      ? { kind: 'salarios-minimos' as const, multiple: new Dec(multiple) }
      : rpv.equals(RGPS_2025)
        ? { kind: 'salarios-minimos' as const, multiple: new Dec(5) } // any law below the floor
        : { kind: 'valor-fixo' as const, amountBrl: rpv };
    const ente = { ...base, rpvLaws: timeline([{ validFrom: isoDate('2010-01-01'), value: law, legalBasis: 'lei municipal (teste)' }]) };
    const ceiling = rpvCeiling(ente, dates, RULES);
    expect(ceiling.amountBrl.toFixed(2)).toBe(rpv.toFixed(2));
    if (rpv.equals(RGPS_2025)) {
      expect(ceiling.floorApplied).toBe(true);
      kinds.floor += 1;
    } else if (law.kind === 'salarios-minimos') kinds.salariosMinimos += 1;
    else {
      // Fixed amounts published by TJRJ never fall below the CF §4 floor.
      expect(rpv.greaterThanOrEqualTo(RGPS_2025)).toBe(true);
      kinds.fixed += 1;
    }
  });

  it('covered every shape', () => {
    expect(kinds.default).toBeGreaterThan(0);
    expect(kinds.floor).toBeGreaterThan(0);
    expect(kinds.salariosMinimos).toBeGreaterThan(0);
    expect(kinds.fixed).toBeGreaterThan(0);
    expect(kinds.default + kinds.floor + kinds.salariosMinimos + kinds.fixed).toBe(56);
  });
});
