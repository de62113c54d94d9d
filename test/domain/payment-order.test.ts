// Hand-checkable examples for one debtor: Estado do Pará, regime especial, RPV 40 SM (Lei 6.624/2004).
import { describe, expect, it } from 'vitest';
import { type CourtTimestamp, isoDate } from '../../src/domain/dates.ts';
import type { EnteDevedor } from '../../src/domain/ente.ts';
import { ZERO, money } from '../../src/domain/money.ts';
import type { Beneficiario, Precatorio } from '../../src/domain/precatorio.ts';
import { buildPaymentOrder } from '../../src/domain/queue/payment-order.ts';
import { explainSortKey } from '../../src/domain/queue/ordering.ts';
import { classify, rpvCeiling } from '../../src/domain/rules/rpv.ts';
import { loadRpvLaws } from '../../src/rules/load-rule-book.ts';
import { RULES } from '../support/rules.ts';

const PARA: EnteDevedor = {
  id: 'estado-do-para',
  nome: 'Estado do Pará',
  esfera: 'estadual',
  regime: 'especial',
  rpvLaws: loadRpvLaws().get('estado-do-para'),
};
const RUN = isoDate('2025-11-23');

function beneficiario(id: string, valor: string, extra: Partial<Beneficiario> = {}): Beneficiario {
  return { id, credorId: id, titularidade: 'originario', valorBrl: money(valor), pagoBrl: ZERO, superpreferenciaPagaBrl: ZERO, ...extra };
}

function precatorio(numero: string, at: string, natureza: Precatorio['natureza'], beneficiarios: Beneficiario[]): Precatorio {
  return {
    numero,
    enteId: PARA.id,
    regime: 'especial',
    natureza,
    tributario: false,
    apresentacao: { kind: 'registrada', apresentadoEm: `${at}.000-03:00` as CourtTimestamp },
    valorRequisitadoBrl: beneficiarios.reduce((a, b) => a.plus(b.valorBrl), ZERO),
    status: 'ativo',
    beneficiarios,
  };
}

describe('RPV of the State of Pará (R4.3)', () => {
  it('is 40 × R$ 1.518,00 = R$ 60.720,00 for an expedição in 2025', () => {
    expect(rpvCeiling(PARA, { transitoEm: isoDate('2024-05-10'), expedidoEm: isoDate('2025-03-01') }, RULES).amountBrl.toFixed(2)).toBe('60720.00');
  });
  it('classifies R$ 60.720,00 as RPV and R$ 60.720,01 as precatório; with renúncia, RPV of the ceiling', () => {
    const base = { transitoEm: isoDate('2024-05-10'), expedidoEm: isoDate('2025-03-01') };
    expect(classify({ ...base, valorBrl: money('60720.00'), renunciaAoExcedente: false }, PARA, RULES).kind).toBe('rpv');
    expect(classify({ ...base, valorBrl: money('60720.01'), renunciaAoExcedente: false }, PARA, RULES).kind).toBe('precatorio');
    const renounced = classify({ ...base, valorBrl: money('80000.00'), renunciaAoExcedente: true }, PARA, RULES);
    expect(renounced.kind).toBe('rpv');
    expect(renounced.payableBrl.toFixed(2)).toBe('60720.00');
    expect(renounced.kind === 'rpv' && renounced.renouncedBrl.toFixed(2)).toBe('19280.00');
  });
  it('uses the salário mínimo of the expedição date (R4.4): same law, 2024 expedição → 40 × 1.412 = 56.480', () => {
    expect(rpvCeiling(PARA, { transitoEm: isoDate('2023-01-10'), expedidoEm: isoDate('2024-06-01') }, RULES).amountBrl.toFixed(2)).toBe('56480.00');
  });
});

describe('payment order of a small Pará list on 2025-11-23', () => {
  const list = [
    // Comum of budget 2024 (presented 2023-03-10): ahead of the 2025 alimentares.
    precatorio('0000001-00.2023.8.14.0301', '2023-03-10T10:00:00', 'comum', [beneficiario('a', '90000.00')]),
    // Alimentar 2025, holder aged 61 on the run date: capped tranche 5 × 60.720 = 303.600.
    precatorio('0000002-00.2024.8.14.0301', '2024-02-01T09:00:00', 'alimentar', [beneficiario('b', '500000.00', { nascimento: isoDate('1964-05-01') })]),
    // Alimentar 2025 presented earlier but the holder is a cessionário aged 70: no tranche.
    precatorio('0000003-00.2024.8.14.0301', '2024-01-15T09:00:00', 'alimentar', [
      beneficiario('c', '100000.00', { nascimento: isoDate('1955-01-01'), titularidade: 'cessionario' }),
    ]),
    // Comum 2025 with an ill holder: comum credits have no superpreference (STJ RMS 65.747).
    precatorio('0000004-00.2024.8.14.0301', '2024-01-02T09:00:00', 'comum', [beneficiario('d', '20000.00', { doencaGraveDesde: isoDate('2020-01-01') })]),
    // Alimentar 2026 (presented after 2 April 2024), disability since 2022, two creditors.
    precatorio('0000005-00.2024.8.14.0301', '2024-08-20T09:00:00', 'alimentar', [
      beneficiario('e', '40000.00', { deficienciaDesde: isoDate('2022-03-01') }),
      beneficiario('f', '60000.00'),
    ]),
  ];
  const order = buildPaymentOrder(list, PARA, RUN, RULES);

  it('orders by budget year, alimentar before comum, then presentation', () => {
    expect(order.chronological.map((e) => e.item.numero.slice(6, 7))).toEqual(['1', '3', '2', '4', '5']);
    expect(order.chronological.map((e) => e.key.budgetYear)).toEqual([2024, 2025, 2025, 2025, 2026]);
  });

  it('explains a position in words', () => {
    expect(explainSortKey(order.chronological[1]!.key)).toBe(
      'orçamento 2025 › alimentar (antes dos comuns de 2025) › apresentado em 2024-01-15 09:00 › valor 100000.00 › nº 0000003-00.2024.8.14.0301',
    );
  });

  it('has a per-creditor cap of 5 × R$ 60.720,00 = R$ 303.600,00 (regime especial, ADCT 102 §2)', () => {
    expect(order.superpreferenceCapBrl.toFixed(2)).toBe('303600.00');
  });

  it('lists two tranches: the 61-year-old capped, the disabled creditor in full; the remainder keeps its place', () => {
    expect(order.superpreference.map((t) => [t.beneficiarioId, t.ground, t.amountBrl.toFixed(2), t.chronologicalPosition])).toEqual([
      ['b', 'idade', '303600.00', 3],
      ['e', 'deficiencia', '40000.00', 5],
    ]);
    const second = order.chronological[2]!;
    expect([second.position, second.superpreferenceBrl.toFixed(2), second.remainderBrl.toFixed(2)]).toEqual([3, '303600.00', '196400.00']);
  });

  it('in regime geral caps at 3× and skips budget years after the run year (R3.3, R3.7)', () => {
    const geral = buildPaymentOrder(
      list.map((p) => ({ ...p, regime: 'geral' })),
      { ...PARA, regime: 'geral' },
      RUN,
      RULES,
    );
    expect(geral.superpreferenceCapBrl.toFixed(2)).toBe('182160.00');
    expect(geral.superpreference.map((t) => [t.beneficiarioId, t.amountBrl.toFixed(2)])).toEqual([['b', '182160.00']]);
  });

  it('counts earlier superpreference payments against the cap (R3.4)', () => {
    const paid = list.map((p) =>
      p.numero.startsWith('0000002')
        ? {
            ...p,
            beneficiarios: [
              beneficiario('b', '500000.00', { nascimento: isoDate('1964-05-01'), pagoBrl: money('300000.00'), superpreferenciaPagaBrl: money('300000.00') }),
            ],
          }
        : p,
    );
    const t = buildPaymentOrder(paid, PARA, RUN, RULES).superpreference.find((x) => x.beneficiarioId === 'b');
    expect(t?.amountBrl.toFixed(2)).toBe('3600.00');
  });

  it('does not grant age before the 60th birthday', () => {
    const early = buildPaymentOrder(list, PARA, isoDate('2024-04-30'), RULES);
    expect(early.superpreference.map((t) => t.beneficiarioId)).toEqual(['e']);
  });
});
