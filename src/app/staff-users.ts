import { z } from 'zod';
import type { Db } from '../storage/db.ts';
import { STAFF_ROLES, type StaffRole, type StaffUser, createStaffUser, listStaffUsers, revokeStaffUser } from '../storage/staff-users.ts';

/**
 * Staff users, one use case each (`precatorios usuarios` and /api/usuarios): creation issues a
 * token shown once, revocation holds from the next request, the list never carries a token.
 */
export const createUser = (db: Db, input: { login: string; role: StaffRole; displayName?: string | undefined; actor: string }) =>
  db.transaction((tx) => createStaffUser(tx, input));
export const revokeUser = (db: Db, input: { login: string; actor: string }) => db.transaction((tx) => revokeStaffUser(tx, input));
export const listUsers = (db: Db) => listStaffUsers(db);

/** A user as the API shows it. */
export const userJson = (u: StaffUser) => ({
  login: u.login,
  nome: u.displayName,
  papel: u.role,
  criadoEm: u.createdAt,
  criadoPor: u.createdBy,
  revogadoEm: u.revokedAt,
  revogadoPor: u.revokedBy,
});

export const userJsonSchema = z.object({
  login: z.string(),
  nome: z.string(),
  papel: z.enum(STAFF_ROLES),
  criadoEm: z.string(),
  criadoPor: z.string(),
  revogadoEm: z.string().nullable(),
  revogadoPor: z.string().nullable(),
});

export const userFromJson = (j: z.infer<typeof userJsonSchema>): StaffUser => ({
  login: j.login,
  displayName: j.nome,
  role: j.papel,
  createdAt: j.criadoEm,
  createdBy: j.criadoPor,
  revokedAt: j.revogadoEm,
  revokedBy: j.revogadoPor,
});
