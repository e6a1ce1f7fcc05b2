import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort } from './free-port.js';

/** A `milestone-sync serve` child process; see `startServeProcess`. */
export interface ServeProcess {
  /** e.g. `http://127.0.0.1:41234`; webhooks at `${url}/api/github/webhooks`. */
  url: string;
  pid: number;
  /** Everything it wrote to stdout and stderr so far. */
  logs: () => string;
  /** Sends `signal` and resolves once the process exited (SIGKILL after `timeoutMs`, 10 s). */
  kill: (signal: NodeJS.Signals, timeoutMs?: number) => Promise<void>;
  /** SIGTERM (a graceful stop), and its exit code. */
  stop: () => Promise<number | null>;
  /** Resolves with the exit code (null after a signal) once it exited. */
  exited: Promise<number | null>;
}

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
// tsx, resolved from this repository: the child runs in an empty directory of its own.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Every process started here and not yet exited; `stopAllServeProcesses` kills them. */
const started = new Set<ServeProcess>();
/** The children still running, killed when this (test) process exits whatever happened. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/**
 * Starts `node --import tsx src/cli/main.ts serve` (the source, so it needs no build) with `env`
 * over a minimal environment (PATH, no DATABASE_URL or GitHub variables of this process), in an
 * empty temporary directory (so no `.env` is read), HOST 127.0.0.1 on a free port, and resolves
 * once `GET /ping` answers. Rejects (after killing it) when it exits first or does not answer
 * within `timeoutMs` (default 30 s). Call `stopAllServeProcesses()` in afterEach/afterAll.
 */
export async function startServeProcess(params: {
  env: Record<string, string>;
  timeoutMs?: number;
}): Promise<ServeProcess> {
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'milestone-sync-serve-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', TSX, MAIN, 'serve'], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? cwd,
      HOST: '127.0.0.1',
      PORT: String(port),
      REDELIVER_INTERVAL_MS: '0',
      ...params.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      children.delete(child);
      rmSync(cwd, { recursive: true, force: true });
      resolve(code);
    });
  });
  let done = false;
  void exited.then(() => {
    done = true;
  });
  if (child.pid === undefined) throw new Error('serve did not start (no pid)');
  const url = `http://127.0.0.1:${port}`;
  const kill = async (signal: NodeJS.Signals, timeoutMs = 10_000) => {
    if (!done) child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  const serve: ServeProcess = {
    url,
    pid: child.pid,
    logs: () => output,
    kill,
    stop: async () => {
      await kill('SIGTERM');
      return exited;
    },
    exited,
  };
  started.add(serve);
  void exited.then(() => started.delete(serve));
  const deadline = Date.now() + (params.timeoutMs ?? 30_000);
  for (;;) {
    if (done) throw new Error(`serve exited before answering /ping:\n${output}`);
    if (await answersPing(url)) return serve;
    if (Date.now() > deadline) {
      await kill('SIGKILL');
      throw new Error(`serve did not answer /ping in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** SIGKILLs every serve process started here that is still running, and waits for each. */
export async function stopAllServeProcesses(): Promise<void> {
  await Promise.all([...started].map((serve) => serve.kill('SIGKILL')));
}

async function answersPing(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) });
    return response.ok && (await response.text()) === 'PONG';
  } catch {
    return false;
  }
}
