import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Probot } from 'probot';
import { REPO, setupFake } from './fake-helpers.js';

describe('a whole loop without GitHub', () => {
  it('delivers signed webhooks to Probot, whose installation Octokit calls back into the fake', async () => {
    const fake = setupFake({ webhookSecret: 'loop-secret' });
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const probot = new Probot({
      appId: 4242,
      privateKey,
      secret: 'loop-secret',
      baseUrl: fake.urls.api,
      request: { fetch: fake.fetch },
      logLevel: 'fatal',
    });
    await probot.load((app) => {
      app.on('issues.closed', async (context) => {
        await context.octokit.rest.issues.createComment(
          context.issue({ body: `Noted: #${context.payload.issue.number} closed.` }),
        );
      });
    });
    fake.webhooks.subscribe((delivery) =>
      probot.webhooks.verifyAndReceive({
        id: delivery.id,
        name: delivery.event as never,
        payload: delivery.body,
        signature: delivery.headers['x-hub-signature-256'] ?? '',
      }),
    );

    const issue = fake.human.createIssue({ repo: REPO, title: 'Write the parser' });
    fake.human.closeIssue({ repo: REPO, number: issue.number });
    await fake.webhooks.idle();

    const comments = [...fake.repo(REPO).comments.values()];
    expect(comments.map((c) => [c.issueNumber, c.authorLogin, c.body])).toEqual([
      [issue.number, 'milestone-sync[bot]', `Noted: #${issue.number} closed.`],
    ]);
    expect(fake.calls.byRoute()).toEqual({
      'POST /app/installations/{installation_id}/access_tokens': 1,
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': 1,
    });
    fake.assertNoViolations();
  });
});
