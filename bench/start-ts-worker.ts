import { Worker } from 'node:worker_threads';

/**
 * A worker thread running a TypeScript module. `npm run bench` runs under tsx, whose loader a
 * worker does not inherit on Node 20 (`--import` hooks are per thread), so the worker first
 * registers tsx's loader (`tsx/esm/api`, https://tsx.is/dev-api/register-esm) and then imports
 * `script`.
 */
export function startTsWorker(params: { script: URL; workerData: unknown }): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  const boot = [
    `const { register } = await import(${JSON.stringify(api)});`,
    'register();',
    `await import(${JSON.stringify(params.script.href)});`,
  ].join('\n');
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), {
    workerData: params.workerData,
  });
}
