import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request a flaky target received, and what it answered. */
export interface TargetRequest {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

export interface FlakyTarget {
  /** URL for `fake.webhooks.addTarget`. */
  url: string;
  requests: TargetRequest[];
  close(): Promise<void>;
}

/**
 * A local webhook receiver for tests of failed deliveries: answers `failStatus` (default 500) to
 * its first `failFirst` requests, then hands each request to `forward` (default: 200, empty).
 */
export async function startFlakyTarget(params: {
  failFirst: number;
  failStatus?: number;
  forward?: (request: { headers: IncomingHttpHeaders; body: string }) => Promise<number>;
}): Promise<FlakyTarget> {
  const requests: TargetRequest[] = [];
  let seen = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const failing = seen < params.failFirst;
        seen += 1;
        const status = failing
          ? (params.failStatus ?? 500)
          : params.forward
            ? await params.forward({ headers: request.headers, body }).catch(() => 500)
            : 200;
        requests.push({ headers: request.headers, body, status });
        response.writeHead(status).end();
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
