import { Dec, toDecimalString } from '../money.ts';
import type { CorrectionResult } from './correct.ts';

/**
 * A correction result as plain JSON for the CLI and the API: components and total in reais, and
 * the memória de cálculo one line per period (rule, index, months, factor or sum, value after).
 */
export function correctionJson(r: CorrectionResult) {
  const comps = (c: CorrectionResult['rounded']) => ({
    principal: toDecimalString(c.principal),
    jurosMora: toDecimalString(c.jurosMora),
    selic: toDecimalString(c.selic),
    jurosEc136: toDecimalString(c.jurosEc136),
  });
  return {
    dataBase: r.dataBase,
    ate: r.target,
    provisorio: r.provisional,
    componentes: comps(r.rounded),
    total: toDecimalString(r.totalBrl),
    memoria: r.lines.map((l) => ({
      fase: l.phase,
      regra: l.rule,
      tipo: l.kind,
      indice: l.index,
      de: l.firstMonth ?? null,
      ate: l.lastMonth ?? null,
      meses: l.months,
      fator: l.factor?.toString() ?? null,
      somaPct: l.sumPct?.toString() ?? null,
      provisorio: l.provisional,
      obs: l.note ?? null,
      valorApos: l.after.principal.plus(l.after.jurosMora).plus(l.after.selic).plus(l.after.jurosEc136).toFixed(2, Dec.ROUND_HALF_UP),
    })),
  };
}
