import type { IsoDate } from '../domain/dates.ts';
import type { Esfera, Regime } from '../domain/ente.ts';
import { Dec, type Money } from '../domain/money.ts';
import { type DateRange, outsideDate } from '../domain/supported-dates.ts';
import type { Db } from '../storage/db.ts';
import { StoreError } from '../storage/errors.ts';
import { appendEnteEvent } from '../storage/events.ts';

/**
 * Debtors kept by staff (issue 17 §5): create or edit an ente (nome, esfera, regime) and record its
 * RPV laws (R4.2: N salários mínimos, a fixed value or the RGPS ceiling, in force from a date, with
 * the legal basis). Each change is one event with before and after, and bumps the ente's version —
 * the key of every cached list and ceiling (app/ente-source-cache.ts, payment-order-cache.ts), so
 * the lists follow on the next read, in this process and any other on the same PostgreSQL.
 */
export const ESFERAS: readonly Esfera[] = ['uniao', 'estadual', 'municipal'];
export const REGIMES: readonly Regime[] = ['geral', 'especial'];
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Advisory-lock class of the ente rows written by staff (second key: the ente's hash). */
const ENTE_LOCK_CLASS = 170_017;

export interface EnteInput {
  readonly id: string;
  readonly nome: string;
  readonly esfera: string;
  readonly regime: string;
  readonly actor: string;
}

const invalid = (campo: string, motivo: string) => new StoreError('invalido', campo, motivo);

interface EnteRowJson {
  id: string;
  nome: string;
  esfera: string;
  regime: string;
}

async function enteRow(tx: Db, id: string): Promise<EnteRowJson | undefined> {
  return (await tx.query<EnteRowJson>('select id, nome, esfera, regime from entes where id = $1', [id])).rows[0];
}

/** Creates the ente or edits it; refuses unknown esfera/regime and a regime change of an ente with precatórios (their rows carry it). */
export async function saveEnte(db: Db, input: EnteInput): Promise<{ readonly criado: boolean; readonly ente: EnteRowJson }> {
  if (!ID.test(input.id) || input.id.length > 120)
    throw invalid('id', `id inválido: use letras minúsculas, algarismos e hífens (ex.: municipio-de-belem), até 120 (recebido ${input.id})`);
  const nome = input.nome.trim();
  if (nome.length < 2 || nome.length > 200) throw invalid('nome', 'o nome do ente deve ter de 2 a 200 caracteres');
  if (!(ESFERAS as readonly string[]).includes(input.esfera)) throw invalid('esfera', `esfera desconhecida: ${input.esfera} (aceitas: ${ESFERAS.join(', ')})`);
  if (!(REGIMES as readonly string[]).includes(input.regime)) throw invalid('regime', `regime desconhecido: ${input.regime} (aceitos: ${REGIMES.join(', ')})`);
  const after: EnteRowJson = { id: input.id, nome, esfera: input.esfera, regime: input.regime };
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1, hashtext($2))', [ENTE_LOCK_CLASS, input.id]);
    const before = await enteRow(tx, input.id);
    if (before && before.regime !== after.regime) {
      const { rows } = await tx.query('select 1 from precatorios where ente_id = $1 limit 1', [input.id]);
      if (rows.length > 0)
        throw invalid(
          'regime',
          `o ente ${input.id} tem precatórios no regime ${before.regime}: a mudança de regime vem pela importação (cada precatório leva o seu)`,
        );
    }
    if (before) {
      if (before.nome === after.nome && before.esfera === after.esfera && before.regime === after.regime) return { criado: false, ente: after };
      await tx.query('update entes set nome = $2, esfera = $3, regime = $4, version = version + 1 where id = $1', [
        after.id,
        after.nome,
        after.esfera,
        after.regime,
      ]);
    } else {
      await tx.query('insert into entes (id, nome, esfera, regime) values ($1, $2, $3, $4)', [after.id, after.nome, after.esfera, after.regime]);
    }
    await appendEnteEvent(tx, {
      actor: input.actor,
      kind: before ? 'ente-alterado' : 'ente-criado',
      enteId: after.id,
      after: { antes: before ?? null, depois: after },
    });
    return { criado: !before, ente: after };
  });
}

export interface RpvLawInput {
  readonly enteId: string;
  readonly actor: string;
  readonly validFrom: IsoDate;
  readonly kind: string;
  /** SM multiple (salarios-minimos) or reais (valor-fixo); none for teto-rgps. */
  readonly amount?: Money | undefined;
  readonly legalBasis: string;
}

const RPV_KINDS = ['salarios-minimos', 'valor-fixo', 'teto-rgps'] as const;

interface LawJson {
  vigenteDesde: string;
  tipo: string;
  valor: string | null;
  fundamento: string;
}

/**
 * Records an RPV law of the ente in force from `validFrom` (replacing one of the same date). New
 * requisitions are classified by the law in force on their date (R4.2–R4.4); the ente's version
 * moves, so every cached list and ceiling is rebuilt on the next read. `range`: the supported
 * dates (domain/supported-dates.ts), outside which the date is refused naming the field.
 */
export async function recordRpvLaw(db: Db, input: RpvLawInput, range: DateRange): Promise<LawJson> {
  const outside = outsideDate(range, input.validFrom);
  if (outside) throw invalid('vigenteDesde', outside);
  if (!(RPV_KINDS as readonly string[]).includes(input.kind))
    throw invalid('tipo', `tipo de lei de RPV desconhecido: ${input.kind} (aceitos: ${RPV_KINDS.join(', ')})`);
  if (input.kind === 'teto-rgps') {
    if (input.amount !== undefined) throw invalid('valor', 'a lei pelo teto do RGPS não leva valor');
  } else {
    if (input.amount === undefined || !input.amount.greaterThan(0))
      throw invalid(
        'valor',
        input.kind === 'salarios-minimos' ? 'informe o múltiplo de salários mínimos (maior que zero)' : 'informe o valor em reais (maior que zero)',
      );
    if (input.amount.decimalPlaces() > (input.kind === 'valor-fixo' ? 2 : 4)) throw invalid('valor', 'casas decimais demais');
  }
  const legalBasis = input.legalBasis.trim();
  if (legalBasis.length < 3 || legalBasis.length > 500) throw invalid('fundamento', 'o fundamento legal é obrigatório (lei, artigo), até 500 caracteres');
  const law: LawJson = { vigenteDesde: input.validFrom, tipo: input.kind, valor: input.amount?.toString() ?? null, fundamento: legalBasis };
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1, hashtext($2))', [ENTE_LOCK_CLASS, input.enteId]);
    if (!(await enteRow(tx, input.enteId))) throw new StoreError('nao-encontrado', 'id', `ente ${input.enteId} não encontrado`);
    const { rows } = await tx.query<{ kind: string; amount: string | null; legal_basis: string }>(
      'select kind, amount::text as amount, legal_basis from rpv_laws where ente_id = $1 and valid_from = $2',
      [input.enteId, input.validFrom],
    );
    const old = rows[0];
    const before: LawJson | null = old
      ? { vigenteDesde: input.validFrom, tipo: old.kind, valor: old.amount === null ? null : new Dec(old.amount).toString(), fundamento: old.legal_basis }
      : null;
    await tx.query(
      `insert into rpv_laws (ente_id, valid_from, kind, amount, legal_basis) values ($1, $2, $3, $4, $5)
       on conflict (ente_id, valid_from) do update set kind = excluded.kind, amount = excluded.amount, legal_basis = excluded.legal_basis`,
      [input.enteId, input.validFrom, input.kind, input.amount?.toString() ?? null, legalBasis],
    );
    await tx.query('update entes set version = version + 1 where id = $1', [input.enteId]);
    await appendEnteEvent(tx, { actor: input.actor, kind: 'lei-rpv-registrada', enteId: input.enteId, after: { antes: before, depois: law } });
    return law;
  });
}
