import { afterEach, describe, expect, it } from 'vitest';
import { PR_PREVIEW_MARKER } from '../../src/report/render-pr-preview.js';
import { readSeed } from '../helpers/read-fixture.js';
import type { AppHarness } from './app-helpers.js';
import { FULL_NAME, PATH, startApp } from './app-helpers.js';

const SEED = readSeed('elemta-MILESTONES.md');
const [OWNER, REPO] = FULL_NAME.split('/') as [string, string];

/** The seed with one deliverable added, one renamed, one removed and one ticked. */
const CHANGED = SEED.replace(
  '- [ ] Basic SMTP functionality working end-to-end\n',
  '- [ ] Basic SMTP functionality working end-to-end\n- [ ] Brand new preview deliverable\n',
)
  .replace('- [ ] Performance optimization\n', '- [ ] Performance optimization and profiling\n')
  .replace('- [ ] Compliance features\n', '')
  .replace('- [ ] Comprehensive test coverage', '- [x] Comprehensive test coverage');

const harnesses: AppHarness[] = [];
afterEach(() => {
  for (const harness of harnesses.splice(0)) harness.fake.assertNoViolations();
});

async function start(params: Parameters<typeof startApp>[0] = {}): Promise<AppHarness> {
  const h = await startApp({ files: { [PATH]: SEED, 'README.md': 'hi\n' }, ...params });
  harnesses.push(h);
  return h;
}

/** A branch with `text` as the plan, and a pull request from it into main (signed deliveries). */
async function openPullRequest(
  h: AppHarness,
  params: { branch: string; text: string; path?: string; settle?: boolean },
): Promise<number> {
  const octokit = h.fake.octokit();
  const repo = h.fake.repo(FULL_NAME);
  const sha = repo.branches.get(repo.defaultBranch)?.headSha ?? '';
  await octokit.request('POST /repos/{owner}/{repo}/git/refs', {
    owner: OWNER,
    repo: REPO,
    ref: `refs/heads/${params.branch}`,
    sha,
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
  if (params.settle !== false) await h.settle();
  return data.number;
}

function previewComments(h: AppHarness, number: number) {
  return [...h.fake.repo(FULL_NAME).comments.values()].filter(
    (c) => c.issueNumber === number && c.body.startsWith(PR_PREVIEW_MARKER),
  );
}

function checkRuns(h: AppHarness) {
  return [...h.fake.repo(FULL_NAME).checkRuns.values()];
}

/** Writes to issues, milestones, labels or files (comments on the pull request excluded). */
function planWrites(h: AppHarness): string[] {
  return h.fake.calls
    .writes()
    .map((c) => c.route)
    .filter((r) => r.includes('/repos/'))
    .filter((r) => !r.includes('/check-runs') && !r.includes('/comments'))
    .filter((r) => !r.includes('/git/refs') && !r.includes('/pulls'));
}

function headSha(h: AppHarness, branch: string): string {
  return h.fake.repo(FULL_NAME).branches.get(branch)?.headSha ?? '';
}

describe('pull-request previews', () => {
  it('one sticky comment and one check run per push, edited in place; nothing written to issues or milestones', async () => {
    const h = await start();
    h.fake.calls.reset();
    const number = await openPullRequest(h, { branch: 'plan-1', text: CHANGED });

    expect(planWrites(h)).toEqual([]);
    const comments = previewComments(h, number);
    expect(comments).toHaveLength(1);
    const body = comments[0]?.body ?? '';
    expect(body).toMatch(/#### Close as not planned \(1\)\n\n- #\d+ “Compliance features”\n/);
    expect(body).not.toContain('Other updates');
    expect(body).toContain(
      '- issue “Brand new preview deliverable” in “Milestone 1: Critical Path Resolution”',
    );
    expect(body).toMatch(
      /#### Rename \(1\)\n\n- #\d+ “Performance optimization” → “Performance optimization and profiling”/,
    );
    expect(body).toMatch(/#### Close as not planned \(1\)\n\n- #\d+ “Compliance features”/);
    expect(body).toMatch(/#### Close as completed \(1\)\n\n- #\d+ “Comprehensive test coverage”/);
    expect(body).toContain('| Milestone 4: Production Readiness | 0/4 (0%) | 1/4 (25%) |');
    expect(checkRuns(h)).toMatchObject([
      { name: 'milestone-sync', headSha: headSha(h, 'plan-1'), conclusion: 'success' },
    ]);

    // A second push: the same comment is edited, a new check run on the new head.
    h.fake.human.editFile({
      repo: FULL_NAME,
      path: PATH,
      content: CHANGED.replace('- [ ] Audit logging system\n', ''),
      branch: 'plan-1',
    });
    await h.settle();
    const after = previewComments(h, number);
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(comments[0]?.id);
    expect(after[0]?.body).toMatch(/#### Close as not planned \(2\)/);
    expect(checkRuns(h).map((r) => [r.headSha, r.conclusion])).toEqual([
      [expect.any(String), 'success'],
      [headSha(h, 'plan-1'), 'success'],
    ]);
    expect(h.fake.calls.count('POST /repos/{owner}/{repo}/issues/{issue_number}/comments')).toBe(1);
    expect(h.fake.calls.count('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}')).toBe(1);
    expect(planWrites(h)).toEqual([]);
    // Exactly two writes per push: the check run and the comment.
    expect(h.fake.calls.writes().filter((c) => c.route.includes('check-runs'))).toHaveLength(2);
  });

  it('a later push that reverts the plan change: the comment says there are no plan changes', async () => {
    const h = await start();
    const number = await openPullRequest(h, { branch: 'plan-2', text: CHANGED });
    h.fake.human.editFile({ repo: FULL_NAME, path: PATH, content: SEED, branch: 'plan-2' });
    await h.settle();
    const comments = previewComments(h, number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('no longer changes the plan');
    expect(comments[0]?.body).not.toContain('Brand new preview deliverable');
  });

  it('a pull request that never touches the plan gets no comment, no check run, no write', async () => {
    const h = await start();
    h.fake.calls.reset();
    await openPullRequest(h, { branch: 'docs', text: 'other\n', path: 'README.md' });
    expect(checkRuns(h)).toEqual([]);
    expect(
      h.fake.calls
        .writes()
        .filter((c) => !c.route.includes('/git/refs') && !c.route.includes('/pulls')),
    ).toEqual([]);
  });

  it('a plan with an error: check run failure with annotations on the right lines', async () => {
    const h = await start();
    const text = `---\nmilestone-sync: [\n---\n${SEED}`;
    await openPullRequest(h, { branch: 'broken', text });
    const [run] = checkRuns(h);
    expect(run?.conclusion).toBe('failure');
    const posted = h.fake.calls
      .all()
      .filter((c) => c.route === 'POST /repos/{owner}/{repo}/check-runs');
    const annotations = (posted[0]?.body as { output: { annotations: unknown[] } }).output
      .annotations;
    expect(annotations).toEqual([
      expect.objectContaining({
        path: PATH,
        start_line: 3,
        end_line: 3,
        annotation_level: 'failure',
      }),
    ]);
  });

  it('more than 50 diagnostics: annotations in batches of 50 (create, then updates)', async () => {
    const h = await start();
    const duplicates = Array.from(
      { length: 120 },
      () => '- [ ] Comprehensive test coverage\n',
    ).join('');
    const text = SEED.replace(
      '- [ ] CI/CD pipeline setup\n',
      `- [ ] CI/CD pipeline setup\n${duplicates}`,
    );
    await openPullRequest(h, { branch: 'dupes', text });
    expect(checkRuns(h).map((r) => r.conclusion)).toEqual(['neutral']);
    const sent = h.fake.calls
      .all()
      .filter((c) => c.route.includes('/check-runs') && c.method !== 'GET')
      .map((c) => [
        c.method,
        (c.body as { output: { annotations?: unknown[] } }).output.annotations?.length,
      ]);
    expect(sent).toEqual([
      ['POST', 50],
      ['PATCH', 50],
      ['PATCH', 20],
    ]);
    const lines = h.fake.calls
      .all()
      .filter((c) => c.route.includes('/check-runs') && c.method !== 'GET')
      .flatMap(
        (c) => (c.body as { output: { annotations: { start_line: number }[] } }).output.annotations,
      )
      .map((a) => a.start_line);
    const first = text.split('\n').indexOf('- [ ] CI/CD pipeline setup') + 2;
    expect(lines).toEqual(Array.from({ length: 120 }, (_, i) => first + i));
  });

  it('racing deliveries for one pull request leave one comment', async () => {
    const h = await start({ concurrent: true });
    h.fake.calls.reset();
    // `opened` and three `synchronize` are handed to Probot at once, before any is handled.
    const number = await openPullRequest(h, { branch: 'race', text: CHANGED, settle: false });
    for (let i = 1; i <= 3; i++) {
      h.fake.human.editFile({
        repo: FULL_NAME,
        path: PATH,
        content: `${CHANGED}${'\n'.repeat(i)}`,
        branch: 'race',
      });
    }
    await h.settle();
    expect(previewComments(h, number)).toHaveLength(1);
    expect(h.fake.calls.count('POST /repos/{owner}/{repo}/issues/{issue_number}/comments')).toBe(1);
    // The last preview is of the last head.
    expect(previewComments(h, number)[0]?.body).toContain(headSha(h, 'race').slice(0, 7));
    expect(planWrites(h)).toEqual([]);
  });

  it('an older delivery handled after a newer push (another replica) keeps the newer preview', async () => {
    const h = await start();
    const number = await openPullRequest(h, { branch: 'late', text: CHANGED });
    const opened = h.fake.webhooks.of('pull_request', 'opened').at(-1);
    if (!opened) throw new Error('no pull_request.opened delivery');
    h.fake.human.editFile({ repo: FULL_NAME, path: PATH, content: `${CHANGED}\n`, branch: 'late' });
    await h.settle();
    const newest = headSha(h, 'late').slice(0, 7);
    expect(previewComments(h, number)[0]?.body).toContain(newest);
    // The `opened` delivery (the first head) reaches a replica only now, under its own id.
    await h.probot.receive({
      id: `${opened.id}-elsewhere`,
      name: 'pull_request',
      payload: opened.payload,
    } as never);
    await h.settle();
    expect(previewComments(h, number)).toHaveLength(1);
    expect(previewComments(h, number)[0]?.body).toContain(newest);
  });

  it('check_run.rerequested recomputes the check run of the pull request', async () => {
    const h = await start();
    h.fake.calls.reset();
    const number = await openPullRequest(h, { branch: 'rerun', text: CHANGED });
    const repo = h.fake.repo(FULL_NAME);
    const delivery = h.fake.webhooks.of('pull_request').at(-1);
    await h.probot.receive({
      id: 'rerun-1',
      name: 'check_run',
      payload: {
        action: 'rerequested',
        check_run: {
          name: 'milestone-sync',
          head_sha: headSha(h, 'rerun'),
          pull_requests: [{ number }],
        },
        repository: delivery?.payload.repository,
        installation: { id: 77 },
        sender: { login: 'octocat', type: 'User' },
      },
    } as never);
    await h.settle();
    expect(repo.checkRuns.size).toBe(2);
    expect(previewComments(h, number)).toHaveLength(1);
    expect(planWrites(h)).toEqual([]);
  });

  it('a redelivered delivery adds no second comment and no second check run', async () => {
    const h = await start();
    const number = await openPullRequest(h, { branch: 'again', text: CHANGED });
    const delivery = h.fake.webhooks.of('pull_request').at(-1);
    if (!delivery) throw new Error('no pull_request delivery');
    h.fake.calls.reset();
    // GitHub's "Redeliver": the same delivery again, same payload.
    await h.probot.receive({
      id: `${delivery.id}-again`,
      name: 'pull_request',
      payload: delivery.payload,
    } as never);
    await h.settle();
    expect(previewComments(h, number)).toHaveLength(1);
    expect(checkRuns(h)).toHaveLength(1);
    // One read of the head's check runs; no write of any kind.
    expect(h.fake.calls.count('GET /repos/{owner}/{repo}/commits/{ref}/check-runs')).toBe(1);
    expect(h.fake.calls.all().filter((c) => c.method !== 'GET')).toEqual([]);
  });
});
