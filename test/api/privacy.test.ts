// Goal: no public endpoint lets a CPF, a name, a birth date or a health ground out unmasked.
// Method: seed the generated registry (invented people with valid CPFs), crawl every public GET —
// every debtor, every page, every export, every precatório, and error answers — and scan the text.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoApp, demoInput } from '../support/api.ts';

let ctx: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  ctx = await demoApp(undefined, demoInput(99, 0.08));
}, 60_000);
afterAll(async () => {
  await ctx.db.close();
});

it('never shows personal data on public endpoints', async () => {
  const bodies: { path: string; text: string }[] = [];
  const fetchText = async (path: string) => {
    const res = await ctx.app.request(path);
    const text = await res.text();
    bodies.push({ path, text });
    return text;
  };
  const entes = JSON.parse(await fetchText('/api/entes')).entes as { id: string }[];
  for (const { id } of entes) {
    for (let page = 1; ; page++) {
      const body = JSON.parse(await fetchText(`/api/entes/${id}/fila?tamanho=50&pagina=${page}`));
      if (body.itens.length === 0) break;
    }
    await fetchText(`/api/entes/${id}/superpreferencias`);
    await fetchText(`/api/entes/${id}/fila.json`);
    await fetchText(`/api/entes/${id}/fila.csv`);
    const res = await ctx.app.request('/api/simulacoes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        enteId: id,
        de: '2026-01',
        ate: '2030-12',
        financiamento: { tipo: 'deposito-mensal', valor: '200000.00' },
        tamanho: 500,
        detalharMeses: true,
      }),
    });
    bodies.push({ path: `POST /api/simulacoes ${id}`, text: await res.text() });
  }
  for (const p of ctx.input.precatorios) {
    await fetchText(`/api/precatorios/${encodeURIComponent(p.numero)}`);
    // The Atom feed per precatório (issue 18 §1) is public too.
    await fetchText(`/api/precatorios/${encodeURIComponent(p.numero)}/feed.atom`);
  }
  await fetchText('/api/precatorios/nao-existe');
  await fetchText('/api/entes/nao-existe/fila');
  await fetchText('/api/entes/estado-do-para/fila?pagina=abc');
  await fetchText('/api/health');
  await fetchText('/api/openapi.json');

  const people = ctx.input.precatorios.flatMap((p) => p.beneficiarios);
  const cpfs = people.map((b) => b.cpf).filter((c): c is string => !!c);
  const names = people.map((b) => b.nome).filter((n): n is string => !!n);
  const births = people.map((b) => b.nascimento).filter((d) => d !== undefined);
  expect(cpfs.length).toBeGreaterThan(100);
  expect(bodies.length).toBeGreaterThan(ctx.input.precatorios.length);

  let maskedCpfsSeen = 0;
  for (const { path, text } of bodies) {
    const digits = text.replace(/[.-]/g, '');
    for (const cpf of cpfs) expect(digits.includes(cpf), `${path} contém um CPF`).toBe(false);
    for (const name of names) expect(text.includes(name), `${path} contém um nome`).toBe(false);
    for (const birth of births) expect(text.includes(birth), `${path} contém uma data de nascimento`).toBe(false);
    // The API description names the grounds a staff write accepts; it carries no one's data.
    if (path !== '/api/openapi.json')
      expect(/\b(doen[cç]a|defici[eê]ncia|idade)\b/i.test(text.replace(/superprefer[eê]ncia/gi, '')), `${path} revela o motivo da superpreferência`).toBe(
        false,
      );
    maskedCpfsSeen += (text.match(/\*\*\*\.\d{3}\.\d{3}-\*\*/g) ?? []).length;
  }
  expect(maskedCpfsSeen).toBeGreaterThan(100);
});
