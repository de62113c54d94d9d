// Goal: the projection helpers the dashboard uses are exact: default funding, typed money, the
// scenario's move summary, the creditor's date range and the chart series. Pure, in node.
import { describe, expect, it } from 'vitest';
import type { SimulacaoAno, SimulacaoItem } from '../../web/api-types.ts';
import { projectionSeries } from '../../web/charts/projection-data.ts';
import { mesesComSinal, pctComSinal, reaisCampo } from '../../web/format.ts';
import { faixaPrevista, financiamentoPadrao, lerReais, movimento, reaisTexto, variar } from '../../web/simulacao.ts';

const item = (over: Partial<SimulacaoItem>): SimulacaoItem => ({
  posicao: 1,
  numero: 'n',
  orcamento: 2020,
  natureza: 'comum',
  suspenso: false,
  pagavelDesde: '2026-01',
  saldoInicial: '10.00',
  pago: '0.00',
  superpreferencia: '0.00',
  acordo: '0.00',
  desagio: '0.00',
  mesAcordo: null,
  primeiroPagamento: null,
  quitacao: null,
  ...over,
});

describe('projection helpers', () => {
  it('defaults the funding by regime, rounded up to R$ 1.000', () => {
    expect(financiamentoPadrao('especial', '49464978.91')).toEqual({ tipo: 'deposito-mensal', valor: '825000.00' });
    expect(financiamentoPadrao('geral', '1129631.81')).toEqual({ tipo: 'dotacao-anual', valor: '283000.00' });
    expect(financiamentoPadrao('geral', '0.00')).toEqual({ tipo: 'dotacao-anual', valor: '1000.00' });
  });

  it('scales money by a percent to the centavo', () => {
    expect(variar('825000.00', -20)).toBe('660000.00');
    expect(variar('825000.00', 20)).toBe('990000.00');
    expect(variar('0.05', 50)).toBe('0.08');
    expect(reaisTexto(-5)).toBe('-0.05');
  });

  it('reads money as people type it and refuses the rest', () => {
    expect(lerReais('825.000,00')).toBe('825000.00');
    expect(lerReais('R$ 1.500,5')).toBe('1500.50');
    expect(lerReais('825000,00')).toBe('825000.00');
    expect(lerReais('825000.1')).toBe('825000.10');
    expect(lerReais('1.500.000')).toBe('1500000.00');
    for (const bad of ['', 'muito', '1,2,3', '12.34.5', '-10', '1.5000,00']) expect(lerReais(bad)).toBeNull();
    expect(reaisCampo('825000.00')).toBe('825.000,00');
    expect(reaisCampo('12.30')).toBe('12,30');
  });

  it('formats shifts and percents with their sign', () => {
    expect(mesesComSinal(-15.5)).toBe('-15,5');
    expect(mesesComSinal(3)).toBe('+3,0');
    expect(pctComSinal(50)).toBe('+50 %');
    expect(pctComSinal(-20)).toBe('-20 %');
  });

  it('summarises who moves, biggest move first', () => {
    const m = movimento([
      item({ numero: 'a', cenario: { quitacao: '2027-01', diferencaMeses: -3, situacao: 'antecipado' } }),
      item({ numero: 'b', cenario: { quitacao: '2027-01', diferencaMeses: 0, situacao: 'igual' } }),
      item({ numero: 'c', cenario: { quitacao: '2029-01', diferencaMeses: 7, situacao: 'adiado' } }),
      item({ numero: 'd', cenario: { quitacao: '2030-01', diferencaMeses: null, situacao: 'entra-no-horizonte' } }),
      item({ numero: 'e', cenario: { quitacao: '2026-01', diferencaMeses: -12, situacao: 'antecipado' } }),
      item({ numero: 'f' }),
    ]);
    expect(m).toMatchObject({ antecipados: 2, adiados: 1, maiorAntecipacao: 12, maiorAdiamento: 7 });
    expect(m.itens.map((i) => i.numero)).toEqual(['d', 'e', 'c', 'a']);
  });

  it('turns two funding levels into a date range', () => {
    const r = { ate: '2045-12' };
    expect(faixaPrevista(r, item({ quitacao: '2028-06', cenario: { quitacao: '2027-02', diferencaMeses: -16, situacao: 'antecipado' } }))).toEqual({
      tipo: 'entre',
      de: '2027-02',
      ate: '2028-06',
    });
    expect(faixaPrevista(r, item({ quitacao: null, cenario: { quitacao: '2040-02', diferencaMeses: null, situacao: 'entra-no-horizonte' } }))).toEqual({
      tipo: 'a-partir',
      de: '2040-02',
      horizonte: '2045-12',
    });
    expect(faixaPrevista(r, item({ quitacao: null, cenario: { quitacao: null, diferencaMeses: null, situacao: 'fora-do-horizonte' } }))).toEqual({
      tipo: 'alem',
      horizonte: '2045-12',
    });
    expect(faixaPrevista(r, item({ suspenso: true }))).toEqual({ tipo: 'suspenso' });
    expect(faixaPrevista(r, undefined)).toEqual({ tipo: 'sem-previsao' });
  });

  it('builds the chart series in exact centavos, baseline and scenario by year', () => {
    const ano = (a: number, pago: string, estoque: string): SimulacaoAno => ({
      ano: a,
      entrada: '0.00',
      retidoPeloTeto: '0.00',
      acordos: '0.00',
      acordosPagos: '0.00',
      desagioRenunciado: '0.00',
      pago,
      superpreferencia: '0.00',
      estoqueFinal: estoque,
      quitados: 0,
    });
    const s = projectionSeries([ano(2026, '0.10', '100.20'), ano(2027, '0.20', '100.00')], [ano(2026, '0.30', '99.90')]);
    expect(s).toEqual({ anos: [2026, 2027], pagoBase: [10, 20], estoqueBase: [10020, 10000], pagoCenario: [30, null], estoqueCenario: [9990, null] });
    expect(projectionSeries([ano(2026, '1.00', '2.00')], null)).toMatchObject({ pagoCenario: null, estoqueCenario: null });
  });
});
