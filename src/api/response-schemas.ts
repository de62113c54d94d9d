import { z } from 'zod';
import { paymentDocumentSchema } from '../app/payment-document.ts';
import { paymentRunSchema } from '../app/payment-run.ts';
import { movementJsonSchema, specialAccountStatementSchema } from '../app/special-account.ts';
import { userJsonSchema } from '../app/staff-users.ts';
import { importReportSchema } from '../app/import-csv.ts';
import { positionChangesJsonSchema } from '../app/position-changes.ts';
import { TAX_REGIMES, type TaxRegime } from '../domain/liquidation/withholding.ts';
import { estoqueResponse } from './schemas.ts';

/**
 * The answers of the API (issue 18 §3): one zod schema per JSON route, used by the OpenAPI document
 * (z.toJSONSchema, api/openapi.ts), by the browser (web/api-types.ts: type-only z.infer) and by the
 * contract test (test/api/contract.test.ts), which parses every route's answer with its schema.
 * Strict objects: an undocumented field is a contract change, made here first. The answers the CLI
 * reads back through the server (payment run, payment document, special account, users, import
 * report) keep their one definition beside their use case in src/app and are reused here.
 */

/** Money as the API writes it: a decimal string with 2 places (toDecimalString, toFixed(2)). */
const reais = z.string().regex(/^-?\d+\.\d{2}$/, 'valor em reais com 2 casas');
/** A decimal written by Dec.toString() (fractions, percentages): no exponent, no comma. */
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'número decimal');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'AAAA-MM-DD');
const yearMonth = z.string().regex(/^\d{4}-\d{2}$/, 'AAAA-MM');
const count = z.number().int().nonnegative();
const natureza = z.enum(['alimentar', 'comum']);
const regime = z.enum(['geral', 'especial']);
const esfera = z.enum(['uniao', 'estadual', 'municipal']);
/** Status of a precatório (domain/precatorio.ts); only ativo and suspenso are in a list. */
const status = z.enum(['ativo', 'suspenso', 'pago', 'cancelado']);
const titularidade = z.enum(['originario', 'cessionario', 'herdeiro']);
const enteRef = z.strictObject({ id: z.string(), nome: z.string(), regime });

/** Body of every expected error (4xx, and the 500 that hides internals): the code, the field, why. */
export const erroResponse = z.strictObject({ erro: z.string(), campo: z.string().nullable(), motivo: z.string() });

/** GET /api/health (200 and 503). */
export const healthResponse = z.strictObject({
  status: z.enum(['ok', 'falha']),
  banco: z.enum(['pglite', 'postgres']),
  demonstracao: z.boolean(),
  escritas: z.union([
    z.strictObject({ ok: z.literal(true) }),
    z.strictObject({ ok: z.literal(false), tipo: z.enum(['disco-cheio', 'somente-leitura', 'banco-indisponivel']), motivo: z.string() }),
  ]),
});

export const enteResponse = z.strictObject({
  id: z.string(),
  nome: z.string(),
  esfera,
  regime,
  precatorios: count,
  abertos: count,
  estoque: reais,
  /** Paid and cancelled precatórios, and the amount paid on all (the staff desk's totals, issue 18 §2). */
  pagos: count,
  cancelados: count,
  pago: reais,
  tetoRpv: reais,
  tetoSuperpreferencia: reais,
});
export const entesResponse = z.strictObject({ data: isoDate, entes: z.array(enteResponse) });

/** One position of the chronological list (serialize.ts publicEntry). */
export const filaItemResponse = z.strictObject({
  posicao: z.number().int().positive(),
  numero: z.string(),
  orcamento: z.number().int(),
  natureza,
  status,
  apresentacao: z.string().nullable(),
  ordemPublicada: z.number().int().nullable(),
  valorRequisitado: reais,
  saldo: reais,
  superpreferencia: reais,
  remanescente: reais,
  explicacao: z.string(),
});
/** A row of a list page (GET /api/entes/:id/fila): the entry plus the desk's paid columns (app/desk-list.ts); closed rows have no position. */
export const filaPageItemResponse = filaItemResponse.extend({
  posicao: z.number().int().positive().nullable(),
  valorPago: reais,
  superpreferenciaPaga: reais,
  /** Staff only: payments made (Parcelas Pagas). */
  parcelasPagas: count.optional(),
});
export const filaResponse = z.strictObject({
  ente: enteRef,
  data: isoDate,
  total: count,
  pagina: z.number().int().positive(),
  tamanho: z.number().int().positive(),
  /** Stored precatórios that cannot be placed (impossible data), by número. */
  foraDaLista: z.array(z.string()),
  itens: z.array(filaPageItemResponse),
});
/** GET /api/entes/:id/fila.json: the whole masked list. */
export const filaExportResponse = z.strictObject({ ente: z.string(), data: isoDate, itens: z.array(filaItemResponse) });

export const parcelaResponse = z.strictObject({
  posicao: z.number().int().positive(),
  numero: z.string(),
  posicaoCronologica: z.number().int().positive(),
  orcamento: z.number().int(),
  valor: reais,
});
export const superpreferenciasResponse = z.strictObject({
  ente: enteRef,
  data: isoDate,
  tetoPorCredor: reais,
  total: reais,
  itens: z.array(parcelaResponse),
});

/** The funding rows of an ente (GET /api/entes/:id/financiamento, the art. 82 plan). */
const fundingRow = z.strictObject({
  vigenteDesde: isoDate,
  tipo: z.enum(['dotacao-anual', 'deposito-mensal', 'percentual-rcl']),
  valor: reais,
  parcelaCronologica: decimal,
  fundamento: z.string(),
});
export const financiamentoResponse = z.strictObject({ ente: z.string(), itens: z.array(fundingRow) });
export const financiamentoCriadoResponse = fundingRow.omit({ fundamento: true }).extend({ ente: z.string() }).strict();

/** POST /api/entes (200 altered, 201 created). */
export const enteCadastroResponse = z.strictObject({ id: z.string(), nome: z.string(), esfera, regime, criado: z.boolean() });
/** POST /api/entes/:id/leis-rpv (R4.2). */
export const leiRpvResponse = z.strictObject({
  ente: z.string(),
  vigenteDesde: isoDate,
  tipo: z.enum(['salarios-minimos', 'valor-fixo', 'teto-rgps']),
  valor: z.string().nullable(),
  fundamento: z.string(),
});

/** An RCL row (R7.8): the exercício's RCL and the stock in mora published for 1 January of the next. */
const rclRow = z.strictObject({ exercicio: z.number().int(), rcl: reais, estoqueMora: reais.nullable(), fonte: z.string() });
export const rclResponse = z.strictObject({ ente: z.string(), itens: z.array(rclRow) });
export const rclCriadaResponse = rclRow.extend({ ente: z.string() }).strict();

/** GET /api/entes/:id/plano-ec136 (R7.8, R7.9): the plan, or no RCL and why. */
export const planoEc136Response = z.union([
  z.strictObject({ ente: z.string(), ano: z.number().int(), rcl: z.null(), motivo: z.string() }),
  z.strictObject({
    ente: z.string(),
    ano: z.number().int(),
    hipotese: z.boolean(),
    rcl: z.strictObject({ valor: reais, exercicio: z.number().int(), fonte: z.string() }),
    estoqueEmMora: z.strictObject({ valor: reais, fonte: z.string() }),
    razaoEstoqueRcl: decimal,
    inciso: z.string(),
    percentualRcl: decimal,
    limiteAnual: reais,
    planoAnual: reais,
    depositoMensal: reais,
    fundamento: z.string(),
    inadimplencia: z.strictObject({
      inadimplente: z.boolean(),
      valorNaoLiberado: reais,
      mesesEmAtraso: z.array(yearMonth),
      meses: z.array(z.strictObject({ mes: yearMonth, vencimento: isoDate, devidoAcumulado: reais, depositadoAcumulado: reais, falta: reais })),
      regra: z.string(),
    }),
  }),
]);

/** GET /api/entes/:id/parcelamentos-cf20 (R7.10): the large precatórios parcelled by CF art. 100 §20, no beneficiary. */
export const parcelamentosCf20Response = z.strictObject({
  ente: z.strictObject({ id: z.string(), nome: z.string(), regime }),
  itens: z.array(
    z.strictObject({
      numero: z.string(),
      orcamento: z.number().int(),
      valor: reais,
      baseDoExercicio: reais,
      fracaoDaBase: decimal,
      parcelas: z.array(z.strictObject({ ano: z.number().int(), tipo: z.enum(['entrada', 'parcela']), valor: reais })),
      fundamento: z.string(),
    }),
  ),
});

/** GET /api/entes/:id/conta-especial, JSON (R7.4, art. 82): no beneficiary anywhere. */
export const contaEspecialResponse = z.strictObject({
  ente: enteRef,
  depositos: z.array(
    z.strictObject({
      origem: z.literal('SEQUESTRO').optional(),
      data: isoDate,
      valor: reais,
      documento: z.string(),
      paraCronologica: reais,
      paraAcordos: reais,
      repasseTrt: reais,
      repasseTrf: reais,
    }),
  ),
  saldos: z.strictObject({ data: isoDate.nullable(), cronologica: reais, acordo: reais }),
  saldosPorData: z.array(z.strictObject({ data: isoDate, cronologica: reais, acordo: reais })),
  plano: z.array(fundingRow),
  pagamentos: z.array(z.strictObject({ data: isoDate, precatorio: z.string(), valor: reais, tipo: z.string() })),
  acordos: z.array(z.strictObject({ data: isoDate, precatorio: z.string(), valor: reais, desagio: decimal, edital: z.string() })),
});
export const contaEspecialExtratoResponse = specialAccountStatementSchema;
export const movimentoResponse = movementJsonSchema;
export const depositosImportadosResponse = z.strictObject({ ente: z.string(), registrados: count, total: reais });
/** 422 of the deposits CSV: the error body and each refused line. */
export const depositosRecusadosResponse = erroResponse.extend({
  rejeitadas: z.array(z.strictObject({ linha: z.number().int(), campo: z.string(), motivo: z.string() })),
});

/** Acordos diretos (R7.6, R7.7). */
export const editalResponse = z.strictObject({
  id: z.string(),
  ente: z.string(),
  numero: z.string(),
  abertura: isoDate,
  encerramento: isoDate,
  desagioMaximo: decimal,
  parcelaAcordos: decimal.nullable(),
  fundamento: z.string(),
});
export const habilitacaoAcordoResponse = z.strictObject({
  id: z.string(),
  edital: z.string(),
  precatorio: z.string(),
  beneficiario: z.string(),
  desagio: decimal,
  habilitadoEm: isoDate,
  situacao: z.enum(['habilitado', 'pago']),
  pagamento: z.string().nullable(),
});
export const chamadaAcordoResponse = z.strictObject({
  edital: z.string(),
  ente: z.string(),
  data: isoDate,
  confirmado: z.boolean(),
  saldoAcordo: reais,
  acordos: z.array(
    z.strictObject({
      habilitacao: z.string(),
      precatorio: z.string(),
      beneficiario: z.string(),
      devido: reais,
      desagio: decimal,
      renuncia: reais,
      pago: reais,
      pagamento: z.string().nullable(),
      retencao: z.strictObject({ irrf: reais, previdencia: reais, liquido: reais }).nullable(),
    }),
  ),
  paradoEm: z.strictObject({ precatorio: z.string(), beneficiario: z.string(), pago: reais }).nullable(),
  saldoRestante: reais,
});

/** A staff payment run and its preview (app/payment-run.ts). */
export const rodadaResponse = paymentRunSchema;

/**
 * GET /api/entes/:id/dados-da-simulacao (staff): the registry's domain objects as `precatorios
 * simular` reads them (app/domain-json.ts: decimals as {$dec}). Only the envelope is pinned here: the
 * objects are the domain's own types, decoded by the CLI (decodeDomain).
 */
const domainObject = z.record(z.string(), z.unknown());
export const dadosDaSimulacaoResponse = z.strictObject({
  ente: z.looseObject({ id: z.string(), nome: z.string(), esfera, regime }),
  precatorios: z.array(z.looseObject({ numero: z.string(), enteId: z.string(), beneficiarios: z.array(domainObject) })),
  funding: z.array(domainObject),
  series: z.array(domainObject).optional(),
  /** The latest edital's deságio limit (R7.6), the projection's expected deságio; absent without an edital. */
  editalDesagio: z.strictObject({ $dec: z.string() }).optional(),
  accountBalances: z.array(z.strictObject({ data: isoDate, cronologica: reais, acordo: reais })).optional(),
  /** The RCL rows staff registered (R7.8), for the EC 136 limit. */
  rcl: z.array(domainObject).optional(),
});

/** GET /api/entes/:id/fila-completa.json (staff, personal data): one row per beneficiary, all text (staff-export.ts). */
export const filaCompletaResponse = z.strictObject({
  ente: z.string(),
  data: isoDate,
  itens: z.array(
    z.strictObject({
      posicao: z.string(),
      numero: z.string(),
      orcamento: z.string(),
      natureza: z.string(),
      status: z.string(),
      apresentacao: z.string(),
      beneficiario_id: z.string(),
      credor_id: z.string(),
      titularidade: z.string(),
      nome: z.string(),
      cpf: z.string(),
      nascimento: z.string(),
      doenca_grave_desde: z.string(),
      deficiencia_desde: z.string(),
      valor: z.string(),
      pago: z.string(),
      saldo: z.string(),
      superpreferencia_motivo: z.string(),
      superpreferencia_desde: z.string(),
      superpreferencia_parcela: z.string(),
      explicacao: z.string(),
    }),
  ),
});

/** Who else is paid out of a beneficiary's credit (R6.14, R6.16, R6.18): role and share, never identity. */
const parteResponse = z.strictObject({
  papel: z.enum(['advogado-contratual', 'cessionario', 'juizo-penhora']),
  percentual: z.string().nullable(),
  valor: reais.nullable(),
  descricao: z.string(),
});
/** A beneficiary as the public sees it: ordinal id, masked name and CPF (null when the registry has none). */
export const beneficiarioResponse = z.strictObject({
  id: z.string(),
  titularidade,
  nome: z.string().nullable(),
  cpf: z.string().nullable(),
  valor: reais,
  pago: reais,
  saldo: reais,
  partes: z.array(parteResponse),
});
export const precatorioResponse = z.strictObject({
  numero: z.string(),
  enteId: z.string(),
  regime,
  natureza,
  tributario: z.boolean(),
  status,
  expedidoEm: isoDate.nullable(),
  dataBase: yearMonth.nullable(),
  valorRequisitado: reais,
  honorariosSucumbenciais: z.boolean(),
  beneficiarios: z.array(beneficiarioResponse),
});

const componentes = z.strictObject({ principal: reais, jurosMora: reais, selic: reais, jurosEc136: reais });
export const memoriaLinhaResponse = z.strictObject({
  fase: z.string(),
  regra: z.string(),
  tipo: z.string(),
  indice: z.string().nullable(),
  de: yearMonth.nullable(),
  ate: yearMonth.nullable(),
  meses: z.number().int(),
  fator: decimal.nullable(),
  somaPct: decimal.nullable(),
  provisorio: z.boolean(),
  obs: z.string().nullable(),
  valorApos: reais,
});
const correcao = z.strictObject({
  dataBase: yearMonth,
  ate: yearMonth,
  provisorio: z.boolean(),
  componentes,
  total: reais,
  memoria: z.array(memoriaLinhaResponse),
});
/** The corrected balance (R5): the correction, with A − B (R5.15) once payments were liquidated, or why not. */
export const valorCorrigidoResponse = z.union([
  z.strictObject({ erro: z.string() }),
  correcao,
  correcao.extend({ metodo: z.string(), pagamentosCorrigidos: reais }).strict(),
]);
export const consultaResponse = z.strictObject({
  data: isoDate,
  /** Only for staff (token); null in public answers. */
  versao: z.number().int().nullable(),
  precatorio: precatorioResponse,
  ente: enteRef.extend({ tetoRpv: reais, tetoSuperpreferencia: reais }).strict(),
  posicao: filaItemResponse
    .extend({
      totalNaFila: count,
      valorAFrente: z.strictObject({ superpreferencias: reais, cronologica: reais, total: reais }),
      parcelasSuperpreferenciais: z.array(z.strictObject({ posicao: z.number().int().positive(), valor: reais })),
    })
    .strict()
    .nullable(),
  valorCorrigido: valorCorrigidoResponse,
  historico: z.array(z.strictObject({ em: z.string(), tipo: z.string(), descricao: z.string() })),
  /** The precatório's payments; withholdings and net only for staff (null publicly). */
  pagamentos: z.array(
    z.strictObject({
      pagoEm: isoDate,
      tipo: z.string(),
      bruto: reais,
      retencoes: z.strictObject({ irrf: reais, previdencia: reais.nullable() }).nullable(),
      liquido: reais.nullable(),
    }),
  ),
});

/** A staff write on a precatório (cessão, penhora, habilitação, superpreferência, cancelamento): the precatório after it. */
/** GET /api/precatorios/:numero/mudancas: why the position changed (its one definition is beside the use case). */
export const mudancasResponse = positionChangesJsonSchema;
export const escritaPrecatorioResponse = z.strictObject({ versao: z.number().int().positive(), precatorio: precatorioResponse });
/** POST /api/precatorios/:numero/pagamentos: the payment, its liquidation (R6.1), withholding (R6.6) and lines (R6.21). */
export const pagamentoResponse = z.strictObject({
  versao: z.number().int().positive(),
  pagamento: z.string(),
  precatorio: precatorioResponse,
  liquidacao: z.strictObject({ mes: yearMonth, devido: reais, componentes, emAberto: componentes }).nullable(),
  retencao: z
    .strictObject({
      regime: z.enum(TAX_REGIMES as [TaxRegime, ...TaxRegime[]]),
      meses: decimal.nullable(),
      bruto: reais,
      irrf: reais,
      previdencia: reais,
      liquido: reais,
      tributavel: reais,
      baseIr: reais,
      regras: z.array(z.strictObject({ regra: z.string(), vigenteDesde: isoDate, fundamento: z.string() })),
    })
    .nullable(),
  linhas: z
    .array(
      z.strictObject({
        papel: z.enum(['titular', 'advogado-contratual', 'cessionario', 'juizo-penhora']),
        referencia: z.string().nullable(),
        bruto: reais,
        irrf: reais,
        liquido: reais,
        remeterAoJuizo: z.boolean(),
      }),
    )
    .nullable(),
  retencaoNaoCalculada: z.string().nullable(),
  pagoPeloValorDeFace: z.string().nullable(),
});
export const documentoPagamentoResponse = paymentDocumentSchema;

/** POST /api/simulacoes: the projection, without personal data. */
export const simulacaoAnoResponse = z.strictObject({
  ano: z.number().int(),
  entrada: reais,
  retidoPeloTeto: reais,
  acordos: reais,
  acordosPagos: reais,
  desagioRenunciado: reais,
  pago: reais,
  superpreferencia: reais,
  estoqueFinal: reais,
  quitados: count,
});
export const situacaoCenario = z.enum(['antecipado', 'adiado', 'igual', 'entra-no-horizonte', 'sai-do-horizonte', 'fora-do-horizonte', 'somente-no-cenario']);
export const simulacaoItemResponse = z.strictObject({
  posicao: z.number().int().nullable(),
  numero: z.string(),
  orcamento: z.number().int(),
  natureza,
  suspenso: z.boolean(),
  pagavelDesde: yearMonth.nullable(),
  saldoInicial: reais,
  pago: reais,
  superpreferencia: reais,
  acordo: reais,
  desagio: reais,
  mesAcordo: yearMonth.nullable(),
  primeiroPagamento: yearMonth.nullable(),
  quitacao: yearMonth.nullable(),
  cenario: z.strictObject({ quitacao: yearMonth.nullable(), diferencaMeses: z.number().int().nullable(), situacao: situacaoCenario }).optional(),
});
export const simulacaoResponse = z.strictObject({
  ente: z.strictObject({ id: z.string(), nome: z.string(), esfera, regime }),
  de: yearMonth,
  ate: yearMonth,
  premissas: z.array(z.string()),
  financiamento: z.strictObject({
    tipo: z.enum(['dotacao-anual', 'deposito-mensal', 'percentual-rcl']),
    valor: reais.nullable(),
    percentualRcl: decimal.nullable(),
    parcelaCronologica: decimal,
    crescimentoAnualPct: decimal,
    tetoEc136PctRcl: decimal.nullable(),
    desagioAcordoEsperado: decimal,
    /** The special account on the first run date, spent from the first month (R7.2); null when never moved. */
    saldoInicial: z.strictObject({ data: isoDate, cronologica: reais, acordos: reais }).nullable(),
  }),
  foraDaLista: z.array(z.string()),
  correcaoInicial: z.strictObject({ corrigidos: count, naoCorrigidos: count }),
  anos: z.array(simulacaoAnoResponse),
  meses: z
    .array(
      z.strictObject({
        mes: yearMonth,
        entrada: reais,
        acordos: reais,
        acordosPagos: reais,
        desagioRenunciado: reais,
        saldoAcordos: reais,
        disponivel: reais,
        superpreferencia: reais,
        cronologica: reais,
        naoGasto: reais,
        estoque: reais,
        abertos: count,
      }),
    )
    .nullable(),
  precatorios: z.strictObject({
    total: count,
    pagina: z.number().int().positive(),
    tamanho: z.number().int().positive(),
    itens: z.array(simulacaoItemResponse),
  }),
  eventos: z.array(
    z.strictObject({
      mes: yearMonth,
      tipo: z.enum(['pagamento-parcial', 'quitacao', 'superpreferencia', 'acordo', 'teto-ec136-atingido']),
      numero: z.string().nullable(),
      valor: reais,
    }),
  ),
  cenario: z
    .strictObject({
      nome: z.string().nullable(),
      resumo: z.record(situacaoCenario, count),
      mediaMeses: z.number().nullable(),
      anos: z.array(simulacaoAnoResponse),
    })
    .nullable(),
});

/** Index series (R5): the months stored, and one series as the correction reads it (percent per month). */
export const indicesGravadosResponse = z.strictObject({
  series: z.array(z.strictObject({ serie: z.string(), inicio: yearMonth, fim: yearMonth, meses: z.number().int().positive() })),
});
export const serieResponse = z.strictObject({
  serie: z.string(),
  unidade: z.string(),
  origem: z.enum(['registro', 'snapshot']),
  inicio: yearMonth,
  fim: yearMonth,
  valores: z.array(z.strictObject({ mes: yearMonth, taxaPct: decimal })),
});

/** POST /api/importacoes (application/json; the NDJSON stream carries {gravados} lines, then {relatorio}). */
export const importacaoResponse = importReportSchema;
/**
 * One line of the import's progress stream (Accept: application/x-ndjson): {gravados} after each
 * batch, then exactly one {relatorio} or the error with its status.
 */
export const importacaoProgressoLine = z.union([
  z.strictObject({ gravados: count, bytesLidos: count, bytesTotal: count }),
  z.strictObject({ relatorio: importReportSchema }),
  erroResponse.extend({ status: z.number().int() }).strict(),
]);
/** POST /api/backup/restauracao. */
export const restauracaoResponse = z.strictObject({
  tabelas: z.array(z.strictObject({ tabela: z.string(), linhas: count })),
  hashConteudo: z.string(),
});

/** Staff users (never the token, except once in the creation's answer). */
export const usuariosResponse = z.strictObject({ usuarios: z.array(userJsonSchema) });
export const usuarioCriadoResponse = z.strictObject({ usuario: userJsonSchema, token: z.string(), aviso: z.string() });
export const revogacaoUsuarioResponse = z.strictObject({ login: z.string(), revogado: z.literal(true) });

export { estoqueResponse };

/** What a route sends for `S` (the wire form: z.input); routes write `c.json(body satisfies Wire<typeof s>)`, so tsc checks each answer against its contract. */
export type Wire<S extends z.ZodType> = Frozen<z.input<S>>;
/** Read-only all the way down: the use cases hand out readonly arrays, which the answer only reads. */
type Frozen<T> = T extends readonly (infer U)[] ? readonly Frozen<U>[] : T extends object ? { readonly [K in keyof T]: Frozen<T[K]> } : T;
