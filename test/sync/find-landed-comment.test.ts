import { describe, expect, it } from 'vitest';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import { silentLogger } from '../../src/sync/github-client.js';
import { withRetry } from '../../src/sync/request-with-retry.js';
import { upsertStickyComment } from '../../src/sync/upsert-sticky-comment.js';

const COMMENTS = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
const REPO = { owner: 'acme', repo: 'plan' };

/**
 * A comment POST answered 502 although GitHub posted it (the fault posts it itself, then
 * answers 502): the retry finds it by its body and does not post it again.
 */
function setup(params: { earlierComments: number; landed: boolean }) {
  const fake = createFakeGitHub();
  fake.createRepo({ fullName: 'acme/plan', files: { 'a.md': 'a' } });
  const issue = fake.human.createIssue({ repo: 'acme/plan', title: 'Dashboard' });
  for (let i = 0; i < params.earlierComments; i++) {
    fake.human.comment({ repo: 'acme/plan', number: issue.number, body: `comment ${i}` });
  }
  fake.faults.next({
    route: COMMENTS,
    status: 502,
    before: async (request) => {
      if (!params.landed) return;
      await fake.octokit().request(COMMENTS, {
        ...REPO,
        issue_number: issue.number,
        body: (request.body as { body: string }).body,
      });
    },
  });
  const octokit = withRetry({ client: fake.octokit(), clock: fake.clock, log: silentLogger });
  const bodies = () => [...fake.repo('acme/plan').comments.values()].map((c) => c.body);
  return { fake, octokit, issue, bodies };
}

describe('commentLandedCheck (through upsertStickyComment and withRetry)', () => {
  it.each([
    { earlierComments: 0, name: 'no other comment' },
    { earlierComments: 150, name: 'behind 150 comments (a second page)' },
  ])('a comment that landed despite a 502 is not posted again: $name', async (p) => {
    const { fake, octokit, issue, bodies } = setup({ ...p, landed: true });
    const result = await upsertStickyComment({
      octokit,
      repo: REPO,
      number: issue.number,
      marker: '<!-- milestone-sync:test -->',
      body: '<!-- milestone-sync:test -->\nProgress: 3/4',
      existing: null,
    });
    expect(result).toBe('created');
    expect(bodies().filter((b) => b.includes('Progress: 3/4'))).toHaveLength(1);
    expect(fake.calls.count(COMMENTS)).toBe(2); // the 502 and the fault's own post
    fake.assertNoViolations();
  });

  it('a comment that did not land is posted again after the 502', async () => {
    const { fake, octokit, issue, bodies } = setup({ earlierComments: 0, landed: false });
    await upsertStickyComment({
      octokit,
      repo: REPO,
      number: issue.number,
      marker: '<!-- milestone-sync:test -->',
      body: '<!-- milestone-sync:test -->\nProgress: 3/4',
      existing: null,
    });
    expect(bodies()).toEqual(['<!-- milestone-sync:test -->\nProgress: 3/4']);
    expect(fake.calls.count(COMMENTS)).toBe(2); // the 502 and the retry
    fake.assertNoViolations();
  });
});
