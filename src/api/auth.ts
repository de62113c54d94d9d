import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';

/**
 * Staff writes need `Authorization: Bearer <PRECATORIOS_ADMIN_TOKEN>`. Missing → 401; present but
 * wrong → 403. Compared in constant time. With no token configured, every write is refused.
 */
export function requireStaff(adminToken: string | undefined): MiddlewareHandler<{ Variables: { actor: string } }> {
  // Both sides are hashed first so the comparison takes the same time whatever the token's length.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const expected = adminToken ? digest(adminToken) : undefined;
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header || !/^Bearer\s+\S+/i.test(header)) {
      c.header('WWW-Authenticate', 'Bearer realm="precatorios"');
      throw new ApiError(401, 'nao-autenticado', 'authorization', 'envie o token da equipe em Authorization: Bearer <token>');
    }
    const given = digest(header.replace(/^Bearer\s+/i, '').trim());
    const ok = expected !== undefined && timingSafeEqual(given, expected);
    if (!ok) throw new ApiError(403, 'sem-permissao', 'authorization', 'token sem o papel de equipe (staff)');
    c.set('actor', c.req.header('x-usuario')?.slice(0, 80) || 'equipe');
    await next();
  };
}
