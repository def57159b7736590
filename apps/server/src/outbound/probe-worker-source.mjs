// The probe worker's entry when the server runs from source (vitest, `tsx --conditions=@waygate/source`).
// Node 20 cannot load a .ts file in a worker by itself, and tsx 4 installs its hooks only on the
// main thread there (an inherited `--import tsx` does nothing in a worker), so this plain
// JavaScript entry registers tsx's ESM hooks for this thread, then loads the TypeScript worker.
// The built server never uses this file: it starts dist/probe-worker.js.
import { register } from 'tsx/esm/api';

register();
await import('./probe-worker.ts');
