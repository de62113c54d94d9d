// Goal: `exportar --completo` / `importar --completo` round-trip the whole registry on both storage
// backends and across them, and a damaged backup or a non-empty target is refused with nothing written.
// Method: a registry with rows in every table (backup-seed.ts), hashed, exported, restored into a
// fresh store and hashed again; then files flipped, lines dropped and manifests edited on purpose.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDate } from '../../src/domain/dates.ts';
import { money } from '../../src/domain/money.ts';
import { BackupError, type BackupManifest, MANIFEST_FILE, exportRegistry, registryContentHash, restoreRegistry } from '../../src/storage/backup.ts';
import { registerPayment } from '../../src/storage/registry-writes.ts';
import { BACKENDS } from '../support/backends.ts';
import { REGISTRY_TABLES, seedFullRegistry } from './backup-seed.ts';

const work = mkdtempSync(join(tmpdir(), 'backup-contract-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function count(db: { query: (sql: string) => Promise<{ rows: unknown[] }> }, table: string): Promise<number> {
  return Number(((await db.query(`select count(*)::text as n from ${table}`)).rows[0] as { n: string }).n);
}

/** A copy of the backup with one change applied, in a folder of its own. */
function tampered(from: string, name: string, change: (folder: string) => void): string {
  const folder = join(work, name);
  cpSync(from, folder, { recursive: true });
  change(folder);
  return folder;
}

describe.each(BACKENDS)('full backup on $name', (backend) => {
  let source: Awaited<ReturnType<typeof backend.open>>;
  let target: Awaited<ReturnType<typeof backend.open>>;
  let sourceHash: string;
  let emptyHash: string;
  let manifest: BackupManifest;
  const folder = join(work, `${backend.name}-backup`);

  beforeAll(async () => {
    [source, target] = await Promise.all([backend.open(), backend.open()]);
    await seedFullRegistry(source);
    sourceHash = await registryContentHash(source);
    emptyHash = await registryContentHash(target);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([source?.dispose(), target?.dispose()]);
  });

  it('exports every table, with the row counts of the database and exact text values', async () => {
    manifest = await exportRegistry(source, folder);
    expect(manifest.hashConteudo).toBe(sourceHash);
    expect(manifest.origem).toBe(backend.name);
    expect(manifest.migracoes[0]).toBe('0001');
    expect(manifest.tabelas.map((t) => t.tabela)).toEqual(expect.arrayContaining(REGISTRY_TABLES));
    for (const t of manifest.tabelas) expect([t.tabela, t.linhas]).toEqual([t.tabela, await count(source, t.tabela)]);
    for (const name of REGISTRY_TABLES) expect([name, manifest.tabelas.find((t) => t.tabela === name)!.linhas > 0]).toEqual([name, true]);
    // Money as exact NUMERIC text (never a float), instants with their offset, personal data kept.
    const penhoras = readFileSync(join(folder, 'penhoras.ndjson'), 'utf8');
    expect(penhoras).toContain('"9999999999999999.99"');
    const precatorio = JSON.parse(readFileSync(join(folder, 'precatorios.ndjson'), 'utf8').split('\n')[1]!) as (string | null)[];
    expect(precatorio.some((v) => v !== null && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00$/.test(v))).toBe(true);
    expect(readFileSync(join(folder, 'beneficiarios.ndjson'), 'utf8')).toContain('Fundo \\"X\\" de Créditos\\nLtda');
    // Personal data inside: the folder and its files are for the owner only.
    expect([
      statSync(folder).mode & 0o777,
      statSync(join(folder, 'beneficiarios.ndjson')).mode & 0o777,
      statSync(join(folder, MANIFEST_FILE)).mode & 0o777,
    ]).toEqual([0o700, 0o600, 0o600]);
  });

  it('will not write over an existing backup folder', async () => {
    await expect(exportRegistry(source, folder)).rejects.toThrow(/já existe e não está vazia/);
  });

  it('refuses a damaged or edited backup whole, writing nothing', async () => {
    const flipByte = tampered(folder, `${backend.name}-flip`, (f) => {
      const path = join(f, 'beneficiarios.ndjson');
      const bytes = readFileSync(path);
      const at = bytes.lastIndexOf(Buffer.from('.'));
      bytes[at - 1] = bytes[at - 1] === 0x31 ? 0x32 : 0x31; // one digit of an amount
      writeFileSync(path, bytes);
    });
    const dropLine = tampered(folder, `${backend.name}-drop`, (f) => {
      const path = join(f, 'events.ndjson');
      const lines = readFileSync(path, 'utf8').split('\n');
      lines.splice(3, 1);
      writeFileSync(path, lines.join('\n'));
    });
    const editedManifest = tampered(folder, `${backend.name}-manifest`, (f) => {
      const m = JSON.parse(readFileSync(join(f, MANIFEST_FILE), 'utf8')) as BackupManifest;
      m.tabelas.find((t) => t.tabela === 'payments')!.linhas += 1;
      writeFileSync(join(f, MANIFEST_FILE), JSON.stringify(m));
    });
    // A file replaced together with its sha256 in the manifest: the registry hash no longer matches.
    const consistentForgery = tampered(folder, `${backend.name}-forgery`, (f) => {
      const m = JSON.parse(readFileSync(join(f, MANIFEST_FILE), 'utf8')) as BackupManifest;
      const entry = m.tabelas.find((t) => t.tabela === 'funding')!;
      const text = readFileSync(join(f, entry.arquivo), 'utf8').replace('400000.00', '900000.00');
      writeFileSync(join(f, entry.arquivo), text);
      entry.sha256 = createHashHex(text);
      writeFileSync(join(f, MANIFEST_FILE), JSON.stringify(m));
    });
    // Every hash re-signed (as a forger would), but a payment of −5,00: the database refuses it half-way
    // through the restore (after the tables before payments), and the one transaction rolls back.
    const invalidRow = tampered(folder, `${backend.name}-invalid`, (f) => {
      const path = join(f, 'payments.ndjson');
      const lines = readFileSync(path, 'utf8').split('\n');
      const row = JSON.parse(lines[1]!) as string[];
      row[4] = '-5.00';
      lines[1] = JSON.stringify(row);
      writeFileSync(path, lines.join('\n'));
      resign(f);
    });
    // Re-signed, with an amount the database would silently round (1.005 in a NUMERIC(18,2)): what
    // was restored is not what the backup says, and the final hash check refuses it.
    const roundedValue = tampered(folder, `${backend.name}-rounded`, (f) => {
      const path = join(f, 'penhoras.ndjson');
      writeFileSync(path, readFileSync(path, 'utf8').replace('"9999999999999999.99"', '"1.005"'));
      resign(f);
    });
    const missingFile = tampered(folder, `${backend.name}-missing`, (f) => rmSync(join(f, 'cessoes.ndjson')));
    const noManifest = tampered(folder, `${backend.name}-nomanifest`, (f) => rmSync(join(f, MANIFEST_FILE)));
    const cases: [string, RegExp][] = [
      [flipByte, /beneficiarios\.ndjson: sha256 não confere/],
      [dropLine, /events\.ndjson: sha256 não confere/],
      [editedManifest, /payments\.ndjson: \d+ linhas, o manifesto diz \d+/],
      [consistentForgery, /hashConteudo não confere/],
      [invalidRow, /payments\.ndjson, linhas 2–\d+: o banco recusou os valores \(.*payments_amount_check/],
      [roundedValue, /o conteúdo restaurado não reproduz o hash do backup/],
      [missingFile, /cessoes\.ndjson \(tabela cessoes\) não está na pasta/],
      [noManifest, /manifest\.json não existe/],
    ];
    for (const [damaged, reason] of cases) {
      const refusal = restoreRegistry(target, damaged);
      await expect(refusal).rejects.toBeInstanceOf(BackupError);
      await expect(refusal).rejects.toThrow(reason);
    }
    expect(await registryContentHash(target)).toBe(emptyHash);
    for (const name of REGISTRY_TABLES) expect(await count(target, name)).toBe(0);
  });

  it('refuses to restore into a registry that is not empty, and leaves it as it was', async () => {
    await expect(restoreRegistry(source, folder)).rejects.toThrow(/registro de destino não está vazio \(há linhas em .*entes/);
    expect(await registryContentHash(source)).toBe(sourceHash);
  });

  it('restores into an empty registry with the same content hash, ids kept and sequences moved past them', async () => {
    const summary = await restoreRegistry(target, folder);
    expect(summary.hashConteudo).toBe(sourceHash);
    expect(await registryContentHash(target)).toBe(sourceHash);
    expect(summary.tabelas).toEqual(manifest.tabelas.map(({ tabela, linhas }) => ({ tabela, linhas })));
    // A new staff write after the restore takes the next ids (no collision with restored rows).
    const maxIds = async () =>
      (await target.query<{ p: string; e: string }>('select (select max(id) from payments)::text as p, (select max(id) from events)::text as e')).rows[0]!;
    const before = await maxIds();
    const payment = (
      await target.query<{ numero: string; id: string }>(
        `select b.precatorio_numero as numero, b.id from beneficiarios b join precatorios p on p.numero = b.precatorio_numero where p.status = 'ativo' and b.valor - b.pago >= 1 order by 1, 2 limit 1`,
      )
    ).rows[0]!;
    await target.transaction((tx) =>
      registerPayment(tx, {
        numero: payment.numero,
        actor: 'depois-da-restauracao',
        beneficiarioId: payment.id,
        amountBrl: money('0.50'),
        kind: 'acordo',
        paidOn: isoDate('2026-01-05'),
      }),
    );
    const after = await maxIds();
    expect([BigInt(after.p) - BigInt(before.p), BigInt(after.e) - BigInt(before.e)]).toEqual([1n, 1n]);
    expect(await registryContentHash(target)).not.toBe(sourceHash);
  });

  it('hashes content: one cent more changes the hash, and taking it back restores it', async () => {
    const row = (await source.query<{ numero: string; id: string }>('select precatorio_numero as numero, id from beneficiarios order by 1, 2 limit 1'))
      .rows[0]!;
    await source.query('update beneficiarios set valor = valor + 0.01 where precatorio_numero = $1 and id = $2', [row.numero, row.id]);
    expect(await registryContentHash(source)).not.toBe(sourceHash);
    await source.query('update beneficiarios set valor = valor - 0.01 where precatorio_numero = $1 and id = $2', [row.numero, row.id]);
    expect(await registryContentHash(source)).toBe(sourceHash);
  });

  // On PGlite one connection serialises everything; PostgreSQL has concurrent writers.
  it.runIf(backend.name === 'postgres')('exports one snapshot: a write committed while the export runs is not in it', async () => {
    const before = await registryContentHash(source);
    let wrote = false;
    const during = await exportRegistry(source, join(work, `${backend.name}-snapshot`), async (tabela) => {
      if (wrote || tabela !== 'cessoes') return;
      wrote = true; // cessoes comes before events and payments: both are exported after this write.
      const row = (
        await source.query<{ numero: string; id: string }>(
          `select precatorio_numero as numero, id from beneficiarios b where valor - pago >= 1 and exists (select 1 from precatorios p where p.numero = b.precatorio_numero and p.status = 'ativo') order by 1, 2 limit 1`,
        )
      ).rows[0]!;
      await source.transaction((tx) =>
        registerPayment(tx, {
          numero: row.numero,
          actor: 'durante-o-backup',
          beneficiarioId: row.id,
          amountBrl: money('0.10'),
          kind: 'acordo',
          paidOn: isoDate('2026-02-02'),
        }),
      );
    });
    expect(wrote).toBe(true);
    expect(during.hashConteudo).toBe(before);
    expect(await registryContentHash(source)).not.toBe(before);
  });

  // PGlite → PostgreSQL here; PostgreSQL → PGlite in backup.prop.test.ts (saves a PGlite start-up).
  const other = BACKENDS.find((b) => b.name !== backend.name);
  it.runIf(backend.name === 'pglite' && other !== undefined)('restores into the other backend with the same content hash', async () => {
    const db = await other!.open();
    try {
      expect((await restoreRegistry(db, folder)).hashConteudo).toBe(sourceHash);
      expect(await registryContentHash(db)).toBe(sourceHash);
    } finally {
      await db.dispose();
    }
  });
});

function createHashHex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Recomputes every sha256, row count and the registry hash of a backup folder, as the manifest documents them. */
function resign(folder: string): void {
  const m = JSON.parse(readFileSync(join(folder, MANIFEST_FILE), 'utf8')) as BackupManifest;
  for (const t of m.tabelas) {
    const bytes = readFileSync(join(folder, t.arquivo));
    t.sha256 = createHashHex(bytes);
    t.linhas = bytes.toString('utf8').split('\n').length - 2;
  }
  m.hashConteudo = createHashHex(m.tabelas.map((t) => `${t.tabela}\t${t.sha256}\n`).join(''));
  writeFileSync(join(folder, MANIFEST_FILE), JSON.stringify(m));
}
