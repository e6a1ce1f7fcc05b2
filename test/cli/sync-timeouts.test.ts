/**
 * The CLI against servers that do not answer: every request has a timeout, and a failure says
 * "timed out" or "cannot reach <host>", never "500". Real sockets on 127.0.0.1, short timeouts.
 */
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { syncCommand } from '../../src/cli/sync-command.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** An HTTP server on 127.0.0.1 that answers 404 to `answer` paths and never answers the rest. */
async function silentServer(answer: (path: string) => boolean = () => false): Promise<string> {
  const server = createHttpServer((request, response) => {
    if (answer(request.url ?? '')) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: 'Not Found' }));
    }
    // Otherwise: keep the connection open, say nothing.
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port on 127.0.0.1 nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function sync(params: { apiUrl: string; timeout?: string }) {
  let err = '';
  let out = '';
  const code = await syncCommand({
    repo: 'acme/plan',
    dryRun: false,
    json: false,
    timeout: params.timeout ?? '0.2',
    env: { GITHUB_TOKEN: 't', GITHUB_API_URL: params.apiUrl },
    write: (text) => (out += text),
    writeError: (text) => (err += text),
  });
  return { code, out, err };
}

it('a server that never answers: the first request times out and the sync says so', async () => {
  const url = await silentServer();
  const { code, out, err } = await sync({ apiUrl: url });
  expect({ code, out }).toEqual({ code: 1, out: '' });
  expect(err).toMatch(
    new RegExp(
      `^milestone-sync: GET \\S+ timed out: no answer from ${new URL(url).host} within 200 ms\\n$`,
    ),
  );
  expect(err).not.toMatch(/500/);
});

it('a request inside the engine that never gets an answer times out too (reads retried once)', async () => {
  // The config is answered (404: none); the plan file read hangs.
  const url = await silentServer((path) => path.includes('milestone-sync.yml'));
  const { code, err } = await sync({ apiUrl: url });
  expect(code).toBe(1);
  const lines = err.trim().split('\n');
  expect(lines.at(-1)).toMatch(
    new RegExp(
      `^milestone-sync: GET /repos/\\{owner\\}/\\{repo\\}/contents/\\{path\\} timed out: no answer from ${new URL(url).host} within 200 ms$`,
    ),
  );
  expect(lines.filter((line) => line.includes('retrying'))).toHaveLength(1);
  expect(err).not.toMatch(/→ 500|HTTP 500/);
});

it('a closed port: "cannot reach <host>", not a 500', async () => {
  const port = await closedPort();
  const { code, err } = await sync({ apiUrl: `http://127.0.0.1:${port}` });
  expect(code).toBe(1);
  expect(err).toMatch(
    new RegExp(`^milestone-sync: cannot reach 127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`),
  );
  expect(err).not.toMatch(/500/);
});
