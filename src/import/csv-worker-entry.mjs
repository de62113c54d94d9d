// Worker entry in plain JavaScript: installs tsx's loader in this thread, then runs the TypeScript
// worker (module hooks are per thread, and a worker cannot start from a .ts file directly).
import { register } from 'tsx/esm/api';

register();
await import('./csv-worker.ts');
