// Goal (issue 15 §2, named staff): every staff route asks for the role THE permission table gives it
// — no token 401; an unknown, wrong or revoked token 403; `equipe` passes the team's routes and gets
// 403 on the administration's; an administrator (named or bootstrap) passes everywhere — and every
// event of a write records the authenticated login, whatever X-Usuario the client sends. Public
// requests without Authorization never query the users table.
// Method: the app in process (app.request) over the demo registry, on both backends; the routes are
// walked from the app itself (not from a list kept here), the database read back after the writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { STAFF_PERMISSIONS } from '../../src/api/staff-permissions.ts';
import { OPENAPI_DOCUMENT } from '../../src/api/openapi.ts';
import { loadCorrectionRules } from '../../src/indices/load-correction-rules.ts';
import { loadRpvLaws } from '../../src/rules/load-rule-book.ts';
import type { Db } from '../../src/storage/db.ts';
import { createStaffUser, revokeStaffUser } from '../../src/storage/staff-users.ts';
import { RUN_DATE, TOKEN, demoApp, demoInput } from '../support/api.ts';
import { BACKENDS } from '../support/backends.ts';
import { RULES } from '../support/rules.ts';

type Route = { readonly method: string; readonly path: string };

/** A route pattern such as `:file{fila-completa\\.(json|csv)}` stands for each literal path it matches. */
function expand(path: string): string[] {
  const m = /:\w+\{([^}(]*)\(([^)]*)\)\}/.exec(path);
  if (!m) return [path];
  return m[2]!.split('|').flatMap((alt) => expand(path.replace(m[0], `${m[1]!.replace(/\\/g, '')}${alt}`)));
}

for (const backend of BACKENDS) {
  describe(`staff authorization on ${backend.name}`, () => {
    let ctx: Awaited<ReturnType<typeof demoApp>>;
    let dispose: () => Promise<void>;
    const tokens: Record<'equipe' | 'admin' | 'revogado', string> = { equipe: '', admin: '', revogado: '' };
    const create = async (login: string, role: 'equipe' | 'administracao') =>
      (await ctx.db.transaction((tx) => createStaffUser(tx, { login, role, actor: 'local:teste' }))).token;

    beforeAll(async () => {
      const db = await backend.open();
      dispose = () => db.dispose();
      ctx = await demoApp(db, demoInput(5, 0.05));
      tokens.equipe = await create('maria', 'equipe');
      tokens.admin = await create('chefia', 'administracao');
      tokens.revogado = await create('saiu', 'administracao');
      await ctx.db.transaction((tx) => revokeStaffUser(tx, { login: 'saiu', actor: 'local:teste' }));
    }, 120_000);
    afterAll(async () => {
      await dispose?.();
    });

    const numero = () => encodeURIComponent(ctx.input.precatorios.find((p) => p.status === 'ativo')!.numero);
    const concrete = (path: string) =>
      path.replace(':numero', numero()).replace(':id', 'estado-do-para').replace(':serie', 'ipca_e').replace(':login', 'ninguem');
    const call = (method: string, path: string, authorization?: string) =>
      ctx.app.request(path, {
        method,
        headers: { ...(authorization ? { authorization } : {}), 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
    /** Every route the app registered, with each literal path it answers. */
    const routes = (): (Route & { urls: string[] })[] => {
      const seen = new Map<string, Route & { urls: string[] }>();
      for (const r of ctx.app.routes as Route[])
        if (r.method !== 'ALL') seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path, urls: expand(r.path).map(concrete) });
      return [...seen.values()];
    };

    it('the permission table lists exactly the routes that refuse an anonymous request', async () => {
      const anonymousRefused: string[] = [];
      for (const r of routes()) {
        const statuses = await Promise.all(r.urls.map(async (u) => (await call(r.method, u)).status));
        // A route guarded by requireStaff but missing from the table answers 500 (never lets anyone through).
        expect([r.method, r.path, statuses.some((s) => s >= 500)]).toEqual([r.method, r.path, false]);
        if (statuses.includes(401)) {
          expect([r.path, statuses]).toEqual([r.path, statuses.map(() => 401)]);
          anonymousRefused.push(`${r.method} ${r.path}`);
        }
      }
      expect(anonymousRefused.sort()).toEqual(Object.keys(STAFF_PERMISSIONS).sort());
      // Both roles are in use, so the role checks below test something.
      expect(new Set(Object.values(STAFF_PERMISSIONS))).toEqual(new Set(['equipe', 'administracao']));
    });

    it('the API description marks the same routes as staff, and the administration-only ones as such', () => {
      const documented = Object.entries(
        OPENAPI_DOCUMENT.paths as unknown as Record<string, Record<string, { security?: { equipe: readonly string[] }[] }>>,
      ).flatMap(([p, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => op.security)
          .map(([m, op]) => [`${m.toUpperCase()} ${p}`, op.security![0]!.equipe.includes('administracao') ? 'administracao' : 'equipe']),
      );
      const fromTable = Object.entries(STAFF_PERMISSIONS).flatMap(([key, role]) => {
        const [method, path] = key.split(' ') as [string, string];
        return expand(path).map((p) => [`${method} ${p.replace(/:(\w+)/g, '{$1}')}`, role]);
      });
      expect(documented.sort()).toEqual(fromTable.sort());
    });

    it('no token 401, wrong or revoked 403, equipe only where the table says equipe, administrators everywhere', async () => {
      const past = (s: number) => s !== 401 && s !== 403;
      for (const [key, required] of Object.entries(STAFF_PERMISSIONS)) {
        const [method, path] = key.split(' ') as [string, string];
        for (const url of expand(path).map(concrete)) {
          const status = async (authorization?: string) => (await call(method, url, authorization)).status;
          expect([key, await status()]).toEqual([key, 401]);
          expect([key, await status('Bearer errado')]).toEqual([key, 403]);
          expect([key, await status(`Bearer ${tokens.revogado}`)]).toEqual([key, 403]);
          expect([key, await status(`Bearer ${tokens.equipe.slice(0, -1)}x`)]).toEqual([key, 403]);
          const asTeam = await call(method, url, `Bearer ${tokens.equipe}`);
          if (required === 'equipe') expect([key, past(asTeam.status)]).toEqual([key, true]);
          else
            expect([key, asTeam.status, ((await asTeam.json()) as { motivo: string }).motivo]).toEqual([
              key,
              403,
              'o papel equipe não permite esta operação (exige administracao)',
            ]);
          expect([key, past(await status(`Bearer ${tokens.admin}`))]).toEqual([key, true]);
          expect([key, past(await status(`Bearer ${TOKEN}`))]).toEqual([key, true]);
        }
      }
    });

    it('every event, payment, cessão and grant written with maria’s token records maria — X-Usuario is ignored', async () => {
      const since = Number((await ctx.db.query<{ n: string }>('select coalesce(max(id), 0)::text as n from events')).rows[0]!.n);
      const headers = { authorization: `Bearer ${tokens.equipe}`, 'content-type': 'application/json', 'x-usuario': 'mallory' };
      const post = async (path: string, body: unknown) => {
        const res = await ctx.app.request(path, { method: 'POST', headers, body: JSON.stringify(body) });
        expect([path, res.status], await res.clone().text()).toEqual([path, res.status < 300 ? res.status : 'falhou']);
        return res;
      };
      const open = ctx.input.precatorios.filter(
        (p) =>
          p.status === 'ativo' &&
          p.natureza === 'alimentar' &&
          p.beneficiarios.some(
            (b) => b.titularidade !== 'cessionario' && !b.doencaGraveDesde && !b.deficienciaDesde && b.valorBrl.minus(b.pagoBrl).greaterThan(10),
          ),
      );
      const [p, q] = open;
      const b = p!.beneficiarios.find(
        (x) => x.titularidade !== 'cessionario' && !x.doencaGraveDesde && !x.deficienciaDesde && x.valorBrl.minus(x.pagoBrl).greaterThan(10),
      )!;
      const n = encodeURIComponent(p!.numero);
      await post(`/api/precatorios/${n}/pagamentos`, { beneficiarioId: b.id, valor: '1.00', pagoEm: '2025-11-20' });
      await post(`/api/precatorios/${n}/superpreferencias`, { beneficiarioId: b.id, motivo: 'doenca-grave', concedidaEm: '2025-06-01' });
      await post(`/api/precatorios/${n}/superpreferencias/revogacao`, { beneficiarioId: b.id, revogadaEm: '2025-07-01' });
      await post(`/api/precatorios/${n}/cessoes`, { cedenteId: b.id, valor: '1.00', cessionarioCredorId: 'fundo-teste', data: '2025-11-21' });
      await post(`/api/precatorios/${encodeURIComponent(q!.numero)}/cancelamento`, { motivo: 'teste de autoria' });
      await post('/api/entes/municipio-de-belem/financiamento', { tipo: 'deposito-mensal', valor: '1000.00', vigenteDesde: '2025-01-01' });
      const csv =
        'numero,ente_id,esfera,regime,natureza,apresentado_em,valor_requisitado\nAUTORIA-1,municipio-de-belem,municipal,especial,comum,2025-01-10 10:00,1000.00\n';
      const imported = await ctx.app.request('/api/importacoes', { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: csv });
      expect(imported.status).toBe(200);
      const exported = await ctx.app.request('/api/entes/estado-do-para/fila-completa.json', { headers });
      expect(exported.status).toBe(200);

      const { rows } = await ctx.db.query<{ actor: string; kind: string }>('select actor, kind from events where id > $1 order by id', [since]);
      expect(rows.map((r) => r.kind)).toEqual([
        'pagamento-cronologica',
        'superpreferencia-concedida',
        'superpreferencia-revogada',
        'cessao',
        'cancelado',
        'financiamento-alterado',
        'importado',
        'ente-alterado',
      ]);
      expect(new Set(rows.map((r) => r.actor))).toEqual(new Set(['maria']));
      const others = await ctx.db.query<{ who: string }>(
        `select actor as who from payments where precatorio_numero = $1 union all select actor from cessoes where precatorio_numero = $1
         union all select decided_by from superpreference_grants where precatorio_numero = $1 and granted_on = '2025-06-01'`,
        [p!.numero],
      );
      expect(others.rows).toEqual([{ who: 'maria' }, { who: 'maria' }, { who: 'maria' }]);
      expect(ctx.logs.at(-1)).toMatch(/exportação com dados pessoais: ente estado-do-para, .* por maria$/);
      expect(ctx.logs.join('\n')).not.toContain('mallory');
    });

    it('a revoked token is refused on its very next request in the same process', async () => {
      const token = await create('temporaria', 'equipe');
      const url = '/api/entes/estado-do-para/fila-completa.json';
      const as = async () => (await ctx.app.request(url, { headers: { authorization: `Bearer ${token}` } })).status;
      expect(await as()).toBe(200);
      await ctx.db.transaction((tx) => revokeStaffUser(tx, { login: 'temporaria', actor: 'chefia' }));
      expect(await as()).toBe(403);
    });

    it('the administration creates and revokes users through the API: the token works at once and dies at once, the events name the administrator', async () => {
      const admin = { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' };
      const made = await ctx.app.request('/api/usuarios', {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ login: 'pela-api', papel: 'equipe', nome: 'Pela API' }),
      });
      expect(made.status).toBe(201);
      const body = (await made.json()) as { usuario: { login: string; papel: string; criadoPor: string }; token: string };
      expect(body.usuario).toMatchObject({ login: 'pela-api', papel: 'equipe', criadoPor: 'chefia' });
      const url = '/api/entes/estado-do-para/fila-completa.json';
      const as = async () => (await ctx.app.request(url, { headers: { authorization: `Bearer ${body.token}` } })).status;
      expect(await as()).toBe(200);
      expect(
        (await ctx.app.request('/api/usuarios', { method: 'POST', headers: admin, body: JSON.stringify({ login: 'pela-api', papel: 'equipe' }) })).status,
      ).toBe(409);
      const bad = await ctx.app.request('/api/usuarios', { method: 'POST', headers: admin, body: JSON.stringify({ login: 'Pela API', papel: 'equipe' }) });
      expect([bad.status, ((await bad.json()) as { campo: string }).campo]).toEqual([422, 'login']);
      expect((await ctx.app.request('/api/usuarios/pela-api/revogacao', { method: 'POST', headers: admin })).status).toBe(200);
      expect(await as()).toBe(403);
      expect((await ctx.app.request('/api/usuarios/pela-api/revogacao', { method: 'POST', headers: admin })).status).toBe(404);
      const { rows } = await ctx.db.query<{ actor: string; kind: string }>(`select actor, kind from events where after->>'login' = 'pela-api' order by id`);
      expect(rows).toEqual([
        { actor: 'chefia', kind: 'usuario-criado' },
        { actor: 'chefia', kind: 'usuario-revogado' },
      ]);
    });

    it('lists users to the administration, without any token or hash', async () => {
      const res = await ctx.app.request('/api/usuarios', { headers: { authorization: `Bearer ${tokens.admin}` } });
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(JSON.parse(text).usuarios.map((u: { login: string; papel: string; revogadoPor: string | null }) => [u.login, u.papel, u.revogadoPor])).toEqual(
        expect.arrayContaining([
          ['maria', 'equipe', null],
          ['saiu', 'administracao', 'local:teste'],
        ]),
      );
      const { rows } = await ctx.db.query<{ token_sha256: string }>('select token_sha256 from staff_users');
      for (const secret of [...Object.values(tokens), ...rows.map((r) => r.token_sha256)]) expect(text).not.toContain(secret);
      expect(res.headers.get('cache-control')).toBe('no-store');
    });

    it('public requests without Authorization never query the users table; a staff request queries it once, rate limiter included', async () => {
      let lookups = 0;
      const counting = new Proxy(ctx.db, {
        get(target, key) {
          if (key === 'query')
            return (sql: string, params?: readonly unknown[]) => {
              if (sql.includes('staff_users')) lookups += 1;
              return target.query(sql, params);
            };
          const value = Reflect.get(target, key) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      }) as Db;
      const app = createApp({
        db: counting,
        rules: RULES,
        correctionRules: loadCorrectionRules(),
        rpvLaws: loadRpvLaws(),
        today: () => RUN_DATE,
        adminToken: TOKEN,
        log: () => {},
        indexRecheckMs: 0,
        limites: { consultas: { limit: 3, windowMs: 60_000 } },
      });
      for (const path of ['/api/entes', '/api/entes/estado-do-para/fila', `/api/precatorios/${numero()}`, '/api/entes', '/api/entes']) await app.request(path);
      await app.request('/api/entes/estado-do-para/fila-completa.json');
      await app.request('/api/entes/estado-do-para/fila-completa.json', { headers: { authorization: 'Bearer nao-e-um-token-da-equipe' } });
      await app.request('/api/entes/estado-do-para/fila-completa.json', { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(lookups).toBe(0);
      // The public budget (3) is spent; maria is staff: never limited, one lookup per request.
      for (let i = 0; i < 4; i++)
        expect((await app.request('/api/entes/estado-do-para/fila-completa.json', { headers: { authorization: `Bearer ${tokens.equipe}` } })).status).toBe(200);
      expect(lookups).toBe(4);
      expect((await app.request('/api/entes/estado-do-para/fila-completa.json', { headers: { authorization: `Bearer ${tokens.revogado}` } })).status).toBe(429);
    });
  });
}
