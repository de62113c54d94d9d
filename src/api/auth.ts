import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';

export type StaffCheck = (authorization: string | undefined) => 'sem-token' | 'token-errado' | 'equipe';

/**
 * Reads `Authorization: Bearer <PRECATORIOS_ADMIN_TOKEN>`, compared in constant time. With no token
 * configured, nobody is staff.
 */
export function staffCheck(adminToken: string | undefined): StaffCheck {
  // Both sides are hashed first so the comparison takes the same time whatever the token's length.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const expected = adminToken ? digest(adminToken) : undefined;
  return (header) => {
    if (!header || !/^Bearer\s+\S+/i.test(header)) return 'sem-token';
    const given = digest(header.replace(/^Bearer\s+/i, '').trim());
    return expected !== undefined && timingSafeEqual(given, expected) ? 'equipe' : 'token-errado';
  };
}

/** Staff routes: missing token → 401; present but wrong → 403. */
export function requireStaff(adminToken: string | undefined): MiddlewareHandler<{ Variables: { actor: string } }> {
  const check = staffCheck(adminToken);
  return async (c, next) => {
    const outcome = check(c.req.header('authorization'));
    if (outcome === 'sem-token') {
      c.header('WWW-Authenticate', 'Bearer realm="precatorios"');
      throw new ApiError(401, 'nao-autenticado', 'authorization', 'envie o token da equipe em Authorization: Bearer <token>');
    }
    if (outcome === 'token-errado') throw new ApiError(403, 'sem-permissao', 'authorization', 'token sem o papel de equipe (staff)');
    c.set('actor', c.req.header('x-usuario')?.slice(0, 80) || 'equipe');
    await next();
  };
}
