import { describe, expect, it } from 'vitest';
import { checkSyncRequest } from '../../src/app/check-sync-request.js';
import { isTerminalJobError } from '../../src/app/terminal-job-error.js';

const VALID = {
  repo: { owner: 'acme', repo: 'plan' },
  fullName: 'acme/plan',
  repoId: 1,
  installationId: 77,
  deliveries: [{ id: 'd1', event: 'push' }],
  webUrl: 'https://github.com',
  events: ['push'],
  pushes: [{ ref: 'refs/heads/main', commits: [{ modified: ['MILESTONES.md'] }], repository: {} }],
  always: false,
  commands: [],
  onboard: false,
};

describe('checkSyncRequest', () => {
  it('accepts a stored request', () => {
    expect(() => checkSyncRequest(VALID)).not.toThrow();
    expect(() => checkSyncRequest({ ...VALID, webUrl: null })).not.toThrow();
    expect(() => checkSyncRequest({ ...VALID, enqueuedAt: 1_700_000_000_000 })).not.toThrow();
  });

  it.each([
    { input: { ...VALID, installationId: '77' }, message: 'installationId' },
    { input: { ...VALID, repo: { owner: 'acme' } }, message: 'repo.repo' },
    { input: { ...VALID, pushes: [{ commits: [] }] }, message: 'pushes.0.ref' },
    { input: { ...VALID, enqueuedAt: '2026-11-27' }, message: 'enqueuedAt' },
    { input: null, message: '(root)' },
  ])('refuses one without $message, terminally', ({ input, message }) => {
    let thrown: unknown;
    try {
      checkSyncRequest(input);
    } catch (error) {
      thrown = error;
    }
    expect(isTerminalJobError(thrown)).toBe(true);
    expect((thrown as Error).message).toContain(`stored sync request is not valid: ${message}`);
  });
});
