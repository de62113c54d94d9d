import type { IsoDate } from '../dates.ts';
import { type Dec, type Money, ZERO } from '../money.ts';
import { type Result, err, ok } from '../result.ts';
import { chronologicalSplit, largestRemainder } from './allocate.ts';
import { type SpecialAccountConfig, TRIBUNAIS, type Tribunal } from './config.ts';

/**
 * The special account of one ente as an append-only ledger (money-movements.md R7.2). A deposit
 * lands in ENTRADA and leaves it in the same movement: the rateio out to the TRT/TRF lists (R7.3)
 * and the split into the chronological and acordo accounts (R7.5, TJPR-DJ86 art. 42 §§1–4). So,
 * per account, Σ credits − Σ debits = balance, and never below zero at any date.
 */
export const ACCOUNTS = ['ENTRADA', 'CRONOLOGICA', 'ACORDO'] as const;
export type SpecialAccountName = (typeof ACCOUNTS)[number];

/** Ledger events of R7.2: APORTE (DEPOSITO), RATEIO_OUT, SPLIT_CRONO_ACORDO (SPLIT), the debits of payments and acordos, the sweep between accounts. */
export const ENTRY_KINDS = ['DEPOSITO', 'RATEIO_OUT', 'SPLIT', 'PAGAMENTO', 'ACORDO', 'TRANSFERENCIA'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export type Direction = 'credito' | 'debito';

export interface LedgerEntry {
  readonly account: SpecialAccountName;
  readonly kind: EntryKind;
  readonly direction: Direction;
  readonly date: IsoDate;
  /** Positive, to the cent. */
  readonly amount: Money;
  /** The source document (bank statement, alvará, ofício) — R7.2: each event with its document. */
  readonly document: string;
  /** RATEIO_OUT only: the tribunal whose list receives the share. */
  readonly destino?: Tribunal | undefined;
  /** PAGAMENTO / ACORDO: the precatório paid. */
  readonly precatorio?: string | undefined;
}

export const ACCOUNT_LABEL: Record<SpecialAccountName, string> = {
  ENTRADA: 'conta de entrada',
  CRONOLOGICA: 'conta da ordem cronológica',
  ACORDO: 'conta de acordos',
};

export type Balances = Record<SpecialAccountName, Money>;

export const zeroBalances = (): Balances => ({ ENTRADA: ZERO, CRONOLOGICA: ZERO, ACORDO: ZERO });

export const signed = (e: LedgerEntry): Money => (e.direction === 'credito' ? e.amount : e.amount.negated());

/** Σ credits − Σ debits per account. */
export function balancesOf(entries: readonly LedgerEntry[]): Balances {
  const b = zeroBalances();
  for (const e of entries) b[e.account] = b[e.account].plus(signed(e));
  return b;
}

/** What the split of a deposit needs from the ente's plan and the rule book (R7.5). */
export interface SplitParams {
  /** The plan's chronological share (funding row in force), already ≥ the ADCT 102 minimum. */
  readonly chronologicalShare: Dec;
  readonly config: SpecialAccountConfig;
  readonly enteId: string;
}

export interface Deposit {
  readonly date: IsoDate;
  readonly amount: Money;
  readonly document: string;
}

/**
 * The movement of one deposit D: DEPOSITO into ENTRADA, the rateio out (R7.3, largest remainder so
 * the shares sum to D to the cent) and the split (R7.5: `crono = D × max(minimum, share)` rounded up
 * to the cent, `acordo = D − crono`, and `crono = D` when the ente has no acordo regulation). With
 * `acordoSplitBeforeRateio` the acordo share leaves first and only the chronological part is shared.
 */
export function depositMovement(deposit: Deposit, params: SplitParams): LedgerEntry[] {
  const { config } = params;
  const share = config.acordoRegulatedEntes.has(params.enteId) ? params.chronologicalShare : undefined;
  const rateio = (amount: Money) => {
    const parts = largestRemainder(
      amount,
      TRIBUNAIS.map((t) => config.rateioShares[t]),
    );
    return new Map(TRIBUNAIS.map((t, i) => [t, parts[i]!]));
  };
  let crono: Money;
  let acordo: Money;
  let shares: Map<Tribunal, Money>;
  if (config.acordoSplitBeforeRateio) {
    const split = share ? chronologicalSplit(deposit.amount, share) : { crono: deposit.amount, acordo: ZERO };
    shares = rateio(split.crono);
    crono = shares.get('TJ')!;
    acordo = split.acordo;
  } else {
    shares = rateio(deposit.amount);
    const split = share ? chronologicalSplit(shares.get('TJ')!, share) : { crono: shares.get('TJ')!, acordo: ZERO };
    crono = split.crono;
    acordo = split.acordo;
  }
  const base = { date: deposit.date, document: deposit.document };
  const entries: LedgerEntry[] = [{ ...base, account: 'ENTRADA', kind: 'DEPOSITO', direction: 'credito', amount: deposit.amount }];
  for (const t of TRIBUNAIS) {
    const x = shares.get(t)!;
    if (t !== 'TJ' && x.greaterThan(0)) entries.push({ ...base, account: 'ENTRADA', kind: 'RATEIO_OUT', direction: 'debito', amount: x, destino: t });
  }
  for (const [account, x] of [
    ['CRONOLOGICA', crono],
    ['ACORDO', acordo],
  ] as const) {
    if (x.isZero()) continue;
    entries.push({ ...base, account: 'ENTRADA', kind: 'SPLIT', direction: 'debito', amount: x });
    entries.push({ ...base, account, kind: 'SPLIT', direction: 'credito', amount: x });
  }
  return entries;
}

/** A debit of the account: a payment (chronological), an acordo, or a transfer between the two accounts (R7.2's yearly sweep). */
export type Debit =
  | {
      readonly kind: 'PAGAMENTO' | 'ACORDO';
      readonly date: IsoDate;
      readonly amount: Money;
      readonly document: string;
      readonly precatorio?: string | undefined;
    }
  | {
      readonly kind: 'TRANSFERENCIA';
      readonly date: IsoDate;
      readonly amount: Money;
      readonly document: string;
      readonly from: 'CRONOLOGICA' | 'ACORDO';
      readonly to: 'CRONOLOGICA' | 'ACORDO';
    };

/** PAGAMENTO debits the chronological account, ACORDO the acordo account (R7.2, TJPR-DJ86 art. 42). */
export function debitMovement(debit: Debit): LedgerEntry[] {
  const base = { date: debit.date, amount: debit.amount, document: debit.document };
  if (debit.kind === 'TRANSFERENCIA') {
    return [
      { ...base, account: debit.from, kind: 'TRANSFERENCIA', direction: 'debito' },
      { ...base, account: debit.to, kind: 'TRANSFERENCIA', direction: 'credito' },
    ];
  }
  const account = debit.kind === 'PAGAMENTO' ? 'CRONOLOGICA' : 'ACORDO';
  return [{ ...base, account, kind: debit.kind, direction: 'debito', precatorio: debit.precatorio }];
}

/** A movement refused: it would take `account` below zero; `available` is the most it could debit on its date. */
export interface Overdraft {
  readonly kind: 'saldo-insuficiente';
  readonly account: SpecialAccountName;
  readonly date: IsoDate;
  readonly amount: Money;
  readonly available: Money;
}

/**
 * Dated order of the ledger: by date, then in the order written (a movement written later for the
 * same date comes after). `ledger` is already in that order; `movement` goes after its date's entries.
 */
function withMovement(ledger: readonly LedgerEntry[], movement: readonly LedgerEntry[]): LedgerEntry[] {
  const date = movement[0]?.date;
  if (date === undefined) return [...ledger];
  const at = ledger.findIndex((e) => e.date > date);
  return at < 0 ? [...ledger, ...movement] : [...ledger.slice(0, at), ...movement, ...ledger.slice(at)];
}

/**
 * The most `account` can pay on `date` without going below zero then or later: the least running
 * balance from `date` on (the money of later debits already spoken for).
 */
export function availableOn(ledger: readonly LedgerEntry[], account: SpecialAccountName, date: IsoDate): Money {
  let running = ZERO;
  let least: Money | undefined;
  for (const e of ledger) {
    if (least === undefined && e.date > date) least = running;
    if (e.account === account) running = running.plus(signed(e));
    if (least !== undefined && running.lessThan(least)) least = running;
  }
  return least === undefined ? running : least;
}

/**
 * The ledger with `movement` added in its dated place, or the refusal when any account would go
 * below zero at any date (the balance never negative, at every event).
 */
export function appendMovement(ledger: readonly LedgerEntry[], movement: readonly LedgerEntry[]): Result<LedgerEntry[], Overdraft> {
  const next = withMovement(ledger, movement);
  const running = zeroBalances();
  for (const e of next) {
    running[e.account] = running[e.account].plus(signed(e));
    if (running[e.account].isNegative()) {
      const debited = movement.filter((m) => m.account === e.account && m.direction === 'debito');
      const amount = debited.reduce<Money>((a, m) => a.plus(m.amount), ZERO);
      return err({
        kind: 'saldo-insuficiente',
        account: e.account,
        date: movement[0]!.date,
        amount,
        available: availableOn(ledger, e.account, movement[0]!.date),
      });
    }
  }
  return ok(next);
}

/**
 * Several movements appended in turn, with the verdict of `appendMovement` one by one. When no
 * movement lowers any account (a deposit: its ENTRADA credit leaves in the same movement), no
 * intermediate ledger can be lower than the last one at any date, so one check of the last suffices
 * — linear for an import of n deposits instead of quadratic. Otherwise each is checked in turn.
 */
export function appendMovements(ledger: readonly LedgerEntry[], movements: readonly (readonly LedgerEntry[])[]): Result<LedgerEntry[], Overdraft> {
  const lowersNothing = movements.every((m) => ACCOUNTS.every((a) => !netOf(m, a).isNegative()));
  if (!lowersNothing) {
    let current: LedgerEntry[] = [...ledger];
    for (const m of movements) {
      const next = appendMovement(current, m);
      if (!next.ok) return next;
      current = next.value;
    }
    return ok(current);
  }
  let all: LedgerEntry[] = [...ledger];
  for (const m of movements) all = withMovement(all, m);
  const last = movements.at(-1);
  return last === undefined ? ok(all) : appendMovement(withoutLast(all, last), last);
}

/** A movement's net effect on one account. */
const netOf = (movement: readonly LedgerEntry[], account: SpecialAccountName): Money =>
  movement.reduce<Money>((a, e) => (e.account === account ? a.plus(signed(e)) : a), ZERO);

/** `ledger` without the entries of `movement` (found by identity), to check the last append as appendMovement does. */
const withoutLast = (ledger: readonly LedgerEntry[], movement: readonly LedgerEntry[]): LedgerEntry[] => {
  const own = new Set(movement);
  return ledger.filter((e) => !own.has(e));
};

/** pt-BR text of a refusal, naming the account and its balance (for the edges). */
export function describeOverdraft(o: Overdraft, enteId: string): string {
  return `débito de ${o.amount.toFixed(2)} recusado: a ${ACCOUNT_LABEL[o.account]} do ente ${enteId} tem saldo disponível de ${o.available.toFixed(2)} em ${o.date} (R7.2: a conta especial nunca fica negativa)`;
}
