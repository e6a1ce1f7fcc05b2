import { describe, expect, it } from 'vitest';
import { startRecoverySweeps } from '../../src/cli/start-recovery-sweeps.js';

describe('startRecoverySweeps', () => {
  it('sweeps after the first delay, keeps sweeping through a failure, never overlaps, and stop() ends it', async () => {
    let sweeps = 0;
    let inside = 0;
    let overlapped = false;
    const warnings: string[] = [];
    const sweeper = startRecoverySweeps({
      sweep: async () => {
        sweeps++;
        inside++;
        overlapped ||= inside > 1;
        await new Promise((resolve) => setTimeout(resolve, 2));
        inside--;
        if (sweeps === 2) throw new Error('GitHub is down');
        return sweeps === 3 ? null : [];
      },
      log: { info: () => {}, warn: (m) => warnings.push(String(m)), error: () => {} },
      intervalMs: 1,
      firstDelayMs: 1,
    });
    await expect.poll(() => sweeps, { timeout: 5000 }).toBeGreaterThanOrEqual(4);
    await sweeper.stop();
    const after = sweeps;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sweeps).toBe(after);
    expect(overlapped).toBe(false);
    expect(warnings).toEqual(['recovery sweep failed: GitHub is down']);
  });
});
