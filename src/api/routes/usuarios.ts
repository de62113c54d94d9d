import { Hono } from 'hono';
import { z } from 'zod';
import { createUser, listUsers, revokeUser, userJson } from '../../app/staff-users.ts';
import { STAFF_ROLES } from '../../storage/staff-users.ts';
import type { AppDeps } from '../app.ts';
import { requireStaff } from '../auth.ts';
import { freeText, identifierText, jsonBody, parseOr400, pathParam } from '../schemas.ts';
import type { Wire, revogacaoUsuarioResponse, usuarioCriadoResponse, usuariosResponse } from '../response-schemas.ts';

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

  app.get('/', staff, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ usuarios: (await listUsers(deps.db)).map(userJson) } satisfies Wire<typeof usuariosResponse>);
  });

  app.post('/', staff, async (c) => {
    const body = parseOr400(usuarioBody, await jsonBody(c.req.raw));
    const { user, token } = await createUser(deps.db, { login: body.login, role: body.papel, displayName: body.nome, actor: c.get('actor') });
    c.header('Cache-Control', 'no-store');
    return c.json(
      { usuario: userJson(user), token, aviso: 'o token é mostrado só nesta resposta: guarde-o; o servidor guarda apenas o hash' } satisfies Wire<
        typeof usuarioCriadoResponse
      >,
      201,
    );
  });

  app.post('/:login/revogacao', staff, async (c) => {
    const login = pathParam(c.req.param('login'), 'login');
    await revokeUser(deps.db, { login, actor: c.get('actor') });
    return c.json({ login, revogado: true } satisfies Wire<typeof revogacaoUsuarioResponse>);
  });

  return app;
}
