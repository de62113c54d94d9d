import type { IsoDate } from '../dates.ts';
import type { EnteDevedor } from '../ente.ts';
import { type Dec, type Money, maxMoney, roundCents } from '../money.ts';
import type { RuleBook } from '../rule-book.ts';
import { type Dated, requireRuleInForce, ruleInForce } from './timeline.ts';

/** What an RPV law fixes (R4.2): a multiple of the salário mínimo, an amount in reais, or the RGPS ceiling. */
export type RpvLaw =
  | { readonly kind: 'salarios-minimos'; readonly multiple: Dec }
  | { readonly kind: 'valor-fixo'; readonly amountBrl: Money }
  | { readonly kind: 'teto-rgps' };

export interface RpvCeilingOptions {
  /** R4.4 [UNC]: a later law that raises the ceiling may apply to older executions. Default true. */
  readonly applyLaterHigherCeiling: boolean;
}

export const DEFAULT_RPV_CEILING_OPTIONS: RpvCeilingOptions = { applyLaterHigherCeiling: true };

export interface RpvCeiling {
  readonly amountBrl: Money;
  readonly law: Dated<RpvLaw>;
  /** True when the CF §4 floor (RGPS ceiling) lifted the law's value. */
  readonly floorApplied: boolean;
}

/**
 * RPV ceiling of a debtor for one requisition (R4.1–R4.4): the law in force at the trânsito em
 * julgado (Tema 792), valued with the salário mínimo of the expedição date, never below the RGPS
 * ceiling in force then (CF art. 100 §4). A later law that raises it applies when configured.
 */
export function rpvCeiling(
  ente: EnteDevedor,
  dates: { readonly transitoEm: IsoDate; readonly expedidoEm: IsoDate },
  rules: RuleBook,
  options: RpvCeilingOptions = DEFAULT_RPV_CEILING_OPTIONS,
): RpvCeiling {
  // A trânsito older than any RPV rule (before EC 37/2002) has no law to freeze: the law of the
  // expedição governs.
  const atTransito = lawInForce(ente, dates.transitoEm, rules) ?? requireLawInForce(ente, dates.expedidoEm, rules);
  let chosen = { law: atTransito, amountBrl: lawAmount(atTransito.value, dates.expedidoEm, rules) };
  if (options.applyLaterHigherCeiling) {
    const atExpedicao = requireLawInForce(ente, dates.expedidoEm, rules);
    const later = lawAmount(atExpedicao.value, dates.expedidoEm, rules);
    if (later.greaterThan(chosen.amountBrl)) chosen = { law: atExpedicao, amountBrl: later };
  }
  const floor = requireRuleInForce(rules.tetoRgps, dates.expedidoEm, 'teto do RGPS').value;
  const amountBrl = maxMoney(chosen.amountBrl, floor);
  return { amountBrl, law: chosen.law, floorApplied: floor.greaterThan(chosen.amountBrl) };
}

/** The ente's own law in force on `date`, else the ADCT 87 / Lei 10.259 default of its sphere (R4.1). */
function lawInForce(ente: EnteDevedor, date: IsoDate, rules: RuleBook): Dated<RpvLaw> | undefined {
  const own = ente.rpvLaws ? ruleInForce(ente.rpvLaws, date) : undefined;
  return own ?? ruleInForce(rules.rpvDefaults[ente.esfera], date);
}

function requireLawInForce(ente: EnteDevedor, date: IsoDate, rules: RuleBook): Dated<RpvLaw> {
  const law = lawInForce(ente, date, rules);
  if (!law) throw new Error(`nenhuma lei de RPV vigente em ${date} para ${ente.nome}`);
  return law;
}

function lawAmount(law: RpvLaw, expedidoEm: IsoDate, rules: RuleBook): Money {
  switch (law.kind) {
    case 'salarios-minimos': {
      // R4.4: the salário mínimo of the expedição date. Multiples like 5.3738 SM give fractions of a
      // cent; the ceiling is a legal limit, so it is cut down to the cent, never rounded up.
      const sm = requireRuleInForce(rules.salarioMinimo, expedidoEm, 'salário mínimo').value;
      return roundCents(sm.times(law.multiple), 'down');
    }
    case 'valor-fixo':
      return law.amountBrl;
    case 'teto-rgps':
      return requireRuleInForce(rules.tetoRgps, expedidoEm, 'teto do RGPS').value;
  }
}

export interface Requisition {
  readonly valorBrl: Money;
  readonly transitoEm: IsoDate;
  readonly expedidoEm: IsoDate;
  /** ADCT 87 parágrafo único: the creditor renounced what exceeds the ceiling (R4.5). */
  readonly renunciaAoExcedente: boolean;
}

export type Classification =
  | { readonly kind: 'rpv'; readonly payableBrl: Money; readonly renouncedBrl: Money; readonly ceiling: RpvCeiling }
  | { readonly kind: 'precatorio'; readonly payableBrl: Money; readonly ceiling: RpvCeiling };

/**
 * RPV or precatório (R4.5, R4.6). Up to the ceiling (inclusive: "igual ou inferior", ADCT 87) it is
 * an RPV; above it, a precatório unless the creditor renounced the excess, in which case it becomes
 * an RPV of exactly the ceiling and the excess is extinguished. Value is assessed per creditor
 * (litisconsórcio, R4.6): call once per creditor's credit.
 */
export function classify(
  requisition: Requisition,
  ente: EnteDevedor,
  rules: RuleBook,
  options: RpvCeilingOptions = DEFAULT_RPV_CEILING_OPTIONS,
): Classification {
  const ceiling = rpvCeiling(ente, requisition, rules, options);
  const valor = requisition.valorBrl;
  if (valor.lessThanOrEqualTo(ceiling.amountBrl)) {
    return { kind: 'rpv', payableBrl: valor, renouncedBrl: valor.minus(valor), ceiling };
  }
  if (requisition.renunciaAoExcedente) {
    return { kind: 'rpv', payableBrl: ceiling.amountBrl, renouncedBrl: valor.minus(ceiling.amountBrl), ceiling };
  }
  return { kind: 'precatorio', payableBrl: valor, ceiling };
}

/**
 * Superpreference cap for one creditor (R3.3): the RPV ceiling in force at the payment run times
 * 3 (regime geral, CF §2) or 5 (regime especial, ADCT 102 §2, from EC 99/2017).
 */
export function superpreferenceCap(ente: EnteDevedor, runDate: IsoDate, rules: RuleBook): Money {
  const ceiling = rpvCeiling(ente, { transitoEm: runDate, expedidoEm: runDate }, rules);
  return superpreferenceCapFor(ceiling.amountBrl, ente.regime, runDate, rules);
}

/** Cap from a known RPV ceiling (e.g. the value a court publishes). */
export function superpreferenceCapFor(rpvCeilingBrl: Money, regime: EnteDevedor['regime'], runDate: IsoDate, rules: RuleBook): Money {
  const multiple = requireRuleInForce(rules.superpreferenceMultipliers[regime], runDate, 'múltiplo da superpreferência').value;
  return rpvCeilingBrl.times(multiple);
}
