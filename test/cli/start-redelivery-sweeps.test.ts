import { createFakeGitHub, startFlakyTarget } from '@milestone-sync/fake-github';
import { describe, expect, it } from 'vitest';
import { startRedeliverySweeps } from '../../src/cli/start-redelivery-sweeps.js';
import type { GithubClient } from '../../src/sync/github-client.js';

describe('startRedeliverySweeps', () => {
  it('sweeps after the first delay, keeps sweeping, and stop() ends it', async () => {
    const fake = createFakeGitHub();
    fake.createRepo({ fullName: 'acme/plan', files: { 'README.md': 'hi\n' } });
    fake.install({ account: 'acme', repos: ['acme/plan'], id: 77 });
    const target = await startFlakyTarget({ failFirst: 1 });
    try {
      fake.webhooks.addTarget(target.url);
      fake.human.createIssue({ repo: 'acme/plan', title: 'lost' });
      await expect(fake.webhooks.idle()).rejects.toThrow(/answered 500/);
      const infos: string[] = [];
      let sweeps = 0;
      const sweeper = startRedeliverySweeps({
        appOctokit: () => {
          sweeps += 1;
          return Promise.resolve(fake.octokit() as unknown as GithubClient);
        },
        log: { info: (m) => infos.push(String(m)), warn: () => {}, error: () => {} },
        intervalMs: 1,
        firstDelayMs: 1,
        now: () => fake.clock.now(),
      });
      await expect.poll(() => sweeps, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
      await sweeper.stop();
      const after = sweeps;
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(sweeps).toBe(after);
      await fake.webhooks.idle();
      expect(fake.calls.count('POST /app/hook/deliveries/{delivery_id}/attempts')).toBe(1);
      expect(infos).toHaveLength(1);
      expect(infos[0]).toMatch(/^redeliver: requested redelivery of failed webhook /);
      expect(target.requests.map((r) => r.status)).toEqual([500, 200]);
    } finally {
      await target.close();
    }
  });
});
