import type { IsoDate } from '../domain/dates.ts';
import type { EnteDevedor } from '../domain/ente.ts';
import { type Money, ZERO } from '../domain/money.ts';
import { type PaymentOrder, buildPaymentOrder } from '../domain/queue/payment-order.ts';
import type { RuleBook } from '../domain/rule-book.ts';
import { rpvCeiling } from '../domain/rules/rpv.ts';
import type { Db } from '../storage/db.ts';
import { type EventRecord, eventsOf, getEnte, precatoriosOfEnte } from '../storage/registry-store.ts';

/** One debtor's lists on a run date, with what lookups need precomputed. */
export interface EnteQueue {
  readonly ente: EnteDevedor;
  readonly version: number;
  readonly rpvCeilingBrl: Money;
  readonly order: PaymentOrder;
  /** numero → index in `order.chronological`. */
  readonly indexOf: ReadonlyMap<string, number>;
  /** remaindersBefore[i] = Σ remainders of positions 1..i (so the amount ahead of index i). */
  readonly remaindersBefore: readonly Money[];
  readonly superpreferenceTotalBrl: Money;
}

/** Upper bound on cached (ente, date) lists: a limit on everything (design §8). */
export const QUEUE_CACHE_MAX = 64;

/**
 * Builds and caches each debtor's payment order. The cache key includes the ente's `version`, which
 * every write bumps, so a stale list is never served — also across server processes, because the
 * version is read from the database on each request (one indexed row).
 */
/** Upper bound on cached event histories. */
export const EVENTS_CACHE_MAX = 20_000;

export class QueueService {
  readonly #cache = new Map<string, Promise<EnteQueue>>();
  readonly #events = new Map<string, Promise<EventRecord[]>>();

  constructor(
    private readonly db: Db,
    private readonly rules: RuleBook,
  ) {}

  async queueOf(enteId: string, runDate: IsoDate): Promise<EnteQueue | undefined> {
    const { rows } = await this.db.query<{ version: string }>('select version::text as version from entes where id = $1', [enteId]);
    if (!rows[0]) return undefined;
    return this.#cached(enteId, runDate, rows[0].version);
  }

  /**
   * The list a precatório sits in, found with one indexed query (its ente and the ente's version);
   * everything else comes from the cached list. Undefined when the número is unknown.
   */
  async locate(numero: string, runDate: IsoDate): Promise<{ queue: EnteQueue; index: number | undefined; precatorioVersion: number } | undefined> {
    const { rows } = await this.db.query<{ ente_id: string; version: string; precatorio_version: string }>(
      `select p.ente_id, e.version::text as version, p.version::text as precatorio_version
       from precatorios p join entes e on e.id = p.ente_id where p.numero = $1`, [numero],
    );
    if (!rows[0]) return undefined;
    const queue = await this.#cached(rows[0].ente_id, runDate, rows[0].version);
    return { queue, index: queue.indexOf.get(numero), precatorioVersion: Number(rows[0].precatorio_version) };
  }

  /**
   * A precatório's event history. Every write that adds an event also bumps the precatório's
   * version (imports and staff writes alike), so (número, version) identifies one history.
   */
  eventsOf(numero: string, precatorioVersion: number): Promise<EventRecord[]> {
    const key = `${numero}|${precatorioVersion}`;
    let entry = this.#events.get(key);
    if (!entry) {
      entry = eventsOf(this.db, numero);
      entry.catch(() => this.#events.delete(key));
      this.#events.set(key, entry);
      while (this.#events.size > EVENTS_CACHE_MAX) this.#events.delete(this.#events.keys().next().value!);
    }
    return entry;
  }

  /** Builds every debtor's list for `runDate` ahead of the first request (server start). */
  async warm(runDate: IsoDate): Promise<number> {
    const { rows } = await this.db.query<{ id: string }>('select id from entes');
    for (const { id } of rows) await this.queueOf(id, runDate);
    return rows.length;
  }

  #cached(enteId: string, runDate: IsoDate, version: string): Promise<EnteQueue> {
    const key = `${enteId}|${runDate}|${version}`;
    let entry = this.#cache.get(key);
    if (!entry) {
      entry = this.#build(enteId, runDate);
      entry.catch(() => this.#cache.delete(key));
      this.#cache.set(key, entry);
      while (this.#cache.size > QUEUE_CACHE_MAX) this.#cache.delete(this.#cache.keys().next().value!);
    }
    return entry;
  }

  async #build(enteId: string, runDate: IsoDate): Promise<EnteQueue> {
    const found = await getEnte(this.db, enteId);
    if (!found) throw new Error(`ente ${enteId} sumiu durante a leitura`);
    const precatorios = await precatoriosOfEnte(this.db, enteId);
    const order = buildPaymentOrder(precatorios, found.ente, runDate, this.rules);
    const remaindersBefore: Money[] = [];
    let acc = ZERO;
    order.chronological.forEach((e) => {
      remaindersBefore.push(acc);
      acc = acc.plus(e.remainderBrl);
    });
    return {
      ente: found.ente,
      version: found.version,
      rpvCeilingBrl: rpvCeiling(found.ente, { transitoEm: runDate, expedidoEm: runDate }, this.rules).amountBrl,
      order,
      indexOf: new Map(order.chronological.map((e, i) => [e.item.numero, i])),
      remaindersBefore,
      superpreferenceTotalBrl: order.superpreference.reduce<Money>((a, t) => a.plus(t.amountBrl), ZERO),
    };
  }
}
