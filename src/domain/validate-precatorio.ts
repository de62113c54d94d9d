import { addYears, courtDateOf, monthOf } from './dates.ts';
import { sum } from './money.ts';
import type { Precatorio } from './precatorio.ts';
import { type FieldError, type Result, err, ok } from './result.ts';
import { LIFESPAN_MAX_YEARS, type SupportedDates, outsideDate, outsideMonth, outsideYear } from './supported-dates.ts';

/**
 * Checks the invariants the types cannot carry, so that a `Precatorio` that passed here is safe for
 * every core function — its dates inside the ranges the rules support on the import's day
 * (`dates`, supported-dates.ts) and in the order the law implies. Reasons are in Portuguese: they
 * reach users through the importer.
 */
export function validatePrecatorio(p: Precatorio, dates: SupportedDates): Result<Precatorio, FieldError[]> {
  const errors: FieldError[] = [];
  const fail = (field: string, reason: string) => errors.push({ field, reason });

  if (p.numero.trim() === '') fail('numero', 'número do precatório vazio');
  // Zero is allowed: published lists show 0 while a value is under review (e.g. TJRJ "Secal").
  if (p.valorRequisitadoBrl.isNegative()) fail('valor', 'o valor requisitado não pode ser negativo');
  if (p.beneficiarios.length === 0) fail('beneficiarios', 'o precatório precisa de ao menos um beneficiário');
  const shares = sum(p.beneficiarios.map((b) => b.valorBrl));
  if (p.beneficiarios.length > 0 && !shares.equals(p.valorRequisitadoBrl)) {
    fail('beneficiarios', `a soma das cotas (${shares.toFixed(2)}) difere do valor requisitado (${p.valorRequisitadoBrl.toFixed(2)})`);
  }
  const presentedOn = p.apresentacao.kind === 'registrada' ? courtDateOf(p.apresentacao.apresentadoEm) : undefined;
  const outside = (field: string, reason: string | undefined) => reason !== undefined && fail(field, reason);
  if (presentedOn) outside('apresentado_em', outsideDate(dates.apresentacao, presentedOn));
  if (p.apresentacao.kind === 'ordem-publicada') outside('orcamento', outsideYear(dates.orcamento, p.apresentacao.budgetYear));
  if (p.expedidoEm) outside('expedido_em', outsideDate(dates.expedicao, p.expedidoEm));
  if (p.dataBase) outside('data_base', outsideMonth(dates.dataBase, p.dataBase));
  if (presentedOn && p.expedidoEm && p.expedidoEm > presentedOn) {
    fail('expedido_em', 'a expedição não pode ser posterior à apresentação ao tribunal (R1.1)');
  }
  // R5.1 (TJPR IN 171 art. 1º I): the data-base is the end of the account the ofício was issued from.
  const issuedOn = p.expedidoEm ?? presentedOn;
  if (p.dataBase && issuedOn && p.dataBase > monthOf(issuedOn)) {
    fail(
      'data_base',
      `a data-base ${p.dataBase} (mês da conta de liquidação) não pode ser posterior à ${p.expedidoEm ? 'expedição' : 'apresentação'} (${issuedOn}) do ofício que ela originou (R5.1)`,
    );
  }
  if (p.apresentacao.kind === 'ordem-publicada' && (!Number.isInteger(p.apresentacao.ordem) || p.apresentacao.ordem <= 0)) {
    fail('ordem', 'a ordem publicada deve ser um inteiro positivo');
  }
  const ids = new Set<string>();
  p.beneficiarios.forEach((b, i) => {
    const field = (name: string) => `beneficiarios[${i}].${name}`;
    if (ids.has(b.id)) fail(field('id'), `beneficiário repetido: ${b.id}`);
    ids.add(b.id);
    if (b.valorBrl.isNegative()) fail(field('valor'), 'a cota não pode ser negativa');
    if (b.pagoBrl.isNegative()) fail(field('pago'), 'valor pago negativo');
    if (b.pagoBrl.greaterThan(b.valorBrl)) fail(field('pago'), 'valor pago maior que a cota');
    if (b.superpreferenciaPagaBrl.isNegative() || b.superpreferenciaPagaBrl.greaterThan(b.pagoBrl)) {
      fail(field('superpreferencia_paga'), 'a parcela superpreferencial paga deve estar entre zero e o total pago');
    }
    if (b.doencaGraveDesde && b.deficienciaDesde) {
      fail(
        field('deficiencia_desde'),
        'a superpreferência é reconhecida por um único motivo (Res. CNJ 303 art. 9 §7): informe doença grave ou deficiência, não ambas',
      );
    }
    if (b.nascimento) {
      const birth = outsideDate(dates.nascimento, b.nascimento);
      if (birth) fail(field('nascimento'), birth);
      // (Only for a presentation the rules support: year 0000 minus 130 is no date.)
      else if (presentedOn && !outsideDate(dates.apresentacao, presentedOn) && b.nascimento < addYears(presentedOn, -LIFESPAN_MAX_YEARS)) {
        fail(
          field('nascimento'),
          `nascimento ${b.nascimento} mais de ${LIFESPAN_MAX_YEARS} anos antes da apresentação (${presentedOn}): quem tem o crédito estava vivo quando ele foi apresentado`,
        );
      }
    }
    for (const [name, date] of [
      ['doenca_grave_desde', b.doencaGraveDesde],
      ['deficiencia_desde', b.deficienciaDesde],
    ] as const) {
      if (date) outside(field(name), outsideDate(dates.reconhecimento, date));
      if (date && b.nascimento && date < b.nascimento) fail(field(name), 'reconhecimento anterior ao nascimento');
    }
  });
  if (p.status === 'pago' && p.beneficiarios.some((b) => !b.pagoBrl.equals(b.valorBrl))) {
    fail('status', 'precatório marcado como pago com saldo em aberto');
  }
  return errors.length === 0 ? ok(p) : err(errors);
}
