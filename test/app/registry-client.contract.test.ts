// Goal: the CLI's two modes cannot diverge (issue 15 §2): the same operation on a store opened here
// (localRegistry, the use cases called directly) and through a server's API (remoteRegistry, the
// same use cases behind the routes) gives the same answers, refusals and stored results.
// Method: two registries seeded alike on each backend; one driven locally, the other through a real
// HTTP server (the app on an ephemeral port, the per-start local credential as the identity); every
// answer compared, then the stores themselves. Backups: the server's snapshot checked against the
// served store's content hash and restored through the server into an empty one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { listen } from '../../src/api/serve.ts';
import { localRegistry } from '../../src/app/local-registry.ts';
import { paymentRunJson } from '../../src/app/payment-run.ts';
import type { RegistryClient } from '../../src/app/registry-client.ts';
import { remoteRegistry } from '../../src/app/remote-registry.ts';
import { isoDate, yearMonth } from '../../src/domain/dates.ts';
import { buildSeries } from '../../src/domain/indices/series.ts';
import { supportedDates } from '../../src/domain/supported-dates.ts';
import { Dec, money } from '../../src/domain/money.ts';
import { encodeDomain } from '../../src/app/domain-json.ts';
import { loadCorrectionRules } from '../../src/indices/load-correction-rules.ts';
import { loadRpvLaws } from '../../src/rules/load-rule-book.ts';
import { registryContentHash } from '../../src/storage/backup.ts';
import { BACKENDS } from '../support/backends.ts';
import { RULES } from '../support/rules.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const ACTOR = 'local:teste';
const TOKEN = 'credencial-local-de-teste';
const TODAY = isoDate('2026-03-02');

describe.each(BACKENDS)('CLI registry, here and through the server, on $name', (backend) => {
  type Opened = Awaited<ReturnType<typeof backend.open>>;
  let here: Opened;
  let served: Opened;
  let empty: Opened;
  let local: RegistryClient;
  let remote: RegistryClient;
  const servers: { close(): Promise<void> }[] = [];
  const folder = mkdtempSync(join(tmpdir(), 'registro-cliente-'));

  const serve = async (db: Opened) => {
    const app = createApp({
      db,
      rules: RULES,
      correctionRules: loadCorrectionRules(),
      rpvLaws: loadRpvLaws(),
      today: () => TODAY,
      adminToken: undefined,
      log: () => undefined,
      indexRecheckMs: 0,
      localStaff: { token: TOKEN, login: ACTOR },
    });
    const server = await listen(app, 0);
    servers.push(server);
    return remoteRegistry(`http://127.0.0.1:${server.port}/`, TOKEN);
  };

  beforeAll(async () => {
    [here, served, empty] = [await backend.open(), await backend.open(), await backend.open()];
    local = localRegistry(here, {
      actor: ACTOR,
      rules: () => RULES,
      rpvLaws: () => loadRpvLaws(),
      dates: () => supportedDates(RULES, loadCorrectionRules(), TODAY),
    });
    remote = await serve(served);
  }, 60_000);
  afterAll(async () => {
    for (const s of servers) await s.close();
    for (const db of [here, served, empty]) await db.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('names the backend and where the work is done', () => {
    expect(remote.kind).toBe(backend.name);
    expect(local.via).toEqual({ kind: 'local' });
    expect(remote.via.kind).toBe('servidor');
  });

  it('imports a file to the same report, rejected rows included', async () => {
    for (const file of ['projeto-valido.csv', 'projeto-com-erros.csv', 'projeto-valido.csv']) {
      const [a, b] = [await local.importCsv(join(FIXTURES, file)), await remote.importCsv(join(FIXTURES, file))];
      expect(b).toEqual(a);
    }
    expect((await local.importCsv(join(FIXTURES, 'projeto-com-erros.csv'))).rejected.length).toBeGreaterThan(0);
  });

  it('registers the parties of a credit the same way (cessão by fraction, penhora, habilitação), and refuses alike', async () => {
    const numero = '0000001-85.2023.8.14.0301';
    const writes = [
      ['cessoes', { cedenteId: 'b1', fracao: '0.25', instrumento: 'particular', lavradaEm: '2026-01-05', cessionarioCredorId: 'fundo-1', data: '2026-01-10' }],
      ['penhoras', { beneficiarioId: 'b1', valor: '5000.00', juizo: '1ª Vara', processo: 'p-1', averbadaEm: '2026-02-01' }],
      ['habilitacoes', { falecidoId: 'b2', decididoEm: '2026-02-10', herdeiros: [{ id: 'b2-h1', credorId: 'h1', quinhao: '1', nascimento: '1950-01-01' }] }],
    ] as const;
    for (const [kind, body] of writes) {
      const [a, b] = [await local.partyWrite(kind, numero, body), await remote.partyWrite(kind, numero, body)];
      expect(b).toEqual(a);
    }
    const refusal = (r: RegistryClient, body: Record<string, unknown>) =>
      r.partyWrite('cessoes', numero, body).then(
        () => 'aceito',
        (e: Error) => `${e.name}: ${e.message}`,
      );
    for (const body of [
      { cedenteId: 'b1', fracao: '2', instrumento: 'particular', lavradaEm: '2026-01-05', cessionarioCredorId: 'f', data: '2026-01-10' },
      { cedenteId: 'b1', fracao: '0.9', instrumento: 'particular', lavradaEm: '2026-01-05', cessionarioCredorId: 'f', data: '2026-01-10' },
      { cedenteId: 'nao-existe', fracao: '0.1', instrumento: 'particular', lavradaEm: '2026-01-05', cessionarioCredorId: 'f', data: '2026-01-10' },
    ]) {
      const expected = await refusal(local, body);
      expect(expected).not.toBe('aceito');
      expect(await refusal(remote, body)).toBe(expected);
    }
  });

  it('runs a payment run to the same plan, and refuses an unknown ente the same way', async () => {
    for (const valor of ['1000.00', '60000.00', '0.01', '999999999.99']) {
      const input = { enteId: 'estado-do-para', availableBrl: money(valor), paidOn: isoDate('2026-03-02') };
      const [a, b] = [await local.runPayment(input), await remote.runPayment(input)];
      expect(paymentRunJson(b)).toEqual(paymentRunJson(a));
      // The payment document (R6.20) of the run's first payment reads the same both ways.
      const first = a.items[0];
      if (first) {
        const [da, db] = [await local.paymentDocument(first.numero, a.paymentIds[0]!), await remote.paymentDocument(first.numero, b.paymentIds[0]!)];
        expect(db).toEqual(da);
        expect(da.bruto).toBe(first.amountBrl.toFixed(2));
      }
    }
    const noPayment = (r: RegistryClient) =>
      r.paymentDocument('0000001-90.2020.8.14.0301', '999999').then(
        () => 'aceito',
        (e: Error) => `${e.name}: ${e.message}`,
      );
    expect(await noPayment(remote)).toBe(await noPayment(local));
    const unknown = { enteId: 'ente-que-nao-existe', availableBrl: money('10.00'), paidOn: isoDate('2026-03-02') };
    const refusal = (r: RegistryClient) =>
      r.runPayment(unknown).then(
        () => 'aceito',
        (e: Error) => `${e.name}: ${e.message}`,
      );
    expect(await refusal(remote)).toBe(await refusal(local));
  });

  it('records the RCL and reads the EC 136 plan the same way; refusals name the same field (R7.8, R7.9)', async () => {
    const rcl = { enteId: 'estado-do-para', exercicio: 2025, rcl: money('40000000000.00'), estoqueMora: money('7000000000.00'), fonte: 'RREO 2025' };
    expect(await remote.ec136.recordRcl(rcl)).toEqual(await local.ec136.recordRcl(rcl));
    for (const input of [
      { enteId: 'estado-do-para', ano: 2026, asOf: isoDate('2026-03-31') },
      { enteId: 'estado-do-para', ano: 2026, asOf: isoDate('2026-03-31'), estoque: money('1.00'), rcl: money('1000.00') },
      { enteId: 'estado-do-para', ano: 2027, asOf: isoDate('2026-03-31') },
    ]) {
      const [a, b] = [await local.ec136.plan(input), await remote.ec136.plan(input)];
      expect(b).toEqual(a);
    }
    expect(await local.ec136.plan({ enteId: 'estado-do-para', ano: 2026, asOf: isoDate('2026-03-31') })).toMatchObject({ depositoMensal: '50000000.00' });
    const refusal = (r: RegistryClient, enteId: string) =>
      r.ec136.recordRcl({ ...rcl, enteId }).then(
        () => 'aceito',
        (e: Error) => `${e.name}: ${e.message}`,
      );
    expect(await refusal(remote, 'ente-que-nao-existe')).toBe(await refusal(local, 'ente-que-nao-existe'));
  });

  it('reads the CF §20 parcelamentos the same way, and refuses an unknown ente alike (R7.10)', async () => {
    const here = await local.parcelamentosCf20('estado-do-para');
    expect(await remote.parcelamentosCf20('estado-do-para')).toEqual(here);
    expect(here.itens.length).toBeGreaterThan(0); // the fixture's budget years hold few precatórios: some pass 15 %
    const refusal = (r: RegistryClient) =>
      r.parcelamentosCf20('ente-que-nao-existe').then(
        () => 'aceito',
        (e: Error) => `${e.name}: ${e.message}`,
      );
    expect(await refusal(remote)).toBe(await refusal(local));
    expect(await refusal(local)).toMatch(/ente/);
  });

  it('creates/edits an ente and records an RPV law the same way (issue 17 §5)', async () => {
    for (const input of [
      { id: 'municipio-cliente', nome: 'Município Cliente', esfera: 'municipal', regime: 'geral' },
      { id: 'municipio-cliente', nome: 'Município Cliente do Pará', esfera: 'municipal', regime: 'geral' },
    ])
      expect(await remote.entes.save(input)).toEqual(await local.entes.save(input));
    const law = { enteId: 'municipio-cliente', validFrom: isoDate('2024-01-01'), kind: 'valor-fixo', amount: new Dec('20000.00'), legalBasis: 'Lei 1/2024' };
    expect(await remote.entes.rpvLaw(law)).toEqual(await local.entes.rpvLaw(law));
    const refusal = (r: RegistryClient) =>
      r.entes.save({ id: 'municipio-cliente', nome: 'X Y', esfera: 'distrital', regime: 'geral' }).then(
        () => 'aceito',
        (e: Error) => `${e.name}: ${e.message}`,
      );
    expect(await refusal(local)).toContain('esfera');
  });

  it('reads what a projection needs the same way: every decimal and date as the store has it', async () => {
    const [a, b] = [await local.simulationInput('estado-do-para'), await remote.simulationInput('estado-do-para')];
    expect(a?.precatorios.length).toBeGreaterThan(0);
    expect(encodeDomain(b)).toBe(encodeDomain(a));
    expect(b?.precatorios[0]?.valorRequisitadoBrl).toBeInstanceOf(Dec);
    expect(await remote.simulationInput('ente-que-nao-existe')).toBeUndefined();
  });

  it('stores index series through either, and reads them back equal', async () => {
    const built = buildSeries('ipca_e', [
      { month: '2024-01', ratePct: '0.31' },
      { month: '2024-02', ratePct: '0.78' },
      { month: '2024-03', ratePct: '-0.05' },
    ]);
    if (!built.ok) throw new Error('série de teste inválida');
    await local.indexStore().put([built.value]);
    await remote.indexStore().put([built.value]);
    const [a, b] = [await local.indexStore().get('ipca_e'), await remote.indexStore().get('ipca_e')];
    expect(b).toEqual(a);
    expect(b?.lastMonth).toBe(yearMonth('2024-03'));
    expect(await remote.indexStore().names()).toEqual(await local.indexStore().names());
    expect(await remote.indexStore().get('selic')).toBeUndefined();

    // A changed month (a revision) is refused by either with the same list, nothing written; both accept it when asked (issue 16 §3).
    const revised = buildSeries('ipca_e', [{ month: '2024-02', ratePct: '0.80' }]);
    if (!revised.ok) throw new Error('série de teste inválida');
    const refusals = await Promise.all(
      [local, remote].map((r) =>
        r
          .indexStore()
          .put([revised.value])
          .then(
            () => 'gravou',
            (e: Error) => e.message,
          ),
      ),
    );
    expect(refusals[0]).toContain('ipca_e 2024-02: gravado 0.78 %, publicado agora 0.8 %');
    expect(refusals[1]).toBe(refusals[0]);
    for (const r of [local, remote]) await r.indexStore().put([revised.value], { acceptRevisions: true });
    const [c, d] = [await local.indexStore().get('ipca_e'), await remote.indexStore().get('ipca_e')];
    expect(d).toEqual(c);
    expect(d?.ratesPct.map(String)).toEqual(['0.31', '0.8', '-0.05']);
  });

  it('creates, lists and revokes staff users the same way (a token that works once, on that store)', async () => {
    const [a, b] = [
      await local.users.create({ login: 'maria.silva', role: 'equipe', displayName: 'Maria Silva' }),
      await remote.users.create({ login: 'maria.silva', role: 'equipe', displayName: 'Maria Silva' }),
    ];
    const view = (u: typeof a.user) => ({ ...u, createdAt: '' });
    expect(view(b.user)).toEqual(view(a.user));
    expect(b.user.createdBy).toBe(ACTOR);
    expect(b.token).not.toBe(a.token);
    const refusal = (r: RegistryClient) =>
      r.users.create({ login: 'maria.silva', role: 'administracao' }).then(
        () => 'aceito',
        (e: Error) => e.message,
      );
    expect(await refusal(remote)).toBe(await refusal(local));
    await local.users.revoke('maria.silva');
    await remote.users.revoke('maria.silva');
    const listed = async (r: RegistryClient) => (await r.users.list()).map((u) => ({ ...u, createdAt: '', revokedAt: u.revokedAt === null ? null : 'sim' }));
    expect(await listed(remote)).toEqual(await listed(local));
    expect((await remote.users.list())[0]?.revokedBy).toBe(ACTOR);
  });

  it('leaves both stores with the same precatórios, payments and events (up to time and ids)', async () => {
    const read = async (db: Opened) => ({
      precatorios: (await db.query('select numero, status, version from precatorios order by numero')).rows,
      beneficiarios: (await db.query('select precatorio_numero, id, valor::text, pago::text, superpreferencia_paga::text from beneficiarios order by 1, 2'))
        .rows,
      payments: (await db.query('select precatorio_numero, beneficiario_id, paid_on::text, amount::text, kind, actor from payments order by id')).rows,
      events: (await db.query('select actor, kind, ente_id, precatorio_numero from events order by id')).rows,
    });
    const [a, b] = [await read(here), await read(served)];
    expect(b).toEqual(a);
    expect(a.payments.length).toBeGreaterThan(0);
    expect(new Set(a.events.map((e) => e.actor))).toEqual(new Set([ACTOR]));
  });

  it('takes the backup on the server as one snapshot of its store, and restores it through a server into an empty store', async () => {
    const backup = join(folder, `backup-${backend.name}`);
    const manifest = await remote.exportBackup(backup);
    expect(manifest.hashConteudo).toBe(await registryContentHash(served));
    expect(manifest.origem).toBe(backend.name);
    await expect(remote.exportBackup(backup)).rejects.toThrow(/já existe e não está vazia/);
    const target = await serve(empty);
    const restored = await target.restoreBackup(backup);
    expect(restored.hashConteudo).toBe(manifest.hashConteudo);
    expect(await registryContentHash(empty)).toBe(manifest.hashConteudo);
    // A second restore meets a registry that is no longer empty: refused, in the local words.
    const [a, b] = [await local.restoreBackup(backup).catch((e: Error) => e.message), await target.restoreBackup(backup).catch((e: Error) => e.message)];
    expect(b).toBe(a);
    expect(a).toMatch(/não está vazio/);
  }, 60_000);

  it('refuses a wrong credential with a message that says what to do', async () => {
    const wrong = await remoteRegistry(remote.via.kind === 'servidor' ? remote.via.url : '', 'errado');
    await expect(wrong.importCsv(join(FIXTURES, 'projeto-valido.csv'))).rejects.toThrow(/PRECATORIOS_TOKEN/);
    // A named user's token (PRECATORIOS_TOKEN): that user's role holds.
    const { token } = await remote.users.create({ login: 'joao.equipe', role: 'equipe' });
    const named = await remoteRegistry(remote.via.kind === 'servidor' ? remote.via.url : '', token);
    await expect(named.exportBackup(join(folder, 'nao-deve-existir'))).rejects.toThrow(/papel equipe não permite.*PRECATORIOS_TOKEN/);
    // What the role allows goes through (the earlier runs paid this ente off: nothing left to pay).
    const plan = await named.runPayment({ enteId: 'estado-do-para', availableBrl: money('1.00'), paidOn: isoDate('2026-03-02') });
    expect(plan.paidBrl.toFixed(2)).toBe('0.00');
  });
});
