// Goal: `precatorios fila` prints the ordered lists and reports rejected rows through stderr and
// the exit code, as a real process.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../support/shared.ts';

const BIN = fileURLToPath(new URL('../../bin/precatorios.mjs', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/projeto-com-erros.csv', import.meta.url));

function run(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
}

describe('precatorios fila', () => {
  it('prints JSON with both lists and exits 2 when rows were rejected', () => {
    const result = run('fila', FIXTURE, '--formato', 'json', '--data', '2025-11-23');
    expect(result.status).toBe(2);
    const out = JSON.parse(result.stdout);
    const [ente] = out.entes;
    expect(ente.ente.id).toBe('estado-do-para');
    expect(ente.tetoRpv).toBe('60720.00');
    expect(ente.tetoSuperpreferencia).toBe('303600.00');
    expect(ente.cronologica.map((e: { numero: string }) => e.numero.slice(0, 7))).toEqual(['0000001', '0000004']);
    // b1 is 75 and owed less than the cap; b2 is an heir with a serious illness.
    expect(ente.superpreferencia.map((t: { motivo: string; valor: string }) => [t.motivo, t.valor])).toEqual([
      ['idade', '100000.00'],
      ['doenca-grave', '50000.00'],
    ]);
    expect(result.stderr).toContain('5 problema(s) em 9 linha(s) lida(s)');
    expect(result.stderr).toContain('linha 5, campo valor_requisitado: "abc" não é um valor em reais');
  });

  it('--publica leaves out the ground and its date (for age, the 60th birthday) in every format', () => {
    const staff = run('fila', FIXTURE, '--formato', 'json', '--data', '2025-11-23');
    const since = JSON.parse(staff.stdout).entes[0].superpreferencia.map((t: { desde: string }) => t.desde) as string[];
    expect(since.length).toBeGreaterThan(0);
    for (const formato of ['json', 'csv', 'tabela']) {
      const result = run('fila', FIXTURE, '--formato', formato, '--data', '2025-11-23', '--publica');
      expect(result.status, formato).toBe(2);
      for (const d of since) expect(result.stdout.includes(d), `${formato} mostra ${d}`).toBe(false);
      expect(/idade|doen[cç]a|defici[eê]ncia/i.test(result.stdout.replace(/superprefer[eê]ncia/gi, '')), formato).toBe(false);
    }
    const [ente] = JSON.parse(run('fila', FIXTURE, '--formato', 'json', '--data', '2025-11-23', '--publica').stdout).entes;
    expect(ente.superpreferencia.map((t: { valor: string }) => t.valor)).toEqual(['100000.00', '50000.00']);
  });

  it('reads the TJRJ public list, filters one ente and prints CSV', () => {
    const result = run(
      'fila',
      sharedPath('data/reference/queue/tjrj_regime_especial_2025-12-02.csv'),
      '--ente',
      'Município de Petrópolis',
      '--formato',
      'csv',
      '--data',
      '2025-12-02',
    );
    expect(result.status).toBe(2); // the one ordem-0 row of Petrópolis is reported
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('ente_id,lista,posicao,numero,orcamento,natureza,status,valor,superpreferencia,remanescente,explicacao');
    expect(lines.slice(1).every((l) => l.startsWith('municipio-de-petropolis,cronologica,'))).toBe(true);
    expect(lines[1]).toMatch(/^municipio-de-petropolis,cronologica,1,/);
  });

  it('exits 0 with a table when every row is good', () => {
    const result = run('fila', FIXTURE.replace('projeto-com-erros', 'projeto-valido'), '--data', '2025-11-23');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('lista cronológica (2)');
  });

  it('says which ente names exist when --ente matches none', () => {
    const result = run('fila', FIXTURE, '--ente', 'Marte');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ente "Marte" não está no arquivo (entes: estado-do-para)');
  });
});
