// DOM wiring only (design §14): reads the page, calls the API client, hands data to the
// formatters and the chart. Hash routes: #/painel, #/consulta[/<número>], #/importar.
import type { Chart } from 'chart.js';
import { api } from './api-client.ts';
import type { Ente, FilaFiltros, ImportacaoResponse, Natureza, SimulacaoRequest, SimulacaoResponse, SituacaoCenario } from './api-types.ts';
import { renderProjectionChart } from './charts/projection-chart.ts';
import { projectionSeries } from './charts/projection-data.ts';
import { renderStockChart } from './charts/stock-chart.ts';
import { stockByYearAndNatureza } from './charts/stock-data.ts';
import { brl, data, inteiro, mesAno, mesesComSinal, pctComSinal, reaisCampo } from './format.ts';
import { byId, definitions, el, motivo, status, table } from './dom.ts';
import { MSG } from './messages.ts';
import { mount as mountCreditor } from './views/creditor.ts';
import { financiamentoPadrao, lerReais, movimento } from './simulacao.ts';

const linkConsulta = (numero: string) => el('a', { href: `#/consulta/${encodeURIComponent(numero)}` }, numero);

// ---- staff view -------------------------------------------------------------------------------

const enteSelect = byId<HTMLSelectElement>('ente');
const entesStatus = byId('entes-status');
const enteResumo = byId('ente-resumo');
const chartCanvas = byId<HTMLCanvasElement>('grafico-estoque');
const chartStatus = byId('grafico-status');
const filtrosForm = byId<HTMLFormElement>('filtros');
const filtroOrcamento = byId<HTMLSelectElement>('filtro-orcamento');
const filaStatus = byId('fila-status');
const filaBody = byId('fila').querySelector('tbody')!;
const anterior = byId<HTMLButtonElement>('anterior');
const proxima = byId<HTMLButtonElement>('proxima');
const paginaInfo = byId('pagina-info');
const superStatus = byId('super-status');
const superBody = byId('superpreferencias').querySelector('tbody')!;
const contaStatus = byId('conta-status');
const contaSaldos = byId('conta-saldos');
const contaDepositos = byId('conta-depositos').querySelector('tbody')!;
const contaPagamentos = byId('conta-pagamentos').querySelector('tbody')!;
const contaCsv = byId('conta-csv');

const PAGE_SIZE = 25;
const state = {
  entes: [] as Ente[],
  /** The server's date (AAAA-MM-DD) from /api/entes: the projection's first year. */
  hoje: '',
  enteId: '',
  pagina: 1,
  totalPaginas: 1,
  chart: undefined as Chart<'bar'> | undefined,
  projecao: undefined as Chart<'bar' | 'line', (number | null)[], string> | undefined,
};
/** Each load bumps this; answers to an older load are dropped (the user picked another ente meanwhile). */
let generation = 0;

async function loadEntes(): Promise<void> {
  status(entesStatus, MSG.carregando);
  try {
    const { entes, data: hoje } = await api.entes();
    state.entes = entes;
    state.hoje = hoje;
    enteSelect.replaceChildren(
      el('option', { value: '' }, MSG.escolhaEnte),
      ...entes.map((e) => el('option', { value: e.id }, `${e.nome} (${inteiro(e.abertos)} abertos)`)),
    );
    status(entesStatus, '');
  } catch (e) {
    enteSelect.replaceChildren(el('option', { value: '' }, '—'));
    status(entesStatus, motivo(e), 'erro');
  }
}

function showEnte(ente: Ente): void {
  definitions(enteResumo, [
    ['Estoque', brl(ente.estoque)],
    ['Precatórios abertos', `${inteiro(ente.abertos)} de ${inteiro(ente.precatorios)}`],
    ['Teto de RPV', brl(ente.tetoRpv)],
    ['Teto da superpreferência', brl(ente.tetoSuperpreferencia)],
    ['Regime', ente.regime],
    ['Esfera', ente.esfera],
  ]);
}

function filtros(): FilaFiltros {
  const f = new FormData(filtrosForm);
  const orcamento = String(f.get('orcamento') ?? '');
  const natureza = String(f.get('natureza') ?? '');
  const st = String(f.get('status') ?? '');
  return {
    pagina: state.pagina,
    tamanho: PAGE_SIZE,
    ...(orcamento ? { orcamento: Number(orcamento) } : {}),
    ...(natureza ? { natureza: natureza as Natureza } : {}),
    ...(st ? { status: st as 'ativo' | 'suspenso' } : {}),
  };
}

async function loadFila(): Promise<void> {
  const gen = generation;
  const table = byId('fila');
  table.setAttribute('aria-busy', 'true');
  status(filaStatus, MSG.carregando);
  anterior.disabled = proxima.disabled = true;
  try {
    const page = await api.fila(state.enteId, filtros());
    if (gen !== generation) return;
    state.totalPaginas = Math.max(1, Math.ceil(page.total / page.tamanho));
    filaBody.replaceChildren(
      ...page.itens.map((i) =>
        el(
          'tr',
          {},
          el('td', {}, i.posicao),
          el('td', { class: 'numero' }, linkConsulta(i.numero)),
          el('td', {}, i.orcamento),
          el('td', {}, MSG.natureza[i.natureza] ?? i.natureza),
          el('td', {}, el('span', { class: `selo ${i.status}` }, MSG.status[i.status] ?? i.status)),
          el('td', { class: 'num' }, brl(i.saldo)),
          el('td', { class: 'num' }, brl(i.superpreferencia)),
          el('td', { class: 'num' }, brl(i.remanescente)),
          el('td', { class: 'explicacao' }, i.explicacao),
        ),
      ),
    );
    status(filaStatus, page.total === 0 ? MSG.semItens : MSG.totalFila(inteiro(page.total)));
    paginaInfo.textContent = MSG.pagina(state.pagina, state.totalPaginas);
    anterior.disabled = state.pagina <= 1;
    proxima.disabled = state.pagina >= state.totalPaginas;
  } catch (e) {
    if (gen !== generation) return;
    filaBody.replaceChildren();
    status(filaStatus, motivo(e), 'erro');
  } finally {
    if (gen === generation) table.removeAttribute('aria-busy');
  }
}

async function loadChart(): Promise<void> {
  const gen = generation;
  status(chartStatus, MSG.carregando);
  state.chart?.destroy();
  state.chart = undefined;
  try {
    const estoque = await api.estoque(state.enteId);
    if (gen !== generation) return;
    const series = stockByYearAndNatureza(estoque.itens);
    const keep = filtroOrcamento.value;
    filtroOrcamento.replaceChildren(el('option', { value: '' }, 'Todos'), ...series.anos.map((a) => el('option', { value: String(a) }, a)));
    filtroOrcamento.value = keep;
    if (series.anos.length === 0) {
      status(chartStatus, MSG.graficoVazio);
      return;
    }
    state.chart = renderStockChart(chartCanvas, series);
    status(chartStatus, `${MSG.graficoDescricao}: ${brl((series.totalCentavos / 100).toFixed(2))} em ${inteiro(estoque.total.quantidade)} precatórios.`);
  } catch (e) {
    if (gen !== generation) return;
    status(chartStatus, motivo(e), 'erro');
  }
}

async function loadSuperpreferencias(): Promise<void> {
  const gen = generation;
  status(superStatus, MSG.carregando);
  try {
    const s = await api.superpreferencias(state.enteId);
    if (gen !== generation) return;
    superBody.replaceChildren(
      ...s.itens.map((t) =>
        el(
          'tr',
          {},
          el('td', {}, t.posicao),
          el('td', { class: 'numero' }, linkConsulta(t.numero)),
          el('td', {}, t.posicaoCronologica),
          el('td', {}, t.orcamento),
          el('td', { class: 'num' }, brl(t.valor)),
        ),
      ),
    );
    status(
      superStatus,
      s.itens.length === 0
        ? MSG.semSuperpreferencias
        : `${inteiro(s.itens.length)} parcelas, ${brl(s.total)} no total; teto por credor ${brl(s.tetoPorCredor)}.`,
    );
  } catch (e) {
    if (gen !== generation) return;
    superBody.replaceChildren();
    status(superStatus, motivo(e), 'erro');
  }
}

/** The special account as art. 82 publishes it (R7.4): deposits, balances with their date, payments made. */
async function loadContaEspecial(): Promise<void> {
  const gen = generation;
  status(contaStatus, MSG.carregando);
  contaCsv.replaceChildren(el('a', { href: api.contaEspecialCsv(state.enteId), download: '' }, MSG.baixarCsv));
  try {
    const c = await api.contaEspecial(state.enteId);
    if (gen !== generation) return;
    definitions(contaSaldos, [
      ['Saldos em', data(c.saldos.data)],
      ['Conta da ordem cronológica', brl(c.saldos.cronologica)],
      ['Conta de acordos', brl(c.saldos.acordo)],
    ]);
    contaDepositos.replaceChildren(
      ...c.depositos.map((d) =>
        el(
          'tr',
          {},
          el('td', {}, data(d.data)),
          el('td', { class: 'num' }, brl(d.valor)),
          el('td', { class: 'num' }, brl(d.paraCronologica)),
          el('td', { class: 'num' }, brl(d.paraAcordos)),
          el('td', { class: 'num' }, `${brl(d.repasseTrt)} / ${brl(d.repasseTrf)}`),
          el('td', {}, d.documento),
        ),
      ),
    );
    contaPagamentos.replaceChildren(
      ...c.pagamentos.map((p) =>
        el(
          'tr',
          {},
          el('td', {}, data(p.data)),
          el('td', { class: 'numero' }, linkConsulta(p.precatorio)),
          el('td', {}, p.tipo),
          el('td', { class: 'num' }, brl(p.valor)),
        ),
      ),
    );
    status(contaStatus, c.depositos.length === 0 ? MSG.semDepositos : MSG.contaEspecialResumo(c.depositos.length, c.pagamentos.length));
  } catch (e) {
    if (gen !== generation) return;
    contaSaldos.replaceChildren();
    contaDepositos.replaceChildren();
    contaPagamentos.replaceChildren();
    status(contaStatus, motivo(e), 'erro');
  }
}

function selectEnte(id: string): void {
  generation++;
  state.enteId = id;
  state.pagina = 1;
  filtrosForm.reset();
  const ente = state.entes.find((e) => e.id === id);
  if (!ente) {
    enteResumo.replaceChildren();
    return;
  }
  showEnte(ente);
  resetSimulacao(ente);
  void loadProjecao();
  void loadFila();
  void loadChart();
  void loadSuperpreferencias();
  void loadContaEspecial();
}

enteSelect.addEventListener('change', () => selectEnte(enteSelect.value));
filtrosForm.addEventListener('submit', (ev) => {
  ev.preventDefault();
  if (!state.enteId) return;
  state.pagina = 1;
  void loadFila();
});
anterior.addEventListener('click', () => {
  if (state.pagina > 1) {
    state.pagina--;
    void loadFila();
  }
});
proxima.addEventListener('click', () => {
  if (state.pagina < state.totalPaginas) {
    state.pagina++;
    void loadFila();
  }
});

// ---- projection and scenario (POST /api/simulacoes) --------------------------------------------

const simForm = byId<HTMLFormElement>('simulacao-form');
const simTipo = byId<HTMLSelectElement>('sim-tipo');
const simValor = byId<HTMLInputElement>('sim-valor');
const simVariacao = byId<HTMLInputElement>('sim-variacao');
const simIpca = byId<HTMLInputElement>('sim-ipca');
const simAte = byId<HTMLInputElement>('sim-ate');
const simButton = byId<HTMLButtonElement>('simular');
const simStatus = byId('simulacao-status');
const simResumo = byId('simulacao-resumo');
const simPremissas = byId('simulacao-premissas');
const simMovidos = byId('simulacao-movidos');
const projCanvas = byId<HTMLCanvasElement>('grafico-projecao');

const anoHoje = () => Number((state.hoje || new Date().toISOString()).slice(0, 4));

/** The form's defaults for a debtor: an editable estimate of its funding, +20 % as the scenario. */
function resetSimulacao(ente: Ente): void {
  const f = financiamentoPadrao(ente.regime, ente.estoque);
  simTipo.value = f.tipo;
  simValor.value = reaisCampo(f.valor);
  simVariacao.value = '20';
  simIpca.value = '3';
  simAte.value = String(anoHoje() + 10);
}

/** The request the form describes, or the field to fix and why. */
function pedidoSimulacao(): { ok: true; body: SimulacaoRequest; variacao: number } | { ok: false; campo: HTMLElement; motivo: string } {
  const valor = lerReais(simValor.value);
  if (!valor || valor === '0.00') return { ok: false, campo: simValor, motivo: MSG.projecao.valorInvalido };
  const variacao = Number(simVariacao.value);
  if (simVariacao.value.trim() === '' || !Number.isInteger(variacao) || variacao < -90 || variacao > 500)
    return { ok: false, campo: simVariacao, motivo: MSG.projecao.variacaoInvalida };
  const ipca = simIpca.value.trim().replace(',', '.');
  if (!/^\d{1,2}(\.\d{1,2})?$/.test(ipca)) return { ok: false, campo: simIpca, motivo: MSG.projecao.ipcaInvalido };
  const ate = Number(simAte.value);
  if (!Number.isInteger(ate) || ate < anoHoje() || ate > anoHoje() + 45) return { ok: false, campo: simAte, motivo: MSG.projecao.anoInvalido };
  const tipo = simTipo.value === 'dotacao-anual' ? 'dotacao-anual' : 'deposito-mensal';
  return {
    ok: true,
    variacao,
    body: {
      enteId: state.enteId,
      ate: `${ate}-12`,
      financiamento: { tipo, valor },
      premissas: { ipcaAnualPct: ipca },
      ...(variacao !== 0 ? { cenario: { nome: MSG.projecao.variacao(pctComSinal(variacao)), variacaoFinanciamentoPct: String(variacao) } } : {}),
      tamanho: 500,
    },
  };
}

const SITUACOES: SituacaoCenario[] = ['antecipado', 'adiado', 'igual', 'entra-no-horizonte', 'sai-do-horizonte', 'fora-do-horizonte'];

function premissasList(r: SimulacaoResponse): HTMLElement {
  return el(
    'div',
    {},
    el('h4', {}, MSG.projecao.premissas),
    el('p', { class: 'aviso' }, MSG.projecao.naoEPromessa),
    el('ul', { class: 'premissas' }, ...r.premissas.map((p) => el('li', {}, p))),
  );
}

function showSimulacao(r: SimulacaoResponse, variacao: number): void {
  const f = r.financiamento;
  const base = MSG.projecao.financiamento(f.tipo, f.valor ? brl(f.valor) : `${f.percentualRcl ?? '?'} % da RCL`);
  status(simStatus, MSG.projecao.descricao(mesAno(r.de), mesAno(r.ate), base, r.cenario ? MSG.projecao.variacao(pctComSinal(variacao)) : '—'));
  state.projecao?.destroy();
  state.projecao = renderProjectionChart(projCanvas, projectionSeries(r.anos, r.cenario?.anos ?? null));
  simPremissas.replaceChildren(premissasList(r));

  const c = r.cenario;
  if (!c) {
    simResumo.replaceChildren(el('p', {}, MSG.projecao.semCenario));
    simMovidos.replaceChildren();
    return;
  }
  const total = Object.values(c.resumo).reduce((a, b) => a + b, 0);
  const movidos = c.resumo.antecipado + c.resumo.adiado + c.resumo['entra-no-horizonte'] + c.resumo['sai-do-horizonte'];
  const mv = movimento(r.precatorios.itens);
  const contagens = el('dl', { class: 'resumo', id: 'simulacao-contagens' });
  definitions(
    contagens,
    SITUACOES.map((k) => [MSG.situacao[k] ?? k, inteiro(c.resumo[k])]),
  );
  const extremos = [
    mv.maiorAntecipacao !== null && MSG.projecao.maiorAntecipacao(inteiro(mv.maiorAntecipacao)),
    mv.maiorAdiamento !== null && MSG.projecao.maiorAdiamento(inteiro(mv.maiorAdiamento)),
  ]
    .filter(Boolean)
    .join('; ');
  simResumo.replaceChildren(
    el('h4', {}, `Cenário: ${c.nome}`),
    el('p', { class: 'destaque', id: 'simulacao-movidos-texto' }, MSG.projecao.movidos(inteiro(movidos), inteiro(total))),
    el(
      'p',
      { id: 'simulacao-media' },
      `${c.mediaMeses === null ? MSG.projecao.semMedia : MSG.projecao.mediaMeses(mesesComSinal(c.mediaMeses))}${extremos ? `; ${extremos}` : ''}.`,
    ),
    contagens,
  );
  simMovidos.replaceChildren(
    ...(r.precatorios.total > r.precatorios.itens.length
      ? [el('p', { class: 'status' }, MSG.projecao.listaParcial(inteiro(r.precatorios.itens.length), inteiro(r.precatorios.total)))]
      : []),
    mv.itens.length
      ? el(
          'div',
          { class: 'tabela alta', tabindex: '0', 'aria-label': 'Precatórios que mudam de data no cenário' },
          el(
            'table',
            { id: 'simulacao-tabela' },
            el(
              'thead',
              {},
              el(
                'tr',
                {},
                ...['Pos.', 'Número', 'Exercício', 'Quitação (base)', 'Quitação (cenário)', 'Diferença (meses)'].map((h, i) =>
                  el('th', { scope: 'col', ...(i === 5 ? { class: 'num' } : {}) }, h),
                ),
              ),
            ),
            el(
              'tbody',
              {},
              ...mv.itens.map((i) =>
                el(
                  'tr',
                  {},
                  el('td', {}, i.posicao ?? '—'),
                  el('td', { class: 'numero' }, linkConsulta(i.numero)),
                  el('td', {}, i.orcamento),
                  el('td', {}, i.quitacao ? mesAno(i.quitacao) : `depois de ${mesAno(r.ate)}`),
                  el('td', {}, i.cenario?.quitacao ? mesAno(i.cenario.quitacao) : `depois de ${mesAno(r.ate)}`),
                  el(
                    'td',
                    { class: 'num' },
                    i.cenario?.diferencaMeses === null || i.cenario?.diferencaMeses === undefined
                      ? (MSG.situacao[i.cenario?.situacao ?? ''] ?? '—')
                      : mesesComSinal(i.cenario.diferencaMeses).replace(/,0$/, ''),
                  ),
                ),
              ),
            ),
          ),
        )
      : el('p', {}, MSG.projecao.semMovidos),
  );
}

/** Each run bumps this; an older run's answer (another ente, an earlier submit) is dropped. */
let simGen = 0;
async function loadProjecao(): Promise<void> {
  const gen = ++simGen;
  const pedido = pedidoSimulacao();
  if (!pedido.ok) {
    status(simStatus, pedido.motivo, 'erro');
    pedido.campo.focus();
    return;
  }
  status(simStatus, MSG.projecao.simulando);
  simButton.disabled = true;
  simResumo.setAttribute('aria-busy', 'true');
  try {
    const r = await api.simular(pedido.body);
    if (gen !== simGen) return;
    showSimulacao(r, pedido.variacao);
  } catch (e) {
    if (gen !== simGen) return;
    state.projecao?.destroy();
    state.projecao = undefined;
    simResumo.replaceChildren();
    simMovidos.replaceChildren();
    status(simStatus, motivo(e), 'erro');
  } finally {
    if (gen === simGen) {
      simButton.disabled = false;
      simResumo.removeAttribute('aria-busy');
    }
  }
}

simForm.addEventListener('submit', (ev) => {
  ev.preventDefault();
  if (!state.enteId) return;
  void loadProjecao();
});

// ---- creditor view (web/views/creditor.ts) ----------------------------------------------------

const creditor = mountCreditor(byId('view-consulta'), { api, entes: () => state.entes });

// ---- import view ------------------------------------------------------------------------------

const importarForm = byId<HTMLFormElement>('importar-form');
const tokenInput = byId<HTMLInputElement>('token');
const arquivoInput = byId<HTMLInputElement>('arquivo');
const importarStatus = byId('importar-status');
const importarRelatorio = byId('importar-relatorio');

function showImportacao(r: ImportacaoResponse): void {
  importarRelatorio.replaceChildren(
    el(
      'p',
      { class: 'destaque' },
      `Formato ${r.formato}. ${MSG.importado(inteiro(r.linhasLidas), inteiro(r.novos), inteiro(r.alterados), inteiro(r.semMudanca))}`,
    ),
    r.rejeitadas.length
      ? el(
          'div',
          {},
          el('p', {}, MSG.rejeitadas(inteiro(r.rejeitadas.length))),
          table(
            ['Linha', 'Campo', 'Motivo'],
            r.rejeitadas.map((x) => [x.linha, x.campo ?? '—', x.motivo]),
          ),
        )
      : el('p', {}, MSG.semRejeitadas),
    ...(r.recusados.length
      ? [
          el(
            'div',
            {},
            el('p', {}, MSG.recusados(r.recusados.length, inteiro(r.recusados.length))),
            table(
              ['Número', 'Motivo'],
              r.recusados.map((x) => [x.numero, x.motivo]),
            ),
          ),
        ]
      : []),
  );
}

importarForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const file = arquivoInput.files?.[0];
  const token = tokenInput.value.trim();
  if (!token) {
    status(importarStatus, MSG.importarSemToken, 'erro');
    return tokenInput.focus();
  }
  if (!file) {
    status(importarStatus, MSG.importarSemArquivo, 'erro');
    return arquivoInput.focus();
  }
  const button = importarForm.querySelector('button')!;
  button.disabled = true;
  importarRelatorio.replaceChildren();
  status(importarStatus, MSG.importando(inteiro(Math.ceil(file.size / 1024))));
  try {
    const kb = inteiro(Math.ceil(file.size / 1024));
    const r = await api.importar(file, token, (sent) =>
      status(importarStatus, sent === undefined ? MSG.importandoNoServidor : MSG.importandoEnvio(kb, Math.round(sent * 100))),
    );
    status(importarStatus, '');
    showImportacao(r);
    // The registry changed: refresh the debtors (stock, counts) for the staff view.
    void loadEntes().then(() => {
      enteSelect.value = state.enteId;
    });
  } catch (e) {
    status(importarStatus, motivo(e), 'erro');
  } finally {
    button.disabled = false;
  }
});

// ---- routing ----------------------------------------------------------------------------------

function route(): void {
  const [, view = 'painel', arg] = /^#\/([^/]*)\/?(.*)$/.exec(location.hash) ?? [];
  const known = ['painel', 'consulta', 'importar'].includes(view) ? view : 'painel';
  for (const section of document.querySelectorAll<HTMLElement>('[data-view]')) section.hidden = section.dataset['view'] !== known;
  for (const link of document.querySelectorAll<HTMLAnchorElement>('[data-nav]')) {
    if (link.dataset['nav'] === known) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (known === 'consulta' && arg) {
    creditor.consultar(decodeURIComponent(arg));
  }
}

window.addEventListener('hashchange', route);
route();
void loadEntes();
// Every page (the banner sits above all views): a registry made from the demo is shown as such.
void api.saude().then(
  (s) => {
    byId('aviso-demonstracao').hidden = !s.demonstracao;
  },
  () => undefined,
);
