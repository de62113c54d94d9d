// The one hash router (issue 18 §3): `#/<view>[/<arg>]` shows the section whose `data-view` is the
// view, marks its nav link as the current page and calls the view's `show(arg)`. The root URL (no
// hash, or `#/`) is the landing page; an unknown view falls back to it.

export interface Route {
  /** Called each time the view is shown, with the rest of the address (decoded, possibly ''). */
  show(arg: string): void;
}

export interface Router {
  /** Re-reads the address and shows its view. */
  route(): void;
  /** The view shown now. */
  current(): string;
}

/** `#/consulta/0001234-55…` → ['consulta', '0001234-55…']; '' and '#/' → [fallback, '']. */
export function parseHash(hash: string, fallback: string): [view: string, arg: string] {
  const m = /^#\/([^/]*)\/?(.*)$/.exec(hash);
  const view = m?.[1] || fallback;
  let arg = m?.[2] ?? '';
  try {
    arg = decodeURIComponent(arg);
  } catch {
    // A malformed escape: the view gets the text as typed and reports it.
  }
  return [view, arg];
}

export function createRouter(routes: Readonly<Record<string, Route>>, fallback: string, doc: Document = document): Router {
  let shown = fallback;
  const route = () => {
    const [asked, arg] = parseHash(doc.location.hash, fallback);
    const view = Object.hasOwn(routes, asked) ? asked : fallback;
    shown = view;
    for (const section of doc.querySelectorAll<HTMLElement>('[data-view]')) section.hidden = section.dataset['view'] !== view;
    for (const link of doc.querySelectorAll<HTMLAnchorElement>('[data-nav]')) {
      if (link.dataset['nav'] === view) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    routes[view]!.show(arg);
  };
  doc.defaultView?.addEventListener('hashchange', route);
  return { route, current: () => shown };
}
