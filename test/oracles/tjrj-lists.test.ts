// Goal: our chronological order reproduces TJRJ's published lists (R2.1, R2.2).
// Method: import both real lists through the TJRJ-format importer, shuffle them with a fixed seed,
// order each debtor group, and compare with the official `ordem`: budget years never decrease,
// every alimentar of a year precedes every comum of that year, and the whole sequence matches.
import { describe, expect, it } from 'vitest';
import type { Precatorio } from '../../src/domain/precatorio.ts';
import { orderQueue } from '../../src/domain/queue/ordering.ts';
import { readPrecatoriosCsv } from '../../src/import/read-csv.ts';
import { RULES } from '../support/rules.ts';
import { seededShuffle } from '../support/shuffle.ts';
import { sharedPath } from '../support/shared.ts';

const LISTS = [
  // 52 groups in the geral file, but MUNICÍPIO DE FORTALEZA has only ordem-0 rows: 51 lists.
  { file: 'data/reference/queue/tjrj_regime_geral_2025-12-02.csv', rows: 5383, ordered: 5367, groups: 51 },
  { file: 'data/reference/queue/tjrj_regime_especial_2025-12-02.csv', rows: 11003, ordered: 11002, groups: 40 },
];

function officialOrdem(p: Precatorio): number {
  if (p.apresentacao.kind !== 'ordem-publicada') throw new Error('esperava ordem publicada');
  return p.apresentacao.ordem;
}

describe.each(LISTS)('TJRJ list $file', ({ file, rows, ordered, groups }) => {
  it(`imports every row with ordem > 0 (${ordered}) and reports each ordem-0 row`, async () => {
    const outcome = await readPrecatoriosCsv(sharedPath(file));
    expect(outcome.format).toBe('tjrj');
    expect(outcome.rowsRead).toBe(rows);
    expect(outcome.precatorios).toHaveLength(ordered);
    expect(outcome.rejected).toHaveLength(rows - ordered);
    expect(outcome.rejected.every((r) => r.field === 'ordem' && r.reason.startsWith('ordem 0'))).toBe(true);
    expect(outcome.entes).toHaveLength(groups);
  });

  it('keeps the block rules when the presentation proxy runs backwards (the key, not the proxy, makes them)', async () => {
    const outcome = await readPrecatoriosCsv(sharedPath(file));
    const top = Math.max(...outcome.precatorios.map(officialOrdem)) + 1;
    const reversed = outcome.precatorios.map(
      (p): Precatorio => ({
        ...p,
        apresentacao: {
          kind: 'ordem-publicada',
          ordem: top - officialOrdem(p),
          budgetYear: p.apresentacao.kind === 'ordem-publicada' ? p.apresentacao.budgetYear : 0,
        },
      }),
    );
    let blockBreaks = 0;
    for (const ente of outcome.entes) {
      const ranked = orderQueue(
        seededShuffle(
          reversed.filter((p) => p.enteId === ente.id),
          7,
        ),
        RULES,
      );
      for (let i = 1; i < ranked.length; i++) {
        const before = ranked[i - 1]!.key;
        const after = ranked[i]!.key;
        expect(after.budgetYear).toBeGreaterThanOrEqual(before.budgetYear);
        if (after.budgetYear !== before.budgetYear) continue;
        expect(before.natureza === 'comum' && after.natureza === 'alimentar').toBe(false);
        if (before.natureza === after.natureza) {
          // Inside a block the (reversed) proxy decides.
          expect(officialOrdem(ranked[i - 1]!.item)).toBeLessThan(officialOrdem(ranked[i]!.item));
        } else blockBreaks += 1;
      }
    }
    expect(blockBreaks).toBeGreaterThan(0);
  });

  it('reproduces the official order of every debtor group from a shuffled input', async () => {
    const outcome = await readPrecatoriosCsv(sharedPath(file));
    let checked = 0;
    for (const ente of outcome.entes) {
      const mine = outcome.precatorios.filter((p) => p.enteId === ente.id);
      const ranked = orderQueue(seededShuffle(mine, 20251202), RULES);
      for (let i = 1; i < ranked.length; i++) {
        const before = ranked[i - 1]!.key;
        const after = ranked[i]!.key;
        // Budget years never decrease along the list.
        expect(after.budgetYear, `${ente.nome} pos ${i + 1}`).toBeGreaterThanOrEqual(before.budgetYear);
        // Within a budget year, no alimentar comes after a comum.
        if (after.budgetYear === before.budgetYear) expect(before.natureza === 'comum' && after.natureza === 'alimentar').toBe(false);
      }
      const official = [...mine].sort((a, b) => officialOrdem(a) - officialOrdem(b)).map((p) => p.numero);
      expect(ranked.map((r) => r.item.numero)).toEqual(official);
      checked += ranked.length;
    }
    expect(checked).toBe(ordered);
  });
});

it('the two lists hold 16 369 ordered rows in all', () => {
  expect(LISTS.reduce((n, l) => n + l.ordered, 0)).toBe(16_369);
});
