// Goal: the HTTP API answers creditors and staff correctly, without a socket (app.request).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money } from '../../src/domain/money.ts';
import { buildPaymentOrder } from '../../src/domain/queue/payment-order.ts';
import { OPENAPI_DOCUMENT } from '../../src/api/openapi.ts';
import { RUN_DATE, demoApp, staffHeaders } from '../support/api.ts';
import { RULES } from '../support/rules.ts';
import { appOver } from './fixtures.ts';

let ctx: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  ctx = await demoApp();
}, 60_000);
afterAll(async () => {
  await ctx.db.close();
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await ctx.app.request(path, { headers });
  return { status: res.status, body: (await res.json()) as any };
};
const post = async (path: string, body: unknown, headers: Record<string, string> = staffHeaders) => {
  const res = await ctx.app.request(path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
};

describe('public reads', () => {
  it('reports health and the database in use', async () => {
    expect(await get('/api/health')).toEqual({ status: 200, body: { status: 'ok', banco: 'pglite', demonstracao: false, escritas: { ok: true } } });
  });

  it('lists the debtors with stock, RPV ceiling and superpreference cap in force', async () => {
    const { body } = await get('/api/entes');
    const para = body.entes.find((e: any) => e.id === 'estado-do-para');
    expect(para).toMatchObject({ regime: 'especial', tetoRpv: '60720.00', tetoSuperpreferencia: '303600.00' });
    expect(body.entes).toHaveLength(ctx.input.entes.length);
  });

  it('pages the chronological list with the key that explains each position, matching the core', async () => {
    const ente = ctx.input.entes.find((e) => e.id === 'estado-do-para')!;
    const expected = buildPaymentOrder(
      ctx.input.precatorios.filter((p) => p.enteId === ente.id),
      ente,
      RUN_DATE,
      RULES,
    );
    const { body } = await get('/api/entes/estado-do-para/fila?pagina=2&tamanho=10');
    expect(body.total).toBe(expected.chronological.length);
    expect(body.itens.map((i: any) => [i.posicao, i.numero])).toEqual(expected.chronological.slice(10, 20).map((e) => [e.position, e.item.numero]));
    expect(body.itens[0].explicacao).toMatch(/^orçamento \d{4} › /);
  });

  it('filters by budget year and natureza', async () => {
    const { body } = await get('/api/entes/estado-do-para/fila?orcamento=2020&natureza=comum&tamanho=500');
    expect(body.itens.length).toBeGreaterThan(0);
    expect(body.itens.every((i: any) => i.orcamento === 2020 && i.natureza === 'comum')).toBe(true);
  });

  it('looks up a precatório: position, amount ahead and history', async () => {
    const { body: page } = await get('/api/entes/estado-do-para/fila?pagina=1&tamanho=5');
    const third = page.itens[2];
    const { status, body } = await get(`/api/precatorios/${third.numero}`);
    expect(status).toBe(200);
    expect(body.posicao.posicao).toBe(3);
    const firstTwo = money(page.itens[0].remanescente).plus(money(page.itens[1].remanescente));
    expect(body.posicao.valorAFrente.cronologica).toBe(firstTwo.toFixed(2));
    expect(body.historico.map((h: any) => h.tipo)).toEqual(['importado']);
  });

  it('answers 404 with a reason for unknown things, and 400 for bad query fields', async () => {
    expect((await get('/api/precatorios/0000000-00.0000.0.00.0000')).status).toBe(404);
    expect((await get('/api/entes/marte/fila')).body).toEqual({ erro: 'nao-encontrado', campo: 'id', motivo: 'ente marte não encontrado' });
    expect((await get('/api/entes/estado-do-para/fila?tamanho=100000')).status).toBe(400);
    expect((await get('/api/entes/estado-do-para/fila?campoDesconhecido=1')).body.motivo).toMatch(/desconhecido/);
  });

  it('answers for the published run only: "data" is refused without the staff token (401/403) and honoured with it', async () => {
    for (const path of [
      '/api/entes',
      '/api/entes/estado-do-para/fila',
      '/api/entes/estado-do-para/superpreferencias',
      '/api/entes/estado-do-para/fila.json',
      '/api/entes/estado-do-para/fila.csv',
      `/api/precatorios/${ctx.input.precatorios[0]!.numero}`,
    ]) {
      const anonymous = await ctx.app.request(`${path}?data=2026-05-13`);
      expect(anonymous.status, path).toBe(401);
      expect(await anonymous.json(), path).toMatchObject({ erro: 'nao-autenticado', campo: 'data', motivo: expect.stringContaining('lista publicada hoje') });
      const wrongToken = await ctx.app.request(`${path}?data=2026-05-13`, { headers: { authorization: 'Bearer errado' } });
      expect(wrongToken.status, path).toBe(403);
      expect((await wrongToken.json()).campo).toBe('data');
      const staff = await ctx.app.request(`${path}?data=2026-05-13`, { headers: staffHeaders });
      expect(staff.status, path).toBe(200);
      if (!path.endsWith('.csv')) expect((await staff.json()).data, path).toBe('2026-05-13');
    }
    expect((await get('/api/entes/estado-do-para/fila')).body.data).toBe(RUN_DATE);
  });

  it('shows beneficiaries by their ordinal, never the court id; version and superpreference decisions only to staff', async () => {
    const p = ctx.input.precatorios.find(
      (x) =>
        x.enteId === 'estado-do-para' &&
        x.status === 'ativo' &&
        x.natureza === 'alimentar' &&
        x.beneficiarios.length >= 2 &&
        x.beneficiarios.every((b) => b.titularidade !== 'cessionario' && !b.doencaGraveDesde && !b.deficienciaDesde),
    )!;
    const { body } = await get(`/api/precatorios/${p.numero}`);
    expect(body.precatorio.beneficiarios.map((b: any) => b.id)).toEqual(p.beneficiarios.map((_, i) => String(i + 1)));
    expect(body.versao).toBeNull();
    const b = [...p.beneficiarios].sort((x, y) => (x.id < y.id ? -1 : 1))[0]!;
    expect(
      (await post(`/api/precatorios/${p.numero}/superpreferencias`, { beneficiarioId: b.id, motivo: 'deficiencia', concedidaEm: '2025-03-10' })).status,
    ).toBe(201);
    // Staff routes take the court's id, not the public one.
    expect((await post(`/api/precatorios/${p.numero}/pagamentos`, { beneficiarioId: '1', valor: '1.00', pagoEm: '2025-11-20' })).status).toBe(404);
    const publicView = (await get(`/api/precatorios/${p.numero}`)).body;
    expect(publicView.historico.map((h: any) => h.tipo)).toEqual(['importado']);
    expect(publicView.versao).toBeNull();
    const staffView = (await get(`/api/precatorios/${p.numero}`, staffHeaders)).body;
    expect(staffView.historico.map((h: any) => h.tipo)).toEqual(['importado', 'superpreferencia-concedida']);
    expect(staffView.versao).toBe(2);
  });

  it('exports the masked list as CSV', async () => {
    const res = await ctx.app.request('/api/entes/municipio-de-belem/fila.csv');
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    // `;` and a BOM for pt-BR spreadsheets (issue 18 §2); the decoder drops the BOM.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trim().split('\n');
    expect(lines[0]).toBe(
      'posicao;numero;orcamento;natureza;status;apresentacao;ordemPublicada;valorRequisitado;saldo;superpreferencia;remanescente;explicacao',
    );
    expect(lines.length - 1).toBe(ctx.input.precatorios.filter((p) => p.enteId === 'municipio-de-belem' && p.status !== 'pago').length);
  });
});

describe('staff writes', () => {
  const pick = () =>
    ctx.input.precatorios.find(
      (p) =>
        p.enteId === 'municipio-de-belem' &&
        p.status === 'ativo' &&
        p.natureza === 'alimentar' &&
        p.beneficiarios.length === 1 &&
        p.beneficiarios[0]!.titularidade === 'originario',
    )!;

  it('registers a partial payment: the balance drops, the position stays, the history says why', async () => {
    const p = pick();
    const before = (await get(`/api/precatorios/${p.numero}`, staffHeaders)).body;
    expect(before.versao).toBeGreaterThan(0);
    const { status, body } = await post(`/api/precatorios/${p.numero}/pagamentos`, {
      beneficiarioId: p.beneficiarios[0]!.id,
      valor: '100.00',
      pagoEm: '2025-11-20',
      versao: before.versao,
    });
    expect(status).toBe(201);
    expect(body.precatorio.beneficiarios[0].pago).toBe(money(p.beneficiarios[0]!.pagoBrl.toFixed(2)).plus(100).toFixed(2));
    const after = (await get(`/api/precatorios/${p.numero}`)).body;
    expect(after.posicao.posicao).toBe(before.posicao.posicao);
    expect(after.historico.map((h: any) => h.tipo)).toEqual(['importado', 'pagamento-cronologica']);
  });

  it('refuses a stale version with 409 and a payment above the balance with 422', async () => {
    const p = pick();
    expect(
      (await post(`/api/precatorios/${p.numero}/pagamentos`, { beneficiarioId: p.beneficiarios[0]!.id, valor: '1.00', pagoEm: '2025-11-20', versao: 1 }))
        .status,
    ).toBe(409);
    const res = await post(`/api/precatorios/${p.numero}/pagamentos`, { beneficiarioId: p.beneficiarios[0]!.id, valor: '999999999.00', pagoEm: '2025-11-20' });
    expect(res.status).toBe(422);
    expect(res.body.campo).toBe('valor');
  });

  it('grants superpreference once, refuses a second ground, and a cessão of everything removes it', async () => {
    const p = ctx.input.precatorios.find(
      (x) =>
        x.enteId === 'estado-do-para' &&
        x.status === 'ativo' &&
        x.natureza === 'alimentar' &&
        x.beneficiarios.some(
          (b) => b.titularidade !== 'cessionario' && !b.doencaGraveDesde && !b.deficienciaDesde && (!b.nascimento || b.nascimento > '1966-01-01'),
        ),
    )!;
    const b = p.beneficiarios.find(
      (x) => x.titularidade !== 'cessionario' && !x.doencaGraveDesde && !x.deficienciaDesde && (!x.nascimento || x.nascimento > '1966-01-01'),
    )!;
    expect(
      (await post(`/api/precatorios/${p.numero}/superpreferencias`, { beneficiarioId: b.id, motivo: 'doenca-grave', concedidaEm: '2025-01-10' })).status,
    ).toBe(201);
    const tranches = async () => (await get('/api/entes/estado-do-para/superpreferencias')).body.itens.filter((t: any) => t.numero === p.numero).length;
    const withGrant = await tranches();
    expect(withGrant).toBeGreaterThan(0);
    expect(
      (await post(`/api/precatorios/${p.numero}/superpreferencias`, { beneficiarioId: b.id, motivo: 'deficiencia', concedidaEm: '2025-02-10' })).status,
    ).toBe(409);
    const saldo = b.valorBrl.minus(b.pagoBrl).toFixed(2);
    expect(
      (await post(`/api/precatorios/${p.numero}/cessoes`, { cedenteId: b.id, valor: saldo, cessionarioCredorId: 'fundo-x', data: '2025-11-21' })).status,
    ).toBe(201);
    expect(await tranches()).toBe(withGrant - 1);
  });

  it('validates bodies: unknown fields, malformed JSON and bad values are 400 with the field', async () => {
    const p = pick();
    expect((await post(`/api/precatorios/${p.numero}/pagamentos`, { beneficiarioId: 'x', valor: '1.00', pagoEm: '2025-11-20', extra: 1 })).body.motivo).toBe(
      'campo(s) desconhecido(s): extra',
    );
    expect((await post(`/api/precatorios/${p.numero}/pagamentos`, '{nope')).body.motivo).toBe('o corpo da requisição não é JSON válido');
    const bad = await post(`/api/precatorios/${p.numero}/pagamentos`, { beneficiarioId: 'x', valor: '1,00', pagoEm: '2025-11-20' });
    expect([bad.status, bad.body.campo]).toEqual([400, 'valor']);
  });

  it('refuses NUL, control characters and broken Unicode with a 400 naming the field, in Portuguese (PostgreSQL cannot store NUL: it used to be a 500)', async () => {
    const p = pick();
    const nul = await post(`/api/precatorios/${p.numero}/cancelamento`, { motivo: 'erro de\u0000digitação' });
    expect([nul.status, nul.body]).toEqual([
      400,
      { erro: 'entrada-invalida', campo: 'motivo', motivo: 'contém caractere de controle (p. ex. NUL) ou Unicode inválido' },
    ]);
    expect(
      (
        await post(`/api/precatorios/${p.numero}/cessoes`, {
          cedenteId: p.beneficiarios[0]!.id,
          valor: '1.00',
          cessionarioCredorId: 'f',
          cessionarioNome: 'x\uD800',
          data: '2025-11-21',
        })
      ).body.campo,
    ).toBe('cessionarioNome');
    expect(await get('/api/precatorios/abc%00def')).toEqual({
      status: 400,
      body: { erro: 'entrada-invalida', campo: 'numero', motivo: 'numero inválido: contém caractere de controle (p. ex. NUL) ou Unicode inválido' },
    });
    expect((await get('/api/entes/%01/fila')).body.campo).toBe('id');
    // Zod's own messages come in Portuguese too.
    expect((await post(`/api/precatorios/${p.numero}/cancelamento`, { motivo: 42 })).body).toEqual({
      erro: 'entrada-invalida',
      campo: 'motivo',
      motivo: 'Entrada inválida: esperava um texto, recebeu um número',
    });
  });

  it('caps JSON bodies at 1 MiB (imports have their own cap, test/api/import-upload.test.ts): a public simulation cannot make the server parse 64 MiB', async () => {
    const res = await ctx.app.request('/api/simulacoes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enteId: 'x'.repeat(1024 * 1024) }),
    });
    expect([res.status, ((await res.json()) as any).erro]).toEqual([413, 'corpo-grande-demais']);
  });

  it('stores a funding row that the simulation then uses without being told', async () => {
    const body = { enteId: 'municipio-de-tucurui', de: '2026-01', ate: '2027-12' };
    const run = () => ctx.app.request('/api/simulacoes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await run()).status).toBe(422);
    expect(
      (
        await post('/api/entes/municipio-de-tucurui/financiamento', {
          tipo: 'deposito-mensal',
          valor: '80000.00',
          vigenteDesde: '2025-01-01',
          fundamento: 'plano anual de pagamento (teste)',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await post('/api/entes/municipio-de-tucurui/financiamento', {
          tipo: 'deposito-mensal',
          valor: '80000.00',
          vigenteDesde: '2025-01-01',
          parcelaCronologica: '0.3',
        })
      ).status,
    ).toBe(422);
    const res = await run();
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).financiamento).toMatchObject({ tipo: 'deposito-mensal', valor: '80000.00' });
    expect((await get('/api/entes/municipio-de-tucurui/financiamento')).body.itens).toEqual([
      { vigenteDesde: '2025-01-01', tipo: 'deposito-mensal', valor: '80000.00', parcelaCronologica: '0.5', fundamento: 'plano anual de pagamento (teste)' },
    ]);
  });

  it('checks a funding row against the chronological-share rule in force on its start (data/rules, R7.5)', async () => {
    const path = '/api/entes/municipio-de-itupiranga/financiamento';
    const row = (vigenteDesde: string, parcelaCronologica?: string) => ({ tipo: 'deposito-mensal', valor: '1000.00', vigenteDesde, parcelaCronologica });
    // ADCT 102 caput since EC 94/2016: at least 0,5; the refusal quotes the row, not a literal.
    expect((await post(path, row('2025-01-01', '0.3'))).body).toMatchObject({
      campo: 'parcelaCronologica',
      motivo: 'a parcela da ordem cronológica deve estar entre 0,5 (mínimo do ADCT art. 102, vigente desde 2016-12-16) e 1',
    });
    // A fifth decimal would be rounded by the table: refused instead.
    expect((await post(path, row('2025-01-01', '0.55555'))).body.motivo).toMatch(/mais de 4 casas decimais/);
    // Before EC 62/2009 nothing went to acordos: the default (regime especial, monthly money) is 1, and 0,5 is refused.
    expect((await post(path, row('2005-01-01'))).body).toMatchObject({ vigenteDesde: '2005-01-01', parcelaCronologica: '1' });
    expect((await post(path, row('2005-02-01', '0.5'))).body.motivo).toMatch(/deve ser 1 \(CF art\. 100 caput, vigente desde 1988-10-05/);
    expect((await post(path, row('2010-01-01'))).body).toMatchObject({ parcelaCronologica: '0.5' });
  });

  it('names an unknown ente of a payment run by the path field, as every /entes route does', async () => {
    expect(await post('/api/entes/ente-que-nao-existe/rodadas-de-pagamento', { valor: '10.00' })).toEqual({
      status: 404,
      body: { erro: 'nao-encontrado', campo: 'id', motivo: 'ente "ente-que-nao-existe" não está no registro' },
    });
  });

  it('imports a CSV body in one transaction and reports the rejected rows', async () => {
    const header = 'numero,ente_id,esfera,regime,natureza,apresentado_em,valor_requisitado';
    const csv = `${header}\nNOVO-1,municipio-de-belem,municipal,especial,comum,2025-01-10 10:00,1000.00\nNOVO-2,municipio-de-belem,municipal,especial,comum,ontem,1000.00\n`;
    const res = await ctx.app.request('/api/importacoes', {
      method: 'POST',
      headers: { authorization: staffHeaders.authorization, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ formato: 'projeto', linhasLidas: 2, novos: 1, alterados: 0 });
    expect(body.rejeitadas).toEqual([{ linha: 3, campo: 'apresentado_em', motivo: expect.stringContaining('"ontem" não é uma data-hora válida') }]);
    expect((await get('/api/precatorios/NOVO-1')).status).toBe(200);
  });
});

describe('import refused as a whole', () => {
  it('answers 422 naming the problem when the rows of a precatório are not consecutive, and lands nothing', async () => {
    const header = 'numero,ente_id,esfera,regime,natureza,apresentado_em,valor_requisitado,beneficiario_id,valor_beneficiario';
    const csv = `${header}\nFORA-1,municipio-de-belem,municipal,especial,comum,2025-01-10 10:00,10.00,a,5.00\nFORA-2,municipio-de-belem,municipal,especial,comum,2025-01-10 10:00,10.00,a,10.00\nFORA-1,municipio-de-belem,municipal,especial,comum,2025-01-10 10:00,10.00,b,5.00\n`;
    const res = await ctx.app.request('/api/importacoes', {
      method: 'POST',
      headers: { authorization: staffHeaders.authorization, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).motivo).toContain('as linhas do precatório FORA-1 não são consecutivas');
    expect((await get('/api/precatorios/FORA-2')).status).toBe(404);
  });
});

describe('access control', () => {
  // POST /api/simulacoes computes a projection from a request body and writes nothing: it is public.
  const READ_ONLY_POSTS = ['/api/simulacoes'];
  const writeRoutes = () =>
    (ctx.app.routes as { method: string; path: string }[]).filter((r) => r.method === 'POST' && !READ_ONLY_POSTS.includes(r.path)).map((r) => r.path);

  it('has write routes to check', () => expect(writeRoutes().length).toBeGreaterThanOrEqual(6));

  it('lets anyone run a simulation, which writes nothing', async () => {
    const count = async () => (await ctx.db.query<{ n: string }>('select (select count(*) from events) + (select count(*) from payments) as n')).rows[0]!.n;
    const before = await count();
    const res = await ctx.app.request('/api/simulacoes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enteId: 'municipio-de-belem', de: '2026-01', ate: '2027-12', financiamento: { tipo: 'deposito-mensal', valor: '100000.00' } }),
    });
    expect(res.status).toBe(200);
    expect(await count()).toBe(before);
  });

  it('answers 401 without a token and 403 with a wrong one, on every write route', async () => {
    for (const path of writeRoutes()) {
      const concrete = path.replace(':numero', encodeURIComponent(ctx.input.precatorios[0]!.numero));
      const none = await ctx.app.request(concrete, { method: 'POST', body: '{}' });
      expect([path, none.status]).toEqual([path, 401]);
      const wrong = await ctx.app.request(concrete, { method: 'POST', headers: { authorization: 'Bearer errado' }, body: '{}' });
      expect([path, wrong.status]).toEqual([path, 403]);
    }
  });

  // Roles per route (equipe / administracao, named and revoked users): test/api/staff-auth.test.ts.
  it('answers 401/403 on every operation the API description marks as staff-only, reads included', async () => {
    const staffOps = Object.entries(OPENAPI_DOCUMENT.paths).flatMap(([p, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => 'security' in op)
        .map(([m]) => ({ method: m.toUpperCase(), path: p })),
    );
    expect(staffOps.filter((o) => o.method === 'GET').map((o) => o.path)).toEqual([
      '/api/entes/{id}/conta-especial/extrato',
      '/api/entes/{id}/dados-da-simulacao',
      '/api/entes/{id}/fila-completa.json',
      '/api/entes/{id}/fila-completa.csv',
      '/api/precatorios/{numero}/pagamentos/{pagamento}/documento',
      '/api/backup',
      '/api/usuarios',
    ]);
    for (const { method, path } of staffOps) {
      const concrete = path.replace('{numero}', encodeURIComponent(ctx.input.precatorios[0]!.numero)).replace('{id}', 'estado-do-para');
      const body = method === 'POST' ? '{}' : undefined;
      expect([path, (await ctx.app.request(concrete, { method, body })).status]).toEqual([path, 401]);
      expect([path, (await ctx.app.request(concrete, { method, body, headers: { authorization: 'Bearer errado' } })).status]).toEqual([path, 403]);
    }
  });

  it('documents every route in /api/openapi.json, and nothing that does not exist', async () => {
    const documented = Object.entries(OPENAPI_DOCUMENT.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    // A pattern parameter such as `:file{fila\\.(json|csv)}` stands for the literal paths it matches.
    const expand = (path: string): string[] => {
      const m = /:\w+\{([^}(]*)\(([^)]*)\)\}/.exec(path);
      if (!m) return [path.replace(/:(\w+)/g, '{$1}')];
      return m[2]!.split('|').flatMap((alt) => expand(path.replace(m[0], `${m[1]!.replace(/\\/g, '')}${alt}`)));
    };
    const registered = [
      ...new Set(
        (ctx.app.routes as { method: string; path: string }[]).filter((r) => r.method !== 'ALL').flatMap((r) => expand(r.path).map((p) => `${r.method} ${p}`)),
      ),
    ].sort();
    expect(registered).toEqual(documented);
  });

  it('hides internals in a 500 and logs them instead', async () => {
    const broken = await demoApp();
    await broken.db.close();
    const res = await broken.app.request('/api/entes');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/at |sql|select|PGlite/i);
    expect(broken.logs.join('\n')).toContain('erro inesperado em GET /api/entes');
  });

  it('sends security headers', async () => {
    const res = await ctx.app.request('/api/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('answers CORS only to the allowed origin, and marks every answer as varying by Origin', async () => {
    const painel = 'https://painel.exemplo.jus.br';
    const { app } = appOver(ctx.db, undefined, [painel]);
    const numero = encodeURIComponent(ctx.input.precatorios[0]!.numero);
    const plain = await app.request(`/api/precatorios/${numero}`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('vary')).toBe('Origin');
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    expect(plain.headers.get('x-content-type-options')).toBe('nosniff');
    const allowed = await app.request(`/api/precatorios/${numero}`, { headers: { origin: painel } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(painel);
    expect(allowed.headers.get('access-control-expose-headers')).toBe('Retry-After,X-Precatorios-Demonstracao');
    expect(allowed.headers.get('vary')).toBe('Origin');
    expect(await allowed.text()).toBe(await plain.text());
    const stranger = await app.request(`/api/precatorios/${numero}`, { headers: { origin: 'https://outro.exemplo.com' } });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await app.request(`/api/precatorios/${numero}/pagamentos`, {
      method: 'OPTIONS',
      headers: { origin: painel, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type');
  });
});
