import type { StaffRole } from '../storage/staff-users.ts';

/**
 * THE table of staff routes (issue 15 §2): each route that needs a staff token, as Hono registers
 * it (`METHOD path`), and the least role that may call it. `requireStaff` reads it by the matched
 * route, so a route's permission is written here and nowhere else; a test walks every route of the
 * app and requires this table to list exactly the ones that refuse an anonymous request.
 *
 * `equipe`: the day-to-day writes and the exports with personal data. `administracao`: all of
 * that (see ROLE_GRANTS) plus managing users and backup/restore (all personal data at once).
 */
export const STAFF_PERMISSIONS: Readonly<Record<string, StaffRole>> = {
  'POST /api/importacoes': 'equipe',
  'POST /api/indices': 'equipe',
  'POST /api/precatorios/:numero/pagamentos': 'equipe',
  'GET /api/precatorios/:numero/pagamentos/:pagamento/documento': 'equipe',
  'POST /api/precatorios/:numero/cessoes': 'equipe',
  'POST /api/precatorios/:numero/penhoras': 'equipe',
  'POST /api/precatorios/:numero/habilitacoes': 'equipe',
  'POST /api/precatorios/:numero/superpreferencias': 'equipe',
  'POST /api/precatorios/:numero/superpreferencias/revogacao': 'equipe',
  'POST /api/precatorios/:numero/cancelamento': 'equipe',
  'POST /api/entes/:id/acordos/editais': 'equipe',
  'POST /api/acordos/editais/:edital/habilitacoes': 'equipe',
  'POST /api/acordos/editais/:edital/chamada': 'equipe',
  'POST /api/entes/:id/financiamento': 'equipe',
  'POST /api/entes/:id/rodadas-de-pagamento': 'equipe',
  'POST /api/entes/:id/rodadas-de-pagamento/previa': 'equipe',
  'POST /api/entes/:id/conta-especial/depositos': 'equipe',
  'POST /api/entes/:id/conta-especial/depositos/importacao': 'equipe',
  'POST /api/entes/:id/conta-especial/debitos': 'equipe',
  'GET /api/entes/:id/conta-especial/extrato': 'equipe',
  'POST /api/entes/:id/rcl': 'equipe',
  'POST /api/entes': 'equipe',
  'POST /api/entes/:id/leis-rpv': 'equipe',
  'POST /api/entes/:id/conta-especial/sequestros': 'equipe',
  'GET /api/entes/:id/:file{fila-completa\\.(json|csv)}': 'equipe',
  'GET /api/entes/:id/dados-da-simulacao': 'equipe',
  'GET /api/usuarios': 'administracao',
  'POST /api/usuarios': 'administracao',
  'POST /api/usuarios/:login/revogacao': 'administracao',
  'GET /api/backup': 'administracao',
  'POST /api/backup/restauracao': 'administracao',
};

/** What each role may do: an administrator may do everything the team may. */
const ROLE_GRANTS: Readonly<Record<StaffRole, readonly StaffRole[]>> = {
  equipe: ['equipe'],
  administracao: ['equipe', 'administracao'],
};

export function roleAllows(role: StaffRole, required: StaffRole): boolean {
  return ROLE_GRANTS[role].includes(required);
}

/**
 * The role a route requires. A route guarded by `requireStaff` but missing here is a programming
 * error: it is refused (never let through) and the message says which entry to add.
 */
export function requiredRole(method: string, routePath: string): StaffRole {
  const key = `${method === 'HEAD' ? 'GET' : method} ${routePath}`;
  const role = STAFF_PERMISSIONS[key];
  if (role === undefined) throw new Error(`rota da equipe sem papel definido em STAFF_PERMISSIONS: ${key}`);
  return role;
}
