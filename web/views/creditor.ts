// The creditor's page (issue 18 §1): what a creditor opens from a link. The answer first, in plain
// Portuguese — position, what is paid first, the date range for the rest and the plan it assumes,
// the value owed today with its memória one click away, whom to call — then the details, the
// history with its Atom feed, and a printable certidão de posição (style.css, @media print).
import type { api as Api } from '../api-client.ts';
import { ApiFailure } from '../api-client.ts';
import type { ConsultaResponse, Ente } from '../api-types.ts';
import { type Child, definitions, el, motivo, status, table } from '../dom.ts';
import { brl, data, dataHora, decimal, inteiro, mesAno } from '../format.ts';
import { CONTATO_COORDENADORIA, MSG } from '../messages.ts';
import { lerNumero } from '../numero.ts';
import { faixaPrevista, financiamentoPadrao, variar } from '../simulacao.ts';
import { ZERO, money, sum } from '../../src/domain/money.ts';

export interface CreditorDeps {
  readonly api: Pick<typeof Api, 'consulta' | 'mudancas' | 'simular' | 'entes'>;
  /** The debtors the staff view already loaded, if any (saves a request). */
  readonly entes: () => readonly Ente[];
}

export interface CreditorView {
  /** Runs a lookup for the número in the address (#/consulta/<número>). */
  consultar(numero: string): void;
}

const C = MSG.credor;
const present = (xs: Child[]) => xs.filter((c): c is Node | string => c !== null && c !== undefined && c !== false);

export function mount(root: HTMLElement, deps: CreditorDeps): CreditorView {
  const numeroInput = el('input', {
    id: 'numero',
    name: 'numero',
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: '0000000-00.0000.8.14.0000',
    'aria-describedby': 'numero-dica',
  });
  const form = el(
    'form',
    { id: 'consulta-form', class: 'linha nao-imprimir', novalidate: '' },
    el('div', { class: 'campo' }, el('label', { for: 'numero' }, C.rotuloNumero), numeroInput, el('small', { id: 'numero-dica' }, C.dicaNumero)),
    el('button', { type: 'submit' }, C.consultar),
  );
  const statusLine = el('p', { id: 'consulta-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  const resultado = el('div', { id: 'consulta-resultado' });
  root.replaceChildren(
    el('h2', { id: 'h-consulta', class: 'nao-imprimir' }, C.titulo),
    el('p', { class: 'nao-imprimir' }, C.intro),
    form,
    statusLine,
    resultado,
  );

  let gen = 0;
  const previsaoBox = el('div', { id: 'consulta-previsao-bloco', class: 'previsao' });
  const parcelaPrevista = el('p', { id: 'consulta-parcela-previsao' });
  const premissasCertidao = el('ul', { class: 'premissas so-impressao', 'aria-hidden': 'true' });

  function answer(r: ConsultaResponse): Child[] {
    const p = r.posicao;
    const s = r.precatorio.status;
    if (s === 'pago') return [el('p', { class: 'destaque', id: 'consulta-situacao' }, C.pago)];
    if (s === 'cancelado') return [el('p', { class: 'destaque', id: 'consulta-situacao' }, C.cancelado)];
    const out: Child[] = [];
    if (s === 'suspenso') out.push(el('p', { class: 'destaque', id: 'consulta-situacao' }, C.suspenso));
    if (!p) {
      out.push(el('p', { class: 'destaque' }, C.foraDaLista));
      return out;
    }
    out.push(el('p', { class: 'destaque', id: 'consulta-posicao' }, C.posicao(inteiro(p.posicao), inteiro(p.totalNaFila), r.ente.nome)));
    const parcela = sum(p.parcelasSuperpreferenciais.map((t) => money(t.valor)));
    if (parcela.greaterThan(ZERO)) {
      parcelaPrevista.textContent = MSG.previsao.calculando;
      out.push(
        el('p', { id: 'consulta-parcela' }, C.parcelaPrimeiro(brl(parcela.toFixed(2)))),
        parcelaPrevista,
        el('p', {}, C.restante(brl(money(p.saldo).minus(parcela).toFixed(2)))),
      );
    } else out.push(el('p', {}, C.semParcela));
    out.push(el('h4', {}, MSG.previsao.titulo), previsaoBox);
    return out;
  }

  function owed(r: ConsultaResponse): Child[] {
    if (r.precatorio.status === 'pago' || r.precatorio.status === 'cancelado') return [];
    const vc = r.valorCorrigido;
    const out: Child[] = [el('h4', {}, C.devidoHoje(data(r.data)))];
    if ('erro' in vc) return [...out, el('p', { class: 'aviso' }, `${MSG.correcaoIndisponivel}: ${vc.erro}`)];
    const k = vc.componentes;
    out.push(
      el('p', { class: 'destaque', id: 'consulta-devido' }, brl(vc.total)),
      vc.provisorio && el('p', { class: 'aviso' }, MSG.correcaoProvisoria),
      el(
        'details',
        { id: 'memoria-detalhes' },
        el('summary', {}, C.comoCalculado),
        el('p', {}, C.componentes),
        el(
          'ul',
          {},
          el('li', {}, `${C.principal}: ${brl(k.principal)}`),
          el('li', {}, `${C.jurosMora}: ${brl(k.jurosMora)}`),
          el('li', {}, `${C.selic}: ${brl(k.selic)}`),
          el('li', {}, `${C.jurosEc136}: ${brl(k.jurosEc136)}`),
        ),
        el('h5', {}, C.memoriaTitulo),
        el(
          'div',
          { id: 'memoria' },
          table(
            C.colunasMemoria,
            vc.memoria.map((m) => [
              MSG.fase[m.fase] ?? m.fase,
              MSG.tipoMemoria[m.tipo] ?? m.tipo,
              m.indice ?? '—',
              mesAno(m.de),
              mesAno(m.ate),
              m.meses,
              m.fator ? decimal(m.fator) : m.somaPct ? `${decimal(m.somaPct, 6)}%` : '—',
              brl(m.valorApos),
              m.regra,
            ]),
            5,
          ),
        ),
      ),
    );
    return out;
  }

  function nextSteps(): Child[] {
    return [
      el('h4', {}, C.proximosPassos),
      el('p', { id: 'consulta-contato' }, C.contato(CONTATO_COORDENADORIA.nome)),
      el(
        'p',
        {},
        CONTATO_COORDENADORIA.endereco,
        ' — ',
        el('a', { href: CONTATO_COORDENADORIA.site, rel: 'noopener' }, CONTATO_COORDENADORIA.site.replace(/^https:\/\//, '')),
      ),
      el('p', {}, C.acordo),
    ];
  }

  /**
   * "Por que a minha posição mudou" (issue 18 §1): today's list against the one published at the end
   * of a day the creditor picks (default: 30 days before). The server counts the moves; it never
   * names the precatórios ahead nor anyone's data, and this screen only shows its words.
   */
  function changes(r: ConsultaResponse, mine: number): Child[] {
    const desde = el('input', { id: 'mudancas-desde', name: 'desde', type: 'date', max: r.data });
    const box = el('div', { id: 'mudancas-resultado', 'aria-live': 'polite' });
    const load = async (day?: string) => {
      box.setAttribute('aria-busy', 'true');
      box.replaceChildren(el('p', { class: 'status', role: 'status' }, MSG.carregando));
      try {
        const m = await deps.api.mudancas(r.precatorio.numero, day);
        if (mine !== gen) return;
        desde.value = m.desde;
        box.replaceChildren(
          ...present([
            el('p', { class: 'destaque', id: 'mudancas-resumo' }, m.resumo),
            m.motivos.length
              ? el('ul', { id: 'mudancas-motivos' }, ...m.motivos.map((x) => el('li', {}, `${x.descricao.charAt(0).toUpperCase()}${x.descricao.slice(1)}.`)))
              : m.situacao === 'comparado' && el('p', {}, C.mudancasNada),
            m.superpreferencias && el('p', {}, m.superpreferencias),
            el('p', { class: 'explicacao' }, m.observacao),
          ]),
        );
      } catch (e) {
        if (mine !== gen) return;
        box.replaceChildren(el('p', { class: 'aviso', role: 'alert' }, motivo(e)));
      } finally {
        if (mine === gen) box.removeAttribute('aria-busy');
      }
    };
    const form = el(
      'form',
      { id: 'mudancas-form', class: 'linha nao-imprimir', novalidate: '' },
      el('div', { class: 'campo' }, el('label', { for: 'mudancas-desde' }, C.mudancasDesde), desde),
      el('button', { type: 'submit' }, C.mudancasComparar),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void load(desde.value || undefined);
    });
    void load();
    return [
      el(
        'section',
        { id: 'consulta-mudancas', 'aria-labelledby': 'h-mudancas' },
        el('h4', { id: 'h-mudancas' }, C.mudancasTitulo),
        el('p', {}, C.mudancasIntro),
        form,
        box,
      ),
    ];
  }

  function details(r: ConsultaResponse): Child[] {
    const p = r.posicao;
    const resumo = el('dl', { class: 'resumo' });
    definitions(resumo, [
      ['Ente devedor', `${r.ente.nome} (${MSG.regime[r.ente.regime] ?? r.ente.regime})`],
      ['Natureza', MSG.natureza[r.precatorio.natureza] ?? r.precatorio.natureza],
      ['Situação', MSG.status[r.precatorio.status] ?? r.precatorio.status],
      ['Valor requisitado', brl(r.precatorio.valorRequisitado)],
      ['Expedido em', data(r.precatorio.expedidoEm)],
      ['Data-base', mesAno(r.precatorio.dataBase)],
    ]);
    const feed = `/api/precatorios/${encodeURIComponent(r.precatorio.numero)}/feed.atom`;
    return [
      el('h4', {}, C.detalhes),
      resumo,
      p && el('p', { class: 'explicacao' }, p.explicacao),
      p && el('p', { id: 'consulta-a-frente' }, C.aFrente(brl(p.valorAFrente.total), brl(p.valorAFrente.superpreferencias), brl(p.valorAFrente.cronologica))),
      el('h4', {}, C.beneficiarios),
      table(
        C.colunasBeneficiarios,
        r.precatorio.beneficiarios.map((b) => [
          b.nome,
          b.cpf,
          MSG.titularidade[b.titularidade] ?? b.titularidade,
          brl(b.valor),
          brl(b.pago),
          money(b.saldo).isZero() ? C.quitado : brl(b.saldo),
        ]),
        3,
      ),
      el('h4', {}, C.pagamentos),
      r.pagamentos.length
        ? table(
            C.colunasPagamentos,
            r.pagamentos.map((pg) => [
              data(pg.pagoEm),
              MSG.tipoPagamento[pg.tipo] ?? pg.tipo,
              brl(pg.bruto),
              pg.retencoes
                ? brl(
                    money(pg.retencoes.irrf)
                      .plus(money(pg.retencoes.previdencia ?? '0'))
                      .toFixed(2),
                  )
                : C.retencaoPrivada,
              pg.liquido ? brl(pg.liquido) : C.retencaoPrivada,
            ]),
            2,
          )
        : el('p', {}, C.semPagamentos),
      r.pagamentos.some((pg) => pg.liquido === null) && el('p', { class: 'explicacao' }, C.notaRetencoes),
      el('h4', {}, C.historico),
      r.historico.length
        ? el('ol', { class: 'historico' }, ...r.historico.map((h) => el('li', {}, el('time', { datetime: h.em }, dataHora(h.em)), ' — ', h.descricao)))
        : el('p', {}, MSG.semHistorico),
      el('p', { class: 'nao-imprimir' }, el('a', { id: 'consulta-feed', href: feed, type: 'application/atom+xml' }, C.feed)),
    ];
  }

  function show(r: ConsultaResponse, mine: number): void {
    const certidao = el(
      'div',
      { class: 'certidao-cabecalho so-impressao' },
      el('p', { class: 'destaque' }, C.certidao(data(r.data))),
      el('p', {}, C.emitida(new Date().toLocaleDateString('pt-BR'))),
    );
    premissasCertidao.replaceChildren();
    const imprimir = el('button', { type: 'button', id: 'consulta-imprimir', class: 'nao-imprimir' }, C.imprimir);
    imprimir.addEventListener('click', () => window.print());
    resultado.replaceChildren(
      ...present([
        certidao,
        el('h3', {}, `Precatório ${r.precatorio.numero}`),
        el('section', { id: 'consulta-resposta', 'aria-label': C.resposta }, ...present(answer(r))),
        ...owed(r),
        ...nextSteps(),
        ...changes(r, mine),
        ...details(r),
        ...(r.posicao && r.precatorio.status === 'ativo' ? [el('h5', { class: 'so-impressao' }, C.premissasCertidao), premissasCertidao] : []),
        imprimir,
      ]),
    );
  }

  /**
   * The projected full-payment month under two funding levels (issue 17 §4: the plan staff
   * registered, when there is one). With a registered plan: the plan itself and the plan 20 % lower
   * (a scenario of −20 %). Without one (the server answers `sem-financiamento`): ±20 % around the
   * panel's estimate — baseline at −20 % and a scenario of +50 % on it (0,8 × 1,5 = 1,2), said so.
   * One answer also dates the superpreference parcel (its first payment, R3.8: tranches go first).
   */
  async function loadPrevisao(r: ConsultaResponse, mine: number): Promise<void> {
    previsaoBox.setAttribute('aria-busy', 'true');
    previsaoBox.replaceChildren(el('p', { class: 'status', role: 'status' }, MSG.previsao.calculando));
    try {
      const known = deps.entes();
      const entes = known.length ? known : (await deps.api.entes()).entes;
      const ente = entes.find((e) => e.id === r.ente.id);
      if (!ente) throw new ApiFailure(404, `ente ${r.ente.id} não encontrado`);
      const base = { enteId: ente.id, ate: `${Number(r.data.slice(0, 4)) + 20}-12`, numeros: [r.precatorio.numero], tamanho: 1 };
      const nivel = (tipo: string, v: string) => MSG.projecao.financiamento(tipo, brl(v));
      let sim: Awaited<ReturnType<typeof deps.api.simular>>;
      let explicacao: string;
      try {
        sim = await deps.api.simular({ ...base, cenario: { nome: '−20 %', variacaoFinanciamentoPct: '-20' } });
        const f = sim.financiamento;
        const plano = f.valor === null ? `${f.percentualRcl ?? '?'} % da RCL` : nivel(f.tipo, f.valor);
        const menos = f.valor === null ? `${variar(f.percentualRcl ?? '0', -20)} % da RCL` : nivel(f.tipo, variar(f.valor, -20));
        explicacao = MSG.previsao.explicacaoCadastrado(plano, menos);
      } catch (e) {
        if (!(e instanceof ApiFailure && e.erro === 'sem-financiamento')) throw e;
        const ref = financiamentoPadrao(ente.regime, ente.estoque);
        const pior = variar(ref.valor, -20);
        sim = await deps.api.simular({
          ...base,
          financiamento: { tipo: ref.tipo, valor: pior },
          cenario: { nome: '+20 %', variacaoFinanciamentoPct: '50' },
        });
        explicacao = MSG.previsao.explicacao(nivel(ref.tipo, pior), nivel(ref.tipo, variar(ref.valor, 20)));
      }
      if (mine !== gen) return;
      const item = sim.precatorios.itens[0];
      const f = faixaPrevista(sim, item);
      const texto =
        f.tipo === 'entre'
          ? MSG.previsao.entre(mesAno(f.de), mesAno(f.ate))
          : f.tipo === 'a-partir'
            ? MSG.previsao.aPartir(mesAno(f.de), mesAno(f.horizonte))
            : f.tipo === 'alem'
              ? MSG.previsao.alem(mesAno(f.horizonte))
              : f.tipo === 'suspenso'
                ? MSG.previsao.suspenso
                : MSG.previsao.semPrevisao;
      parcelaPrevista.textContent = item?.primeiroPagamento ? C.parcelaPrevista(mesAno(item.primeiroPagamento)) : C.parcelaSemPrevisao;
      previsaoBox.replaceChildren(
        el('p', { class: 'destaque', id: 'consulta-previsao' }, `${texto}.`),
        el('p', { class: 'explicacao' }, explicacao),
        el('details', {}, el('summary', {}, MSG.projecao.premissas), el('ul', { class: 'premissas' }, ...sim.premissas.map((p) => el('li', {}, p)))),
      );
      premissasCertidao.replaceChildren(...[explicacao, ...sim.premissas].map((p) => el('li', {}, p)));
    } catch (e) {
      if (mine !== gen) return;
      parcelaPrevista.textContent = C.parcelaSemPrevisao;
      previsaoBox.replaceChildren(el('p', { class: 'aviso', role: 'alert' }, `${MSG.previsao.indisponivel}: ${motivo(e)}`));
    } finally {
      if (mine === gen) previsaoBox.removeAttribute('aria-busy');
    }
  }

  async function consultar(typed: string): Promise<void> {
    const mine = ++gen;
    const lido = lerNumero(typed);
    if (!lido.ok) {
      resultado.replaceChildren();
      status(statusLine, lido.motivo, 'erro');
      numeroInput.setAttribute('aria-invalid', 'true');
      numeroInput.focus();
      return;
    }
    numeroInput.removeAttribute('aria-invalid');
    resultado.replaceChildren();
    resultado.setAttribute('aria-busy', 'true');
    status(statusLine, MSG.carregando);
    try {
      const r = await deps.api.consulta(lido.numero);
      if (mine !== gen) return;
      status(statusLine, '');
      show(r, mine);
      if (r.posicao && r.precatorio.status === 'ativo') void loadPrevisao(r, mine);
    } catch (e) {
      if (mine !== gen) return;
      status(statusLine, motivo(e), 'erro');
    } finally {
      if (mine === gen) resultado.removeAttribute('aria-busy');
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const lido = lerNumero(numeroInput.value);
    if (!lido.ok) return void consultar(numeroInput.value);
    numeroInput.value = lido.numero;
    const target = `#/consulta/${encodeURIComponent(lido.numero)}`;
    // The número goes into the address so the result can be bookmarked; the hash change runs the lookup.
    if (location.hash !== target) location.hash = target;
    else void consultar(lido.numero);
  });
  // The certidão prints the memória and the premises too: closed <details> do not print their content.
  window.addEventListener('beforeprint', () => {
    for (const d of root.querySelectorAll('details')) if (!d.open) d.setAttribute('open', 'data-aberto-para-imprimir');
  });
  window.addEventListener('afterprint', () => {
    for (const d of root.querySelectorAll('details[open="data-aberto-para-imprimir"]')) d.removeAttribute('open');
  });

  return {
    consultar(numero: string) {
      numeroInput.value = numero;
      void consultar(numero);
    },
  };
}
