// The staff session of a tab (web/staff-session.ts): the token is kept trimmed in the storage it is
// given, forgotten on sign-out, and every change is announced to the views listening.
import { describe, expect, it } from 'vitest';
import { staffSession } from '../../web/staff-session.ts';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m };
}

describe('staffSession', () => {
  it('keeps the token (trimmed) until sign-out and tells listeners each time', () => {
    const storage = memoryStorage();
    const s = staffSession(storage);
    const seen: (string | null)[] = [];
    s.onChange(() => seen.push(s.token()));
    expect(s.token()).toBeNull();
    s.entrar('  abc  ');
    expect(s.token()).toBe('abc');
    // Another session over the same storage (a reload of the tab) finds it.
    expect(staffSession(storage).token()).toBe('abc');
    s.sair();
    expect(s.token()).toBeNull();
    expect(storage.m.size).toBe(0);
    expect(seen).toEqual(['abc', null]);
  });
});
