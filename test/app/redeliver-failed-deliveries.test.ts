import type { FlakyTarget } from '@milestone-sync/fake-github';
import { startFlakyTarget } from '@milestone-sync/fake-github';
import { afterEach, describe, expect, it } from 'vitest';
import type { GithubClient } from '../../src/sync/github-client.js';
import { silentLogger } from '../../src/sync/github-client.js';
import type { RedeliveryMemory } from '../../src/sync/redeliver-failed-deliveries.js';
import { redeliverFailedDeliveries } from '../../src/sync/redeliver-failed-deliveries.js';
import { readSeed } from '../helpers/read-fixture.js';
import type { AppHarness } from './app-helpers.js';
import { FULL_NAME, PATH, startApp } from './app-helpers.js';

const SEED = readSeed('elemta-MILESTONES.md');
const HOUR = 60 * 60 * 1000;
const REDELIVER = 'POST /app/hook/deliveries/{delivery_id}/attempts';

let target: FlakyTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

/** The app behind a webhook URL that answers 500 to its first delivery. */
async function startBehindFlakyUrl(): Promise<AppHarness> {
  const h = await startApp({ files: { [PATH]: SEED } });
  h.stopReceiving();
  target = await startFlakyTarget({
    failFirst: 1,
    forward: async ({ headers, body }) => {
      await h.probot.webhooks.verifyAndReceive({
        id: String(headers['x-github-delivery']),
        name: String(headers['x-github-event']) as never,
        payload: body,
        signature: String(headers['x-hub-signature-256']),
      });
      return 200;
    },
  });
  h.fake.webhooks.addTarget(target.url);
  return h;
}

describe('redeliverFailedDeliveries against the fake and a real Probot', () => {
  it('a close whose delivery failed is redelivered once, processed once; the next sweep asks nothing', async () => {
    const h = await startBehindFlakyUrl();
    const issue = h.issueByTitle('Single standardized configuration format');
    h.fake.human.closeIssue({ repo: FULL_NAME, number: issue.number });
    await expect(h.fake.webhooks.idle()).rejects.toThrow(/answered 500/);
    await h.settle();
    expect(h.fileText()).toContain('- [ ] Single standardized configuration format');
    const guid = h.fake.webhooks.of('issues', 'closed').at(-1)?.id;

    const octokit = (await h.probot.auth()) as unknown as GithubClient;
    const memory: RedeliveryMemory = { requested: new Set() };
    const sweep = () =>
      redeliverFailedDeliveries({
        octokit,
        log: silentLogger,
        memory,
        since: h.fake.clock.now() - HOUR,
      });
    expect(await sweep()).toEqual([guid]);
    await h.settle();

    expect(h.fileText()).toContain('- [x] Single standardized configuration format');
    expect(h.fake.calls.count(REDELIVER)).toBe(1);
    expect(target?.requests.filter((r) => r.headers['x-github-delivery'] === guid)).toHaveLength(2);
    expect(h.messages().filter((m) => m.endsWith('(issues.closed)'))).toHaveLength(1);

    expect(await sweep()).toEqual([]);
    // A fresh process (empty memory) sees the redelivery in the log and asks nothing either.
    expect(
      await redeliverFailedDeliveries({
        octokit,
        log: silentLogger,
        memory: { requested: new Set() },
        since: h.fake.clock.now() - HOUR,
      }),
    ).toEqual([]);
    await h.settle();
    expect(h.fake.calls.count(REDELIVER)).toBe(1);
    h.fake.assertNoViolations();
  });
});
