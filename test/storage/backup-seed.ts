import { isoDate } from '../../src/domain/dates.ts';
import { Dec, money } from '../../src/domain/money.ts';
import { type Precatorio, saldoOf } from '../../src/domain/precatorio.ts';
import { importIndexFolder } from '../../src/indices/folder.ts';
import type { Db } from '../../src/storage/db.ts';
import { putFunding } from '../../src/storage/funding-store.ts';
import { importRegistry } from '../../src/storage/registry-store.ts';
import { cancelPrecatorio, grantSuperpreference, registerCessao, registerPayment, revokeSuperpreference } from '../../src/storage/registry-writes.ts';
import { SqlIndexStore } from '../../src/storage/sql-index-store.ts';
import { createStaffUser, revokeStaffUser } from '../../src/storage/staff-users.ts';
import { demoInput } from '../support/api.ts';
import { sharedPath } from '../support/shared.ts';

/** Every table of the migrations (a new migration's table is exported too; seed it here). */
export const REGISTRY_TABLES = [
  'beneficiarios',
  'cessoes',
  'entes',
  'events',
  'funding',
  'index_series',
  'payments',
  'penhoras',
  'precatorios',
  'rpv_laws',
  'staff_users',
  'superpreference_grants',
];

const open = (p: Precatorio) => p.status === 'ativo' && p.beneficiarios.some((b) => saldoOf(b).greaterThan(1));

/**
 * A registry with rows in every table: the seeded demo (entes, RPV laws, precatórios with personal
 * data, imported grants, events), the index series of ../shared, one funding row, and staff writes
 * (payments, a cessão, a grant revoked and granted again, a cancellation), plus a penhora (no
 * writer exists for penhoras yet: plain SQL).
 */
export async function seedFullRegistry(db: Db, input = demoInput(5, 0.1)): Promise<void> {
  await db.transaction((tx) => importRegistry(tx, input, 'teste'));
  const indices = await importIndexFolder(sharedPath('data/indices'), new SqlIndexStore(db));
  if (!indices.ok) throw new Error('índices de ../shared inválidos');
  await putFunding(db, 'estado-do-para', {
    validFrom: isoDate('2025-01-01'),
    kind: 'deposito-mensal',
    amount: money('400000.00'),
    chronologicalShare: new Dec('0.75'),
    legalBasis: 'teste',
  });
  const alimentar = input.precatorios.find(
    (p) => open(p) && p.natureza === 'alimentar' && p.beneficiarios.some((b) => b.titularidade !== 'cessionario' && !b.doencaGraveDesde && !b.deficienciaDesde),
  )!;
  const holder = alimentar.beneficiarios.find((b) => b.titularidade !== 'cessionario' && !b.doencaGraveDesde && !b.deficienciaDesde)!;
  const [second, third] = input.precatorios.filter((p) => open(p) && p !== alimentar);
  const actor = 'servidora-teste';
  await db.transaction(async (tx) => {
    await registerPayment(tx, {
      numero: alimentar.numero,
      actor,
      beneficiarioId: holder.id,
      amountBrl: money('0.01'),
      kind: 'cronologica',
      paidOn: isoDate('2025-03-10'),
    });
    await grantSuperpreference(tx, { numero: alimentar.numero, actor, beneficiarioId: holder.id, ground: 'doenca-grave', grantedOn: isoDate('2025-04-01') });
    await revokeSuperpreference(tx, { numero: alimentar.numero, actor, beneficiarioId: holder.id, revokedOn: isoDate('2025-05-01') });
    await grantSuperpreference(tx, { numero: alimentar.numero, actor, beneficiarioId: holder.id, ground: 'deficiencia', grantedOn: isoDate('2025-06-01') });
    await registerPayment(tx, {
      numero: alimentar.numero,
      actor,
      beneficiarioId: holder.id,
      amountBrl: money('1234.56'),
      kind: 'superpreferencia',
      paidOn: isoDate('2025-07-10'),
    });
    const cedente = second!.beneficiarios.find((b) => saldoOf(b).greaterThan(1))!;
    await registerCessao(tx, {
      numero: second!.numero,
      actor,
      cedenteId: cedente.id,
      amountBrl: money('0.99'),
      cessionarioCredorId: 'fundo-x',
      cessionarioNome: 'Fundo "X" de Créditos\nLtda',
      cessionarioCpf: '12.345.678/0001-95',
      onDate: isoDate('2025-08-01'),
    });
    await tx.query(
      `insert into penhoras (precatorio_numero, beneficiario_id, amount, on_date, origem, actor) values ($1, $2, 9999999999999999.99, '2025-09-01', 'Vara do Trabalho — execução nº 1', $3)`,
      [second!.numero, cedente.id, actor],
    );
    await cancelPrecatorio(tx, { numero: third!.numero, actor, motivo: 'teste de cancelamento' });
    // Staff users (0005): one active, one revoked — a backup keeps who had access (hashes only).
    await createStaffUser(tx, { login: 'servidora-teste', role: 'equipe', displayName: 'Servidora de Teste', actor: 'local:teste' });
    await createStaffUser(tx, { login: 'antiga', role: 'administracao', actor: 'local:teste' });
    await revokeStaffUser(tx, { login: 'antiga', actor: 'local:teste' });
  });
}
