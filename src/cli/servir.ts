import { parseArgs } from 'node:util';
import { createApp } from '../api/app.ts';
import { listen } from '../api/serve.ts';
import { generateTjpaDemo } from '../demo/tjpa-demo.ts';
import { assembleProjectRows } from '../import/project-format.ts';
import { loadRpvLaws, loadRuleBook, withRpvLaws } from '../rules/load-rule-book.ts';
import { openConfiguredDatabase, todayInCourt } from '../shell/environment.ts';
import { importRegistry } from '../storage/registry-store.ts';
import { loadCorrectionRules } from '../indices/load-correction-rules.ts';
import type { Db } from '../storage/db.ts';
import type { Command } from './main.ts';

const HELP = `uso: precatorios servir [--porta 3000] [--host 127.0.0.1] [--sem-demo]
  Migra o banco (PGlite em .data/pglite, ou PostgreSQL se DATABASE_URL), carrega o registro de
  demonstração se o banco estiver vazio e serve a API (e o painel, se construído) numa só porta.
  Escritas exigem PRECATORIOS_ADMIN_TOKEN.
`;

export const servirCommand: Command = {
  summary: 'serve a API (e o painel) sobre o registro; carrega a demonstração se vazio',
  async run(args) {
    const { values } = parseArgs({ args, options: { porta: { type: 'string', default: process.env['PORT'] ?? '3000' }, host: { type: 'string', default: '127.0.0.1' }, 'sem-demo': { type: 'boolean' }, ajuda: { type: 'boolean', short: 'h' } } });
    if (values.ajuda) {
      process.stderr.write(HELP);
      return 0;
    }
    const port = Number(values.porta);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--porta inválida: ${values.porta}`);
    const db = await openConfiguredDatabase();
    if (!values['sem-demo']) await seedDemoIfEmpty(db);
    const adminToken = process.env['PRECATORIOS_ADMIN_TOKEN'] || undefined;
    const app = createApp({ db, rules: loadRuleBook(), correctionRules: loadCorrectionRules(), rpvLaws: loadRpvLaws(), today: () => todayInCourt(), adminToken, corsOrigins: (process.env['PRECATORIOS_CORS'] ?? '').split(',').filter(Boolean) });
    // Build every debtor's list for today before taking requests, so no creditor waits for it.
    const warmStarted = Date.now();
    const warmed = await app.queues.warm(todayInCourt());
    process.stderr.write(`listas de ${warmed} entes montadas em ${Date.now() - warmStarted} ms\n`);
    const server = await listen(app, port, values.host);
    process.stderr.write(`precatórios em http://${values.host}:${server.port}/ (API em /api, banco ${db.kind})\n`);
    if (!adminToken) process.stderr.write('aviso: PRECATORIOS_ADMIN_TOKEN não definido — escritas da equipe estão desativadas\n');
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    await db.close();
    return 0;
  },
};

async function seedDemoIfEmpty(db: Db): Promise<void> {
  const { rows } = await db.query<{ n: string }>('select count(*)::text as n from entes');
  if (rows[0]?.n !== '0') return;
  const [header, ...data] = generateTjpaDemo();
  const parsed = assembleProjectRows(data.map((r, i) => ({ line: i + 2, cells: Object.fromEntries(header!.map((h, j) => [h, r[j]!])) })));
  const counts = await db.transaction((tx) => importRegistry(tx, { entes: withRpvLaws(parsed.entes, loadRpvLaws()), precatorios: parsed.precatorios }, 'demonstração'));
  process.stderr.write(`banco vazio: carregado o registro de demonstração (${counts.inserted} precatórios fictícios)\n`);
}
