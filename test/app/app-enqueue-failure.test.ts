import { describe, expect, it } from 'vitest';
import type { SyncRequest } from '../../src/app/app.js';
import type { SyncQueue } from '../../src/app/sync-queue.js';
import { createInProcessSyncQueue } from '../../src/app/sync-queue.js';
import { readSeed } from '../helpers/read-fixture.js';
import { FULL_NAME, PATH, startApp } from './app-helpers.js';

describe('milestoneSyncApp: a delivery whose sync cannot be queued', () => {
  it('fails (Probot answers non-2xx), its id is released, and its redelivery is handled', async () => {
    let failing = false;
    let requests: SyncRequest[] = [];
    const h = await startApp({
      files: { [PATH]: readSeed('elemta-MILESTONES.md') },
      appOptions: (fake) => ({
        createQueue: (handlers) => {
          const inner = createInProcessSyncQueue({ ...handlers, clock: fake.clock });
          const queue: SyncQueue<SyncRequest> = {
            ...inner,
            enqueue: (params) => {
              requests.push(params.input);
              return failing
                ? Promise.reject(new Error('database unreachable'))
                : inner.enqueue(params);
            },
          };
          return queue;
        },
      }),
    });
    // What is queued is plain JSON: no client, no logger.
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) {
      expect(JSON.parse(JSON.stringify(request))).toEqual(request);
    }
    requests = [];

    const issue = h.issueByTitle('Single standardized configuration format');
    h.fake.webhooks.enabled = false;
    h.fake.human.closeIssue({ repo: FULL_NAME, number: issue.number });
    h.fake.webhooks.enabled = true;
    const delivery = {
      id: 'redelivered-close',
      name: 'issues' as never,
      payload: JSON.stringify({
        action: 'closed',
        issue: (
          await h.fake
            .octokit()
            .rest.issues.get({ owner: 'acme', repo: 'plan', issue_number: issue.number })
        ).data,
        repository: (await h.fake.octokit().rest.repos.get({ owner: 'acme', repo: 'plan' })).data,
        sender: { login: 'octocat', id: 1, type: 'User' },
        installation: { id: 77, node_id: 'x' },
      }),
    };
    failing = true;
    await expect(
      h.probot.webhooks.receive({ ...delivery, payload: JSON.parse(delivery.payload) } as never),
    ).rejects.toThrow(/database unreachable/);
    expect(requests).toHaveLength(1);
    expect(h.fileText()).toContain('- [ ] Single standardized configuration format');

    failing = false;
    await h.probot.webhooks.receive({
      ...delivery,
      payload: JSON.parse(delivery.payload),
    } as never);
    await h.settle();
    expect(requests).toHaveLength(2);
    expect(h.fileText()).toContain('- [x] Single standardized configuration format');
    // Handled now: a further copy is ignored.
    await h.probot.webhooks.receive({
      ...delivery,
      payload: JSON.parse(delivery.payload),
    } as never);
    expect(requests).toHaveLength(2);
  });
});
