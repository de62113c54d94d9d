import { type CorrectionEnv, DEFAULT_CORRECTION_CONFIG, type CorrectionContext, isModulated, planCorrection, unitCoefficients } from '../correction/index.ts';
import { COEFFICIENT_BITS } from '../correction/bulk.ts';
import type { YearMonth } from '../dates.ts';
import type { StartCorrection } from './types.ts';

const ESFERA_CODE = { estadual: 0, municipal: 1, uniao: 2 } as const;
/** 2^50: keeps 53-bit precision when a 2^100-scaled BigInt coefficient becomes a JS number. */
const SHIFT = COEFFICIENT_BITS - 50n;

/**
 * Registered balances are money of their data-base month (R5.1). This brings each one to the
 * first simulated month with the correction engine (R5.17), through its fast path: one plan per
 * (data-base, context), collapsed into the coefficient of R$ 1 (`unitCoefficients`, as in
 * `bulkCorrector`), then multiplied in the month loop's arithmetic. The coefficient keeps 15+
 * significant digits; rounding per component (R5.16) is replaced by one half-up rounding of the
 * total, a difference of at most a few centavos.
 *
 * A precatório with no data-base, a data-base after `from`, or a plan the engine refuses (say, an
 * index not imported) keeps its registered balance and is counted as uncorrected. Past
 * payments are assumed to be money of the data-base too (the registry holds no payment dates).
 */
export function startCorrectionFrom(env: CorrectionEnv, from: YearMonth): StartCorrection {
  const config = env.config ?? DEFAULT_CORRECTION_CONFIG;
  // Two levels, as in `bulkCorrector`: data-base, then a number for the context (no string per precatório).
  const cache = new Map<YearMonth, Map<number, number | undefined>>();
  return (p, ente, budgetYear) => {
    if (p.dataBase === undefined || p.dataBase > from) return undefined;
    const modulated = isModulated(p, env.rules);
    const code = ((budgetYear * 3 + ESFERA_CODE[ente.esfera]) * 2 + (p.tributario ? 1 : 0)) * 2 + (modulated ? 1 : 0);
    let byContext = cache.get(p.dataBase);
    if (byContext === undefined) cache.set(p.dataBase, (byContext = new Map()));
    if (byContext.has(code)) return byContext.get(code);
    const context: CorrectionContext = { natureza: p.natureza, tributario: p.tributario, modulated, esfera: ente.esfera, budgetYear };
    const plan = planCorrection(p.dataBase, from, context, env.rules, env.indices, config);
    let coefficient: number | undefined;
    if (plan.ok) {
      const scaled = unitCoefficients(plan.value).scaled.reduce((a, c) => a + c, 0n);
      coefficient = Number(scaled >> SHIFT) / 2 ** 50;
    }
    byContext.set(code, coefficient);
    return coefficient;
  };
}
