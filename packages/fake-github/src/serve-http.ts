import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeRequest, FakeResponse } from './handle-request.js';

export interface FakeServer {
  /** e.g. `http://127.0.0.1:54321` — use as Octokit `baseUrl` or `GITHUB_API_URL`. */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

async function readAll(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves the fake over HTTP on 127.0.0.1 (random port by default). Requests
 * under `/api/v3/...` work too, GitHub Enterprise style. A handler error (the
 * fake's own bug, e.g. a schema violation) is answered 500 with its message.
 */
export async function serveHttp(params: {
  handle: (request: FakeRequest) => Promise<FakeResponse>;
  port?: number;
  host?: string;
}): Promise<FakeServer> {
  const host = params.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const headers: Record<string, string> = {};
        for (const [key, value] of Object.entries(req.headers)) {
          if (value !== undefined)
            headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        }
        const body = await readAll(req);
        const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
        const response = await params.handle({
          method: req.method ?? 'GET',
          url,
          headers,
          body: body === '' ? undefined : body,
        });
        res.writeHead(response.status, response.headers);
        res.end(response.body);
      } catch (error) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(
          JSON.stringify({ message: error instanceof Error ? error.message : String(error) }),
        );
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(params.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
