import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startWebhookProxy } from '../../src/cli/start-webhook-proxy.js';
import { startFakeSmee } from '../helpers/fake-smee.js';

function recordingLog() {
  const lines: string[] = [];
  return {
    lines,
    log: {
      info: (message: string) => lines.push(`info ${message}`),
      warn: (message: string) => lines.push(`warn ${message}`),
    },
  };
}

describe('startWebhookProxy (WEBHOOK_PROXY_URL)', () => {
  afterEach(() => {
    vi.doUnmock('smee-client');
    vi.resetModules();
  });

  it('forwards each delivery posted to the channel to the target, body and signature as sent', async () => {
    let receive!: (delivery: { headers: IncomingHttpHeaders; body: string; url: string }) => void;
    const received = new Promise<{ headers: IncomingHttpHeaders; body: string; url: string }>(
      (resolve) => {
        receive = resolve;
      },
    );
    const target = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        receive({
          headers: request.headers,
          body: Buffer.concat(chunks).toString(),
          url: request.url ?? '',
        });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const address = target.address();
    if (typeof address !== 'object' || address === null) throw new Error('no port');
    const smee = await startFakeSmee();
    const { lines, log } = recordingLog();
    const targetUrl = `http://127.0.0.1:${address.port}/api/github/webhooks`;
    const proxy = await startWebhookProxy({ source: smee.url, target: targetUrl, log });
    try {
      await smee.connected;
      const body = JSON.stringify({ action: 'closed', issue: { number: 1 } });
      await fetch(smee.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'issues',
          'x-hub-signature-256': 'sha256=abc',
        },
        body,
      });
      const delivery = await received;
      expect(delivery.url).toBe('/api/github/webhooks');
      expect(delivery.body).toBe(body);
      expect(delivery.headers).toMatchObject({
        'x-github-event': 'issues',
        'x-hub-signature-256': 'sha256=abc',
      });
      await vi.waitFor(() =>
        expect(lines).toContain(`info webhook proxy: POST ${targetUrl} - 200`),
      );
      expect(lines).toContain(`info webhook proxy: Forwarding ${smee.url} to ${targetUrl}`);
    } finally {
      await proxy.stop();
      await smee.close();
      await new Promise<void>((resolve) => target.close(() => resolve()));
    }
  });

  it('a channel it cannot reach is logged, not thrown', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    if (typeof address !== 'object' || address === null) throw new Error('no port');
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const source = `http://127.0.0.1:${address.port}/channel`;
    const { lines, log } = recordingLog();
    const proxy = await startWebhookProxy({ source, target: 'http://127.0.0.1:1/x', log });
    try {
      await vi.waitFor(() =>
        expect(
          lines.some((line) => line.startsWith(`warn webhook proxy: cannot connect to ${source}`)),
        ).toBe(true),
      );
    } finally {
      await proxy.stop();
    }
  });

  it('without smee-client installed: a usage error saying what to do', async () => {
    vi.doMock('smee-client', () => {
      throw new Error("Cannot find package 'smee-client'");
    });
    const { startWebhookProxy: start } = await import('../../src/cli/start-webhook-proxy.js');
    await expect(
      start({
        source: 'https://smee.io/x',
        target: 'http://127.0.0.1:1/x',
        log: recordingLog().log,
      }),
    ).rejects.toThrow(
      'WEBHOOK_PROXY_URL is set but smee-client is not installed: run `npm install smee-client` (development only), or unset WEBHOOK_PROXY_URL',
    );
  });
});
