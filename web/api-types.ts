// Shapes of the public API responses (src/api/routes/*.ts). Declared here so the dashboard never
// imports core code from src/: it only knows what travels over HTTP. Money is a decimal string.

export type Natureza = 'alimentar' | 'comum';

export interface Ente {
  id: string;
  nome: string;
  esfera: string;
  regime: string;
  precatorios: number;
  abertos: number;
  estoque: string;
  tetoRpv: string;
  tetoSuperpreferencia: string;
}

export interface EntesResponse {
  data: string;
  entes: Ente[];
}

export interface FilaItem {
  posicao: number;
  numero: string;
  orcamento: number;
  natureza: Natureza;
  status: string;
  apresentacao: string | null;
  ordemPublicada: number | null;
  valorRequisitado: string;
  saldo: string;
  superpreferencia: string;
  remanescente: string;
  explicacao: string;
}

export interface FilaResponse {
  ente: { id: string; nome: string; regime: string };
  data: string;
  total: number;
  pagina: number;
  tamanho: number;
  itens: FilaItem[];
}

export interface FilaFiltros {
  pagina?: number;
  tamanho?: number;
  orcamento?: number;
  natureza?: Natureza;
  status?: 'ativo' | 'suspenso';
}

export interface Parcela {
  posicao: number;
  numero: string;
  posicaoCronologica: number;
  orcamento: number;
  valor: string;
}

export interface SuperpreferenciasResponse {
  ente: { id: string; nome: string; regime: string };
  data: string;
  tetoPorCredor: string;
  total: string;
  itens: Parcela[];
}

export interface MemoriaLinha {
  fase: string;
  regra: string;
  tipo: string;
  indice: string | null;
  de: string | null;
  ate: string | null;
  meses: number;
  fator: string | null;
  somaPct: string | null;
  provisorio: boolean;
  obs: string | null;
  valorApos: string;
}

export type ValorCorrigido =
  | { erro: string }
  | {
      dataBase: string;
      ate: string;
      provisorio: boolean;
      componentes: { principal: string; jurosMora: string; selic: string; jurosEc136: string };
      total: string;
      memoria: MemoriaLinha[];
    };

export interface Beneficiario {
  id: string;
  titularidade: string;
  nome: string;
  cpf: string;
  valor: string;
  pago: string;
  saldo: string;
}

export interface ConsultaResponse {
  data: string;
  /** Only for staff (token); null in public answers. */
  versao: number | null;
  precatorio: {
    numero: string;
    enteId: string;
    regime: string;
    natureza: Natureza;
    tributario: boolean;
    status: string;
    expedidoEm: string | null;
    dataBase: string | null;
    valorRequisitado: string;
    beneficiarios: Beneficiario[];
  };
  ente: { id: string; nome: string; regime: string; tetoRpv: string; tetoSuperpreferencia: string };
  posicao:
    | (FilaItem & {
        totalNaFila: number;
        valorAFrente: { superpreferencias: string; cronologica: string; total: string };
        parcelasSuperpreferenciais: { posicao: number; valor: string }[];
      })
    | null;
  valorCorrigido: ValorCorrigido;
  historico: { em: string; tipo: string; descricao: string }[];
  /** The precatório's payments; withholdings and net only for staff (null publicly). */
  pagamentos: { pagoEm: string; tipo: string; bruto: string; retencoes: { irrf: string; previdencia: string | null } | null; liquido: string | null }[];
}

/** GET /api/precatorios/:numero/mudancas (issue 18 §1): why the position changed, counted, never named. */
export interface MudancasResponse {
  desde: string;
  data: string;
  situacao: 'comparado' | 'registrado-depois' | 'fora-da-lista' | 'fora-da-lista-antes';
  posicaoAntes: number | null;
  posicaoAgora: number | null;
  variacao: number | null;
  resumo: string;
  motivos: { motivo: string; quantidade: number; efeito: number; valorQuitado: string | null; descricao: string }[];
  novasSuperpreferenciasAFrente: number;
  superpreferencias: string | null;
  observacao: string;
}

export interface ImportacaoResponse {
  formato: string;
  linhasLidas: number;
  novos: number;
  alterados: number;
  semMudanca: number;
  rejeitadas: { linha: number; campo: string | null; motivo: string }[];
  /** Precatórios staff changed since their last import: left as they are, not overwritten. */
  recusados: { numero: string; motivo: string }[];
}

/** Body of every expected API error (4xx). */
export interface ApiErrorBody {
  erro: string;
  campo: string | null;
  motivo: string;
}

// ---- POST /api/simulacoes (src/api/routes/simulacoes.ts) --------------------------------------

export type Financiamento =
  | { tipo: 'dotacao-anual' | 'deposito-mensal'; valor: string; parcelaCronologica?: string; crescimentoAnualPct?: string }
  | { tipo: 'percentual-rcl'; percentual: string; parcelaCronologica?: string; crescimentoAnualPct?: string };

export interface SimulacaoRequest {
  enteId: string;
  de?: string;
  ate?: string;
  financiamento?: Financiamento;
  premissas?: { ipcaAnualPct?: string; selicAnualPct?: string; corrigirSaldos?: boolean };
  cenario?: { nome?: string; variacaoFinanciamentoPct?: string; tetoRpv?: { valor: string; desde: string } };
  numeros?: string[];
  pagina?: number;
  tamanho?: number;
}

export interface SimulacaoAno {
  ano: number;
  entrada: string;
  retidoPeloTeto: string;
  acordos: string;
  pago: string;
  superpreferencia: string;
  estoqueFinal: string;
  quitados: number;
}

export type SituacaoCenario = 'antecipado' | 'adiado' | 'igual' | 'entra-no-horizonte' | 'sai-do-horizonte' | 'fora-do-horizonte' | 'somente-no-cenario';

export interface SimulacaoItem {
  posicao: number | null;
  numero: string;
  orcamento: number;
  natureza: Natureza;
  suspenso: boolean;
  pagavelDesde: string | null;
  saldoInicial: string;
  pago: string;
  superpreferencia: string;
  primeiroPagamento: string | null;
  quitacao: string | null;
  cenario?: { quitacao: string | null; diferencaMeses: number | null; situacao: SituacaoCenario };
}

export interface SimulacaoResponse {
  ente: { id: string; nome: string; esfera: string; regime: string };
  de: string;
  ate: string;
  premissas: string[];
  financiamento: {
    tipo: string;
    valor: string | null;
    percentualRcl: string | null;
    parcelaCronologica: string;
    crescimentoAnualPct: string;
    tetoEc136PctRcl: string | null;
  };
  correcaoInicial: { corrigidos: number; naoCorrigidos: number };
  anos: SimulacaoAno[];
  precatorios: { total: number; pagina: number; tamanho: number; itens: SimulacaoItem[] };
  cenario: null | { nome: string; resumo: Record<SituacaoCenario, number>; mediaMeses: number | null; anos: SimulacaoAno[] };
}

/** GET /api/entes/:id/conta-especial (art. 82, R7.4): no personal data. */
export interface ContaEspecialResponse {
  ente: { id: string; nome: string; regime: string };
  depositos: { data: string; valor: string; documento: string; paraCronologica: string; paraAcordos: string; repasseTrt: string; repasseTrf: string }[];
  saldos: { data: string | null; cronologica: string; acordo: string };
  saldosPorData: { data: string; cronologica: string; acordo: string }[];
  plano: { vigenteDesde: string; tipo: string; valor: string; parcelaCronologica: string; fundamento: string }[];
  pagamentos: { data: string; precatorio: string; valor: string; tipo: string }[];
}

/** The server's own contract (src/api/schemas.ts), not a copy: a type-only import, erased from the bundle. */
export type { EstoqueResponse } from '../src/api/schemas.ts';
