// Goal: the two CLI commands of issue 4 work end to end on ../shared data with a throwaway embedded
// registry: `indices importar <pasta>`, then `corrigir` reading it plus a folder given by --indices.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { corrigirCommand } from '../../src/cli/corrigir.ts';
import { indicesCommand } from '../../src/cli/indices.ts';
import { sharedPath } from '../support/shared.ts';
import { TJAP_JUROS_ROWS } from '../domain/correction/fixtures.ts';
import { fractionToPctText } from '../../src/domain/indices/poupanca-interest.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  return { out, err };
}

afterEach(() => vi.restoreAllMocks());

describe('precatorios indices / corrigir', () => {
  const dir = mkdtempSync(join(tmpdir(), 'precatorios-cli-'));
  // The commands read DATABASE_URL / PRECATORIOS_DATA_DIR: point them at a PGlite of this test.
  const saved = { url: process.env['DATABASE_URL'], dir: process.env['PRECATORIOS_DATA_DIR'] };
  beforeAll(() => {
    process.env['DATABASE_URL'] = '';
    process.env['PRECATORIOS_DATA_DIR'] = join(dir, 'pglite');
  });
  afterAll(() => {
    process.env['DATABASE_URL'] = saved.url ?? '';
    if (saved.dir === undefined) delete process.env['PRECATORIOS_DATA_DIR'];
    else process.env['PRECATORIOS_DATA_DIR'] = saved.dir;
  });
  const jurosDir = join(dir, 'juros');

  it('indices importar writes the six series of the folder to the registry', async () => {
    const io = capture();
    expect(await indicesCommand.run(['importar', sharedPath('data/indices')])).toBe(0);
    expect(io.out.join('')).toContain('importadas 6 série(s)');
    expect(io.out.join('')).toMatch(/ipca_e\s+1994-01\s+2026-09\s+393/);
  });

  it('corrigir without the poupança interest part explains how to get it', async () => {
    const io = capture();
    const code = await corrigirCommand.run(['--valor', '100000', '--data-base', '2016-05', '--ate', '2026-09', '--natureza', 'alimentar']);
    expect(code).toBe(1);
    expect(io.err.join('')).toContain('juros_poupanca.csv');
  });

  it('corrigir prints the memory table and the total (JSON: total = sum of rounded components)', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(jurosDir, { recursive: true });
    writeFileSync(
      join(jurosDir, 'juros_poupanca.csv'),
      `month,rate_pct\n${TJAP_JUROS_ROWS.map((r) => `${r['month']},${fractionToPctText(r['juros_mensal_fracao']!)}`).join('\n')}\n`,
    );
    const args = ['--valor', '100000', '--data-base', '2016-05', '--ate', '2026-09', '--natureza', 'alimentar', '--orcamento', '2018', '--indices', jurosDir];
    let io = capture();
    expect(await corrigirCommand.run(args)).toBe(0);
    const table = io.out.join('');
    expect(table).toMatch(/graça\s+R5\.9\s+IPCA-E\s+2017-07…2018-12\s+18/);
    expect(table).toMatch(/total\s+R\$/);
    vi.restoreAllMocks();
    io = capture();
    expect(await corrigirCommand.run([...args, '--formato', 'json'])).toBe(0);
    const json = JSON.parse(io.out.join('')) as { total: string; componentes: Record<string, string>; memoria: unknown[] };
    const sum = Object.values(json.componentes).reduce((acc, v) => acc + Math.round(Number(v) * 100), 0);
    expect(Math.round(Number(json.total) * 100)).toBe(sum);
    expect(json.memoria.length).toBeGreaterThan(5);
  });
});
