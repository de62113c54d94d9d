// The staff credential of this browser tab (issue 18 §2: "Entrar como equipe"): kept in
// sessionStorage, so it lives only while the tab is open and is never sent to public pages'
// requests — only the staff calls of web/api-client.ts carry it.

export interface StaffSession {
  token(): string | null;
  entrar(token: string): void;
  sair(): void;
  /** Runs `fn` each time the session changes (sign-in or sign-out, in any view). */
  onChange(fn: () => void): void;
}

const KEY = 'precatorios.token-equipe';

export function staffSession(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = sessionStorage): StaffSession {
  const listeners: (() => void)[] = [];
  const changed = () => {
    for (const fn of listeners) fn();
  };
  return {
    token: () => storage.getItem(KEY),
    entrar(token) {
      storage.setItem(KEY, token.trim());
      changed();
    },
    sair() {
      storage.removeItem(KEY);
      changed();
    },
    onChange: (fn) => void listeners.push(fn),
  };
}
