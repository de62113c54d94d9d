// Shapes of the API's answers, as the server's own contract (src/api/response-schemas.ts: the zod
// schemas the routes are checked against, the OpenAPI document publishes and
// test/api/contract.test.ts parses every answer with). Type-only imports: erased from the bundle, so
// the dashboard still carries no code of src/ — only what travels over HTTP. Money is a decimal string.
import type { z } from 'zod';
import type {
  beneficiarioResponse,
  consultaResponse,
  contaEspecialResponse,
  entesResponse,
  enteResponse,
  erroResponse,
  estoqueResponse,
  filaItemResponse,
  filaResponse,
  importacaoResponse,
  importacaoProgressoLine,
  mudancasResponse,
  memoriaLinhaResponse,
  parcelaResponse,
  simulacaoAnoResponse,
  simulacaoItemResponse,
  simulacaoResponse,
  situacaoCenario,
  superpreferenciasResponse,
  valorCorrigidoResponse,
} from '../src/api/response-schemas.ts';
import type { simulacaoBodyFor } from '../src/api/routes/simulacoes.ts';

export type Ente = z.infer<typeof enteResponse>;
export type EntesResponse = z.infer<typeof entesResponse>;

export type FilaItem = z.infer<typeof filaItemResponse>;
export type Natureza = FilaItem['natureza'];
export type FilaResponse = z.infer<typeof filaResponse>;

/** The list's query as the dashboard builds it (numbers; the server reads them from the query string). */
export interface FilaFiltros {
  pagina?: number;
  tamanho?: number;
  orcamento?: number;
  natureza?: Natureza;
  status?: 'ativo' | 'suspenso';
}

export type Parcela = z.infer<typeof parcelaResponse>;
export type SuperpreferenciasResponse = z.infer<typeof superpreferenciasResponse>;

export type MemoriaLinha = z.infer<typeof memoriaLinhaResponse>;
export type ValorCorrigido = z.infer<typeof valorCorrigidoResponse>;
/** A beneficiary as the public sees it: masked name and CPF, null when the registry has none. */
export type Beneficiario = z.infer<typeof beneficiarioResponse>;
export type ConsultaResponse = z.infer<typeof consultaResponse>;

export type ImportacaoResponse = z.infer<typeof importacaoResponse>;
export type ImportacaoProgressoLine = z.infer<typeof importacaoProgressoLine>;
/** GET /api/precatorios/:numero/mudancas (issue 18 §1): why the position changed, counted, never named. */
export type MudancasResponse = z.infer<typeof mudancasResponse>;

/** Body of every expected API error (4xx). */
export type ApiErrorBody = z.infer<typeof erroResponse>;

// ---- POST /api/simulacoes (src/api/routes/simulacoes.ts) --------------------------------------

/** The request as the client writes it (z.input: defaults may be left out). */
export type SimulacaoRequest = z.input<ReturnType<typeof simulacaoBodyFor>>;
export type Financiamento = NonNullable<SimulacaoRequest['financiamento']>;
export type SimulacaoAno = z.infer<typeof simulacaoAnoResponse>;
export type SituacaoCenario = z.infer<typeof situacaoCenario>;
export type SimulacaoItem = z.infer<typeof simulacaoItemResponse>;
export type SimulacaoResponse = z.infer<typeof simulacaoResponse>;

/** GET /api/entes/:id/conta-especial (art. 82, R7.4): no personal data. */
export type ContaEspecialResponse = z.infer<typeof contaEspecialResponse>;

export type EstoqueResponse = z.infer<typeof estoqueResponse>;
