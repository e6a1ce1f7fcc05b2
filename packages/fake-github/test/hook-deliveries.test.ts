import { afterEach, describe, expect, it } from 'vitest';
import type { FlakyTarget } from '../src/index.js';
import { startFlakyTarget } from '../src/index.js';
import { REPO, setupFake } from './fake-helpers.js';

let target: FlakyTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

describe('app webhook deliveries', () => {
  it('lists each POST to a target, newest first, with status and a redelivery flag', async () => {
    const fake = setupFake();
    target = await startFlakyTarget({ failFirst: 1 });
    fake.webhooks.addTarget(target.url);
    fake.human.createIssue({ repo: REPO, title: 'one' });
    fake.human.createIssue({ repo: REPO, title: 'two' });
    await expect(fake.webhooks.idle()).rejects.toThrow(/answered 500/);
    const octokit = fake.octokit();
    const listed = await octokit.request('GET /app/hook/deliveries');
    expect(listed.data).toHaveLength(2);
    const [second, first] = listed.data;
    expect(first).toMatchObject({
      guid: fake.webhooks.deliveries.at(-2)?.id,
      redelivery: false,
      status: 'Invalid HTTP Response: 500',
      status_code: 500,
      event: 'issues',
      action: 'opened',
      installation_id: fake.repo(REPO).installationId,
      repository_id: fake.repo(REPO).id,
    });
    expect(second).toMatchObject({ status: 'OK', status_code: 200, redelivery: false });
    const failed = await octokit.request('GET /app/hook/deliveries', { status: 'failure' });
    expect(failed.data.map((d) => d.id)).toEqual([first?.id]);

    const answer = await octokit.request('POST /app/hook/deliveries/{delivery_id}/attempts', {
      delivery_id: Number(first?.id ?? 0),
    });
    expect(answer.status).toBe(202);
    await fake.webhooks.idle();
    expect(target.requests.map((r) => r.headers['x-github-delivery'])).toEqual([
      first?.guid,
      second?.guid,
      first?.guid,
    ]);
    expect(target.requests[2]?.body).toBe(target.requests[0]?.body);
    const after = await octokit.request('GET /app/hook/deliveries');
    expect(after.data[0]).toMatchObject({ guid: first?.guid, redelivery: true, status_code: 200 });
    fake.assertNoViolations();
  });

  it('pages with a cursor in the link header', async () => {
    const fake = setupFake();
    target = await startFlakyTarget({ failFirst: 0 });
    fake.webhooks.addTarget(target.url);
    for (const title of ['a', 'b', 'c', 'd', 'e']) fake.human.createIssue({ repo: REPO, title });
    await fake.webhooks.idle();
    const octokit = fake.octokit();
    const ids = (await octokit.paginate('GET /app/hook/deliveries', { per_page: 2 })).map(
      (d) => d.id,
    );
    expect(ids).toEqual([5, 4, 3, 2, 1]);
    expect(fake.calls.count('GET /app/hook/deliveries')).toBe(3);
  });

  it('answers 404 to a redelivery of an unknown delivery', async () => {
    const fake = setupFake();
    await expect(
      fake
        .octokit()
        .request('POST /app/hook/deliveries/{delivery_id}/attempts', { delivery_id: 9 }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
