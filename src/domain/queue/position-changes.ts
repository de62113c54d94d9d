import { type Money, ZERO } from '../money.ts';
import { DEFAULT_ORDERING_OPTIONS, type OrderingOptions, type SortKey, compareSortKeys } from './ordering.ts';

/**
 * "Por que a minha posição mudou" (issue 18 §1): one precatório's position in its debtor's
 * chronological list at two published versions, and the reason for each place it moved.
 *
 * The position is 1 + the number of open precatórios whose sort key comes first (R2.1, R2.2), so a
 * move is exactly one precatório that was ahead and no longer is (up one place) or one that is
 * ahead now and was not (down one place): the moves are the symmetric difference of the two sets
 * ahead and always sum to the delta. A partial payment, a cessão, a penhora or a superpreference
 * tranche never moves anyone (R2.8, Res. 303 art. 9 §5): only leaving the list (paid in full,
 * cancelled), entering it (registered, reopened) or a changed sort key (re-keyed by an import) does.
 *
 * The answer is counts and amounts only — no número, no person, no date, no superpreference ground:
 * a superpreference payment ahead is counted, never valued (issue 18 §1, LGPD art. 11).
 */

/** An open precatório of the list (ativo or suspenso) with the key that places it. */
export interface ListMember {
  readonly numero: string;
  readonly key: SortKey;
}

/** What closed a precatório (took it out of the list) between the two versions. */
export type ClosedBy = 'pagamento-cronologica' | 'pagamento-acordo' | 'pagamento-superpreferencia' | 'cancelado' | 'importacao';

/** What the event log says happened to one precatório between the two versions. */
export interface ChangeFacts {
  /** Its first event is after the older version: registered between them. */
  readonly registeredBetween: boolean;
  /** The event that took it out of the list, when it left. */
  readonly closedBy?: ClosedBy | undefined;
  /** Face value paid between the versions (cronológica and acordo payments; superpreference not counted). */
  readonly paidBrl?: Money | undefined;
}

export type MoveReason =
  /** A precatório ahead paid in full in the chronological order. */
  | 'pagamento-cronologica'
  /** A precatório ahead closed by an acordo direto (R7.7). */
  | 'pagamento-acordo'
  /** A precatório ahead whose whole balance was paid as superpreference (count only). */
  | 'pagamento-superpreferencia'
  | 'cancelamento'
  /** A precatório ahead that an import marked paid/cancelled or moved to another debtor. */
  | 'saida-importacao'
  /** A precatório registered between the versions, placed ahead. */
  | 'novo'
  /** Another precatório's sort key changed (re-keyed by an import) or it was reopened. */
  | 'reordenado'
  /** This precatório's own sort key changed (data corrected by an import). */
  | 'propria';

export interface PositionMove {
  readonly reason: MoveReason;
  /** How many precatórios moved this one for this reason, in this direction. */
  readonly count: number;
  /** Signed change of the position number: −count (moved up, closer to payment) or +count. */
  readonly effect: number;
  /** Cronológica and acordo payments: the face paid between the versions on those precatórios. */
  readonly paidBrl?: Money | undefined;
}

export interface PositionChange {
  /** Undefined when the precatório was not in that version's list (not registered yet, or closed). */
  readonly positionBefore: number | undefined;
  readonly positionAfter: number | undefined;
  /** positionAfter − positionBefore (negative: moved up); undefined unless in both lists. */
  readonly delta: number | undefined;
  /** Σ effect = delta; ordered: moves up first, then down, each by reason. */
  readonly moves: readonly PositionMove[];
  /**
   * Of the precatórios that came ahead (new, reordered), how many have a superpreference tranche in
   * the newer version (paid before this one's remainder) — a count, nothing about whose or why.
   */
  readonly newSuperpreferencesAhead: number;
}

const REASON_ORDER: readonly MoveReason[] = [
  'pagamento-cronologica',
  'pagamento-acordo',
  'pagamento-superpreferencia',
  'cancelamento',
  'saida-importacao',
  'novo',
  'reordenado',
  'propria',
];

const LEFT_REASON: Record<ClosedBy, MoveReason> = {
  'pagamento-cronologica': 'pagamento-cronologica',
  'pagamento-acordo': 'pagamento-acordo',
  'pagamento-superpreferencia': 'pagamento-superpreferencia',
  cancelado: 'cancelamento',
  importacao: 'saida-importacao',
};

/**
 * Explains the move of `numero` between the list `before` and the list `after` (each the open
 * precatórios of one debtor, in any order). `facts` says, per número, what the event log between
 * the versions recorded; `trancheAfter` which precatórios have a superpreference tranche in `after`.
 */
export function explainPositionChange(args: {
  readonly numero: string;
  readonly before: readonly ListMember[];
  readonly after: readonly ListMember[];
  readonly facts: ReadonlyMap<string, ChangeFacts>;
  readonly trancheAfter?: { has(numero: string): boolean } | undefined;
  readonly options?: OrderingOptions | undefined;
}): PositionChange {
  const options = args.options ?? DEFAULT_ORDERING_OPTIONS;
  const ownBefore = args.before.find((m) => m.numero === args.numero)?.key;
  const ownAfter = args.after.find((m) => m.numero === args.numero)?.key;
  const ahead = (own: SortKey | undefined, list: readonly ListMember[]) => {
    const set = new Map<string, SortKey>();
    if (own) for (const m of list) if (m.numero !== args.numero && compareSortKeys(m.key, own, options) < 0) set.set(m.numero, m.key);
    return set;
  };
  const aheadBefore = ahead(ownBefore, args.before);
  const aheadAfter = ahead(ownAfter, args.after);
  const positionBefore = aheadBefore.size + 1;
  const positionAfter = aheadAfter.size + 1;
  if (!ownBefore || !ownAfter) {
    return { positionBefore: ownBefore && positionBefore, positionAfter: ownAfter && positionAfter, delta: undefined, moves: [], newSuperpreferencesAhead: 0 };
  }

  const keyBefore = new Map(args.before.map((m) => [m.numero, m.key]));
  const keyAfter = new Map(args.after.map((m) => [m.numero, m.key]));
  const ownChanged = compareSortKeys(ownBefore, ownAfter, options) !== 0;
  /**
   * A precatório in both lists that changed sides: the move is this one's own when its own new key
   * alone, against the other's old key, already gives the new side; else the other was re-keyed.
   */
  const reorderReason = (other: string, nowAhead: boolean): MoveReason => {
    if (!ownChanged) return 'reordenado';
    const aheadOfNewOwn = compareSortKeys(keyBefore.get(other)!, ownAfter, options) < 0;
    return aheadOfNewOwn === nowAhead ? 'propria' : 'reordenado';
  };

  const groups = new Map<string, { reason: MoveReason; count: number; effect: number; paidBrl: Money | undefined }>();
  const add = (reason: MoveReason, effect: 1 | -1, paidBrl?: Money) => {
    const id = `${effect}:${reason}`;
    const g = groups.get(id) ?? { reason, count: 0, effect: 0, paidBrl: undefined };
    g.count += 1;
    g.effect += effect;
    if (paidBrl) g.paidBrl = (g.paidBrl ?? ZERO).plus(paidBrl);
    groups.set(id, g);
  };

  for (const other of aheadBefore.keys()) {
    if (aheadAfter.has(other)) continue;
    if (keyAfter.has(other)) {
      add(reorderReason(other, false), -1);
      continue;
    }
    const facts = args.facts.get(other);
    const reason = LEFT_REASON[facts?.closedBy ?? 'importacao'];
    add(reason, -1, reason === 'pagamento-cronologica' || reason === 'pagamento-acordo' ? (facts?.paidBrl ?? ZERO) : undefined);
  }
  let newSuperpreferencesAhead = 0;
  for (const other of aheadAfter.keys()) {
    if (aheadBefore.has(other)) continue;
    if (args.trancheAfter?.has(other)) newSuperpreferencesAhead += 1;
    if (keyBefore.has(other)) add(reorderReason(other, true), 1);
    else add(args.facts.get(other)?.registeredBetween ? 'novo' : 'reordenado', 1);
  }

  const moves = [...groups.values()]
    .sort((a, b) => Math.sign(a.effect) - Math.sign(b.effect) || REASON_ORDER.indexOf(a.reason) - REASON_ORDER.indexOf(b.reason))
    .map((g): PositionMove => ({ reason: g.reason, count: g.count, effect: g.effect, ...(g.paidBrl ? { paidBrl: g.paidBrl } : {}) }));
  return { positionBefore, positionAfter, delta: positionAfter - positionBefore, moves, newSuperpreferencesAhead };
}

/** One event of the log between the versions, reduced to what explains a move. */
export interface LoggedEvent {
  readonly numero: string;
  /** Event kind (`pagamento-cronologica`, `cancelado`, `reimportado`, …). */
  readonly kind: string;
  /** Whether the precatório is open (ativo, suspenso) in this debtor's list after the event. */
  readonly openAfter: boolean;
  /** Face the event paid, for payment events. */
  readonly paidFaceBrl?: Money | undefined;
}

const CLOSING_KIND: Record<string, ClosedBy> = {
  'pagamento-cronologica': 'pagamento-cronologica',
  'pagamento-acordo': 'pagamento-acordo',
  'pagamento-superpreferencia': 'pagamento-superpreferencia',
  cancelado: 'cancelado',
};

/**
 * The facts of `explainPositionChange` from the log between two versions (events in log order):
 * `openAtStart` holds, for each precatório with an event before the older version, whether it was
 * open then (absent: registered between). The event that closed a precatório names why it left;
 * an import closing it (the court's list says paid or cancelled) or moving it is `importacao`.
 */
export function factsFromLog(events: readonly LoggedEvent[], openAtStart: ReadonlyMap<string, boolean>): Map<string, ChangeFacts> {
  const open = new Map<string, boolean>();
  const facts = new Map<string, { registeredBetween: boolean; closedBy?: ClosedBy | undefined; paidBrl?: Money | undefined }>();
  for (const e of events) {
    const f = facts.get(e.numero) ?? { registeredBetween: !openAtStart.has(e.numero) };
    facts.set(e.numero, f);
    const wasOpen = open.get(e.numero) ?? openAtStart.get(e.numero) ?? false;
    if (wasOpen && !e.openAfter) f.closedBy = CLOSING_KIND[e.kind] ?? 'importacao';
    if (!wasOpen && e.openAfter) f.closedBy = undefined;
    if (e.paidFaceBrl && (e.kind === 'pagamento-cronologica' || e.kind === 'pagamento-acordo')) f.paidBrl = (f.paidBrl ?? ZERO).plus(e.paidFaceBrl);
    open.set(e.numero, e.openAfter);
  }
  return facts;
}
