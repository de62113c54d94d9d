import { z } from 'zod';
import type { IsoDate } from '../domain/dates.ts';
import { type Money, money } from '../domain/money.ts';
import { compareSortKeys, sortKeyOf } from '../domain/queue/ordering.ts';
import {
  type ChangeFacts,
  type ListMember,
  type PositionChange,
  type PositionMove,
  explainPositionChange,
  factsFromLog,
} from '../domain/queue/position-changes.ts';
import type { RuleBook } from '../domain/rule-book.ts';
import type { Db } from '../storage/db.ts';
import { StoreError } from '../storage/errors.ts';
import { type LoggedChange, type LoggedState, changesSince, stateBefore } from '../storage/position-history.ts';
import type { EnteQueue, QueueService } from './payment-order-cache.ts';

/**
 * "Por que a minha posição mudou" (issue 18 §1): the precatório's position in the list published at
 * the end of `desde` and in today's published list, and why it moved — from the event log, never
 * from the list recomputed for another run date.
 *
 * Inference (issue 15 §4): the public may name `desde`, so the answer must depend on `desde` only
 * through facts whose dates are already public in every precatório's history (imports, payments,
 * cancellations). The older list is today's list with each precatório changed since `desde` put
 * back as its log snapshot recorded it: status and sort key only. Superpreference never enters it
 * — who is eligible on a date (birth dates, R3.2) is not recomputed for `desde`, and a grant or
 * revocation changes neither status nor key — so bisecting `desde` finds no birth date and no
 * grant date. A superpreference tranche is counted only from today's published list.
 */

export interface PositionChangesDeps {
  readonly db: Db;
  readonly queues: QueueService;
  readonly rules: RuleBook;
}

export interface PositionChangesAnswer {
  readonly desde: IsoDate;
  readonly data: IsoDate;
  readonly change: PositionChange;
  readonly situacao: 'comparado' | 'registrado-depois' | 'fora-da-lista' | 'fora-da-lista-antes';
  /** When the last event between the two versions was written (ISO 8601); undefined with none. */
  readonly lastChangeAt?: string | undefined;
}

/** The instant a day's published list ends: midnight after `day` in Belém (UTC−3, no DST since 2012). */
export function endOfDayInBelem(day: IsoDate): string {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return `${next.toISOString().slice(0, 10)}T00:00:00-03:00`;
}

export function daysBefore(day: IsoDate, days: number): IsoDate {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10) as IsoDate;
}

const isOpen = (s: LoggedState) => s.status === 'ativo' || s.status === 'suspenso';

/** One debtor's log since a cutoff, over today's list: any list version after the cutoff can be put back from it. */
class ListLog {
  readonly #byNumero = new Map<string, LoggedChange[]>();
  constructor(
    readonly q: EnteQueue,
    readonly changes: readonly LoggedChange[],
    /** State of each changed precatório at the log's start (absent: registered after it). */
    readonly stateAtStart: ReadonlyMap<string, LoggedState>,
    readonly rules: RuleBook,
  ) {
    for (const c of changes) (this.#byNumero.get(c.numero) ?? this.#byNumero.set(c.numero, []).get(c.numero)!).push(c);
  }

  /** A changed precatório as of `ms` (before the first event at or after it); undefined: not registered yet. */
  stateAt(numero: string, ms: number): LoggedState | undefined {
    let state = this.stateAtStart.get(numero);
    for (const c of this.#byNumero.get(numero) ?? []) {
      if (c.atMs >= ms) break;
      state = c.state;
    }
    return state;
  }

  #inList(s: LoggedState | undefined): s is LoggedState {
    return s !== undefined && s.enteId === this.q.ente.id && isOpen(s);
  }

  /** The list as of `ms`: today's list with each precatório changed since put back as it was then. */
  membersAt(ms: number | 'agora'): ListMember[] {
    if (ms === 'agora') return this.q.order.chronological.map((e) => ({ numero: e.item.numero, key: e.key }));
    const members: ListMember[] = this.q.order.chronological
      .filter((e) => !this.#byNumero.has(e.item.numero))
      .map((e) => ({ numero: e.item.numero, key: e.key }));
    for (const numero of this.#byNumero.keys()) {
      const s = this.stateAt(numero, ms);
      if (!this.#inList(s)) continue;
      const key = sortKeyOf({ numero, natureza: s.natureza, apresentacao: s.apresentacao, valorRequisitadoBrl: money(s.valorRequisitado) }, this.rules);
      members.push({ numero, key });
    }
    return members;
  }

  /** The explanation for `numero` between the versions as of `fromMs` and `toMs` (or today's list). */
  explain(numero: string, fromMs: number, toMs: number | 'agora'): { change: PositionChange; registeredBetween: boolean; lastChangeAt: string | undefined } {
    const between = this.changes.filter((c) => c.atMs >= fromMs && (toMs === 'agora' || c.atMs < toMs));
    const openAtStart = new Map<string, boolean>();
    for (const numero of new Set(between.map((c) => c.numero))) {
      const s = this.stateAt(numero, fromMs);
      if (s) openAtStart.set(numero, this.#inList(s));
    }
    const facts = factsFromLog(
      between.map((c) => ({
        numero: c.numero,
        kind: c.kind,
        openAfter: this.#inList(c.state),
        paidFaceBrl: c.paidFace === null ? undefined : money(c.paidFace),
      })),
      openAtStart,
    );
    // Counted from today's published list only: never a tranche recomputed for another date.
    const trancheAfter = toMs === 'agora' ? this.q.tranchesOf : undefined;
    const change =
      (toMs === 'agora' && this.#againstToday(numero, fromMs, facts)) ||
      explainPositionChange({
        numero,
        before: this.membersAt(fromMs),
        after: this.membersAt(toMs),
        facts,
        trancheAfter,
      });
    const last = between.at(-1);
    return { change, registeredBetween: facts.get(numero)?.registeredBetween ?? false, lastChangeAt: last && new Date(last.atMs).toISOString() };
  }

  /**
   * Against today's list, when the precatório is in it with the key it had at `fromMs`: every
   * precatório without an event since is in both lists with one key, so it is ahead in both or in
   * neither and moves nothing. The explanation then needs only the changed ones (the log's size, not
   * the list's), and the unchanged ahead are today's index minus the changed ahead today.
   * Undefined when that does not hold (its own key changed, or it is in one list only).
   */
  #againstToday(numero: string, fromMs: number, facts: Map<string, ChangeFacts>): PositionChange | undefined {
    const index = this.q.indexOf.get(numero);
    if (index === undefined) return undefined;
    const ownNow = this.q.order.chronological[index]!.key;
    if (this.#byNumero.has(numero)) {
      const then = this.stateAt(numero, fromMs);
      // Not in the older list: no move to explain, only where it is now.
      if (!this.#inList(then)) return { positionBefore: undefined, positionAfter: index + 1, delta: undefined, moves: [], newSuperpreferencesAhead: 0 };
      const ownThen = sortKeyOf(
        { numero, natureza: then.natureza, apresentacao: then.apresentacao, valorRequisitadoBrl: money(then.valorRequisitado) },
        this.rules,
      );
      if (compareSortKeys(ownThen, ownNow) !== 0) return undefined;
    }
    const before: ListMember[] = [{ numero, key: ownNow }];
    const after: ListMember[] = [{ numero, key: ownNow }];
    for (const other of this.#byNumero.keys()) {
      if (other === numero) continue;
      const then = this.stateAt(other, fromMs);
      if (this.#inList(then))
        before.push({
          numero: other,
          key: sortKeyOf(
            { numero: other, natureza: then.natureza, apresentacao: then.apresentacao, valorRequisitadoBrl: money(then.valorRequisitado) },
            this.rules,
          ),
        });
      const at = this.q.indexOf.get(other);
      if (at !== undefined) after.push({ numero: other, key: this.q.order.chronological[at]!.key });
    }
    const changed = explainPositionChange({ numero, before, after, facts, trancheAfter: this.q.tranchesOf });
    const unchangedAhead = index - (changed.positionAfter! - 1);
    return { ...changed, positionBefore: changed.positionBefore! + unchangedAhead, positionAfter: index + 1 };
  }
}

const cutoffMs = (day: IsoDate) => Date.parse(endOfDayInBelem(day));

function situacaoOf(change: PositionChange, registeredBetween: boolean): PositionChangesAnswer['situacao'] {
  if (change.positionAfter === undefined) return 'fora-da-lista';
  if (change.positionBefore !== undefined) return 'comparado';
  return registeredBetween ? 'registrado-depois' : 'fora-da-lista-antes';
}

/**
 * The explanation for `numero` between the list published at the end of `desde` and today's (`today`).
 * Undefined when the número is unknown.
 */
export async function positionChanges(deps: PositionChangesDeps, numero: string, today: IsoDate, desde: IsoDate): Promise<PositionChangesAnswer | undefined> {
  const located = await deps.queues.locate(numero, today);
  if (!located) return undefined;
  const q = located.queue;
  const cutoff = endOfDayInBelem(desde);
  // Not in the older list (registered since, or closed then): nothing ahead to compare, and the
  // debtor's log since — a whole import, perhaps — need not be read.
  const own = await stateBefore(deps.db, numero, cutoff);
  if (!own || own.enteId !== q.ente.id || !isOpen(own)) {
    const index = q.indexOf.get(numero);
    const change: PositionChange = {
      positionBefore: undefined,
      positionAfter: index === undefined ? undefined : index + 1,
      delta: undefined,
      moves: [],
      newSuperpreferencesAhead: 0,
    };
    return { desde, data: today, change, situacao: situacaoOf(change, own === undefined) };
  }
  const { changes, stateAt } = await changesSince(deps.db, q.ente.id, cutoff, MUDANCAS_MAX_EVENTS);
  if (changes.length > MUDANCAS_MAX_EVENTS)
    throw new StoreError(
      'invalido',
      'desde',
      `mais de ${MUDANCAS_MAX_EVENTS.toLocaleString('pt-BR')} mudanças na lista deste devedor desde ${dateBr(desde)} (uma importação grande, por exemplo): escolha um dia mais recente`,
    );
  const log = new ListLog(q, changes, stateAt, deps.rules);
  const { change, registeredBetween, lastChangeAt } = log.explain(numero, cutoffMs(desde), 'agora');
  return { desde, data: today, change, situacao: situacaoOf(change, registeredBetween), lastChangeAt };
}

/**
 * Upper bound on the events read for one answer (a limit on everything, design §8): beyond it the
 * answer is refused, naming `desde`, rather than rebuild a list of a million rows per request.
 */
export const MUDANCAS_MAX_EVENTS = 200_000;

/** The public route's default `desde`: this many days before today. */
export const MUDANCAS_DEFAULT_DAYS = 30;

/** Days the Atom feed looks back: one entry per published day whose list moved the precatório. */
export const FEED_DAYS = 7;

/**
 * Day by day over the last FEED_DAYS published lists (each day's against the day before's, today's
 * list so far for today), the days the precatório moved or its list changed around it — newest last.
 */
export async function dailyPositionChanges(deps: PositionChangesDeps, numero: string, today: IsoDate): Promise<PositionChangesAnswer[] | undefined> {
  const located = await deps.queues.locate(numero, today);
  if (!located) return undefined;
  const start = daysBefore(today, FEED_DAYS);
  const { changes, stateAt } = await changesSince(deps.db, located.queue.ente.id, endOfDayInBelem(start), MUDANCAS_MAX_EVENTS);
  // A week with more changes than one answer reads (a large import): the feed keeps its events only.
  if (changes.length > MUDANCAS_MAX_EVENTS) return [];
  const log = new ListLog(located.queue, changes, stateAt, deps.rules);
  const days: PositionChangesAnswer[] = [];
  for (let i = FEED_DAYS - 1; i >= 0; i--) {
    const day = daysBefore(today, i);
    const previous = daysBefore(day, 1);
    // A day with no event in the debtor's list moved no one.
    const [from, to] = [cutoffMs(previous), i === 0 ? Number.POSITIVE_INFINITY : cutoffMs(day)];
    if (!changes.some((c) => c.atMs >= from && c.atMs < to)) continue;
    const { change, registeredBetween, lastChangeAt } = log.explain(numero, cutoffMs(previous), i === 0 ? 'agora' : cutoffMs(day));
    if (change.moves.length === 0 && change.positionBefore === change.positionAfter) continue;
    days.push({ desde: previous, data: day, change, situacao: situacaoOf(change, registeredBetween), lastChangeAt });
  }
  return days;
}

// ——— Words (issue 18 §1, §7: plain Portuguese, Brazilian dates and amounts) ———

export const dateBr = (d: IsoDate) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

export function brl(amount: Money): string {
  const [int, cents] = amount.toFixed(2).split('.') as [string, string];
  const negative = int.startsWith('-');
  const digits = negative ? int.slice(1) : int;
  return `${negative ? '−' : ''}R$ ${digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${cents}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const places = (n: number) => plural(Math.abs(n), 'posição', 'posições');

/** One move in words: who moved (counted, never named) and what it did to the position. */
export function describeMove(m: PositionMove): string {
  const n = m.count;
  const them = plural(n, 'precatório', 'precatórios');
  const up = m.effect < 0;
  const result = `${up ? 'subiu' : 'desceu'} ${places(m.effect)}`;
  const paid = m.paidBrl ? ` (${brl(m.paidBrl)} de valor de face quitados)` : '';
  switch (m.reason) {
    case 'pagamento-cronologica':
      return `${them} à frente ${n === 1 ? 'foi pago' : 'foram pagos'} por inteiro na ordem cronológica${paid}: ${result}`;
    case 'pagamento-acordo':
      return `${them} à frente ${n === 1 ? 'foi quitado' : 'foram quitados'} por acordo direto${paid}: ${result}`;
    case 'pagamento-superpreferencia':
      return `${them} à frente ${n === 1 ? 'foi quitado' : 'foram quitados'} por inteiro com parcela superpreferencial: ${result}`;
    case 'cancelamento':
      return `${them} à frente ${n === 1 ? 'foi cancelado' : 'foram cancelados'}: ${result}`;
    case 'saida-importacao':
      return `${them} à frente ${n === 1 ? 'saiu' : 'saíram'} da lista por atualização do tribunal (pago, cancelado ou transferido segundo a importação): ${result}`;
    case 'novo':
      return `${them} ${n === 1 ? 'novo foi registrado' : 'novos foram registrados'} com ordem cronológica anterior à sua: ${result}`;
    case 'reordenado':
      return up
        ? `${them} ${n === 1 ? 'deixou' : 'deixaram'} de estar à sua frente porque a apresentação, o exercício ou a natureza ${n === 1 ? 'foi corrigida' : 'foram corrigidos'}: ${result}`
        : `${them} ${n === 1 ? 'passou' : 'passaram'} à sua frente (${n === 1 ? 'reaberto ou com a apresentação, o exercício ou a natureza corrigidos' : 'reabertos ou com a apresentação, o exercício ou a natureza corrigidos'}): ${result}`;
    case 'propria':
      return `os dados do seu próprio precatório (apresentação, exercício, natureza ou valor de face) foram corrigidos por importação, o que o ${up ? 'adiantou' : 'atrasou'} em relação a ${them}: ${result}`;
  }
}

/** The answer's summary sentence. */
export function describeChange(a: PositionChangesAnswer, today: IsoDate = a.data): string {
  const { positionBefore: was, positionAfter: is, delta } = a.change;
  const then = `na lista publicada ao fim de ${dateBr(a.desde)}`;
  const now = a.data === today ? `na lista publicada hoje (${dateBr(a.data)})` : `na lista publicada ao fim de ${dateBr(a.data)}`;
  if (a.situacao === 'fora-da-lista')
    return was === undefined
      ? `O precatório não está ${now} (pago, cancelado ou ainda não colocado na lista) e não estava ${then}.`
      : `O precatório estava na posição ${was} ${then} e não está ${now}: saiu da lista (pago, cancelado ou transferido).`;
  if (a.situacao === 'registrado-depois') return `O precatório foi registrado depois de ${dateBr(a.desde)}; ${now} está na posição ${is}.`;
  if (a.situacao === 'fora-da-lista-antes') return `O precatório não estava ${then} (pago, cancelado ou em outro devedor); ${now} está na posição ${is}.`;
  if (delta === 0) return `O precatório estava na posição ${was} ${then} e continua na posição ${is} ${now}.`;
  return `O precatório estava na posição ${was} ${then} e está na posição ${is} ${now}: ${delta! < 0 ? 'subiu' : 'desceu'} ${places(delta!)}.`;
}

export const UNMOVED_NOTE =
  'Pagamentos parciais, cessões, penhoras e parcelas superpreferenciais não mudam a posição de ninguém (R2.8; Res. CNJ 303/2019 art. 9 §5): mudam apenas o valor pago antes do seu saldo.';

export function describeSuperpreferences(n: number): string | null {
  if (n === 0) return null;
  return `Dos precatórios que passaram à sua frente, ${n === 1 ? '1 tem parcela superpreferencial' : `${n} têm parcelas superpreferenciais`}, paga${n === 1 ? '' : 's'} antes do seu saldo.`;
}

/** The answer as the public route serves it. */
export function positionChangesJson(a: PositionChangesAnswer) {
  return {
    desde: a.desde,
    data: a.data,
    situacao: a.situacao,
    posicaoAntes: a.change.positionBefore ?? null,
    posicaoAgora: a.change.positionAfter ?? null,
    variacao: a.change.delta ?? null,
    resumo: describeChange(a),
    motivos: a.change.moves.map((m) => ({
      motivo: m.reason,
      quantidade: m.count,
      efeito: m.effect,
      valorQuitado: m.paidBrl ? m.paidBrl.toFixed(2) : null,
      descricao: describeMove(m),
    })),
    novasSuperpreferenciasAFrente: a.change.newSuperpreferencesAhead,
    superpreferencias: describeSuperpreferences(a.change.newSuperpreferencesAhead),
    observacao: UNMOVED_NOTE,
  };
}

export type PositionChangesJson = ReturnType<typeof positionChangesJson>;

/**
 * The answer's contract: the route's response schema (api/response-schemas.ts, OpenAPI, contract
 * test) and what a client reading it from the server checks (app/remote-registry.ts).
 */
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'AAAA-MM-DD')
  .transform((d) => d as IsoDate);
export const positionChangesJsonSchema = z.strictObject({
  desde: isoDay,
  data: isoDay,
  situacao: z.enum(['comparado', 'registrado-depois', 'fora-da-lista', 'fora-da-lista-antes']),
  posicaoAntes: z.number().int().nullable(),
  posicaoAgora: z.number().int().nullable(),
  variacao: z.number().int().nullable(),
  resumo: z.string(),
  motivos: z.array(
    z.strictObject({
      motivo: z.enum([
        'pagamento-cronologica',
        'pagamento-acordo',
        'pagamento-superpreferencia',
        'cancelamento',
        'saida-importacao',
        'novo',
        'reordenado',
        'propria',
      ]),
      quantidade: z.number().int(),
      efeito: z.number().int(),
      valorQuitado: z
        .string()
        .regex(/^\d+\.\d{2}$/)
        .nullable(),
      descricao: z.string(),
    }),
  ),
  novasSuperpreferenciasAFrente: z.number().int().nonnegative(),
  superpreferencias: z.string().nullable(),
  observacao: z.string(),
}) satisfies z.ZodType<PositionChangesJson>;
