import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Webhooks } from '@octokit/webhooks';
import type { WebhookDelivery } from '../src/index.js';
import { NAME, OWNER, REPO, setupFake } from './fake-helpers.js';

const repo = { owner: OWNER, repo: NAME };
const summary = (deliveries: WebhookDelivery[]) =>
  deliveries.map((d) => (d.action ? `${d.event}.${d.action}` : d.event));

describe('webhooks', () => {
  it('signs deliveries with X-Hub-Signature-256 that @octokit/webhooks verifies', async () => {
    const fake = setupFake({ webhookSecret: 's3cret' });
    const received: WebhookDelivery[] = [];
    fake.webhooks.subscribe((d) => {
      received.push(d);
    });
    fake.human.createIssue({ repo: REPO, title: 'hello' });
    await fake.webhooks.idle();
    const delivery = received.at(-1);
    if (!delivery) throw new Error('no delivery');
    expect(delivery.headers['x-github-event']).toBe('issues');
    expect(delivery.headers['x-github-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    const expected = `sha256=${createHmac('sha256', 's3cret').update(delivery.body).digest('hex')}`;
    expect(delivery.headers['x-hub-signature-256']).toBe(expected);
    const webhooks = new Webhooks({ secret: 's3cret' });
    expect(
      await webhooks.verify(delivery.body, delivery.headers['x-hub-signature-256'] ?? ''),
    ).toBe(true);
    expect(
      await new Webhooks({ secret: 'wrong' }).verify(
        delivery.body,
        delivery.headers['x-hub-signature-256'] ?? '',
      ),
    ).toBe(false);
    expect(delivery.payload).toMatchObject({
      action: 'opened',
      issue: { title: 'hello' },
      installation: { id: 77 },
      sender: { login: 'octocat' },
    });
  });

  it('emits issues.* events for API and human changes', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    fake.webhooks.deliveries.length = 0;
    const m = await octokit.rest.issues.createMilestone({ ...repo, title: 'M1' });
    const issue = await octokit.rest.issues.create({ ...repo, title: 'x', labels: ['plan'] });
    await octokit.rest.issues.update({
      ...repo,
      issue_number: issue.data.number,
      title: 'renamed',
      milestone: m.data.number,
    });
    fake.human.closeIssue({ repo: REPO, number: issue.data.number });
    fake.human.reopenIssue({ repo: REPO, number: issue.data.number });
    fake.human.removeLabel({ repo: REPO, number: issue.data.number, label: 'plan' });
    await fake.webhooks.idle();
    expect(summary(fake.webhooks.deliveries)).toEqual([
      'milestone.created',
      'issues.opened',
      'issues.labeled',
      'issues.edited',
      'issues.milestoned',
      'issues.closed',
      'issues.reopened',
      'issues.unlabeled',
    ]);
    const edited = fake.webhooks.of('issues', 'edited')[0];
    expect(edited?.payload.changes).toEqual({ title: { from: 'x' } });
    expect(fake.webhooks.of('issues', 'closed')[0]?.payload.sender).toMatchObject({
      login: 'octocat',
    });
    expect(fake.webhooks.of('issues', 'labeled')[0]?.payload.sender).toMatchObject({
      login: 'milestone-sync[bot]',
    });
    fake.assertNoViolations();
  });

  it('emits milestone created/edited/closed/opened', async () => {
    const fake = setupFake();
    fake.webhooks.deliveries.length = 0;
    const m = fake.human.createMilestone({ repo: REPO, title: 'M1' });
    fake.human.editMilestone({
      repo: REPO,
      number: m.number,
      patch: { title: 'M1 — Foundations', due_on: '2026-03-01T12:00:00Z' },
    });
    fake.human.closeMilestone({ repo: REPO, number: m.number });
    fake.human.editMilestone({ repo: REPO, number: m.number, patch: { state: 'open' } });
    await fake.webhooks.idle();
    expect(summary(fake.webhooks.deliveries)).toEqual([
      'milestone.created',
      'milestone.edited',
      'milestone.closed',
      'milestone.opened',
    ]);
    expect(fake.webhooks.of('milestone', 'edited')[0]?.payload.changes).toEqual({
      title: { from: 'M1' },
      due_on: { from: '' },
    });
  });

  it('emits push with added/modified/removed, and pull_request opened/synchronize', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    fake.webhooks.deliveries.length = 0;
    fake.human.editFile({ repo: REPO, path: 'MILESTONES.md', content: 'changed\n' });
    fake.human.editFile({ repo: REPO, path: 'docs/new.md', content: 'new\n' });
    fake.human.deleteFile({ repo: REPO, path: 'README.md' });
    const pushes = fake.webhooks.of('push');
    expect(pushes.map((p) => (p.payload.commits as Array<Record<string, string[]>>)[0])).toEqual([
      expect.objectContaining({ added: [], modified: ['MILESTONES.md'], removed: [] }),
      expect.objectContaining({ added: ['docs/new.md'], modified: [], removed: [] }),
      expect.objectContaining({ added: [], modified: [], removed: ['README.md'] }),
    ]);
    expect(pushes[0]?.payload.ref).toBe('refs/heads/main');
    expect(pushes[1]?.payload.before).toBe(pushes[0]?.payload.after);

    const sha = fake.repo(REPO).branches.get('main')?.headSha ?? '';
    await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/milestone-sync/p', sha });
    fake.human.editFile({
      repo: REPO,
      path: 'MILESTONES.md',
      content: 'branch\n',
      branch: 'milestone-sync/p',
    });
    await octokit.rest.pulls.create({
      ...repo,
      title: 'Sync',
      head: 'milestone-sync/p',
      base: 'main',
    });
    fake.human.editFile({
      repo: REPO,
      path: 'MILESTONES.md',
      content: 'branch 2\n',
      branch: 'milestone-sync/p',
    });
    await fake.webhooks.idle();
    expect(summary(fake.webhooks.deliveries).slice(3)).toEqual([
      'push',
      'push',
      'pull_request.opened',
      'push',
      'pull_request.synchronize',
    ]);
    const created = fake.webhooks.deliveries[3]?.payload;
    expect(created).toMatchObject({
      ref: 'refs/heads/milestone-sync/p',
      created: true,
      commits: [],
    });
    fake.assertNoViolations();
  });

  it('emits installation.created', async () => {
    const fake = setupFake();
    fake.createRepo({ fullName: 'acme/second' });
    fake.install({ account: 'acme', repos: ['acme/second'], id: 88 });
    await fake.webhooks.idle();
    const delivery = fake.webhooks.of('installation', 'created').at(-1);
    expect(delivery?.payload).toMatchObject({
      installation: { id: 88, app_slug: 'milestone-sync', account: { login: 'acme' } },
      repositories: [{ full_name: 'acme/second' }],
    });
  });

  it('POSTs deliveries to a URL target with the GitHub headers', async () => {
    const fake = setupFake();
    const got: Array<{ event: string | undefined; signature: string | undefined; body: string }> =
      [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        got.push({
          event: req.headers['x-github-event'] as string | undefined,
          signature: req.headers['x-hub-signature-256'] as string | undefined,
          body,
        });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      fake.webhooks.addTarget(`http://127.0.0.1:${port}/api/github/webhooks`);
      fake.human.createIssue({ repo: REPO, title: 'over http' });
      await fake.webhooks.idle();
      expect(got).toHaveLength(1);
      expect(got[0]?.event).toBe('issues');
      expect(
        await new Webhooks({ secret: 'fake-webhook-secret' }).verify(
          got[0]?.body ?? '',
          got[0]?.signature ?? '',
        ),
      ).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('surfaces subscriber failures from idle()', async () => {
    const fake = setupFake();
    fake.webhooks.subscribe(() => {
      throw new Error('handler broke');
    });
    fake.human.createIssue({ repo: REPO, title: 'x' });
    await expect(fake.webhooks.idle()).rejects.toThrow(/handler broke/);
  });
});
