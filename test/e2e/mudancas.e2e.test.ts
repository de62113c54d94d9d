// Goal: the creditor's page says "Por que a minha posição mudou" in plain Portuguese (issue 18 §1), in
// a real browser at 1366 and 375 px: the position then and now, each move counted with its reason,
// nothing about the precatórios ahead, and another day chosen from the form; axe-core at both widths.
// Method: as dashboard.e2e — the web app built with Vite, served beside the API, headless Debian
// chromium via playwright-core. The demo import's events are dated back to 2025-11-01 (the app's
// "today" is 2025-11-23), then staff pay two precatórios ahead in full and cancel one.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../src/api/serve.ts';
import { launchChromium, seriousViolations, serveFreshDashboard } from '../support/browser.ts';
import { demoApp, staffHeaders } from '../support/api.ts';

let ctx: Awaited<ReturnType<typeof demoApp>>;
let server: Awaited<ReturnType<typeof listen>>;
let browser: Browser;
let page: Page;
let dashboard: Awaited<ReturnType<typeof serveFreshDashboard>> | undefined;
let base: string;
const moved: string[] = [];
let target = '';

interface Item {
  posicao: number;
  numero: string;
  saldo: string;
}

beforeAll(async () => {
  ctx = await demoApp();
  dashboard = await serveFreshDashboard(ctx.app);
  await ctx.db.exec(
    `alter table events disable trigger events_no_update; update events set at = '2025-11-01T12:00:00-03:00'; alter table events enable trigger events_no_update;`,
  );
  const post = async (path: string, body: unknown) => {
    const res = await ctx.app.request(path, { method: 'POST', headers: staffHeaders, body: JSON.stringify(body) });
    expect(res.status, await res.text()).toBeLessThan(300);
  };
  const list = (await (await ctx.app.request('/api/entes/estado-do-para/fila?tamanho=30')).json()) as { itens: Item[] };
  target = list.itens.find((i) => i.posicao === 25)!.numero;
  const source = (n: string) => ctx.input.precatorios.find((p) => p.numero === n)!;
  for (const item of list.itens.filter((i) => i.posicao > 2 && i.posicao < 25 && source(i.numero).beneficiarios.length === 1).slice(0, 2)) {
    await post(`/api/precatorios/${encodeURIComponent(item.numero)}/pagamentos`, {
      beneficiarioId: source(item.numero).beneficiarios[0]!.id,
      valor: item.saldo,
      pagoEm: '2025-11-21',
    });
    moved.push(item.numero);
  }
  const cancelled = list.itens.find((i) => i.posicao === 1)!.numero;
  await post(`/api/precatorios/${encodeURIComponent(cancelled)}/cancelamento`, { motivo: 'teste' });
  moved.push(cancelled);

  server = await listen(ctx.app, 0);
  base = `http://127.0.0.1:${server.port}`;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'pt-BR' });
  page.setDefaultTimeout(15_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.db.close();
  await dashboard?.remove();
});

const nbsp = (text: string | null) => (text ?? '').replace(/\u00a0/g, ' ');

describe('por que a minha posição mudou, in chromium', () => {
  it('at 1366 and 375 px: then and now, each move counted with its reason, no número of anyone ahead', async () => {
    const shots = mkdtempSync(join(tmpdir(), 'mudancas-'));
    for (const width of [1366, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto('about:blank');
      await page.goto(`${base}/#/consulta/${encodeURIComponent(target)}`);
      await page.waitForSelector('#mudancas-resumo');
      expect(await page.textContent('#h-mudancas')).toBe('Por que a minha posição mudou');
      // Default: the list of 30 days before (2025-10-24), older than the import — registered since.
      expect(await page.inputValue('#mudancas-desde')).toBe('2025-10-24');
      expect(await page.textContent('#mudancas-resumo')).toBe(
        'O precatório foi registrado depois de 24/10/2025; na lista publicada hoje (23/11/2025) está na posição 22.',
      );
      // Another day, from the form.
      await page.fill('#mudancas-desde', '2025-11-20');
      await page.click('#mudancas-form button');
      await page.waitForFunction(() => /subiu/.test(document.querySelector('#mudancas-resumo')?.textContent ?? ''));
      expect(await page.textContent('#mudancas-resumo')).toBe(
        'O precatório estava na posição 25 na lista publicada ao fim de 20/11/2025 e está na posição 22 na lista publicada hoje (23/11/2025): subiu 3 posições.',
      );
      const motivos = (await page.locator('#mudancas-motivos li').allTextContents()).map(nbsp);
      expect(motivos).toHaveLength(2);
      expect(motivos[0]).toMatch(
        /^2 precatórios à frente foram pagos por inteiro na ordem cronológica \(R\$ [\d.]+,\d{2} de valor de face quitados\): subiu 2 posições\.$/,
      );
      expect(motivos[1]).toBe('1 precatório à frente foi cancelado: subiu 1 posição.');
      const section = (await page.textContent('#consulta-mudancas'))!;
      for (const n of moved) expect(section).not.toContain(n);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      // Issue 18 §4: no serious or critical axe-core violation on this screen either.
      expect(await seriousViolations(page)).toEqual([]);
      await page.locator('#consulta-mudancas').scrollIntoViewIfNeeded();
      await page.locator('#consulta-mudancas').screenshot({ path: join(shots, `mudancas-${width}.png`) });
    }
  });

  // Issue 17 §4: the creditor's forecast is the projection of the plan staff registered — the very
  // answer POST /api/simulacoes gives for the same debtor and número (plan and plan 20 % lower).
  it('the forecast is the registered plan’s projection, month for month the simulation’s', async () => {
    const funding = await ctx.app.request('/api/entes/estado-do-para/financiamento', {
      method: 'POST',
      headers: staffHeaders,
      body: JSON.stringify({
        tipo: 'deposito-mensal',
        valor: '900000.00',
        vigenteDesde: '2025-01-01',
        parcelaCronologica: '0.5',
        fundamento: 'plano de teste',
      }),
    });
    expect(funding.status, await funding.text()).toBe(201);
    const sim = await ctx.app.request('/api/simulacoes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        enteId: 'estado-do-para',
        ate: '2045-12',
        numeros: [target],
        tamanho: 1,
        cenario: { nome: '−20 %', variacaoFinanciamentoPct: '-20' },
      }),
    });
    const answer = (await sim.json()) as any;
    expect(answer.financiamento).toMatchObject({ tipo: 'deposito-mensal', valor: '900000.00' });
    const item = answer.precatorios.itens[0];
    const mmYyyy = (ym: string) => `${ym.slice(5, 7)}/${ym.slice(0, 4)}`;
    const [de, ate] = [item.quitacao, item.cenario.quitacao].sort() as [string, string];
    expect(de).toBeTruthy();

    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto('about:blank');
    await page.goto(`${base}/#/consulta/${encodeURIComponent(target)}`);
    await page.waitForSelector('#consulta-previsao-bloco:not([aria-busy]) #consulta-previsao');
    expect(await page.textContent('#consulta-previsao')).toBe(
      de === ate ? `Quitação prevista em ${mmYyyy(de)}.` : `Quitação prevista entre ${mmYyyy(de)} e ${mmYyyy(ate)}.`,
    );
    // It names the plan it assumed, and the acordo assumption of the projection.
    const bloco = nbsp(await page.textContent('#consulta-previsao-bloco'));
    expect(bloco).toContain('R$ 900.000,00');
    expect(bloco).toContain('os credores são chamados na ordem da lista');
  });

  it('a future day is refused in words', async () => {
    await page.setViewportSize({ width: 375, height: 900 });
    await page.goto('about:blank');
    await page.goto(`${base}/#/consulta/${encodeURIComponent(target)}`);
    await page.waitForSelector('#mudancas-resumo');
    await page.evaluate(() => document.querySelector('#mudancas-desde')!.removeAttribute('max'));
    await page.fill('#mudancas-desde', '2025-12-01');
    await page.click('#mudancas-form button');
    await page.waitForSelector('#mudancas-resultado .aviso');
    expect(await page.textContent('#mudancas-resultado .aviso')).toMatch(/^2025-12-01 fora do intervalo aceito/);
  });
});
