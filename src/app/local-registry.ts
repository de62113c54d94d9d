import type { RpvLaw } from '../domain/rules/rpv.ts';
import type { RuleBook } from '../domain/rule-book.ts';
import type { Timeline } from '../domain/rules/timeline.ts';
import type { SupportedDates } from '../domain/supported-dates.ts';
import type { IndexSeries } from '../domain/indices/series.ts';
import { RegistryIndexStore } from '../indices/snapshot.ts';
import type { Db } from '../storage/db.ts';
import { SqlIndexStore } from '../storage/sql-index-store.ts';
import { StoreError } from '../storage/errors.ts';
import { callAcordos, createEdital, habilitar } from './acordos.ts';
import { storedCorrectionEnv } from './liquidation.ts';
import { Dec } from '../domain/money.ts';
import { backupRegistry, restoreBackup } from './backup.ts';
import { importCsv } from './import-csv.ts';
import { runPayment } from './payment-run.ts';
import { paymentDocument } from './payment-document.ts';
import { simulationInput, startBalancesOf } from './projection.ts';
import { loadCorrectionRules } from '../indices/load-correction-rules.ts';
import type { RegistryClient } from './registry-client.ts';
import { checkedPartyBody, partyWrite } from './party-writes.ts';
import { importDeposits, movementJson, recordDeposit, specialAccountStatement } from './special-account.ts';
import { createUser, listUsers, revokeUser } from './staff-users.ts';
import { ec136PlanOf, planJson, rclRowsJson, recordRcl } from './ec136-plan.ts';
import { parcelamentosCf20Of, parcelamentosJson } from './parcelamento-cf20.ts';
import { loadEc136Rules } from '../rules/load-ec136.ts';
import { recordRpvLaw, saveEnte } from './ente-writes.ts';
import { QueueService } from './payment-order-cache.ts';
import { MUDANCAS_DEFAULT_DAYS, daysBefore, positionChanges, positionChangesJson } from './position-changes.ts';

/** The use case names the API's path field (`id`); the CLI names its option (`--ente`), as the server's answers are renamed. */
async function asCliFields<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof StoreError && e.campo === 'id') throw new StoreError(e.kind, 'ente', e.motivo);
    throw e;
  }
}

/** The registry on a store this process opened: the use cases called directly, as `actor`. */
export function localRegistry(
  db: Db,
  deps: {
    readonly actor: string;
    readonly rules: () => RuleBook;
    readonly rpvLaws: () => ReadonlyMap<string, Timeline<RpvLaw>>;
    readonly dates: () => SupportedDates;
    /** The shipped index snapshot (data/indices) under the registry's own series; none when omitted. */
    readonly indexSnapshot?: () => readonly IndexSeries[];
  },
): RegistryClient {
  return {
    kind: db.kind,
    via: { kind: 'local' },
    importCsv: (path, onBatch) => importCsv(db, { path, actor: deps.actor, rpvLaws: deps.rpvLaws(), dates: deps.dates(), onBatch }),
    runPayment: (input, onProgress, mode) => runPayment(db, { ...input, actor: deps.actor }, deps.rules(), onProgress, undefined, undefined, mode),
    paymentDocument: (numero, paymentId) => paymentDocument(db, numero, paymentId, deps.rules()),
    async positionChanges(numero, desde) {
      const today = deps.dates().today;
      const queues = new QueueService(db, deps.rules(), () => {});
      const answer = await positionChanges({ db, queues, rules: deps.rules() }, numero, today, desde ?? daysBefore(today, MUDANCAS_DEFAULT_DAYS));
      return answer && positionChangesJson(answer);
    },
    exportBackup: (folder, progress) => backupRegistry(db, folder, progress),
    restoreBackup: (folder, progress) => restoreBackup(db, folder, progress),
    indexStore: () => new RegistryIndexStore(new SqlIndexStore(db), deps.indexSnapshot?.() ?? []),
    simulationInput: (enteId) => simulationInput(db, enteId),
    startBalances: (ente, precatorios, runDate) => startBalancesOf(db, deps.rules(), loadCorrectionRules())(ente, precatorios, runDate),
    async partyWrite(kind, numero, body) {
      const checked = checkedPartyBody(kind, deps.dates(), body);
      const r = await partyWrite(db, kind, { numero, actor: deps.actor, expectedVersion: checked.versao }, checked);
      return { versao: r.version };
    },
    specialAccount: {
      deposit: async (input) => movementJson(await recordDeposit(db, deps.rules(), { ...input, actor: deps.actor })),
      importDeposits: (csv, enteId) => importDeposits(db, deps.rules(), { csv, actor: deps.actor, dates: deps.dates(), enteId }),
      statement: (enteId) => specialAccountStatement(db, enteId),
    },
    parcelamentosCf20: (enteId) => asCliFields(async () => parcelamentosJson(await parcelamentosCf20Of(db, deps.rules(), enteId))),
    ec136: {
      recordRcl: (input) => asCliFields(async () => rclRowsJson([await recordRcl(db, { ...input, actor: deps.actor })])[0]!),
      plan: (input) => asCliFields(async () => planJson(await ec136PlanOf(db, loadEc136Rules(), input))),
    },
    entes: {
      save: (input) => asCliFields(() => saveEnte(db, { ...input, actor: deps.actor })),
      rpvLaw: (input) => asCliFields(() => recordRpvLaw(db, { ...input, actor: deps.actor }, deps.dates().expedicao)),
    },
    acordos: {
      edital: (input) =>
        createEdital(db, {
          ...input,
          actor: deps.actor,
          desagioMax: input.desagioMaximo === undefined ? undefined : new Dec(input.desagioMaximo),
          parcelaAcordos: input.parcelaAcordos === undefined ? undefined : new Dec(input.parcelaAcordos),
        }),
      habilitar: (input) => habilitar(db, { ...input, actor: deps.actor, desagio: new Dec(input.desagio) }),
      chamada: async (input) => callAcordos(db, deps.rules(), await storedCorrectionEnv(db, loadCorrectionRules()), { ...input, actor: deps.actor }),
    },
    users: {
      create: (input) => createUser(db, { ...input, actor: deps.actor }),
      revoke: (login) => revokeUser(db, { login, actor: deps.actor }),
      list: () => listUsers(db),
    },
    close: () => db.close(),
  };
}
