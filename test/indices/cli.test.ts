// Goal: the two CLI commands of issue 4 work end to end with a throwaway embedded registry: a fresh
// registry corrects from the shipped snapshot (issue 16 §3), `corrigir --apresentado-em` derives the
// budget year (or says no graça was applied), `indices importar <pasta>` merges into the series in
// use and refuses holes and unasked revisions, and `corrigir` reads a folder given by --indices.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { corrigirCommand } from '../../src/cli/corrigir.ts';
import { indicesCommand } from '../../src/cli/indices.ts';
import { DEFAULT_SNAPSHOT_DIR } from '../../src/indices/snapshot.ts';
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

  it('corrigir on a fresh registry corrects from the shipped snapshot alone, juros da poupança included (issue 16 §3)', async () => {
    const io = capture();
    const code = await corrigirCommand.run([
      '--valor',
      '100000',
      '--data-base',
      '2016-05',
      '--ate',
      '2026-09',
      '--natureza',
      'alimentar',
      '--orcamento',
      '2018',
    ]);
    expect(io.err.join('')).toBe('');
    expect(code).toBe(0);
    expect(io.out.join('')).toMatch(/juros poupança/);
  });

  it('R5.17 example from the snapshot: --apresentado-em gives budget 2021 and R$ 174.789,41; without it, a plain warning and no graça', async () => {
    const base = ['--valor', '100000', '--data-base', '2019-06', '--ate', '2026-01', '--natureza', 'alimentar', '--formato', 'json'];
    let io = capture();
    // Presented before 1 July 2020: budget 2021 (CF art. 100 §5 before EC 114, R1.2).
    expect(await corrigirCommand.run([...base, '--apresentado-em', '2020-03-10'])).toBe(0);
    const withGrace = JSON.parse(io.out.join('')) as { total: string; graca: unknown; memoria: { fase: string }[] };
    expect(withGrace.total).toBe('174789.41');
    expect(withGrace.graca).toEqual({ aplicada: true, orcamento: 2021, origem: 'apresentado em 2020-03-10' });
    expect(withGrace.memoria.some((l) => l.fase === 'GRACA')).toBe(true);
    vi.restoreAllMocks();

    io = capture();
    expect(await corrigirCommand.run(base)).toBe(0);
    const without = JSON.parse(io.out.join('')) as { total: string; graca: { aplicada: boolean; motivo: string }; memoria: { fase: string }[] };
    expect(io.err.join('')).toContain('aviso: nenhum período de graça aplicado (R5.9)');
    expect(without.graca).toMatchObject({ aplicada: false, motivo: expect.stringContaining('--apresentado-em') });
    expect(without.memoria.some((l) => l.fase === 'GRACA')).toBe(false);
    expect(Number(without.total)).toBeGreaterThan(Number(withGrace.total));
    vi.restoreAllMocks();

    io = capture();
    expect(await corrigirCommand.run(base.filter((a) => a !== '--formato' && a !== 'json'))).toBe(0);
    expect(io.out.join('')).toMatch(/período de graça\s+nenhum período de graça aplicado/);
    vi.restoreAllMocks();

    // The cut-off day itself counts (R1.3); the day after goes one budget later.
    for (const [date, year] of [
      ['2020-07-01', 2021],
      ['2020-07-02', 2022],
      ['2024-04-02', 2025],
      ['2024-04-03', 2026],
    ] as const) {
      io = capture();
      expect(await corrigirCommand.run([...base, '--apresentado-em', date])).toBe(0);
      expect((JSON.parse(io.out.join('')) as { graca: { orcamento: number } }).graca.orcamento, date).toBe(year);
      vi.restoreAllMocks();
    }
    capture();
    await expect(corrigirCommand.run([...base, '--apresentado-em', '2020-03-10', '--orcamento', '2022'])).rejects.toThrow(
      '--orcamento 2022 não confere com --apresentado-em 2020-03-10, que pelas regras de corte vai ao orçamento de 2021',
    );
    await expect(corrigirCommand.run([...base, '--apresentado-em', '2020-02-30'])).rejects.toThrow(/--apresentado-em/);
  });

  it('indices importar of ../shared/data/indices is refused whole: its tr.csv would leave a hole in the TR in use', async () => {
    // A store refusal is exit 1 with its reason, as in every registry command (cli/with-registry.ts).
    const refused = capture();
    expect(await indicesCommand.run(['importar', sharedPath('data/indices')])).toBe(1);
    expect(refused.err.join('')).toBe(
      'erro: série tr: 2022-07…2026-08 não encosta na série em uso (2010-01…2015-02); faltariam 2015-03…2022-06; nada gravado\n',
    );
    vi.restoreAllMocks();
    // The other five files import, merged with what is in use (equal values: no revision).
    const { copyFileSync, mkdirSync } = await import('node:fs');
    const five = join(dir, 'cinco');
    mkdirSync(five, { recursive: true });
    for (const name of ['ipca_e', 'ipca', 'selic', 'poupanca', 'inpc']) copyFileSync(sharedPath(`data/indices/${name}.csv`), join(five, `${name}.csv`));
    const io = capture();
    expect(await indicesCommand.run(['importar', five])).toBe(0);
    expect(io.out.join('')).toContain('importadas 5 série(s)');
    expect(io.out.join('')).toMatch(/ipca_e\s+1994-01\s+2026-09\s+393/);
    vi.restoreAllMocks();
    // A changed month is a revision: refused unless --aceitar-revisoes.
    writeFileSync(join(five, 'selic.csv'), 'month,rate_pct\n2026-09,1.10\n');
    const revised = capture();
    expect(await indicesCommand.run(['importar', five])).toBe(1);
    expect(revised.err.join('')).toContain('selic 2026-09: gravado 1.08 %, publicado agora 1.1 %');
    vi.restoreAllMocks();
    capture();
    expect(await indicesCommand.run(['importar', five, '--aceitar-revisoes'])).toBe(0);
    vi.restoreAllMocks();
    // listar says where each series in use comes from.
    const listed = capture();
    expect(await indicesCommand.run(['listar'])).toBe(0);
    expect(listed.out.join('')).toMatch(/selic\s+1986-08\s+2026-09\s+482\s+registro/);
    expect(listed.out.join('')).toMatch(/tr\s+2010-01\s+2015-02\s+62\s+snapshot/);
    expect(listed.out.join('')).toMatch(/juros_poupanca\s+2009-07\s+2021-11\s+149\s+snapshot/);
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

  it('indices sincronizar fills the TR before the snapshot, lists a revision and writes nothing; --aceitar-revisoes writes it', async () => {
    const { createServer } = await import('node:http');
    const snapshotTr = readFileSync(join(DEFAULT_SNAPSHOT_DIR, 'tr.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    // SGS 7811 as it would answer: 2009-07…2009-12 (fake values) and the snapshot's months, 2012-03 revised.
    const rows = [
      ...['07', '08', '09', '10', '11', '12'].map((m) => ({ data: `01/${m}/2009`, valor: '0.0500' })),
      ...snapshotTr.map(([month, rate]) => ({ data: `01/${month!.slice(5, 7)}/${month!.slice(0, 4)}`, valor: month === '2012-03' ? '0.1100' : rate! })),
    ];
    const iso = (d: string) => `${d.slice(6, 10)}-${d.slice(3, 5)}-${d.slice(0, 2)}`;
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const [from, to] = [iso(url.searchParams.get('dataInicial') ?? ''), iso(url.searchParams.get('dataFinal') ?? '')];
      const found = url.pathname.includes('bcdata.sgs.7811') ? rows.filter((r) => iso(r.data) >= from && iso(r.data) <= to) : [];
      if (found.length === 0) res.writeHead(404).end('[]');
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(found));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const args = ['sincronizar', '--series', 'tr', '--data', '2015-04-10', '--base-url', base];
      let io = capture();
      expect(await indicesCommand.run(args)).toBe(1);
      expect(io.err.join('')).toMatch(
        /erro: o BCB publica hoje 1 valor\(es\) diferente\(s\) do gravado \(revisão\): tr 2012-03: gravado 0\.\d{4} %, publicado agora 0\.11 %; nada gravado/,
      );
      vi.restoreAllMocks();
      io = capture();
      expect(await indicesCommand.run(['listar'])).toBe(0);
      expect(io.out.join('')).toMatch(/tr\s+2010-01\s+2015-02\s+62\s+snapshot/);
      vi.restoreAllMocks();

      io = capture();
      expect(await indicesCommand.run([...args, '--aceitar-revisoes'])).toBe(0);
      expect(io.out.join('')).toMatch(/tr\s+6\s+6\s+2015-02/);
      expect(io.out.join('')).toMatch(/revisões aceitas: tr 2012-03: gravado 0\.\d{4} %, publicado agora 0\.11 %/);
      vi.restoreAllMocks();
      io = capture();
      expect(await indicesCommand.run(['listar'])).toBe(0);
      expect(io.out.join('')).toMatch(/tr\s+2009-07\s+2015-02\s+68\s+registro/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
