// Staff actions on the desk (issue 18 §2): "Entrar como equipe" (the token kept in sessionStorage,
// web/staff-session.ts) and one form per write — payment, cessão, superpreference grant and
// revocation, cancellation, payment run (preview, then confirm), deposit, acordo edital /
// habilitação / chamada. Each form posts to the route of the use case (src/app, the same the CLI
// calls) and shows the server's Portuguese reason beside the field it names (`campo`), or the result.
import { ApiFailure, type api as Api } from '../api-client.ts';
import { type Child, definitions, el, status, table } from '../dom.ts';
import { brl, inteiro } from '../format.ts';
import { MSG } from '../messages.ts';
import { lerReais } from '../simulacao.ts';
import type { StaffSession } from '../staff-session.ts';

export interface StaffActionsDeps {
  readonly api: Pick<typeof Api, 'staff'>;
  readonly session: StaffSession;
  /** The debtor picked on the desk ('' when none). */
  readonly enteId: () => string;
  /** A write was recorded: the desk reloads what it changed. */
  readonly changed: () => void;
}

export interface StaffActionsView {
  setEnte(id: string): void;
}

const E = MSG.equipe;
const R = E.rotulos;
const enc = encodeURIComponent;

type Kind = 'text' | 'money' | 'date' | 'select' | 'checkbox';
interface Field {
  /** The server's name for it (the body key, or the path parameter): what `campo` in an error names. */
  readonly name: string;
  readonly label: string;
  readonly kind: Kind;
  readonly optional?: boolean;
  readonly options?: Readonly<Record<string, string>>;
}
type Values = Record<string, string | boolean>;
interface FormSpec {
  readonly id: string;
  readonly title: string;
  readonly fields: readonly Field[];
  /** Needs the debtor picked on the desk. */
  readonly ente?: boolean;
  readonly path: (v: Values, ente: string) => string;
  readonly body: (v: Values) => Record<string, unknown>;
  /** The server's `campo` → this form's field, where the use case names it otherwise (e.g. `numero` for `precatorio`). */
  readonly aliases?: Readonly<Record<string, string>>;
  /** After a success: e.g. a new edital's id filled into the habilitação and chamada forms. */
  readonly done?: (json: unknown, root: HTMLElement) => void;
}

const numero: Field = { name: 'numero', label: R.numero, kind: 'text' };
const beneficiario: Field = { name: 'beneficiarioId', label: R.beneficiarioId, kind: 'text' };
/** Only the fields given: an empty optional field is left out of the body (the server's default applies). */
const pick = (v: Values, ...names: string[]) => Object.fromEntries(names.filter((n) => v[n] !== '' && v[n] !== undefined).map((n) => [n, v[n]]));

const FORMS: readonly FormSpec[] = [
  {
    id: 'pagamento',
    title: E.formularios.pagamento,
    fields: [
      numero,
      beneficiario,
      { name: 'valor', label: R.valor, kind: 'money' },
      { name: 'tipo', label: R.tipo, kind: 'select', options: E.opcoesTipoPagamento },
      { name: 'pagoEm', label: R.pagoEm, kind: 'date' },
    ],
    path: (v) => `/api/precatorios/${enc(String(v['numero']))}/pagamentos`,
    body: (v) => pick(v, 'beneficiarioId', 'valor', 'tipo', 'pagoEm'),
    aliases: { beneficiario: 'beneficiarioId' },
  },
  {
    // A whole-credit cessão by value (R6.16 fraction cessões need the instrument: the CLI `partes`).
    id: 'cessao',
    title: E.formularios.cessao,
    fields: [
      numero,
      { name: 'cedenteId', label: R.cedenteId, kind: 'text' },
      { name: 'valor', label: R.valor, kind: 'money' },
      { name: 'cessionarioCredorId', label: R.cessionarioCredorId, kind: 'text' },
      { name: 'cessionarioNome', label: R.cessionarioNome, kind: 'text', optional: true },
      { name: 'data', label: R.data, kind: 'date' },
    ],
    path: (v) => `/api/precatorios/${enc(String(v['numero']))}/cessoes`,
    body: (v) => pick(v, 'cedenteId', 'valor', 'cessionarioCredorId', 'cessionarioNome', 'data'),
    aliases: { beneficiario: 'cedenteId', cedente: 'cedenteId', cessionario: 'cessionarioCredorId' },
  },
  {
    id: 'superpreferencia',
    title: E.formularios.superpreferencia,
    fields: [
      numero,
      beneficiario,
      { name: 'motivo', label: R.motivo, kind: 'select', options: E.opcoesMotivo },
      { name: 'concedidaEm', label: R.concedidaEm, kind: 'date' },
    ],
    path: (v) => `/api/precatorios/${enc(String(v['numero']))}/superpreferencias`,
    body: (v) => pick(v, 'beneficiarioId', 'motivo', 'concedidaEm'),
    aliases: { beneficiario: 'beneficiarioId' },
  },
  {
    id: 'revogacao',
    title: E.formularios.revogacao,
    fields: [numero, beneficiario, { name: 'revogadaEm', label: R.revogadaEm, kind: 'date' }],
    path: (v) => `/api/precatorios/${enc(String(v['numero']))}/superpreferencias/revogacao`,
    body: (v) => pick(v, 'beneficiarioId', 'revogadaEm'),
    aliases: { beneficiario: 'beneficiarioId' },
  },
  {
    id: 'cancelamento',
    title: E.formularios.cancelamento,
    fields: [numero, { name: 'motivo', label: R.motivo, kind: 'text' }],
    path: (v) => `/api/precatorios/${enc(String(v['numero']))}/cancelamento`,
    body: (v) => pick(v, 'motivo'),
  },
  {
    id: 'deposito',
    title: E.formularios.deposito,
    ente: true,
    fields: [
      { name: 'data', label: R.data, kind: 'date' },
      { name: 'valor', label: R.valor, kind: 'money' },
      { name: 'documento', label: R.documento, kind: 'text' },
    ],
    path: (_v, ente) => `/api/entes/${enc(ente)}/conta-especial/depositos`,
    body: (v) => pick(v, 'data', 'valor', 'documento'),
  },
  {
    id: 'edital',
    title: E.formularios.edital,
    ente: true,
    fields: [
      { name: 'numero', label: R.edital, kind: 'text' },
      { name: 'abertura', label: R.abertura, kind: 'date' },
      { name: 'encerramento', label: R.encerramento, kind: 'date' },
      { name: 'desagioMaximo', label: R.desagioMaximo, kind: 'text', optional: true },
    ],
    path: (_v, ente) => `/api/entes/${enc(ente)}/acordos/editais`,
    body: (v) => pick(v, 'numero', 'abertura', 'encerramento', 'desagioMaximo'),
    done: (json, root) => {
      const id = (json as { id?: string }).id;
      if (!id) return;
      for (const f of root.querySelectorAll<HTMLInputElement>('#habilitacao-edital, #chamada-edital')) f.value = id;
    },
  },
  {
    id: 'habilitacao',
    title: E.formularios.habilitacao,
    fields: [
      { name: 'edital', label: R.editalId, kind: 'text' },
      { name: 'precatorio', label: R.numero, kind: 'text' },
      { name: 'beneficiario', label: R.beneficiario, kind: 'text' },
      { name: 'desagio', label: R.desagio, kind: 'text' },
      { name: 'data', label: R.data, kind: 'date' },
    ],
    path: (v) => `/api/acordos/editais/${enc(String(v['edital']))}/habilitacoes`,
    body: (v) => pick(v, 'precatorio', 'beneficiario', 'desagio', 'data'),
    aliases: { numero: 'precatorio' },
  },
  {
    id: 'chamada',
    title: E.formularios.chamada,
    fields: [
      { name: 'edital', label: R.editalId, kind: 'text' },
      { name: 'data', label: R.data, kind: 'date' },
      { name: 'confirmar', label: R.confirmar, kind: 'checkbox', optional: true },
    ],
    path: (v) => `/api/acordos/editais/${enc(String(v['edital']))}/chamada`,
    body: (v) => ({ ...pick(v, 'data'), confirmar: v['confirmar'] === true }),
  },
];

/** The answer in words: its scalar fields as label/value pairs (ids, versions, amounts, dates). */
function resultado(json: unknown): HTMLElement {
  const dl = el('dl', { class: 'resumo' });
  const pairs: [string, Child][] = [];
  const walk = (o: unknown, prefix: string) => {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return;
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') pairs.push([prefix + k, String(v)]);
      else if (Array.isArray(v)) pairs.push([prefix + k, inteiro(v.length)]);
      else if (prefix === '' && v && typeof v === 'object') walk(v, `${k}.`);
    }
  };
  walk(json, '');
  definitions(dl, pairs.slice(0, 24));
  return dl;
}

interface RunJson {
  disponivel: string;
  pago: string;
  sobra: string;
  pagamentos: { numero: string; beneficiario: string; lista: string; valor: string }[];
}

export function mount(root: HTMLElement, deps: StaffActionsDeps): StaffActionsView {
  let ente = '';
  const tokenInput = el('input', { id: 'token-equipe', name: 'token', type: 'password', autocomplete: 'off', 'aria-describedby': 'token-equipe-dica' });
  const entrarStatus = el('p', { id: 'entrar-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  const entrarForm = el(
    'form',
    { id: 'entrar-form', class: 'filtros' },
    el('div', { class: 'campo' }, el('label', { for: 'token-equipe' }, E.token), tokenInput, el('small', { id: 'token-equipe-dica' }, E.tokenDica)),
    el('button', { type: 'submit' }, E.entrar),
  );
  const sairButton = el('button', { type: 'button', id: 'sair' }, E.sair);
  const conectado = el('div', { id: 'equipe-conectada', class: 'linha' }, el('p', {}, E.conectado), sairButton);
  const semEnte = el('p', { id: 'acoes-sem-ente', class: 'status' }, E.escolhaEnte);
  const forms = el('div', { id: 'acoes-formularios', class: 'acoes' });
  root.replaceChildren(el('h3', { id: 'h-acoes' }, E.acoesTitulo), el('h4', {}, E.entrarTitulo), entrarForm, conectado, entrarStatus, semEnte, forms);

  entrarForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const t = tokenInput.value.trim();
    if (!t) {
      status(entrarStatus, E.semToken, 'erro');
      tokenInput.focus();
      return;
    }
    tokenInput.value = '';
    deps.session.entrar(t);
  });
  sairButton.addEventListener('click', () => deps.session.sair());

  const refresh = () => {
    const in_ = deps.session.token() !== null;
    entrarForm.hidden = in_;
    conectado.hidden = !in_;
    forms.hidden = !in_;
    semEnte.hidden = !in_ || ente !== '';
    for (const f of forms.querySelectorAll<HTMLElement>('[data-ente]')) f.hidden = ente === '';
    status(entrarStatus, in_ ? '' : E.desconectado);
  };
  deps.session.onChange(refresh);

  for (const spec of FORMS) forms.append(buildForm(spec));
  forms.append(buildRun());
  refresh();

  /** A field's reason beside it: `aria-invalid`, and the message in its own line, named by aria-describedby. */
  function fieldError(form: HTMLFormElement, campo: string | null | undefined, text: string, aliases: Readonly<Record<string, string>> = {}): boolean {
    const first = campo?.split('.')[0];
    const key = first === undefined ? undefined : (aliases[first] ?? first);
    const input = key ? form.querySelector<HTMLElement>(`[data-campo="${CSS.escape(key)}"]`) : null;
    if (!input) return false;
    const msg = form.querySelector<HTMLElement>(`#${input.id}-erro`)!;
    msg.textContent = text;
    msg.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return true;
  }

  function clearErrors(form: HTMLFormElement): void {
    for (const m of form.querySelectorAll<HTMLElement>('.erro-campo')) {
      m.textContent = '';
      m.hidden = true;
    }
    for (const i of form.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
  }

  function fieldsOf(id: string, fields: readonly Field[]): HTMLElement[] {
    return fields.map((f) => {
      const inputId = `${id}-${f.name}`;
      const attrs = { id: inputId, name: f.name, 'data-campo': f.name, 'aria-describedby': `${inputId}-erro` };
      const input =
        f.kind === 'select'
          ? el('select', attrs, ...Object.entries(f.options ?? {}).map(([v, t]) => el('option', { value: v }, t)))
          : f.kind === 'checkbox'
            ? el('input', { ...attrs, type: 'checkbox' })
            : el('input', {
                ...attrs,
                type: f.kind === 'date' ? 'date' : 'text',
                autocomplete: 'off',
                ...(f.kind === 'money' ? { inputmode: 'decimal' } : {}),
              });
      return el(
        'div',
        { class: f.kind === 'checkbox' ? 'campo caixa' : 'campo' },
        el('label', { for: inputId }, f.label),
        input,
        el('small', { id: `${inputId}-erro`, class: 'erro-campo', hidden: '' }),
      );
    });
  }

  /** The form's values, or false after showing the first field to fix (client-side: empty, or not an amount). */
  function readValues(form: HTMLFormElement, fields: readonly Field[]): Values | false {
    const v: Values = {};
    for (const f of fields) {
      const input = form.querySelector<HTMLInputElement>(`[data-campo="${f.name}"]`)!;
      if (f.kind === 'checkbox') {
        v[f.name] = input.checked;
        continue;
      }
      const raw = input.value.trim();
      if (raw === '' && !f.optional) return fieldError(form, f.name, E.campoObrigatorio(f.label)) && false;
      if (f.kind === 'money' && raw !== '') {
        const reais = lerReais(raw);
        if (!reais) return fieldError(form, f.name, E.campoRecusado(f.label, MSG.projecao.valorInvalido)) && false;
        v[f.name] = reais;
      } else v[f.name] = raw;
    }
    return v;
  }

  async function send(form: HTMLFormElement, out: HTMLElement, path: string, body: unknown, aliases?: Readonly<Record<string, string>>): Promise<unknown> {
    const token = deps.session.token();
    if (!token) {
      refresh();
      return undefined;
    }
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
    if (button) button.disabled = true;
    status(out, E.enviando);
    try {
      return await deps.api.staff(path, token, body);
    } catch (e) {
      const text = e instanceof ApiFailure ? e.message : MSG.erroRede;
      const campo = e instanceof ApiFailure ? e.campo : null;
      // The path's own parameters (número, edital, id) are fields of the form too.
      const shown = fieldError(form, campo === 'id' ? null : campo, text, aliases);
      status(out, shown ? E.erroCampo : text, 'erro');
      if (e instanceof ApiFailure && (e.status === 401 || e.campo === 'authorization')) status(entrarStatus, text, 'erro');
      return undefined;
    } finally {
      if (button) button.disabled = false;
    }
  }

  function buildForm(spec: FormSpec): HTMLElement {
    const out = el('div', { id: `${spec.id}-resultado`, class: 'status', role: 'status', 'aria-live': 'polite' });
    const result = el('div', { id: `${spec.id}-resposta` });
    const form = el(
      'form',
      { id: `form-${spec.id}`, class: 'filtros', novalidate: '' },
      ...fieldsOf(spec.id, spec.fields),
      el('button', { type: 'submit' }, E.enviar),
    );
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      result.replaceChildren();
      const v = readValues(form, spec.fields);
      if (!v) return;
      const json = await send(form, out, spec.path(v, ente), spec.body(v), spec.aliases);
      if (json === undefined) return;
      status(out, E.feito);
      result.replaceChildren(resultado(json));
      spec.done?.(json, root);
      deps.changed();
    });
    return el('details', { class: 'acao', ...(spec.ente ? { 'data-ente': '' } : {}) }, el('summary', {}, spec.title), form, out, result);
  }

  /** The payment run: the preview (nothing written) as a table, then its confirmation with the same value and date. */
  function buildRun(): HTMLElement {
    const fields: Field[] = [
      { name: 'valor', label: R.valor, kind: 'money' },
      { name: 'data', label: R.data, kind: 'date', optional: true },
    ];
    const out = el('div', { id: 'rodada-resultado', class: 'status', role: 'status', 'aria-live': 'polite' });
    const previa = el('div', { id: 'rodada-previa' });
    const confirmar = el('button', { type: 'button', id: 'rodada-confirmar', hidden: '' }, E.confirmar);
    const form = el('form', { id: 'form-rodada', class: 'filtros', novalidate: '' }, ...fieldsOf('rodada', fields), el('button', { type: 'submit' }, E.previa));
    let pending: { path: string; body: Record<string, unknown> } | undefined;
    const show = (r: RunJson, titulo: string) =>
      previa.replaceChildren(
        el('h5', {}, titulo),
        el('p', {}, E.rodadaResumo(brl(r.disponivel), brl(r.pago), brl(r.sobra))),
        r.pagamentos.length
          ? table(
              E.colunasRodada,
              r.pagamentos.map((p) => [
                p.numero,
                p.beneficiario,
                MSG.tipoPagamento[p.lista === 'superpreferencia' ? 'superpreferencia' : 'cronologica'] ?? p.lista,
                brl(p.valor),
              ]),
              3,
            )
          : el('p', {}, E.previaVazia),
      );
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      previa.replaceChildren();
      confirmar.hidden = true;
      const v = readValues(form, fields);
      if (!v) return;
      const body = pick(v, 'valor', 'data');
      const r = (await send(form, out, `/api/entes/${enc(ente)}/rodadas-de-pagamento/previa`, body)) as RunJson | undefined;
      if (!r) return;
      status(out, '');
      show(r, E.previaTitulo);
      pending = r.pagamentos.length ? { path: `/api/entes/${enc(ente)}/rodadas-de-pagamento`, body } : undefined;
      confirmar.hidden = !pending;
    });
    confirmar.addEventListener('click', async () => {
      if (!pending) return;
      const r = (await send(form, out, pending.path, pending.body)) as RunJson | undefined;
      if (!r) return;
      pending = undefined;
      confirmar.hidden = true;
      status(out, E.rodadaGravada(inteiro(r.pagamentos.length)));
      show(r, E.formularios.rodada);
      deps.changed();
    });
    return el('details', { class: 'acao', 'data-ente': '' }, el('summary', {}, E.formularios.rodada), form, out, previa, confirmar);
  }

  return {
    setEnte(id) {
      ente = id;
      refresh();
    },
  };
}
