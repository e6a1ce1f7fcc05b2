/**
 * A failure that running the same request again cannot fix (a request that fails validation, a
 * repository the app may no longer read): a queue reports it once through `onError` and never
 * retries it. Any other error is retried with backoff while attempts remain.
 */
export class TerminalJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TerminalJobError';
  }
}

/** True for a `TerminalJobError`, also one from another copy of this module (by name). */
export function isTerminalJobError(error: unknown): boolean {
  return (
    error instanceof TerminalJobError ||
    (error instanceof Error && error.name === 'TerminalJobError')
  );
}
