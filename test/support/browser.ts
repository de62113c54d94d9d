// What every browser test needs: the dashboard freshly built with Vite into a temporary folder
// (not whatever dist/web holds), served beside the API the way `servir` serves it, and Debian's
// headless Chromium driven by playwright-core.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Env, Hono } from 'hono';
import { type Browser, type Page, chromium } from 'playwright-core';
import { build } from 'vite';
import { serveDashboard } from '../../src/api/serve.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** Builds the web app and registers it on `app` — call before any request builds the router. */
export async function serveFreshDashboard<E extends Env>(app: Hono<E>): Promise<{ remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'painel-'));
  await build({ configFile: resolve('vite.config.ts'), logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } });
  serveDashboard(app, dir);
  return { remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} ausente: instale o pacote Debian "chromium" (o .ci/run instala)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
  });
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's serious and critical violations on the page as it is now (rule id and the first target). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, target: v.nodes[0]?.target.join(' ') ?? '' }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}) em ${v.target}`);
}
