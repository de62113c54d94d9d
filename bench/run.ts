// `npm run bench`: runs every bench/*.bench.ts in turn (each prints its own figures), or only those
// whose name contains one of the arguments: `npm run bench -- ordering`.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

console.log(`máquina: ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
for (const file of files) {
  console.log(`\n== ${file}`);
  await import(pathToFileURL(`${dir}${file}`).href);
}
