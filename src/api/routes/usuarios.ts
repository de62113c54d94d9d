import { Hono } from 'hono';
import { listStaffUsers } from '../../storage/staff-users.ts';
import type { AppDeps } from '../app.ts';
import { requireStaff } from '../auth.ts';

/**
 * Staff users, for the administration (role in STAFF_PERMISSIONS). Read only: users are created and
 * revoked with `precatorios usuarios`, which shows the new token once. Never the token's hash.
 */
export function usuariosRoutes(deps: AppDeps) {
  const app = new Hono<{ Variables: { actor: string } }>();
  app.get('/', requireStaff(deps.staff), async (c) => {
    c.header('Cache-Control', 'no-store');
    const users = await listStaffUsers(deps.db);
    return c.json({
      usuarios: users.map((u) => ({ login: u.login, nome: u.displayName, papel: u.role, criadoEm: u.createdAt, criadoPor: u.createdBy, revogadoEm: u.revokedAt, revogadoPor: u.revokedBy })),
    });
  });
  return app;
}
