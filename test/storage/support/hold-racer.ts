// A process that tries to take a PGlite folder's hold (store-holder.ts) once a start file appears,
// so several of them race for it at the same moment. Prints "pronto" once loaded, then "ganhou" and keeps the hold until
// killed, or "perdeu: <message>" and exits 1. Run with `node --import tsx`.
import { existsSync } from 'node:fs';
import { acquireHold } from '../../../src/storage/store-holder.ts';

const [dir, startFile] = process.argv.slice(2) as [string, string];
process.stdout.write('pronto\n');
while (!existsSync(startFile)) await new Promise((r) => setTimeout(r, 2));
try {
  acquireHold(dir, { comando: 'corredor de teste', desde: new Date().toISOString() }, (m) => process.stdout.write(`recuperou: ${m}\n`));
  process.stdout.write('ganhou\n');
  setInterval(() => undefined, 1 << 30);
} catch (error) {
  process.stdout.write(`perdeu: ${(error as Error).message}\n`);
  process.exit(1);
}
