import { z } from 'zod';
import * as R from './response-schemas.ts';

/**
 * OpenAPI 3.1 description of the HTTP API, served at /api/openapi.json. Kept by hand beside the
 * routes; a test checks that every route the app registers is documented here and vice versa.
 */
/**
 * The answers' schemas (api/response-schemas.ts), one component each, named as the operations refer
 * to them; the contract test (test/api/contract.test.ts) parses every answer with the one its
 * operation names here.
 */
export const RESPONSE_SCHEMAS = {
  Erro: R.erroResponse,
  Saude: R.healthResponse,
  Entes: R.entesResponse,
  EnteCadastro: R.enteCadastroResponse,
  Fila: R.filaResponse,
  FilaExportada: R.filaExportResponse,
  FilaCompleta: R.filaCompletaResponse,
  Superpreferencias: R.superpreferenciasResponse,
  Estoque: R.estoqueResponse,
  ParcelamentosCf20: R.parcelamentosCf20Response,
  Financiamento: R.financiamentoResponse,
  FinanciamentoCriado: R.financiamentoCriadoResponse,
  LeiRpv: R.leiRpvResponse,
  PlanoEc136: R.planoEc136Response,
  Rcl: R.rclResponse,
  RclCriada: R.rclCriadaResponse,
  ContaEspecial: R.contaEspecialResponse,
  ContaEspecialExtrato: R.contaEspecialExtratoResponse,
  Movimento: R.movimentoResponse,
  DepositosImportados: R.depositosImportadosResponse,
  DepositosRecusados: R.depositosRecusadosResponse,
  Edital: R.editalResponse,
  HabilitacaoAcordo: R.habilitacaoAcordoResponse,
  ChamadaAcordo: R.chamadaAcordoResponse,
  Rodada: R.rodadaResponse,
  DadosDaSimulacao: R.dadosDaSimulacaoResponse,
  Consulta: R.consultaResponse,
  Mudancas: R.mudancasResponse,
  EscritaPrecatorio: R.escritaPrecatorioResponse,
  Pagamento: R.pagamentoResponse,
  DocumentoPagamento: R.documentoPagamentoResponse,
  Simulacao: R.simulacaoResponse,
  IndicesGravados: R.indicesGravadosResponse,
  Serie: R.serieResponse,
  Importacao: R.importacaoResponse,
  ImportacaoProgresso: R.importacaoProgressoLine,
  Restauracao: R.restauracaoResponse,
  Usuarios: R.usuariosResponse,
  UsuarioCriado: R.usuarioCriadoResponse,
  RevogacaoUsuario: R.revogacaoUsuarioResponse,
} as const satisfies Record<string, z.ZodType>;
export type ResponseName = keyof typeof RESPONSE_SCHEMAS;
/** The wire form (what the server sends, z.input): the use cases' own schemas may read it into richer types. */
const componentOf = (schema: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input' });
  return rest;
};
const ref = (name: ResponseName) => ({ $ref: `#/components/schemas/${name}` });
/** A JSON answer with the schema `name`; `other` adds the other media types of the same answer (CSV, HTML, NDJSON). */
const answer = (description: string, name: ResponseName, other: Record<string, object> = {}) => ({
  description,
  content: { 'application/json': { schema: ref(name) }, ...other },
});
const erro = ref('Erro');
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const errors = {
  400: { description: 'entrada inválida', ...json(erro) },
  404: { description: 'não encontrado', ...json(erro) },
  429: {
    description: 'limite de requisições deste endereço excedido (erro limite-excedido); a equipe com token válido não é limitada',
    headers: { 'Retry-After': { description: 'segundos até uma nova requisição ser aceita', schema: { type: 'integer' } } },
    ...json(erro),
  },
};
const staffErrors = {
  ...errors,
  401: { description: 'sem token da equipe', ...json(erro) },
  403: { description: 'token sem papel de equipe', ...json(erro) },
  409: { description: 'conflito de versão ou de estado', ...json(erro) },
  422: { description: 'regra de negócio violada', ...json(erro) },
};
/**
 * Every date and month is checked against the range the rules support (domain/supported-dates.ts,
 * README "Datas aceitas"); outside it, 400 naming the field.
 */
const RANGE = 'fora da faixa que as regras admitem (README, "Datas aceitas"): 400 com o campo';
const dataParam = {
  name: 'data',
  in: 'query',
  required: false,
  description: `data da rodada (AAAA-MM-DD) — só para a equipe (token); as respostas públicas são as da lista publicada hoje em Belém, e um pedido público com "data" é recusado (401/403): datas à vontade revelariam nascimentos e datas de doença; desde a primeira data em que vigoram todas as regras da lista (EC 62/2009) até 31/12 do exercício dos precatórios apresentados hoje; ${RANGE}`,
  schema: { type: 'string', format: 'date' },
};
/** Public operations with `data`: refused without the staff token. */
const dataErrors = {
  ...errors,
  401: { description: '"data" sem token da equipe', ...json(erro) },
  403: { description: '"data" com token sem papel de equipe', ...json(erro) },
};
const path = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const body = (properties: Record<string, object>, required: string[]) => ({
  required: true,
  ...json({
    type: 'object',
    additionalProperties: false,
    properties: {
      ...properties,
      versao: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'versão lida (controle de concorrência)' },
    },
    required,
  }),
});
const money = {
  type: 'string',
  pattern: '^\\d{1,16}(\\.\\d{1,2})?$',
  description: 'valor em reais, sem sinal, até 16 dígitos antes do ponto e 2 depois (NUMERIC(18,2))',
};
const date = { type: 'string', format: 'date', description: `AAAA-MM-DD; ${RANGE}` };
/** The fields every special-account movement carries (date, amount above zero, source document; R7.2). */
const movement = (what: string, document: string) => ({
  data: { ...date, description: `data do ${what} (nunca futura)` },
  valor: { ...money, description: `valor do ${what}, maior que zero` },
  documento: { type: 'string', description: `${document}, 1 a 500 caracteres` },
});
/** A staff movement into an ente's special account (a deposit, a sequestro): data, valor, documento; answers its entries and balances. */
const movementPost = (summary: string, what: string, document: string) => ({
  summary,
  security: [{ equipe: [] }],
  parameters: [path('id')],
  requestBody: {
    required: true,
    ...json({ type: 'object', additionalProperties: false, required: ['data', 'valor', 'documento'], properties: movement(what, document) }),
  },
  responses: { 201: answer('registrado: lancamentos e saldos', 'Movimento'), ...staffErrors },
});
/** A staff write on a precatório: its body, and the answer (the precatório after it; a payment also its liquidation). */
const staffWrite = (summary: string, requestBody: object, status: 200 | 201 = 201, name: ResponseName = 'EscritaPrecatorio') => ({
  post: {
    summary,
    security: [{ equipe: [] }],
    parameters: [path('numero')],
    requestBody,
    responses: { [status]: answer(status === 201 ? 'registrado' : 'ok', name), ...staffErrors },
  },
});

/** The body of a payment run and of its preview (rodadaBody in schemas.ts). */
const paymentRunBody = {
  required: true,
  ...json({
    type: 'object',
    additionalProperties: false,
    required: ['valor'],
    properties: {
      valor: { ...money, description: 'valor disponível em reais, em centavos, maior que zero' },
      data: { ...date, description: 'data do pagamento; padrão: hoje em Belém' },
    },
  }),
};

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'precatórios — fila e ordem de pagamento',
    version: '0.1.0',
    description: 'Listas cronológica e de superpreferência por ente devedor, com explicação de cada posição. Dados pessoais mascarados nas rotas públicas.',
  },
  components: {
    securitySchemes: {
      equipe: {
        type: 'http',
        scheme: 'bearer',
        description:
          'token de um usuário da equipe (precatorios usuarios criar), ou PRECATORIOS_ADMIN_TOKEN (administrador de inicialização); o papel exigido por rota está na lista de cada operação (equipe, administracao)',
      },
    },
    schemas: {
      ...(Object.fromEntries(Object.entries(RESPONSE_SCHEMAS).map(([name, schema]) => [name, componentOf(schema)])) as Record<ResponseName, object>),
    },
  },
  paths: {
    '/api/health': {
      get: {
        summary: 'saúde do serviço: banco em uso, se o registro é de demonstração e se as escritas funcionam',
        responses: {
          200: answer('ok: escritas funcionam', 'Saude'),
          503: answer('escritas falhando (disco cheio, somente leitura, banco indisponível); o corpo diz o motivo', 'Saude'),
        },
      },
    },
    '/api/openapi.json': {
      get: { summary: 'este documento', responses: { 200: { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } } },
    },
    '/api/entes': {
      get: {
        summary: 'entes devedores com contagens, estoque, teto de RPV e da superpreferência',
        parameters: [dataParam],
        responses: { 200: answer('ok', 'Entes'), ...dataErrors },
      },
      post: {
        summary: 'cria ou altera um ente devedor (nome, esfera, regime) — issue 17 §5; evento com antes e depois; regime só muda sem precatórios',
        security: [{ equipe: [] }],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            additionalProperties: false,
            required: ['id', 'nome', 'esfera', 'regime'],
            properties: {
              id: { type: 'string', maxLength: 120 },
              nome: { type: 'string', minLength: 2, maxLength: 200 },
              esfera: { enum: ['uniao', 'estadual', 'municipal'] },
              regime: { enum: ['geral', 'especial'] },
            },
          }),
        },
        responses: { 200: answer('alterado', 'EnteCadastro'), 201: answer('criado', 'EnteCadastro'), ...staffErrors },
      },
    },
    '/api/entes/{id}/fila': {
      get: {
        summary: 'lista cronológica paginada, com a explicação de cada posição',
        parameters: [
          path('id'),
          dataParam,
          { name: 'pagina', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1_000_000 } },
          { name: 'tamanho', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } },
          {
            name: 'orcamento',
            in: 'query',
            description: `exercício, do da primeira apresentação possível (CF 1988) ao dos precatórios apresentados hoje; ${RANGE}`,
            schema: { type: 'integer' },
          },
          { name: 'natureza', in: 'query', schema: { enum: ['alimentar', 'comum'] } },
          {
            name: 'status',
            in: 'query',
            description: 'ativo ou suspenso: da lista cronológica; pago ou cancelado: os encerrados, na ordem da lista e sem posição',
            schema: { enum: ['ativo', 'suspenso', 'pago', 'cancelado'] },
          },
        ],
        responses: { 200: answer('ok', 'Fila'), ...dataErrors },
      },
    },
    '/api/entes/{id}/superpreferencias': {
      get: {
        summary: 'lista de superpreferência (parcelas até o teto por credor)',
        parameters: [path('id'), dataParam],
        responses: { 200: answer('ok', 'Superpreferencias'), ...dataErrors },
      },
    },
    '/api/entes/{id}/estoque': {
      get: {
        summary:
          'estoque do ente por exercício (orçamento) e natureza: quantidade, suspensos e saldo, somados no servidor sobre a lista publicada (um pedido para o gráfico, em vez da lista inteira)',
        parameters: [path('id'), dataParam],
        responses: { 200: answer('ok', 'Estoque'), ...dataErrors },
      },
    },
    '/api/entes/{id}/parcelamentos-cf20': {
      get: {
        summary:
          'parcelamento dos precatórios grandes (CF art. 100 §20, R7.10): por exercício, a base (precatórios do orçamento e parcelas anteriores que vencem nele) e os acima de 15 % dela, com a entrada de 15 % e as cinco parcelas iguais (antes da correção)',
        parameters: [path('id')],
        responses: { 200: answer('ok', 'ParcelamentosCf20'), ...errors },
      },
    },
    '/api/entes/{id}/financiamento': {
      get: {
        summary: 'financiamento registrado do ente (dotação, depósitos, % da RCL) por vigência',
        parameters: [path('id')],
        responses: { 200: answer('ok', 'Financiamento'), ...errors },
      },
      post: {
        summary: 'registra o financiamento do ente a partir de uma data (usado pela simulação)',
        security: [{ equipe: [] }],
        parameters: [path('id')],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            additionalProperties: false,
            required: ['tipo', 'valor', 'vigenteDesde'],
            properties: {
              tipo: { enum: ['dotacao-anual', 'deposito-mensal', 'percentual-rcl'] },
              valor: money,
              vigenteDesde: date,
              parcelaCronologica: {
                type: 'string',
                description: 'fração do mínimo legal vigente em vigenteDesde (ADCT 102, data/rules/chronological-share-minimum.csv) a 1',
              },
              fundamento: { type: 'string' },
            },
          }),
        },
        responses: { 201: answer('registrado', 'FinanciamentoCriado'), ...staffErrors },
      },
    },
    '/api/entes/{id}/leis-rpv': {
      post: {
        summary:
          'registra uma lei de RPV do ente (R4.2: N salários mínimos, valor fixo ou teto do RGPS) vigente desde uma data, com o fundamento; evento com antes e depois; as listas e tetos seguem (versão do ente)',
        security: [{ equipe: [] }],
        parameters: [path('id')],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            additionalProperties: false,
            required: ['vigenteDesde', 'tipo', 'fundamento'],
            properties: {
              vigenteDesde: date,
              tipo: { enum: ['teto-rgps', 'salarios-minimos', 'valor-fixo'] },
              valor: { type: 'string', pattern: '^\\d{1,14}(\\.\\d{1,4})?$', description: 'múltiplo de SM ou reais; sem valor para teto-rgps' },
              fundamento: { type: 'string', minLength: 3, maxLength: 500 },
            },
          }),
        },
        responses: { 201: answer('registrada', 'LeiRpv'), ...staffErrors },
      },
    },
    '/api/entes/{id}/plano-ec136': {
      get: {
        summary:
          'plano anual da EC 136 (R7.8): RCL do exercício anterior, estoque em mora, faixa (inciso I–IX do CF art. 100 §23), limite anual, depósito mensal implícito; inadimplência (R7.9) dos depósitos da conta especial no ano, com o valor não liberado; rcl/estoque: hipótese',
        parameters: [
          path('id'),
          {
            name: 'ano',
            in: 'query',
            required: false,
            schema: { type: 'integer', minimum: 2025, maximum: 2100 },
            description: 'ano do plano (padrão: o ano de hoje)',
          },
          { name: 'rclHipotese', in: 'query', required: false, schema: money, description: 'hipótese: outra RCL do exercício anterior' },
          { name: 'estoqueHipotese', in: 'query', required: false, schema: money, description: 'hipótese: outro estoque em mora em 1º de janeiro' },
          { name: 'data', in: 'query', required: false, schema: date, description: `dia em que a inadimplência é conferida (padrão: hoje); ${RANGE}` },
        ],
        responses: { 200: answer('ok (sem RCL registrada: rcl null e o motivo)', 'PlanoEc136'), ...errors },
      },
    },
    '/api/entes/{id}/rcl': {
      get: {
        summary: 'RCL registradas do ente por exercício, com a fonte e o estoque em mora publicado (R7.8)',
        parameters: [path('id')],
        responses: { 200: answer('ok', 'Rcl'), ...errors },
      },
      post: {
        summary: 'registra ou corrige a RCL de um exercício (e o estoque em mora em 1º/01 do seguinte), com a fonte; evento com antes e depois',
        security: [{ equipe: [] }],
        parameters: [path('id')],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            additionalProperties: false,
            required: ['exercicio', 'valor', 'fonte'],
            properties: {
              exercicio: { type: 'integer', minimum: 2000, maximum: 2100, description: 'exercício da RCL (o plano do ano seguinte a usa)' },
              valor: money,
              estoqueMora: { ...money, description: 'estoque em mora em 1º/01 do exercício seguinte, como publicado (todas as listas)' },
              fonte: { type: 'string', minLength: 1, maxLength: 500 },
            },
          }),
        },
        responses: { 201: answer('registrada', 'RclCriada'), ...staffErrors },
      },
    },
    '/api/entes/{id}/conta-especial': {
      get: {
        summary:
          'conta especial do ente, como o art. 82 da Res. CNJ 303 manda publicar (R7.4): depósitos (data, valor, documento, parte da ordem cronológica, dos acordos e repasses ao TRT/TRF), saldos com a data, plano de pagamento (financiamento registrado) e pagamentos realizados (data, precatório, valor) — sem dados pessoais',
        parameters: [
          path('id'),
          {
            name: 'formato',
            in: 'query',
            required: false,
            schema: { enum: ['json', 'csv'] },
            description: 'csv: separado por ";" com BOM, uma coluna secao (deposito, saldo, plano, pagamento)',
          },
        ],
        responses: { 200: answer('ok', 'ContaEspecial', { 'text/csv': {} }), ...errors },
      },
    },
    '/api/entes/{id}/conta-especial/extrato': {
      get: {
        summary: 'extrato da conta especial (todos os lançamentos: conta, tipo, sentido, data, valor, documento) — só equipe',
        security: [{ equipe: [] }],
        parameters: [path('id')],
        responses: { 200: answer('ok', 'ContaEspecialExtrato'), ...staffErrors },
      },
    },
    '/api/entes/{id}/conta-especial/depositos': {
      post: movementPost(
        'registra um depósito na conta especial (R7.1): entra, é repartido com TRT/TRF (R7.3) e dividido entre a conta da ordem cronológica (≥ mínimo do ADCT 102, parcela do plano) e a de acordos (R7.5), num só evento',
        'depósito',
        'comprovante (extrato, guia)',
      ),
    },
    '/api/entes/{id}/conta-especial/sequestros': {
      post: movementPost(
        'registra o valor de um sequestro (ADCT 104 I, CF art. 100 §27 II; R7.9): entra na conta especial e é distribuído como um depósito (origem SEQUESTRO), num só evento',
        'sequestro',
        'decisão ou ordem de sequestro (SISBAJUD)',
      ),
    },
    '/api/entes/{id}/conta-especial/depositos/importacao': {
      post: {
        summary:
          'importa depósitos de um CSV (corpo text/csv; colunas data;valor;documento e, opcional, ente) numa transação: tudo ou nada, cada linha recusada relatada com linha e campo (422)',
        security: [{ equipe: [] }],
        parameters: [path('id')],
        requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
        responses: {
          201: answer('importado: registrados, total', 'DepositosImportados'),
          ...staffErrors,
          422: answer('linhas recusadas, nada gravado: o erro e cada linha (linha, campo, motivo)', 'DepositosRecusados'),
        },
      },
    },
    '/api/entes/{id}/conta-especial/debitos': {
      post: {
        summary:
          'debita a conta especial (R7.2): PAGAMENTO da conta cronológica, ACORDO da de acordos, TRANSFERENCIA entre as duas (origem, destino); recusado (409) se passar do saldo disponível, que a mensagem nomeia',
        security: [{ equipe: [] }],
        parameters: [path('id')],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            additionalProperties: false,
            required: ['tipo', 'data', 'valor', 'documento'],
            properties: {
              tipo: { enum: ['PAGAMENTO', 'ACORDO', 'TRANSFERENCIA'] },
              ...movement('débito', 'alvará, termo de acordo, ato da transferência'),
              precatorio: { type: 'string', description: 'PAGAMENTO/ACORDO: o precatório pago' },
              origem: { enum: ['CRONOLOGICA', 'ACORDO'], description: 'TRANSFERENCIA: conta de origem' },
              destino: { enum: ['CRONOLOGICA', 'ACORDO'], description: 'TRANSFERENCIA: conta de destino' },
            },
          }),
        },
        responses: { 201: answer('registrado: lancamentos e saldos', 'Movimento'), ...staffErrors },
      },
    },
    '/api/entes/{id}/acordos/editais': {
      post: {
        summary:
          'abre um edital de acordos diretos do ente (R7.7; ADCT art. 102 §1º): prazo de habilitação (abertura, encerramento) e deságio máximo (padrão e teto 0.4, R7.6); evento acordo-edital-aberto',
        security: [{ equipe: [] }],
        parameters: [path('id')],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            additionalProperties: false,
            required: ['numero', 'abertura', 'encerramento'],
            properties: {
              numero: { type: 'string', description: 'número do edital, único no ente' },
              abertura: { ...date, description: 'início do prazo de habilitação' },
              encerramento: { ...date, description: 'fim do prazo de habilitação' },
              desagioMaximo: {
                ...{ type: 'string', pattern: '^(0(\\.\\d{1,6})?|1(\\.0{1,6})?)$', description: 'fração, como 0.4' },
                description: 'deságio máximo aceito, fração ≤ 0.4 (padrão 0.4)',
              },
              parcelaAcordos: {
                ...{ type: 'string', pattern: '^(0(\\.\\d{1,6})?|1(\\.0{1,6})?)$', description: 'fração, como 0.4' },
                description: 'parcela dos depósitos destinada a acordos anunciada no edital (≤ 0.5)',
              },
              fundamento: { type: 'string', description: 'norma do ente (ex.: Lei PA 7.482/2010)' },
            },
          }),
        },
        responses: { 201: answer('edital aberto', 'Edital'), ...staffErrors },
      },
    },
    '/api/acordos/editais/{edital}/habilitacoes': {
      post: {
        summary: 'habilita um credor (precatório + beneficiário) no edital com o deságio aceito: recusado acima do limite ou fora do prazo (R7.6, R7.7)',
        security: [{ equipe: [] }],
        parameters: [path('edital')],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            additionalProperties: false,
            required: ['precatorio', 'beneficiario', 'desagio', 'data'],
            properties: {
              precatorio: { type: 'string' },
              beneficiario: { type: 'string' },
              desagio: {
                ...{ type: 'string', pattern: '^(0(\\.\\d{1,6})?|1(\\.0{1,6})?)$', description: 'fração, como 0.4' },
                description: 'deságio aceito pelo credor, ≤ o máximo do edital',
              },
              data: { ...date, description: 'data da habilitação, no prazo do edital' },
            },
          }),
        },
        responses: { 201: answer('habilitado', 'HabilitacaoAcordo'), ...staffErrors },
      },
    },
    '/api/acordos/editais/{edital}/chamada': {
      post: {
        summary:
          'chama os habilitados na ordem cronológica original (R7.7) contra o saldo da conta de acordos na data; cada acordo paga o devido × (1 − deságio), com retenções, quita o crédito e debita a conta de acordos; para no primeiro que o saldo não cobre. confirmar: false (padrão) é a prévia',
        security: [{ equipe: [] }],
        parameters: [path('edital')],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            additionalProperties: false,
            required: ['data'],
            properties: {
              data: { ...date, description: 'data dos pagamentos (liquidação na data)' },
              confirmar: { type: 'boolean', description: 'true grava os acordos; false só mostra a prévia' },
            },
          }),
        },
        responses: { 200: answer('prévia', 'ChamadaAcordo'), 201: answer('acordos pagos', 'ChamadaAcordo'), ...staffErrors },
      },
    },
    '/api/entes/{id}/rodadas-de-pagamento': {
      post: {
        summary:
          'rodada de pagamento da equipe (o mesmo que precatorios pagar): paga a fila do ente com o valor disponível, na ordem da lei (R3.8), numa transação, pelo devido na data (liquidação R6.1: correção desde a data-base menos pagamentos anteriores corrigidos, R5.15)',
        security: [{ equipe: [] }],
        parameters: [path('id')],
        requestBody: paymentRunBody,
        responses: {
          200: answer('nada a pagar: nada gravado', 'Rodada'),
          201: answer(
            'rodada gravada: pagamentos (cada um com pagamento (id), liquidacao: mes, devido, componentes, emAberto; retencao: regime, meses, bruto, irrf, previdencia, liquido, ou retencaoNaoCalculada com o motivo), retencoes (totais), quitados, parcial, pagoPeloValorDeFace',
            'Rodada',
          ),
          ...staffErrors,
        },
      },
    },
    '/api/entes/{id}/rodadas-de-pagamento/previa': {
      post: {
        summary:
          'prévia da rodada de pagamento: a mesma rodada, na mesma transação, desfeita no fim — o que a confirmação gravaria (pagamentos, liquidação, retenções, quitados, parcial) e as mesmas recusas; nada é gravado (pagamento: null)',
        security: [{ equipe: [] }],
        parameters: [path('id')],
        requestBody: paymentRunBody,
        responses: { 200: answer('prévia: a resposta da rodada, sem ids de pagamento; nada gravado', 'Rodada'), ...staffErrors },
      },
    },
    '/api/entes/{id}/dados-da-simulacao': {
      get: {
        summary:
          'o que precatorios simular lê do registro (ente, precatórios COM dados pessoais, financiamento), para a CLI pelo servidor — só equipe; registrada no log',
        security: [{ equipe: [] }],
        parameters: [path('id')],
        responses: { 200: answer('ok', 'DadosDaSimulacao'), ...staffErrors },
      },
    },
    '/api/entes/{id}/fila.json': {
      get: {
        summary: 'exportação da lista (mascarada), JSON',
        parameters: [path('id'), dataParam],
        responses: { 200: answer('ok', 'FilaExportada'), ...dataErrors },
      },
    },
    '/api/entes/{id}/fila.csv': {
      get: {
        summary:
          'exportação da lista (mascarada), CSV separado por ; com BOM (planilhas em pt-BR); células que começariam uma fórmula (=, +, -, @, tab, CR) levam apóstrofo',
        parameters: [path('id'), dataParam],
        responses: { 200: { description: 'ok', content: { 'text/csv': {} } }, ...dataErrors },
      },
    },
    '/api/entes/{id}/fila-completa.json': {
      get: {
        summary:
          'exportação da lista COM dados pessoais (nome, CPF/CNPJ, nascimento, doença, motivo da superpreferência), uma linha por beneficiário — só equipe; registrada no log',
        security: [{ equipe: [] }],
        parameters: [path('id'), dataParam],
        responses: { 200: answer('ok', 'FilaCompleta'), ...staffErrors },
      },
    },
    '/api/entes/{id}/fila-completa.csv': {
      get: {
        summary: 'a mesma exportação com dados pessoais, CSV (células que começariam uma fórmula levam apóstrofo) — só equipe',
        security: [{ equipe: [] }],
        parameters: [path('id'), dataParam],
        responses: { 200: { description: 'ok', content: { 'text/csv': {} } }, ...staffErrors },
      },
    },
    '/api/precatorios/{numero}': {
      get: {
        summary:
          'posição, valor à frente, explicação, valor corrigido com memória de cálculo, histórico e pagamentos (data, tipo, bruto; retenções e líquido só para a equipe) de um precatório; beneficiários com id público (a ordem no precatório: "1", "2"…); versão e decisões de superpreferência só para a equipe',
        parameters: [
          path('numero'),
          dataParam,
          {
            name: 'ate',
            in: 'query',
            required: false,
            description: `mês até o qual corrigir (AAAA-MM), desde o início da cadeia de correção (2001-01, R5.4); padrão: o mês da data; ${RANGE}`,
            schema: { type: 'string', pattern: '^\\d{4}-\\d{2}$' },
          },
        ],
        responses: { 200: answer('ok', 'Consulta'), ...dataErrors },
      },
    },
    '/api/precatorios/{numero}/mudancas': {
      get: {
        summary:
          'por que a posição mudou: a posição na lista publicada ao fim de `desde` e na lista publicada hoje, e cada movimento com o motivo (pagamento, acordo ou parcela superpreferencial que quitou um precatório à frente, cancelamento, precatório novo ou corrigido pela importação, mudança do próprio), só contagens e valores — nenhum número de precatório, pessoa ou data de decisão de superpreferência; sempre contra a lista publicada hoje',
        parameters: [
          path('numero'),
          {
            name: 'desde',
            in: 'query',
            required: false,
            description: `a lista anterior: a publicada ao fim deste dia (AAAA-MM-DD), até hoje; padrão: 30 dias antes de hoje; ${RANGE}`,
            schema: { type: 'string', format: 'date' },
          },
        ],
        responses: {
          200: answer('ok', 'Mudancas'),
          400: errors[400],
          404: errors[404],
          422: { description: 'eventos demais desde `desde` (erro nomeia o campo)', ...json(erro) },
          429: errors[429],
        },
      },
    },
    '/api/precatorios/{numero}/feed.atom': {
      get: {
        summary:
          'feed Atom (RFC 4287) das mudanças públicas do precatório, mais recente primeiro: importação, pagamentos, cessões, cancelamento, e cada dia dos últimos 7 em que a lista publicada mudou a sua posição (com os motivos, só contagens); sem dados pessoais nem decisões de superpreferência; sempre da lista publicada',
        parameters: [path('numero')],
        responses: { 200: { description: 'ok', content: { 'application/atom+xml': {} } }, 404: { description: 'precatório não encontrado' } },
      },
    },
    '/api/precatorios/{numero}/pagamentos': staffWrite(
      'registra pagamento liquidado na data (devido, componentes e o que fica em aberto na resposta; acima do devido é recusado; parcial mantém a posição); retém IRRF e previdência pelo corpo `retencao` ou, sem ele, pelos fatos tributários do registro (resposta: pagamento, retencao ou retencaoNaoCalculada)',
      body({ beneficiarioId: { type: 'string' }, valor: money, tipo: { enum: ['cronologica', 'superpreferencia', 'acordo'] }, pagoEm: date }, [
        'beneficiarioId',
        'valor',
        'pagoEm',
      ]),
      201,
      'Pagamento',
    ),
    '/api/precatorios/{numero}/pagamentos/{pagamento}/documento': {
      get: {
        summary:
          'documento de pagamento de um beneficiário (R6.20, dados do alvará): precatório, beneficiário COM nome e CPF, bruto, componentes, frações, retenções (IRRF, previdência), líquido, saldo, fundamentos e o que o registro não guarda — só equipe; registrado no log',
        security: [{ equipe: [] }],
        parameters: [
          path('numero'),
          path('pagamento'),
          {
            name: 'formato',
            in: 'query',
            required: false,
            description: 'json (padrão), csv (separado por ";", UTF-8 com BOM) ou html (página para imprimir)',
            schema: { enum: ['json', 'csv', 'html'] },
          },
        ],
        responses: { 200: answer('ok', 'DocumentoPagamento', { 'text/csv': {}, 'text/html': {} }), ...staffErrors },
      },
    },
    '/api/precatorios/{numero}/cessoes': staffWrite(
      'registra cessão (mantém a posição; cessionário perde a superpreferência)',
      body(
        {
          cedenteId: { type: 'string' },
          valor: { ...money, description: `${money.description}; passa esse valor a um novo beneficiário cessionário (informe valor ou fracao)` },
          fracao: {
            type: 'string',
            pattern: '^\\d+(\\.\\d+)?$',
            description:
              'fração do total original do cedente (0 < f ≤ 1, R6.16): o crédito fica com o cedente e o cessionário recebe essa parte do líquido a cada pagamento',
          },
          instrumento: { enum: ['escritura', 'particular'], description: 'obrigatório com fracao' },
          instrumentoRef: { type: 'string', description: 'tabelionato, livro/folha ou referência do instrumento particular' },
          lavradaEm: { ...date, description: `data do instrumento (obrigatória com fracao); ${RANGE}` },
          cessionarioCredorId: { type: 'string' },
          cessionarioNome: { type: 'string' },
          cessionarioCpf: { type: 'string' },
          data: { ...date, description: `protocolo da comunicação ao Tribunal (eficácia, CF art. 100 §14); ${RANGE}` },
        },
        ['cedenteId', 'valor', 'cessionarioCredorId', 'data'],
      ),
    ),
    '/api/precatorios/{numero}/penhoras': staffWrite(
      'registra penhora sobre o crédito de um beneficiário (R6.18: reservada do líquido do titular a cada pagamento, na ordem, e remetida ao juízo)',
      body(
        {
          beneficiarioId: { type: 'string' },
          valor: { ...money, description: `${money.description}; limite da penhora` },
          juizo: { type: 'string', description: 'juízo penhorante' },
          processo: { type: 'string', description: 'processo da penhora' },
          averbadaEm: date,
          ordem: { type: 'integer', minimum: 1, maximum: 1000, description: 'ordem fixada pelo juízo (Res. CNJ 303 art. 37); padrão: depois das já averbadas' },
        },
        ['beneficiarioId', 'valor', 'juizo', 'processo', 'averbadaEm'],
      ),
    ),
    '/api/precatorios/{numero}/habilitacoes': staffWrite(
      'registra a habilitação de herdeiros (R6.17): o saldo do falecido passa aos herdeiros pelos quinhões (soma 1); superpreferência só pela condição do próprio herdeiro',
      body(
        {
          falecidoId: { type: 'string' },
          decididoEm: date,
          herdeiros: {
            type: 'array',
            minItems: 1,
            maxItems: 200,
            items: {
              type: 'object',
              additionalProperties: false,
              properties: {
                id: { type: 'string' },
                credorId: { type: 'string' },
                quinhao: { type: 'string', pattern: '^\\d+(\\.\\d+)?$' },
                nascimento: date,
                nome: { type: 'string' },
                cpf: { type: 'string' },
              },
              required: ['id', 'credorId', 'quinhao'],
            },
          },
        },
        ['falecidoId', 'decididoEm', 'herdeiros'],
      ),
    ),
    '/api/precatorios/{numero}/superpreferencias': staffWrite(
      'reconhece doença grave ou deficiência',
      body({ beneficiarioId: { type: 'string' }, motivo: { enum: ['doenca-grave', 'deficiencia'] }, concedidaEm: date }, [
        'beneficiarioId',
        'motivo',
        'concedidaEm',
      ]),
    ),
    '/api/precatorios/{numero}/superpreferencias/revogacao': staffWrite(
      'revoga a superpreferência',
      body({ beneficiarioId: { type: 'string' }, revogadaEm: date }, ['beneficiarioId', 'revogadaEm']),
      200,
    ),
    '/api/precatorios/{numero}/cancelamento': staffWrite('cancela o precatório', body({ motivo: { type: 'string' } }, ['motivo']), 200),
    '/api/simulacoes': {
      post: {
        summary:
          'projeta mês a mês os pagamentos de um ente (data de quitação por precatório) e compara um cenário com a base; pública: sobre a lista publicada hoje (superpreferências de hoje desde o mês inicial, sem aniversários futuros); com o token da equipe: sobre o registro, idade verificada a cada mês',
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            additionalProperties: false,
            required: ['enteId'],
            properties: {
              enteId: { type: 'string' },
              de: { type: 'string', description: `AAAA-MM; ${RANGE}` },
              ate: { type: 'string', description: `AAAA-MM, não antes de "de", no máximo 600 meses; ${RANGE}` },
              financiamento: {
                type: 'object',
                description:
                  '{ tipo: dotacao-anual | deposito-mensal, valor } ou { tipo: percentual-rcl, percentual (0 a 100) }; + parcelaCronologica (fração do mínimo legal vigente no mês inicial — ADCT 102, data/rules/chronological-share-minimum.csv — a 1), crescimentoAnualPct (−50 a 100); valores até R$ 150 bilhões (a projeção conta centavos exatos)',
              },
              rcl: { type: 'object', description: 'valorAnual, anoBase, crescimentoAnualPct (−50 a 100)' },
              tetoEc136PctRcl: { type: 'string', description: 'percentual de 0 a 100' },
              novosPorAno: { type: 'object', description: 'quantidade (0 a 20 000), valorTotal, fracaoAlimentar (0 a 1)' },
              premissas: { type: 'object', description: 'ipcaAnualPct e selicAnualPct de −50 a 100 (% ao ano), corrigirSaldos' },
              cenario: {
                type: 'object',
                description:
                  'variacaoFinanciamentoPct (acima de −100 e até 1 000), tetoRpv, superpreferencias ({ numero, beneficiarioId: o id público da consulta, motivo, desde }), precatoriosExtras, novosPorAno',
              },
              numeros: { type: 'array', items: { type: 'string' }, maxItems: 1000 },
              pagina: { type: 'integer' },
              tamanho: { type: 'integer', maximum: 500 },
              detalharMeses: { type: 'boolean' },
            },
          }),
        },
        responses: {
          200: answer('projeção (sem dados pessoais): anos, precatórios com primeiro pagamento e quitação, premissas, cenário', 'Simulacao'),
          ...errors,
          422: { description: 'sem financiamento ou simulação inválida', ...json(erro) },
        },
      },
    },
    '/api/indices': {
      post: {
        summary:
          'grava séries de índices inteiras (o que precatorios indices importar|sincronizar validou), numa transação; cada série é validada de novo (meses contíguos, taxas decimais)',
        security: [{ equipe: [] }],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            additionalProperties: false,
            required: ['series'],
            properties: {
              series: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['serie', 'valores'],
                  properties: {
                    serie: { enum: ['ipca_e', 'ipca', 'selic', 'tr', 'poupanca', 'inpc', 'juros_poupanca'] },
                    valores: { type: 'array', items: { type: 'object', properties: { mes: { type: 'string', pattern: '^\\d{4}-\\d{2}$' }, taxaPct: money } } },
                  },
                },
              },
              aceitarRevisoes: { type: 'boolean', description: 'aceita mudar o valor de um mês já gravado (revisão da fonte); sem ele, 409 com a lista' },
            },
          }),
        },
        responses: {
          201: answer('gravadas', 'IndicesGravados'),
          ...staffErrors,
          409: { description: 'um mês já gravado mudaria de valor (revisão): lista, nada gravado', ...json(erro) },
        },
      },
    },
    '/api/indices/{serie}': {
      get: { summary: 'série de índice (percentual ao mês)', parameters: [path('serie')], responses: { 200: answer('ok', 'Serie'), ...errors } },
    },
    '/api/importacoes': {
      post: {
        summary:
          'importa um CSV (corpo text/csv, recebido em fluxo até o limite do servidor, servir --limite-importacao) numa transação; relata cada linha rejeitada. Com Accept: application/x-ndjson, responde o progresso ({"gravados": N} a cada lote) e por último {"relatorio": …} ou o erro com o seu status',
        security: [{ equipe: [] }],
        requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
        responses: {
          200: answer('importado (em application/x-ndjson: uma linha JSON por mensagem, cada uma com o esquema ImportacaoProgresso)', 'Importacao', {
            'application/x-ndjson': { schema: ref('ImportacaoProgresso') },
          }),
          413: { description: 'arquivo acima do limite de importação do servidor' },
          ...staffErrors,
        },
      },
    },
    '/api/backup': {
      get: {
        summary:
          'backup completo do registro num só retrato consistente, tirado pelo servidor que o mantém aberto (o que precatorios exportar --completo grava): para cada arquivo, uma linha {arquivo, bytes} e os bytes; o manifesto por último — só administração',
        security: [{ equipe: ['administracao'] }],
        responses: { 200: { description: 'fluxo do backup', content: { 'application/x-precatorios-backup': {} } }, ...staffErrors },
      },
    },
    '/api/backup/restauracao': {
      post: {
        summary:
          'restaura um backup completo (o fluxo de GET /api/backup) num registro VAZIO, numa transação, conferindo manifesto e sha256 — só administração',
        security: [{ equipe: ['administracao'] }],
        requestBody: { required: true, content: { 'application/x-precatorios-backup': { schema: { type: 'string' } } } },
        responses: { 200: answer('restaurado: tabelas e hash do conteúdo', 'Restauracao'), ...staffErrors },
      },
    },
    '/api/usuarios': {
      get: {
        summary: 'usuários da equipe (ativos e revogados: login, nome, papel, quem criou e revogou; nunca o token) — só administração',
        security: [{ equipe: ['administracao'] }],
        responses: { 200: answer('ok', 'Usuarios'), ...staffErrors },
      },
      post: {
        summary: 'cria um usuário da equipe; o token vem só nesta resposta (o servidor guarda o hash) — só administração',
        security: [{ equipe: ['administracao'] }],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            additionalProperties: false,
            required: ['login', 'papel'],
            properties: {
              login: { type: 'string', pattern: '^[a-z][a-z0-9.-]{1,39}$' },
              papel: { enum: ['equipe', 'administracao'] },
              nome: { type: 'string', maxLength: 120 },
            },
          }),
        },
        responses: { 201: answer('criado: { usuario, token }', 'UsuarioCriado'), ...staffErrors },
      },
    },
    '/api/usuarios/{login}/revogacao': {
      post: {
        summary: 'revoga o token do usuário: recusado já na próxima requisição, em todo servidor — só administração',
        security: [{ equipe: ['administracao'] }],
        parameters: [path('login')],
        responses: { 200: answer('revogado', 'RevogacaoUsuario'), ...staffErrors },
      },
    },
  },
} as const;
