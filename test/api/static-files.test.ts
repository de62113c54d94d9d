// The dashboard's files through Hono's serveStatic, index.html for page paths — and never for /api/*:
// an unknown API path is the JSON 404 (issue 15: it was the dashboard's HTML with 200).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { serveDashboard } from '../../src/api/serve.ts';
import { demoApp } from '../support/api.ts';

let app: Hono<any>;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'painel-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>painel</title>');
  writeFileSync(join(dir, 'assets', 'main.js'), 'console.log(1)');
  ({ app } = await demoApp());
  serveDashboard(app, dir);
});

describe('static files and the API 404', () => {
  it('serves the files and index.html for page paths', async () => {
    const js = await app.request('/assets/main.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toBe('console.log(1)');
    for (const page of ['/', '/consulta', '/entes/estado-do-para']) {
      const res = await app.request(page);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>painel</title>');
    }
  });

  it('answers every unknown /api path with the JSON 404, never the dashboard', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[a-z0-9._-]{1,20}(\/[a-z0-9._-]{1,20}){0,3}$/), async (rest) => {
        const path = `/api/x-${rest}`;
        const res = await app.request(path);
        expect(res.status).toBe(404);
        expect(res.headers.get('content-type')).toMatch(/application\/json/);
        expect(await res.json()).toMatchObject({ erro: 'nao-encontrado', campo: null });
      }),
      { numRuns: 50 },
    );
    expect((await app.request('/api')).status).toBe(404);
    expect((await app.request('/api/entes')).status).toBe(200);
  });

  it('does not serve files outside the folder', async () => {
    const res = await app.request('/..%2F..%2Fetc%2Fpasswd');
    expect(await res.text()).not.toContain('root:');
  });
});
