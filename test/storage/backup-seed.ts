import { isoDate } from '../../src/domain/dates.ts';
import { Dec, money } from '../../src/domain/money.ts';
import { type Precatorio, saldoOf } from '../../src/domain/precatorio.ts';
import { importIndexFolder } from '../../src/indices/folder.ts';
import type { Db } from '../../src/storage/db.ts';
import { putFunding } from '../../src/storage/funding-store.ts';
import { importRegistry } from '../../src/storage/registry-store.ts';
import { cancelPrecatorio, grantSuperpreference, registerCessao, registerPayment, revokeSuperpreference } from '../../src/storage/registry-writes.ts';
import { SqlIndexStore } from '../../src/storage/sql-index-store.ts';
import { registerFractionCessao, registerHabilitacao, registerPenhora } from '../../src/storage/party-writes.ts';
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
  'habilitacoes',
  'index_series',
  'payment_lines',
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
 * (payments, a cessão by amount and one by fraction, a penhora, a habilitação of heirs, a grant
 * revoked and granted again, a cancellation), plus a payment line (plain SQL: lines are written for
 * payments liquidated on their date, test/app/parties.contract.test.ts).
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
  const [second, third, fourth] = input.precatorios.filter((p) => open(p) && p !== alimentar);
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
    await registerFractionCessao(tx, {
      numero: second!.numero,
      actor,
      cedenteId: cedente.id,
      fraction: new Dec('0.25'),
      cessionarioCredorId: 'fundo-y',
      cessionarioNome: 'Fundo Y',
      instrumento: 'escritura',
      instrumentoRef: '1º Tabelionato, livro 2',
      lavradaEm: isoDate('2025-08-10'),
      protocoloEm: isoDate('2025-08-12'),
    });
    await registerPenhora(tx, {
      numero: second!.numero,
      actor,
      beneficiarioId: cedente.id,
      limitBrl: money('9999999999999999.99'),
      juizo: 'Vara do Trabalho — execução nº 1',
      processo: '0001234-56.2024.5.08.0001',
      averbadaEm: isoDate('2025-09-01'),
    });
    await registerPayment(tx, {
      numero: second!.numero,
      actor,
      beneficiarioId: cedente.id,
      amountBrl: money('0.50'),
      kind: 'cronologica',
      paidOn: isoDate('2025-09-10'),
    });
    await tx.query(
      `insert into payment_lines (payment_id, line_no, papel, penhora_id, bruto, irrf, liquido, remeter_ao_juizo)
       select (select max(id) from payments), 1, 'juizo-penhora', (select max(id) from penhoras), 0.50, 0, 0.50, true`,
    );
    const deceased = fourth!.beneficiarios.find((b) => saldoOf(b).greaterThan(1))!;
    await registerHabilitacao(tx, {
      numero: fourth!.numero,
      actor,
      falecidoId: deceased.id,
      decididoEm: isoDate('2025-09-20'),
      heirs: [
        { id: `${deceased.id}-h1`, credorId: 'herdeira-1', quinhao: new Dec('0.5'), nascimento: isoDate('1950-01-01'), nome: 'Herdeira Um' },
        { id: `${deceased.id}-h2`, credorId: 'herdeiro-2', quinhao: new Dec('0.5') },
      ],
    });
    await cancelPrecatorio(tx, { numero: third!.numero, actor, motivo: 'teste de cancelamento' });
    // Staff users (0005): one active, one revoked — a backup keeps who had access (hashes only).
    await createStaffUser(tx, { login: 'servidora-teste', role: 'equipe', displayName: 'Servidora de Teste', actor: 'local:teste' });
    await createStaffUser(tx, { login: 'antiga', role: 'administracao', actor: 'local:teste' });
    await revokeStaffUser(tx, { login: 'antiga', actor: 'local:teste' });
  });
}
