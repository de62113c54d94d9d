import type { Ec136Rules, Ec136Tier } from '../domain/ec136/limit.ts';
import { isoDate } from '../domain/dates.ts';
import { Dec } from '../domain/money.ts';
import { timeline } from '../domain/rules/timeline.ts';
import { DEFAULT_RULES_DIR } from './load-rule-book.ts';
import { readRuleRows } from './rule-rows.ts';

function shareIn(text: string | undefined, where: string): Dec {
  if (!text || !/^0(\.\d+)?$/.test(text)) throw new Error(`data/rules ${where}: "${text ?? ''}" não é uma fração de 0 a 1`);
  return new Dec(text);
}

/**
 * The EC 136 tier tables (data/rules/ec136-tiers.csv, one row per inciso, grouped by `valid_from`)
 * and the §24 step (ec136-step.csv), R7.8. A table must have increasing bounds, increasing limits
 * and exactly one open top tier; anything else stops the load naming the file.
 */
export function loadEc136Rules(dir: string = DEFAULT_RULES_DIR): Ec136Rules {
  const byDate = new Map<string, { tiers: Ec136Tier[]; basis: string[] }>();
  for (const row of readRuleRows(dir, 'ec136-tiers.csv')) {
    const at = row['valid_from']!;
    const entry = byDate.get(at) ?? { tiers: [], basis: [] };
    const up = row['ratio_up_to'];
    entry.tiers.push({
      inciso: row['inciso'] || '?',
      ratioUpTo: up ? shareIn(up, 'ec136-tiers.csv: ratio_up_to') : undefined,
      limitShare: shareIn(row['limit_share'], 'ec136-tiers.csv: limit_share'),
      legalBasis: row['legal_basis'] ?? '',
    });
    if (!row['legal_basis']?.trim()) throw new Error(`data/rules ec136-tiers.csv: linha ${at} ${row['inciso']} sem fundamento legal`);
    entry.basis.push(`${row['inciso']}: CF art. 100 §23`);
    byDate.set(at, entry);
  }
  const tiers = timeline(
    [...byDate].map(([at, { tiers: t, basis }]) => {
      for (let i = 0; i < t.length; i++) {
        const open = t[i]!.ratioUpTo === undefined;
        if (open !== (i === t.length - 1)) throw new Error(`data/rules ec136-tiers.csv (${at}): só a última faixa fica sem limite superior`);
        if (i > 0 && (!t[i]!.limitShare.greaterThan(t[i - 1]!.limitShare) || (!open && !t[i]!.ratioUpTo!.greaterThan(t[i - 1]!.ratioUpTo!))))
          throw new Error(`data/rules ec136-tiers.csv (${at}): faixas fora de ordem no inciso ${t[i]!.inciso}`);
      }
      return { validFrom: isoDate(at), value: t as readonly Ec136Tier[], legalBasis: `EC 136/2025 (${basis.join('; ')})` };
    }),
  );
  const step = timeline(
    readRuleRows(dir, 'ec136-step.csv').map((row) => ({
      validFrom: isoDate(row['valid_from']!),
      value: {
        firstYear: Number(row['first_year']),
        periodYears: Number(row['period_years']),
        stepShare: shareIn(row['step_share'], 'ec136-step.csv: step_share'),
      },
      legalBasis: row['legal_basis']!,
    })),
  );
  return { tiers, step };
}
