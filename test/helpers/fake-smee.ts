import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';

/**
 * A local stand-in for one smee.io channel (https://github.com/probot/smee.io), as smee-client
 * sees it: `GET <channel>` is a server-sent event stream; a `POST <channel>` (GitHub's delivery)
 * is passed to every listener as one message whose data is the request's headers with `body`
 * (the parsed JSON) and `query`, as smee.io sends it.
 */
export interface FakeSmee {
  /** The channel URL, what WEBHOOK_PROXY_URL and the app's webhook URL are set to. */
  url: string;
  /** Resolves when a client listens on the channel. */
  connected: Promise<void>;
  /** Deliveries posted to the channel. */
  received: number;
  close(): Promise<void>;
}

export async function startFakeSmee(): Promise<FakeSmee> {
  const listeners = new Set<ServerResponse>();
  let onConnected!: () => void;
  const connected = new Promise<void>((resolve) => {
    onConnected = resolve;
  });
  const state = { received: 0 };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/channel') {
      response.writeHead(404).end();
      return;
    }
    if (request.method === 'GET') {
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      response.write('event: ready\ndata: {}\n\n');
      listeners.add(response);
      request.on('close', () => listeners.delete(response));
      onConnected();
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      state.received++;
      const message = {
        ...request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
        query: Object.fromEntries(url.searchParams),
        timestamp: Date.now(),
      };
      for (const listener of listeners) listener.write(`data: ${JSON.stringify(message)}\n\n`);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}/channel`,
    connected,
    get received() {
      return state.received;
    },
    close: async () => {
      for (const listener of listeners) listener.end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
