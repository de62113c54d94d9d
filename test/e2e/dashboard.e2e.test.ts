// Goal: the dashboard works in a real browser against the real API — a debtor's list and chart,
// the projected payments with a scenario, a creditor's lookup with its projected date range, the
// import report, at phone width and from the keyboard.
// Headless Debian chromium driven by playwright-core; the web app is built once with Vite's JS API
// into a temporary folder and served beside the API on a random loopback port.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../src/api/serve.ts';
import { launchChromium, serveFreshDashboard } from '../support/browser.ts';
import { formatNumeroCnj } from '../../src/domain/numero-cnj.ts';
import { SqlIndexStore } from '../../src/storage/sql-index-store.ts';
import { SHARED_SERIES, TJAP_JUROS } from '../domain/correction/fixtures.ts';
import { TOKEN, demoApp } from '../support/api.ts';

const SHOTS = resolve('test-output/screenshots');

let ctx: Awaited<ReturnType<typeof demoApp>>;
let server: Awaited<ReturnType<typeof listen>>;
let browser: Browser;
let page: Page;
let dashboard: Awaited<ReturnType<typeof serveFreshDashboard>> | undefined;
let base: string;

beforeAll(async () => {
  ctx = await demoApp();
  dashboard = await serveFreshDashboard(ctx.app);
  server = await listen(ctx.app, 0);
  base = `http://127.0.0.1:${server.port}`;
  await mkdir(SHOTS, { recursive: true });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'pt-BR' });
  page.setDefaultTimeout(10_000);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.db.close();
  await dashboard?.remove();
});

/** Counts canvas pixels that are not fully transparent: Chart.js drew something. */
const paintedPixels = (p: Page, selector = '#grafico-estoque') =>
  p.$eval(selector, (c) => {
    const canvas = c as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return n;
  });

/** Presses Tab until the element with `id` has focus (or gives up). */
async function tabTo(p: Page, id: string, max = 40): Promise<boolean> {
  for (let i = 0; i < max; i++) {
    await p.keyboard.press('Tab');
    if ((await p.evaluate(() => document.activeElement?.id)) === id) return true;
  }
  return false;
}

/** Intl writes "R$\u00a060.720,00" (no-break space); compare with plain spaces. */
const nbsp = (text: string | null) => (text ?? '').replace(/\u00a0/g, ' ');

const noHorizontalOverflow = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('dashboard in chromium', () => {
  let numero = '';
  let firstYear = '';
  let firstNatureza = '';

  it('picks a debtor and shows its figures, the list with explanations, the chart and the superpreference list', async () => {
    await page.goto(`${base}/#/painel`);
    await page.waitForSelector('#ente option[value="estado-do-para"]', { state: 'attached' });
    await page.selectOption('#ente', 'estado-do-para');
    await page.waitForSelector('#fila tbody tr');
    const resumo = nbsp(await page.textContent('#ente-resumo'));
    expect(resumo).toContain('R$ 60.720,00'); // Pará's RPV ceiling (40 SM)
    expect(resumo).toContain('R$ 303.600,00'); // superpreference cap (5× RPV)
    const rows = page.locator('#fila tbody tr');
    expect(await rows.count()).toBe(25);
    const first = await rows.first().locator('td').allTextContents();
    expect(first[0]).toBe('1');
    // The TJRJ public-list columns (issue 18 §2), then the explanation.
    expect(first[14]).toMatch(/^orçamento \d{4} › /);
    expect(first[10]).toMatch(/^R\$\s[\d.]+,\d{2}$/);
    numero = first[1]!;
    firstYear = first[4]!;
    firstNatureza = first[3]!;
    expect(await page.textContent('#pagina-info')).toMatch(/^Página 1 de \d+$/);

    await page.waitForFunction(() => /Estoque/.test(document.querySelector('#grafico-status')?.textContent ?? ''));
    expect(await paintedPixels(page)).toBeGreaterThan(2000);
    await page.waitForSelector('#superpreferencias tbody tr');
    expect(nbsp(await page.textContent('#super-status'))).toMatch(/parcelas, R\$ [\d.]+,\d{2} no total/);
    await page.screenshot({ path: join(SHOTS, '01-painel-ente.png'), fullPage: true });
  });

  it('pages and filters the list', async () => {
    await page.click('#proxima');
    await page.waitForFunction(() => document.querySelector('#fila tbody tr td')?.textContent === '26');
    // The first row's year and natureza: the filtered list cannot be empty.
    await page.selectOption('#filtro-natureza', firstNatureza);
    await page.selectOption('#filtro-orcamento', firstYear);
    await page.click('#filtros button[type=submit]');
    await page.waitForFunction(
      ([y, n]) => {
        const rows = [...document.querySelectorAll('#fila tbody tr')];
        return (
          rows.length > 0 &&
          rows[0]!.children[0]?.textContent === '1' &&
          rows.every((r) => r.children[4]?.textContent === y && r.children[3]?.textContent === n)
        );
      },
      [firstYear, firstNatureza],
    );
    expect(await page.textContent('#pagina-info')).toMatch(/^Página 1 de /);
    await page.screenshot({ path: join(SHOTS, '02-painel-filtros.png'), fullPage: true });
  });

  it('runs a scenario (+50 % deposit): how many creditors move and by how much, the projection chart and its assumptions', async () => {
    // Picking the debtor already ran the default projection (+20 %).
    await page.waitForSelector('#simulacao-contagens');
    expect(await page.inputValue('#sim-tipo')).toBe('deposito-mensal'); // Pará is in the regime especial
    expect(await page.inputValue('#sim-valor')).toMatch(/^[\d.]+,\d{2}$/);
    await page.fill('#sim-variacao', '50');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/simulacoes') && r.request().method() === 'POST'),
      page.click('#simular'),
    ]);
    const sent = JSON.parse(response.request().postData()!) as {
      financiamento: { tipo: string; valor: string };
      cenario: { variacaoFinanciamentoPct: string };
    };
    expect(sent.cenario.variacaoFinanciamentoPct).toBe('50');
    const body = (await response.json()) as { premissas: string[]; cenario: { resumo: Record<string, number>; mediaMeses: number } };
    await page.waitForFunction(() => /\+50/.test(document.querySelector('#simulacao-resumo h4')?.textContent ?? ''));

    const r = body.cenario.resumo;
    expect(r['adiado']).toBe(0); // more money pays nobody later
    const moved = r['antecipado']! + r['adiado']! + r['entra-no-horizonte']! + r['sai-do-horizonte']!;
    expect(moved).toBeGreaterThan(0);
    expect(await page.textContent('#simulacao-movidos-texto')).toBe(`${moved} de 240 credores mudam de data no cenário.`);
    const media = (await page.textContent('#simulacao-media'))!;
    expect(body.cenario.mediaMeses).toBeLessThan(0);
    expect(media).toContain(`Em média, ${body.cenario.mediaMeses.toFixed(1).replace('.', ',')} meses`);
    expect(media).toMatch(/maior antecipação: \d+ meses/);
    expect(await page.textContent('#simulacao-contagens')).toContain(`recebem antes${r['antecipado']}`);
    // Each row of the moved list: paid earlier (negative months) or entering the horizon.
    const shifts = await page.locator('#simulacao-tabela tbody tr td:last-child').allTextContents();
    expect(shifts.length).toBe(moved);
    expect(shifts.every((t) => /^-\d+$/.test(t) || t === 'passam a receber no horizonte')).toBe(true);

    expect(await paintedPixels(page, '#grafico-projecao')).toBeGreaterThan(2000);
    expect(await page.locator('#simulacao-premissas li').count()).toBe(body.premissas.length);
    expect(await page.textContent('#simulacao-premissas')).toContain('Projeção, não promessa');
    await page.locator('section[aria-labelledby="h-projecao"]').screenshot({ path: join(SHOTS, '10-projecao-cenario.png') });

    // A value the API would refuse is caught in the form, with focus on the field.
    await page.fill('#sim-valor', 'muito');
    await page.click('#simular');
    await page.waitForSelector('#simulacao-status.erro');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sim-valor');
  });

  it('looks up a número and reads its position, the amount ahead and the history', async () => {
    await page.goto(`${base}/#/consulta`);
    await page.fill('#numero', numero);
    await page.press('#numero', 'Enter');
    await page.waitForSelector('#consulta-posicao');
    expect(await page.textContent('#consulta-posicao')).toBe('Seu precatório está em 1º lugar entre 240 na lista de pagamentos de Estado do Pará.');
    const text = (await page.textContent('#consulta-resultado'))!;
    expect(text).toContain('Antes do restante deste precatório serão pagos');
    expect(text).toContain('registrado na lista (importação)');
    // No indices loaded in this registry: the server's reason is shown instead of the memória.
    expect(text).toContain('Valor corrigido indisponível: índices ainda não carregados');
    expect(text).toMatch(/\*\*\*\.\d{3}\.\d{3}-\*\*/); // masked CPF only
    // The projected date range: two funding levels, stated as a projection with its assumptions.
    await page.waitForSelector('#consulta-previsao');
    expect(await page.textContent('#consulta-previsao')).toMatch(/^Quitação prevista (entre \d{2}\/\d{4} e \d{2}\/\d{4}|em \d{2}\/\d{4})\.$/);
    const previsao = nbsp(await page.textContent('#consulta-previsao-bloco'));
    expect(previsao).toMatch(/20 % abaixo.*20 % acima/);
    expect(previsao).toContain('não uma promessa');
    await page.screenshot({ path: join(SHOTS, '03-consulta-credor.png'), fullPage: true });
    await page.click('#consulta-previsao-bloco summary');
    expect(await page.locator('#consulta-previsao-bloco li').count()).toBeGreaterThan(5);
    await page.locator('#consulta-previsao-bloco').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, '11-consulta-previsao.png') });

    // A valid número (right check digits) that is not in the registry.
    await page.fill('#numero', formatNumeroCnj(9_999_999, 2020, 8, 14, 301));
    await page.click('#consulta-form button');
    await page.waitForSelector('#consulta-status.erro');
    expect(await page.textContent('#consulta-status')).toContain('não encontrado');
    await page.screenshot({ path: join(SHOTS, '04-consulta-nao-encontrado.png'), fullPage: true });
  });

  it('shows the corrected value with the memória de cálculo once the indices are loaded', async () => {
    await new SqlIndexStore(ctx.db).put([...SHARED_SERIES, TJAP_JUROS]);
    // Not modulated (data-base after 2015): the shared TR series starts only in 2022 (R5.5).
    const p = ctx.input.precatorios.find((x) => x.status === 'ativo' && x.dataBase && x.dataBase >= '2015-06' && x.dataBase <= '2021-06')!;
    const expected = (await (await ctx.app.request(`/api/precatorios/${p.numero}`)).json()) as { valorCorrigido: { total: string; memoria: unknown[] } };
    await page.goto(`${base}/#/consulta/${encodeURIComponent(p.numero)}`);
    // The memória is one click away (a <details>), the amount owed shown before it.
    await page.waitForSelector('#memoria-detalhes');
    await page.click('#memoria-detalhes summary');
    await page.waitForSelector('#memoria tbody tr');
    expect(await page.locator('#memoria tbody tr').count()).toBe(expected.valorCorrigido.memoria.length);
    const reais = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' }).format(Number(expected.valorCorrigido.total));
    expect(await page.textContent('#consulta-resultado')).toContain(reais);
    await page.screenshot({ path: join(SHOTS, '09-consulta-memoria-calculo.png'), fullPage: true });
  });

  it('creditor page at 1366 and 375 px: 20 digits accepted, check digits refused, paid in words, certidão', async () => {
    const shots = mkdtempSync(join(tmpdir(), 'credor-'));
    const digits = numero.replace(/\D/g, '');
    for (const width of [1366, 375]) {
      await page.setViewportSize({ width, height: 900 });
      // The 20 digits with spaces: read by the core's CNJ parser, canonical número in the address.
      await page.goto(`${base}/#/consulta`);
      await page.fill('#numero', `${digits.slice(0, 7)} ${digits.slice(7, 9)} ${digits.slice(9, 13)}.${digits.slice(13)}`);
      await page.press('#numero', 'Enter');
      await page.waitForSelector('#consulta-posicao');
      expect(decodeURIComponent(await page.evaluate(() => location.hash))).toBe(`#/consulta/${numero}`);
      expect(await page.textContent('#consulta-contato')).toContain('Coordenadoria de Precatórios');
      expect(await page.getAttribute('#consulta-feed', 'href')).toBe(`/api/precatorios/${encodeURIComponent(numero)}/feed.atom`);
      await page.waitForSelector('#consulta-previsao');
      expect(await noHorizontalOverflow(page)).toBe(true);
      await page.screenshot({ path: join(shots, `credor-${width}.png`), fullPage: true });
      // The certidão: print media shows the list's date and the premises, hides the form.
      await page.emulateMedia({ media: 'print' });
      expect(await page.isVisible('.certidao-cabecalho')).toBe(true);
      expect(await page.isVisible('#consulta-form')).toBe(false);
      expect(nbsp(await page.textContent('.certidao-cabecalho'))).toMatch(/lista publicada em \d{2}\/\d{2}\/\d{4}/);
      expect(await page.locator('ul.premissas.so-impressao li').count()).toBeGreaterThan(5);
      await page.screenshot({ path: join(shots, `certidao-${width}.png`), fullPage: true });
      await page.emulateMedia({ media: 'screen' });

      // Wrong check digits: said so, with no request to the server.
      const wrong = `${digits.slice(0, 7)}${String((Number(digits.slice(7, 9)) + 1) % 100).padStart(2, '0')}${digits.slice(9)}`;
      await page.fill('#numero', wrong);
      await page.click('#consulta-form button');
      await page.waitForSelector('#consulta-status.erro');
      expect(await page.textContent('#consulta-status')).toContain('dígitos verificadores não conferem');
      expect(await page.getAttribute('#numero', 'aria-invalid')).toBe('true');
    }

    // A paid precatório in words: no "R$ 0,00", no provisional notice, no raw code.
    const paid = ctx.input.precatorios.find((x) => x.status === 'pago')!;
    await page.goto(`${base}/#/consulta/${encodeURIComponent(paid.numero)}`);
    await page.waitForSelector('#consulta-situacao');
    expect(await page.textContent('#consulta-situacao')).toContain('já foi pago por completo');
    const paidText = nbsp(await page.textContent('#consulta-resultado'));
    expect(paidText).not.toContain('R$ 0,00');
    expect(paidText).not.toContain('Valores provisórios');
    expect(paidText).not.toMatch(/\b[A-Z]+_[A-Z_]+\b|originario|cessionario\b/);
    await page.screenshot({ path: join(shots, 'credor-pago-375.png'), fullPage: true });

    // At 375 px the memória's rows stack: every cell is wide enough to read, the page does not scroll sideways.
    const open = ctx.input.precatorios.find((x) => x.status === 'ativo' && x.dataBase && x.dataBase >= '2015-06' && x.dataBase <= '2021-06')!;
    await page.goto(`${base}/#/consulta/${encodeURIComponent(open.numero)}`);
    await page.waitForSelector('#memoria-detalhes');
    await page.click('#memoria-detalhes summary');
    const widths = await page.$$eval('#memoria td', (tds) => tds.map((td) => td.getBoundingClientRect().width));
    expect(widths.length).toBeGreaterThan(0);
    expect(Math.min(...widths)).toBeGreaterThan(250);
    expect(await noHorizontalOverflow(page)).toBe(true);
    const memoriaText = await page.textContent('#memoria');
    expect(memoriaText).not.toMatch(/\b(SEM_GRACA|ANTES_GRACA|APOS_GRACA)\b/);
    await page.screenshot({ path: join(shots, 'credor-memoria-375.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    console.log(`capturas da página do credor em ${shots}`);
  });

  it('imports a CSV with the staff token and shows the per-row error report', async () => {
    await page.goto(`${base}/#/importar`);
    await page.fill('#token', 'token-errado');
    await page.setInputFiles('#arquivo', resolve('test/fixtures/projeto-com-erros.csv'));
    await page.click('#importar-form button');
    await page.waitForSelector('#importar-status.erro');
    await page.fill('#token', TOKEN);
    // Record every status text the page shows while it uploads and waits for the server.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __statuses: string[] }).__statuses = seen;
      const el = document.getElementById('importar-status')!;
      new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
    });
    await page.click('#importar-form button');
    await page.waitForSelector('#importar-relatorio table');
    const statuses = await page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);
    expect(statuses.some((t) => /Enviando .* KB… \d+ %|validando e gravando/.test(t))).toBe(true);
    // The server's progress (issue 18 §2): precatórios written and the share of the file read, on a bar.
    expect(statuses.some((t) => /Validando e gravando: \d+ precatórios gravados, 100 % do arquivo lido/.test(t))).toBe(true);
    expect(await page.getAttribute('#importar-barra', 'value')).toBe('100');
    const report = (await page.textContent('#importar-relatorio'))!;
    expect(report).toMatch(/linhas lidas/);
    expect(report).toMatch(/linhas rejeitadas/);
    expect(await page.locator('#importar-relatorio tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, '05-importacao-relatorio.png'), fullPage: true });
  });

  it('lists the precatórios an import did not overwrite because staff changed them', async () => {
    const numero = '0000004-40.2023.8.14.0301';
    const headers = { authorization: `Bearer ${TOKEN}` };
    const csv = readFileSync(resolve('test/fixtures/projeto-valido.csv'), 'utf8');
    expect((await ctx.app.request('/api/importacoes', { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: csv })).status).toBe(200);
    const paid = await ctx.app.request(`/api/precatorios/${numero}/pagamentos`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ beneficiarioId: `${numero}#1`, valor: '500.00', pagoEm: '2025-11-20' }),
    });
    expect(paid.status).toBe(201);
    // The court's next file still shows the old state of that precatório, with a new process number.
    const dir = mkdtempSync(join(tmpdir(), 'e2e-recusa-'));
    const file = join(dir, 'reimportacao.csv');
    writeFileSync(
      file,
      csv.replace(
        `${numero},estado-do-para,Estado do Pará,estadual,especial,comum,não,2023-05-11T08:00,2023-05-01,2023-04,2000.00,ativo,,`,
        `${numero},estado-do-para,Estado do Pará,estadual,especial,comum,não,2023-05-11T08:00,2023-05-01,2023-04,2000.00,ativo,proc-novo,`,
      ),
    );
    await page.goto(`${base}/#/importar`);
    await page.fill('#token', TOKEN);
    await page.setInputFiles('#arquivo', file);
    await page.click('#importar-form button');
    await page.waitForSelector('#importar-relatorio table');
    const report = (await page.textContent('#importar-relatorio'))!;
    expect(report).toMatch(/1 precatório não foi sobrescrito/);
    expect(report).toContain(numero);
    expect(report).toMatch(/pagamento-cronologica/);
    await page.screenshot({ path: join(SHOTS, '12-importacao-recusados.png'), fullPage: true });
  });

  it('shows the special account as art. 82 publishes it: deposits, balances with their date, payments made, a CSV link', async () => {
    const staff = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const deposit = await ctx.app.request('/api/entes/municipio-de-belem/conta-especial/depositos', {
      method: 'POST',
      headers: staff,
      body: JSON.stringify({ data: '2025-11-03', valor: '350000.01', documento: 'extrato BB nov/2025' }),
    });
    expect(deposit.status).toBe(201);
    await page.goto(`${base}/#/painel`);
    await page.waitForSelector('#ente option[value="municipio-de-belem"]', { state: 'attached' });
    await page.selectOption('#ente', 'municipio-de-belem');
    await page.waitForSelector('#conta-depositos tbody tr');
    const saldos = nbsp(await page.textContent('#conta-saldos'));
    // Belém has an acordo regulation (R7.5): half to each account, the list's half rounded up.
    expect(saldos).toContain('03/11/2025');
    expect(saldos).toContain('R$ 175.000,01');
    expect(saldos).toContain('R$ 175.000,00');
    const cells = (await page.locator('#conta-depositos tbody tr').first().locator('td').allTextContents()).map(nbsp);
    expect(cells).toEqual(['03/11/2025', 'R$ 350.000,01', 'R$ 175.000,01', 'R$ 175.000,00', 'R$ 0,00 / R$ 0,00', 'extrato BB nov/2025']);
    expect(await page.getAttribute('#conta-csv a', 'href')).toBe('/api/entes/municipio-de-belem/conta-especial?formato=csv');
    await page.screenshot({ path: join(SHOTS, '08-conta-especial.png'), fullPage: true });
  });

  it('fits a 375 px phone screen without horizontal scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${base}/#/painel`);
    await page.waitForSelector('#ente option[value="estado-do-para"]', { state: 'attached' });
    await page.selectOption('#ente', 'estado-do-para');
    await page.waitForSelector('#fila tbody tr');
    await page.waitForFunction(() => /Estoque/.test(document.querySelector('#grafico-status')?.textContent ?? ''));
    await page.waitForSelector('#simulacao-contagens');
    expect(await noHorizontalOverflow(page)).toBe(true);
    expect(await paintedPixels(page)).toBeGreaterThan(1000);
    await page.screenshot({ path: join(SHOTS, '06-celular-painel.png'), fullPage: true });

    await page.goto(`${base}/#/consulta/${encodeURIComponent(numero)}`);
    await page.waitForSelector('#consulta-posicao');
    expect(await noHorizontalOverflow(page)).toBe(true);
    await page.screenshot({ path: join(SHOTS, '07-celular-consulta.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('is reachable from the keyboard: Tab gets to the debtor picker and to the lookup field', async () => {
    await page.goto(`${base}/#/painel`);
    await page.waitForSelector('#ente option[value="estado-do-para"]', { state: 'attached' });
    expect(await tabTo(page, 'ente')).toBe(true);
    await page.keyboard.press('ArrowDown'); // chooses the first debtor without the mouse
    await page.waitForSelector('#fila tbody tr');

    await page.goto(`${base}/#/consulta`);
    expect(await tabTo(page, 'numero')).toBe(true);
    await page.keyboard.type(numero);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#consulta-posicao');
    const outline = await page.$eval('#numero', (n) => getComputedStyle(n).outlineStyle);
    expect(outline).not.toBe('none');
    await page.screenshot({ path: join(SHOTS, '08-teclado-consulta.png') });
  });

  it('forecasts from the plan staff registered, when there is one, and says so (issue 17 §4)', async () => {
    const staff = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const funding = await ctx.app.request('/api/entes/estado-do-para/financiamento', {
      method: 'POST',
      headers: staff,
      body: JSON.stringify({ tipo: 'deposito-mensal', valor: '5000000.00', vigenteDesde: '2025-01-01' }),
    });
    expect(funding.status).toBe(201);
    await page.goto(`${base}/#/painel`);
    await page.reload();
    await page.goto(`${base}/#/consulta/${encodeURIComponent(numero)}`);
    await page.waitForSelector('#consulta-previsao-bloco:not([aria-busy]) #consulta-previsao');
    const previsao = nbsp(await page.textContent('#consulta-previsao-bloco'));
    expect(previsao).toContain('plano de pagamento cadastrado');
    expect(previsao).toContain('depósito mensal de R$ 5.000.000,00');
    expect(previsao).toContain('depósito mensal de R$ 4.000.000,00');
    expect(previsao).not.toContain('estimativa do painel');
    expect(await page.textContent('#consulta-previsao')).toMatch(/^Quitação prevista (entre \d{2}\/\d{4} e \d{2}\/\d{4}|em \d{2}\/\d{4})\.$/);
  });
});
