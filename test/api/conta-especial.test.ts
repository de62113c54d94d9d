// Goal: the special account through the API (issue 17 §1; R7.2, R7.4): staff-only writes; the
// public art. 82 answer lists deposits (with where each went), balances with their date, the plan
// and the payments made (date, precatório, amount) with no personal data; the CSV export uses `;`
// and a BOM; the CSV import reports each bad line and writes nothing; bad input is a 400, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, staffHeaders } from '../support/api.ts';

const ENTE = 'estado-do-para';
let ctx: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  ctx = await demoApp();
}, 120_000);
afterAll(async () => ctx?.db.close());

const post = (path: string, body: unknown, headers: Record<string, string> = staffHeaders) =>
  ctx.app.request(`/api/entes/${ENTE}/conta-especial/${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('special account API', () => {
  it('refuses anonymous writes and the staff statement', async () => {
    expect((await post('depositos', { data: '2025-11-01', valor: '1.00', documento: 'x' }, { 'content-type': 'application/json' })).status).toBe(401);
    expect((await ctx.app.request(`/api/entes/${ENTE}/conta-especial/extrato`)).status).toBe(401);
  });

  it('checks every field: zero, unknown fields, future dates, same-account transfers are 400s', async () => {
    for (const body of [
      { data: '2025-11-01', valor: '0.00', documento: 'x' },
      { data: '2025-11-01', valor: '1.00', documento: 'x', extra: 1 },
      { data: '2099-01-01', valor: '1.00', documento: 'x' },
      { data: '2025-11-01', valor: '1.001', documento: 'x' },
      { data: '2025-11-01', valor: '1.00', documento: '' },
    ])
      expect((await post('depositos', body)).status).toBe(400);
    expect(
      (await post('debitos', { tipo: 'TRANSFERENCIA', data: '2025-11-01', valor: '1.00', documento: 'x', origem: 'ACORDO', destino: 'ACORDO' })).status,
    ).toBe(400);
    expect((await ctx.app.request('/api/entes/nao-existe/conta-especial')).status).toBe(404);
    expect((await ctx.app.request(`/api/entes/${ENTE}/conta-especial?formato=xls`)).status).toBe(400);
  });

  it('records deposits and debits; the public answer shows them with no personal data', async () => {
    const d = await post('depositos', { data: '2025-10-31', valor: '1000000.01', documento: 'extrato BB out/2025' });
    expect(d.status).toBe(201);
    // No plan registered: the ADCT 102 minimum (50 %), rounded up for the list.
    expect(((await d.json()) as { saldos: unknown }).saldos).toEqual({ cronologica: '500000.01', acordo: '500000.00' });
    const over = await post('debitos', { tipo: 'ACORDO', data: '2025-11-01', valor: '500000.01', documento: 'termo 1' });
    expect(over.status).toBe(409);
    expect(((await over.json()) as { motivo: string }).motivo).toContain('conta de acordos do ente estado-do-para tem saldo disponível de 500000.00');
    const p = ctx.input.precatorios.find((x) => x.enteId === ENTE && x.status === 'ativo' && x.beneficiarios.length === 1 && x.beneficiarios[0]!.nome)!;
    expect((await post('debitos', { tipo: 'PAGAMENTO', data: '2025-11-02', valor: '1000.00', documento: 'alvará 7', precatorio: p.numero })).status).toBe(201);
    const paid = await ctx.app.request(`/api/precatorios/${p.numero}/pagamentos`, {
      method: 'POST',
      headers: staffHeaders,
      body: JSON.stringify({ beneficiarioId: p.beneficiarios[0]!.id, valor: '1000.00', pagoEm: '2025-11-02' }),
    });
    expect(paid.status).toBe(201);

    const res = await ctx.app.request(`/api/entes/${ENTE}/conta-especial`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const pub = JSON.parse(text);
    expect(pub.depositos).toEqual([
      {
        data: '2025-10-31',
        valor: '1000000.01',
        documento: 'extrato BB out/2025',
        paraCronologica: '500000.01',
        paraAcordos: '500000.00',
        repasseTrt: '0.00',
        repasseTrf: '0.00',
      },
    ]);
    // The staff payment debited the chronological account too (R7.2): 1000 by hand + 1000 paid.
    expect(pub.saldos).toEqual({ data: '2025-11-02', cronologica: '498000.01', acordo: '500000.00' });
    expect(pub.saldosPorData).toEqual([
      { data: '2025-10-31', cronologica: '500000.01', acordo: '500000.00' },
      { data: '2025-11-02', cronologica: '498000.01', acordo: '500000.00' },
    ]);
    expect(pub.pagamentos).toContainEqual({ data: '2025-11-02', precatorio: p.numero, valor: '1000.00', tipo: 'cronologica' });
    const b = p.beneficiarios[0]!;
    for (const secret of [b.nome, b.cpf, b.id].filter((s): s is string => typeof s === 'string' && s.length > 3)) expect(text).not.toContain(secret);

    const csv = await ctx.app.request(`/api/entes/${ENTE}/conta-especial?formato=csv`);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect(csv.headers.get('content-type')).toContain('text/csv');
    // (Response.text() would drop the BOM: read the bytes.)
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trim().split('\n');
    expect(lines[0]).toBe('secao;data;valor;cronologica;acordo;repasse_trt;repasse_trf;parcela_cronologica;tipo;precatorio;documento;desagio');
    expect(lines).toContain('deposito;2025-10-31;1000000.01;500000.01;500000.00;0.00;0.00;;;;extrato BB out/2025;');
    expect(lines).toContain(`pagamento;2025-11-02;1000.00;;;;;;cronologica;${p.numero};;`);

    const statement = await ctx.app.request(`/api/entes/${ENTE}/conta-especial/extrato`, { headers: staffHeaders });
    expect(((await statement.json()) as { lancamentos: unknown[] }).lancamentos).toHaveLength(7);
  });

  it('a staff payment beyond the chronological balance of an ente that keeps the account is refused, and nothing is written', async () => {
    const ente = 'municipio-de-tucurui';
    const depositBody = JSON.stringify({ data: '2025-11-01', valor: '10.00', documento: 'extrato' });
    expect((await ctx.app.request(`/api/entes/${ente}/conta-especial/depositos`, { method: 'POST', headers: staffHeaders, body: depositBody })).status).toBe(
      201,
    );
    const p = ctx.input.precatorios.find(
      (x) => x.enteId === ente && x.status === 'ativo' && x.beneficiarios[0]!.valorBrl.minus(x.beneficiarios[0]!.pagoBrl).greaterThan(100),
    )!;
    const pay = (valor: string) =>
      ctx.app.request(`/api/precatorios/${p.numero}/pagamentos`, {
        method: 'POST',
        headers: staffHeaders,
        body: JSON.stringify({ beneficiarioId: p.beneficiarios[0]!.id, valor, pagoEm: '2025-11-02' }),
      });
    const refused = await pay('20.00');
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { motivo: string }).motivo).toContain('saldo disponível de 10.00');
    const count = async () =>
      (await ctx.db.query<{ n: string }>('select count(*)::text as n from payments where precatorio_numero = $1', [p.numero])).rows[0]!.n;
    expect(await count()).toBe('0');
    expect((await pay('10.00')).status).toBe(201);
    expect(await count()).toBe('1');
    const pub = (await (await ctx.app.request(`/api/entes/${ente}/conta-especial`)).json()) as { saldos: { cronologica: string } };
    expect(pub.saldos.cronologica).toBe('0.00');

    // A payment run debits its total once; with the account empty the whole run is refused.
    const run = () =>
      ctx.app.request(`/api/entes/${ente}/rodadas-de-pagamento`, { method: 'POST', headers: staffHeaders, body: JSON.stringify({ valor: '5.00' }) });
    const runRefused = await run();
    expect(runRefused.status).toBe(409);
    expect(((await runRefused.json()) as { motivo: string }).motivo).toContain('saldo disponível de 0.00');
    const more = JSON.stringify({ data: '2025-11-20', valor: '5.00', documento: 'extrato' });
    expect((await ctx.app.request(`/api/entes/${ente}/conta-especial/depositos`, { method: 'POST', headers: staffHeaders, body: more })).status).toBe(201);
    expect((await run()).status).toBe(201);
    const after = (await (await ctx.app.request(`/api/entes/${ente}/conta-especial/extrato`, { headers: staffHeaders })).json()) as {
      saldos: { cronologica: string };
      lancamentos: { tipo: string; valor: string; documento: string }[];
    };
    expect(after.saldos.cronologica).toBe('0.00');
    expect(after.lancamentos.at(-1)).toMatchObject({ tipo: 'PAGAMENTO', valor: '5.00' });
  });

  it('imports a deposits CSV all or none, naming each bad line and field', async () => {
    const bad = await post('depositos/importacao', 'data;valor;documento\n2025-09-30;10,00;e1\n31/02/2025;10,00;e2\n2025-09-30;abc;e3\n', {
      authorization: staffHeaders.authorization,
      'content-type': 'text/csv',
    });
    expect(bad.status).toBe(422);
    const report = (await bad.json()) as { rejeitadas: { linha: number; campo: string }[] };
    expect(report.rejeitadas.map((r) => [r.linha, r.campo])).toEqual([
      [3, 'data'],
      [4, 'valor'],
    ]);
    const before = (await (await ctx.app.request(`/api/entes/${ENTE}/conta-especial`)).json()) as { depositos: unknown[] };
    expect(before.depositos).toHaveLength(1);
    const good = await post('depositos/importacao', 'data;valor;documento\n2025-09-30;10,00;e1\n2025-08-29;20,00;e2\n', {
      authorization: staffHeaders.authorization,
      'content-type': 'text/csv',
    });
    expect(good.status).toBe(201);
    expect(await good.json()).toEqual({ ente: ENTE, registrados: 2, total: '30.00' });
  });
});
