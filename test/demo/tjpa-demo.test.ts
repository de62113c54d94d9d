// Goal: the demo registry is reproducible, shaped like TJPA's debtors, and valid for our importer.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/cli/output.ts';
import { TJPA_DEMO_ENTES, generateTjpaDemo } from '../../src/demo/tjpa-demo.ts';
import { readPrecatoriosCsv } from '../../src/import/read-csv.ts';

describe('TJPA demo generator', () => {
  it('gives the same rows for the same seed and different rows for another', () => {
    expect(generateTjpaDemo(7, 0.1)).toEqual(generateTjpaDemo(7, 0.1));
    expect(generateTjpaDemo(8, 0.1)).not.toEqual(generateTjpaDemo(7, 0.1));
  });

  it('imports without a single rejected row, with the seven regime-especial debtors TJPA lists', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'demo-')), 'demo.csv');
    writeFileSync(path, toCsv(generateTjpaDemo()));
    const outcome = await readPrecatoriosCsv(path);
    expect(outcome.rejected).toEqual([]);
    expect(outcome.precatorios.length).toBe(TJPA_DEMO_ENTES.reduce((n, e) => n + e.size, 0));
    expect(outcome.entes.filter((e) => e.regime === 'especial').map((e) => e.nome)).toEqual([
      'Estado do Pará',
      'Município de Belém',
      'Município de Tucuruí',
      'Município de Itupiranga',
      'Município de Aurora do Pará',
      'Município de Bom Jesus do Tocantins',
      'Município de Quatipuru',
    ]);
    const natures = new Set(outcome.precatorios.map((p) => p.natureza));
    expect(natures).toEqual(new Set(['alimentar', 'comum']));
    expect(outcome.precatorios.some((p) => p.beneficiarios.length > 1)).toBe(true);
    expect(outcome.precatorios.some((p) => p.beneficiarios.some((b) => b.titularidade === 'cessionario'))).toBe(true);
  });
});
