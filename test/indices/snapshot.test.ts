// Goal (issue 16 §3): data/indices/ — the index snapshot the product ships — equals its sources in
// ../shared/data, row by row, and holds only published monthly figures: the SGS/IBGE series as
// published, TR 2010-01…2015-02 as encoded by the Res. 303 NPM factor table (R5.5) and poupança
// interest 2009-07…2021-11 from the TJAP table (R5.7). MANIFEST.json states each series' source,
// months and derivation.
// Method: everything is re-derived here from ../shared (independently of scripts/indices-snapshot.ts)
// and compared with the committed files; the TR months are also checked against the poupança
// identity and, with fast-check, against the NPM factors over any run of months; the interest
// months against the published graça sums.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type YearMonth, addMonths, differenceInCalendarMonths } from '../../src/domain/dates.ts';
import { Dec } from '../../src/domain/money.ts';
import { SGS_CODES } from '../../src/indices/sgs.ts';
import { DEFAULT_SNAPSHOT_DIR, type SnapshotManifest, readIndexSnapshot } from '../../src/indices/snapshot.ts';
import { readSharedCsv, sharedPath } from '../support/shared.ts';

const rowsOf = (file: string) =>
  parse(readFileSync(join(DEFAULT_SNAPSHOT_DIR, file), 'utf8'), { columns: true, skip_empty_lines: true }) as { month: string; rate_pct: string }[];
const manifest = JSON.parse(readFileSync(join(DEFAULT_SNAPSHOT_DIR, 'MANIFEST.json'), 'utf8')) as SnapshotManifest;
const NPM = 'factor_NPM_expedidos_ate_2015-03-25_modulada';
const gm = new Map(readSharedCsv('data/reference/correction/gilberto_melo_res303_factors_to_2021-12.csv').map((r) => [r['month']!, new Dec(r[NPM]!)]));
const tjap = readSharedCsv('data/reference/correction/tjap_juros_mora_poupanca_monthly.csv');

describe('the shipped snapshot equals its sources', () => {
  it('holds exactly the seven series the correction chain and the sync read, and the manifest', () => {
    expect(readdirSync(DEFAULT_SNAPSHOT_DIR).sort()).toEqual(
      ['MANIFEST.json', 'inpc.csv', 'ipca.csv', 'ipca_e.csv', 'juros_poupanca.csv', 'poupanca.csv', 'selic.csv', 'tr.csv'].sort(),
    );
  });

  it.each(['ipca_e', 'ipca', 'selic', 'inpc', 'poupanca'] as const)('%s: every row as in ../shared/data/indices', (name) => {
    const shared = readSharedCsv(`data/indices/${name}.csv`);
    expect(rowsOf(`${name}.csv`)).toEqual(shared.map((r) => ({ month: r['month'], rate_pct: r['rate_pct'] })));
    expect(manifest.series[name]?.sgs).toBe(SGS_CODES[name]);
  });

  it('tr: 2010-01…2015-02, each month NPM(m)/NPM(m+1) − 1 rounded to the 4 decimals the BCB publishes (R5.5)', () => {
    const expected: { month: string; rate_pct: string }[] = [];
    for (let m = '2010-01' as YearMonth; m <= '2015-02'; m = addMonths(m, 1)) {
      const ratio = gm.get(m)!.dividedBy(gm.get(addMonths(m, 1))!);
      expected.push({ month: m, rate_pct: ratio.minus(1).times(100).toFixed(4, Dec.ROUND_HALF_UP) });
    }
    expect(rowsOf('tr.csv')).toEqual(expected);
    // The two values R5.5 names.
    expect(expected[0]).toEqual({ month: '2010-01', rate_pct: '0.0000' });
    expect(expected.at(-1)).toEqual({ month: '2015-02', rate_pct: '0.0168' });
  });

  it('tr agrees with the poupança identity poupança = (1 + TR)(1,005) − 1 wherever the old-rule yield is published', () => {
    const tr = new Map(rowsOf('tr.csv').map((r) => [r.month, new Dec(r.rate_pct)]));
    const oldRule = readSharedCsv('data/indices/poupanca_antiga.csv').filter((r) => tr.has(r['month']!));
    expect(oldRule.length).toBe(29); // 2010-01 … 2012-05
    for (const r of oldRule) {
      const implied = new Dec(1).plus(new Dec(r['rate_pct']!).dividedBy(100)).dividedBy('1.005').minus(1).times(100);
      // Both published at 4 decimals: at most one unit of the last decimal apart.
      expect(implied.minus(tr.get(r['month']!)!).abs().toNumber(), r['month']).toBeLessThanOrEqual(0.0001);
    }
  });

  it('law: over any run of TR months, Π(1 + TR) reproduces the NPM factor ratio within the published rounding', () => {
    const tr = rowsOf('tr.csv').map((r) => new Dec(r.rate_pct));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: tr.length - 1 }), fc.integer({ min: 0, max: tr.length - 1 }), (a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const product = tr.slice(from, to + 1).reduce((acc, t) => acc.times(new Dec(1).plus(t.dividedBy(100))), new Dec(1));
        const first = addMonths('2010-01' as YearMonth, from);
        const ratio = gm.get(first)!.dividedBy(gm.get(addMonths(first, to - from + 1))!);
        // Each TR is within 0,00005 p.p. of its exact ratio; the 7-decimal factors add ≤ 1e-7 relative each.
        const tolerance = (to - from + 1) * 0.5e-6 + 2e-7;
        return product.dividedBy(ratio).minus(1).abs().toNumber() <= tolerance;
      }),
      { numRuns: 300 },
    );
  });

  it('juros_poupanca: 2009-07…2021-11, the TJAP monthly fraction × 100 (R5.7), and the published graça sums', () => {
    const expected = tjap
      .filter((r) => r['month']! >= '2009-07' && r['month']! <= '2021-11')
      .map((r) => ({ month: r['month']!, rate_pct: new Dec(r['juros_mensal_fracao']!).times(100).toString() }));
    const shipped = rowsOf('juros_poupanca.csv');
    expect(shipped).toEqual(expected);
    const byMonth = new Map(shipped.map((r) => [r.month, new Dec(r.rate_pct)]));
    for (const s of readSharedCsv('data/reference/correction/juros_poupanca_sums_grace_periods.csv')) {
      let sum = new Dec(0);
      for (let m = s['from_month']! as YearMonth; m <= s['to_month']!; m = addMonths(m, 1)) sum = sum.plus(byMonth.get(m)!);
      expect(sum.toFixed(4), `${s['from_month']}…${s['to_month']}`).toBe(new Dec(s['sum_juros_poupanca_pct']!).toFixed(4));
    }
  });

  it('the manifest names, per series, its file, source and derivation, and the months the file really has', () => {
    expect(manifest.geradoEm).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.keys(manifest.series).sort()).toEqual(['inpc', 'ipca', 'ipca_e', 'juros_poupanca', 'poupanca', 'selic', 'tr']);
    for (const [name, entry] of Object.entries(manifest.series)) {
      const rows = rowsOf(entry!.arquivo);
      expect(entry!.arquivo).toBe(`${name}.csv`);
      expect([entry!.primeiroMes, entry!.ultimoMes, entry!.meses]).toEqual([rows[0]!.month, rows.at(-1)!.month, rows.length]);
      expect(differenceInCalendarMonths(entry!.ultimoMes as YearMonth, entry!.primeiroMes as YearMonth) + 1).toBe(rows.length);
      expect(entry!.fonte.length).toBeGreaterThan(10);
      expect(entry!.derivacao.length).toBeGreaterThan(10);
    }
    expect(manifest.series.tr?.derivacao).toContain('NPM(m)/NPM(m+1)');
    // The product's reader accepts it (and checks files against the manifest).
    expect(
      readIndexSnapshot()
        .series.map((s) => s.name)
        .sort(),
    ).toEqual(Object.keys(manifest.series).sort());
  });
});

describe('a damaged snapshot is refused, naming what is wrong', () => {
  const copy = () => {
    const dir = mkdtempSync(join(tmpdir(), 'snapshot-'));
    cpSync(DEFAULT_SNAPSHOT_DIR, dir, { recursive: true });
    return dir;
  };

  it('a file cut short no longer matches the manifest', () => {
    const dir = copy();
    const text = readFileSync(join(dir, 'selic.csv'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(dir, 'selic.csv'), `${text.slice(0, -1).join('\n')}\n`);
    expect(() => readIndexSnapshot(dir)).toThrow(`snapshot de índices em ${dir}: selic.csv não confere com MANIFEST.json`);
  });

  it('a hole or a bad value is the series error; a missing manifest says how to regenerate', () => {
    const dir = copy();
    writeFileSync(join(dir, 'tr.csv'), 'month,rate_pct\n2010-01,0.0000\n2010-03,0.0100\n');
    expect(() => readIndexSnapshot(dir)).toThrow('série tr: falta o mês 2010-02');
    const other = copy();
    rmSync(join(other, 'MANIFEST.json'));
    expect(() => readIndexSnapshot(other)).toThrow('gere com "npm run indices:snapshot"');
  });
});

describe('npm run indices:snapshot', () => {
  it('regenerates data/indices byte for byte from ../shared (same snapshot date)', () => {
    const out = mkdtempSync(join(tmpdir(), 'snapshot-gerado-'));
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/indices-snapshot.ts', '--data', manifest.geradoEm, '--origem', sharedPath('data'), '--destino', out],
      {
        cwd: fileURLToPath(new URL('../../', import.meta.url)),
        encoding: 'utf8',
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`snapshot de ${manifest.geradoEm} gravado em ${out}`);
    for (const file of readdirSync(DEFAULT_SNAPSHOT_DIR))
      expect(readFileSync(join(out, file), 'utf8'), file).toBe(readFileSync(join(DEFAULT_SNAPSHOT_DIR, file), 'utf8'));
    expect(readdirSync(out).sort()).toEqual(readdirSync(DEFAULT_SNAPSHOT_DIR).sort());
    rmSync(out, { recursive: true, force: true });
  }, 120_000);
});
