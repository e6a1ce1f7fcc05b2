import { describe, expect, it } from 'vitest';
import { forwardProbotLog } from '../../src/cli/forward-probot-log.js';

/** A stand-in for Probot: `log` is null until it initializes, as after `createProbot`. */
function lateProbot() {
  const lines: string[] = [];
  const probot: { log: unknown } = { log: null };
  const logger = {
    info: (message: unknown) => lines.push(`info ${String(message)}`),
    warn: (message: unknown) => lines.push(`warn ${String(message)}`),
    error: (message: unknown) => lines.push(`error ${String(message)}`),
    debug: (message: unknown) => lines.push(`debug ${String(message)}`),
  };
  return { probot, lines, initialize: () => (probot.log = logger) };
}

describe('forwardProbotLog', () => {
  it('writes through the logger Probot sets later (serve took `probot.log` while still null)', () => {
    const { probot, lines, initialize } = lateProbot();
    let errors = '';
    const log = forwardProbotLog({ probot, writeError: (text) => (errors += text) });
    initialize();
    log.info('one');
    log.warn('two');
    log.error('three');
    log.debug?.('four');
    expect(lines).toEqual(['info one', 'warn two', 'error three', 'debug four']);
    expect(errors).toBe('');
  });

  it('before Probot has a logger: warnings and errors go to stderr, the rest is dropped', () => {
    const { probot, lines } = lateProbot();
    let errors = '';
    const log = forwardProbotLog({ probot, writeError: (text) => (errors += text) });
    log.info('dropped');
    log.debug?.('dropped');
    log.warn('database connection error: terminated');
    log.error({ reason: 'x' });
    expect(lines).toEqual([]);
    expect(errors).toBe(
      'milestone-sync: database connection error: terminated\nmilestone-sync: {"reason":"x"}\n',
    );
  });
});
