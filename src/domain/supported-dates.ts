import { type IsoDate, type YearMonth, addMonths, addYears, daysInMonth, isIsoDate, makeIsoDate, monthOf, yearOf } from './dates.ts';
import type { CorrectionRules } from './correction/periods.ts';
import type { RuleBook } from './rule-book.ts';
import { budgetYearFor } from './rules/budget-year.ts';
import type { Timeline } from './rules/timeline.ts';
import { SIMULATION_MONTHS_MAX } from './simulation/types.ts';

/**
 * The dates the registry accepts, one range per kind of date, all derived from the legal tables
 * (data/rules, read into the RuleBook and the correction rules) and from "today" — which comes in as
 * a value: the domain has no clock. Every entry point (CSV import, API schemas, CLI flags) checks
 * against these ranges, so a date the rules cannot place is refused where it enters, with the
 * reason, instead of throwing deep in the core later (issue 15: a 1985 presentation made every list
 * of its ente answer 500).
 *
 * A plain object of strings and numbers: it crosses to the import's worker thread as it is.
 */
export interface DateRange {
  readonly from: IsoDate;
  readonly until: IsoDate;
  /** Why these bounds, in Portuguese, citing the rule: part of every refusal. */
  readonly why: string;
}

export interface MonthRange {
  readonly from: YearMonth;
  readonly until: YearMonth;
  readonly why: string;
}

export interface YearRange {
  readonly from: number;
  readonly until: number;
  readonly why: string;
}

export interface SupportedDates {
  readonly today: IsoDate;
  /** Presentation (receipt of the ofício by the court, R1.1). */
  readonly apresentacao: DateRange;
  /** Expedição of the ofício by the execution judge (R1.1); per precatório also ≤ the presentation. */
  readonly expedicao: DateRange;
  /** Data-base of the requisitioned value (R5.1); per precatório also ≤ the expedição's month. */
  readonly dataBase: MonthRange;
  /** A beneficiary's birth; per precatório also within a lifespan of the presentation. */
  readonly nascimento: DateRange;
  /** Recognition of a serious illness or disability (R3.2); per beneficiary also ≥ the birth. */
  readonly reconhecimento: DateRange;
  /** Run date of a list or a payment run (`?data=`, `pagar --data`). */
  readonly rodada: DateRange;
  /** Date of something staff record as done: a payment, a cessão, a revocation. */
  readonly registro: DateRange;
  /**
   * Date of a movement of a regime-especial special account (deposit, debit): the account exists
   * since the first rule that splits its money (ADCT 97, EC 62/2009), and a recorded movement is not future.
   */
  readonly contaEspecial: DateRange;
  /** Date of a superpreference grant (illness, disability). */
  readonly concessao: DateRange;
  /** Start of a funding row (dotação, depósito, % da RCL) of the projection. */
  readonly financiamento: DateRange;
  /** Month a balance is corrected to (`ate` of a lookup, `corrigir --ate`). */
  readonly mesCorrecao: MonthRange;
  /** First month of a projection (`de`). */
  readonly inicioSimulacao: MonthRange;
  /** Last month of a projection (`ate`); also at most `horizonteMeses` after its first month. */
  readonly fimSimulacao: MonthRange;
  readonly horizonteMeses: number;
  /** Dates inside a projection's scenario (hypothetical presentations, grants, an RPV law). */
  readonly cenario: DateRange;
  /** Budget year (orçamento) of a published list or a filter. */
  readonly orcamento: YearRange;
}

/**
 * Longest plausible human life, in years, for birth dates: the longest documented lifespan is
 * 122 years (Jeanne Calment, 1875–1997); 130 leaves a margin and still refuses typing slips such as
 * 0001-01-01 or 1802 for 1982. A beneficiary holds the credit on or after its presentation, so was
 * alive then: born at most this many years before it.
 */
export const LIFESPAN_MAX_YEARS = 130;

/** The earliest date every timeline of the list is defined from: the latest of their first rows. */
function firstCommonDate(timelines: readonly Timeline<unknown>[]): IsoDate {
  return timelines.map((t) => t[0]!.validFrom).reduce((a, b) => (a > b ? a : b));
}

const lastDayOf = (month: YearMonth): IsoDate => makeIsoDate(yearOf(month), Number(month.slice(5, 7)), daysInMonth(yearOf(month), Number(month.slice(5, 7))));
/** The first whole month on or after `date`. */
const firstMonthFrom = (date: IsoDate): YearMonth => (date.endsWith('-01') ? monthOf(date) : addMonths(monthOf(date), 1));

/**
 * The supported ranges on `today` (court-local date, from the shell). Each bound and why:
 *
 * - presentation: from the first budget-year rule (CF 1988 art. 100, 05/10/1988 — budget-year-rules
 *   first row; before it no rule gives a budget year, R1.2) to today (a receipt is recorded when it
 *   happens, R1.1; it cannot be in the future);
 * - expedição: same bounds; the ofício is issued before it is received (R1.1: expedição ≤ apresentação);
 * - data-base: from the first month of the correction chain (correction-periods first row, 2001-01:
 *   R5.4 — older history is the execution court's account, brought to a month the chain covers; the
 *   engine cannot correct it, R5.1, R5.17) to today's month; the account precedes the ofício it gave rise
 *   to (TJPR IN 171 art. 1º I: data-base ≤ expedição ≤ apresentação);
 * - birth: at most LIFESPAN_MAX_YEARS before the earliest presentation, not after today;
 * - illness/disability recognition: from the earliest birth to today (recorded facts are not future);
 * - run date: from the first day every rule a list needs is in force — the superpreference multiple
 *   and age (EC 62/2009, superpreference-multipliers and superpreference-age first rows), the
 *   default RPV law of each sphere (rpv-defaults), salário mínimo and teto do RGPS (their first
 *   rows), the chronological share's minimum (R7.5) — to 31 December of the budget
 *   year of a presentation made today (R1.2: the last date by which today's stock must be paid);
 * - staff records (payment, cessão, revocation): from the first presentation to today;
 * - special-account movement: from the first chronological-share row below 1 (ADCT 97, EC 62/2009:
 *   the special account and its split exist from then; before it all money went to the list) to today;
 * - superpreference grant: from the first superpreference multiple (EC 62/2009 created it) to today;
 * - funding rows and scenarios: from the first presentation (funding: and the first chronological-share
 *   rule, R7.5); funding up to the end of the run-date
 *   range (a budget law is known for the next budget), scenarios up to the end of the longest projection;
 * - correction target: the correction chain's first month up to the run-date range's last month;
 * - projection: its first month is the first whole month of the run-date range up to its last month;
 *   its last month at most SIMULATION_MONTHS_MAX later;
 * - budget year: the budget year of the first presentation to that of a presentation made today.
 */
export function supportedDates(rules: RuleBook, correction: CorrectionRules, today: IsoDate): SupportedDates {
  if (!isIsoDate(today)) throw new Error(`data de hoje inválida: ${today}`);
  const firstPresentation = rules.budgetYearRules[0]!.validFrom;
  const chainStart = Object.values(correction.tables)
    .map((t) => monthOf(t[0]!.validFrom))
    .reduce((a, b) => (a < b ? a : b));
  const firstSuperpreference = [rules.superpreferenceMultipliers.geral, rules.superpreferenceMultipliers.especial]
    .map((t) => t[0]!.validFrom)
    .reduce((a, b) => (a < b ? a : b));
  const runFrom = firstCommonDate([
    rules.superpreferenceMultipliers.geral,
    rules.superpreferenceMultipliers.especial,
    rules.rpvDefaults.uniao,
    rules.rpvDefaults.estadual,
    rules.rpvDefaults.municipal,
    rules.salarioMinimo,
    rules.tetoRgps,
    rules.superpreferenceAgeYears,
    rules.chronologicalShareMinimum,
  ]);
  const budgetYearToday = budgetYearFor(today <= firstPresentation ? firstPresentation : today, rules.budgetYearRules);
  const runUntil = makeIsoDate(budgetYearToday, 12, 31);
  const earliestBirth = addYears(firstPresentation, -LIFESPAN_MAX_YEARS);
  const simulationFrom = firstMonthFrom(runFrom);
  const specialAccountRule = rules.chronologicalShareMinimum.find((r) => r.value.share.lessThan(1));
  if (specialAccountRule === undefined) throw new Error('data/rules/chronological-share-minimum.csv: nenhuma linha do regime especial (parcela < 1)');
  const fundingFrom = firstCommonDate([rules.budgetYearRules, rules.chronologicalShareMinimum]);
  const simulationUntil = addMonths(monthOf(runUntil), SIMULATION_MONTHS_MAX - 1);
  const presentationWhy = `a primeira regra de exercício orçamentário vale desde ${firstPresentation} (CF 1988 art. 100, R1.2) e um recebimento não pode ser futuro (R1.1)`;
  return {
    today,
    apresentacao: { from: firstPresentation, until: today, why: presentationWhy },
    expedicao: { from: firstPresentation, until: today, why: `a expedição antecede a apresentação (R1.1); ${presentationWhy}` },
    dataBase: {
      from: chainStart,
      until: monthOf(today),
      why: `a cadeia de correção começa em ${chainStart} (R5.4: a conta anterior vem atualizada pelo juízo da execução) e a data-base não pode ser futura`,
    },
    nascimento: {
      from: earliestBirth,
      until: today,
      why: `no máximo ${LIFESPAN_MAX_YEARS} anos antes da primeira apresentação possível e nunca depois de hoje`,
    },
    reconhecimento: { from: earliestBirth, until: today, why: 'um reconhecimento registrado não pode ser futuro' },
    rodada: {
      from: runFrom,
      until: runUntil,
      why: `as listas precisam do múltiplo da superpreferência, das leis de RPV, do salário mínimo e do teto do RGPS, todos vigentes desde ${runFrom} (EC 62/2009, R3.3, R4.1), até o fim do exercício dos precatórios apresentados hoje (R1.2)`,
    },
    registro: {
      from: firstPresentation,
      until: today,
      why: `um pagamento, cessão ou revogação registrado não pode ser futuro nem anterior a ${firstPresentation} (CF 1988 art. 100)`,
    },
    contaEspecial: {
      from: specialAccountRule.validFrom,
      until: today,
      why: `a conta especial do regime especial existe desde ${specialAccountRule.validFrom} (${specialAccountRule.value.citation}, R7.1) e um lançamento registrado não pode ser futuro`,
    },
    concessao: {
      from: firstSuperpreference,
      until: today,
      why: `a superpreferência existe desde ${firstSuperpreference} (EC 62/2009, R3.3) e uma concessão registrada não pode ser futura`,
    },
    financiamento: {
      from: fundingFrom,
      until: runUntil,
      why: `de ${fundingFrom} (CF 1988 art. 100; a parcela da ordem cronológica tem regra desde então, R7.5) até o fim do exercício dos precatórios apresentados hoje (R1.2)`,
    },
    mesCorrecao: {
      from: chainStart,
      until: monthOf(runUntil),
      why: `a cadeia de correção começa em ${chainStart} (R5.4); até o fim do exercício dos precatórios apresentados hoje (R1.2)`,
    },
    inicioSimulacao: {
      from: simulationFrom,
      until: monthOf(runUntil),
      why: `a projeção monta as listas de cada mês, possíveis desde ${runFrom} (R3.3, R4.1), e começa no máximo no fim do exercício dos precatórios apresentados hoje (R1.2)`,
    },
    fimSimulacao: { from: simulationFrom, until: simulationUntil, why: `no máximo ${SIMULATION_MONTHS_MAX} meses de projeção` },
    horizonteMeses: SIMULATION_MONTHS_MAX,
    cenario: {
      from: firstPresentation,
      until: lastDayOf(simulationUntil),
      why: `de ${firstPresentation} (CF 1988 art. 100) até o último mês da projeção mais longa`,
    },
    orcamento: {
      from: budgetYearFor(firstPresentation, rules.budgetYearRules),
      until: budgetYearToday,
      why: `do exercício da primeira apresentação possível (${firstPresentation}) ao dos precatórios apresentados hoje (R1.2, R1.4)`,
    },
  };
}

/** The reason `date` is outside `range`, in Portuguese; undefined when it is inside. */
export function outsideDate(range: DateRange, date: IsoDate): string | undefined {
  if (date >= range.from && date <= range.until) return undefined;
  return `${date} fora do intervalo aceito (${range.from} a ${range.until}): ${range.why}`;
}

export function outsideMonth(range: MonthRange, month: YearMonth): string | undefined {
  if (month >= range.from && month <= range.until) return undefined;
  return `${month} fora do intervalo aceito (${range.from} a ${range.until}): ${range.why}`;
}

export function outsideYear(range: YearRange, year: number): string | undefined {
  if (Number.isInteger(year) && year >= range.from && year <= range.until) return undefined;
  return `${year} fora do intervalo aceito (${range.from} a ${range.until}): ${range.why}`;
}
