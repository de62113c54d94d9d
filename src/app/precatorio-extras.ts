import type { Db } from '../storage/db.ts';
import { registeredParties } from '../storage/party-writes.ts';
import { paymentsOfPrecatorio } from '../storage/special-account-store.ts';

/** What the public lookup adds to the cached list: the precatório's own payments and its registered parties. */
export interface PrecatorioExtras {
  readonly payments: Awaited<ReturnType<typeof paymentsOfPrecatorio>>;
  readonly parties: Awaited<ReturnType<typeof registeredParties>>;
}

/** Enough for every precatório a busy day looks up; the oldest is dropped first. */
const EXTRAS_MAX = 20_000;

/**
 * The lookup's payments and parties, remembered per precatório version. Every payment, acordo,
 * cessão, penhora or habilitação bumps the precatório's version in the same transaction
 * (storage/registry-writes.ts, party-writes.ts), so a remembered answer for the version the lookup
 * located is the committed truth — and it needs no statement, which matters while an import holds
 * PGlite's one connection (issue 15: reads during an import answer at once from the committed
 * state, test/api/reads-during-import.test.ts). Another version, or another process's write on
 * PostgreSQL, reads again.
 */
export class PrecatorioExtrasCache {
  readonly #byNumero = new Map<string, { readonly version: number; readonly extras: PrecatorioExtras }>();

  constructor(private readonly db: Db) {}

  async get(numero: string, version: number): Promise<PrecatorioExtras> {
    const known = this.#byNumero.get(numero);
    if (known && known.version === version) return known.extras;
    const extras = { payments: await paymentsOfPrecatorio(this.db, numero), parties: await registeredParties(this.db, numero) };
    this.#byNumero.delete(numero);
    this.#byNumero.set(numero, { version, extras });
    while (this.#byNumero.size > EXTRAS_MAX) this.#byNumero.delete(this.#byNumero.keys().next().value!);
    return extras;
  }
}
