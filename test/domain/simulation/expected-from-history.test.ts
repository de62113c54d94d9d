// Goal: "new precatórios expected per year, from history" (issue 6) reads the ente's last budget years.
import { describe, expect, it } from 'vitest';
import { orderQueue } from '../../../src/domain/queue/ordering.ts';
import { expectedNewFromHistory } from '../../../src/domain/simulation/index.ts';
import { demoInput } from '../../support/api.ts';
import { RULES } from '../../support/rules.ts';

describe('expected new precatórios from history', () => {
  const input = demoInput(3, 0.5);
  const belem = orderQueue(
    input.precatorios.filter((p) => p.enteId === 'municipio-de-belem'),
    RULES,
  );

  it('averages count, face value and the alimentar share over the last budget years', () => {
    const window = belem.filter((r) => r.key.budgetYear >= 2024 && r.key.budgetYear <= 2026);
    const expected = expectedNewFromHistory(belem, 2026, 3)!;
    expect(expected.perYear).toBe(Math.round(window.length / 3));
    const total = window.reduce(
      (acc, r) => acc.plus(r.item.valorRequisitadoBrl),
      window[0]!.item.valorRequisitadoBrl.minus(window[0]!.item.valorRequisitadoBrl),
    );
    expect(expected.totalBrlPerYear.toFixed(2)).toBe(total.dividedBy(3).toFixed(2));
    const share = window.filter((r) => r.item.natureza === 'alimentar').length / window.length;
    expect(Math.abs(expected.alimentarShare.toNumber() - share)).toBeLessThan(0.0001);
  });

  it('says nothing when the window holds no precatório, and refuses a silly window', () => {
    expect(expectedNewFromHistory(belem, 1990, 3)).toBeUndefined();
    expect(() => expectedNewFromHistory(belem, 2026, 0)).toThrow(/1–20/);
  });
});
