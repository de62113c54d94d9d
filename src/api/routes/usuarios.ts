import { Hono } from 'hono';
import { z } from 'zod';
import { STAFF_ROLES, createStaffUser, listStaffUsers, revokeStaffUser } from '../../storage/staff-users.ts';
import type { AppDeps } from '../app.ts';
import { requireStaff } from '../auth.ts';
import { freeText, identifierText, jsonBody, parseOr400, pathParam } from '../schemas.ts';

const usuarioBody = z.strictObject({
  login: identifierText(40),
  papel: z.enum(STAFF_ROLES),
  nome: freeText(120).optional(),
});

/**
 * Staff users, for the administration (roles in STAFF_PERMISSIONS): the same store functions as
 * `precatorios usuarios`, with the authenticated administrator as the actor. A new token is in the
 * creation's answer and nowhere else; no answer ever carries a token's hash.
 */
export function usuariosRoutes(deps: AppDeps) {
  const app = new Hono<{ Variables: { actor: string } }>();
  const staff = requireStaff(deps.staff);
  const view = (u: Awaited<ReturnType<typeof listStaffUsers>>[number]) => ({ login: u.login, nome: u.displayName, papel: u.role, criadoEm: u.createdAt, criadoPor: u.createdBy, revogadoEm: u.revokedAt, revogadoPor: u.revokedBy });

  app.get('/', staff, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ usuarios: (await listStaffUsers(deps.db)).map(view) });
  });

  app.post('/', staff, async (c) => {
    const body = parseOr400(usuarioBody, await jsonBody(c.req.raw));
    const { user, token } = await deps.db.transaction((tx) => createStaffUser(tx, { login: body.login, role: body.papel, displayName: body.nome, actor: c.get('actor') }));
    c.header('Cache-Control', 'no-store');
    return c.json({ usuario: view(user), token, aviso: 'o token é mostrado só nesta resposta: guarde-o; o servidor guarda apenas o hash' }, 201);
  });

  app.post('/:login/revogacao', staff, async (c) => {
    const login = pathParam(c.req.param('login'), 'login');
    await deps.db.transaction((tx) => revokeStaffUser(tx, { login, actor: c.get('actor') }));
    return c.json({ login, revogado: true });
  });

  return app;
}
