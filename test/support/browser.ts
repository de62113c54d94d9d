// What every browser test needs: the dashboard freshly built with Vite into a temporary folder
// (not whatever dist/web holds), served beside the API the way `servir` serves it, and Debian's
// headless Chromium driven by playwright-core.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Env, Hono } from 'hono';
import { type Browser, chromium } from 'playwright-core';
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
