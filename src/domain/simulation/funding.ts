import { type YearMonth, addMonths, firstDayOf, yearOf } from '../dates.ts';
import type { EnteDevedor } from '../ente.ts';
import type { RuleBook } from '../rule-book.ts';
import { Dec, type Money, roundCents } from '../money.ts';
import { type Result, err, ok } from '../result.ts';
import { type ChronologicalShareMinimum, chronologicalShareProblem, defaultChronologicalShare } from '../rules/chronological-share.ts';
import type { Dated } from '../rules/timeline.ts';
import { moneyToCents } from '../cents.ts';
import { ADCT102_DESAGIO_MAX } from '../acordos.ts';
import { ec136Limit, isEc136Problem } from '../ec136/limit.ts';
import { BALANCE_CENTS_MAX, type EnteFunding, type FundingSource, type SimulationConfig, type SimulationError } from './types.ts';

/** Money arriving each month of the horizon, already split (R3.8) and capped (EC 136). */
export interface FundingSchedule {
  /** Deposited / transferred this month, after the scenario change and the EC 136 cap. */
  readonly inflowCents: Float64Array;
  /** What the EC 136 cap kept the ente from having to pay this month. */
  readonly heldByCapCents: Float64Array;
  /** Part of the inflow that goes to acordos diretos (R3.8 step 3, ADCT 102). */
  readonly acordosCents: Float64Array;
  /** Part of the inflow for superpreference tranches and the chronological list (R3.8 steps 1–2). */
  readonly chronologicalCents: Float64Array;
  /** 1 at the month where the EC 136 cap of its year was reached. */
  readonly capReached: Uint8Array;
  /** The expected acordo deságio (`EnteFunding.acordoDesagio`) in basis points: 4000 = 40 %. */
  readonly acordoDesagioBp: number;
  /** `EnteFunding.openingBalance` in centavos: in the accounts before the first month. */
  readonly openingChronologicalCents: number;
  readonly openingAcordoCents: number;
  /**
   * R7.8 each January (`EnteFunding.ec136Reevaluation`): sets the EC 136 cap of the year that starts
   * at month t from the stock in mora, which moves as the list's own stock does (`stockFraction`:
   * the list's stock now ÷ at the first month), and refills that year's months. Undefined when the
   * cap is a fixed percentage (or there is none).
   */
  readonly reviseAtJanuary: ((t: number, stockFraction: number) => void) | undefined;
}

const HUNDRED = new Dec(100);

/**
 * The funding a user asks for (the API's `financiamento`, the CLI's options): the share given, or
 * the legal default in force at the first month (R7.5, rules/chronological-share.ts); no growth
 * unless given.
 */
export function requestedFunding(
  ente: Pick<EnteDevedor, 'id' | 'regime'>,
  source: FundingSource,
  from: YearMonth,
  rules: RuleBook,
  given: { readonly share?: Dec | undefined; readonly growthPctYear?: Dec | undefined } = {},
): EnteFunding {
  return {
    enteId: ente.id,
    source,
    chronologicalShare: given.share ?? defaultChronologicalShare(rules, ente.regime, source.kind, firstDayOf(from)),
    growthPctYear: given.growthPctYear ?? new Dec(0),
  };
}

/**
 * Builds the monthly money of one ente (pure): regime geral's annual dotação in twelve transfers or
 * one lump (CF art. 100 §5, [UNC] `dotacaoSchedule`), regime especial's monthly deposits, fixed or
 * 1/12 of a % of the RCL (ADCT 101), a scenario change of ±x %, and the EC 136 yearly cap as a % of
 * the previous year's RCL (CF art. 100 §23). Yearly amounts are computed in Decimal and cut down to
 * the centavo: the ente never owes fractions of a cent.
 */
export function fundingSchedule(
  funding: EnteFunding,
  from: YearMonth,
  months: number,
  config: SimulationConfig,
  changePct: Dec | undefined,
  /** The chronological share's legal minimum in force at `from` (rules/chronological-share.ts, R7.5). */
  shareMinimum: Dated<ChronologicalShareMinimum>,
): Result<FundingSchedule, SimulationError> {
  const invalid = (reason: string) => err<SimulationError>({ kind: 'invalid-funding', enteId: funding.enteId, reason });
  const shareProblem = chronologicalShareProblem(funding.chronologicalShare, shareMinimum);
  if (shareProblem) return invalid(shareProblem);
  if (funding.growthPctYear.lessThanOrEqualTo(-100) || funding.growthPctYear.greaterThan(100)) return invalid('crescimento anual fora de (−100 %, 100 %]');
  if (changePct !== undefined && (changePct.lessThanOrEqualTo(-100) || changePct.greaterThan(1000)))
    return invalid('variação do cenário fora de (−100 %, 1000 %]');
  const needsRcl = funding.source.kind === 'percentual-rcl' || funding.ec136CapPctOfRcl !== undefined;
  if (needsRcl && funding.rcl === undefined) return invalid('informe a receita corrente líquida (RCL) para depósito em % da RCL ou teto da EC 136');
  if (funding.source.kind === 'percentual-rcl' && (funding.source.pctOfRcl.isNegative() || funding.source.pctOfRcl.greaterThan(100)))
    return invalid('percentual da RCL fora de [0, 100]');
  if (funding.ec136CapPctOfRcl !== undefined && (funding.ec136CapPctOfRcl.isNegative() || funding.ec136CapPctOfRcl.greaterThan(100)))
    return invalid('teto da EC 136 fora de [0, 100] % da RCL');
  const reevaluation = funding.ec136Reevaluation;
  if (reevaluation && (funding.ec136CapPctOfRcl === undefined || reevaluation.stockInMora.isNegative()))
    return invalid('a revisão anual da faixa da EC 136 pede o teto do primeiro ano e um estoque em mora não negativo');

  const desagio = funding.acordoDesagio ?? ADCT102_DESAGIO_MAX;
  if (desagio.isNegative() || desagio.greaterThan(ADCT102_DESAGIO_MAX) || desagio.decimalPlaces() > 4)
    return invalid('deságio esperado nos acordos fora de 0 % a 40 % (ADCT art. 102 §1º, R7.6), com até duas casas decimais no percentual');

  const opening = funding.openingBalance;
  for (const [name, amount] of [
    ['cronológica', opening?.chronological],
    ['de acordos', opening?.acordos],
  ] as const) {
    if (amount && (amount.isNegative() || amount.decimalPlaces() > 2 || amount.times(100).greaterThan(BALANCE_CENTS_MAX)))
      return invalid(`saldo inicial da conta ${name} fora de R$ 0,00 a R$ 100 bilhões, em centavos`);
  }

  const firstYear = yearOf(from);
  const change = changePct === undefined ? new Dec(1) : new Dec(1).plus(changePct.dividedBy(HUNDRED));
  const grown = (amount: Money, year: number, pct: Dec, baseYear: number) => amount.times(new Dec(1).plus(pct.dividedBy(HUNDRED)).pow(year - baseYear));
  const rclOf = (year: number) => grown(funding.rcl!.annualBrl, year, funding.rcl!.growthPctYear, funding.rcl!.baseYear);
  // Any yearly or monthly amount above the simulation's bound is refused as input, not asserted.
  const bound = new Dec(BALANCE_CENTS_MAX).dividedBy(100);
  let tooLarge = false;
  const cents = (amount: Money) => {
    if (amount.greaterThan(bound)) {
      tooLarge = true;
      return 0;
    }
    return moneyToCents(roundCents(amount, 'down'));
  };

  const inflowCents = new Float64Array(months);
  const heldByCapCents = new Float64Array(months);
  const acordosCents = new Float64Array(months);
  const chronologicalCents = new Float64Array(months);
  const rawCents = new Float64Array(months);
  const capReached = new Uint8Array(months);
  /**
   * The EC 136 cap of a year in centavos, from its share (%) of the RCL of the year before, cut down
   * to the centavo; Infinity with no cap; undefined above the simulation's bound.
   */
  const capOf = (year: number, pct: Dec | undefined): number | undefined => {
    if (pct === undefined) return Infinity;
    const amount = rclOf(year - 1)
      .times(pct)
      .dividedBy(HUNDRED);
    return amount.greaterThan(bound) ? undefined : moneyToCents(roundCents(amount, 'down'));
  };
  const capByYear = new Map<number, number>();
  // The share has at most 4 decimals (numeric(5,4) in storage): integer arithmetic in basis points.
  const acordoBasisPoints = BigInt(10_000 - Math.round(funding.chronologicalShare.toNumber() * 10_000));
  /** Months t…(December of t's year) under `capCents` for the year: inflow, held, the R3.8 split. */
  const fillYear = (start: number, capCents: number) => {
    let inflowSoFar = 0;
    let capLogged = false;
    const year = yearOf(addMonths(from, start));
    for (let t = start; t < months && yearOf(addMonths(from, t)) === year; t++) {
      const raw = rawCents[t]!;
      const inflow = Math.min(raw, Math.max(0, capCents - inflowSoFar));
      capReached[t] = inflow < raw && !capLogged ? 1 : 0;
      if (inflow < raw) capLogged = true;
      inflowSoFar += inflow;
      inflowCents[t] = inflow;
      heldByCapCents[t] = raw - inflow;
      // At least the chronological share goes to the list: the acordo part is cut down to the centavo.
      const acordos = Number((BigInt(inflow) * acordoBasisPoints) / 10_000n);
      acordosCents[t] = acordos;
      chronologicalCents[t] = inflow - acordos;
    }
  };
  let year = -1;
  let yearly = { monthlyCents: 0, annualCents: 0 };
  for (let t = 0; t < months; t++) {
    const month = addMonths(from, t);
    const monthNumber = Number(month.slice(5, 7));
    if (yearOf(month) !== year) {
      year = yearOf(month);
      const source = funding.source;
      const annual = source.kind === 'dotacao-anual' ? cents(grown(source.annualBrl, year, funding.growthPctYear, firstYear).times(change)) : 0;
      const monthly =
        source.kind === 'deposito-mensal'
          ? cents(grown(source.monthlyBrl, year, funding.growthPctYear, firstYear).times(change))
          : source.kind === 'percentual-rcl'
            ? cents(rclOf(year).times(source.pctOfRcl).dividedBy(HUNDRED).dividedBy(12).times(change))
            : 0;
      const cap = capOf(year, funding.ec136CapPctOfRcl);
      if (tooLarge || cap === undefined) return invalid('valor acima do limite da simulação (R$ 100 bilhões por mês ou por ano)');
      yearly = { monthlyCents: monthly, annualCents: annual };
      capByYear.set(year, cap);
    }
    let raw = yearly.monthlyCents;
    if (funding.source.kind === 'dotacao-anual') {
      if (config.dotacaoSchedule === 'PARCELA_UNICA') raw = monthNumber === config.lumpSumMonth ? yearly.annualCents : 0;
      // Duodécimos: twelve equal transfers, the leftover centavos one each in the first months.
      else raw = Math.floor(yearly.annualCents / 12) + (monthNumber <= yearly.annualCents % 12 ? 1 : 0);
    }
    if (raw > BALANCE_CENTS_MAX) return invalid('valor mensal acima do limite da simulação (R$ 100 bilhões)');
    rawCents[t] = raw;
  }
  // Every year under the percentage given; with the re-evaluation, the run revises each January.
  for (let t = 0; t < months; t++) if (t === 0 || addMonths(from, t).endsWith('-01')) fillYear(t, capByYear.get(yearOf(addMonths(from, t)))!);
  const reviseAtJanuary = reevaluation
    ? (t: number, stockFraction: number) => {
        const y = yearOf(addMonths(from, t));
        // R7.8: the tier of the stock in mora on 1 Jan ÷ the RCL of the year before; a problem
        // (no tier table for the year) keeps the percentage given.
        const limit = ec136Limit(reevaluation.rules, {
          year: y,
          rcl: rclOf(y - 1),
          stockInMora: reevaluation.stockInMora.times(Math.max(0, stockFraction)).toDecimalPlaces(2),
        });
        // A tier's limit above the bound limits nothing the run can deposit: no cap that year.
        fillYear(t, capOf(y, isEc136Problem(limit) ? funding.ec136CapPctOfRcl : limit.limitShare.times(HUNDRED)) ?? Infinity);
      }
    : undefined;
  return ok({
    inflowCents,
    heldByCapCents,
    acordosCents,
    chronologicalCents,
    capReached,
    acordoDesagioBp: desagio.times(10_000).toNumber(),
    openingChronologicalCents: opening ? moneyToCents(opening.chronological) : 0,
    openingAcordoCents: opening ? moneyToCents(opening.acordos) : 0,
    reviseAtJanuary,
  });
}
