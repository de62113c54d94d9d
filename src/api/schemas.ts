import { z } from 'zod';
import { isIsoDate, isYearMonth } from '../domain/dates.ts';
import { MAX_RRA_MONTHS, TAX_REGIMES, type TaxRegime } from '../domain/liquidation/withholding.ts';
import { Dec } from '../domain/money.ts';
import { type DateRange, type MonthRange, type SupportedDates, type YearRange, outsideDate, outsideMonth } from '../domain/supported-dates.ts';
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
export const freeText = (max: number, min = 0) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((t) => !CONTROL.test(t) && !LONE_SURROGATE.test(t), INVALID_TEXT);
export const identifierText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((t) => !CONTROL_OR_BREAK.test(t) && !LONE_SURROGATE.test(t), INVALID_TEXT);

/** Input shapes. Every route validates with these; unknown fields are rejected (`strict`). */
export const isoDateText = z.string().refine(isIsoDate, 'data inválida (use AAAA-MM-DD)');
export const yearMonthText = z.string().refine(isYearMonth, 'mês inválido (use AAAA-MM)');
export const numeroText = identifierText(60);

/**
 * A date of one kind: AAAA-MM-DD (four-digit year: `isIsoDate`), a real day (no 30 February), and
 * inside the range the rules support for that kind today (domain/supported-dates.ts, the same
 * ranges the CSV import applies).
 */
/** A date inside every one of `ranges` (as the CLI's dateFlag): the first range it falls outside is the message. */
export const dateIn = (...ranges: readonly DateRange[]) =>
  isoDateText.superRefine((text, ctx) => {
    if (!isIsoDate(text)) return;
    for (const range of ranges) {
      const outside = outsideDate(range, text);
      if (outside) return ctx.addIssue({ code: 'custom', message: outside });
    }
  });
export const monthIn = (range: MonthRange) =>
  yearMonthText.superRefine((text, ctx) => {
    const outside = isYearMonth(text) ? outsideMonth(range, text) : undefined;
    if (outside) ctx.addIssue({ code: 'custom', message: outside });
  });
export const yearIn = (range: YearRange) =>
  z.number().int().min(range.from, `${range.why}: a partir de ${range.from}`).max(range.until, `${range.why}: até ${range.until}`);

/**
 * Money in reais as the registry stores it: NUMERIC(18,2) — at most 16 digits before the point (the
 * CSV import's limit, import/fields.ts) and 2 after — and never negative (payments, cessões,
 * funding and ceilings are amounts, not balances).
 */
export const MONEY_TEXT = /^\d{1,16}(\.\d{1,2})?$/;
export const moneyText = z.string().regex(MONEY_TEXT, 'valor inválido (use 1234.56: até 16 dígitos antes do ponto e 2 depois, sem sinal)');

/** Money above zero (a deposit, a debit): `moneyText` that is not all zeros. */
export const positiveMoneyText = (why: string) => moneyText.refine((t) => !/^0+(\.0+)?$/.test(t), why);

/** A fraction in [0, 1] with up to 6 decimals, as `0.4` (deságio, shares). */
export const fractionText = z.string().regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, 'fração entre 0 e 1 com até 6 casas decimais, como 0.4');

/** The art. 82 answer's format (R7.4): JSON, or CSV with `;` and a BOM for spreadsheets. */
export const contaEspecialQuery = z.strictObject({ formato: z.enum(['json', 'csv']).default('json') });

/** A decimal (percent, fraction) between `min` and `max`, compared exactly (no float rounding). */
export const DECIMAL = /^-?\d+(\.\d+)?$/;
// (Zod runs every check of a field even after one failed: the range check must not parse bad text.)
export const decimalIn = (min: string, max: string, why: string, options: { minExclusive?: boolean } = {}) =>
  z
    .string()
    .max(40, 'número longo demais')
    .regex(DECIMAL, 'número inválido (use 2.5)')
    .refine(
      (t) => {
        if (!DECIMAL.test(t)) return true;
        const d = new Dec(t);
        return (options.minExclusive ? d.greaterThan(min) : d.greaterThanOrEqualTo(min)) && d.lessThanOrEqualTo(max);
      },
      `deve estar entre ${min}${options.minExclusive ? ' (exclusive)' : ''} e ${max} (${why})`,
    );

/**
 * The payee's tax facts from the ofício for a payment's withholding (money-movements.md R6.7, R6.8,
 * R6.12): regime, vínculo, NM still open (RRA), the non-taxable share of the principal, the
 * previdência (the ofício's amount not yet withheld, or a regime's rate) and the §2–§3 deductions still open.
 */
export const retencaoBody = z.strictObject({
  regime: z.enum(TAX_REGIMES as [TaxRegime, ...TaxRegime[]]),
  vinculo: z.enum(['com-vinculo', 'sem-vinculo']),
  meses: decimalIn('0', String(MAX_RRA_MONTHS), 'meses do RRA no ofício', { minExclusive: true }).default('1'),
  parteNaoTributavel: decimalIn('0', '1', 'fração do principal que não é rendimento').default('0'),
  previdencia: z.union([z.strictObject({ valor: moneyText }), z.strictObject({ regime: identifierText(40) })]).optional(),
  pensaoAlimenticia: moneyText.default('0'),
  despesasJudiciais: moneyText.default('0'),
});

/**
 * An integer of a query string: decimal digits only — `z.coerce.number` also took '0x10' (16), '1e2'
 * (100) and ' 5 ', a silent reading of text that is not the number written.
 */
export const queryInt = (range: z.ZodNumber) =>
  z
    .string()
    .regex(/^-?\d{1,16}$/, 'número inteiro inválido (use só algarismos)')
    .transform(Number)
    .pipe(range);

/** Versions are bigint in the registry; a number above 2^53 would not even reach it intact. */
const versao = z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional();

/** Page size is capped: a limit on everything. */
export const PAGE_SIZE_MAX = 500;

/**
 * The request shapes of one day's supported ranges, built once per `SupportedDates` (which the app
 * renews when the day changes).
 */
const built = new WeakMap<SupportedDates, ReturnType<typeof buildSchemas>>();
export function schemasFor(dates: SupportedDates): ReturnType<typeof buildSchemas> {
  let schemas = built.get(dates);
  if (!schemas) built.set(dates, (schemas = buildSchemas(dates)));
  return schemas;
}

function buildSchemas(d: SupportedDates) {
  const runDate = dateIn(d.rodada).optional();
  return {
    filaQuery: z.strictObject({
      pagina: queryInt(z.number().int().min(1).max(1_000_000)).default(1),
      tamanho: queryInt(z.number().int().min(1).max(PAGE_SIZE_MAX)).default(50),
      orcamento: queryInt(yearIn(d.orcamento)).optional(),
      natureza: z.enum(['alimentar', 'comum']).optional(),
      // pago / cancelado: the closed precatórios, outside the chronological list (the staff desk, issue 18 §2).
      status: z.enum(['ativo', 'suspenso', 'pago', 'cancelado']).optional(),
      data: runDate,
    }),
    dateQuery: z.strictObject({ data: runDate }),
    /** Precatório lookup: run date, and the month to correct the balance to (default: the run date's). */
    lookupQuery: z.strictObject({ data: runDate, ate: monthIn(d.mesCorrecao).optional() }),
    /**
     * "Por que a minha posição mudou" (issue 18 §1): the list published at the end of `desde` against
     * today's. No `data`: the newer list is always today's published one (issue 15 §4).
     */
    mudancasQuery: z.strictObject({ desde: dateIn(d.registro).optional() }),
    pagamentoBody: z.strictObject({
      beneficiarioId: identifierText(120),
      valor: moneyText,
      tipo: z.enum(['cronologica', 'superpreferencia', 'acordo']).default('cronologica'),
      pagoEm: dateIn(d.registro),
      versao,
      retencao: retencaoBody.optional(),
    }),
    /**
     * A cessão: `valor` moves that face amount to a new cessionário beneficiary (whole-credit
     * transfers, as before 0011); `fracao` (of the cedente's original total, R6.16) keeps the credit on
     * the cedente and pays the cessionário its fraction of each release — with the instrument and
     * when it was made. `data` is the protocol of the communication (the cessão's efficacy, CF §14).
     */
    cessaoBody: z
      .strictObject({
        cedenteId: identifierText(120),
        valor: moneyText.optional(),
        fracao: decimalIn('0', '1', 'fração do total original do cedente', { minExclusive: true }).optional(),
        instrumento: z.enum(['escritura', 'particular']).optional(),
        instrumentoRef: freeText(200).optional(),
        lavradaEm: dateIn(d.registro).optional(),
        cessionarioCredorId: identifierText(120),
        cessionarioNome: freeText(200).optional(),
        cessionarioCpf: identifierText(20).optional(),
        data: dateIn(d.registro),
        versao,
      })
      .superRefine((b, ctx) => {
        if ((b.valor === undefined) === (b.fracao === undefined))
          ctx.addIssue({ code: 'custom', path: ['fracao'], message: 'informe a fração cedida (fracao) ou o valor cedido (valor), um dos dois' });
        if (b.fracao !== undefined && b.instrumento === undefined)
          ctx.addIssue({ code: 'custom', path: ['instrumento'], message: 'cessão por fração exige o instrumento (escritura ou particular, R6.16)' });
        if (b.fracao !== undefined && b.lavradaEm === undefined)
          ctx.addIssue({ code: 'custom', path: ['lavradaEm'], message: 'cessão por fração exige a data do instrumento (lavradaEm)' });
        if (b.fracao === undefined && (b.instrumento !== undefined || b.lavradaEm !== undefined || b.instrumentoRef !== undefined))
          ctx.addIssue({ code: 'custom', path: ['instrumento'], message: 'instrumento e lavradaEm são da cessão por fração (fracao)' });
      }),
    /** R6.18: a penhora on one beneficiary's credit, recorded by staff from the juízo's communication. */
    penhoraBody: z.strictObject({
      beneficiarioId: identifierText(120),
      valor: moneyText,
      juizo: freeText(200, 1),
      processo: identifierText(60),
      averbadaEm: dateIn(d.registro),
      ordem: z.number().int().min(1).max(1000).optional(),
      versao,
    }),
    /** R6.17: the habilitação of heirs decided by the origin court, with each heir's quinhão. */
    habilitacaoBody: z.strictObject({
      falecidoId: identifierText(120),
      decididoEm: dateIn(d.registro),
      herdeiros: z
        .array(
          z.strictObject({
            id: identifierText(120),
            credorId: identifierText(120),
            quinhao: decimalIn('0', '1', 'quinhão do herdeiro', { minExclusive: true }),
            nascimento: dateIn(d.nascimento).optional(),
            nome: freeText(200).optional(),
            cpf: identifierText(20).optional(),
          }),
        )
        .min(1)
        .max(200),
      versao,
    }),
    superpreferenciaBody: z.strictObject({
      beneficiarioId: identifierText(120),
      motivo: z.enum(['doenca-grave', 'deficiencia']),
      concedidaEm: dateIn(d.concessao),
      versao,
    }),
    revogacaoBody: z.strictObject({
      beneficiarioId: identifierText(120),
      revogadaEm: dateIn(d.registro),
      versao,
    }),
    cancelamentoBody: z.strictObject({
      motivo: freeText(500, 3),
      versao,
    }),
    /** Staff: a funding row of the payment projection (issue 6). */
    financiamentoBody: z.strictObject({
      tipo: z.enum(['dotacao-anual', 'deposito-mensal', 'percentual-rcl']),
      valor: moneyText,
      vigenteDesde: dateIn(d.financiamento),
      parcelaCronologica: z
        .string()
        .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'fração de 0 a 1 com ponto decimal (ex.: 0.75); o mínimo legal é conferido com a data de início')
        .optional(),
      fundamento: freeText(500).optional(),
    }),
    /** Staff: a deposit into the ente's special account (R7.1), split and shared as it lands (R7.3, R7.5). */
    depositoBody: z.strictObject({
      data: dateIn(d.contaEspecial),
      valor: positiveMoneyText('o depósito deve ser maior que zero'),
      documento: freeText(500, 1),
    }),
    /** Staff: a debit of the special account (R7.2): a payment (chronological), an acordo, or a transfer between the two accounts. */
    debitoBody: z.discriminatedUnion('tipo', [
      z.strictObject({
        tipo: z.enum(['PAGAMENTO', 'ACORDO']),
        data: dateIn(d.contaEspecial),
        valor: positiveMoneyText('o débito deve ser maior que zero'),
        documento: freeText(500, 1),
        precatorio: numeroText.optional(),
      }),
      z.strictObject({
        tipo: z.literal('TRANSFERENCIA'),
        data: dateIn(d.contaEspecial),
        valor: positiveMoneyText('a transferência deve ser maior que zero'),
        documento: freeText(500, 1),
        origem: z.enum(['CRONOLOGICA', 'ACORDO']),
        destino: z.enum(['CRONOLOGICA', 'ACORDO']),
      }),
    ]),
    /** Staff: an acordo edital of one ente (R7.7): period, deságio limit ≤ 0,40 (R7.6), share announced for acordos. */
    editalAcordoBody: z.strictObject({
      numero: freeText(100, 1),
      abertura: dateIn(d.contaEspecial),
      encerramento: dateIn(d.contaEspecial),
      desagioMaximo: fractionText.optional(),
      parcelaAcordos: fractionText.optional(),
      fundamento: freeText(500).optional(),
    }),
    /** Staff: a creditor habilitado in an edital with the deságio they accept (R7.6, R7.7). */
    habilitacaoAcordoBody: z.strictObject({
      precatorio: numeroText,
      beneficiario: freeText(100, 1),
      desagio: fractionText,
      data: dateIn(d.contaEspecial),
    }),
    /** Staff: the call of the habilitados in list order on a date (R7.7); `confirmar: false` is the preview. */
    chamadaAcordoBody: z.strictObject({ data: dateIn(d.contaEspecial), confirmar: z.boolean().default(false) }),
    /** Staff: a payment run of one ente (`precatorios pagar` through the server), above zero. */
    rodadaBody: z.strictObject({
      valor: moneyText.refine((t) => Number(t) > 0, 'o valor disponível deve ser maior que zero'),
      // A run builds the lists of its date (rodada) and records payments (registro), as `pagar --data`.
      data: dateIn(d.rodada, d.registro).optional(),
    }),
    ...ec136Schemas(d),
    ...enteCadastroSchemas(d),
  };
}

/** Debtors kept by staff (issue 17 §5): an ente (create/edit) and an RPV law (R4.2). */
function enteCadastroSchemas(d: SupportedDates) {
  return {
    enteBody: z.strictObject({
      id: identifierText(120),
      nome: freeText(200, 2),
      esfera: z.enum(['uniao', 'estadual', 'municipal']),
      regime: z.enum(['geral', 'especial']),
    }),
    leiRpvBody: z.strictObject({
      vigenteDesde: dateIn(d.expedicao),
      tipo: z.enum(['salarios-minimos', 'valor-fixo', 'teto-rgps']),
      valor: z
        .string()
        .regex(/^\d{1,14}(\.\d{1,4})?$/, 'valor inválido (use 40 ou 15000.00; sem sinal)')
        .optional(),
      fundamento: freeText(500, 3),
    }),
  };
}

/** EC 136 plan (R7.8, R7.9; issue 17 §3): the plan's query (what-if RCL/estoque) and the staff RCL row. */
export const PLAN_YEARS = { min: 2025, max: 2100 } as const;
export const RCL_EXERCICIOS = { min: 2000, max: 2100 } as const;
function ec136Schemas(d: SupportedDates) {
  return {
    planoQuery: z.strictObject({
      ano: queryInt(z.number().int().min(PLAN_YEARS.min, `os limites da EC 136 começam no plano de ${PLAN_YEARS.min}`).max(PLAN_YEARS.max)).optional(),
      rclHipotese: positiveMoneyText('a RCL deve ser maior que zero').optional(),
      estoqueHipotese: moneyText.optional(),
      data: dateIn(d.rodada).optional(),
    }),
    rclBody: z.strictObject({
      exercicio: z.number().int().min(RCL_EXERCICIOS.min).max(RCL_EXERCICIOS.max),
      valor: positiveMoneyText('a RCL deve ser maior que zero'),
      estoqueMora: moneyText.optional(),
      fonte: freeText(500, 1),
    }),
  };
}

/** Parses or throws a 400 naming the first bad field, in Portuguese. */
export function parseOr400<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input, { error: PT_BR });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const campo = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : null);
  const motivo = issue.code === 'unrecognized_keys' ? `campo(s) desconhecido(s): ${issue.keys.join(', ')}` : issue.message;
  throw new ApiError(400, 'entrada-invalida', campo, motivo);
}

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

/**
 * GET /api/entes/:id/estoque (issue 18 §2): the answer's contract, for the route, the OpenAPI
 * document (z.toJSONSchema) and the browser (web/api-types.ts imports the type).
 */
export const estoqueResponse = z.object({
  ente: z.object({ id: z.string(), nome: z.string(), regime: z.enum(['geral', 'especial']) }),
  data: z.string(),
  total: z.object({ quantidade: z.number().int().nonnegative(), saldo: z.string() }),
  itens: z.array(
    z.object({
      orcamento: z.number().int(),
      natureza: z.enum(['alimentar', 'comum']),
      quantidade: z.number().int().positive(),
      suspensos: z.number().int().nonnegative(),
      saldo: z.string(),
    }),
  ),
});
export type EstoqueResponse = z.infer<typeof estoqueResponse>;
