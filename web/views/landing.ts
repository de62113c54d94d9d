// The landing page at the root URL (issue 18 §2): what the product is, and a way in for each kind of
// user — the creditor's lookup and the staff desk.
import { el } from '../dom.ts';
import { MSG } from '../messages.ts';

const I = MSG.inicio;

export function mount(root: HTMLElement): { show(): void } {
  root.replaceChildren(
    el('h2', { id: 'h-inicio' }, I.titulo),
    el('p', { class: 'destaque' }, I.oQueE),
    el(
      'div',
      { class: 'portas' },
      el(
        'section',
        { class: 'bloco porta', 'aria-labelledby': 'h-porta-credor' },
        el('h3', { id: 'h-porta-credor' }, I.credorTitulo),
        el('p', {}, I.credorTexto),
        el('a', { href: '#/consulta', class: 'botao', id: 'ir-consulta' }, I.credorLink),
      ),
      el(
        'section',
        { class: 'bloco porta', 'aria-labelledby': 'h-porta-equipe' },
        el('h3', { id: 'h-porta-equipe' }, I.equipeTitulo),
        el('p', {}, I.equipeTexto),
        el('a', { href: '#/painel', class: 'botao', id: 'ir-painel' }, I.equipeLink),
        ' ',
        el('a', { href: '#/importar', id: 'ir-importar' }, I.importarLink),
      ),
    ),
    el('p', { class: 'aviso' }, I.aviso),
  );
  return { show: () => undefined };
}
