import type { FakeRequest, FakeResponse } from './handle-request.js';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

async function readBody(params: {
  input: string | URL | Request;
  init: RequestInit | undefined;
}): Promise<string | undefined> {
  const body =
    params.init?.body ?? (params.input instanceof Request ? await params.input.text() : undefined);
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  return new Response(body).text();
}

function readHeaders(params: {
  input: string | URL | Request;
  init: RequestInit | undefined;
}): Record<string, string> {
  const headers = new Headers(params.input instanceof Request ? params.input.headers : undefined);
  new Headers(params.init?.headers).forEach((value, key) => headers.set(key, value));
  return Object.fromEntries(
    [...headers.entries()].map(([key, value]) => [key.toLowerCase(), value]),
  );
}

/**
 * A WHATWG `fetch` served by the fake, for `new Octokit({ request: { fetch } })`
 * (@octokit/request v10 calls `fetch(url, { method, headers, body, redirect, signal })`)
 * or anything else that takes a fetch. Any origin is accepted; `/api/v3` is
 * stripped like GitHub Enterprise Server.
 */
export function createFetch(handle: (request: FakeRequest) => Promise<FakeResponse>): FetchLike {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const method = (
      init?.method ?? (input instanceof Request ? input.method : 'GET')
    ).toUpperCase();
    const response = await handle({
      method,
      url,
      headers: readHeaders({ input, init }),
      body: await readBody({ input, init }),
    });
    const bodyless = response.status === 204 || response.status === 304 || method === 'HEAD';
    return new Response(bodyless ? null : response.body, {
      status: response.status,
      headers: response.headers,
    });
  };
}
