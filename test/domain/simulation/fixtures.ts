// Shared builders for the simulation tests: a small hand-made debtor, funding shortcuts, and the
// correction env of the correction tests (../shared/data/indices read in place + TJAP poupança interest).
import { type CourtTimestamp, type IsoDate, type YearMonth, isoDate } from '../../../src/domain/dates.ts';
import type { EnteDevedor } from '../../../src/domain/ente.ts';
import { Dec, ZERO, money } from '../../../src/domain/money.ts';
import type { Beneficiario, Precatorio } from '../../../src/domain/precatorio.ts';
import type { RpvLaw } from '../../../src/domain/rules/rpv.ts';
import { timeline } from '../../../src/domain/rules/timeline.ts';
import { type EnteFunding, type EnteQueue, type SimulationResult, enteQueueOf } from '../../../src/domain/simulation/index.ts';
import { RULES } from '../../support/rules.ts';

export { envWith } from '../correction/fixtures.ts';

/**
 * A municipality in regime especial whose own RPV law fixes R$ 10.000,00 (above the RGPS floor,
 * R4.2), so the superpreference cap is 5 × 10.000 = R$ 50.000,00 in every year (R3.3).
 */
export const MUNICIPIO: EnteDevedor = {
  id: 'municipio-exemplo',
  nome: 'Município Exemplo',
  esfera: 'municipal',
  regime: 'especial',
  rpvLaws: timeline<RpvLaw>([
    { validFrom: isoDate('2000-01-01'), value: { kind: 'valor-fixo', amountBrl: money('10000.00') }, legalBasis: 'lei municipal de exemplo' },
  ]),
};

export const MUNICIPIO_GERAL: EnteDevedor = { ...MUNICIPIO, id: 'municipio-geral', nome: 'Município Geral', regime: 'geral' };

export function beneficiario(id: string, valor: string, extra: Partial<Beneficiario> = {}): Beneficiario {
  return { id, credorId: id, titularidade: 'originario', valorBrl: money(valor), pagoBrl: ZERO, superpreferenciaPagaBrl: ZERO, ...extra };
}

export function precatorio(
  ente: EnteDevedor,
  numero: string,
  presentedOn: string,
  natureza: Precatorio['natureza'],
  beneficiarios: Beneficiario[],
  extra: Partial<Precatorio> = {},
): Precatorio {
  return {
    numero,
    enteId: ente.id,
    regime: ente.regime,
    natureza,
    tributario: false,
    apresentacao: { kind: 'registrada', apresentadoEm: `${presentedOn}T10:00:00.000-03:00` as CourtTimestamp },
    valorRequisitadoBrl: beneficiarios.reduce((a, b) => a.plus(b.valorBrl), ZERO),
    status: 'ativo',
    beneficiarios,
    ...extra,
  };
}

export function queueOf(ente: EnteDevedor, precatorios: Precatorio[]): EnteQueue {
  return enteQueueOf(ente, precatorios, RULES);
}

export function deposit(enteId: string, monthly: string, share = '1', extra: Partial<EnteFunding> = {}): EnteFunding {
  return { enteId, source: { kind: 'deposito-mensal', monthlyBrl: money(monthly) }, chronologicalShare: new Dec(share), growthPctYear: ZERO, ...extra };
}

export function dotacao(enteId: string, annual: string, extra: Partial<EnteFunding> = {}): EnteFunding {
  return { enteId, source: { kind: 'dotacao-anual', annualBrl: money(annual) }, chronologicalShare: new Dec(1), growthPctYear: ZERO, ...extra };
}

export const ym = (text: string) => text as YearMonth;
export const day = (text: string) => text as IsoDate;

/** Projection of one número, or a failure that names it. */
export function projectionOf(result: SimulationResult, numero: string) {
  for (const e of result.entes) {
    const found = e.projections.find((p) => p.numero === numero);
    if (found) return found;
  }
  throw new Error(`precatório ${numero} ausente da simulação`);
}

export function must<T, E>(result: { ok: true; value: T } | { ok: false; error: E }): T {
  if (!result.ok) throw new Error(`simulação falhou: ${JSON.stringify(result.error)}`);
  return result.value;
}
