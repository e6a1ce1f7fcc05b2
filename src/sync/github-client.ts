/**
 * The slice of octokit the engine uses: `octokit.request(route, params)`. Any Octokit (Probot's,
 * @octokit/rest, or one bound to the fake GitHub) fits. Passed in, never a module global.
 */
export interface GithubClient {
  request: (
    route: string,
    params?: Record<string, unknown>,
  ) => Promise<{ status: number; headers: Record<string, unknown>; data: unknown }>;
}

/** What an octokit RequestError carries that the engine looks at. */
export interface HttpErrorLike {
  status: number;
  message: string;
  response?: { headers?: Record<string, unknown>; data?: unknown };
}

export function asHttpError(error: unknown): HttpErrorLike | null {
  if (typeof error !== 'object' || error === null) return null;
  const status = (error as { status?: unknown }).status;
  if (typeof status !== 'number') return null;
  return error as HttpErrorLike;
}

/** Minimal logger (pino/Probot `log` fits). */
export interface Logger {
  info: (msg: string | object, ...rest: unknown[]) => void;
  warn: (msg: string | object, ...rest: unknown[]) => void;
  error: (msg: string | object, ...rest: unknown[]) => void;
  debug?: (msg: string | object, ...rest: unknown[]) => void;
}

export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
};
