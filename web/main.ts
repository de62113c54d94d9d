// Wiring only (design §14, issue 18 §3): each view builds its own section (`mount(root, deps)`),
// the one router (web/router.ts) shows them. Routes: #/ (landing), #/painel (staff desk),
// #/consulta[/<número>] (creditor), #/importar (staff import).
import { api, authorizeWith } from './api-client.ts';
import type { Ente } from './api-types.ts';
import { byId, el } from './dom.ts';
import { MSG } from './messages.ts';
import { createRouter } from './router.ts';
import { staffSession } from './staff-session.ts';
import { mount as mountCreditor } from './views/creditor.ts';
import { mount as mountImportar } from './views/importar.ts';
import { mount as mountLanding } from './views/landing.ts';
import { mount as mountPainel } from './views/painel.ts';

const session = staffSession();
authorizeWith(session.token);

const nav = byId('navegacao');
nav.setAttribute('aria-label', MSG.nav.rotulo);
nav.replaceChildren(
  ...(['inicio', 'painel', 'consulta', 'importar'] as const).map((v) => el('a', { href: v === 'inicio' ? '#/' : `#/${v}`, 'data-nav': v }, MSG.nav[v])),
);
let entes: readonly Ente[] = [];

const inicio = mountLanding(byId('view-inicio'));
const painel = mountPainel(byId('view-painel'), { api, session, onEntes: (e) => void (entes = e) });
const creditor = mountCreditor(byId('view-consulta'), { api, entes: () => entes });
const importar = mountImportar(byId('view-importar'), { api, session, imported: () => void painel.reload() });

const router = createRouter(
  {
    inicio,
    painel,
    consulta: { show: (numero) => numero && creditor.consultar(numero) },
    importar,
  },
  'inicio',
);
router.route();

// Every page (the banner sits above all views): a registry made from the demo is shown as such.
void api.saude().then(
  (s) => {
    byId('aviso-demonstracao').hidden = !s.demonstracao;
  },
  () => undefined,
);
