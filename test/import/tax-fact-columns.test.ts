// Goal: the project CSV's optional tax-fact columns (migration 0010; money-movements.md R6.7, R6.8,
// R6.10, R6.12) enter range-checked: a row with a bad fact is rejected naming its line and column in
// Portuguese (every bad cell of the row, not only the first), the precatório with it is not
// imported, and good facts reach the beneficiary exactly as written (empty columns: none).
// Method: rows through the import's own assembler (assembleProjectRows), one problem per row.
import { describe, expect, it } from 'vitest';
import { money } from '../../src/domain/money.ts';
import { assembleProjectRows } from '../../src/import/project-format.ts';
import { columnIndexOf } from '../../src/import/types.ts';
import { PROJECT_TAX_COLUMNS } from '../../src/import/tax-fact-columns.ts';
import { supportedDatesToday } from '../../src/shell/supported-dates-today.ts';

const BASE = ['numero', 'ente_id', 'esfera', 'regime', 'natureza', 'apresentado_em', 'data_base', 'valor_requisitado'];
const HEADER = [...BASE, ...PROJECT_TAX_COLUMNS];
const columns = columnIndexOf(HEADER);
/** CNJ números with right check digits (Res. 65/2008), one per row. */
const NUMEROS = [
  '0000001-90.2020.8.14.0301',
  '0000002-75.2020.8.14.0301',
  '0000003-60.2020.8.14.0301',
  '0000004-45.2020.8.14.0301',
  '0000005-30.2020.8.14.0301',
  '0000006-15.2020.8.14.0301',
  '0000007-97.2020.8.14.0301',
  '0000008-82.2020.8.14.0301',
  '0000009-67.2020.8.14.0301',
  '0000010-52.2020.8.14.0301',
];

function read(facts: Record<string, string>[]) {
  const records = facts.map((f, i) => {
    const cells: Record<string, string> = {
      numero: NUMEROS[i]!,
      ente_id: 'x',
      esfera: 'municipal',
      regime: 'geral',
      natureza: 'alimentar',
      apresentado_em: '2020-03-10 09:00',
      data_base: '2019-06',
      valor_requisitado: '1000.00',
    };
    for (const c of PROJECT_TAX_COLUMNS) cells[c] = f[c] ?? '';
    return { line: i + 2, values: HEADER.map((h) => cells[h]!), columns };
  });
  return assembleProjectRows(records, supportedDatesToday());
}

describe('tax-fact columns of the project CSV', () => {
  it('rejects each out-of-range fact on its line and column, in Portuguese', () => {
    const bad: [Record<string, string>, string, RegExp][] = [
      [{ meses_rra: '0' }, 'meses_rra', /fora do intervalo: deve ser maior que 0 e até 1000/],
      [{ meses_rra: '1000.5' }, 'meses_rra', /fora do intervalo/],
      [{ meses_rra: 'vinte' }, 'meses_rra', /não é número de meses do RRA/],
      [{ parte_nao_tributavel: '1,5' }, 'parte_nao_tributavel', /fora do intervalo: deve ser de 0 a 1/],
      [{ regime_tributario: 'PF_XYZ' }, 'regime_tributario', /não é um regime tributário .*aceitos: pf_rra/],
      [{ vinculo: 'talvez' }, 'vinculo', /não é um vínculo/],
      [{ previdencia_indicada: '-1,00' }, 'previdencia_indicada', /valor negativo/],
      [{ previdencia_indicada: '1000.01' }, 'previdencia_indicada', /maior que o valor do beneficiário \(1000\.00\)/],
      [{ regime_tributario: 'PJ_SERVICOS', previdencia_regime: 'IGEPREV_PA' }, 'previdencia_regime', /não se aplica a pessoa jurídica/],
      [{ regime_tributario: 'PF_TABELA', meses_rra: '12' }, 'meses_rra', /só se aplicam ao regime PF_RRA/],
    ];
    const { precatorios, rejected } = read(bad.map(([facts]) => facts));
    expect(precatorios).toEqual([]);
    expect(rejected).toHaveLength(bad.length);
    bad.forEach(([, field, reason], i) => {
      expect(rejected).toContainEqual({ line: i + 2, field, reason: expect.stringMatching(reason) });
    });
  });

  it('reports every bad fact of one row, not only the first', () => {
    const { rejected } = read([{ meses_rra: '0', parte_nao_tributavel: '2', previdencia_indicada: '5', previdencia_regime: 'IGEPREV_PA' }]);
    expect(rejected.map((r) => [r.line, r.field])).toEqual([
      [2, 'meses_rra'],
      [2, 'parte_nao_tributavel'],
      [2, 'previdencia_regime'],
    ]);
  });

  it('keeps good facts as written, and none when the columns are empty', () => {
    const { precatorios, rejected } = read([
      { regime_tributario: 'pf_rra', meses_rra: '24,5', vinculo: 'com vinculo', previdencia_indicada: '140,00', parte_nao_tributavel: '0,25' },
      { regime_tributario: 'PJ_SERVICOS' },
      {},
    ]);
    expect(rejected).toEqual([]);
    const [rra, pj, none] = precatorios.map((p) => p.beneficiarios[0]!.tax);
    expect(rra).toEqual({
      regime: 'PF_RRA',
      rraMonths: money('24.5'),
      vinculo: 'com-vinculo',
      previdenciaIndicadaBrl: money('140'),
      previdenciaRegime: undefined,
      nonTaxableShare: money('0.25'),
    });
    expect(pj?.regime).toBe('PJ_SERVICOS');
    expect(none).toBeUndefined();
  });
});
