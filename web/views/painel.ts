// The staff desk (issue 18 §2): a debtor's totals, the stock chart with its data table, the
// projection and scenario, the list with the TJRJ public-list columns (filters including paid and
// cancelled, pages, exports), the superpreference list, the special account, and the staff actions
// (web/views/staff-actions.ts). Built by `mount(root, deps)` like every view; text in messages.ts.
import type { Chart } from 'chart.js';
import type { api as Api, FilaDeskFiltros, FilaDeskItem } from '../api-client.ts';
import type { Ente, SimulacaoRequest, SimulacaoResponse, SituacaoCenario } from '../api-types.ts';
import { renderProjectionChart } from '../charts/projection-chart.ts';
import { projectionSeries } from '../charts/projection-data.ts';
import { renderStockChart } from '../charts/stock-chart.ts';
import { stockByYearAndNatureza } from '../charts/stock-data.ts';
import { type Child, definitions, el, motivo, status, table } from '../dom.ts';
import { brl, data, inteiro, mesAno, mesesComSinal, pctComSinal, reaisCampo } from '../format.ts';
import { MSG } from '../messages.ts';
import { lerNumero } from '../numero.ts';
import { financiamentoPadrao, lerReais, movimento } from '../simulacao.ts';
import type { StaffSession } from '../staff-session.ts';
import { mount as mountActions } from './staff-actions.ts';

/** The id the desk gives the scenario's new precatório (not a court número: it has no lookup page). */
const EXTRA_NUMERO = 'novo-precatorio-do-cenario';

export interface PainelDeps {
  readonly api: typeof Api;
  readonly session: StaffSession;
  /** Called with the debtors each time they are (re)loaded: the creditor page reuses them. */
  readonly onEntes: (entes: readonly Ente[]) => void;
}

export interface PainelView {
  show(arg: string): void;
  /** Reloads the debtors (after an import or a staff write changed the registry). */
  reload(): Promise<void>;
}

const P = MSG.painel;
const linkConsulta = (numero: string) => el('a', { href: `#/consulta/${encodeURIComponent(numero)}` }, numero);

export function mount(root: HTMLElement, deps: PainelDeps): PainelView {
  const api = deps.api;
  root.innerHTML = template();
  const byId = <T extends HTMLElement>(id: string): T => {
    const node = root.querySelector<T>(`#${id}`);
    if (!node) throw new Error(`elemento #${id} ausente na mesa da equipe`);
    return node;
  };

  const enteSelect = byId<HTMLSelectElement>('ente');
  const entesStatus = byId('entes-status');
  const enteResumo = byId('ente-resumo');
  const chartCanvas = byId<HTMLCanvasElement>('grafico-estoque');
  const chartStatus = byId('grafico-status');
  const chartTabela = byId('grafico-tabela');
  const filtrosForm = byId<HTMLFormElement>('filtros');
  const filtroOrcamento = byId<HTMLSelectElement>('filtro-orcamento');
  const filaStatus = byId('fila-status');
  const filaBox = byId('fila-caixa');
  const filaExportar = byId('fila-exportar');
  const anterior = byId<HTMLButtonElement>('anterior');
  const proxima = byId<HTMLButtonElement>('proxima');
  const paginaInfo = byId('pagina-info');
  const superStatus = byId('super-status');
  const superBox = byId('super-caixa');
  const contaStatus = byId('conta-status');
  const contaSaldos = byId('conta-saldos');
  const contaDepositos = byId('conta-depositos');
  const contaPagamentos = byId('conta-pagamentos');
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
    /** número → month paid off in the latest base projection: the list's "Previsão de Pagamento". */
    quitacao: new Map<string, string | null>(),
    /** The projection's horizon (AAAA-MM), for "depois de …". */
    horizonte: '',
    itens: [] as FilaDeskItem[],
  };
  /** Each load bumps this; answers to an older load are dropped (the user picked another ente meanwhile). */
  let generation = 0;

  async function loadEntes(): Promise<void> {
    status(entesStatus, MSG.carregando);
    try {
      const { entes, data: hoje } = await api.entes();
      state.entes = entes;
      state.hoje = hoje;
      deps.onEntes(entes);
      enteSelect.replaceChildren(
        el('option', { value: '' }, MSG.escolhaEnte),
        ...entes.map((e) => el('option', { value: e.id }, `${e.nome} (${inteiro(e.abertos)} abertos)`)),
      );
      enteSelect.value = state.enteId;
      status(entesStatus, '');
    } catch (e) {
      enteSelect.replaceChildren(el('option', { value: '' }, '—'));
      status(entesStatus, motivo(e), 'erro');
    }
  }

  /** The debtor's counts and amounts paid and pending (GET /api/entes, one aggregate per debtor). */
  function showEnte(ente: Ente): void {
    const t = P.rotulosTotais;
    const x = ente as Ente & Partial<EnteTotais>;
    definitions(enteResumo, [
      [t.precatorios, inteiro(ente.precatorios)],
      [t.abertos, inteiro(ente.abertos)],
      ...(x.pagos !== undefined ? ([[t.pagos, inteiro(x.pagos)]] as [string, Child][]) : []),
      ...(x.cancelados !== undefined ? ([[t.cancelados, inteiro(x.cancelados)]] as [string, Child][]) : []),
      [t.pendente, brl(ente.estoque)],
      ...(x.pago !== undefined ? ([[t.pago, brl(x.pago)]] as [string, Child][]) : []),
      [t.tetoRpv, brl(ente.tetoRpv)],
      [t.tetoSuper, brl(ente.tetoSuperpreferencia)],
      [t.regime, MSG.regime[ente.regime] ?? ente.regime],
      [t.esfera, ente.esfera],
    ]);
  }

  function filtros(): FilaDeskFiltros {
    const f = new FormData(filtrosForm);
    const orcamento = String(f.get('orcamento') ?? '');
    const natureza = String(f.get('natureza') ?? '');
    const st = String(f.get('status') ?? '');
    return {
      pagina: state.pagina,
      tamanho: PAGE_SIZE,
      ...(orcamento ? { orcamento: Number(orcamento) } : {}),
      ...(natureza ? { natureza: natureza as 'alimentar' | 'comum' } : {}),
      ...(st ? { status: st as FilaDeskFiltros['status'] } : {}),
    };
  }

  function previsao(i: FilaDeskItem): string {
    if (i.status === 'pago' || i.status === 'cancelado' || i.status === 'suspenso') return P.semPrevisao;
    if (!state.quitacao.has(i.numero)) return P.semPrevisao;
    const q = state.quitacao.get(i.numero);
    return q ? mesAno(q) : state.horizonte ? P.depoisDe(mesAno(state.horizonte)) : P.semPrevisao;
  }

  /** One row per precatório in the TJRJ public list's columns (P.colunasFila), then the explanation. */
  function renderFila(): void {
    const rows: Child[][] = state.itens.map((i) => [
      i.posicao ?? P.foraDaOrdem,
      linkConsulta(i.numero),
      el('span', { class: `selo ${i.status}` }, MSG.status[i.status] ?? i.status),
      MSG.natureza[i.natureza] ?? i.natureza,
      i.orcamento,
      Number(i.superpreferencia) > 0 || Number(i.superpreferenciaPaga ?? '0') > 0 ? P.prioridadeSuper : P.semPrioridade,
      brl(i.valorRequisitado),
      brl(i.superpreferencia),
      brl(i.valorPago ?? '0'),
      brl(i.remanescente),
      brl(i.saldo),
      i.parcelasPagas === undefined ? '—' : inteiro(i.parcelasPagas),
      previsao(i),
      i.status === 'pago' ? P.sim : P.nao,
      i.explicacao,
    ]);
    const box = table(P.colunasFila, rows);
    box.setAttribute('aria-labelledby', 'h-fila');
    box.querySelector('table')!.id = 'fila';
    // Money columns right-aligned (Valor Histórico … Saldo Atualizado).
    for (const tr of box.querySelectorAll('tr')) for (const c of [...tr.children].slice(6, 11)) c.classList.add('num');
    filaBox.replaceChildren(box);
  }

  async function loadFila(): Promise<void> {
    const gen = generation;
    filaBox.setAttribute('aria-busy', 'true');
    status(filaStatus, MSG.carregando);
    anterior.disabled = proxima.disabled = true;
    try {
      const page = await api.filaDesk(state.enteId, filtros());
      if (gen !== generation) return;
      state.totalPaginas = Math.max(1, Math.ceil(page.total / page.tamanho));
      state.itens = page.itens;
      renderFila();
      status(filaStatus, page.total === 0 ? MSG.semItens : MSG.totalFila(inteiro(page.total)));
      paginaInfo.textContent = MSG.pagina(state.pagina, state.totalPaginas);
      anterior.disabled = state.pagina <= 1;
      proxima.disabled = state.pagina >= state.totalPaginas;
    } catch (e) {
      if (gen !== generation) return;
      state.itens = [];
      filaBox.replaceChildren();
      status(filaStatus, motivo(e), 'erro');
    } finally {
      if (gen === generation) filaBox.removeAttribute('aria-busy');
    }
  }

  async function loadChart(): Promise<void> {
    const gen = generation;
    status(chartStatus, MSG.carregando);
    state.chart?.destroy();
    state.chart = undefined;
    chartTabela.replaceChildren();
    try {
      const estoque = await api.estoque(state.enteId);
      if (gen !== generation) return;
      const series = stockByYearAndNatureza(estoque.itens);
      const keep = filtroOrcamento.value;
      filtroOrcamento.replaceChildren(el('option', { value: '' }, P.todos), ...series.anos.map((a) => el('option', { value: String(a) }, a)));
      filtroOrcamento.value = keep;
      if (series.anos.length === 0) {
        status(chartStatus, MSG.graficoVazio);
        return;
      }
      state.chart = renderStockChart(chartCanvas, series);
      status(chartStatus, P.estoqueResumo(MSG.graficoDescricao, brl((series.totalCentavos / 100).toFixed(2)), inteiro(estoque.total.quantidade)));
      // The chart's data-table alternative (§4): the same cells, readable by a screen reader.
      const reais = (c: number) => brl((c / 100).toFixed(2));
      chartTabela.replaceChildren(
        el(
          'details',
          {},
          el('summary', {}, P.graficoTabela),
          table(
            P.colunasGrafico,
            series.anos.map((a, k) => [a, reais(series.alimentar[k]!), reais(series.comum[k]!), reais(series.alimentar[k]! + series.comum[k]!)]),
            1,
          ),
        ),
      );
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
      const box = table(
        P.colunasSuper,
        s.itens.map((t) => [t.posicao, linkConsulta(t.numero), t.posicaoCronologica, t.orcamento, brl(t.valor)]),
        4,
      );
      box.classList.add('alta');
      box.setAttribute('aria-labelledby', 'h-super');
      box.querySelector('table')!.id = 'superpreferencias';
      superBox.replaceChildren(box);
      status(superStatus, s.itens.length === 0 ? MSG.semSuperpreferencias : P.superResumo(inteiro(s.itens.length), brl(s.total), brl(s.tetoPorCredor)));
    } catch (e) {
      if (gen !== generation) return;
      superBox.replaceChildren();
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
        [P.saldosEm, data(c.saldos.data)],
        [P.contaCronologica, brl(c.saldos.cronologica)],
        [P.contaAcordos, brl(c.saldos.acordo)],
      ]);
      contaDepositos.replaceChildren(
        el('h4', {}, P.depositos),
        table(
          P.colunasDepositos,
          c.depositos.map((d) => [
            data(d.data),
            brl(d.valor),
            brl(d.paraCronologica),
            brl(d.paraAcordos),
            `${brl(d.repasseTrt)} / ${brl(d.repasseTrf)}`,
            d.documento,
          ]),
        ),
      );
      contaPagamentos.replaceChildren(
        el('h4', {}, P.pagamentosRealizados),
        table(
          P.colunasPagamentosConta,
          c.pagamentos.map((p) => [data(p.data), linkConsulta(p.precatorio), MSG.tipoPagamento[p.tipo] ?? p.tipo, brl(p.valor)]),
          3,
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

  function exportLinks(id: string): void {
    filaExportar.replaceChildren(
      el('span', {}, `${P.exportar}: `),
      el('a', { href: api.filaCsv(id), download: '', id: 'exportar-csv' }, P.exportarCsv),
      ' · ',
      el('a', { href: api.filaJson(id), download: '', id: 'exportar-json' }, P.exportarJson),
    );
  }

  function selectEnte(id: string): void {
    generation++;
    state.enteId = id;
    state.pagina = 1;
    state.quitacao = new Map();
    filtrosForm.reset();
    actions.setEnte(id);
    const ente = state.entes.find((e) => e.id === id);
    if (!ente) {
      enteResumo.replaceChildren();
      filaExportar.replaceChildren();
      return;
    }
    showEnte(ente);
    exportLinks(id);
    resetSimulacao(ente);
    void loadProjecao();
    void loadFila();
    void loadChart();
    void loadSuperpreferencias();
    void loadContaEspecial();
  }

  const actions = mountActions(byId('acoes'), {
    api,
    session: deps.session,
    enteId: () => state.enteId,
    // A write changed the registry: the totals, the list and the account show it.
    changed: () => {
      void loadEntes().then(() => {
        const ente = state.entes.find((e) => e.id === state.enteId);
        if (ente) showEnte(ente);
      });
      if (state.enteId) {
        void loadFila();
        void loadSuperpreferencias();
        void loadContaEspecial();
      }
    },
  });

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
  const simRpv = byId<HTMLInputElement>('sim-rpv');
  const simRpvDesde = byId<HTMLInputElement>('sim-rpv-desde');
  const simSp = byId<HTMLInputElement>('sim-sp');
  const simSpMotivo = byId<HTMLSelectElement>('sim-sp-motivo');
  const simSpDesde = byId<HTMLInputElement>('sim-sp-desde');
  const simExtra = byId<HTMLInputElement>('sim-extra');
  const simExtraNatureza = byId<HTMLSelectElement>('sim-extra-natureza');
  const simExtraData = byId<HTMLInputElement>('sim-extra-data');
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
    simRpv.value = '';
    simRpvDesde.value = '';
    simSp.value = '';
    simSpDesde.value = '';
    simExtra.value = '';
    simExtraData.value = '';
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
    // The scenario's RPV-ceiling lever (optional): a new ceiling from a month on (R4.x, the API's cenario.tetoRpv).
    let tetoRpv: { valor: string; desde: string } | undefined;
    if (simRpv.value.trim() !== '') {
      const teto = lerReais(simRpv.value);
      if (!teto || teto === '0.00') return { ok: false, campo: simRpv, motivo: P.rpvInvalido };
      const desde = simRpvDesde.value.trim();
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(desde)) return { ok: false, campo: simRpvDesde, motivo: P.rpvDesdeInvalido };
      tetoRpv = { valor: teto, desde };
    }
    // A new superpreference (R3.2): the precatório's creditor (its first beneficiary who is not a
    // cessionário) recognised ill or disabled on a date — the API's cenario.superpreferencias.
    let superpreferencia: { numero: string; motivo: 'doenca-grave' | 'deficiencia'; desde: string } | undefined;
    if (simSp.value.trim() !== '') {
      const numero = lerNumero(simSp.value);
      if (!numero.ok) return { ok: false, campo: simSp, motivo: `${P.spNumeroInvalido} ${numero.motivo}` };
      const desde = simSpDesde.value.trim();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(desde)) return { ok: false, campo: simSpDesde, motivo: P.spDesdeInvalido };
      superpreferencia = { numero: numero.numero, motivo: simSpMotivo.value === 'deficiencia' ? 'deficiencia' : 'doenca-grave', desde };
    }
    // A new precatório presented on a date (the API's cenario.precatoriosExtras): who it passes.
    let extra: { numero: string; natureza: 'alimentar' | 'comum'; valor: string; apresentadoEm: string } | undefined;
    if (simExtra.value.trim() !== '') {
      const valorExtra = lerReais(simExtra.value);
      if (!valorExtra || valorExtra === '0.00') return { ok: false, campo: simExtra, motivo: P.extraValorInvalido };
      const apresentadoEm = simExtraData.value.trim();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(apresentadoEm)) return { ok: false, campo: simExtraData, motivo: P.extraDataInvalida };
      extra = { numero: EXTRA_NUMERO, natureza: simExtraNatureza.value === 'comum' ? 'comum' : 'alimentar', valor: valorExtra, apresentadoEm };
    }
    const partes = [
      ...(variacao !== 0 ? [MSG.projecao.variacao(pctComSinal(variacao))] : []),
      ...(tetoRpv ? [P.rpvCenario(brl(tetoRpv.valor), mesAno(tetoRpv.desde))] : []),
      ...(superpreferencia ? [P.spCenario(superpreferencia.numero, data(superpreferencia.desde))] : []),
      ...(extra ? [P.extraCenario(brl(extra.valor), MSG.natureza[extra.natureza] ?? extra.natureza, data(extra.apresentadoEm))] : []),
    ];
    return {
      ok: true,
      variacao,
      body: {
        enteId: state.enteId,
        ate: `${ate}-12`,
        financiamento: { tipo, valor },
        premissas: { ipcaAnualPct: ipca },
        ...(partes.length
          ? {
              cenario: {
                // The API names a scenario in at most 120 characters.
                nome: nomeCurto(partes.join('; ')),
                ...(variacao !== 0 ? { variacaoFinanciamentoPct: String(variacao) } : {}),
                ...(tetoRpv ? { tetoRpv } : {}),
                ...(superpreferencia ? { superpreferencias: [superpreferencia] } : {}),
                ...(extra ? { precatoriosExtras: [extra] } : {}),
              },
            }
          : {}),
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

  function showSimulacao(r: SimulacaoResponse): void {
    const f = r.financiamento;
    const base = MSG.projecao.financiamento(f.tipo, f.valor ? brl(f.valor) : `${f.percentualRcl ?? '?'} % da RCL`);
    status(simStatus, MSG.projecao.descricao(mesAno(r.de), mesAno(r.ate), base, r.cenario?.nome ?? '—'));
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
      el('h4', {}, P.cenario(c.nome ?? '—')),
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
            { class: 'tabela alta', tabindex: '0', 'aria-label': P.movidosRotulo },
            el(
              'table',
              { id: 'simulacao-tabela' },
              el('thead', {}, el('tr', {}, ...P.colunasMovidos.map((h, i) => el('th', { scope: 'col', ...(i === 5 ? { class: 'num' } : {}) }, h)))),
              el(
                'tbody',
                {},
                ...mv.itens.map((i) =>
                  el(
                    'tr',
                    {},
                    el('td', {}, i.posicao ?? '—'),
                    el('td', { class: 'numero' }, i.numero === EXTRA_NUMERO ? P.extraRotulo : linkConsulta(i.numero)),
                    el('td', {}, i.orcamento),
                    el('td', {}, i.quitacao ? mesAno(i.quitacao) : P.depoisDe(mesAno(r.ate))),
                    el('td', {}, i.cenario?.quitacao ? mesAno(i.cenario.quitacao) : P.depoisDe(mesAno(r.ate))),
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
      // The list's "Previsão de Pagamento": the base projection's month of payoff, per número.
      state.quitacao = new Map(r.precatorios.itens.map((i) => [i.numero, i.quitacao]));
      state.horizonte = r.ate;
      if (state.itens.length) renderFila();
      showSimulacao(r);
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
    if (!state.enteId) {
      // Issue 18 §2.6: "Simular" with no debtor said nothing.
      status(simStatus, P.simSemEnte, 'erro');
      enteSelect.focus();
      return;
    }
    void loadProjecao();
  });

  let loaded: Promise<void> | undefined;
  return {
    show: () => {
      loaded ??= loadEntes();
    },
    reload: () => (loaded = loadEntes()),
  };
}

/** What GET /api/entes adds per debtor for the desk (src/api/routes/entes.ts): counts and amounts paid. */
interface EnteTotais {
  pagos: number;
  cancelados: number;
  pago: string;
}

function template(): string {
  const N = MSG.natureza;
  const S = MSG.status;
  return `
<h2 id="h-painel">${P.titulo}</h2>
<div class="campo">
  <label for="ente">${P.ente}</label>
  <select id="ente" name="ente"><option value="">${MSG.carregando}</option></select>
</div>
<p id="entes-status" class="status" role="status" aria-live="polite"></p>
<section aria-labelledby="h-totais" class="bloco">
  <h3 id="h-totais">${P.totais}</h3>
  <dl id="ente-resumo" class="resumo"></dl>
</section>
<section id="acoes" class="bloco" aria-labelledby="h-acoes"></section>
<section aria-labelledby="h-fila" class="bloco">
  <h3 id="h-fila">${P.filaTitulo}</h3>
  <form id="filtros" class="filtros">
    <div class="campo">
      <label for="filtro-orcamento">${P.filtroOrcamento}</label>
      <select id="filtro-orcamento" name="orcamento"><option value="">${P.todos}</option></select>
    </div>
    <div class="campo">
      <label for="filtro-natureza">${P.filtroNatureza}</label>
      <select id="filtro-natureza" name="natureza">
        <option value="">${P.todas}</option>
        <option value="alimentar">${N['alimentar']}</option>
        <option value="comum">${N['comum']}</option>
      </select>
    </div>
    <div class="campo">
      <label for="filtro-status">${P.filtroSituacao}</label>
      <select id="filtro-status" name="status">
        <option value="">${P.abertos}</option>
        <option value="ativo">${S['ativo']}</option>
        <option value="suspenso">${S['suspenso']}</option>
        <option value="pago">${S['pago']}</option>
        <option value="cancelado">${S['cancelado']}</option>
      </select>
    </div>
    <button type="submit">${P.filtrar}</button>
  </form>
  <p id="fila-exportar" class="exportar"></p>
  <p id="fila-status" class="status" role="status" aria-live="polite"></p>
  <p class="dica-rolar" aria-hidden="true">${P.rolar}</p>
  <div id="fila-caixa"></div>
  <div class="paginas">
    <button type="button" id="anterior">${P.anterior}</button>
    <span id="pagina-info"></span>
    <button type="button" id="proxima">${P.proxima}</button>
  </div>
  <p class="nota">${P.notaColunas}</p>
</section>
<section aria-labelledby="h-grafico" class="bloco">
  <h3 id="h-grafico">${P.graficoTitulo}</h3>
  <p id="grafico-status" class="status" role="status" aria-live="polite"></p>
  <div class="grafico">
    <canvas id="grafico-estoque" role="img" aria-label="${P.graficoRotulo}"></canvas>
  </div>
  <div id="grafico-tabela"></div>
</section>
<section aria-labelledby="h-projecao" class="bloco">
  <h3 id="h-projecao">${P.projecaoTitulo}</h3>
  <p>${P.projecaoIntro}</p>
  <form id="simulacao-form" class="filtros" novalidate>
    <div class="campo">
      <label for="sim-tipo">${P.simFinanciamento}</label>
      <select id="sim-tipo" name="tipo">
        <option value="deposito-mensal">${P.simDeposito}</option>
        <option value="dotacao-anual">${P.simDotacao}</option>
      </select>
    </div>
    <div class="campo">
      <label for="sim-valor">${P.simValor}</label>
      <input id="sim-valor" name="valor" type="text" inputmode="decimal" autocomplete="off" />
    </div>
    <div class="campo">
      <label for="sim-variacao">${P.simVariacao}</label>
      <input id="sim-variacao" name="variacao" type="number" step="1" min="-90" max="500" value="20" />
    </div>
    <div class="campo">
      <label for="sim-ipca">${P.simIpca}</label>
      <input id="sim-ipca" name="ipca" type="text" inputmode="decimal" value="3" />
    </div>
    <div class="campo">
      <label for="sim-ate">${P.simAte}</label>
      <input id="sim-ate" name="ate" type="number" step="1" min="2000" max="2200" />
    </div>
    <div class="campo">
      <label for="sim-rpv">${P.simRpv}</label>
      <input id="sim-rpv" name="rpv" type="text" inputmode="decimal" autocomplete="off" />
    </div>
    <div class="campo">
      <label for="sim-rpv-desde">${P.simRpvDesde}</label>
      <input id="sim-rpv-desde" name="rpvDesde" type="month" />
    </div>
    <div class="campo">
      <label for="sim-sp">${P.simSp}</label>
      <input id="sim-sp" name="superpreferencia" type="text" autocomplete="off" />
    </div>
    <div class="campo">
      <label for="sim-sp-motivo">${P.simSpMotivo}</label>
      <select id="sim-sp-motivo" name="motivo">
        <option value="doenca-grave">${P.spDoenca}</option>
        <option value="deficiencia">${P.spDeficiencia}</option>
      </select>
    </div>
    <div class="campo">
      <label for="sim-sp-desde">${P.simSpDesde}</label>
      <input id="sim-sp-desde" name="superpreferenciaDesde" type="date" />
    </div>
    <div class="campo">
      <label for="sim-extra">${P.simExtra}</label>
      <input id="sim-extra" name="extra" type="text" inputmode="decimal" autocomplete="off" />
    </div>
    <div class="campo">
      <label for="sim-extra-natureza">${P.simExtraNatureza}</label>
      <select id="sim-extra-natureza" name="extraNatureza">
        <option value="alimentar">${MSG.natureza['alimentar']}</option>
        <option value="comum">${MSG.natureza['comum']}</option>
      </select>
    </div>
    <div class="campo">
      <label for="sim-extra-data">${P.simExtraData}</label>
      <input id="sim-extra-data" name="extraData" type="date" />
    </div>
    <button type="submit" id="simular">${P.simular}</button>
  </form>
  <p id="simulacao-status" class="status" role="status" aria-live="polite"></p>
  <div id="simulacao-resumo"></div>
  <div class="grafico">
    <canvas id="grafico-projecao" role="img" aria-label="${P.projecaoRotulo}"></canvas>
  </div>
  <div id="simulacao-premissas"></div>
  <div id="simulacao-movidos"></div>
</section>
<section aria-labelledby="h-super" class="bloco">
  <h3 id="h-super">${P.superTitulo}</h3>
  <p id="super-status" class="status" role="status" aria-live="polite"></p>
  <div id="super-caixa"></div>
</section>
<section aria-labelledby="h-conta" class="bloco">
  <h3 id="h-conta">${P.contaTitulo}</h3>
  <p>${P.contaIntro} <span id="conta-csv"></span></p>
  <p id="conta-status" class="status" role="status" aria-live="polite"></p>
  <dl id="conta-saldos" class="resumo"></dl>
  <div id="conta-depositos"></div>
  <div id="conta-pagamentos"></div>
</section>`;
}

/** A scenario's name as the API takes it: up to 120 characters, cut with an ellipsis. */
function nomeCurto(nome: string): string {
  return nome.length <= 120 ? nome : `${nome.slice(0, 119)}…`;
}
