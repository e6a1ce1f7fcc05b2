import type { Logger } from '../sync/github-client.js';

type Level = 'info' | 'warn' | 'error' | 'debug';

/**
 * A logger that writes through `probot.log` as it is at each call. Probot builds its logger
 * asynchronously: right after `createProbot` returns, `probot.log` is still null (it is set as
 * Probot initializes, before any app function runs), so a logger read from it then would be null
 * for good. Warnings and errors logged before it exists go to `writeError` as one line.
 */
export function forwardProbotLog(params: {
  probot: { readonly log: unknown };
  writeError: (text: string) => void;
}): Logger {
  const forward =
    (level: Level) =>
    (message: string | object, ...rest: unknown[]): void => {
      const log = params.probot.log as Logger | null | undefined;
      if (log) {
        log[level]?.(message, ...rest);
      } else if (level === 'warn' || level === 'error') {
        const text = typeof message === 'string' ? message : JSON.stringify(message);
        params.writeError(`milestone-sync: ${text}\n`);
      }
    };
  return {
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
    debug: forward('debug'),
  };
}
