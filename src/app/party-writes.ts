import type { z } from 'zod';
import { ApiError } from '../api/errors.ts';
import { parseOr400, schemasFor } from '../api/schemas.ts';
import type { SupportedDates } from '../domain/supported-dates.ts';
import type { IsoDate } from '../domain/dates.ts';
import { Dec, money } from '../domain/money.ts';
import type { Precatorio } from '../domain/precatorio.ts';
import type { Db } from '../storage/db.ts';
import { cedeFractionOfPrecatorio, cedePrecatorio, habilitarHerdeiros, penhorarPrecatorio } from './staff-writes.ts';

type Schemas = ReturnType<typeof schemasFor>;
/** The staff writes on the parties of a credit (money-movements.md §6.4), by the path the API gives them. */
export type PartyWriteKind = 'cessoes' | 'penhoras' | 'habilitacoes';
export type PartyWriteBody = {
  cessoes: z.infer<Schemas['cessaoBody']>;
  penhoras: z.infer<Schemas['penhoraBody']>;
  habilitacoes: z.infer<Schemas['habilitacaoBody']>;
};
/** The zod contract of each write's body (src/api/schemas.ts), for the API and the CLI alike. */
export const PARTY_WRITE_SCHEMA: { readonly [K in PartyWriteKind]: (s: Schemas) => z.ZodType<PartyWriteBody[K]> } = {
  cessoes: (s) => s.cessaoBody,
  penhoras: (s) => s.penhoraBody,
  habilitacoes: (s) => s.habilitacaoBody,
};

export interface PartyWriteTarget {
  readonly numero: string;
  readonly actor: string;
  readonly expectedVersion: number | undefined;
}

/**
 * One party write from its checked body (POST /api/precatorios/:numero/{cessoes|penhoras|habilitacoes},
 * and `precatorios partes`): the body's fields mapped to the use case once, here.
 */
export function partyWrite<K extends PartyWriteKind>(
  db: Db,
  kind: K,
  target: PartyWriteTarget,
  body: PartyWriteBody[K],
): Promise<{ precatorio: Precatorio; version: number }> {
  if (kind === 'penhoras') {
    const b = body as PartyWriteBody['penhoras'];
    return penhorarPrecatorio(db, {
      ...target,
      beneficiarioId: b.beneficiarioId,
      limitBrl: money(b.valor),
      juizo: b.juizo,
      processo: b.processo,
      averbadaEm: b.averbadaEm as IsoDate,
      ordem: b.ordem,
    });
  }
  if (kind === 'habilitacoes') {
    const b = body as PartyWriteBody['habilitacoes'];
    return habilitarHerdeiros(db, {
      ...target,
      falecidoId: b.falecidoId,
      decididoEm: b.decididoEm as IsoDate,
      heirs: b.herdeiros.map((h) => ({ ...h, quinhao: new Dec(h.quinhao), nascimento: h.nascimento as IsoDate | undefined })),
    });
  }
  const b = body as PartyWriteBody['cessoes'];
  const cessionario = { cessionarioCredorId: b.cessionarioCredorId, cessionarioNome: b.cessionarioNome, cessionarioCpf: b.cessionarioCpf };
  // R6.16: by fraction the credit stays on the cedente (lines at each release); by amount it moves.
  if (b.fracao !== undefined)
    return cedeFractionOfPrecatorio(db, {
      ...target,
      ...cessionario,
      cedenteId: b.cedenteId,
      fraction: new Dec(b.fracao),
      instrumento: b.instrumento!,
      instrumentoRef: b.instrumentoRef,
      lavradaEm: b.lavradaEm as IsoDate,
      protocoloEm: b.data as IsoDate,
    });
  return cedePrecatorio(db, { ...target, ...cessionario, cedenteId: b.cedenteId, amountBrl: money(b.valor!), onDate: b.data as IsoDate });
}

/**
 * The CLI's path to the same contract: the body checked by the route's schema; a refusal reads as
 * the API's 400 does through remote-registry.ts (what, why, field), so both modes print the same.
 */
export function checkedPartyBody<K extends PartyWriteKind>(kind: K, dates: SupportedDates, body: unknown): PartyWriteBody[K] {
  try {
    return parseOr400(PARTY_WRITE_SCHEMA[kind](schemasFor(dates)), body);
  } catch (error) {
    if (error instanceof ApiError) throw new Error(`registro (${kind}): ${error.motivo}${error.campo ? ` (campo ${error.campo})` : ''}`);
    throw error;
  }
}
