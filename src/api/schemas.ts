import { z } from 'zod';
import { isIsoDate, isYearMonth } from '../domain/dates.ts';
import { isDecimalText } from '../domain/money.ts';
import { ApiError } from './errors.ts';

/** Zod's own messages (wrong type, too long…) in Brazilian Portuguese, for this API only. */
const PT_BR = z.locales.ptBR().localeError;

/**
 * Text a client may send: no control characters — NUL above all, which PostgreSQL cannot store — and
 * no lone UTF-16 surrogates, which would be stored as U+FFFD, not as sent. Free text (a reason, a
 * legal basis) may keep tab and line breaks; identifiers may not.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CONTROL_OR_BREAK = /[\u0000-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INVALID_TEXT = 'contém caractere de controle (p. ex. NUL) ou Unicode inválido';
export const freeText = (max: number, min = 0) => z.string().min(min).max(max).refine((t) => !CONTROL.test(t) && !LONE_SURROGATE.test(t), INVALID_TEXT);
export const identifierText = (max: number) => z.string().min(1).max(max).refine((t) => !CONTROL_OR_BREAK.test(t) && !LONE_SURROGATE.test(t), INVALID_TEXT);

/** Input shapes. Every route validates with these; unknown fields are rejected (`strict`). */
export const isoDateText = z.string().refine(isIsoDate, 'data inválida (use AAAA-MM-DD)');
export const yearMonthText = z.string().refine(isYearMonth, 'mês inválido (use AAAA-MM)');
export const moneyText = z.string().refine(isDecimalText, 'valor inválido (use 1234.56)');
export const numeroText = identifierText(60);

/** Page size is capped: a limit on everything. */
export const PAGE_SIZE_MAX = 500;

export const filaQuery = z.strictObject({
  pagina: z.coerce.number().int().min(1).max(1_000_000).default(1),
  tamanho: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(50),
  orcamento: z.coerce.number().int().min(1989).max(2200).optional(),
  natureza: z.enum(['alimentar', 'comum']).optional(),
  status: z.enum(['ativo', 'suspenso']).optional(),
  data: isoDateText.optional(),
});

export const dateQuery = z.strictObject({ data: isoDateText.optional() });

/** Precatório lookup: run date, and the month to correct the balance to (default: the run date's). */
export const lookupQuery = z.strictObject({ data: isoDateText.optional(), ate: yearMonthText.optional() });

export const pagamentoBody = z.strictObject({
  beneficiarioId: identifierText(120),
  valor: moneyText,
  tipo: z.enum(['cronologica', 'superpreferencia', 'acordo']).default('cronologica'),
  pagoEm: isoDateText,
  versao: z.number().int().positive().optional(),
});

export const cessaoBody = z.strictObject({
  cedenteId: identifierText(120),
  valor: moneyText,
  cessionarioCredorId: identifierText(120),
  cessionarioNome: freeText(200).optional(),
  cessionarioCpf: identifierText(20).optional(),
  data: isoDateText,
  versao: z.number().int().positive().optional(),
});

export const superpreferenciaBody = z.strictObject({
  beneficiarioId: identifierText(120),
  motivo: z.enum(['doenca-grave', 'deficiencia']),
  concedidaEm: isoDateText,
  versao: z.number().int().positive().optional(),
});

export const revogacaoBody = z.strictObject({
  beneficiarioId: identifierText(120),
  revogadaEm: isoDateText,
  versao: z.number().int().positive().optional(),
});

export const cancelamentoBody = z.strictObject({
  motivo: freeText(500, 3),
  versao: z.number().int().positive().optional(),
});

/** Parses or throws a 400 naming the first bad field, in Portuguese. */
export function parseOr400<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input, { error: PT_BR });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const campo = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : null);
  const motivo = issue.code === 'unrecognized_keys' ? `campo(s) desconhecido(s): ${issue.keys.join(', ')}` : issue.message;
  throw new ApiError(400, 'entrada-invalida', campo, motivo);
}


/** Staff: a funding row of the payment projection (issue 6). */
export const financiamentoBody = z.strictObject({
  tipo: z.enum(['dotacao-anual', 'deposito-mensal', 'percentual-rcl']),
  valor: moneyText,
  vigenteDesde: isoDateText,
  parcelaCronologica: z.string().regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'fração entre 0,5 e 1 (use 0.5)').optional(),
  fundamento: freeText(500).optional(),
});

/** Malformed JSON is a 400 that says so, not a 500. */
export async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new ApiError(400, 'entrada-invalida', null, 'o corpo da requisição não é JSON válido');
  }
}

/** Path parameters (ente id, número): checked before they reach a query; a bad one is a 400 naming it. */
const PATH_PARAM = identifierText(200);
export function pathParam(value: string, campo: string): string {
  const result = PATH_PARAM.safeParse(value, { error: PT_BR });
  if (!result.success) throw new ApiError(400, 'entrada-invalida', campo, `${campo} inválido: ${result.error.issues[0]!.message}`);
  return result.data;
}

/** Staff: a payment run of one ente (`precatorios pagar` through the server). Cents, above zero. */
export const rodadaBody = z.strictObject({
  valor: moneyText
    .refine((t) => Number(t) > 0, 'o valor disponível deve ser maior que zero')
    .refine((t) => !/\.\d{3,}$/.test(t), 'use no máximo duas casas decimais, em centavos')
    .refine((t) => Number(t) < 1e15, 'valor disponível acima de R$ 1 quatrilhão'),
  data: isoDateText.optional(),
});
