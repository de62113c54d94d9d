import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { IsoDate } from '../domain/dates.ts';
import { Dec, type Money, ZERO } from '../domain/money.ts';
import type { RuleBook } from '../domain/rule-book.ts';
import { chronologicalShareMinimum, defaultChronologicalShare } from '../domain/rules/chronological-share.ts';
import {
  ACCOUNTS,
  ENTRY_KINDS,
  DEFAULT_SPECIAL_ACCOUNT_CONFIG,
  type Debit,
  type LedgerEntry,
  type SpecialAccountConfig,
  appendMovement,
  appendMovements,
  balancesOf,
  debitMovement,
  depositMovement,
  describeOverdraft,
  signed,
} from '../domain/special-account/index.ts';
import { type SupportedDates, outsideDate } from '../domain/supported-dates.ts';
import { parseAmount, parseDate } from '../import/fields.ts';
import type { RowError } from '../import/types.ts';
import type { Db } from '../storage/db.ts';
import { StoreError } from '../storage/errors.ts';
import { TRIBUNAIS } from '../domain/special-account/config.ts';
import { appendEnteEvent } from '../storage/events.ts';
import { fundingInForce, fundingRowsOf } from '../storage/funding-store.ts';
import { getEnte } from '../storage/registry-store.ts';
import { acordosOfEnte } from '../storage/acordo-store.ts';
import { insertMovement, ledgerOf, lockSpecialAccount, paymentsOfEnte } from '../storage/special-account-store.ts';

/**
 * The special account's use cases (issue 17 §1; money-movements.md R7.1–R7.5): record a deposit,
 * import deposits from CSV, debit a payment, an acordo or a transfer, and read the ledger — the
 * staff statement and the public art. 82 answer. Each write is one transaction under the ente's
 * special-account lock (storage/special-account-store.ts): it reads the ledger, lets the pure
 * ledger (domain/special-account) decide, writes the movement and its event.
 */
export interface DepositInput {
  readonly enteId: string;
  readonly actor: string;
  readonly date: IsoDate;
  readonly amount: Money;
  readonly document: string;
}

export interface MovementResult {
  readonly enteId: string;
  readonly entries: readonly LedgerEntry[];
  readonly balances: ReturnType<typeof balancesOf>;
}

/** The ente or a 404 naming `id` (the path's field, as every /entes route names it). */
async function enteOr404(db: Db, enteId: string, campo = 'id') {
  const found = await getEnte(db, enteId);
  if (!found) throw new StoreError('nao-encontrado', campo, `ente ${enteId} não encontrado`);
  return found.ente;
}

/**
 * The chronological share of a deposit (R7.5): the plan's (the funding row in force on the date, set
 * by staff) or the default, never below the ADCT 102 minimum in force on the deposit's date.
 */
async function chronologicalShareOn(db: Db, rules: RuleBook, enteId: string, regime: 'geral' | 'especial', date: IsoDate): Promise<Dec> {
  return chronologicalShareBy(rules, enteId, regime, await fundingRowsOf(db, enteId))(date);
}

/** The same share, from funding rows already read (an import reads them once per ente). */
function chronologicalShareBy(rules: RuleBook, enteId: string, regime: 'geral' | 'especial', funding: Awaited<ReturnType<typeof fundingRowsOf>>) {
  return (date: IsoDate): Dec => {
    const minimum = chronologicalShareMinimum(rules, date).value.share;
    const plan = fundingInForce(enteId, funding, date)?.chronologicalShare ?? defaultChronologicalShare(rules, regime, 'deposito-mensal', date);
    return Dec.max(minimum, plan);
  };
}

/** Appends `movement` to the locked ledger or refuses it (balance named); writes its event. In the caller's transaction. */
async function appendIn(
  tx: Db,
  enteId: string,
  actor: string,
  eventKind: string,
  movement: LedgerEntry[],
  after: Record<string, unknown>,
): Promise<MovementResult> {
  await lockSpecialAccount(tx, enteId);
  const next = appendMovement(await ledgerOf(tx, enteId), movement);
  if (!next.ok) throw new StoreError('conflito', 'valor', describeOverdraft(next.error, enteId));
  await writeMovement(tx, { enteId, actor, eventKind, movement, after });
  return { enteId, entries: movement, balances: balancesOf(next.value) };
}

/** A checked movement's event and rows. */
async function writeMovement(
  tx: Db,
  m: { readonly enteId: string; readonly actor: string; readonly eventKind: string; readonly movement: LedgerEntry[]; readonly after: Record<string, unknown> },
): Promise<void> {
  const eventId = await appendEnteEvent(tx, {
    actor: m.actor,
    kind: m.eventKind,
    enteId: m.enteId,
    after: { ...m.after, lancamentos: m.movement.map(entryJson) },
  });
  await insertMovement(tx, m.enteId, m.actor, eventId, m.movement);
}

async function depositIn(
  tx: Db,
  rules: RuleBook,
  input: DepositInput,
  config: SpecialAccountConfig,
  origin: 'DEPOSITO' | 'SEQUESTRO' = 'DEPOSITO',
): Promise<MovementResult> {
  const ente = await enteOr404(tx, input.enteId);
  const share = await chronologicalShareOn(tx, rules, ente.id, ente.regime, input.date);
  const movement = depositMovement(input, { chronologicalShare: share, config, enteId: ente.id }, origin);
  return appendIn(tx, ente.id, input.actor, origin === 'SEQUESTRO' ? 'sequestro-registrado' : DEPOSIT_EVENT, movement, depositEventBody(input, share));
}

/**
 * Money taken by sequestro (ADCT 104 I, CF §27 II; R7.9), recorded by staff: it enters the special
 * account and is distributed like a deposit (origem SEQUESTRO), one event `sequestro-registrado`.
 */
export function recordSequestro(db: Db, rules: RuleBook, input: DepositInput, config = DEFAULT_SPECIAL_ACCOUNT_CONFIG): Promise<MovementResult> {
  return db.transaction((tx) => depositIn(tx, rules, input, config, 'SEQUESTRO'));
}

const DEPOSIT_EVENT = 'deposito-registrado';
const depositEventBody = (input: DepositInput, share: Dec) => ({
  data: input.date,
  valor: input.amount.toFixed(2),
  documento: input.document,
  parcelaCronologica: share.toString(),
});

/**
 * The deposits of an import, in one transaction: each ente locked, its ledger and plan read once,
 * the whole batch checked once (appendMovements) and every deposit written in file order, one
 * event each — not re-read and re-checked per deposit, which made an import quadratic in the
 * ledger's length (1 000 deposits on PGlite: 27.9 s).
 */
async function depositsIn(tx: Db, rules: RuleBook, deposits: readonly DepositInput[], config: SpecialAccountConfig): Promise<void> {
  for (const enteId of new Set(deposits.map((d) => d.enteId))) {
    const ente = await enteOr404(tx, enteId);
    await lockSpecialAccount(tx, ente.id);
    const shareOn = chronologicalShareBy(rules, ente.id, ente.regime, await fundingRowsOf(tx, ente.id));
    const own = deposits
      .filter((d) => d.enteId === enteId)
      .map((d) => {
        const share = shareOn(d.date);
        return { d, share, movement: depositMovement(d, { chronologicalShare: share, config, enteId: ente.id }) };
      });
    const checked = appendMovements(
      await ledgerOf(tx, ente.id),
      own.map((o) => o.movement),
    );
    if (!checked.ok) throw new StoreError('conflito', 'valor', describeOverdraft(checked.error, ente.id));
    for (const { d, share, movement } of own)
      await writeMovement(tx, { enteId: ente.id, actor: d.actor, eventKind: DEPOSIT_EVENT, movement, after: depositEventBody(d, share) });
  }
}

/** A staff deposit into the ente's special account (R7.1), split and shared as it lands (R7.3, R7.5). */
export function recordDeposit(db: Db, rules: RuleBook, input: DepositInput, config = DEFAULT_SPECIAL_ACCOUNT_CONFIG): Promise<MovementResult> {
  return db.transaction((tx) => depositIn(tx, rules, input, config));
}

export interface DebitInput {
  readonly enteId: string;
  readonly actor: string;
  readonly debit: Debit;
}

/** A debit in the caller's transaction (a payment path can call it inside its own); refused beyond the balance (R7.2). */
export async function debitIn(tx: Db, input: DebitInput): Promise<MovementResult> {
  const ente = await enteOr404(tx, input.enteId);
  const d = input.debit;
  return appendIn(tx, ente.id, input.actor, 'conta-especial-debitada', debitMovement(d), {
    tipo: d.kind,
    data: d.date,
    valor: d.amount.toFixed(2),
    documento: d.document,
    ...(d.kind === 'TRANSFERENCIA' ? { origem: d.from, destino: d.to } : { precatorio: d.precatorio ?? null }),
  });
}

export const recordDebit = (db: Db, input: DebitInput): Promise<MovementResult> => db.transaction((tx) => debitIn(tx, input));

/**
 * R7.2: a payment debits its account — an acordo the acordo account, any other payment the
 * chronological one — when the ente keeps a special account (has any entry): a debtor whose
 * deposits are not recorded here (the regime geral, or before the first deposit) is paid as before.
 * Beyond the balance, the payment is refused with it (the caller's transaction rolls back).
 */
async function debitIfKept(tx: Db, enteId: string, actor: string, debit: Debit): Promise<void> {
  await lockSpecialAccount(tx, enteId);
  const { rows } = await tx.query('select 1 from special_account_entries where ente_id = $1 limit 1', [enteId]);
  if (rows.length > 0) await debitIn(tx, { enteId, actor, debit });
}

/** The staff payment's debit (app/staff-writes.ts), after the payment is written in the same transaction. */
export async function debitAfterPayment<T extends { readonly precatorio: { readonly enteId: string } }>(
  tx: Db,
  payment: {
    readonly numero: string;
    readonly actor: string;
    readonly amountBrl: Money;
    readonly kind: 'cronologica' | 'superpreferencia' | 'acordo';
    readonly paidOn: IsoDate;
  },
  r: T,
): Promise<T> {
  await debitIfKept(tx, r.precatorio.enteId, payment.actor, {
    kind: payment.kind === 'acordo' ? 'ACORDO' : 'PAGAMENTO',
    date: payment.paidOn,
    amount: payment.amountBrl,
    document: `pagamento ${payment.kind} do precatório ${payment.numero}`,
    precatorio: payment.numero,
  });
  return r;
}

/** A payment run's debit (app/payment-run.ts): its whole total from the chronological account, once (R7.2, R7.5). */
export async function debitPaymentRun(
  tx: Db,
  run: { readonly enteId: string; readonly actor: string; readonly paidOn: IsoDate },
  items: readonly { readonly amountBrl: Money }[],
): Promise<void> {
  const total = items.reduce<Money>((a, i) => a.plus(i.amountBrl), ZERO);
  if (total.isZero()) return;
  await debitIfKept(tx, run.enteId, run.actor, {
    kind: 'PAGAMENTO',
    date: run.paidOn,
    amount: total,
    document: `rodada de pagamento de ${run.paidOn} (${items.length} pagamentos)`,
  });
}

/** Columns of the deposits CSV (`;` or `,`); `ente` may be left out when the import names one. */
export const DEPOSIT_CSV_COLUMNS = ['ente', 'data', 'valor', 'documento'] as const;
const DOCUMENT_MAX = 500;

export type DepositImport = { readonly ok: true; readonly recorded: number; readonly total: Money } | { readonly ok: false; readonly errors: RowError[] };

/**
 * Imports deposits from CSV text, all or none (one transaction): every bad line is reported with
 * its line and field, and then nothing is written.
 */
export async function importDeposits(
  db: Db,
  rules: RuleBook,
  input: { readonly csv: string; readonly actor: string; readonly dates: SupportedDates; readonly enteId?: string | undefined },
  config = DEFAULT_SPECIAL_ACCOUNT_CONFIG,
): Promise<DepositImport> {
  // An import for one ente (the route's path) names a missing ente as the path's field, like every /entes route.
  if (input.enteId !== undefined) await enteOr404(db, input.enteId);
  const text = input.csv.replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, { delimiter, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (error) {
    return { ok: false, errors: [{ line: 1, field: '', reason: `CSV ilegível: ${(error as Error).message}` }] };
  }
  const [header, ...rows] = records;
  const columns = (header ?? []).map((h) => h.toLowerCase());
  const required = DEPOSIT_CSV_COLUMNS.filter((c) => !(c === 'ente' && input.enteId !== undefined));
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length > 0)
    return {
      ok: false,
      errors: [
        { line: 1, field: missing.join(', '), reason: `colunas obrigatórias ausentes: ${missing.join(', ')} (cabeçalho: ${DEPOSIT_CSV_COLUMNS.join(';')})` },
      ],
    };
  if (rows.length === 0) return { ok: false, errors: [{ line: 2, field: '', reason: 'o arquivo não tem nenhum depósito' }] };

  const errors: RowError[] = [];
  const deposits: DepositInput[] = [];
  const known = new Map<string, boolean>();
  for (const [i, row] of rows.entries()) {
    const line = i + 2;
    const cell = (c: string) => row[columns.indexOf(c)] ?? '';
    const bad = (field: string, reason: string) => errors.push({ line, field, reason });
    const enteId = input.enteId ?? cell('ente');
    if (input.enteId !== undefined && columns.includes('ente') && cell('ente') !== '' && cell('ente') !== input.enteId)
      bad('ente', `linha do ente ${cell('ente')} num arquivo do ente ${input.enteId}`);
    else if (enteId === '') bad('ente', 'ente vazio');
    else {
      if (!known.has(enteId)) known.set(enteId, (await getEnte(db, enteId)) !== undefined);
      if (!known.get(enteId)) bad('ente', `ente ${enteId} não encontrado`);
    }
    const date = parseDate(cell('data'));
    const outside = date.ok ? outsideDate(input.dates.contaEspecial, date.value) : undefined;
    if (!date.ok) bad('data', date.error);
    else if (outside) bad('data', outside);
    const amount = parseAmount(cell('valor'));
    if (!amount.ok) bad('valor', amount.error);
    else if (!amount.value.greaterThan(0)) bad('valor', `o depósito deve ser maior que zero (recebido ${cell('valor')})`);
    const document = cell('documento');
    if (document === '') bad('documento', 'documento vazio: cada depósito cita o seu comprovante (R7.2)');
    else if (document.length > DOCUMENT_MAX) bad('documento', `documento com mais de ${DOCUMENT_MAX} caracteres`);
    if (date.ok && !outside && amount.ok && amount.value.greaterThan(0) && document !== '' && document.length <= DOCUMENT_MAX)
      deposits.push({ enteId, actor: input.actor, date: date.value, amount: amount.value, document });
  }
  if (errors.length > 0) return { ok: false, errors };
  await db.transaction((tx) => depositsIn(tx, rules, deposits, config));
  return { ok: true, recorded: deposits.length, total: deposits.reduce<Money>((a, d) => a.plus(d.amount), ZERO) };
}

/** One entry as the API and the events show it. */
export function entryJson(e: LedgerEntry) {
  return {
    conta: e.account,
    tipo: e.kind,
    sentido: e.direction,
    data: e.date,
    valor: e.amount.toFixed(2),
    documento: e.document,
    ...(e.destino ? { destino: e.destino } : {}),
    ...(e.precatorio ? { precatorio: e.precatorio } : {}),
  };
}

/** A movement as the API answers it and the CLI prints it (either mode): its entries and the balances after it. */
export function movementJson(r: MovementResult) {
  return {
    ente: r.enteId,
    lancamentos: r.entries.map(entryJson),
    saldos: { cronologica: r.balances.CRONOLOGICA.toFixed(2), acordo: r.balances.ACORDO.toFixed(2) },
  };
}
export type MovementJson = ReturnType<typeof movementJson>;
export type SpecialAccountStatement = Awaited<ReturnType<typeof specialAccountStatement>>;

/** The contract of those answers, for a client that reads them from the API (app/remote-registry.ts). */
const entryJsonSchema = z.object({
  conta: z.enum(ACCOUNTS),
  tipo: z.enum(ENTRY_KINDS),
  sentido: z.enum(['credito', 'debito']),
  data: z.string().transform((d) => d as IsoDate),
  valor: z.string(),
  documento: z.string(),
  destino: z.enum(TRIBUNAIS).optional(),
  precatorio: z.string().optional(),
});
const balancesJsonSchema = z.object({ cronologica: z.string(), acordo: z.string() });
export const movementJsonSchema = z.object({ ente: z.string(), lancamentos: z.array(entryJsonSchema), saldos: balancesJsonSchema });
export const specialAccountStatementSchema = z.object({
  ente: z.object({ id: z.string(), nome: z.string(), regime: z.enum(['geral', 'especial']) }),
  saldos: balancesJsonSchema,
  lancamentos: z.array(entryJsonSchema),
});

/** The balance of each account after the last movement of each date (R7.4: "saldo das contas" with its date). */
export function balancesByDate(ledger: readonly LedgerEntry[]): { data: IsoDate; cronologica: string; acordo: string }[] {
  const running = Object.fromEntries(ACCOUNTS.map((a) => [a, ZERO])) as Record<(typeof ACCOUNTS)[number], Money>;
  const out: { data: IsoDate; cronologica: string; acordo: string }[] = [];
  for (const [i, e] of ledger.entries()) {
    running[e.account] = running[e.account].plus(signed(e));
    if (ledger[i + 1]?.date !== e.date) out.push({ data: e.date, cronologica: running.CRONOLOGICA.toFixed(2), acordo: running.ACORDO.toFixed(2) });
  }
  return out;
}

/** The staff statement: every entry and the balances now. */
export async function specialAccountStatement(db: Db, enteId: string) {
  const ente = await enteOr404(db, enteId);
  const ledger = await ledgerOf(db, ente.id);
  const b = balancesOf(ledger);
  return {
    ente: { id: ente.id, nome: ente.nome, regime: ente.regime },
    saldos: { cronologica: b.CRONOLOGICA.toFixed(2), acordo: b.ACORDO.toFixed(2) },
    lancamentos: ledger.map(entryJson),
  };
}

/**
 * The public art. 82 answer for one ente (Res. CNJ 303 art. 82, TJPR-DJ86 art. 10; R7.4): its
 * deposits (date, amount, document, where each went), the balances with their date, the payment
 * plan (the funding rows staff registered) and the payments made (date, precatório, amount). No
 * beneficiary appears: a payment names only its precatório. The acordos made (R7.4: "Acordos …
 * pagos") list date, precatório, amount paid and deságio (app/acordos.ts), also without beneficiary.
 */
export async function art82Publication(db: Db, enteId: string, mask: (text: string) => string) {
  const ente = await enteOr404(db, enteId);
  const ledger = await ledgerOf(db, ente.id);
  const b = balancesOf(ledger);
  const byDeposit: { data: IsoDate; valor: string; documento: string; cronologica: Money; acordo: Money; trt: Money; trf: Money; sequestro?: true }[] = [];
  for (const e of ledger) {
    // A sequestro (R7.9) is published as the money it is, marked with its origin.
    if (e.kind === 'DEPOSITO' || e.kind === 'SEQUESTRO')
      byDeposit.push({
        data: e.date,
        valor: e.amount.toFixed(2),
        documento: mask(e.document),
        cronologica: ZERO,
        acordo: ZERO,
        trt: ZERO,
        trf: ZERO,
        ...(e.kind === 'SEQUESTRO' ? { sequestro: true as const } : {}),
      });
    const last = byDeposit.at(-1);
    if (!last || last.data !== e.date) continue;
    if (e.kind === 'RATEIO_OUT' && e.destino === 'TRT') last.trt = last.trt.plus(e.amount);
    if (e.kind === 'RATEIO_OUT' && e.destino === 'TRF') last.trf = last.trf.plus(e.amount);
    if (e.kind === 'SPLIT' && e.direction === 'credito')
      last[e.account === 'ACORDO' ? 'acordo' : 'cronologica'] = last[e.account === 'ACORDO' ? 'acordo' : 'cronologica'].plus(e.amount);
  }
  const history = balancesByDate(ledger);
  return {
    ente: { id: ente.id, nome: ente.nome, regime: ente.regime },
    depositos: byDeposit.map((d) => ({
      ...(d.sequestro ? { origem: 'SEQUESTRO' as const } : {}),
      data: d.data,
      valor: d.valor,
      documento: d.documento,
      paraCronologica: d.cronologica.toFixed(2),
      paraAcordos: d.acordo.toFixed(2),
      repasseTrt: d.trt.toFixed(2),
      repasseTrf: d.trf.toFixed(2),
    })),
    saldos: { data: history.at(-1)?.data ?? null, cronologica: b.CRONOLOGICA.toFixed(2), acordo: b.ACORDO.toFixed(2) },
    saldosPorData: history,
    plano: (await fundingRowsOf(db, ente.id)).map((r) => ({
      vigenteDesde: r.validFrom,
      tipo: r.kind,
      valor: r.amount.toFixed(2),
      parcelaCronologica: r.chronologicalShare.toString(),
      fundamento: mask(r.legalBasis),
    })),
    pagamentos: (await paymentsOfEnte(db, ente.id)).map((p) => ({ data: p.paidOn, precatorio: p.numero, valor: p.amount, tipo: p.kind })),
    acordos: await acordosOfEnte(db, ente.id),
  };
}
export type Art82Publication = Awaited<ReturnType<typeof art82Publication>>;

/** Columns of the art. 82 CSV: one table, a `secao` per dataset of R7.4 (depósitos, saldos, plano, pagamentos). */
export const ART82_CSV_COLUMNS = [
  'secao',
  'data',
  'valor',
  'cronologica',
  'acordo',
  'repasse_trt',
  'repasse_trf',
  'parcela_cronologica',
  'tipo',
  'precatorio',
  'documento',
  'desagio',
] as const;

/** The art. 82 answer as CSV rows (header first), for the `;`-separated export. */
export function art82CsvRows(p: Art82Publication): string[][] {
  type Row = Partial<Record<(typeof ART82_CSV_COLUMNS)[number], string>>;
  const rows: Row[] = [
    ...p.depositos.map((d) => ({
      secao: 'deposito',
      data: d.data,
      valor: d.valor,
      cronologica: d.paraCronologica,
      acordo: d.paraAcordos,
      repasse_trt: d.repasseTrt,
      repasse_trf: d.repasseTrf,
      documento: d.documento,
    })),
    ...p.saldosPorData.map((s) => ({ secao: 'saldo', data: s.data, cronologica: s.cronologica, acordo: s.acordo })),
    ...p.plano.map((r) => ({
      secao: 'plano',
      data: r.vigenteDesde,
      valor: r.valor,
      parcela_cronologica: r.parcelaCronologica,
      tipo: r.tipo,
      documento: r.fundamento,
    })),
    ...p.pagamentos.map((x) => ({ secao: 'pagamento', data: x.data, valor: x.valor, tipo: x.tipo, precatorio: x.precatorio })),
    ...p.acordos.map((x) => ({ secao: 'acordo', data: x.data, valor: x.valor, precatorio: x.precatorio, desagio: x.desagio, documento: `edital ${x.edital}` })),
  ];
  return [[...ART82_CSV_COLUMNS], ...rows.map((r) => ART82_CSV_COLUMNS.map((c) => r[c] ?? ''))];
}
