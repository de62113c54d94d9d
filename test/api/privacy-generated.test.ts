// Goal: no public answer lets personal data out — over GENERATED people, not only the demo's. Each
// fast-check run adds a debtor with invented beneficiaries (names of random letters, CPFs, companies
// with CNPJs as cessionários, birth and illness dates; some keyed by their CPF or CNPJ, as courts
// often do), a cessão to a company and an illness grant
// made through the staff API, then crawls every public operation of the OpenAPI document: every
// page of the list with filters, both exports, every precatório, simulations with scenarios, the
// API description, and error answers (400, 404, 413, 422, 429, and 401/403 of staff routes). Any
// CPF or CNPJ, any word of a name, any birth or illness date found in any answer fails the test.
// A positive control first: the staff export does contain them, so the scan can see them.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Precatorio } from '../../src/domain/precatorio.ts';
import type { Db } from '../../src/storage/db.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { staffHeaders } from '../support/api.ts';
import { DOCUMENT_SHAPES, GENERATED_ENTE, appOver, cnpjCheckDigits, fromAddress, peopleRegistryArb, personalDataOf, seed } from './fixtures.ts';
import { operations } from './operations.ts';

let db: Db;
beforeAll(async () => {
  db = await openDatabase({ pgliteDir: 'memory://' });
}, 60_000);
afterAll(async () => {
  await db.close();
});

/** Public operations of the API description: the crawl must visit each of them. */
const PUBLIC = operations()
  .filter((op) => !op.staff)
  .map((op) => `${op.method} ${op.template}`);

/** Every form a leak could take: digits of documents, words of names, ISO and Brazilian dates, birth months. */
function scanner(
  people: { readonly documents: readonly string[]; readonly nameWords: readonly string[]; readonly dates: readonly string[] },
  births: readonly string[],
) {
  const brDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  return (path: string, text: string): string[] => {
    const found: string[] = [];
    const digits = text.replace(/[.\-/\s\u2010-\u2015]/g, '');
    for (const d of people.documents) if (digits.includes(d)) found.push(`documento ${d}`);
    for (const w of people.nameWords) if (text.includes(w)) found.push(`nome "${w}"`);
    for (const d of people.dates) if (text.includes(d) || text.includes(brDate(d))) found.push(`data ${d}`);
    for (const b of births) if (text.includes(b.slice(0, 7))) found.push(`mês de nascimento ${b.slice(0, 7)}`);
    // The API description names the grounds a staff write accepts; it carries no one's data.
    if (!path.includes('openapi.json') && /\b(doen[cç]a|defici[eê]ncia|idade)\b/i.test(text.replace(/superprefer[eê]ncia/gi, '')))
      found.push('motivo da superpreferência');
    return found;
  };
}

let run = 0;
const visited = new Set<string>();
let maskedDocumentsSeen = 0;
let answersScanned = 0;
const everyone: Precatorio[] = [];
const companies: { nome: string; cnpj: string }[] = [];

const companyArb = fc.tuple(fc.stringMatching(/^[A-Z][a-z]{6,9}$/), fc.integer({ min: 10_000_000, max: 99_999_999 })).map(([w, root]) => {
  const twelve = `${root}0001`;
  const d = `${twelve}${cnpjCheckDigits(twelve)}`;
  return { nome: `Fundo ${w} Investimentos`, cnpj: `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-${d.slice(12)}` };
});
// Grants exist since EC 62/2009 (the API refuses earlier ones, domain/supported-dates.ts); 2010–2017
// is still a span no other generated field uses (presentations start in 2018), so a leak stands out.
const illnessDateArb = fc
  .date({ min: new Date(Date.UTC(2010, 0, 1)), max: new Date(Date.UTC(2017, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

it('no public answer shows a CPF, CNPJ, name, birth or illness date of generated people', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 6, max: 12 }).chain((n) => fc.tuple(fc.constant(n), peopleRegistryArb(GENERATED_ENTE(0), n, 0), companyArb, illnessDateArb)),
      async ([n, template, company, grantedOn]) => {
        run++;
        const ente = GENERATED_ENTE(10 + run);
        // Same people, this run's ente and números (distinct across runs).
        const precatorios = template.map((p, i) => ({
          ...p,
          enteId: ente.id,
          regime: ente.regime,
          numero: `${String(run * 100 + i).padStart(7, '0')}-00.2024.8.14.0301`,
          beneficiarios: p.beneficiarios.map((b, j) => ({
            ...b,
            id: i % 3 === 0 ? DOCUMENT_SHAPES[(run + i + j) % DOCUMENT_SHAPES.length]!(b.cpf!.replace(/\D/g, '')) : `r${run}-${i}#${j}`,
          })),
        }));
        expect(precatorios).toHaveLength(n);
        await seed(db, [ente], precatorios);
        const { app } = appOver(db);
        const answers: { path: string; text: string }[] = [];
        const call = async (label: string, path: string, init?: RequestInit, env?: object): Promise<{ status: number; text: string }> => {
          const res = await app.request(path, init, env);
          const text = await res.text();
          answers.push({ path: `${label} ${path} → ${res.status}`, text });
          return { status: res.status, text };
        };
        const get = (template: string, path: string) => {
          visited.add(`GET ${template}`);
          return call('GET', path);
        };

        // Staff: a cessão to a company (CNPJ) and an illness grant, written through the API.
        const open = precatorios.find(
          (p) => p.status === 'ativo' && p.beneficiarios.some((b) => b.titularidade !== 'cessionario' && b.valorBrl.minus(b.pagoBrl).greaterThan(10)),
        );
        const alimentar = precatorios.find(
          (p) =>
            p.natureza === 'alimentar' &&
            p.status === 'ativo' &&
            p.beneficiarios.some((b) => b.titularidade !== 'cessionario' && !b.doencaGraveDesde && !b.deficienciaDesde),
        );
        if (open) {
          const cedente = open.beneficiarios.find((b) => b.titularidade !== 'cessionario' && b.valorBrl.minus(b.pagoBrl).greaterThan(10))!;
          const res = await app.request(`/api/precatorios/${open.numero}/cessoes`, {
            method: 'POST',
            headers: staffHeaders,
            body: JSON.stringify({
              cedenteId: cedente.id,
              valor: '5.00',
              cessionarioCredorId: `empresa-${run}`,
              cessionarioNome: company.nome,
              cessionarioCpf: company.cnpj,
              data: '2025-11-21',
            }),
          });
          expect(res.status, await res.text()).toBe(201);
          companies.push(company);
        }
        if (alimentar) {
          const b = alimentar.beneficiarios.find((x) => x.titularidade !== 'cessionario' && !x.doencaGraveDesde && !x.deficienciaDesde)!;
          const res = await app.request(`/api/precatorios/${alimentar.numero}/superpreferencias`, {
            method: 'POST',
            headers: staffHeaders,
            body: JSON.stringify({ beneficiarioId: b.id, motivo: 'doenca-grave', concedidaEm: grantedOn }),
          });
          expect(res.status, await res.text()).toBe(201);
        }
        // Free text staff write that the public reads back (the funding's legal basis), quoting a document.
        const quoted = DOCUMENT_SHAPES[run % DOCUMENT_SHAPES.length]!(precatorios[0]!.beneficiarios[0]!.cpf!.replace(/\D/g, ''));
        const funding = await app.request(`/api/entes/${ente.id}/financiamento`, {
          method: 'POST',
          headers: staffHeaders,
          body: JSON.stringify({
            tipo: 'deposito-mensal',
            valor: '1000.00',
            vigenteDesde: '2025-01-01',
            fundamento: `acordo com o credor ${quoted} (processo ${precatorios[0]!.numero})`,
          }),
        });
        expect(funding.status, await funding.text()).toBe(201);
        // And a special-account deposit whose document quotes it: the art. 82 answer shows it masked.
        const deposit = await app.request(`/api/entes/${ente.id}/conta-especial/depositos`, {
          method: 'POST',
          headers: staffHeaders,
          body: JSON.stringify({ data: '2025-11-20', valor: '100.00', documento: `depósito referente ao credor ${quoted}` }),
        });
        expect(deposit.status, await deposit.text()).toBe(201);
        everyone.push(...precatorios);

        // Positive control: the staff export shows the people, so a leak would be seen.
        const people = personalDataOf(everyone);
        const documents = [...people.documents, ...companies.map((c) => c.cnpj.replace(/\D/g, ''))];
        const nameWords = [
          ...people.nameWords,
          ...companies.flatMap((c) => c.nome.split(' ').filter((w) => w.length >= 5 && w !== 'Fundo' && w !== 'Investimentos')),
        ];
        const births = everyone.flatMap((p) => p.beneficiarios.map((b) => b.nascimento)).filter((d): d is NonNullable<typeof d> => !!d);
        const scan = scanner({ documents, nameWords, dates: [...people.dates, grantedOn] }, births);
        const staffText = await (await app.request(`/api/entes/${ente.id}/fila-completa.json`, { headers: staffHeaders })).text();
        const control = scan('staff', staffText);
        expect(control.some((f) => f.startsWith('documento')) && control.some((f) => f.startsWith('nome')) && control.some((f) => f.startsWith('data'))).toBe(
          true,
        );
        if (open) expect(staffText).toContain(company.cnpj);

        // Public reads, every page (small pages, so there are many) and filter.
        await get('/api/health', '/api/health');
        await get('/api/openapi.json', '/api/openapi.json');
        await get('/api/entes', '/api/entes');
        for (const filter of ['', '&natureza=alimentar', '&natureza=comum&status=ativo', '&orcamento=2025']) {
          for (let page = 1; page < 100; page++) {
            const body = JSON.parse((await get('/api/entes/{id}/fila', `/api/entes/${ente.id}/fila?tamanho=3&pagina=${page}${filter}`)).text) as {
              itens: unknown[];
            };
            if (body.itens.length === 0) break;
          }
        }
        await get('/api/entes/{id}/superpreferencias', `/api/entes/${ente.id}/superpreferencias`);
        await get('/api/entes/{id}/estoque', `/api/entes/${ente.id}/estoque`);
        await get('/api/entes/{id}/parcelamentos-cf20', `/api/entes/${ente.id}/parcelamentos-cf20`);
        await get('/api/entes/{id}/rcl', `/api/entes/${ente.id}/rcl`);
        await get('/api/entes/{id}/plano-ec136', `/api/entes/${ente.id}/plano-ec136?ano=2026`);
        const basis = await get('/api/entes/{id}/financiamento', `/api/entes/${ente.id}/financiamento`);
        // The document quoted in the legal basis is masked; the CNJ número beside it is not.
        expect(basis.text).toContain(`processo ${precatorios[0]!.numero}`);
        await get('/api/entes/{id}/conta-especial', `/api/entes/${ente.id}/conta-especial`);
        await get('/api/entes/{id}/conta-especial', `/api/entes/${ente.id}/conta-especial?formato=csv`);
        await get('/api/entes/{id}/fila.json', `/api/entes/${ente.id}/fila.json`);
        await get('/api/entes/{id}/fila.csv', `/api/entes/${ente.id}/fila.csv`);
        for (const p of precatorios) {
          await get('/api/precatorios/{numero}', `/api/precatorios/${encodeURIComponent(p.numero)}?ate=2026-01`);
          await get('/api/precatorios/{numero}/feed.atom', `/api/precatorios/${encodeURIComponent(p.numero)}/feed.atom`);
          await get('/api/precatorios/{numero}/mudancas', `/api/precatorios/${encodeURIComponent(p.numero)}/mudancas?desde=2025-01-01`);
        }
        await get('/api/indices/{serie}', '/api/indices/ipca_e');

        // Simulations: projection, a creditor's own números, a scenario granting superpreference.
        visited.add('POST /api/simulacoes');
        const simulate = (body: object) =>
          call('POST', '/api/simulacoes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        const plain = await simulate({
          enteId: ente.id,
          de: '2026-01',
          ate: '2030-12',
          financiamento: { tipo: 'deposito-mensal', valor: '50000.00' },
          tamanho: 500,
          detalharMeses: true,
        });
        expect(plain.status, plain.text).toBe(200);
        // A scenario recognising an illness for someone (an alimentar creditor who is not a cessionário).
        // Public simulations name a beneficiary by its public id, as the lookup shows it.
        const shown =
          alimentar &&
          (JSON.parse((await call('GET', `/api/precatorios/${encodeURIComponent(alimentar.numero)}`)).text) as {
            precatorio: { beneficiarios: { id: string; titularidade: string }[] };
          });
        const grant = alimentar &&
          shown && {
            numero: alimentar.numero,
            beneficiarioId: shown.precatorio.beneficiarios.find((b) => b.titularidade !== 'cessionario')!.id,
            motivo: 'doenca-grave',
            desde: '2026-03-01',
          };
        const scenario = await simulate({
          enteId: ente.id,
          de: '2026-01',
          ate: '2028-12',
          financiamento: { tipo: 'dotacao-anual', valor: '300000.00' },
          numeros: precatorios.map((p) => p.numero),
          cenario: {
            nome: 'teste',
            variacaoFinanciamentoPct: '20',
            superpreferencias: grant ? [grant] : [],
            precatoriosExtras: [{ numero: 'EXTRA-1', natureza: 'alimentar', valor: '1000.00', apresentadoEm: '2026-02-01' }],
          },
        });
        expect(scenario.status, scenario.text).toBe(200);

        // Error answers.
        await call('404', '/api/precatorios/0000000-00.0000.0.00.0000');
        await call('404', `/api/entes/nao-existe-${run}/fila`);
        await call('400', `/api/entes/${ente.id}/fila?pagina=abc`);
        await call('400', `/api/precatorios/${encodeURIComponent(precatorios[0]!.numero)}?ate=13-2026`);
        await call('422', '/api/simulacoes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enteId: ente.id }) });
        await call('422', '/api/simulacoes', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            enteId: ente.id,
            financiamento: { tipo: 'deposito-mensal', valor: '1.00' },
            cenario: { superpreferencias: [{ numero: precatorios[0]!.numero, beneficiarioId: 'nao-existe', motivo: 'deficiencia', desde: '2026-01-01' }] },
          }),
        });
        await call('413', '/api/simulacoes', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ enteId: 'x'.repeat(2_000_000) }),
        });
        await call('401', `/api/entes/${ente.id}/fila-completa.csv`);
        await call('403', `/api/entes/${ente.id}/fila-completa.json`, { headers: { authorization: 'Bearer errado' } });
        await call('401', `/api/precatorios/${encodeURIComponent(precatorios[0]!.numero)}/pagamentos`, { method: 'POST', body: '{}' });
        const limited = appOver(db, { consultas: { limit: 1, windowMs: 60_000 } }).app;
        await limited.request(`/api/precatorios/${encodeURIComponent(precatorios[0]!.numero)}`, {}, fromAddress('203.0.113.77'));
        const refused = await limited.request(`/api/precatorios/${encodeURIComponent(precatorios[0]!.numero)}`, {}, fromAddress('203.0.113.77'));
        expect(refused.status).toBe(429);
        answers.push({ path: '429', text: await refused.text() });

        for (const { path, text } of answers) {
          expect(scan(path, text), path).toEqual([]);
          maskedDocumentsSeen += (text.match(/\*\*\*\.\d{3}\.\d{3}-\*\*/g) ?? []).length;
        }
        answersScanned += answers.length;
      },
    ),
    { seed: 20251123, numRuns: 8 },
  );
  expect([...visited].sort()).toEqual([...PUBLIC].sort());
  expect(maskedDocumentsSeen).toBeGreaterThan(20);
  expect(answersScanned).toBeGreaterThan(100);
  console.log(
    `privacidade (gerado): ${run} entes, ${everyone.length} precatórios, ${everyone.reduce((n, p) => n + p.beneficiarios.length, 0)} beneficiários + ${companies.length} empresas; ${answersScanned} respostas varridas, ${maskedDocumentsSeen} CPFs mascarados vistos`,
  );
}, 300_000);
