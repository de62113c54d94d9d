#!/usr/bin/env node
// Entry point of the `precatorios` command: runs the TypeScript CLI through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
// A store that failed to open or write (a full disk) can leave PGlite's machinery alive, and the
// process would wait on it forever after the error was printed: a failed command ends here.
if (code !== 0) process.exit(code);
process.exitCode = code;
