import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from './db.ts';
import { StoreError } from './errors.ts';

/**
 * Named staff credentials (issue 15 §2): who may write, under which role. A credential is a random
 * token shown once, at creation; the table keeps only its SHA-256.
 *
 * Why SHA-256 and not scrypt/argon2: those slow hashes exist to make guessing a *human* password
 * expensive. Our secret is 32 bytes from the OS's CSPRNG (256 bits): nobody can enumerate it, so
 * a leaked hash gives nothing to brute-force and a fast hash loses nothing — while a slow one would
 * cost every staff request tens of milliseconds of CPU.
 *
 * Token shape: `pct_<login>_<secret>` — a visible prefix (recognisable in logs and by secret
 * scanners), the login (so the check is one indexed lookup, never a scan comparing every hash), and
 * 43 base64url characters of secret. Logins have no `_`, so the first `_` after the prefix ends it.
 */
export const STAFF_ROLES = ['equipe', 'administracao'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The name the bootstrap token (PRECATORIOS_ADMIN_TOKEN) acts as; no user may take it. */
export const BOOTSTRAP_LOGIN = 'administrador';

const TOKEN_PREFIX = 'pct_';
const LOGIN = /^[a-z][a-z0-9.-]{1,39}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export interface StaffUser {
  readonly login: string;
  readonly displayName: string;
  readonly role: StaffRole;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
}

/** Why a login is refused, in Portuguese; undefined when it is valid. */
export function loginProblem(login: string): string | undefined {
  if (login === BOOTSTRAP_LOGIN) return `"${BOOTSTRAP_LOGIN}" é reservado ao token de inicialização (PRECATORIOS_ADMIN_TOKEN)`;
  if (!LOGIN.test(login)) return `login inválido: "${login}" (use de 2 a 40 letras minúsculas sem acento, dígitos, ponto ou hífen, começando por letra)`;
  return undefined;
}

export function isStaffRole(text: string): text is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(text);
}

export function tokenSha256(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** The login a token names, or undefined when it does not have the shape of a staff token. */
export function loginOfToken(token: string): string | undefined {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const cut = token.indexOf('_', TOKEN_PREFIX.length);
  if (cut < 0) return undefined;
  const login = token.slice(TOKEN_PREFIX.length, cut);
  return LOGIN.test(login) && SECRET.test(token.slice(cut + 1)) ? login : undefined;
}

/**
 * The active user a token belongs to, or undefined (unknown, revoked or wrong secret). A token not
 * shaped like ours never reaches the database. An unknown login answers a little faster than a
 * wrong secret: that tells whether a login exists, which is no secret (it is in every token).
 */
export async function authenticateStaffToken(db: Db, token: string): Promise<{ login: string; role: StaffRole } | undefined> {
  const login = loginOfToken(token);
  if (login === undefined) return undefined;
  const { rows } = await db.query<{ role: StaffRole; token_sha256: string }>(
    'select role, token_sha256 from staff_users where login = $1 and revoked_at is null',
    [login],
  );
  const row = rows[0];
  if (!row) return undefined;
  // Constant time, so the answer's timing says nothing about how much of the hash matched.
  return timingSafeEqual(tokenSha256(token), Buffer.from(row.token_sha256, 'hex')) ? { login, role: row.role } : undefined;
}

/**
 * A new user with a fresh token, in the caller's transaction, with its event. The token is
 * returned once and stored nowhere; `actor` is who creates it (an authenticated login or `local:…`).
 */
export async function createStaffUser(
  tx: Db,
  input: { login: string; role: StaffRole; displayName?: string | undefined; actor: string },
): Promise<{ user: StaffUser; token: string }> {
  const problem = loginProblem(input.login);
  if (problem) throw new StoreError('invalido', 'login', problem);
  if (!isStaffRole(input.role)) throw new StoreError('invalido', 'papel', `papel inválido: "${String(input.role)}" (use ${STAFF_ROLES.join(' ou ')})`);
  const displayName = (input.displayName ?? '').trim();
  if (displayName.length > 120 || /[\u0000-\u001f\u007f]/.test(displayName))
    throw new StoreError('invalido', 'nome', 'o nome deve ter até 120 caracteres, sem caracteres de controle');
  const token = `${TOKEN_PREFIX}${input.login}_${randomBytes(32).toString('base64url')}`;
  // The partial unique index decides, also between two processes creating the same login at once:
  // the loser gets the conflict below instead of a unique-violation error.
  const { rows } = await tx.query<{ created_at: string }>(
    `insert into staff_users (login, display_name, role, token_sha256, created_by) values ($1, $2, $3, $4, $5)
     on conflict (login) where revoked_at is null do nothing returning created_at::text`,
    [input.login, displayName, input.role, tokenSha256(token).toString('hex'), input.actor],
  );
  if (!rows[0]) throw new StoreError('conflito', 'login', `já existe um usuário ativo com o login "${input.login}" (revogue-o antes de emitir outro token)`);
  await tx.query(`insert into events (actor, kind, after) values ($1, 'usuario-criado', $2::jsonb)`, [
    input.actor,
    JSON.stringify({ login: input.login, nome: displayName, papel: input.role }),
  ]);
  return {
    user: { login: input.login, displayName, role: input.role, createdAt: rows[0].created_at, createdBy: input.actor, revokedAt: null, revokedBy: null },
    token,
  };
}

/** Revokes the active credential of `login`: the next request with it is refused, in any process. */
export async function revokeStaffUser(tx: Db, input: { login: string; actor: string }): Promise<void> {
  const { rows } = await tx.query<{ role: StaffRole }>(
    'update staff_users set revoked_at = now(), revoked_by = $2 where login = $1 and revoked_at is null returning role',
    [input.login, input.actor],
  );
  if (!rows[0]) throw new StoreError('nao-encontrado', 'login', `não há usuário ativo com o login "${input.login}"`);
  await tx.query(`insert into events (actor, kind, after) values ($1, 'usuario-revogado', $2::jsonb)`, [
    input.actor,
    JSON.stringify({ login: input.login, papel: rows[0].role }),
  ]);
}

/** Every credential ever issued, oldest first (revoked ones included, with who revoked them). */
export async function listStaffUsers(db: Db): Promise<StaffUser[]> {
  const { rows } = await db.query<{
    login: string;
    display_name: string;
    role: StaffRole;
    created_at: string;
    created_by: string;
    revoked_at: string | null;
    revoked_by: string | null;
  }>('select login, display_name, role, created_at::text, created_by, revoked_at::text, revoked_by from staff_users order by id');
  return rows.map((r) => ({
    login: r.login,
    displayName: r.display_name,
    role: r.role,
    createdAt: r.created_at,
    createdBy: r.created_by,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
  }));
}
