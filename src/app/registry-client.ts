import type { IsoDate } from '../domain/dates.ts';
import type { Money } from '../domain/money.ts';
import type { PaidRun, PaymentRunMode } from './payment-run.ts';
import type { PaymentDocument } from './payment-document.ts';
import type { IndexStore } from '../indices/store.ts';
import type { StaffRole, StaffUser } from '../storage/staff-users.ts';
import type { BackupManifest, RestoreSummary } from '../storage/backup.ts';
import type { ImportProgress, ImportReport } from './import-csv.ts';
import type { PartyWriteKind } from './party-writes.ts';
import type { SimulationInput, StartBalancesSource } from './projection.ts';
import type { AcordoCallJson, EditalJson, HabilitacaoJson } from './acordos.ts';
import type { DepositImport, MovementJson, SpecialAccountStatement } from './special-account.ts';
import type { PlanJson, RclJson } from './ec136-plan.ts';
import type { ParcelamentosJson } from './parcelamento-cf20.ts';
import type { PositionChangesJson } from './position-changes.ts';

/**
 * The registry as the CLI's writing commands see it (issue 15 §1): either the store opened by the
 * command itself (`LocalRegistry`, calling the use cases of src/app directly) or the store held by
 * a running `servir` (`RemoteRegistry`, the same use cases through the server's API as a staff
 * identity). A command is written once against this and prints the same either way.
 */
export interface RegistryClient {
  /** The backend holding the data ('pglite' or 'postgres'), as the commands' messages name it. */
  readonly kind: 'pglite' | 'postgres';
  /** Where the work is done: here, or by the server holding the store (its URL). */
  readonly via: { readonly kind: 'local' } | { readonly kind: 'servidor'; readonly url: string };
  importCsv(path: string, onBatch?: (written: number, progress: ImportProgress) => void): Promise<ImportReport>;
  runPayment(
    input: { readonly enteId: string; readonly availableBrl: Money; readonly paidOn: IsoDate },
    onProgress?: (written: number, total: number) => void,
    /** `previa`: the same run, nothing kept (app/payment-run.ts). */
    mode?: PaymentRunMode,
  ): Promise<PaidRun>;
  /** The payment document of one payment (R6.20), personal data included: staff only. */
  paymentDocument(numero: string, paymentId: string): Promise<PaymentDocument>;
  /**
   * Why the precatório's position changed since the list published at the end of `desde` (default:
   * 30 days before today) — the public answer of GET /api/precatorios/:numero/mudancas; undefined
   * when the número is unknown.
   */
  positionChanges(numero: string, desde: IsoDate | undefined): Promise<PositionChangesJson | undefined>;
  exportBackup(folder: string, progress?: (tabela: string, linhas: number) => void): Promise<BackupManifest>;
  restoreBackup(folder: string, progress?: (tabela: string, linhas: number) => void): Promise<RestoreSummary>;
  /** The registry's index series (`indices importar|sincronizar|listar`, `corrigir`). */
  indexStore(): IndexStore;
  /** The ente, its precatórios (personal data included) and funding rows, for `simular`. */
  simulationInput(enteId: string): Promise<SimulationInput | undefined>;
  /**
   * What a payment run would owe each beneficiary on a date, for `simular`'s first month (R6.1).
   * Only a local store has the payment rows; through a server the projection runs there instead.
   */
  readonly startBalances?: StartBalancesSource | undefined;
  /**
   * A staff write on the parties of a credit (`precatorios partes`, R6.16–R6.18): the body of
   * POST /api/precatorios/:numero/{cessoes|penhoras|habilitacoes}, checked by the same schema.
   */
  partyWrite(kind: PartyWriteKind, numero: string, body: Record<string, unknown>): Promise<{ readonly versao: number }>;
  /** The special account of a regime-especial ente (`precatorios deposito`; R7.1–R7.5). */
  readonly specialAccount: {
    deposit(input: { readonly enteId: string; readonly date: IsoDate; readonly amount: Money; readonly document: string }): Promise<MovementJson>;
    /**
     * A CSV of deposits, all or none. `enteId` omitted: each line names its ente — only on a store
     * opened here; the server's API imports one ente's file at a time (its path names the ente).
     */
    importDeposits(csv: string, enteId: string | undefined): Promise<DepositImport>;
    statement(enteId: string): Promise<SpecialAccountStatement>;
  };
  /** The CF §20 parcelamentos of an ente (`precatorios plano parcelamentos`; R7.10): no beneficiary. */
  parcelamentosCf20(enteId: string): Promise<ParcelamentosJson>;
  /** The EC 136 plan of an ente (`precatorios plano`; R7.8, R7.9): RCL rows and the plan with the default check. */
  readonly ec136: {
    recordRcl(input: {
      readonly enteId: string;
      readonly exercicio: number;
      readonly rcl: Money;
      readonly estoqueMora?: Money | undefined;
      readonly fonte: string;
    }): Promise<RclJson>;
    plan(input: {
      readonly enteId: string;
      readonly ano: number;
      readonly asOf: IsoDate;
      readonly rcl?: Money | undefined;
      readonly estoque?: Money | undefined;
    }): Promise<PlanJson>;
  };
  /** Debtors kept by staff (`precatorios ente`; issue 17 §5): each change an event with before and after. */
  readonly entes: {
    save(input: { readonly id: string; readonly nome: string; readonly esfera: string; readonly regime: string }): Promise<{
      readonly criado: boolean;
      readonly ente: { readonly id: string; readonly nome: string; readonly esfera: string; readonly regime: string };
    }>;
    rpvLaw(input: {
      readonly enteId: string;
      readonly validFrom: IsoDate;
      readonly kind: string;
      readonly amount?: Money | undefined;
      readonly legalBasis: string;
    }): Promise<{ readonly vigenteDesde: string; readonly tipo: string; readonly valor: string | null; readonly fundamento: string }>;
  };
  /** Acordos diretos (`precatorios acordo`; R7.6, R7.7): the use cases of app/acordos.ts, here or through the server. */
  readonly acordos?: {
    edital(input: {
      readonly enteId: string;
      readonly numero: string;
      readonly abertura: IsoDate;
      readonly encerramento: IsoDate;
      readonly desagioMaximo?: string | undefined;
      readonly parcelaAcordos?: string | undefined;
      readonly fundamento?: string | undefined;
    }): Promise<EditalJson>;
    habilitar(input: {
      readonly editalId: string;
      readonly numero: string;
      readonly beneficiarioId: string;
      readonly desagio: string;
      readonly date: IsoDate;
    }): Promise<HabilitacaoJson>;
    chamada(input: { readonly editalId: string; readonly date: IsoDate; readonly confirm: boolean }): Promise<AcordoCallJson>;
  };
  /** Staff users (`precatorios usuarios`): the token of a new user is returned once. */
  readonly users: {
    create(input: { readonly login: string; readonly role: StaffRole; readonly displayName?: string | undefined }): Promise<{ user: StaffUser; token: string }>;
    revoke(login: string): Promise<void>;
    list(): Promise<StaffUser[]>;
  };
  close(): Promise<void>;
}
