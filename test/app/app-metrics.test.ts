import { describe, expect, it } from 'vitest';
import { createAppMetrics } from '../../src/app/app-metrics.js';
import { readSeed } from '../helpers/read-fixture.js';
import { FULL_NAME, PATH, startApp } from './app-helpers.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (version 0.0.4). */
function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
      );
      return { name: match[1] as string, labels, value: Number(match[3]) };
    });
}

/** The sum of the samples named `name` whose labels include `labels`. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

describe('milestoneSyncApp: Prometheus metrics', () => {
  it('counts deliveries by outcome, sync runs, GitHub calls and writes, and the rate limit left', async () => {
    const metrics = createAppMetrics();
    const h = await startApp({
      files: { [PATH]: readSeed('elemta-MILESTONES.md') },
      appOptions: { metrics },
    });
    const afterInstall = parseExposition(await metrics.registry.metrics());
    expect(
      valueOf(afterInstall, 'milestone_sync_deliveries_total', {
        event: 'installation.created',
        outcome: 'queued',
      }),
    ).toBe(1);
    expect(
      valueOf(afterInstall, 'milestone_sync_sync_runs_total', { outcome: 'synced' }),
    ).toBeGreaterThanOrEqual(1);
    expect(valueOf(afterInstall, 'milestone_sync_github_writes_total', { method: 'POST' })).toBe(
      h.fake.calls.all().filter((c) => c.method === 'POST').length,
    );
    expect(valueOf(afterInstall, 'milestone_sync_github_writes_total')).toBeGreaterThan(0);
    expect(valueOf(afterInstall, 'milestone_sync_github_requests_total')).toBeGreaterThan(
      valueOf(afterInstall, 'milestone_sync_github_writes_total'),
    );

    const issue = h.issueByTitle('Single standardized configuration format');
    h.fake.human.closeIssue({ repo: FULL_NAME, number: issue.number });
    await h.settle();
    // The same delivery again (a redelivery): answered, not handled.
    const [closed] = h.fake.webhooks.of('issues', 'closed');
    if (!closed) throw new Error('no issues.closed delivery');
    await h.probot.webhooks.receive({
      id: closed.id,
      name: 'issues',
      payload: closed.payload as never,
    });
    await h.settle();

    const text = await metrics.registry.metrics();
    const samples = parseExposition(text);
    expect(
      valueOf(samples, 'milestone_sync_deliveries_total', {
        event: 'issues.closed',
        outcome: 'queued',
      }),
    ).toBe(1);
    expect(
      valueOf(samples, 'milestone_sync_deliveries_total', {
        event: 'issues.closed',
        outcome: 'duplicate',
      }),
    ).toBe(1);
    // The tick commit's own push is let go.
    expect(
      valueOf(samples, 'milestone_sync_deliveries_total', { event: 'push', outcome: 'ignored' }),
    ).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'milestone_sync_sync_runs_total', { outcome: 'synced' })).toBe(
      h.app.stats().runs,
    );
    expect(valueOf(samples, 'milestone_sync_sync_duration_seconds_count')).toBe(h.app.stats().runs);
    expect(valueOf(samples, 'milestone_sync_github_writes_total', { method: 'PUT' })).toBe(
      h.fake.calls.all().filter((c) => c.method === 'PUT').length,
    );
    const remaining = samples.filter(
      (s) => s.name === 'milestone_sync_github_rate_limit_remaining',
    );
    expect(remaining.map((s) => s.labels)).toEqual([{ installation: '77' }]);
    expect(remaining[0]?.value).toBeGreaterThan(0);
    expect(valueOf(samples, 'milestone_sync_queue_running')).toBe(0);
    expect(valueOf(samples, 'milestone_sync_queue_waiting')).toBe(0);
    expect(valueOf(samples, 'milestone_sync_errors_total')).toBe(0);
    // Default process metrics on the same registry.
    expect(text).toContain('milestone_sync_process_cpu_user_seconds_total');
  });

  it('two apps in one process keep separate registries', async () => {
    const first = createAppMetrics({ defaultMetrics: false });
    const second = createAppMetrics({ defaultMetrics: false });
    await startApp({ appOptions: { metrics: first } });
    const a = parseExposition(await first.registry.metrics());
    const b = parseExposition(await second.registry.metrics());
    expect(valueOf(a, 'milestone_sync_deliveries_total')).toBeGreaterThan(0);
    expect(valueOf(b, 'milestone_sync_deliveries_total')).toBe(0);
  });
});
