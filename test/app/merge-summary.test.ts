import { afterEach, describe, expect, it } from 'vitest';
import { MERGE_SUMMARY_MARKER } from '../../src/report/render-merge-summary.js';
import { PR_PREVIEW_MARKER } from '../../src/report/render-pr-preview.js';
import { decodeDashboardMarker } from '../../src/sync/dashboard-marker.js';
import { readSeed } from '../helpers/read-fixture.js';
import type { AppHarness } from './app-helpers.js';
import { FULL_NAME, PATH, startApp } from './app-helpers.js';

const SEED = readSeed('elemta-MILESTONES.md');
const [OWNER, REPO] = FULL_NAME.split('/') as [string, string];
const LOOKUP = 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls';
const LIST_COMMENTS = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
const POST_COMMENT = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';

/** The seed with one deliverable added, one renamed, one removed and one ticked. */
const CHANGED = SEED.replace(
  '- [ ] Basic SMTP functionality working end-to-end\n',
  '- [ ] Basic SMTP functionality working end-to-end\n- [ ] Brand new merged deliverable\n',
)
  .replace('- [ ] Performance optimization\n', '- [ ] Performance optimization and profiling\n')
  .replace('- [ ] Compliance features\n', '')
  .replace('- [ ] Comprehensive test coverage', '- [x] Comprehensive test coverage');

const harnesses: AppHarness[] = [];
afterEach(() => {
  for (const harness of harnesses.splice(0)) harness.fake.assertNoViolations();
});

async function start(): Promise<AppHarness> {
  const h = await startApp({ files: { [PATH]: SEED, 'README.md': 'hi\n' } });
  harnesses.push(h);
  return h;
}

/** A branch changing `path` to `text`, and a pull request from it into main (settled). */
async function openPullRequest(
  h: AppHarness,
  params: { branch: string; text: string; path?: string },
): Promise<number> {
  const octokit = h.fake.octokit();
  const repo = h.fake.repo(FULL_NAME);
  await octokit.request('POST /repos/{owner}/{repo}/git/refs', {
    owner: OWNER,
    repo: REPO,
    ref: `refs/heads/${params.branch}`,
    sha: repo.branches.get(repo.defaultBranch)?.headSha ?? '',
  });
  h.fake.human.editFile({
    repo: FULL_NAME,
    path: params.path ?? PATH,
    content: params.text,
    branch: params.branch,
  });
  const { data } = await octokit.request('POST /repos/{owner}/{repo}/pulls', {
    owner: OWNER,
    repo: REPO,
    title: 'Plan changes',
    head: params.branch,
    base: 'main',
  });
  await h.settle();
  return data.number;
}

/** Calls to `route` about pull request `number` (the sync comments on issues too). */
function callsOn(h: AppHarness, route: string, number: number): number {
  return h.fake.calls
    .all()
    .filter((c) => c.route === route && c.params.issue_number === String(number)).length;
}

function summaries(h: AppHarness, number: number) {
  return [...h.fake.repo(FULL_NAME).comments.values()].filter(
    (c) => c.issueNumber === number && c.body.startsWith(MERGE_SUMMARY_MARKER),
  );
}

/** Hands a delivery the fake made to Probot again, as GitHub's "Redeliver" does (same id). */
async function redeliver(
  h: AppHarness,
  delivery: { id: string; event: string; body: string; headers: Record<string, string> },
) {
  await h.probot.webhooks.verifyAndReceive({
    id: delivery.id,
    name: delivery.event as never,
    payload: delivery.body,
    signature: delivery.headers['x-hub-signature-256'] ?? '',
  });
  await h.settle();
}

describe('after a merge: one summary comment on the merged pull request', () => {
  it('the merge syncs; one summary with links to what was created and changed; a redelivered push posts no second one', async () => {
    const h = await start();
    const number = await openPullRequest(h, { branch: 'plan-1', text: CHANGED });
    const preview = [...h.fake.repo(FULL_NAME).comments.values()].find((c) =>
      c.body.startsWith(PR_PREVIEW_MARKER),
    );
    expect(preview?.issueNumber).toBe(number);
    const previewBody = preview?.body;
    const renamed = h.issueByTitle('Performance optimization');
    const removed = h.issueByTitle('Compliance features');
    const ticked = h.issueByTitle('Comprehensive test coverage');
    h.fake.calls.reset();

    h.fake.human.mergePull({ repo: FULL_NAME, number });
    await h.settle();

    const created = h.issueByTitle('Brand new merged deliverable');
    expect(renamed.title).toBe('Performance optimization and profiling');
    expect([removed.state, removed.stateReason]).toEqual(['closed', 'not_planned']);
    expect([ticked.state, ticked.stateReason]).toEqual(['closed', 'completed']);
    const comments = summaries(h, number);
    expect(comments).toHaveLength(1);
    const body = comments[0]?.body ?? '';
    expect(body.split('\n')[1]).toBe(
      '### ✅ Merged into `main`: milestone-sync created 1 issue, renamed 1, closed 1 as not planned, closed 1 as completed',
    );
    // Links are GitHub's html_url of each issue.
    const octokit = h.fake.octokit();
    const htmlUrl = async (issue: number) =>
      (await octokit.rest.issues.get({ owner: OWNER, repo: REPO, issue_number: issue })).data
        .html_url;
    expect(body).toContain(
      `- [#${created.number}](${await htmlUrl(created.number)}) “Brand new merged deliverable”`,
    );
    expect(body).toContain(
      `- [#${renamed.number}](${await htmlUrl(renamed.number)}) “Performance optimization” → “Performance optimization and profiling”`,
    );
    expect(body).toContain(
      `- [#${removed.number}](${await htmlUrl(removed.number)}) “Compliance features”`,
    );
    expect(body).toContain(
      `- [#${ticked.number}](${await htmlUrl(ticked.number)}) “Comprehensive test coverage”`,
    );
    const dashboards = h.issues().filter((i) => decodeDashboardMarker(i.body) !== null);
    expect(dashboards).toHaveLength(1);
    const dashboard = dashboards[0]?.number ?? 0;
    expect(body).toContain(`📊 Dashboard: [#${dashboard}](${await htmlUrl(dashboard)})`);
    // The preview comment stays as it was.
    expect(
      [...h.fake.repo(FULL_NAME).comments.values()].find((c) => c.id === preview?.id)?.body,
    ).toBe(previewBody);
    // The cost of the summary, beyond the sync: one lookup, one comment list, one comment.
    expect(h.fake.calls.count(LOOKUP)).toBe(1);
    expect(callsOn(h, LIST_COMMENTS, number)).toBe(1);
    expect(callsOn(h, POST_COMMENT, number)).toBe(1);
    expect(h.messages()).toContain(`${FULL_NAME}#${number}: merge summary posted`);

    // GitHub's "Redeliver" of the merge push: the delivery id was seen, nothing is done.
    const push = h.fake.webhooks.of('push').at(-1);
    expect(push?.payload.after).toBe(h.fake.repo(FULL_NAME).pulls.get(number)?.mergeCommitSha);
    h.fake.calls.reset();
    await redeliver(h, push as NonNullable<typeof push>);
    expect(h.fake.calls.all()).toEqual([]);
    // Once the id is forgotten (e.g. a restart of the in-process dedupe): a sync (nothing to
    // do), the lookup, the list; no comment.
    await h.deliveries.release(push?.id ?? '');
    await redeliver(h, push as NonNullable<typeof push>);
    expect(h.fake.calls.count(LOOKUP)).toBe(1);
    expect(callsOn(h, LIST_COMMENTS, number)).toBe(1);
    expect(h.fake.calls.count(POST_COMMENT)).toBe(0);
    expect(summaries(h, number)).toHaveLength(1);
  });

  it('a squash merge the sync finds nothing to do for: the summary says already in step', async () => {
    const h = await start();
    const text = `${h.fileText()}\n`;
    const number = await openPullRequest(h, { branch: 'blank-line', text });
    h.fake.human.mergePull({ repo: FULL_NAME, number, method: 'squash' });
    await h.settle();
    const comments = summaries(h, number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body.split('\n')[1]).toBe(
      '### ✅ Merged into `main`: milestone-sync found GitHub already in step with `MILESTONES.md`',
    );
  });

  it('merging a pull request that does not touch the plan costs no API call at all', async () => {
    const h = await start();
    const number = await openPullRequest(h, {
      branch: 'docs',
      path: 'README.md',
      text: 'new readme\n',
    });
    h.fake.calls.reset();
    h.fake.human.mergePull({ repo: FULL_NAME, number });
    await h.settle();
    expect(h.fake.webhooks.of('pull_request', 'closed')).toHaveLength(1);
    expect(h.fake.calls.all()).toEqual([]);
    expect(summaries(h, number)).toEqual([]);
  });

  it('a direct push to the plan (no pull request): one lookup, no comment', async () => {
    const h = await start();
    h.fake.calls.reset();
    h.fake.human.editFile({
      repo: FULL_NAME,
      path: PATH,
      content: h
        .fileText()
        .replace('- [ ] Compliance features\n', '- [ ] Compliance features\n- [ ] Direct one\n'),
    });
    await h.settle();
    expect(h.issueByTitle('Direct one').state).toBe('open');
    expect(h.fake.calls.count(LOOKUP)).toBe(1);
    expect(h.fake.calls.count(LIST_COMMENTS)).toBe(0);
    expect(h.fake.calls.count(POST_COMMENT)).toBe(0);
  });
});
