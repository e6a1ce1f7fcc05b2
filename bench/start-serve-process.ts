import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/helpers/free-port.js';

/** A `milestone-sync serve` child process (dist/cli/main.js), listening on 127.0.0.1. */
export interface ServeProcess {
  /** e.g. `http://127.0.0.1:41234` (webhooks at `/api/github/webhooks`). */
  url: string;
  pid: number;
  /** Resident set size now (bytes, from /proc/<pid>/status); undefined where /proc is missing. */
  rss: () => number | undefined;
  /** The last lines it wrote (stdout and stderr), for error messages. */
  tail: () => string;
  /** SIGTERM, then waits for the exit (SIGKILL after 15 s); resolves with the exit code. */
  stop: () => Promise<number | null>;
}

/**
 * Starts `node dist/cli/main.js serve` (build first) with only `env` (plus PATH and HOME) and
 * HOST=127.0.0.1 on a free port, in the temp directory (so no `.env` is read), and resolves once
 * `GET /ping` answers (rejects when it exits first or after `timeoutMs`, default 30 s).
 */
export async function startServeProcess(params: {
  root: string;
  env: Record<string, string>;
  timeoutMs?: number;
}): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(params.root, 'dist', 'cli', 'main.js'), 'serve'], {
    cwd: tmpdir(),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      ...params.env,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const tail = () => lines.join('\n');
  const deadline = Date.now() + (params.timeoutMs ?? 30_000);
  for (;;) {
    if (exitCode !== undefined) {
      throw new Error(`serve exited (${exitCode}) before listening:\n${tail()}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`serve did not answer /ping in time:\n${tail()}`);
    }
    const ok = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pid = child.pid as number;
  return {
    url,
    pid,
    rss: () => {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
        return kib === undefined ? undefined : Number(kib) * 1024;
      } catch {
        return undefined;
      }
    },
    tail,
    stop: async () => {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
