// Goal: the public API refuses a flooding client with 429, Retry-After and a Portuguese reason, per
// client address; staff with a valid token are never limited; simulations have their own budget;
// X-Forwarded-For counts only behind a trusted proxy; the real node server supplies the address.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../src/api/serve.ts';
import type { Db } from '../../src/storage/db.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { staffHeaders } from '../support/api.ts';
import { GENERATED_ENTE, appOver, fromAddress, peopleRegistryArb, seed } from './fixtures.ts';

const ENTE = GENERATED_ENTE(1);
let db: Db;
let numero: string;
beforeAll(async () => {
  db = await openDatabase({ pgliteDir: 'memory://' });
  const [precatorios] = fc.sample(peopleRegistryArb(ENTE, 6, 0), { seed: 7, numRuns: 1 });
  await seed(db, [ENTE], precatorios!);
  numero = precatorios![0]!.numero;
}, 60_000);
afterAll(async () => {
  await db.close();
});

function limitedApp(limits: { consultas?: string; simulacoes?: string; confiarProxy?: number } = {}) {
  let now = 0;
  const rule = (text: string | undefined) => (text ? { limit: Number(text.split('/')[0]), windowMs: Number(text.split('/')[1]) * 1000 } : null);
  const { app } = appOver(db, {
    consultas: rule(limits.consultas ?? '3/60'),
    simulacoes: rule(limits.simulacoes ?? '1/60'),
    confiarProxy: limits.confiarProxy ?? 0,
    agora: () => now,
  });
  return { app, advance: (ms: number) => (now += ms) };
}

const lookup = (app: ReturnType<typeof limitedApp>['app'], address: string, headers: Record<string, string> = {}) =>
  app.request(`/api/precatorios/${encodeURIComponent(numero)}`, { headers }, fromAddress(address));

const simulate = (app: ReturnType<typeof limitedApp>['app'], address: string) =>
  app.request(
    '/api/simulacoes',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enteId: ENTE.id, de: '2026-01', ate: '2026-12', financiamento: { tipo: 'deposito-mensal', valor: '1000.00' } }),
    },
    fromAddress(address),
  );

describe('public lookup under a limit of 3 per minute', () => {
  it('answers 429 with Retry-After and a Portuguese reason to the 4th request, and 200 again once Retry-After has passed', async () => {
    const { app, advance } = limitedApp();
    for (let i = 0; i < 3; i++) {
      expect((await lookup(app, '198.51.100.10')).status).toBe(200);
      advance(1_000);
    }
    const refused = await lookup(app, '198.51.100.10');
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    // First request at 0 s in a one-second slot: free again at 61 s; now is 3 s.
    expect(retryAfter).toBe(58);
    expect(await refused.json()).toEqual({
      erro: 'limite-excedido',
      campo: null,
      motivo: 'muitas requisições deste endereço: o limite é de 3 a cada 60 s; tente de novo em 58 s',
    });
    advance(retryAfter * 1000 - 1_000);
    expect((await lookup(app, '198.51.100.10')).status).toBe(429);
    advance(1_000);
    expect((await lookup(app, '198.51.100.10')).status).toBe(200);
  });

  it('counts each address on its own, and every public GET spends the same budget', async () => {
    const { app } = limitedApp();
    await app.request('/api/entes', {}, fromAddress('198.51.100.20'));
    await app.request(`/api/entes/${ENTE.id}/fila`, {}, fromAddress('198.51.100.20'));
    await app.request(`/api/entes/${ENTE.id}/fila.csv`, {}, fromAddress('198.51.100.20'));
    expect((await lookup(app, '198.51.100.20')).status).toBe(429);
    expect((await lookup(app, '198.51.100.21')).status).toBe(200);
  });

  it('never limits staff with a valid token; a wrong token is just another public client', async () => {
    const { app } = limitedApp({ consultas: '1/60' });
    for (let i = 0; i < 10; i++) expect((await lookup(app, '198.51.100.30', { authorization: staffHeaders.authorization })).status).toBe(200);
    expect((await lookup(app, '198.51.100.30', { authorization: 'Bearer errado' })).status).toBe(200);
    expect((await lookup(app, '198.51.100.30', { authorization: 'Bearer errado' })).status).toBe(429);
  });

  it('limits attempts at staff routes without a valid token (no token guessing at full speed)', async () => {
    const { app } = limitedApp({ consultas: '2/60' });
    const attempt = () =>
      app.request(
        `/api/precatorios/${encodeURIComponent(numero)}/cancelamento`,
        { method: 'POST', headers: { authorization: 'Bearer chute' }, body: '{}' },
        fromAddress('198.51.100.40'),
      );
    expect((await attempt()).status).toBe(403);
    expect((await attempt()).status).toBe(403);
    expect((await attempt()).status).toBe(429);
  });

  it('gives simulations their own budget: spending it leaves lookups alone, and the reverse', async () => {
    const { app } = limitedApp({ consultas: '1/60', simulacoes: '1/60' });
    expect((await simulate(app, '198.51.100.50')).status).toBe(200);
    const refused = await simulate(app, '198.51.100.50');
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { motivo: string }).motivo).toMatch(/^muitas simulações deste endereço: o limite é de 1 a cada 60 s/);
    expect((await lookup(app, '198.51.100.50')).status).toBe(200);
    expect((await lookup(app, '198.51.100.50')).status).toBe(429);
    expect((await simulate(app, '198.51.100.51')).status).toBe(200);
  });

  it('ignores X-Forwarded-For unless a proxy is trusted; then a forged left part gains nothing', async () => {
    const direct = limitedApp({ consultas: '1/60' }).app;
    expect((await lookup(direct, '198.51.100.60', { 'x-forwarded-for': '1.1.1.1' })).status).toBe(200);
    expect((await lookup(direct, '198.51.100.60', { 'x-forwarded-for': '2.2.2.2' })).status).toBe(429);

    const proxied = limitedApp({ consultas: '1/60', confiarProxy: 1 }).app;
    expect((await lookup(proxied, '10.0.0.1', { 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
    expect((await lookup(proxied, '10.0.0.1', { 'x-forwarded-for': '9.9.9.9, 203.0.113.1' })).status).toBe(429);
    expect((await lookup(proxied, '10.0.0.1', { 'x-forwarded-for': '203.0.113.2' })).status).toBe(200);
  });

  it('lets a browser page on an allowed origin read Retry-After (CORS exposes it)', async () => {
    const { app } = appOver(db, { consultas: { limit: 1, windowMs: 60_000 }, agora: () => 0 }, ['https://painel.exemplo.jus.br']);
    const ask = () =>
      app.request(`/api/precatorios/${encodeURIComponent(numero)}`, { headers: { origin: 'https://painel.exemplo.jus.br' } }, fromAddress('198.51.100.80'));
    expect((await ask()).status).toBe(200);
    const refused = await ask();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://painel.exemplo.jus.br');
    expect(refused.headers.get('access-control-expose-headers')).toBe('Retry-After,X-Precatorios-Demonstracao');
  });

  it('adds nothing when no limit is configured', async () => {
    const { app } = appOver(db);
    for (let i = 0; i < 5; i++) expect((await lookup(app as never, '198.51.100.70')).status).toBe(200);
  });
});

describe('over a real socket', () => {
  it('counts the connection address that @hono/node-server reports', async () => {
    const { app } = limitedApp({ consultas: '1/60' });
    const server = await listen(app, 0);
    try {
      const url = `http://127.0.0.1:${server.port}/api/precatorios/${encodeURIComponent(numero)}`;
      expect((await fetch(url)).status).toBe(200);
      const second = await fetch(url, { headers: { 'x-forwarded-for': '7.7.7.7' } });
      expect(second.status).toBe(429);
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
