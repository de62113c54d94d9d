// Goal: a precatório with more beneficiaries than one statement reads (storage/beneficiary-pages.ts,
// issue 15 §3) comes back whole and consistent on both backends — the same beneficiaries in the same
// order as a one-statement read, a write landing between two pages never half-seen — and, on
// PGlite (which runs in this thread), another request is answered while its list is being built.
// Method: a demo registry with one precatório of 2 pages + 123 beneficiaries (repeated creditors,
// a third aged 60+, some ill, names with quotes, tabs and line breaks); a Db wrapper that acts when the page statements go out (a staff payment
// between two pages; a second request issued while the ente's statement is running).
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueService } from '../../src/app/payment-order-cache.ts';
import { isoDate } from '../../src/domain/dates.ts';
import { money, sum } from '../../src/domain/money.ts';
import { type Beneficiario, type Precatorio, saldoOf } from '../../src/domain/precatorio.ts';
import { BENEFICIARIOS_PAGE } from '../../src/storage/beneficiary-pages.ts';
import type { Db } from '../../src/storage/db.ts';
import { findPrecatorio, importRegistry, precatoriosWithVersions } from '../../src/storage/registry-store.ts';
import { registerPayment } from '../../src/storage/registry-writes.ts';
import { RUN_DATE, demoInput } from '../support/api.ts';
import { BACKENDS } from '../support/backends.ts';
import { canonical } from '../support/canonical.ts';
import { RULES } from '../support/rules.ts';

const WIDTH = 2 * BENEFICIARIOS_PAGE + 123;
const base = demoInput(5, 0.05);
const template = base.precatorios.find((p) => p.natureza === 'alimentar' && p.status === 'ativo')!;
const share = money('10.00');
const big: Precatorio = {
  ...template,
  valorRequisitadoBrl: share.times(WIDTH),
  beneficiarios: Array.from(
    { length: WIDTH },
    (_, i): Beneficiario => ({
      id: `b${String(WIDTH - i).padStart(6, '0')}`,
      credorId: `credor-${i % 997}`,
      titularidade: 'originario',
      valorBrl: share,
      pagoBrl: money('0'),
      superpreferenciaPagaBrl: money('0'),
      nascimento: isoDate(i % 3 === 0 ? '1950-04-01' : '1980-04-01'),
      // Text the page format must carry exactly: quotes, backslashes, tabs, line breaks, accents, none.
      nome: [undefined, `Maria ${i}`, `José "Zé" d'Ávila \\ ${i}`, `linha\tcom tab\ne quebra ${i}`][i % 4],
      cpf: i % 7 === 0 ? '123.456.789-09' : undefined,
      doencaGraveDesde: i % 11 === 0 ? isoDate('2020-01-01') : undefined,
    }),
  ),
};
const INPUT = { ...base, precatorios: base.precatorios.map((p) => (p === template ? big : p)) };
const other = INPUT.precatorios.find((p) => p.enteId !== big.enteId)!;

/** `db`, calling `when(sql)` before each statement goes out. */
function watched(db: Db, when: (sql: string) => Promise<void> | void): Db {
  return {
    ...db,
    query: async (sql, params) => {
      await when(sql);
      return db.query(sql, params);
    },
  } as Db;
}
const isPage = (sql: string) => sql.includes('b.id > $2');
const isEnteRead = (sql: string) => sql.includes('from precatorios p where p.ente_id = $1');

describe.each(BACKENDS)('a precatório of more beneficiaries than a page, on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.open>>;
  beforeAll(async () => {
    db = await backend.open();
    await db.transaction((tx) => importRegistry(tx, INPUT, 'teste'));
  }, 120_000);
  afterAll(async () => {
    await db.dispose();
  });

  it('comes back whole, in the order of a one-statement read, after two more statements', async () => {
    let pages = 0;
    const read = await precatoriosWithVersions(
      watched(db, (sql) => {
        if (isPage(sql)) pages += 1;
      }),
      { enteId: big.enteId },
    );
    const mine = read.find((x) => x.precatorio.numero === big.numero)!;
    const single = (await findPrecatorio(db, big.numero))!;
    expect(mine.precatorio.beneficiarios).toHaveLength(WIDTH);
    expect(canonical(mine.precatorio)).toEqual(canonical(single.precatorio));
    expect(mine.version).toBe(single.version);
    expect(pages).toBe(2);
    // And every beneficiary as imported, names with quotes, tabs and line breaks included.
    const byId = (a: Beneficiario, b: Beneficiario) => (a.id < b.id ? -1 : 1);
    const sorted = (list: readonly Beneficiario[]) => canonical({ ...big, beneficiarios: [...list].sort(byId) });
    expect(sorted(mine.precatorio.beneficiarios)).toEqual(sorted(big.beneficiarios));
    // The rest of the ente as it was imported.
    expect(read.map((x) => x.precatorio.numero).sort()).toEqual(
      INPUT.precatorios
        .filter((p) => p.enteId === big.enteId)
        .map((p) => p.numero)
        .sort(),
    );
  });

  it('a payment committed between two pages is not half-seen: that precatório is read again, at its new version', async () => {
    const before = (await findPrecatorio(db, big.numero))!;
    // The last beneficiary in key order sits in the last page, read after the payment commits.
    const payee = before.precatorio.beneficiarios.at(-1)!;
    let paid = false;
    const read = await precatoriosWithVersions(
      watched(db, async (sql) => {
        if (!isPage(sql) || paid) return;
        paid = true;
        await db.transaction((tx) =>
          registerPayment(tx, {
            numero: big.numero,
            actor: 'servidora',
            beneficiarioId: payee.id,
            amountBrl: money('1.00'),
            kind: 'cronologica',
            paidOn: RUN_DATE,
          }),
        );
      }),
      { enteId: big.enteId },
    );
    expect(paid).toBe(true);
    const mine = read.filter((x) => x.precatorio.numero === big.numero);
    expect(mine).toHaveLength(1);
    const after = (await findPrecatorio(db, big.numero))!;
    expect(after.version).toBe(before.version + 1);
    expect(mine[0]!.version).toBe(after.version);
    expect(canonical(mine[0]!.precatorio)).toEqual(canonical(after.precatorio));
  });

  it.runIf(backend.name === 'pglite')('another request is answered while the list of the large precatório is read and built', async () => {
    // PGlite runs in this thread: before the pages, the ente's one statement and the build held it
    // to the end, so a request issued while they ran was answered only after the list.
    const finished: string[] = [];
    let second: Promise<unknown> | undefined;
    const queues = new QueueService(
      watched(db, (sql) => {
        if (!isEnteRead(sql) || second) return;
        second = nextTurn().then(() => queues.queueOf(other.enteId, RUN_DATE).then(() => finished.push('outro ente')));
      }),
      RULES,
      () => {},
    );
    const list = await queues.queueOf(big.enteId, RUN_DATE);
    finished.push('lista grande');
    await second;
    expect(finished).toEqual(['outro ente', 'lista grande']);
    // And the list holds the whole precatório, with its whole balance.
    const stored = (await findPrecatorio(db, big.numero))!.precatorio;
    const entry = list!.order.chronological.find((e) => e.item.numero === big.numero)!;
    expect(entry.item.beneficiarios).toHaveLength(WIDTH);
    expect(entry.saldoBrl.toString()).toBe(sum(stored.beneficiarios.map(saldoOf)).toString());
  });
});
