import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../../src/api/rate-limit.ts';
import { listen } from '../../src/api/serve.ts';
import { launchChromium, seriousViolations, serveFreshDashboard } from '../support/browser.ts';
import { TOKEN, demoApp } from '../support/api.ts';

/** The README's pictures (committed) and the rest (test output). */
const DOCS = resolve('docs/screenshots');
const SHOTS = resolve('test-output/screenshots');
const WIDTHS = [1366, 375] as const;

let ctx: Awaited<ReturnType<typeof demoApp>>;
let server: Awaited<ReturnType<typeof listen>>;
let browser: Browser;
let dashboard: Awaited<ReturnType<typeof serveFreshDashboard>> | undefined;
let base: string;

beforeAll(async () => {
  // `servir`'s public limits (120 requests and 20 simulations a minute per address): the staff
  // session below must never meet them; every request of the browser comes from 127.0.0.1.
  ctx = await demoApp(undefined, undefined, DEFAULT_RATE_LIMITS);
  dashboard = await serveFreshDashboard(ctx.app);
  server = await listen(ctx.app, 0);
  base = `http://127.0.0.1:${server.port}`;
  await mkdir(SHOTS, { recursive: true });
  await mkdir(DOCS, { recursive: true });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.db.close();
  await dashboard?.remove();
});

/** A fresh tab (its own sessionStorage) at `width`, counting the /api requests it makes and their answers. */
async function tab(width: number): Promise<{ context: BrowserContext; page: Page; api: { url: string; status: number }[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'pt-BR' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const api: { url: string; status: number }[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) api.push({ url: r.url(), status: r.status() });
  });
  return { context, page, api };
}

const noHorizontalOverflow = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const nbsp = (text: string | null) => (text ?? '').replace(/\u00a0/g, ' ');

async function openDebtor(page: Page, ente: string): Promise<void> {
  await page.goto(`${base}/#/painel`);
  await page.waitForSelector(`#ente option[value="${ente}"]`, { state: 'attached' });
  await page.selectOption('#ente', ente);
  await page.waitForSelector('#fila tbody tr');
  await page.waitForSelector('#simulacao-contagens');
  await page.waitForFunction(() => /Estoque/.test(document.querySelector('#grafico-status')?.textContent ?? ''));
}

async function signIn(page: Page): Promise<void> {
  await page.fill('#token-equipe', TOKEN);
  await page.click('#entrar-form button');
  await page.waitForSelector('#acoes-formularios:not([hidden])');
}

describe('landing, staff desk and creditor page in chromium', () => {
  it('the root URL says what the product is and leads creditor and staff to their screens (1366 and 375 px, axe)', async () => {
    for (const width of WIDTHS) {
      const { context, page } = await tab(width);
      await page.goto(`${base}/`);
      await page.waitForSelector('#h-inicio');
      expect(await page.textContent('#h-inicio')).toContain('Fila de precatórios');
      expect(await page.getAttribute('#ir-consulta', 'href')).toBe('#/consulta');
      expect(await page.getAttribute('#ir-painel', 'href')).toBe('#/painel');
      expect(await page.isHidden('#view-painel')).toBe(true);
      expect(await noHorizontalOverflow(page)).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: join(width === 1366 ? DOCS : SHOTS, width === 1366 ? 'inicio.png' : 'inicio-375.png'), fullPage: true });
      if (width === 375) {
        // The check can fail: an image without a text alternative is a critical violation.
        await page.evaluate(() => document.querySelector('#view-inicio')!.append(Object.assign(document.createElement('img'), { src: '/x.png' })));
        expect((await seriousViolations(page)).some((v) => v.startsWith('image-alt'))).toBe(true);
      }
      await page.click('#ir-consulta');
      await page.waitForSelector('#numero');
      expect(await page.getAttribute('[data-nav="consulta"]', 'aria-current')).toBe('page');
      await context.close();
    }
  });

  it('the desk lists the TJRJ columns, filters the paid ones, links the exports; stacked rows at 375 px (axe)', async () => {
    // The debtor with the most paid precatórios in the demo: the paid filter cannot pass on an empty list.
    const counts = new Map<string, number>();
    for (const p of ctx.input.precatorios) if (p.status === 'pago') counts.set(p.enteId, (counts.get(p.enteId) ?? 0) + 1);
    const [ente, paid] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    for (const width of WIDTHS) {
      const { context, page } = await tab(width);
      await openDebtor(page, ente);
      const heads = await page.locator('#fila thead th').allTextContents();
      expect(heads.slice(0, 14)).toEqual([
        'Ordem',
        'Precatório',
        'Situação',
        'Natureza',
        'Orçamento',
        'Prioridade',
        'Valor Histórico',
        'Valor Parcela',
        'Valor Pagamento',
        'Saldo Residual',
        'Saldo Atualizado',
        'Parcelas Pagas',
        'Previsão de Pagamento',
        'Quitado',
      ]);
      const first = await page.locator('#fila tbody tr').first().locator('td').allTextContents();
      expect(first[0]).toBe('1');
      expect(first[13]).toBe('Não');
      // The desk's totals: counts and amounts paid and pending, from /api/entes.
      const resumo = nbsp(await page.textContent('#ente-resumo'));
      expect(resumo).toContain(`Pagos${paid}`);
      expect(resumo).toMatch(/Valor já pagoR\$ [\d.]+,\d{2}/);
      expect(await page.getAttribute('#exportar-csv', 'href')).toBe(`/api/entes/${ente}/fila.csv`);
      expect(await page.getAttribute('#exportar-json', 'href')).toBe(`/api/entes/${ente}/fila.json`);
      // The stock chart's data-table alternative.
      expect(await page.locator('#grafico-tabela tbody tr').count()).toBeGreaterThan(0);
      if (width === 375) {
        // Stacked rows: each cell its own line with the column's name, no page-wide scroll.
        expect(await page.$eval('#fila tbody td', (td) => getComputedStyle(td).display)).toBe('block');
        expect(await noHorizontalOverflow(page)).toBe(true);
      } else {
        expect(await page.isVisible('.dica-rolar')).toBe(true);
      }
      expect(await seriousViolations(page)).toEqual([]);
      if (width === 1366) await page.locator('section[aria-labelledby="h-fila"]').screenshot({ path: join(DOCS, 'mesa-da-equipe.png') });
      else await page.screenshot({ path: join(SHOTS, 'mesa-375.png'), fullPage: true });

      await page.selectOption('#filtro-status', 'pago');
      await page.click('#filtros button[type=submit]');
      await page.waitForFunction(() => document.querySelector('#fila tbody tr td:nth-child(3)')?.textContent === 'pago');
      const rows = page.locator('#fila tbody tr');
      expect(await rows.count()).toBe(Math.min(25, paid));
      for (const r of await rows.all()) {
        const cells = await r.locator('td').allTextContents();
        expect([cells[0], cells[2], cells[13]]).toEqual(['—', 'pago', 'Sim']);
      }
      expect(await page.textContent('#fila-status')).toBe(`${paid} precatórios na lista`);
      await context.close();
    }
  });

  it('staff actions: the token stays in the tab, the server reason sits beside its field, payment and run are recorded', async () => {
    const ente = 'estado-do-para';
    const { context, page } = await tab(1366);
    await openDebtor(page, ente);
    expect(await page.isHidden('#acoes-formularios')).toBe(true);
    await signIn(page);
    expect(await page.evaluate(() => sessionStorage.getItem('precatorios.token-equipe'))).toBe(TOKEN);

    const row = (await page.locator('#fila tbody tr').first().locator('td').allTextContents()) as string[];
    const numero = row[1]!;
    const p = ctx.input.precatorios.find((x) => x.numero === numero)!;
    await page.click('#form-pagamento >> xpath=.. >> summary');
    await page.fill('#pagamento-numero', numero);
    await page.fill('#pagamento-beneficiarioId', p.beneficiarios[0]!.id);
    await page.fill('#pagamento-valor', '1.234,56');
    // A date the registry does not take: the server's reason, in Portuguese, beside "Pago em".
    await page.fill('#pagamento-pagoEm', '2099-01-01');
    await page.click('#form-pagamento button[type=submit]');
    await page.waitForSelector('#pagamento-pagoEm-erro:not([hidden])');
    expect(await page.getAttribute('#pagamento-pagoEm', 'aria-invalid')).toBe('true');
    expect((await page.textContent('#pagamento-pagoEm-erro'))!.length).toBeGreaterThan(10);
    expect(await page.textContent('#pagamento-resultado')).toBe('Não gravado: corrija o campo indicado.');
    await page.screenshot({ path: join(SHOTS, 'acao-erro-no-campo.png'), fullPage: false });
    // An amount that is not one is caught in the form, beside "Valor".
    await page.fill('#pagamento-valor', 'muito');
    await page.click('#form-pagamento button[type=submit]');
    await page.waitForSelector('#pagamento-valor-erro:not([hidden])');

    await page.fill('#pagamento-valor', '1.234,56');
    await page.fill('#pagamento-pagoEm', '2025-11-20');
    await page.click('#form-pagamento button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#pagamento-resultado')?.textContent === 'Feito.');
    expect(await page.isHidden('#pagamento-pagoEm-erro')).toBe(true);
    // The list reloads: the row shows the payment (Valor Pagamento, Parcelas Pagas).
    await page.waitForFunction((n) => {
      const tr = [...document.querySelectorAll('#fila tbody tr')].find((r) => r.children[1]?.textContent === n);
      return tr?.children[11]?.textContent === '1';
    }, numero);
    const after = (await page.locator('#fila tbody tr').first().locator('td').allTextContents()).map(nbsp);
    expect(after[8]).toBe('R$ 1.234,56');

    // Cancel with a reason too short: the server names `motivo`.
    await page.click('#form-cancelamento >> xpath=.. >> summary');
    await page.fill('#cancelamento-numero', numero);
    await page.fill('#cancelamento-motivo', 'ab');
    await page.click('#form-cancelamento button[type=submit]');
    await page.waitForSelector('#cancelamento-motivo-erro:not([hidden])');

    // The payment run: the preview writes nothing and shows who would be paid; then the confirmation.
    const paymentsBefore = (await (await ctx.app.request(`/api/entes/${ente}/conta-especial`)).json()) as { pagamentos: unknown[] };
    await page.click('#form-rodada >> xpath=.. >> summary');
    await page.fill('#rodada-valor', '300.000,00');
    await page.fill('#rodada-data', '2025-11-21');
    await page.click('#form-rodada button[type=submit]');
    await page.waitForSelector('#rodada-previa tbody tr');
    const previewRows = await page.locator('#rodada-previa tbody tr').count();
    expect(previewRows).toBeGreaterThan(0);
    expect(await page.textContent('#rodada-previa h5')).toBe('Prévia da rodada (nada foi gravado)');
    const stillBefore = (await (await ctx.app.request(`/api/entes/${ente}/conta-especial`)).json()) as { pagamentos: unknown[] };
    expect(stillBefore.pagamentos.length).toBe(paymentsBefore.pagamentos.length);
    await page.screenshot({ path: join(SHOTS, 'rodada-previa.png'), fullPage: false });
    await page.click('#rodada-confirmar');
    await page.waitForFunction(() => /^Rodada gravada: \d+ pagamento/.test(document.querySelector('#rodada-resultado')?.textContent ?? ''));
    expect(await page.textContent('#rodada-resultado')).toBe(`Rodada gravada: ${previewRows} pagamento(s).`);

    // A deposit into the special account, shown in the account's table after the reload.
    await page.click('#form-deposito >> xpath=.. >> summary');
    await page.fill('#deposito-data', '2025-11-03');
    await page.fill('#deposito-valor', '10.000,00');
    await page.fill('#deposito-documento', 'extrato de teste');
    await page.click('#form-deposito button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#deposito-resultado')?.textContent === 'Feito.');
    await page.waitForFunction(() => /extrato de teste/.test(document.querySelector('#conta-depositos')?.textContent ?? ''));
    expect(await seriousViolations(page)).toEqual([]);

    // Superpreference granted, then revoked, on another precatório's first beneficiary.
    // Alimentar: superpreference exists only there (R3.2).
    const other = ctx.input.precatorios.find((x) => x.enteId === ente && x.status === 'ativo' && x.natureza === 'alimentar' && x.numero !== numero)!;
    await page.click('#form-superpreferencia >> xpath=.. >> summary');
    await page.fill('#superpreferencia-numero', other.numero);
    await page.fill('#superpreferencia-beneficiarioId', other.beneficiarios[0]!.id);
    await page.selectOption('#superpreferencia-motivo', 'doenca-grave');
    await page.fill('#superpreferencia-concedidaEm', '2025-11-01');
    await page.click('#form-superpreferencia button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#superpreferencia-resultado')?.textContent === 'Feito.');
    await page.click('#form-revogacao >> xpath=.. >> summary');
    await page.fill('#revogacao-numero', other.numero);
    await page.fill('#revogacao-beneficiarioId', other.beneficiarios[0]!.id);
    await page.fill('#revogacao-revogadaEm', '2025-11-10');
    await page.click('#form-revogacao button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#revogacao-resultado')?.textContent === 'Feito.');

    // A cessão from a beneficiary the precatório does not have: the reason beside "Cedente".
    await page.click('#form-cessao >> xpath=.. >> summary');
    await page.fill('#cessao-numero', other.numero);
    await page.fill('#cessao-cedenteId', 'ninguem-com-este-id');
    await page.fill('#cessao-valor', '1.000,00');
    await page.fill('#cessao-cessionarioCredorId', 'fundo-x');
    await page.fill('#cessao-data', '2025-11-10');
    await page.click('#form-cessao button[type=submit]');
    await page.waitForSelector('#cessao-cedenteId-erro:not([hidden])');

    // An acordo edital (Pará is in the regime especial), a habilitação, the call.
    await page.click('#form-edital >> xpath=.. >> summary');
    await page.fill('#edital-numero', 'Edital 1/2025');
    await page.fill('#edital-abertura', '2025-11-01');
    await page.fill('#edital-encerramento', '2025-11-20');
    await page.click('#form-edital button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#edital-resultado')?.textContent === 'Feito.');
    const editalId = await page.inputValue('#habilitacao-edital');
    expect(editalId).toMatch(/^\d+$/);
    await page.click('#form-habilitacao >> xpath=.. >> summary');
    await page.fill('#habilitacao-precatorio', other.numero);
    await page.fill('#habilitacao-beneficiario', other.beneficiarios[0]!.id);
    await page.fill('#habilitacao-desagio', '0.30');
    await page.fill('#habilitacao-data', '2025-11-05');
    await page.click('#form-habilitacao button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#habilitacao-resultado')?.textContent === 'Feito.');
    await page.click('#form-chamada >> xpath=.. >> summary');
    expect(await page.inputValue('#chamada-edital')).toBe(editalId);
    await page.fill('#chamada-data', '2025-11-06');
    await page.click('#form-chamada button[type=submit]');
    // This registry has no indices: the call cannot liquidate the acordo on the date (R7.7), and
    // the server's reason is shown beside "Data".
    await page.waitForSelector('#chamada-data-erro:not([hidden])');
    expect(await page.textContent('#chamada-data-erro')).toContain('índices não carregados');
    expect(await seriousViolations(page)).toEqual([]);

    // Signing out forgets the token.
    await page.click('#sair');
    expect(await page.evaluate(() => sessionStorage.getItem('precatorios.token-equipe'))).toBeNull();
    expect(await page.isHidden('#acoes-formularios')).toBe(true);
    await context.close();
  });

  it('the scenario has the RPV-ceiling lever: sent as cenario.tetoRpv, named in the result; a bad ceiling is caught in the form', async () => {
    const { context, page } = await tab(1366);
    await openDebtor(page, 'estado-do-para');
    await page.fill('#sim-variacao', '0');
    await page.fill('#sim-rpv', 'muito');
    await page.click('#simular');
    await page.waitForSelector('#simulacao-status.erro');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sim-rpv');
    await page.fill('#sim-rpv', '30.000,00');
    await page.fill('#sim-rpv-desde', '2026-01');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/simulacoes') && r.request().method() === 'POST'),
      page.click('#simular'),
    ]);
    expect(response.status()).toBe(200);
    const sent = JSON.parse(response.request().postData()!) as { cenario: { tetoRpv: unknown; variacaoFinanciamentoPct?: string } };
    expect(sent.cenario.tetoRpv).toEqual({ valor: '30000.00', desde: '2026-01' });
    expect(sent.cenario.variacaoFinanciamentoPct).toBeUndefined();
    await page.waitForFunction(() => /teto de RPV/.test(document.querySelector('#simulacao-resumo h4')?.textContent ?? ''));
    expect(nbsp(await page.textContent('#simulacao-resumo h4'))).toBe('Cenário: teto de RPV R$ 30.000,00 a partir de 01/2026');
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('the scenario levers for a new superpreference and a new precatório: sent to the API, named in the result, bad input caught (1366 and 375 px, axe)', async () => {
    for (const width of WIDTHS) {
      const { context, page } = await tab(width);
      await openDebtor(page, 'estado-do-para');
      const alimentar = ctx.input.precatorios.find(
        (p) =>
          p.enteId === 'estado-do-para' && p.status === 'ativo' && p.natureza === 'alimentar' && p.beneficiarios.some((b) => b.titularidade !== 'cessionario'),
      )!;
      await page.fill('#sim-variacao', '0');
      // Its 20 digits with the check digits changed: refused in the form, naming them.
      const digits = alimentar.numero.replace(/\D/g, '');
      const wrong = `${digits.slice(0, 7)}${String((Number(digits.slice(7, 9)) + 1) % 100).padStart(2, '0')}${digits.slice(9)}`;
      await page.fill('#sim-sp', wrong);
      await page.click('#simular');
      await page.waitForSelector('#simulacao-status.erro');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('sim-sp');
      expect(await page.textContent('#simulacao-status')).toContain('dígito');
      // The 20 digits of the número are accepted, as in the lookup.
      await page.fill('#sim-sp', alimentar.numero.replace(/\D/g, ''));
      await page.fill('#sim-sp-desde', '2026-02-01');
      await page.selectOption('#sim-sp-motivo', 'deficiencia');
      await page.fill('#sim-extra', 'muito');
      await page.click('#simular');
      await page.waitForFunction(() => document.activeElement?.id === 'sim-extra');
      await page.fill('#sim-extra', '250.000,00');
      await page.fill('#sim-extra-data', '2025-03-10');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/simulacoes') && r.request().method() === 'POST'),
        page.click('#simular'),
      ]);
      expect(response.status(), await response.text()).toBe(200);
      const sent = JSON.parse(response.request().postData()!) as { cenario: { superpreferencias: unknown; precatoriosExtras: unknown } };
      expect(sent.cenario.superpreferencias).toEqual([{ numero: alimentar.numero, motivo: 'deficiencia', desde: '2026-02-01' }]);
      expect(sent.cenario.precatoriosExtras).toEqual([
        { numero: 'novo-precatorio-do-cenario', natureza: 'alimentar', valor: '250000.00', apresentadoEm: '2025-03-10' },
      ]);
      await page.waitForFunction(() => /superpreferência/.test(document.querySelector('#simulacao-resumo h4')?.textContent ?? ''));
      const title = nbsp(await page.textContent('#simulacao-resumo h4'));
      expect(title).toContain(`superpreferência no ${alimentar.numero} (01/02/2026)`);
      expect(title).toContain('novo alimentar de R$ 250.000,00 (10/03/2025)');
      expect(await noHorizontalOverflow(page)).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      await context.close();
    }
  });

  it('the import screen passes axe at 1366 and 375 px, also with an error shown', async () => {
    for (const width of WIDTHS) {
      const { context, page } = await tab(width);
      await page.goto(`${base}/#/importar`);
      await page.waitForSelector('#importar-form');
      expect(await seriousViolations(page)).toEqual([]);
      await page.click('#importar-form button');
      await page.waitForSelector('#importar-status.erro');
      expect(await page.textContent('#importar-status')).toBe('Informe o token da equipe.');
      expect(await noHorizontalOverflow(page)).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      await context.close();
    }
  });

  it('the creditor page passes axe at 1366 and 375 px (README picture)', async () => {
    const open = ctx.input.precatorios.find((p) => p.enteId === 'estado-do-para' && p.status === 'ativo')!;
    for (const width of WIDTHS) {
      const { context, page } = await tab(width);
      await page.goto(`${base}/#/consulta/${encodeURIComponent(open.numero)}`);
      await page.waitForSelector('#consulta-previsao-bloco:not([aria-busy]) #consulta-previsao');
      expect(await noHorizontalOverflow(page)).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({
        path: join(width === 1366 ? DOCS : SHOTS, width === 1366 ? 'consulta-do-credor.png' : 'consulta-375.png'),
        fullPage: width === 375,
      });
      await context.close();
    }
  });

  it('a staff session (a debtor, 3 pages, a scenario, 30 lookups) needs a handful of requests per screen and meets no limit', async () => {
    const { context, page, api } = await tab(1366);
    const step = async (fn: () => Promise<void>) => {
      const from = api.length;
      await fn();
      // Let late answers (chart, account) land before counting.
      await page.waitForLoadState('networkidle');
      return api.slice(from);
    };
    await page.goto(`${base}/#/painel`);
    await signIn(page);
    const debtor = await step(() => openDebtor(page, 'estado-do-para'));
    const pages = await step(async () => {
      for (const n of [2, 3, 4]) {
        await page.click('#proxima');
        await page.waitForFunction((k) => document.querySelector('#pagina-info')?.textContent?.startsWith(`Página ${k} `), n);
      }
    });
    const scenario = await step(async () => {
      await page.fill('#sim-variacao', '50');
      await page.click('#simular');
      await page.waitForFunction(() => /\+50/.test(document.querySelector('#simulacao-resumo h4')?.textContent ?? ''));
    });
    const numeros = ctx.input.precatorios.filter((p) => p.enteId === 'estado-do-para' && p.status === 'ativo').map((p) => p.numero);
    expect(numeros.length).toBeGreaterThanOrEqual(30);
    const lookups: { url: string; status: number }[][] = [];
    for (const n of numeros.slice(0, 30)) {
      lookups.push(
        await step(async () => {
          await page.goto(`${base}/#/consulta/${encodeURIComponent(n)}`);
          await page.waitForSelector('#consulta-previsao-bloco:not([aria-busy]) #consulta-previsao');
        }),
      );
    }
    const perLookup = lookups.map((l) => l.length);
    const simulations = [...scenario, ...lookups.flat()].filter((r) => r.url.endsWith('/api/simulacoes')).length;
    console.log(
      `requisições por tela: ente ${debtor.length}, 3 páginas ${pages.length}, cenário ${scenario.length}, consultas ${Math.min(...perLookup)}–${Math.max(...perLookup)} (${perLookup.reduce((a, b) => a + b, 0)} em 30); simulações ${simulations}`,
    );
    // A handful per screen: the debtor's figures, list, chart, lists and projection; one per page; one per scenario.
    expect(debtor.length).toBeLessThanOrEqual(8);
    expect(pages.length).toBe(3);
    expect(scenario.length).toBe(1);
    expect(Math.max(...perLookup)).toBeLessThanOrEqual(4);
    // More simulations than the public budget (20 a minute per address) — and not one refused.
    expect(simulations).toBeGreaterThan(DEFAULT_RATE_LIMITS.simulacoes.limit);
    expect(api.filter((r) => r.status === 429)).toEqual([]);
    await context.close();

    // The same lookups without the staff session do meet the public limit: the budget above is the token's doing.
    const anon = await tab(1366);
    for (const n of numeros.slice(0, 30)) {
      await anon.page.goto(`${base}/#/consulta/${encodeURIComponent(n)}`);
      await anon.page.waitForSelector('#consulta-previsao-bloco:not([aria-busy])');
      if (anon.api.some((r) => r.status === 429)) break;
    }
    expect(anon.api.some((r) => r.status === 429)).toBe(true);
    await anon.context.close();
  });
});
