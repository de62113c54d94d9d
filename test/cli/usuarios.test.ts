// Goal (issue 15 §2): `precatorios usuarios criar|revogar|listar` as real processes — the token is
// printed once on stdout and only its hash is stored; the events name the OS user who ran the
// command (local:…); mistakes are refused with a Portuguese reason (64 for usage, 1 for a refusal by
// the store) and write nothing. On PostgreSQL, a token issued by the CLI works on a running `servir`
// (another process) and its revocation by the CLI (a third) is refused by that server on the next
// request — no restart, no cache to wait for.
// Method: the CLI spawned on a PGlite folder and on a fresh PostgreSQL database; the tables read back.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { usuariosCommand } from '../../src/cli/usuarios.ts';
import { localActor } from '../../src/shell/environment.ts';
import type { Db } from '../../src/storage/db.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { BIN, ROOT, type Server, freshDatabase, startServer } from '../concurrency/servers.ts';
import '../support/backends.ts'; // REQUIRE_POSTGRES=1 without DATABASE_URL fails here

const TOKEN_SHAPE = /^pct_maria_[A-Za-z0-9_-]{43}$/;

function cli(env: NodeJS.ProcessEnv, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, 'usuarios', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
}

/** The command in this process (for input errors, which need no child): exit code and output. */
async function inProcess(env: NodeJS.ProcessEnv, args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const spies = (['stdout', 'stderr'] as const).map((stream) =>
    vi.spyOn(process[stream], 'write').mockImplementation((chunk) => {
      out[stream] += String(chunk);
      return true;
    }),
  );
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v ?? '');
  try {
    return { status: await usuariosCommand.run(args), ...out };
  } finally {
    for (const spy of spies) spy.mockRestore();
    vi.unstubAllEnvs();
  }
}

describe('precatorios usuarios on PGlite (real processes)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'usuarios-'));
    env = { DATABASE_URL: '', PRECATORIOS_DATA_DIR: join(dir, 'pglite') };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const withDb = async <T>(work: (db: Db) => Promise<T>) => {
    const db = await openDatabase({ pgliteDir: join(dir, 'pglite') });
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  };

  it('creates a user: the token once on stdout, its SHA-256 in the table, the event by the OS user', async () => {
    const made = cli(env, 'criar', 'maria', '--papel', 'equipe', '--nome', 'Maria da Silva');
    expect(made.status, made.stderr).toBe(0);
    const token = made.stdout.trim();
    expect(token).toMatch(TOKEN_SHAPE);
    expect(made.stderr).toContain('usuário maria (equipe) criado');
    expect(made.stderr).not.toContain(token);
    await withDb(async (db) => {
      const users = await db.query('select login, display_name, role, token_sha256, created_by, revoked_at from staff_users');
      expect(users.rows).toEqual([
        {
          login: 'maria',
          display_name: 'Maria da Silva',
          role: 'equipe',
          token_sha256: createHash('sha256').update(token).digest('hex'),
          created_by: localActor(),
          revoked_at: null,
        },
      ]);
      const events = await db.query(`select actor, kind, after from events where kind like 'usuario-%'`);
      expect(events.rows).toEqual([{ actor: localActor(), kind: 'usuario-criado', after: { login: 'maria', nome: 'Maria da Silva', papel: 'equipe' } }]);
    });
    const listed = cli(env, 'listar', '--formato', 'json');
    expect(listed.status, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      { login: 'maria', nome: 'Maria da Silva', papel: 'equipe', criadoEm: expect.any(String), criadoPor: localActor(), revogadoEm: null, revogadoPor: null },
    ]);
    expect(listed.stdout).not.toContain(token.slice(11));
  });

  it('refuses mistakes with a reason and writes nothing: usage 64, a refusal by the store 1', async () => {
    const count = () =>
      withDb(async (db) => (await db.query<{ n: string }>('select (select count(*) from staff_users) + (select count(*) from events) as n')).rows[0]!.n);
    const before = await count();
    const cases: [string[], number, string][] = [
      [['criar', 'maria', '--papel', 'equipe'], 1, 'já existe um usuário ativo com o login "maria"'],
      [['criar', 'joana', '--papel', 'chefe'], 64, '--papel deve ser equipe ou administracao (recebido: chefe)'],
      [['criar', 'joana'], 64, 'informe o papel'],
      [['criar', 'administrador', '--papel', 'administracao'], 64, 'reservado ao token de inicialização'],
      [['criar', 'Joana Silva', '--papel', 'equipe'], 64, 'login inválido'],
      [['criar'], 64, 'informe o login'],
      [['revogar', 'ninguem'], 1, 'não há usuário ativo com o login "ninguem"'],
      [['apagar', 'maria'], 64, 'ação desconhecida: apagar'],
      [[], 64, 'informe a ação'],
      [['listar', '--formato', 'xml'], 64, '--formato deve ser tabela ou json'],
      [['criar', 'joana', '--papel', 'equipe', '--senha', 'x'], 64, 'opção desconhecida: --senha'],
    ];
    for (const [args, status, message] of cases) {
      // Usage errors never open the store: checked in this process; the store's refusals in a child.
      const r = status === 64 ? await inProcess(env, args) : cli(env, ...args);
      expect([args.join(' '), r.status, r.stdout]).toEqual([args.join(' '), status, '']);
      expect(r.stderr).toContain(message);
    }
    expect(await count()).toBe(before);
  });

  it('revokes: the event names who revoked, the list says so, a second revocation is refused', async () => {
    const r = cli(env, 'revogar', 'maria');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('usuário maria revogado');
    const listed = cli(env, 'listar');
    expect(listed.stdout).toMatch(/maria\s+Maria da Silva\s+equipe\s+revogado em .* por local:/);
    expect(cli(env, 'revogar', 'maria').status).toBe(1);
    await withDb(async (db) => {
      const { rows } = await db.query(`select actor, kind from events where kind like 'usuario-%' order by id`);
      expect(rows).toEqual([
        { actor: localActor(), kind: 'usuario-criado' },
        { actor: localActor(), kind: 'usuario-revogado' },
      ]);
    });
  });
});

const url = process.env['DATABASE_URL'];

describe.skipIf(!url)('a token issued and revoked by the CLI, checked by a running servir (PostgreSQL, three processes)', () => {
  let database: { url: string; drop(): Promise<void> };
  let server: Server;
  let db: Db;
  beforeAll(async () => {
    database = await freshDatabase(url!, `usr_${randomBytes(5).toString('hex')}`);
    server = await startServer({ DATABASE_URL: database.url, PRECATORIOS_ADMIN_TOKEN: 'token-de-inicializacao', PRECATORIOS_LIMITE_CONSULTAS: 'desligado' });
    db = await openDatabase({ databaseUrl: database.url });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await db?.close();
    await database?.drop();
  });

  it('works until revoked, then the server refuses it on the next request; the import it made records the login', async () => {
    const env = { DATABASE_URL: database.url };
    const made = cli(env, 'criar', 'maria', '--papel', 'equipe');
    expect(made.status, made.stderr).toBe(0);
    const token = made.stdout.trim();
    const csv = (numero: string) =>
      `numero,ente_id,ente_nome,esfera,regime,natureza,apresentado_em,valor_requisitado\n${numero},municipio-x,Município X,municipal,geral,comum,2025-01-10 10:00,1000.00\n`;
    const importing = (numero: string, extra: Record<string, string> = {}) =>
      fetch(`${server.base}/api/importacoes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', ...extra },
        body: csv(numero),
      });
    const first = await importing('CLI-1', { 'x-usuario': 'outra-pessoa' });
    expect(first.status, await first.clone().text()).toBe(200);
    const { rows } = await db.query<{ actor: string }>('select distinct actor from events where kind in ($1, $2)', ['importado', 'ente-criado']);
    expect(rows).toEqual([{ actor: 'maria' }]);
    // The administration route: not for equipe.
    expect((await fetch(`${server.base}/api/usuarios`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);

    const revoked = cli(env, 'revogar', 'maria');
    expect(revoked.status, revoked.stderr).toBe(0);
    const after = await importing('CLI-2');
    expect(after.status).toBe(403);
    expect(((await after.json()) as { motivo: string }).motivo).toBe('token desconhecido ou revogado');
    expect((await db.query('select 1 from precatorios where numero = $1', ['CLI-2'])).rows).toEqual([]);
    expect(server.stderr()).not.toMatch(/erro inesperado/);
  }, 120_000);
});
