import { afterEach, describe, expect, it } from 'vitest';
import { PR_PREVIEW_MARKER } from '../../src/report/render-pr-preview.js';
import { readSeed } from '../helpers/read-fixture.js';
import type { AppHarness } from './app-helpers.js';
import { FULL_NAME, PATH, startApp } from './app-helpers.js';

const SEED = readSeed('elemta-MILESTONES.md');
const FORK = 'contributor/plan';
const CONFIG = '.github/milestone-sync.yml';
const CHECK_RUN = 'POST /repos/{owner}/{repo}/check-runs';
const NEW_COMMENT = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
const EDIT_COMMENT = 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}';

/** The seed with one deliverable added and one removed. */
const CHANGED = SEED.replace(
  '- [ ] Basic SMTP functionality working end-to-end\n',
  '- [ ] Basic SMTP functionality working end-to-end\n- [ ] Brand new fork deliverable\n',
).replace('- [ ] Compliance features\n', '');

const harnesses: AppHarness[] = [];
afterEach(() => {
  for (const harness of harnesses.splice(0)) harness.fake.assertNoViolations();
});

async function start(): Promise<AppHarness> {
  const h = await startApp({ files: { [PATH]: SEED, 'README.md': 'hi\n' } });
  harnesses.push(h);
  return h;
}

/**
 * `contributor` forks acme/plan, commits `files` to the fork's main, and opens a pull request
 * from it (all as people do, so no API call is recorded); settles.
 */
async function openForkPull(h: AppHarness, files: Record<string, string>): Promise<number> {
  const contributor = h.fake.human.as('contributor');
  contributor.fork({ repo: FULL_NAME });
  for (const [path, content] of Object.entries(files)) {
    contributor.editFile({ repo: FORK, path, content });
  }
  const pull = contributor.openPullRequest({ repo: FULL_NAME, head: 'contributor:main' });
  await h.settle();
  return pull.number;
}

function previewComments(h: AppHarness, number: number) {
  return [...h.fake.repo(FULL_NAME).comments.values()].filter(
    (c) => c.issueNumber === number && c.body.startsWith(PR_PREVIEW_MARKER),
  );
}

function writes(h: AppHarness): string[] {
  return h.fake.calls
    .writes()
    .map((c) => c.route)
    .sort();
}

function forkHead(h: AppHarness): string {
  return h.fake.repo(FORK).branches.get('main')?.headSha ?? '';
}

describe('pull requests from forks', () => {
  it('a fork changing the plan: one sticky comment and one check run on its head, nothing else written', async () => {
    const h = await start();
    h.fake.calls.reset();
    const number = await openForkPull(h, { [PATH]: CHANGED });

    // Exactly the check run and the comment: no write to issues, milestones, labels or files.
    expect(writes(h)).toEqual([NEW_COMMENT, CHECK_RUN].sort());
    const [comment] = previewComments(h, number);
    expect(comment?.body).toContain('- issue “Brand new fork deliverable” in “Milestone 1');
    expect(comment?.body).toMatch(
      /#### Close as not planned \(1\)\n\n- #\d+ “Compliance features”/,
    );
    expect([...h.fake.repo(FULL_NAME).checkRuns.values()]).toMatchObject([
      { name: 'milestone-sync', headSha: forkHead(h), conclusion: 'success' },
    ]);
    // The plan was read at the fork's head from the base repository.
    const reads = h.fake.calls
      .all()
      .filter((c) => c.route === 'GET /repos/{owner}/{repo}/contents/{path}');
    expect(reads.filter((c) => c.query.ref === forkHead(h)).map((c) => c.params)).toEqual([
      { owner: 'acme', repo: 'plan', path: PATH },
    ]);
    expect(reads.every((c) => c.params.owner === 'acme')).toBe(true);

    // A push to the fork: the same comment is edited, a check run on the new head.
    h.fake.calls.reset();
    h.fake.human.as('contributor').editFile({
      repo: FORK,
      path: PATH,
      content: CHANGED.replace('- [ ] Audit logging system\n', ''),
    });
    await h.settle();
    expect(writes(h)).toEqual([CHECK_RUN, EDIT_COMMENT].sort());
    expect(previewComments(h, number)).toHaveLength(1);
    expect(previewComments(h, number)[0]?.body).toMatch(/#### Close as not planned \(2\)/);
    expect(h.fake.repo(FULL_NAME).checkRuns.size).toBe(2);
  });

  it('a fork whose head the base repository no longer serves: the comment says why and what it changes; no check run', async () => {
    const h = await start();
    const number = await openForkPull(h, { [PATH]: CHANGED });
    const head = forkHead(h);
    h.fake.deleteRepo({ fullName: FORK, pullHeads: 'dropped' });
    h.fake.calls.reset();
    const from = h.lines.length;
    // A maintainer closes and reopens it: pull_request.reopened, its head.repo null.
    h.fake.human.closePullRequest({ repo: FULL_NAME, number });
    h.fake.human.reopenPullRequest({ repo: FULL_NAME, number });
    await h.settle();

    expect(writes(h)).toEqual([EDIT_COMMENT]);
    const [comment] = previewComments(h, number);
    expect(comment?.body).toContain(`Nothing to preview at \`${head.slice(0, 7)}\``);
    expect(comment?.body).toContain('this pull request comes from a fork that has been deleted');
    expect(comment?.body).toContain(
      `acme/plan does not serve its head commit (HTTP 422: No commit found for SHA: ${head}`,
    );
    expect(comment?.body).toContain('It changes MILESTONES.md.');
    expect(comment?.body).toContain('Nothing is written to issues or milestones');
    expect(h.fake.repo(FULL_NAME).checkRuns.size).toBe(1);
    const reopened = h.fake.webhooks.of('pull_request', 'reopened').at(-1);
    expect(h.lines.slice(from).find((l) => l.msg.includes('unreadable'))?.fields).toMatchObject({
      deliveryId: reopened?.id,
      event: 'pull_request.reopened',
      repo: FULL_NAME,
    });
  });

  it('a fork deleted while its head is kept (as GitHub does): previewed as usual', async () => {
    const h = await start();
    const number = await openForkPull(h, { [PATH]: CHANGED });
    h.fake.deleteRepo({ fullName: FORK });
    const from = h.lines.length;
    h.fake.human.closePullRequest({ repo: FULL_NAME, number });
    h.fake.human.reopenPullRequest({ repo: FULL_NAME, number });
    await h.settle();
    expect(h.fake.webhooks.of('pull_request', 'reopened')[0]?.payload.pull_request).toMatchObject({
      head: { repo: null },
    });
    // The reopened pull request was previewed from its head again, not found unreadable.
    expect(h.messages()).toContain(
      `acme/plan#${number}: preview preview, comment unchanged (pull_request.reopened)`,
    );
    expect(h.lines.slice(from).some((l) => l.msg.includes('unreadable'))).toBe(false);
    expect(previewComments(h, number)[0]?.body).toContain('“Brand new fork deliverable”');
  });

  it('check_run.rerequested on a fork’s head (GitHub names no pull request): logged, nothing written', async () => {
    const h = await start();
    await openForkPull(h, { [PATH]: CHANGED });
    const [run] = [...h.fake.repo(FULL_NAME).checkRuns.values()];
    h.fake.calls.reset();
    const from = h.lines.length;
    h.fake.human.rerequestCheckRun({ repo: FULL_NAME, checkRunId: run?.id ?? 0 });
    await h.settle();
    expect(h.fake.calls.writes()).toEqual([]);
    const delivery = h.fake.webhooks.of('check_run', 'rerequested').at(-1);
    expect(delivery?.payload).toMatchObject({ check_run: { pull_requests: [] } });
    const line = h.lines.slice(from).find((l) => l.msg.includes('names no pull request'));
    expect(line?.msg).toBe(
      `acme/plan: check re-run on ${forkHead(h).slice(0, 7)} names no pull request; the next push previews it`,
    );
    expect(line?.fields).toMatchObject({
      deliveryId: delivery?.id,
      event: 'check_run.rerequested',
      repo: FULL_NAME,
      installationId: 77,
    });
  });
});

describe('pull-request previews use the default branch’s config', () => {
  // The pull request's config names another plan file and refuses any close; neither applies.
  const headConfig = 'path: docs/other.md\nmaxCloseShare: 0\n';
  const otherPlan = '# Other\n\n## Other milestone\n\n- [ ] Something else\n';

  it.each(['fork', 'branch'] as const)(
    'a pull request (%s) changing the config is previewed with the current config; the comment says the change applies once merged',
    async (from) => {
      const h = await start();
      const files = { [CONFIG]: headConfig, 'docs/other.md': otherPlan, [PATH]: CHANGED };
      let number: number;
      if (from === 'fork') {
        number = await openForkPull(h, files);
      } else {
        const repo = h.fake.repo(FULL_NAME);
        await h.fake.octokit().rest.git.createRef({
          owner: 'acme',
          repo: 'plan',
          ref: 'refs/heads/config',
          sha: repo.branches.get('main')?.headSha ?? '',
        });
        for (const [path, content] of Object.entries(files)) {
          h.fake.human.editFile({ repo: FULL_NAME, path, content, branch: 'config' });
        }
        number = h.fake.human.openPullRequest({ repo: FULL_NAME, head: 'config' }).number;
        await h.settle();
      }
      const body = previewComments(h, number)[0]?.body ?? '';
      // The default branch's config: the default plan file, and closes are not refused.
      expect(body).toContain('Dry run of `MILESTONES.md`');
      expect(body).not.toContain('other.md');
      expect(body).toMatch(/#### Close as not planned \(1\)\n\n- #\d+ “Compliance features”/);
      expect(body).toContain(
        `This pull request changes ${CONFIG}; the preview uses the default branch's config, the new one applies once merged.`,
      );
      expect([...h.fake.repo(FULL_NAME).checkRuns.values()].map((r) => r.conclusion)).toEqual([
        'success',
      ]);
    },
  );
});
