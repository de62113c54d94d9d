import { z } from 'zod';
import { isIsoDate, isYearMonth } from '../domain/dates.ts';
import { isDecimalText } from '../domain/money.ts';
import { ApiError } from './errors.ts';

/** Input shapes. Every route validates with these; unknown fields are rejected (`strict`). */
export const isoDateText = z.string().refine(isIsoDate, 'data inválida (use AAAA-MM-DD)');
export const yearMonthText = z.string().refine(isYearMonth, 'mês inválido (use AAAA-MM)');
export const moneyText = z.string().refine(isDecimalText, 'valor inválido (use 1234.56)');
export const numeroText = z.string().min(1).max(60);

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
  beneficiarioId: z.string().min(1).max(120),
  valor: moneyText,
  tipo: z.enum(['cronologica', 'superpreferencia', 'acordo']).default('cronologica'),
  pagoEm: isoDateText,
  versao: z.number().int().positive().optional(),
});

export const cessaoBody = z.strictObject({
  cedenteId: z.string().min(1).max(120),
  valor: moneyText,
  cessionarioCredorId: z.string().min(1).max(120),
  cessionarioNome: z.string().max(200).optional(),
  cessionarioCpf: z.string().max(20).optional(),
  data: isoDateText,
  versao: z.number().int().positive().optional(),
});

export const superpreferenciaBody = z.strictObject({
  beneficiarioId: z.string().min(1).max(120),
  motivo: z.enum(['doenca-grave', 'deficiencia']),
  concedidaEm: isoDateText,
  versao: z.number().int().positive().optional(),
});

export const revogacaoBody = z.strictObject({
  beneficiarioId: z.string().min(1).max(120),
  revogadaEm: isoDateText,
  versao: z.number().int().positive().optional(),
});

export const cancelamentoBody = z.strictObject({
  motivo: z.string().min(3).max(500),
  versao: z.number().int().positive().optional(),
});

/** Parses or throws a 400 naming the first bad field, in Portuguese. */
export function parseOr400<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
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
  fundamento: z.string().max(500).optional(),
});

/** Malformed JSON is a 400 that says so, not a 500. */
export async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new ApiError(400, 'entrada-invalida', null, 'o corpo da requisição não é JSON válido');
  }
}
