// Goal: the Atom feed per precatório (issue 18 §1) lists the public history — one entry per change,
// newest first — and never a person's data nor a superpreference decision (R3.4, LGPD art. 11).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rfc3339 } from '../../src/api/atom-feed.ts';
import { money } from '../../src/domain/money.ts';
import { demoApp, staffHeaders } from '../support/api.ts';
import { BACKENDS } from '../support/backends.ts';

describe.each(BACKENDS)('feed Atom por precatório on $name', (backend) => {
  let ctx: Awaited<ReturnType<typeof demoApp>>;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const db = await backend.open();
    dispose = () => db.dispose();
    ctx = await demoApp(db);
  }, 120_000);
  afterAll(async () => {
    await dispose();
  });

  const post = async (path: string, body: unknown) =>
    (await ctx.app.request(path, { method: 'POST', headers: staffHeaders, body: JSON.stringify(body) })).status;
  const feedOf = async (numero: string) => {
    const res = await ctx.app.request(`/api/precatorios/${encodeURIComponent(numero)}/feed.atom`);
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  const entriesOf = (xml: string) => [...xml.matchAll(/<entry>[\s\S]*?<category term="([^"]+)"\/>[\s\S]*?<\/entry>/g)].map((m) => m[1]);

  it('has one entry per public event, newest first, and hides the superpreference decision', async () => {
    const p = ctx.input.precatorios.find(
      (x) =>
        x.status === 'ativo' &&
        x.natureza === 'alimentar' &&
        x.beneficiarios.length === 1 &&
        x.beneficiarios[0]!.titularidade === 'originario' &&
        !x.beneficiarios[0]!.doencaGraveDesde &&
        !x.beneficiarios[0]!.deficienciaDesde,
    )!;
    const b = p.beneficiarios[0]!;
    const before = await feedOf(p.numero);
    expect(before.status).toBe(200);
    expect(before.type).toMatch(/^application\/atom\+xml/);
    expect(entriesOf(before.text)).toEqual(['importado']);

    expect(await post(`/api/precatorios/${p.numero}/superpreferencias`, { beneficiarioId: b.id, motivo: 'deficiencia', concedidaEm: '2025-03-10' })).toBe(201);
    expect(await post(`/api/precatorios/${p.numero}/pagamentos`, { beneficiarioId: b.id, valor: '100.00', pagoEm: '2025-11-20' })).toBe(201);

    const after = await feedOf(p.numero);
    // The lookup's public history is the oracle: same events, feed newest first.
    const lookup = (await (await ctx.app.request(`/api/precatorios/${encodeURIComponent(p.numero)}`)).json()) as { historico: { tipo: string }[] };
    expect(lookup.historico.map((h) => h.tipo)).not.toContain('superpreferencia-concedida');
    expect(entriesOf(after.text)).toEqual(lookup.historico.map((h) => h.tipo).reverse());
    expect(entriesOf(after.text)[0]).toMatch(/^pagamento-/);
    expect(after.text).not.toMatch(/superpreferencia-concedida|superpreferência reconhecida|2025-03-10|defici/i);
    // No personal data of anyone on the precatório.
    for (const person of p.beneficiarios) {
      if (person.nome) expect(after.text.includes(person.nome)).toBe(false);
      if (person.cpf) expect(after.text.replace(/[.-]/g, '').includes(person.cpf)).toBe(false);
      if (person.nascimento) expect(after.text.includes(person.nascimento)).toBe(false);
    }
    // Every date Atom carries is RFC 3339, and the feed's `updated` is its newest entry's.
    const dates = [...after.text.matchAll(/<updated>([^<]+)<\/updated>/g)].map((m) => m[1]!);
    for (const d of dates) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    expect(dates[0]).toBe([...dates.slice(1)].sort().at(-1));
  });

  it("lists the precatório's payments in the lookup: date, kind, gross publicly; withholdings and net to staff", async () => {
    const p = ctx.input.precatorios.find(
      (x) => x.status === 'ativo' && x.beneficiarios.length === 1 && x.beneficiarios[0]!.valorBrl.minus(x.beneficiarios[0]!.pagoBrl).greaterThan(500),
    )!;
    const b = p.beneficiarios[0]!;
    const url = `/api/precatorios/${encodeURIComponent(p.numero)}`;
    expect(((await (await ctx.app.request(url)).json()) as { pagamentos: unknown[] }).pagamentos).toEqual([]);
    expect(await post(`${url}/pagamentos`, { beneficiarioId: b.id, valor: '250.00', pagoEm: '2025-11-18' })).toBe(201);
    expect(await post(`${url}/pagamentos`, { beneficiarioId: b.id, valor: '100.10', pagoEm: '2025-11-19' })).toBe(201);
    const pub = (await (await ctx.app.request(url)).json()) as { pagamentos: any[] };
    expect(pub.pagamentos).toEqual([
      { pagoEm: '2025-11-18', tipo: 'cronologica', bruto: '250.00', retencoes: null, liquido: null },
      { pagoEm: '2025-11-19', tipo: 'cronologica', bruto: '100.10', retencoes: null, liquido: null },
    ]);
    const staff = (await (await ctx.app.request(url, { headers: staffHeaders })).json()) as { pagamentos: any[] };
    expect(staff.pagamentos.map((x) => x.bruto)).toEqual(['250.00', '100.10']);
    // R6.6: gross = net + IRRF + previdência, whenever the tax facts were recorded.
    for (const x of staff.pagamentos)
      if (x.liquido !== null)
        expect(
          money(x.liquido)
            .plus(money(x.retencoes.irrf))
            .plus(money(x.retencoes.previdencia ?? '0'))
            .toFixed(2),
        ).toBe(x.bruto);
  });

  it('answers 404 in Portuguese for an unknown número', async () => {
    const res = await ctx.app.request('/api/precatorios/0000000-00.0000.0.00.0000/feed.atom');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { motivo: string }).motivo).toMatch(/não encontrado/);
  });
});

it('reads PostgreSQL timestamptz text as RFC 3339 instants', () => {
  expect(rfc3339('2025-11-23 10:00:00.5+00')).toBe('2025-11-23T10:00:00.500Z');
  expect(rfc3339('2025-11-23 07:00:00-03')).toBe('2025-11-23T10:00:00.000Z');
  expect(rfc3339('2025-11-23T10:00:00Z')).toBe('2025-11-23T10:00:00.000Z');
});
