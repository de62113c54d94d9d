import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from '../api/app.ts';
import { DEFAULT_RATE_LIMITS, type LimitRule, type RateLimits, describeRule, parseLimitRule } from '../api/rate-limit.ts';
import { listen, serveDashboard } from '../api/serve.ts';
import { DEFAULT_IMPORT_MAX_BYTES, MIB, formatMib } from '../api/upload.ts';
import { DEMO_SEED, generateTjpaDemo } from '../demo/tjpa-demo.ts';
import { assembleProjectRows } from '../import/project-format.ts';
import { recordsOf } from '../import/types.ts';
import { loadRpvLaws, loadRuleBook, withRpvLaws } from '../rules/load-rule-book.ts';
import { localActor, openConfiguredDatabase, todayInCourt } from '../shell/environment.ts';
import { issueLocalCredential } from '../storage/local-credential.ts';
import { supportedDatesToday } from '../shell/supported-dates-today.ts';
import { importRegistry } from '../storage/registry-store.ts';
import { loadCorrectionRules } from '../indices/load-correction-rules.ts';
import type { Db } from '../storage/db.ts';
import type { OpenedDb } from '../storage/open-db.ts';
import { markDemo, readDemoMark } from '../storage/registry-meta.ts';
import { readIndexSnapshot } from '../indices/snapshot.ts';
import { checkStoreTotals } from '../storage/self-check.ts';
import type { Command } from './main.ts';

/** The dashboard `npm run build` writes, beside the sources whatever the working folder. */
const WEB_DIST = fileURLToPath(new URL('../../dist/web/', import.meta.url));

const HELP = `uso: precatorios servir [--porta 3000] [--host 127.0.0.1] [--demo | --sem-demo]
                        [--limite-consultas 120/60] [--limite-simulacoes 20/60] [--confiar-proxy 0]
                        [--limite-importacao 4096]
  Migra o banco (PGlite em .data/pglite, ou PostgreSQL se DATABASE_URL), confere o registro consigo
  mesmo e serve a API (e o painel, se construído) numa só porta. Escritas exigem o token de um usuário da equipe
  (precatorios usuarios criar) ou PRECATORIOS_ADMIN_TOKEN.
  Um registro criado agora (pasta que não existia ou vazia, banco sem tabelas) recebe o registro de
  demonstração (fictício, marcado como tal na API e no painel), salvo com --sem-demo.
  --demo                   carrega a demonstração também num registro existente, se estiver vazio.
  A pasta do PGlite fica com este processo enquanto ele roda: outro processo que a abrir é recusado, e os
  comandos da CLI (importar, pagar, exportar --completo, indices, simular, usuarios…) passam por esta API,
  com a credencial local que o servidor deixa na pasta (precatorios.credencial, 0600) ou PRECATORIOS_TOKEN.
  --limite-consultas N/S   requisições públicas aceitas por endereço a cada S segundos (padrão 120/60;
                           "desligado" para não limitar); ou PRECATORIOS_LIMITE_CONSULTAS.
  --limite-simulacoes N/S  simulações (POST /api/simulacoes) por endereço (padrão 20/60);
                           ou PRECATORIOS_LIMITE_SIMULACOES. A equipe, com token válido, não é limitada.
  --confiar-proxy N        atrás de N proxies reversos, conta o cliente pelo X-Forwarded-For (padrão 0:
                           pelo endereço da conexão); ou PRECATORIOS_CONFIAR_PROXY.
  --limite-importacao MiB  maior CSV aceito por POST /api/importacoes (e por "importar" enquanto este
                           servidor segura a pasta), em MiB (padrão 4096); ou PRECATORIOS_LIMITE_IMPORTACAO.
                           O arquivo vai para um arquivo temporário em fluxo, não para a memória.
`;

export const servirCommand: Command = {
  summary: 'serve a API (e o painel) sobre o registro; num registro novo, carrega a demonstração',
  help: () => HELP,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        porta: { type: 'string', default: process.env['PORT'] ?? '3000' },
        host: { type: 'string', default: '127.0.0.1' },
        'sem-demo': { type: 'boolean' },
        demo: { type: 'boolean' },
        'limite-consultas': { type: 'string' },
        'limite-simulacoes': { type: 'string' },
        'confiar-proxy': { type: 'string' },
        'limite-importacao': { type: 'string' },
      },
    });
    const port = Number(values.porta);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--porta inválida: ${values.porta}`);
    if (values.demo && values['sem-demo']) throw new Error('--demo e --sem-demo não podem ser usados juntos');
    const limites = rateLimitsOf(values, process.env);
    const importMaxBytes = importLimitOf(values['limite-importacao'], process.env);
    const db = await openConfiguredDatabase(process.env, { fixedPool: true });
    try {
      return await serve(db, values, limites, importMaxBytes);
    } finally {
      await db.close();
    }
  },
};

async function serve(
  db: OpenedDb,
  values: { porta: string; host: string; demo?: boolean | undefined; 'sem-demo'?: boolean | undefined },
  limites: RateLimits,
  importMaxBytes: number,
): Promise<number> {
  const port = Number(values.porta);
  const where = db.dataDir ?? 'o banco PostgreSQL';
  if (db.created) process.stderr.write(`registro novo criado em ${where}\n`);
  // Issue 15 §1: the demo only into a registry created now (a mistyped folder no longer meets
  // someone's real one) or when asked; never because some table happens to be empty.
  if (values.demo || (db.created && !values['sem-demo'])) await loadDemo(db);
  const demo = (await readDemoMark(db)) !== undefined;
  const checkStarted = Date.now();
  const checked = await checkStoreTotals(db, where);
  process.stderr.write(
    `registro conferido em ${Date.now() - checkStarted} ms: ${checked.totals
      .map((t) => `${t.label} ${t.kept}`)
      .slice(0, 3)
      .join(', ')}${demo ? ' — REGISTRO DE DEMONSTRAÇÃO (fictício)' : ''}\n`,
  );
  if (!demo && checked.totals[0]?.kept === '0')
    process.stderr.write('o registro está vazio: importe o cadastro (precatorios importar <arquivo.csv>) ou use --demo para a demonstração\n');
  const adminToken = process.env['PRECATORIOS_ADMIN_TOKEN'] || undefined;
  // The CLI on this machine goes through this server while it holds the folder: a fresh credential
  // for it, next to the holder record, valid while this process runs (storage/local-credential.ts).
  const credential = db.dataDir ? issueLocalCredential(db.dataDir) : undefined;
  if (credential) process.once('exit', credential.remove);
  const app = createApp({
    db,
    rules: loadRuleBook(),
    correctionRules: loadCorrectionRules(),
    indexSnapshot: readIndexSnapshot().series,
    rpvLaws: loadRpvLaws(),
    today: () => todayInCourt(),
    adminToken,
    corsOrigins: (process.env['PRECATORIOS_CORS'] ?? '').split(',').filter(Boolean),
    limites,
    importMaxBytes,
    demo,
    dataDir: db.dataDir,
    ...(credential ? { localStaff: { token: credential.token, login: localActor() } } : {}),
  });
  // Build every debtor's list for today before taking requests, so no creditor waits for it.
  const warmStarted = Date.now();
  const warmed = await app.queues.warm(todayInCourt());
  process.stderr.write(`listas de ${warmed} entes montadas em ${Date.now() - warmStarted} ms\n`);
  // After the API routes, so they come first; a server without a build still answers the API.
  if (existsSync(WEB_DIST)) serveDashboard(app, WEB_DIST);
  const server = await listen(app, port, values.host);
  const url = `http://${values.host}:${server.port}/`;
  // The holder record says where it answers, for a CLI that finds the folder taken (store-holder.ts).
  db.hold?.setUrl(url);
  process.stderr.write(`precatórios em ${url} (API em /api, banco ${db.kind})\n`);
  process.stderr.write(
    `limite por endereço: consultas ${describeRule(limites.consultas ?? null)}, simulações ${describeRule(limites.simulacoes ?? null)}${limites.confiarProxy ? `, cliente pelo X-Forwarded-For (${limites.confiarProxy} proxy)` : ''}; importação até ${formatMib(importMaxBytes)}\n`,
  );
  if (!adminToken) process.stderr.write('aviso: PRECATORIOS_ADMIN_TOKEN não definido — só usuários criados com "precatorios usuarios criar" podem escrever\n');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  credential?.remove();
  return 0;
}

/** The import cap in bytes: --limite-importacao, else PRECATORIOS_LIMITE_IMPORTACAO, else the default; both in MiB. */
export function importLimitOf(flag: string | undefined, env: NodeJS.ProcessEnv): number {
  const text = flag ?? env['PRECATORIOS_LIMITE_IMPORTACAO'];
  if (text === undefined || text === '') return DEFAULT_IMPORT_MAX_BYTES;
  const mib = Number(text.trim());
  // Up to 1 TiB: beyond that the temporary copy, not the cap, is the problem.
  if (!/^\d{1,7}$/.test(text.trim()) || mib < 1 || mib > 1024 * 1024)
    throw new Error(`--limite-importacao / PRECATORIOS_LIMITE_IMPORTACAO: "${text}" deve ser o tamanho máximo do CSV em MiB, um inteiro de 1 a 1048576`);
  return mib * MIB;
}

/** Flags win over PRECATORIOS_LIMITE_* / PRECATORIOS_CONFIAR_PROXY, which win over the defaults. */
export function rateLimitsOf(
  flags: { 'limite-consultas'?: string | undefined; 'limite-simulacoes'?: string | undefined; 'confiar-proxy'?: string | undefined },
  env: NodeJS.ProcessEnv,
): RateLimits {
  const rule = (flag: 'limite-consultas' | 'limite-simulacoes', variable: string, fallback: LimitRule) => {
    if (flags[flag] !== undefined) return parseLimitRule(flags[flag], `--${flag}`);
    const text = env[variable];
    return text ? parseLimitRule(text, variable) : fallback;
  };
  const proxyText = flags['confiar-proxy'] ?? env['PRECATORIOS_CONFIAR_PROXY'] ?? '0';
  const confiarProxy = Number(proxyText);
  if (!/^\d{1,2}$/.test(proxyText.trim()) || confiarProxy > 10)
    throw new Error(`--confiar-proxy / PRECATORIOS_CONFIAR_PROXY: "${proxyText}" deve ser o número de proxies reversos à frente do servidor (0 a 10)`);
  return {
    consultas: rule('limite-consultas', 'PRECATORIOS_LIMITE_CONSULTAS', DEFAULT_RATE_LIMITS.consultas),
    simulacoes: rule('limite-simulacoes', 'PRECATORIOS_LIMITE_SIMULACOES', DEFAULT_RATE_LIMITS.simulacoes),
    confiarProxy,
  };
}

/**
 * Loads the demo and marks the registry as made from it, in one transaction. Taken in turns (a lock
 * on registry_meta): of two servers starting on one new PostgreSQL database, the second finds the
 * mark and loads nothing. A registry that already holds precatórios is refused: mixing invented
 * creditors into real ones is what the mark exists to prevent.
 */
async function loadDemo(db: Db): Promise<void> {
  const loaded = await db.transaction(async (tx) => {
    await tx.exec('lock table registry_meta in exclusive mode');
    if (await readDemoMark(tx)) return undefined;
    const { rows } = await tx.query<{ n: string }>('select count(*)::text as n from precatorios');
    if (rows[0]?.n !== '0')
      throw new Error(
        `o registro já tem ${rows[0]?.n} precatórios: a demonstração só é carregada num registro vazio (use uma PRECATORIOS_DATA_DIR nova para vê-la)`,
      );
    const [header, ...data] = generateTjpaDemo();
    const parsed = assembleProjectRows(recordsOf(header!, data), supportedDatesToday());
    const counts = await importRegistry(tx, { entes: withRpvLaws(parsed.entes, loadRpvLaws()), precatorios: parsed.precatorios }, 'demonstração');
    await markDemo(tx, { semente: DEMO_SEED, precatorios: counts.inserted });
    return counts.inserted;
  });
  if (loaded !== undefined) process.stderr.write(`carregado o registro de demonstração (${loaded} precatórios fictícios; marcado como demonstração)\n`);
}
