// Every sentence the dashboard shows, in pt-BR, in one place.
import type { Phase } from '../src/domain/correction/types.ts';
import type { Regime } from '../src/domain/ente.ts';
import type { Titularidade } from '../src/domain/precatorio.ts';

/**
 * Whom a creditor calls (issue 18 §1): TJPA's Coordenadoria de Precatórios. A configuration
 * constant: a deployment for another court replaces it here.
 */
export const CONTATO_COORDENADORIA = {
  nome: 'Coordenadoria de Precatórios do Tribunal de Justiça do Estado do Pará (TJPA)',
  endereco: 'Av. Almirante Barroso, 3089, Souza, Belém (PA)',
  site: 'https://www.tjpa.jus.br',
} as const;
export const MSG = {
  titulo: 'Fila de precatórios',
  carregando: 'Carregando…',
  erroRede: 'Não foi possível falar com o servidor. Verifique a conexão e tente de novo.',
  erroServidor: (status: number) => `O servidor respondeu com erro (${status}).`,
  escolhaEnte: 'Escolha um ente devedor',
  semItens: 'Nenhum precatório com esses filtros.',
  semSuperpreferencias: 'Nenhuma parcela superpreferencial.',
  baixarCsv: 'Baixar CSV (separado por ;)',
  semDepositos: 'Nenhum depósito registrado na conta especial deste ente.',
  contaEspecialResumo: (depositos: number, pagamentos: number) => `${depositos} depósito(s) e ${pagamentos} pagamento(s) realizados.`,
  pagina: (p: number, total: number) => `Página ${p} de ${total}`,
  totalFila: (n: string) => `${n} precatórios na lista`,
  graficoDescricao: 'Estoque (saldo) por exercício orçamentário e natureza',
  graficoVazio: 'Sem estoque para mostrar.',
  alimentar: 'Alimentar',
  comum: 'Comum',
  consultaVazia: 'Digite o número do precatório.',
  foraDaFila: 'Este precatório não está na lista cronológica (pago, cancelado ou suspenso).',
  posicao: (p: string, total: string) => `${p}º de ${total} na lista cronológica`,
  naSuperpreferencia: (posicoes: string) => `Parcela superpreferencial na posição ${posicoes} da lista de superpreferência`,
  semSuperpreferencia: 'Sem parcela superpreferencial.',
  correcaoIndisponivel: 'Valor corrigido indisponível',
  correcaoProvisoria: 'Valores provisórios: índice do mês ainda não publicado.',
  semHistorico: 'Sem eventos registrados.',
  importarSemArquivo: 'Escolha um arquivo CSV.',
  importarSemToken: 'Informe o token da equipe.',
  importando: (kb: string) => `Enviando e importando ${kb} KB…`,
  importandoEnvio: (kb: string, pct: number) => `Enviando ${kb} KB… ${pct} %`,
  importandoNoServidor: 'Arquivo enviado; validando e gravando no registro (tudo ou nada)…',
  importado: (lidas: string, novos: string, alterados: string, iguais: string) =>
    `${lidas} linhas lidas: ${novos} novos, ${alterados} alterados, ${iguais} sem mudança.`,
  rejeitadas: (n: string) => `${n} linhas rejeitadas (nenhuma delas foi gravada):`,
  semRejeitadas: 'Nenhuma linha rejeitada.',
  recusados: (n: number, texto: string) =>
    n === 1
      ? '1 precatório não foi sobrescrito porque a equipe o alterou depois da última importação:'
      : `${texto} precatórios não foram sobrescritos porque a equipe os alterou depois da última importação:`,
  status: { ativo: 'ativo', suspenso: 'suspenso', pago: 'pago', cancelado: 'cancelado' } as Record<string, string>,
  /** Phases of the correction memória (R5): the engine's codes in words. */
  fase: {
    SEM_GRACA: 'correção sem período de graça',
    ANTES_GRACA: 'antes do período de graça',
    GRACA: 'período de graça (sem juros)',
    APOS_GRACA: 'após o período de graça',
  } satisfies Record<Phase, string> as Record<string, string>,
  /** Kinds of memória lines (R5): what each line adds. */
  tipoMemoria: {
    correcao: 'correção monetária',
    juros: 'juros de mora',
    selic: 'taxa Selic',
    ec136: 'juros da EC 136/2025',
    'teto-selic': 'limite pela Selic',
  } as Record<string, string>,
  titularidade: { originario: 'credor original', herdeiro: 'herdeiro', cessionario: 'cessionário (comprou o crédito)' } satisfies Record<
    Titularidade,
    string
  > as Record<string, string>,
  regime: { geral: 'regime geral', especial: 'regime especial' } satisfies Record<Regime, string> as Record<string, string>,
  /** The creditor's page (issue 18 §1): the answer first, in plain Portuguese. */
  credor: {
    titulo: 'Consulta do credor',
    intro: 'Consulte a posição de um precatório pelo número. Não é preciso entrar com senha; dados pessoais aparecem mascarados.',
    rotuloNumero: 'Número do precatório',
    dicaNumero: 'Os 20 dígitos, com ou sem pontos, traços e espaços.',
    consultar: 'Consultar',
    digitoErrado: (digitado: string, esperado: string) =>
      `Os dígitos verificadores não conferem: o número tem ${digitado} depois do traço, mas para os demais dígitos deveria ter ${esperado}. Confira o número no ofício do precatório.`,
    digitosContados: (n: number) => `O número tem ${n} dígitos; o número do precatório (padrão CNJ) tem 20.`,
    resposta: 'Resposta',
    posicao: (p: string, total: string, ente: string) => `Seu precatório está em ${p}º lugar entre ${total} na lista de pagamentos de ${ente}.`,
    parcelaPrimeiro: (valor: string) => `Primeiro será paga a sua parcela superpreferencial, de ${valor}: ela vem antes de toda a lista cronológica.`,
    parcelaPrevista: (mes: string) => `Previsão de pagamento dessa parcela: ${mes}.`,
    parcelaSemPrevisao: 'Ainda sem previsão de data para essa parcela.',
    restante: (valor: string) => `O restante, ${valor}, é pago na ordem da lista.`,
    semParcela: 'Este precatório não tem parcela superpreferencial: o valor todo é pago na ordem da lista.',
    devidoHoje: (dia: string) => `Valor devido em ${dia}`,
    comoCalculado: 'Como esse valor foi calculado',
    componentes: 'O valor devido é a soma de:',
    principal: 'valor original corrigido (principal)',
    jurosMora: 'juros de mora',
    selic: 'Selic',
    jurosEc136: 'juros da EC 136/2025',
    memoriaTitulo: 'Memória de cálculo, mês a mês (com as regras aplicadas)',
    aFrente: (total: string, superpref: string, lista: string) =>
      `Antes do restante deste precatório serão pagos ${total}: ${superpref} em parcelas superpreferenciais de outros credores e ${lista} de precatórios à sua frente na lista.`,
    proximosPassos: 'O que fazer agora',
    contato: (nome: string) => `Dúvidas, atualização de dados bancários ou pedido de superpreferência (idade, doença grave ou deficiência): procure a ${nome}.`,
    acordo: 'Se houver edital de acordo direto aberto, a Coordenadoria informa como aderir; o acordo antecipa o pagamento com desconto.',
    pago: 'Este precatório já foi pago por completo. Não há valor a receber.',
    cancelado: 'Este precatório foi cancelado e não será pago. Se você discorda, procure a Coordenadoria ou o seu advogado.',
    suspenso:
      'Este precatório está suspenso (por exemplo, por decisão judicial): ele guarda o lugar, mas não é pago nem tem previsão enquanto durar a suspensão.',
    foraDaLista: 'Este precatório não está na lista de pagamentos de hoje.',
    quitado: 'quitado',
    pagamentos: 'Pagamentos feitos',
    semPagamentos: 'Nenhum pagamento registrado para este precatório.',
    colunasPagamentos: ['Data', 'Tipo', 'Valor bruto', 'Retenções (IR e previdência)', 'Valor líquido'],
    retencaoPrivada: 'no seu alvará',
    notaRetencoes:
      'O imposto de renda e a contribuição previdenciária retidos, e o valor líquido depositado, constam do alvará de cada pagamento e não são públicos.',
    detalhes: 'Detalhes do precatório',
    beneficiarios: 'Beneficiários',
    historico: 'Histórico',
    mudancasTitulo: 'Por que a minha posição mudou',
    mudancasIntro:
      'Compare a lista publicada hoje com a de um dia anterior. Contamos quantos precatórios à frente foram pagos, cancelados ou entraram, sem dizer quais nem de quem.',
    mudancasDesde: 'Comparar com a lista publicada no fim do dia',
    mudancasComparar: 'Comparar',
    mudancasNada: 'Nenhum precatório entrou ou saiu à sua frente nesse período.',
    feed: 'Acompanhar as mudanças deste precatório (feed Atom, para leitores de notícias)',
    imprimir: 'Imprimir certidão de posição',
    certidao: (lista: string) => `Certidão de posição — lista publicada em ${lista}`,
    emitida: (dia: string) => `Emitida em ${dia}. Projeção, não promessa: as datas dependem dos depósitos do ente.`,
    premissasCertidao: 'Premissas da previsão',
    colunasBeneficiarios: ['Nome', 'CPF', 'Titularidade', 'Valor', 'Pago', 'Saldo'],
    colunasMemoria: ['Período', 'O que entra', 'Índice', 'De', 'Até', 'Meses', 'Fator / soma', 'Valor após', 'Regra'],
  },
  projecao: {
    titulo: 'Pagamentos projetados',
    pagoBase: 'Pago no ano (base)',
    pagoCenario: 'Pago no ano (cenário)',
    estoqueBase: 'Estoque no fim do ano (base)',
    estoqueCenario: 'Estoque no fim do ano (cenário)',
    eixoPago: 'Pago no ano',
    eixoEstoque: 'Estoque restante',
    simulando: 'Simulando…',
    valorInvalido: 'Valor inválido: use reais, por exemplo 1.500.000,00.',
    variacaoInvalida: 'Variação inválida: use um número inteiro entre −90 e 500.',
    ipcaInvalido: 'IPCA inválido: use um número como 3 ou 4,5.',
    anoInvalido: 'Ano final inválido.',
    descricao: (de: string, ate: string, base: string, cenario: string) =>
      `Projeção de ${de} a ${ate}: pago por ano (barras) e estoque restante no fim de cada ano (linhas); base com ${base}, cenário com ${cenario}.`,
    financiamento: (tipo: string, valor: string) =>
      tipo === 'deposito-mensal' ? `depósito mensal de ${valor}` : tipo === 'dotacao-anual' ? `dotação anual de ${valor}` : `${valor}`,
    variacao: (pct: string) => `financiamento ${pct}`,
    semCenario: 'Variação 0 %: nenhum cenário a comparar.',
    premissas: 'Premissas da projeção',
    naoEPromessa: 'Projeção, não promessa: as datas dependem de quanto o ente de fato depositar.',
    movidos: (n: string, total: string) => `${n} de ${total} credores mudam de data no cenário.`,
    mediaMeses: (m: string) => `Em média, ${m} meses para quem é pago nos dois (negativo = antes)`,
    semMedia: 'Sem média: ninguém é pago dentro do horizonte nos dois casos',
    maiorAntecipacao: (m: string) => `maior antecipação: ${m} meses`,
    maiorAdiamento: (m: string) => `maior adiamento: ${m} meses`,
    listaParcial: (n: string, total: string) => `Lista dos que mudam calculada sobre os primeiros ${n} de ${total} precatórios.`,
    semMovidos: 'Ninguém muda de data.',
  },
  situacao: {
    antecipado: 'recebem antes',
    adiado: 'recebem depois',
    igual: 'mesma data',
    'entra-no-horizonte': 'passam a receber no horizonte',
    'sai-do-horizonte': 'saem do horizonte',
    'fora-do-horizonte': 'fora do horizonte nos dois',
    'somente-no-cenario': 'só no cenário',
  } as Record<string, string>,
  previsao: {
    titulo: 'Previsão de pagamento (projeção)',
    calculando: 'Calculando a previsão…',
    entre: (de: string, ate: string) => (de === ate ? `Quitação prevista em ${de}` : `Quitação prevista entre ${de} e ${ate}`),
    aPartir: (de: string, horizonte: string) => `Quitação prevista a partir de ${de}; com menos dinheiro, depois de ${horizonte}`,
    alem: (horizonte: string) => `Quitação prevista só depois de ${horizonte}, mesmo com mais dinheiro`,
    suspenso: 'Precatório suspenso: sem previsão de pagamento enquanto durar a suspensão.',
    semPrevisao: 'Sem previsão: este precatório não entra na projeção.',
    explicacao: (pior: string, melhor: string) =>
      `Faixa entre dois níveis de financiamento do ente: ${pior} (20 % abaixo da referência) e ${melhor} (20 % acima). É uma projeção sob as premissas abaixo, não uma promessa de pagamento; o ente não tem financiamento cadastrado aqui, a referência é uma estimativa do painel.`,
    explicacaoCadastrado: (plano: string, menos: string) =>
      `Faixa entre o plano de pagamento cadastrado do ente — ${plano} — e o mesmo plano com 20 % a menos (${menos}). É uma projeção sob as premissas abaixo, não uma promessa de pagamento.`,
    indisponivel: 'Previsão indisponível',
  },
  natureza: { alimentar: 'alimentar', comum: 'comum' } as Record<string, string>,
  /** Payment kinds (R3.8, R7.x) in words. */
  tipoPagamento: {
    cronologica: 'pagamento na ordem da lista',
    superpreferencia: 'parcela superpreferencial',
    acordo: 'acordo direto',
  } as Record<string, string>,
} as const;
