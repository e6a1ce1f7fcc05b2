import { describe, expect, it } from 'vitest';
import type { FakeGitHub } from '@milestone-sync/fake-github';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import { MERGE_SUMMARY_MARKER } from '../../src/report/render-merge-summary.js';
import { commentMergeSummaries } from '../../src/sync/comment-merge-summary.js';
import type { SyncReport } from '../../src/sync/sync-repo.js';

const FULL_NAME = 'acme/plan';
const repo = { owner: 'acme', repo: 'plan' };
const LOOKUP = 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls';
const LIST = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
const POST = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';

const REPORT: SyncReport = {
  repo,
  path: 'MILESTONES.md',
  dryRun: false,
  diagnostics: [],
  runs: [
    {
      planned: { actions: [], refusal: null, notes: [] },
      results: [
        {
          action: {
            kind: 'create-issue',
            key: 'm1/parser',
            reason: 'r',
            after: {
              title: 'Parser',
              body: '',
              labels: [],
              assignees: [],
              milestone: null,
              state: 'open',
              stateReason: null,
            },
          },
          outcome: { status: 'ok', number: 9 },
        },
      ],
    },
  ],
};

function setup(): FakeGitHub {
  const fake = createFakeGitHub();
  fake.createRepo({
    fullName: FULL_NAME,
    files: { 'MILESTONES.md': '# Plan\n', 'README.md': 'hi\n' },
  });
  fake.install({ account: 'acme', repos: [FULL_NAME], id: 77 });
  return fake;
}

/** A pull request from a new branch off `base` changing `path`; merged by a person when asked. */
async function pull(
  fake: FakeGitHub,
  params: { branch: string; path: string; base?: string; merge?: 'merge' | 'squash' },
): Promise<{ number: number; sha: string | null }> {
  const octokit = fake.octokit();
  const base = params.base ?? 'main';
  const from = fake.repo(FULL_NAME).branches.get(base)?.headSha ?? '';
  await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${params.branch}`, sha: from });
  fake.human.editFile({
    repo: FULL_NAME,
    path: params.path,
    content: `${params.branch}\n`,
    branch: params.branch,
  });
  const { data } = await octokit.rest.pulls.create({
    ...repo,
    title: params.branch,
    head: params.branch,
    base,
  });
  const sha = params.merge
    ? fake.human.mergePull({ repo: FULL_NAME, number: data.number, method: params.merge }).sha
    : null;
  return { number: data.number, sha };
}

function summaries(fake: FakeGitHub, number: number) {
  return [...fake.repo(FULL_NAME).comments.values()].filter(
    (c) => c.issueNumber === number && c.body.startsWith(MERGE_SUMMARY_MARKER),
  );
}

describe('commentMergeSummaries', () => {
  it('pushes answered by one sync: each merged pull request gets the summary naming the others; a direct push and another base get none', async () => {
    const fake = setup();
    const first = await pull(fake, { branch: 'a', path: 'MILESTONES.md', merge: 'merge' });
    const second = await pull(fake, { branch: 'b', path: 'docs/x.md', merge: 'squash' });
    await fake.octokit().rest.git.createRef({
      ...repo,
      ref: 'refs/heads/release',
      sha: fake.repo(FULL_NAME).branches.get('main')?.headSha ?? '',
    });
    const other = await pull(fake, {
      branch: 'c',
      path: 'README.md',
      base: 'release',
      merge: 'merge',
    });
    const direct = fake.human.editFile({
      repo: FULL_NAME,
      path: 'MILESTONES.md',
      content: 'x\n',
    }).sha;
    fake.calls.reset();

    const outcomes = await commentMergeSummaries({
      octokit: fake.octokit(),
      repo,
      shas: [first.sha ?? '', second.sha ?? '', other.sha ?? '', direct, direct],
      branch: 'main',
      report: REPORT,
    });
    expect(outcomes).toEqual([
      { number: first.number, comment: 'created' },
      { number: second.number, comment: 'created' },
    ]);
    expect(fake.calls.count(LOOKUP)).toBe(4);
    expect(fake.calls.count(LIST)).toBe(2);
    expect(fake.calls.count(POST)).toBe(2);
    const body = summaries(fake, first.number)[0]?.body ?? '';
    expect(body).toContain('milestone-sync created 1 issue');
    expect(body).toContain('[#9](https://github.test/acme/plan/issues/9) “Parser”');
    expect(body).toContain(
      `also covered [#${second.number}](https://github.test/acme/plan/pull/${second.number})`,
    );
    expect(summaries(fake, second.number)[0]?.body).toContain(`also covered [#${first.number}]`);
    expect(summaries(fake, other.number)).toEqual([]);
    fake.assertNoViolations();
  });

  it('a pull request with a summary already keeps it; a person quoting the marker does not count', async () => {
    const fake = setup();
    const merged = await pull(fake, { branch: 'a', path: 'MILESTONES.md', merge: 'merge' });
    fake.human.comment({
      repo: FULL_NAME,
      number: merged.number,
      body: `${MERGE_SUMMARY_MARKER}\nquoted`,
    });
    const params = {
      octokit: fake.octokit(),
      repo,
      shas: [merged.sha ?? ''],
      branch: 'main',
      report: REPORT,
    };
    expect(await commentMergeSummaries(params)).toEqual([
      { number: merged.number, comment: 'created' },
    ]);
    fake.calls.reset();
    expect(await commentMergeSummaries(params)).toEqual([
      { number: merged.number, comment: 'exists' },
    ]);
    expect(fake.calls.byRoute()).toEqual({ [LOOKUP]: 1, [LIST]: 1 });
    expect(summaries(fake, merged.number)).toHaveLength(2);
    fake.assertNoViolations();
  });
});
