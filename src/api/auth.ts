import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Db } from '../storage/db.ts';
import { BOOTSTRAP_LOGIN, type StaffRole, authenticateStaffToken } from '../storage/staff-users.ts';
import { ApiError } from './errors.ts';
import { requiredRole, roleAllows } from './staff-permissions.ts';

export type StaffOutcome =
  | { readonly kind: 'sem-token' }
  | { readonly kind: 'token-errado' }
  | { readonly kind: 'ok'; readonly login: string; readonly role: StaffRole };

/**
 * Who a request is, from `Authorization: Bearer <token>`: a named user of `staff_users`
 * (src/storage/staff-users.ts) or the bootstrap administrator (PRECATORIOS_ADMIN_TOKEN, acting as
 * `administrador`). A request without the header is answered synchronously, with no database access
 * — public requests never pay for staff auth. A request with a token is checked against the table
 * every time (staff requests are few; one indexed lookup), so a revocation holds from the next
 * request on, in every process on the same database; the result is kept for the rest of that one
 * request, so the rate limiter and the route check it once.
 */
export interface StaffAuth {
  check(c: Context): StaffOutcome | Promise<StaffOutcome>;
}

const NO_TOKEN: StaffOutcome = { kind: 'sem-token' };
const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * The per-start credential a server holding a PGlite folder leaves in it for the CLI on the same
 * machine (storage/local-credential.ts): accepted as `login` (`local:<os user>`), administration.
 */
export interface LocalStaff {
  readonly token: string;
  readonly login: string;
}

export function staffAuth(db: Db, adminToken: string | undefined, local?: LocalStaff): StaffAuth {
  // Hashed first so the comparison takes the same time whatever the given token's length.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const bootstrap = adminToken ? digest(adminToken) : undefined;
  const localDigest = local ? digest(local.token) : undefined;
  const verify = async (token: string): Promise<StaffOutcome> => {
    if (bootstrap !== undefined && timingSafeEqual(digest(token), bootstrap)) return { kind: 'ok', login: BOOTSTRAP_LOGIN, role: 'administracao' };
    if (local && localDigest && timingSafeEqual(digest(token), localDigest)) return { kind: 'ok', login: local.login, role: 'administracao' };
    const user = await authenticateStaffToken(db, token);
    return user ? { kind: 'ok', ...user } : { kind: 'token-errado' };
  };
  const seen = new WeakMap<Request, Promise<StaffOutcome>>();
  return {
    check(c) {
      const header = c.req.header('authorization');
      if (header === undefined) return NO_TOKEN;
      const token = BEARER.exec(header)?.[1];
      if (token === undefined) return NO_TOKEN;
      let outcome = seen.get(c.req.raw);
      if (!outcome) seen.set(c.req.raw, (outcome = verify(token)));
      return outcome;
    },
  };
}

/**
 * Staff routes: missing token → 401; unknown, revoked or wrong token → 403; a role below the one
 * STAFF_PERMISSIONS gives the route → 403. The actor of every event the route writes is the
 * authenticated login — never something the client declares.
 */
export function requireStaff(auth: StaffAuth): MiddlewareHandler<{ Variables: { actor: string } }> {
  return async (c, next) => {
    const required = requiredRole(c.req.method, routePath(c));
    const outcome = await auth.check(c);
    if (outcome.kind === 'sem-token') {
      c.header('WWW-Authenticate', 'Bearer realm="precatorios"');
      throw new ApiError(401, 'nao-autenticado', 'authorization', 'envie o token da equipe em Authorization: Bearer <token>');
    }
    if (outcome.kind === 'token-errado') throw new ApiError(403, 'sem-permissao', 'authorization', 'token desconhecido ou revogado');
    if (!roleAllows(outcome.role, required))
      throw new ApiError(403, 'sem-permissao', 'authorization', `o papel ${outcome.role} não permite esta operação (exige ${required})`);
    c.set('actor', outcome.login);
    await next();
  };
}
