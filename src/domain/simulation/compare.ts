import { type YearMonth, differenceInCalendarMonths } from '../dates.ts';
import type { SimulationResult } from './types.ts';

/** How a creditor's projected full-payment month moves from the baseline to the scenario. */
export type ShiftKind = 'antecipado' | 'adiado' | 'igual' | 'entra-no-horizonte' | 'sai-do-horizonte' | 'fora-do-horizonte' | 'somente-no-cenario';

export interface DateShift {
  readonly numero: string;
  readonly enteId: string;
  readonly baselineMonth: YearMonth | null;
  readonly scenarioMonth: YearMonth | null;
  /** scenario − baseline in months (negative = paid earlier); null when either is beyond the horizon. */
  readonly shiftMonths: number | null;
  readonly kind: ShiftKind;
}

export interface ScenarioComparison {
  readonly shifts: readonly DateShift[];
  readonly counts: Readonly<Record<ShiftKind, number>>;
  /** Mean shift over the precatórios paid within the horizon in both runs (months, 1 decimal). */
  readonly meanShiftMonths: number | null;
}

/**
 * Side by side, per registered precatório (expected synthetic ones are left out: they are nobody's
 * credit): how many months its full payment moves. Both runs must cover the same horizon.
 */
export function compareRuns(baseline: SimulationResult, scenario: SimulationResult): ScenarioComparison {
  if (baseline.from !== scenario.from || baseline.until !== scenario.until) throw new Error('compareRuns: horizontes diferentes');
  const inScenario = new Map<string, YearMonth | null>();
  for (const e of scenario.entes) for (const p of e.projections) if (!p.expected) inScenario.set(p.numero, p.fullPaymentMonth);
  const shifts: DateShift[] = [];
  const counts: Record<ShiftKind, number> = {
    antecipado: 0,
    adiado: 0,
    igual: 0,
    'entra-no-horizonte': 0,
    'sai-do-horizonte': 0,
    'fora-do-horizonte': 0,
    'somente-no-cenario': 0,
  };
  let sum = 0;
  let paidInBoth = 0;
  const inBaseline = new Set<string>();
  for (const e of baseline.entes) {
    for (const p of e.projections) {
      if (p.expected) continue;
      inBaseline.add(p.numero);
      const before = p.fullPaymentMonth;
      const after = inScenario.get(p.numero) ?? null;
      const shiftMonths = before && after ? differenceInCalendarMonths(after, before) : null;
      const kind: ShiftKind =
        shiftMonths !== null
          ? shiftMonths < 0
            ? 'antecipado'
            : shiftMonths > 0
              ? 'adiado'
              : 'igual'
          : before
            ? 'sai-do-horizonte'
            : after
              ? 'entra-no-horizonte'
              : 'fora-do-horizonte';
      if (shiftMonths !== null) {
        sum += shiftMonths;
        paidInBoth++;
      }
      counts[kind]++;
      shifts.push({ numero: p.numero, enteId: p.enteId, baselineMonth: before, scenarioMonth: after, shiftMonths, kind });
    }
  }
  for (const e of scenario.entes) {
    for (const p of e.projections) {
      if (p.expected || inBaseline.has(p.numero)) continue;
      counts['somente-no-cenario']++;
      shifts.push({
        numero: p.numero,
        enteId: p.enteId,
        baselineMonth: null,
        scenarioMonth: p.fullPaymentMonth,
        shiftMonths: null,
        kind: 'somente-no-cenario',
      });
    }
  }
  return { shifts, counts, meanShiftMonths: paidInBoth === 0 ? null : Math.round((sum / paidInBoth) * 10) / 10 };
}
