// Withholding on one beneficiary's liquidated gross (money-movements.md §6.2, R6.6–R6.13). Pure:
// the tax tables come in with the RuleBook, the date with the liquidation.
import { type Components, totalOf } from '../correction/types.ts';
import type { IsoDate } from '../dates.ts';
import { Dec, type Money, ZERO, maxMoney, roundCents } from '../money.ts';
import type { Natureza } from '../precatorio.ts';
import { type Result, err, ok } from '../result.ts';
import { PJ_REGIMES, type PjRegime, type TaxTables, monthlyReduction, progressiveTax } from '../rules/irrf.ts';
import { type Timeline, ruleInForce } from '../rules/timeline.ts';

/**
 * The payee's tax regime, chosen by staff from R6.7's table:
 * PF_RRA — PF remuneration/proventos of previous calendar years, exclusive at source, table × NM (R6.8);
 * PF_TABELA — other PF taxable income (L7713 art. 12-B, Lei 8.541 art. 46): the monthly table once;
 * ISENTO — indenizações, moléstia grave (L7713 art. 6 XIV), immune entes: no IR (document on the payee);
 * PJ_* — flat rate on the gross (R6.7).
 */
export type TaxRegime = 'PF_RRA' | 'PF_TABELA' | 'ISENTO' | PjRegime;
export const TAX_REGIMES: readonly TaxRegime[] = ['PF_RRA', 'PF_TABELA', 'ISENTO', ...PJ_REGIMES];

/** Whether the credit is a public servant's remuneration (TJAP `com_vinculo`, R6.10, R6.12). */
export type Vinculo = 'com-vinculo' | 'sem-vinculo';

/** Employee contribution (R6.12): as indicated in the ofício (already updated like the principal), by rate, or none. */
export type PrevidenciaSource =
  | { readonly kind: 'NENHUMA' }
  | { readonly kind: 'INDICADA'; readonly amountBrl: Money }
  | { readonly kind: 'ALIQUOTA'; readonly regime: string };

/** Where the sources leave a choice (§6.2 [UNC]): named options with the spec's defaults. */
export interface WithholdingConfig {
  /** R6.9: whether the Lei 15.270 monthly reduction reaches RRA; default no. */
  readonly rraMonthlyReduction: 'NONE' | 'MULTIPLY_BY_NM';
  /** R6.10: SELIC accrued on a servant's remuneration; default exempt like juros de mora (TJAP `Com vinculo`). */
  readonly selicOnRemuneration: 'EXEMPT_LIKE_JUROS' | 'TAXABLE';
  /** R6.10: juros de mora and EC 136 interest on other PF income; default taxable (TJAP `Sem vinculo`). */
  readonly interestOnOtherPfIncome: 'TAXABLE' | 'EXEMPT';
  /** R6.8: NM of a partial payment = NM × payment ÷ owed (default, TJAP keeps the decimal), rounded, or the full NM. */
  readonly rraMonthsOnPartial: 'PROPORTIONAL_DECIMAL' | 'PROPORTIONAL_ROUNDED' | 'FULL_NM';
}

export const DEFAULT_WITHHOLDING_CONFIG: WithholdingConfig = {
  rraMonthlyReduction: 'NONE',
  selicOnRemuneration: 'EXEMPT_LIKE_JUROS',
  interestOnOtherPfIncome: 'TAXABLE',
  rraMonthsOnPartial: 'PROPORTIONAL_DECIMAL',
};

export interface WithholdingInput {
  /** The beneficiary's liquidated gross, money of the liquidation month (R6.2). */
  readonly gross: Components;
  /** Part of `gross.principal` that is not income (verbas indenizatórias in the ofício); 0 when none. */
  readonly principalNaoTributavel: Money;
  readonly regime: TaxRegime;
  readonly natureza: Natureza;
  readonly vinculo: Vinculo;
  /** Months the income refers to, for this payment (R6.8; see `rraMonthsForPayment`). Read only for PF_RRA. */
  readonly nm: Dec;
  readonly date: IsoDate;
  readonly previdencia: PrevidenciaSource;
  /** L7713 art. 12-A §3 I: pensão alimentícia paid out of this credit. */
  readonly pensaoAlimenticiaBrl: Money;
  /** L7713 art. 12-A §2: judicial expenses paid by the payee, honorários contratuais destacados included. */
  readonly despesasJudiciaisBrl: Money;
}

export interface Withholding {
  readonly regime: TaxRegime;
  /** NM applied (PF_RRA only). */
  readonly rraMonths: Dec | undefined;
  readonly grossBrl: Money;
  /** Σ of the components R6.10 makes taxable for this payee. */
  readonly taxableBrl: Money;
  /** The base the table or rate was applied to, after the deductions of the regime. */
  readonly irBaseBrl: Money;
  readonly irrfBrl: Money;
  readonly previdenciaBrl: Money;
  readonly netBrl: Money;
  /** Start of each table row used (IRRF table, PJ rate, previdência rate…), with its legal basis, for the memória. */
  readonly rulesApplied: readonly { readonly what: string; readonly validFrom: IsoDate; readonly legalBasis: string }[];
}

export type WithholdingError =
  | { readonly kind: 'negative-amount'; readonly field: string }
  | { readonly kind: 'non-taxable-above-principal' }
  | { readonly kind: 'nm-out-of-range'; readonly nm: Dec }
  | { readonly kind: 'deductions-above-gross' }
  | { readonly kind: 'previdencia-on-pj'; readonly regime: TaxRegime }
  | { readonly kind: 'previdencia-above-principal'; readonly amountBrl: Money; readonly principalBrl: Money }
  | { readonly kind: 'unknown-previdencia-regime'; readonly regime: string }
  | { readonly kind: 'no-table'; readonly what: string; readonly date: IsoDate };

/** NM is a count of months of arrears: 1000 months is more than the whole span since CF/1988. */
export const MAX_RRA_MONTHS = 1000;

const isPj = (regime: TaxRegime): regime is PjRegime => (PJ_REGIMES as readonly string[]).includes(regime);

/** R6.10's decision table: the components that are income of this payee. */
function taxableOf(input: WithholdingInput, config: WithholdingConfig): Money {
  const { gross, regime } = input;
  if (regime === 'ISENTO') return ZERO;
  const principal = gross.principal.minus(input.principalNaoTributavel);
  if (isPj(regime)) return principal.plus(gross.jurosMora).plus(gross.selic).plus(gross.jurosEc136);
  // Tema 808 / TJPR-IN171 art. 8 §2: juros on late remuneration of a PF (alimentar) are not income; EC 136
  // interest is compensação da mora too (ADCT 97 §16).
  const remuneration = input.natureza === 'alimentar' && input.vinculo === 'com-vinculo';
  if (remuneration) return config.selicOnRemuneration === 'TAXABLE' ? principal.plus(gross.selic) : principal;
  const interest = config.interestOnOtherPfIncome === 'TAXABLE' ? gross.jurosMora.plus(gross.jurosEc136) : ZERO;
  return principal.plus(interest).plus(gross.selic);
}

function inputProblem(input: WithholdingInput): WithholdingError | undefined {
  const amounts: [string, Money][] = [
    ['principal', input.gross.principal],
    ['jurosMora', input.gross.jurosMora],
    ['selic', input.gross.selic],
    ['jurosEc136', input.gross.jurosEc136],
    ['principalNaoTributavel', input.principalNaoTributavel],
    ['pensaoAlimenticia', input.pensaoAlimenticiaBrl],
    ['despesasJudiciais', input.despesasJudiciaisBrl],
  ];
  if (input.previdencia.kind === 'INDICADA') amounts.push(['previdencia', input.previdencia.amountBrl]);
  const negative = amounts.find(([, a]) => a.isNegative());
  if (negative) return { kind: 'negative-amount', field: negative[0] };
  if (input.principalNaoTributavel.greaterThan(input.gross.principal)) return { kind: 'non-taxable-above-principal' };
  if (input.regime === 'PF_RRA' && (!input.nm.isFinite() || input.nm.lessThanOrEqualTo(0) || input.nm.greaterThan(MAX_RRA_MONTHS))) {
    return { kind: 'nm-out-of-range', nm: input.nm };
  }
  if (input.pensaoAlimenticiaBrl.plus(input.despesasJudiciaisBrl).greaterThan(totalOf(input.gross))) return { kind: 'deductions-above-gross' };
  if (input.previdencia.kind !== 'NENHUMA' && isPj(input.regime)) return { kind: 'previdencia-on-pj', regime: input.regime };
  return undefined;
}

type Applied = Withholding['rulesApplied'][number];

function inForce<T>(rules: Timeline<T> | undefined, date: IsoDate, what: string, applied: Applied[]): Result<T, WithholdingError> {
  const row = rules && ruleInForce(rules, date);
  if (!row) return err(rules ? { kind: 'no-table', what, date } : { kind: 'unknown-previdencia-regime', regime: what });
  applied.push({ what, validFrom: row.validFrom, legalBasis: row.legalBasis });
  return ok(row.value);
}

/** R6.12: the ofício's amount, or the regime's rate × the taxable principal (fallback, [UNC]). */
function previdenciaOf(input: WithholdingInput, tables: TaxTables, applied: Applied[]): Result<Money, WithholdingError> {
  const principal = input.gross.principal.minus(input.principalNaoTributavel);
  const source = input.previdencia;
  if (source.kind === 'NENHUMA') return ok(ZERO);
  if (source.kind === 'ALIQUOTA') {
    const rate = inForce(tables.previdenciaRates.get(source.regime), input.date, source.regime, applied);
    return rate.ok ? ok(roundCents(principal.times(rate.value), 'half-up')) : rate;
  }
  if (source.amountBrl.greaterThan(principal)) return err({ kind: 'previdencia-above-principal', amountBrl: source.amountBrl, principalBrl: principal });
  return ok(source.amountBrl);
}

/**
 * IRRF, previdência and net of one payee on the liquidation date. Every amount is in cents:
 * proportional deductions and rate products are rounded half-up (TJAP), and net = gross − IRRF −
 * previdência exactly. Taxes follow the original titular's regime (R6.13): the caller splits the net
 * among cessionários or a penhora afterwards.
 */
export function withholdingOf(
  input: WithholdingInput,
  tables: TaxTables,
  config: WithholdingConfig = DEFAULT_WITHHOLDING_CONFIG,
): Result<Withholding, WithholdingError> {
  const problem = inputProblem(input);
  if (problem) return err(problem);
  const applied: Applied[] = [];
  const grossBrl = totalOf(input.gross);
  const taxableBrl = taxableOf(input, config);
  const previdencia = previdenciaOf(input, tables, applied);
  if (!previdencia.ok) return previdencia;
  const previdenciaBrl = previdencia.value;
  // R6.8 §2 (proportional rule [MEM]): only the taxable fraction of the judicial expenses is deducted.
  const despesas = grossBrl.isZero() ? ZERO : roundCents(input.despesasJudiciaisBrl.times(taxableBrl).dividedBy(grossBrl), 'half-up');

  let irBaseBrl = ZERO;
  let irrfBrl = ZERO;
  if (isPj(input.regime)) {
    const rate = inForce(tables.pjRates[input.regime], input.date, input.regime, applied);
    if (!rate.ok) return rate;
    irBaseBrl = taxableBrl;
    irrfBrl = roundCents(taxableBrl.times(rate.value), 'half-up');
  } else if (input.regime !== 'ISENTO') {
    const table = inForce(tables.irrfMonthly, input.date, 'tabela progressiva mensal do IRRF', applied);
    if (!table.ok) return table;
    const rra = input.regime === 'PF_RRA';
    const months = rra ? input.nm : new Dec(1);
    let deductions = previdenciaBrl.plus(input.pensaoAlimenticiaBrl);
    if (!rra) {
      // R6.8 last point: the desconto simplificado replaces the legal deductions when larger — never in RRA.
      const desconto = inForce(tables.descontoSimplificado, input.date, 'desconto simplificado', applied);
      if (!desconto.ok) return desconto;
      deductions = maxMoney(deductions, desconto.value);
    }
    irBaseBrl = maxMoney(ZERO, taxableBrl.minus(despesas).minus(deductions));
    irrfBrl = progressiveTax(irBaseBrl, table.value, months);
    const reduction = ruleInForce(tables.monthlyReduction, input.date);
    if (reduction && (!rra || config.rraMonthlyReduction === 'MULTIPLY_BY_NM')) {
      applied.push({ what: 'redução mensal (Lei 15.270/2025)', validFrom: reduction.validFrom, legalBasis: reduction.legalBasis });
      irrfBrl = irrfBrl.minus(monthlyReduction(irrfBrl, taxableBrl, reduction.value, months));
    }
  }
  return ok({
    regime: input.regime,
    rraMonths: input.regime === 'PF_RRA' ? input.nm : undefined,
    grossBrl,
    taxableBrl,
    irBaseBrl,
    irrfBrl,
    previdenciaBrl,
    netBrl: grossBrl.minus(irrfBrl).minus(previdenciaBrl),
    rulesApplied: applied,
  });
}

/**
 * R6.8: NM for a partial payment, superpreferential tranche or acordo — NM × this payment's gross ÷
 * the total updated gross (config `rraMonthsOnPartial`). A whole payment keeps NM.
 */
export function rraMonthsForPayment(nm: Dec, paymentBrl: Money, owedBrl: Money, mode: WithholdingConfig['rraMonthsOnPartial']): Dec {
  if (mode === 'FULL_NM' || owedBrl.isZero() || paymentBrl.greaterThanOrEqualTo(owedBrl)) return nm;
  const share = nm.times(paymentBrl).dividedBy(owedBrl);
  // Rounded half-up, but never to zero months: a paid amount refers to at least one month's income.
  return mode === 'PROPORTIONAL_ROUNDED' ? Dec.max(1, share.toDecimalPlaces(0, Dec.ROUND_HALF_UP)) : share;
}

/** pt-BR text of a withholding refusal, for the edges (CLI, API). */
export function describeWithholdingError(error: WithholdingError): string {
  switch (error.kind) {
    case 'negative-amount':
      return `retenção: o campo ${error.field} não pode ser negativo`;
    case 'non-taxable-above-principal':
      return 'retenção: a parte não tributável do principal (principalNaoTributavel) é maior que o próprio principal';
    case 'nm-out-of-range':
      return `retenção: número de meses do RRA (NM) ${error.nm.toString()} fora do intervalo aceito (maior que 0 e até ${MAX_RRA_MONTHS}); informe o NM do ofício`;
    case 'deductions-above-gross':
      return 'retenção: pensão alimentícia e despesas judiciais somam mais que o valor bruto do beneficiário';
    case 'previdencia-on-pj':
      return `retenção: contribuição previdenciária de servidor não se aplica a pessoa jurídica (regime ${error.regime})`;
    case 'previdencia-above-principal':
      return `retenção: previdência indicada (${error.amountBrl.toFixed(2)}) maior que o principal tributável (${error.principalBrl.toFixed(2)})`;
    case 'unknown-previdencia-regime':
      return `retenção: regime previdenciário "${error.regime}" sem alíquota em data/rules/previdencia-rates.csv`;
    case 'no-table':
      return `retenção: nenhuma ${error.what} vigente em ${error.date} em data/rules`;
  }
}
