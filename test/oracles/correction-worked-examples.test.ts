// Goal: the divide/multiply mechanics of published factor tables (R5.2b, R5.16) give the printed
// results, e.g. TJSP: Cz$ 1.000,00 ÷ 596,94 (jan/1988) × 89,566487 (jul/2022) = R$ 150,04.
// Method: replay worked_examples.csv; check that the end factor is the one in the TJSP table file.
import { describe, expect, it } from 'vitest';
import { correctByFactorTable } from '../../src/domain/correction/factor-table.ts';
import { cumulate, factorOver } from '../../src/domain/indices/cumulative.ts';
import { buildSeries } from '../../src/domain/indices/series.ts';
import { Dec, money } from '../../src/domain/money.ts';
import { ym } from '../domain/correction/fixtures.ts';
import { readSharedCsv } from '../support/shared.ts';

const examples = readSharedCsv('data/reference/correction/worked_examples.csv');
const tjsp = readSharedCsv('data/reference/correction/tjsp_tabela_pratica_debitos_judiciais_INPC.csv');

describe('worked examples (TJSP Tabela Prática)', () => {
  it('has the 2 published examples', () => expect(examples).toHaveLength(2));

  it.each(examples.map((r) => [r['id']!, r['input_value']!, r['factor_start']!, r['factor_end']!, r['expected_value']!]))(
    '%s: %s ÷ %s × %s = %s',
    (_id, value, start, end, expected) => {
      expect(correctByFactorTable(money(value), new Dec(start), new Dec(end), 'half-up').toFixed(2)).toBe(expected);
    },
  );

  it('the 2022 example’s end factor is the TJSP table’s jul/2022 factor', () => {
    expect(tjsp.find((r) => r['month'] === '2022-07')?.['fator_tjsp']).toBe(examples[0]!['factor_end']);
  });

  it('the mechanics equal the prefix-product ratio the engine uses (factorOver)', () => {
    // Any table built as prefix products: value ÷ f(a) × f(b) = value × Π rates over a … b−1.
    const rates = ['0.52', '-0.31', '1.10', '0.00', '0.87'];
    const series = buildSeries(
      'inpc',
      rates.map((r, i) => ({ month: `2020-0${i + 1}`, ratePct: r })),
    );
    if (!series.ok) throw new Error('série inválida');
    const table = cumulate(series.value);
    const viaTable = correctByFactorTable(money('1000.00'), table.factorPrefix[1]!, table.factorPrefix[4]!, 'half-up');
    const factor = factorOver(table, { first: ym('2020-02'), last: ym('2020-04') });
    expect(factor.ok && money('1000.00').times(factor.value).toFixed(2, Dec.ROUND_HALF_UP)).toBe(viaTable.toFixed(2));
  });
});
