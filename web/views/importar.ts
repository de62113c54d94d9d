// The staff import (POST /api/importacoes): the CSV sent with upload progress, then the per-line
// report — rows read, new, changed, unchanged, each rejected line with its field and reason, and
// the precatórios staff changed since (not overwritten). The token is the tab's staff session's
// (web/staff-session.ts) when the field is left blank.
import type { api as Api } from '../api-client.ts';
import type { ImportacaoResponse } from '../api-types.ts';
import { el, motivo, status, table } from '../dom.ts';
import { inteiro } from '../format.ts';
import { MSG } from '../messages.ts';
import type { StaffSession } from '../staff-session.ts';

export interface ImportarDeps {
  readonly api: Pick<typeof Api, 'importar'>;
  readonly session: StaffSession;
  /** The registry changed: the desk reloads its debtors. */
  readonly imported: () => void;
}

export function mount(root: HTMLElement, deps: ImportarDeps): { show(): void } {
  const tokenInput = el('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', 'aria-describedby': 'token-dica' });
  const arquivoInput = el('input', { id: 'arquivo', name: 'arquivo', type: 'file', accept: '.csv,text/csv' });
  const button = el('button', { type: 'submit' }, MSG.importarBotao);
  const form = el(
    'form',
    { id: 'importar-form' },
    el('div', { class: 'campo' }, el('label', { for: 'token' }, MSG.importarToken), tokenInput, el('small', { id: 'token-dica' }, MSG.importarTokenDica)),
    el('div', { class: 'campo' }, el('label', { for: 'arquivo' }, MSG.importarArquivo), arquivoInput),
    button,
  );
  const importarStatus = el('p', { id: 'importar-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  // Upload, then the server's reading of the file: one bar (0–100 %), hidden when idle.
  const barra = el('progress', { id: 'importar-barra', max: '100', value: '0', 'aria-label': MSG.importarProgresso, hidden: '' });
  const relatorio = el('div', { id: 'importar-relatorio' });
  root.replaceChildren(el('h2', { id: 'h-importar' }, MSG.importarTitulo), el('p', {}, MSG.importarIntro), form, barra, importarStatus, relatorio);

  function showImportacao(r: ImportacaoResponse): void {
    relatorio.replaceChildren(
      el(
        'p',
        { class: 'destaque' },
        MSG.importarFormato(r.formato, MSG.importado(inteiro(r.linhasLidas), inteiro(r.novos), inteiro(r.alterados), inteiro(r.semMudanca))),
      ),
      r.rejeitadas.length
        ? el(
            'div',
            {},
            el('p', {}, MSG.rejeitadas(inteiro(r.rejeitadas.length))),
            table(
              MSG.colunasRejeitadas,
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
                MSG.colunasRecusados,
                r.recusados.map((x) => [x.numero, x.motivo]),
              ),
            ),
          ]
        : []),
    );
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const file = arquivoInput.files?.[0];
    const token = tokenInput.value.trim() || deps.session.token() || '';
    if (!token) {
      status(importarStatus, MSG.importarSemToken, 'erro');
      return tokenInput.focus();
    }
    if (!file) {
      status(importarStatus, MSG.importarSemArquivo, 'erro');
      return arquivoInput.focus();
    }
    button.disabled = true;
    relatorio.replaceChildren();
    const kb = inteiro(Math.ceil(file.size / 1024));
    status(importarStatus, MSG.importando(kb));
    try {
      barra.hidden = false;
      barra.removeAttribute('value'); // indeterminate until the first figure
      const r = await deps.api.importar(file, token, (p) => {
        if (p.fase === 'envio') {
          barra.value = Math.round(p.fracao * 100);
          status(importarStatus, MSG.importandoEnvio(kb, Math.round(p.fracao * 100)));
        } else if (p.fracao === undefined) {
          barra.removeAttribute('value');
          status(importarStatus, MSG.importandoNoServidor);
        } else {
          barra.value = Math.floor(p.fracao * 100);
          status(importarStatus, MSG.importandoGravados(inteiro(p.gravados), Math.floor(p.fracao * 100)));
        }
      });
      barra.value = 100;
      status(importarStatus, '');
      showImportacao(r);
      deps.imported();
    } catch (e) {
      barra.hidden = true;
      status(importarStatus, motivo(e), 'erro');
    } finally {
      button.disabled = false;
    }
  });
  return { show: () => undefined };
}
