// Tiny DOM helpers shared by the views (web/main.ts and web/views/*).
import { ApiFailure } from './api-client.ts';
import { MSG } from './messages.ts';

export type Child = Node | string | number | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(typeof c === 'number' ? String(c) : c);
  return node;
}

export function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`elemento #${id} ausente no index.html`);
  return node as T;
}

/** Shows a message in a status line; `erro` switches it to an alert. Empty text clears it. */
export function status(node: HTMLElement, text: string, kind: 'info' | 'erro' = 'info'): void {
  node.textContent = text;
  node.classList.toggle('erro', kind === 'erro');
  node.setAttribute('role', kind === 'erro' ? 'alert' : 'status');
}

export const motivo = (e: unknown) => (e instanceof ApiFailure ? e.message : MSG.erroRede);

export function definitions(node: HTMLElement, pairs: [string, Child][]): void {
  // A <div> per pair (valid in <dl>) keeps each label over its value in the grid.
  node.replaceChildren(...pairs.map(([k, v]) => el('div', {}, el('dt', {}, k), el('dd', {}, v))));
}

/**
 * A table in a focusable scroll box. Each cell carries its column's name (`data-rotulo`) so the
 * narrow-screen stylesheet can stack a row as "label: value" lines (issue 18 §4, 375 px).
 */
export function table(head: readonly string[], rows: Child[][], numericFrom = Infinity): HTMLElement {
  return el(
    'div',
    { class: 'tabela empilhavel', tabindex: '0' },
    el(
      'table',
      {},
      el('thead', {}, el('tr', {}, ...head.map((h, i) => el('th', { scope: 'col', ...(i >= numericFrom ? { class: 'num' } : {}) }, h)))),
      el(
        'tbody',
        {},
        ...rows.map((r) => el('tr', {}, ...r.map((c, i) => el('td', { 'data-rotulo': head[i] ?? '', ...(i >= numericFrom ? { class: 'num' } : {}) }, c)))),
      ),
    ),
  );
}
