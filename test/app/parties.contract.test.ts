// Goal: who is paid out of a credit (issue 16 §2; money-movements.md R6.14–R6.18, R6.21) through the
// real import, staff routes and store, on both backends: honorários contratuais imported from CSV
// (percentage and amount, errors naming line and field), a cessão by fraction with its instrument,
// a penhora, and the R5.17 credit paid whole on 2026-01-15 split into lines — lawyer with the
// lawyer's own IRRF, cessionário 40 % of the titular net, penhora up to its limit "remeter ao
// juízo", the titular — to the cent, stored in payment_lines and in the event; the public lookup
// shows the roles masked; the habilitação of heirs; the same version locking as every staff write.
// Method: numbers by hand in the comments (R5.17 owed 174.789,41 = 118.078,87 + 4.353,80 + 51.372,75
// + 983,99; table 05/2025), never read back from the code under test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { isoDate } from '../../src/domain/dates.ts';
import { assembleProjectRows } from '../../src/import/project-format.ts';
import { recordsOf } from '../../src/import/types.ts';
import { loadCorrectionRules } from '../../src/indices/load-correction-rules.ts';
import { loadRpvLaws } from '../../src/rules/load-rule-book.ts';
import { supportedDatesToday } from '../../src/shell/supported-dates-today.ts';
import { findPrecatorio, importRegistry } from '../../src/storage/registry-store.ts';
import { SqlIndexStore } from '../../src/storage/sql-index-store.ts';
import { BACKENDS } from '../support/backends.ts';
import { RULES } from '../support/rules.ts';
import { SHARED_SERIES, TJAP_JUROS } from '../domain/correction/fixtures.ts';

const TOKEN = 'token-de-teste-da-equipe';
const staff = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
const A = '0000001-90.2020.8.14.0301';
const B = '0000002-75.2020.8.14.0301';
const C = '0000003-60.2020.8.14.0301';
/** The lawyer's own requisition of honorários sucumbenciais (R6.15). */
const D = '0000010-52.2020.8.14.0301';
/** B's credit with B's tax facts registered in the import (migration 0010) instead of typed in the payment. */
const E = '0000011-37.2020.8.14.0301';

const HEADER = [
  'numero',
  'ente_id',
  'ente_nome',
  'esfera',
  'regime',
  'natureza',
  'tributario',
  'apresentado_em',
  'expedido_em',
  'data_base',
  'valor_requisitado',
  'status',
  'processo_origem',
  'beneficiario_id',
  'credor_id',
  'titularidade',
  'valor_beneficiario',
  'nascimento',
  'honorarios_contratuais_percentual',
  'honorarios_contratuais_valor',
  'advogado_tipo',
  'advogado_nome',
  'advogado_documento',
  'nome',
  'honorarios_sucumbenciais',
  'regime_tributario',
  'meses_rra',
  'vinculo',
  'previdencia_regime',
];
// biome-ignore format: one CSV row per line reads best
const rows = [
  [A, 'x', 'Município X', 'municipal', 'geral', 'alimentar', 'não', '2020-03-10 09:00', '2020-02-20', '2019-06', '100000.00', 'ativo', 'proc-1', 'b1', 'c1', 'originario', '100000.00', '1950-05-01', '30', '', 'PJ', 'Banca Advogados Associados', '12.345.678/0001-95', 'Maria das Dores Silva'],
  [B, 'x', 'Município X', 'municipal', 'geral', 'alimentar', 'não', '2020-03-10 10:00', '2020-02-20', '2019-06', '100000.00', 'ativo', 'proc-2', 'b1', 'c2', 'originario', '100000.00', '1950-05-01', '', '20.000,00', 'PF', 'João Advogado', '', 'José Pereira'],
  [C, 'x', 'Município X', 'municipal', 'geral', 'alimentar', 'não', '2020-03-10 11:00', '2020-02-20', '2019-06', '100000.00', 'ativo', 'proc-3', 'b1', 'c3', 'originario', '100000.00', '1950-05-01', '', '', '', '', '', 'Ana Souza'],
  [D, 'x', 'Município X', 'municipal', 'geral', 'alimentar', 'não', '2020-03-10 12:00', '2020-02-20', '2019-06', '10000.00', 'ativo', 'proc-1', 'b1', 'adv-1', 'originario', '10000.00', '', '', '', '', '', '', 'Dr. Advogado Sucumbente', 'sim'],
  [E, 'x', 'Município X', 'municipal', 'geral', 'alimentar', 'não', '2020-03-10 13:00', '2020-02-20', '2019-06', '100000.00', 'ativo', 'proc-5', 'b1', 'c5', 'originario', '100000.00', '1950-05-01', '', '20.000,00', 'PF', 'João Advogado', '', 'José Pereira', '', 'PF_RRA', '24', 'com-vinculo', 'IGEPREV_PA'],
];
const records = (rs: string[][]) => recordsOf(HEADER, rs);

describe('import of honorários contratuais: errors name the line and the field', () => {
  it('refuses a percentage out of range, both percentage and amount, an amount above the share and a missing lawyer type', () => {
    const bad = (over: Record<number, string>, numero: string) => {
      const r = [...rows[2]!];
      r[0] = numero;
      for (const [i, v] of Object.entries(over)) r[Number(i)] = v;
      return r;
    };
    const parsed = assembleProjectRows(
      records([
        bad({ 18: '130', 20: 'PF' }, '0000004-45.2020.8.14.0301'),
        bad({ 18: '30', 19: '100,00', 20: 'PF' }, '0000005-30.2020.8.14.0301'),
        bad({ 19: '100.000,00', 20: 'PJ' }, '0000006-15.2020.8.14.0301'),
        bad({ 18: '30' }, '0000007-97.2020.8.14.0301'),
        bad({ 18: '30', 20: 'PF', 22: '123' }, '0000008-82.2020.8.14.0301'),
        bad({ 5: 'comum', 24: 'sim' }, '0000009-67.2020.8.14.0301'),
      ]),
      supportedDatesToday(),
    );
    expect(parsed.precatorios).toEqual([]);
    expect(parsed.rejected.map((e) => [e.line, e.field])).toEqual([
      [2, 'honorarios_contratuais_percentual'],
      [3, 'honorarios_contratuais_valor'],
      [4, 'honorarios_contratuais_valor'],
      [5, 'advogado_tipo'],
      [6, 'advogado_documento'],
      [7, 'honorarios_sucumbenciais'],
    ]);
    expect(parsed.rejected[0]!.reason).toMatch(/fora do intervalo/);
  });
});

describe.each(BACKENDS)('parties of a credit through the staff routes, on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.open>>;
  beforeAll(async () => {
    db = await backend.open();
    const parsed = assembleProjectRows(records(rows), supportedDatesToday());
    expect(parsed.rejected).toEqual([]);
    await db.transaction((tx) => importRegistry(tx, parsed, 'teste'));
    await new SqlIndexStore(db).put([...SHARED_SERIES, TJAP_JUROS]);
  }, 60_000);
  afterAll(async () => {
    await db?.dispose();
  });
  const app = () =>
    createApp({
      db,
      rules: RULES,
      correctionRules: loadCorrectionRules(),
      rpvLaws: loadRpvLaws(),
      today: () => isoDate('2026-01-20'),
      adminToken: TOKEN,
      log: () => undefined,
      indexRecheckMs: 0,
    });
  const post = (numero: string, what: string, body: object) =>
    app().request(`/api/precatorios/${numero}/${what}`, { method: 'POST', headers: staff, body: JSON.stringify(body) });
  const json = async (res: Response) => (await res.json()) as any;

  it('stores the imported contratuais on the titular (percentage of A, amount of B)', async () => {
    const a = (await findPrecatorio(db, A))!.precatorio.beneficiarios[0]!;
    const b = (await findPrecatorio(db, B))!.precatorio.beneficiarios[0]!;
    expect([a.contratuais?.destaque, a.contratuais?.advogado.tipo]).toEqual([{ kind: 'percentual', share: expect.anything() }, 'PJ']);
    expect(a.contratuais?.destaque.kind === 'percentual' && a.contratuais.destaque.share.toString()).toBe('0.3');
    expect(b.contratuais?.destaque.kind === 'valor' && b.contratuais.destaque.amountBrl.toFixed(2)).toBe('20000.00');
  });

  it('registers a cessão of 40 % with its instrument, and a penhora; a stale version is a conflict', async () => {
    const stale = await post(A, 'penhoras', {
      beneficiarioId: 'b1',
      valor: '10000.00',
      juizo: '2ª Vara Cível',
      processo: 'p-9',
      averbadaEm: '2025-12-01',
      versao: 99,
    });
    expect(stale.status).toBe(409);
    const noInstrument = await post(A, 'cessoes', { cedenteId: 'b1', fracao: '0.4', cessionarioCredorId: 'fundo-1', data: '2025-11-20' });
    expect([noInstrument.status, (await json(noInstrument)).campo]).toEqual([400, 'instrumento']);
    const cessao = await post(A, 'cessoes', {
      cedenteId: 'b1',
      fracao: '0.4',
      instrumento: 'escritura',
      instrumentoRef: '2º Tabelionato, livro 10, fl. 3',
      lavradaEm: '2025-11-10',
      cessionarioCredorId: 'fundo-1',
      cessionarioNome: 'Fundo de Investimento Um',
      data: '2025-11-20',
      versao: 1,
    });
    expect(cessao.status).toBe(201);
    expect((await json(cessao)).versao).toBe(2);
    // By amount the face would move to a new beneficiary with the lawyer's reservation in it (R6.14).
    const byAmount = await post(A, 'cessoes', { cedenteId: 'b1', valor: '90000.00', cessionarioCredorId: 'fundo-2', data: '2025-11-20' });
    expect([byAmount.status, (await json(byAmount)).motivo]).toEqual([422, expect.stringMatching(/honorários contratuais destacados/)]);
    const tooMuch = await post(A, 'cessoes', {
      cedenteId: 'b1',
      fracao: '0.7',
      instrumento: 'particular',
      lavradaEm: '2025-11-10',
      cessionarioCredorId: 'f2',
      data: '2025-11-21',
    });
    expect([tooMuch.status, (await json(tooMuch)).motivo]).toEqual([422, expect.stringMatching(/excesso de cessão/)]);
    const penhora = await post(A, 'penhoras', {
      beneficiarioId: 'b1',
      valor: '10000.00',
      juizo: '2ª Vara Cível',
      processo: 'p-9',
      averbadaEm: '2025-12-01',
      versao: 2,
    });
    expect(penhora.status).toBe(201);
    const events = await db.query<{ kind: string; after: any }>(
      `select kind, after from events where precatorio_numero = $1 and kind in ('cessao-fracao', 'penhora') order by id`,
      [A],
    );
    expect(events.rows.map((e) => e.kind)).toEqual(['cessao-fracao', 'penhora']);
    expect(events.rows[0]!.after.cessao).toMatchObject({ fracao: '0.4', instrumento: 'escritura', lavradaEm: '2025-11-10', protocoloEm: '2025-11-20' });
    // Events are read to explain positions: no names in them.
    expect(JSON.stringify(events.rows)).not.toMatch(/Fundo de Investimento|Maria/);
  });

  it('the lookup shows the roles masked: no names, no documents', async () => {
    const res = await app().request(`/api/precatorios/${A}`);
    const body = await json(res);
    expect(body.precatorio.beneficiarios[0].partes.map((p: any) => p.descricao)).toEqual([
      'sociedade de advogados (honorários contratuais, 30 %)',
      'cessionário de 40 % (desde 2025-11-20)',
      'penhora averbada, ordem 1: até R$ 10000,00, remetida ao juízo',
    ]);
    const text = JSON.stringify(body);
    for (const secret of ['Banca', '12345678000195', 'Fundo', 'Maria', '2ª Vara', 'p-9']) expect(text).not.toContain(secret);
  });

  it('pays A whole on 2026-01-15 in lines: lawyer 30 % less 1,5 %, cessionário 40 % of the titular net, penhora, titular', async () => {
    const res = await post(A, 'pagamentos', { beneficiarioId: 'b1', valor: '174789.41', pagoEm: '2026-01-15' });
    expect(res.status).toBe(201);
    // Fee per component, half-up: 35.423,66 + 1.306,14 + 15.411,83 + 295,20 = 52.436,83; PJ 1,5 % = 786,55.
    // Titular net 174.789,41 − 52.436,83 = 122.352,58 → 40 %: 48.941,03 (largest remainder: 73.411,55 stays);
    // penhora 10.000,00; titular 63.411,55. Σ = 48.941,03 + 10.000,00 + 63.411,55 + 51.650,28 + 786,55 = 174.789,41.
    expect((await json(res)).linhas).toEqual([
      { papel: 'cessionario', referencia: expect.any(String), bruto: '48941.03', irrf: '0.00', liquido: '48941.03', remeterAoJuizo: false },
      { papel: 'juizo-penhora', referencia: expect.any(String), bruto: '10000.00', irrf: '0.00', liquido: '10000.00', remeterAoJuizo: true },
      { papel: 'titular', referencia: null, bruto: '63411.55', irrf: '0.00', liquido: '63411.55', remeterAoJuizo: false },
      { papel: 'advogado-contratual', referencia: null, bruto: '52436.83', irrf: '786.55', liquido: '51650.28', remeterAoJuizo: false },
    ]);
    const stored = await db.query<{ papel: string; liquido: string }>(
      `select l.papel, l.liquido::text as liquido from payment_lines l join payments p on p.id = l.payment_id where p.precatorio_numero = $1 order by l.line_no`,
      [A],
    );
    expect(stored.rows.map((r) => [r.papel, r.liquido])).toEqual([
      ['cessionario', '48941.03'],
      ['juizo-penhora', '10000.00'],
      ['titular', '63411.55'],
      ['advogado-contratual', '51650.28'],
    ]);
    const event = await db.query<{ after: any }>(`select after from events where precatorio_numero = $1 and kind = 'pagamento-cronologica'`, [A]);
    expect(event.rows[0]!.after.liquidacao.linhas).toHaveLength(4);
  });

  it('the payment document (R6.20) names who receives each line: cessionário, juízo of the penhora, titular, lawyer', async () => {
    const { rows: paid } = await db.query<{ id: string }>('select id::text as id from payments where precatorio_numero = $1', [A]);
    const res = await app().request(`/api/precatorios/${A}/pagamentos/${paid[0]!.id}/documento`, { headers: staff });
    expect(res.status).toBe(200);
    const doc = await json(res);
    // Same figures as the payment's answer above, now with the favorecido of each line (staff only: unmasked).
    expect(doc.linhas.map((l: any) => [l.papel, l.favorecido, l.liquido, l.remeterAoJuizo])).toEqual([
      ['cessionario', 'Fundo de Investimento Um', '48941.03', false],
      ['juizo-penhora', '2ª Vara Cível', '10000.00', true],
      ['titular', 'Maria das Dores Silva', '63411.55', false],
      ['advogado-contratual', 'Banca Advogados Associados', '51650.28', false],
    ]);
    expect(doc.linhas[1].processo).toBe('p-9');
    expect(doc.linhas[3].documento).toBe('12345678000195'); // as the import stores it (digits)
    const csv = await (await app().request(`/api/precatorios/${A}/pagamentos/${paid[0]!.id}/documento?formato=csv`, { headers: staff })).text();
    expect(csv).toContain('favorecidos;juízo da penhora;2ª Vara Cível, registro');
  });

  it('pays B (PF lawyer, 20.000,00 destacados) with the titular RRA withholding: the fee is the titular expense (R6.8 §2)', async () => {
    const res = await post(B, 'pagamentos', {
      beneficiarioId: 'b1',
      valor: '174789.41',
      pagoEm: '2026-01-15',
      retencao: { regime: 'PF_RRA', vinculo: 'com-vinculo', meses: '24', previdencia: { regime: 'IGEPREV_PA' } },
    });
    expect(res.status).toBe(201);
    const body = await json(res);
    // Titular: taxable = principal 118.078,87; previdência 14 % = 16.531,04; the fee 34.957,88 (20 % of
    // 174.789,41) deducted in its taxable proportion 34.957,88 × 118.078,87 / 174.789,41 = 23.615,77;
    // base 77.932,06 ≤ 3.751,05 × 24 → 15 %: 11.689,81 − 394,16 × 24 = 2.229,97.
    expect([body.retencao.irrf, body.retencao.previdencia]).toEqual(['2229.97', '16531.04']);
    // Lawyer PF: fee 23.615,77 + 870,76 + 10.274,55 + 196,80 = 34.957,88; (34.957,88 − 607,20) × 27,5 % − 908,73 = 8.537,71.
    // Titular: 174.789,41 − 34.957,88 − 2.229,97 − 16.531,04 = 121.070,52.
    expect(body.linhas.map((l: any) => [l.papel, l.bruto, l.irrf, l.liquido])).toEqual([
      ['titular', '121070.52', '0.00', '121070.52'],
      ['advogado-contratual', '34957.88', '8537.71', '26420.17'],
    ]);
  });

  it('pays E with its registered tax facts and no retencao body: the fee is the titular expense there too (R6.8 §2)', async () => {
    const res = await post(E, 'pagamentos', { beneficiarioId: 'b1', valor: '174789.41', pagoEm: '2026-01-15' });
    expect(res.status).toBe(201);
    const body = await json(res);
    // The same facts as B's body, registered (0010): the same IRRF 2.229,97 and the same lines. Without
    // the fee as expense the base would be 118.078,87 − 16.531,04 = 101.547,83 (4.231,16 a month, the
    // 22,5 % bracket), so this fails if the registered path skips withContratuaisAsExpense.
    expect([body.retencao?.irrf, body.retencao?.previdencia, body.retencaoNaoCalculada]).toEqual(['2229.97', '16531.04', null]);
    expect(body.linhas.map((l: any) => [l.papel, l.bruto, l.irrf, l.liquido])).toEqual([
      ['titular', '121070.52', '0.00', '121070.52'],
      ['advogado-contratual', '34957.88', '8537.71', '26420.17'],
    ]);
  });

  it('honorários sucumbenciais are the lawyer own alimentar requisition, flagged in the lookup (R6.15)', async () => {
    const body = await json(await app().request(`/api/precatorios/${D}`));
    expect([body.precatorio.honorariosSucumbenciais, body.precatorio.natureza, body.precatorio.beneficiarios[0].nome]).toEqual([true, 'alimentar', 'D. A. S.']);
    expect((await json(await app().request(`/api/precatorios/${A}`))).precatorio.honorariosSucumbenciais).toBe(false);
  });

  it('a payment with no contratuais, cessão or penhora writes no lines (the titular is paid, as before)', async () => {
    const res = await post(C, 'pagamentos', { beneficiarioId: 'b1', valor: '1000.00', pagoEm: '2026-01-15' });
    expect([res.status, (await json(res)).linhas]).toEqual([201, null]);
  });

  it('habilitação: the open share of C goes to two heirs by quinhão; quinhões must add up to 1', async () => {
    const half = await post(C, 'habilitacoes', {
      falecidoId: 'b1',
      decididoEm: '2026-01-16',
      herdeiros: [{ id: 'h1', credorId: 'h1', quinhao: '0.5' }],
    });
    expect([half.status, (await json(half)).motivo]).toEqual([422, expect.stringMatching(/somam 0.5/)]);
    const before = (await findPrecatorio(db, C))!.precatorio.beneficiarios[0]!;
    const open = before.valorBrl.minus(before.pagoBrl);
    const res = await post(C, 'habilitacoes', {
      falecidoId: 'b1',
      decididoEm: '2026-01-16',
      herdeiros: [
        { id: 'h1', credorId: 'h1', quinhao: '0.5', nascimento: '1940-01-01' },
        { id: 'h2', credorId: 'h2', quinhao: '0.5', nascimento: '1990-01-01', nome: 'Neto Herdeiro' },
      ],
    });
    expect(res.status).toBe(201);
    const after = (await findPrecatorio(db, C))!.precatorio.beneficiarios;
    expect(after.map((b) => [b.id, b.titularidade, b.valorBrl.minus(b.pagoBrl).toFixed(2)])).toEqual([
      ['b1', 'originario', '0.00'],
      ['h1', 'herdeiro', open.dividedBy(2).toDecimalPlaces(2, 1).toFixed(2)],
      ['h2', 'herdeiro', open.minus(open.dividedBy(2).toDecimalPlaces(2, 1)).toFixed(2)],
    ]);
    const h = await db.query<{ n: string }>('select count(*)::text as n from habilitacoes where precatorio_numero = $1', [C]);
    expect(h.rows[0]!.n).toBe('2');
  });
});
