// Goal: the stock chart shows the list's open balances summed by budget year and natureza, to the centavo.
import { describe, expect, it } from 'vitest';
import { stockByYearAndNatureza } from '../../web/charts/stock-data.ts';

describe('stockByYearAndNatureza', () => {
  it('stacks alimentar and comum per budget year, years ascending, in centavos', () => {
    const s = stockByYearAndNatureza([
      { orcamento: 2014, natureza: 'comum', saldo: '0.10' },
      { orcamento: 2012, natureza: 'alimentar', saldo: '55858.65' },
      { orcamento: 2012, natureza: 'alimentar', saldo: '0.20' },
      { orcamento: 2014, natureza: 'alimentar', saldo: '100.00' },
    ]);
    expect(s).toEqual({ anos: [2012, 2014], alimentar: [5585885, 10000], comum: [0, 10], totalCentavos: 5595895 });
  });

  it('adds 0.10 + 0.20 to exactly 0.30 (no float drift)', () => {
    expect(
      stockByYearAndNatureza([
        { orcamento: 2020, natureza: 'comum', saldo: '0.10' },
        { orcamento: 2020, natureza: 'comum', saldo: '0.20' },
      ]).comum,
    ).toEqual([30]);
  });

  it('is empty for an empty list', () => {
    expect(stockByYearAndNatureza([])).toEqual({ anos: [], alimentar: [], comum: [], totalCentavos: 0 });
  });
});
