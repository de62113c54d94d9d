import type { YearMonth } from '../dates.ts';
import type { EnteDevedor } from '../ente.ts';
import type { ChronologicalShareMinimum } from '../rules/chronological-share.ts';
import type { Dated } from '../rules/timeline.ts';
import { centsToDecimalText } from '../cents.ts';
import { ADCT102_DESAGIO_MAX } from '../acordos.ts';
import type { Money } from '../money.ts';
import type { ScenarioComparison } from './compare.ts';
import type { EnteFunding, EnteSimulation, SimulationConfig } from './types.ts';

/**
 * Plain-data views of a run for the edges (CLI JSON, API): money as decimal text, months as
 * 'AAAA-MM', Portuguese keys. Only list data leaves: número, position, budget year, nature and
 * amounts; never a beneficiary, a birth date or a health ground.
 */

export interface ProjectionAssumptions {
  readonly growth: string;
  readonly startCorrection: 'aplicada' | 'sem-indices' | 'desligada';
  readonly config: SimulationConfig;
  readonly funding: EnteFunding;
  readonly ente: EnteDevedor;
  /** The chronological share's legal minimum in force at the first month (R7.5), named in the text. */
  readonly shareMinimum: Dated<ChronologicalShareMinimum>;
  /** The superpreference age over the horizon (R3.1, rules/superpreference-age.ts), named in the text. */
  readonly superpreferenceAgeYears: number;
  /** Open precatórios in a CF §20 parcelamento (R7.10), in list order: public list numbers. */
  readonly parcelados: readonly string[];
}

const brl = (m: Money) =>
  `R$ ${m
    .toFixed(2)
    .replace('.', ',')
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;

/** The expected acordo deságio in words, "40 %" (`EnteFunding.acordoDesagio`, default ADCT 102 §1's maximum). */
export function desagioText(funding: EnteFunding): string {
  return `${(funding.acordoDesagio ?? ADCT102_DESAGIO_MAX).times(100).toString().replace('.', ',')} %`;
}

/** What the projection assumes, in words for the creditor (shown by the CLI, the API and the dashboard). */
export function assumptionsText(a: ProjectionAssumptions): string[] {
  const share = a.funding.chronologicalShare.times(100).toFixed(0);
  const least = a.shareMinimum.value;
  const lines = [
    'Projeção, não promessa: supõe que o ente deposite exatamente o informado, todo mês, e que nada mude na lista além do simulado.',
    a.ente.regime === 'geral'
      ? `Regime geral: a dotação anual chega ${a.config.dotacaoSchedule === 'DUODECIMOS' ? 'em 12 parcelas mensais iguais (duodécimos)' : `de uma vez, no mês ${a.config.lumpSumMonth}`}; cada precatório só é pago a partir de janeiro do seu ano orçamentário.`
      : `Regime especial: ${share} % de cada depósito vai à ordem cronológica (${least.citation}: no mínimo ${least.share.times(100).toFixed(0)} %); o restante vai à conta de acordos diretos (R7.5). Hipótese: os credores são chamados na ordem da lista e cada um aceita o deságio de ${desagioText(a.funding)} (R7.6, R7.7); um acordo quita o crédito inteiro do beneficiário e só é feito quando a conta cobre todo o valor com deságio — assim os acordos também encurtam a fila.`,
    'Ordem de cada mês (R3.8): primeiro as parcelas superpreferenciais (CF art. 100 §2, até o teto por credor), depois a lista cronológica; um precatório pago em parte mantém a posição.',
    a.config.superpreferenceGrounds === 'AS_OF_RUN'
      ? `A superpreferência é verificada no dia da rodada de cada mês: quem completa ${a.superpreferenceAgeYears} anos durante a espera passa à frente com a sua parcela; novos reconhecimentos que ainda não estão no registro não entram.`
      : a.config.superpreferenceGrounds === 'PUBLISHED'
        ? `Para não revelar dados pessoais, a projeção pública considera as superpreferências da lista publicada hoje (pagas desde o mês inicial) e as do cenário, a partir da data informada: quem completar ${a.superpreferenceAgeYears} anos durante a espera também passará à frente, e as datas dos demais podem ser um pouco mais tarde.`
        : `Para não revelar dados pessoais, a projeção pública considera só as superpreferências já existentes no mês inicial: quem completar ${a.superpreferenceAgeYears} anos durante a espera também passará à frente, e as datas dos demais podem ser um pouco mais tarde.`,
    `Correção durante a espera: ${a.growth}. Os índices futuros são desconhecidos; a taxa é uma hipótese.`,
    a.startCorrection === 'aplicada'
      ? 'Saldos registrados corrigidos da data-base até o mês inicial pelos índices publicados (R5.x); pagamentos anteriores tratados como valores da data-base.'
      : a.startCorrection === 'sem-indices'
        ? 'Saldos usados como registrados, sem correção até o mês inicial (índices não importados).'
        : 'Saldos usados como registrados, sem correção.',
    'Dinheiro não gasto num mês fica na conta e é usado no mês seguinte.',
  ];
  if (a.parcelados.length > 0) {
    const shown = a.parcelados.slice(0, 5).join(', ');
    const more = a.parcelados.length > 5 ? ` e mais ${a.parcelados.length - 5}` : '';
    lines.push(
      `Parcelamento do CF art. 100 §20 (R7.10): ${a.parcelados.length === 1 ? 'o precatório' : `os ${a.parcelados.length} precatórios`} ${shown}${more}, acima de 15 % dos precatórios do seu ano orçamentário, ${a.parcelados.length === 1 ? 'recebe' : 'recebem'} pela lista, na posição original, só o que já venceu: 15 % no ano orçamentário e o restante em 5 parcelas anuais iguais, corrigidas; o que falta vencer espera o seu ano e a lista segue para os próximos.`,
    );
  }
  const opening = a.funding.openingBalance;
  if (opening)
    lines.push(
      `Começa do saldo registrado da conta especial em ${opening.date.split('-').reverse().join('/')} (R7.2): ${brl(opening.chronological)} na conta da ordem cronológica e ${brl(opening.acordos)} na de acordos, usados desde o primeiro mês.`,
    );
  if (a.funding.ec136CapPctOfRcl)
    lines.push(
      `Teto da EC 136: pagamentos de cada ano limitados a ${a.funding.ec136CapPctOfRcl.toFixed(2).replace('.', ',')} % da RCL do ano anterior${a.funding.ec136Reevaluation ? ' no primeiro ano; a cada janeiro seguinte a faixa (CF art. 100 §23) é recalculada pelo estoque em mora projetado ÷ a RCL do ano anterior — o estoque muda com os pagamentos e a correção, e a faixa com ele (as outras listas do estoque registrado supostas na mesma proporção)' : ''}; o excedente não é depositado.${a.funding.ec136Source ? ` Limite tirado do registro: ${a.funding.ec136Source}.` : ''}`,
    );
  if (a.funding.newPrecatorios)
    lines.push(`Entram ${a.funding.newPrecatorios.perYear} novos precatórios por ano (valor total informado), na posição que a data de apresentação lhes dá.`);
  else
    lines.push(
      'Não entram novos precatórios no horizonte: se entrarem com preferência (alimentares do mesmo ano, superpreferências), a data real pode ser mais tarde.',
    );
  return lines;
}

export function publicYears(ente: EnteSimulation) {
  return ente.years.map((y) => ({
    ano: y.year,
    entrada: centsToDecimalText(y.inflowCents),
    retidoPeloTeto: centsToDecimalText(y.heldByCapCents),
    acordos: centsToDecimalText(y.acordosCents),
    acordosPagos: centsToDecimalText(y.acordoPaidCents),
    desagioRenunciado: centsToDecimalText(y.desagioCents),
    pago: centsToDecimalText(y.paidCents),
    superpreferencia: centsToDecimalText(y.superpreferencePaidCents),
    estoqueFinal: centsToDecimalText(y.stockEndCents),
    quitados: y.fullyPaid,
  }));
}

export function publicMonths(ente: EnteSimulation) {
  return ente.months.map((m) => ({
    mes: m.month,
    entrada: centsToDecimalText(m.inflowCents),
    acordos: centsToDecimalText(m.acordosCents),
    acordosPagos: centsToDecimalText(m.acordoPaidCents),
    desagioRenunciado: centsToDecimalText(m.desagioCents),
    saldoAcordos: centsToDecimalText(m.acordoUnspentCents),
    disponivel: centsToDecimalText(m.availableCents),
    superpreferencia: centsToDecimalText(m.superpreferencePaidCents),
    cronologica: centsToDecimalText(m.chronologicalPaidCents),
    naoGasto: centsToDecimalText(m.unspentCents),
    estoque: centsToDecimalText(m.stockCents),
    abertos: m.openPrecatorios,
  }));
}

/** Registered precatórios only (expected ones are nobody's credit), with the scenario's dates when compared. */
export function publicProjections(ente: EnteSimulation, comparison?: ScenarioComparison) {
  const shifts = comparison ? new Map(comparison.shifts.map((s) => [s.numero, s])) : undefined;
  return ente.projections
    .filter((p) => !p.expected)
    .map((p) => {
      const shift = shifts?.get(p.numero);
      return {
        posicao: p.position,
        numero: p.numero,
        orcamento: p.budgetYear,
        natureza: p.natureza,
        suspenso: p.suspended,
        pagavelDesde: p.payableFrom,
        saldoInicial: centsToDecimalText(p.startBalanceCents),
        pago: centsToDecimalText(p.paidCents),
        superpreferencia: centsToDecimalText(p.superpreferencePaidCents),
        acordo: centsToDecimalText(p.acordoPaidCents),
        desagio: centsToDecimalText(p.desagioCents),
        mesAcordo: p.acordoMonth,
        primeiroPagamento: p.firstPaymentMonth,
        quitacao: p.fullPaymentMonth,
        ...(shift ? { cenario: { quitacao: shift.scenarioMonth, diferencaMeses: shift.shiftMonths, situacao: shift.kind } } : {}),
      };
    });
}

export function publicEvents(ente: EnteSimulation, max: number) {
  return ente.events.slice(0, max).map((e) => ({ mes: e.month, tipo: e.kind, numero: e.numero, valor: centsToDecimalText(e.amountCents) }));
}

/** "2031-04" → "abr/2031"; null → "além do horizonte". */
export function monthLabel(month: YearMonth | null): string {
  if (month === null) return 'além do horizonte';
  const names = ['jan', 'fev', 'mar', 'abr', 'mai', 'jun', 'jul', 'ago', 'set', 'out', 'nov', 'dez'];
  return `${names[Number(month.slice(5, 7)) - 1]}/${month.slice(0, 4)}`;
}
