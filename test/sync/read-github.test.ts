import { afterEach, describe, expect, it } from 'vitest';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import type { FakeGitHub } from '@milestone-sync/fake-github';
import { encodeMarker } from '../../src/sync/issue-marker.js';
import type { GithubClient } from '../../src/sync/github-client.js';
import {
  PlanFileMissingError,
  PlanFileUnreadableError,
  createMemoryReadCache,
  readGithub,
} from '../../src/sync/read-github.js';
import { BOT, PATH, REPO, marker } from './helpers/snapshot-builders.js';

const FULL_NAME = 'acme/plan';
const TEXT = '# Plan\n\n## M1\n\n- [ ] Parser\n';
const ISSUES = 'GET /repos/{owner}/{repo}/issues';

const fakes: FakeGitHub[] = [];
function setup(params: { issues?: number; defaultBranch?: string; text?: string } = {}) {
  const fake = createFakeGitHub();
  fakes.push(fake);
  fake.createRepo({
    fullName: FULL_NAME,
    files: { [PATH]: params.text ?? TEXT },
    defaultBranch: params.defaultBranch,
  });
  for (let i = 1; i <= (params.issues ?? 0); i++) {
    fake.human.createIssue({ repo: FULL_NAME, title: `Issue ${i}` });
    // Distinct update times, as on GitHub, so "sorted by updated" means something.
    fake.clock.advance(1_000);
  }
  const octokit = fake.octokit();
  const cache = createMemoryReadCache();
  const read = () => readGithub({ octokit, repo: REPO, path: PATH, cache });
  return { fake, octokit, cache, read };
}
afterEach(() => {
  for (const fake of fakes.splice(0)) fake.assertNoViolations();
});

describe('readGithub', () => {
  it('reads the file, its sha and branch', async () => {
    const { fake, read } = setup();
    const snapshot = await read();
    const blob = fake
      .repo(FULL_NAME)
      .commits.get(fake.repo(FULL_NAME).branches.get('main')?.headSha ?? '')
      ?.files.get(PATH);
    expect(snapshot).toEqual({
      repo: REPO,
      defaultBranch: 'main',
      file: { path: PATH, sha: blob?.sha, text: TEXT, ref: 'main' },
      milestones: [],
      issues: [],
      labels: [],
      dashboard: null,
    });
  });

  it('finds the default branch when it is not main', async () => {
    const { read } = setup({ defaultBranch: 'develop' });
    const snapshot = await read();
    expect([snapshot.defaultBranch, snapshot.file.ref]).toEqual(['develop', 'develop']);
  });

  it('keeps the file’s characters exactly (BOM, CRLF, non-ASCII)', async () => {
    const text = '\uFEFF# Plan\r\n\r\n## M1 — Über 🚀\r\n\r\n- [ ] Parser\r\n';
    const { read } = setup({ text });
    expect((await read()).file.text).toBe(text);
  });

  it('throws PlanFileMissingError when the file is not there', async () => {
    const { fake, octokit } = setup();
    fake.human.deleteFile({ repo: FULL_NAME, path: PATH });
    await expect(readGithub({ octokit, repo: REPO, path: PATH })).rejects.toBeInstanceOf(
      PlanFileMissingError,
    );
  });

  it('refuses a file that is not UTF-8, naming it and the line of the first bad byte', async () => {
    const { fake, read } = setup();
    // Latin-1 “Über” on line 3: 0xDC is not UTF-8.
    const latin1 = Buffer.from('# Plan\n\n## M1 \xdcber\n\n- [ ] Parser\n', 'latin1');
    fake.human.editFile({ repo: FULL_NAME, path: PATH, content: latin1 });
    await expect(read()).rejects.toThrow(
      new PlanFileUnreadableError({
        path: PATH,
        ref: 'the default branch',
        reason:
          'is not UTF-8 text (byte 0xdc at offset 14, line 3): a binary file or another encoding',
      }),
    );
    await expect(read()).rejects.toThrow(
      'MILESTONES.md on the default branch is not UTF-8 text (byte 0xdc at offset 14, line 3)',
    );
  });

  it('refuses a file past GitHub’s API limits (403 too_large), naming it', async () => {
    const { fake, read } = setup();
    fake.faults.next({
      route: 'GET /repos/{owner}/{repo}/contents/{path}',
      status: 403,
      body: {
        message:
          'This API returns blobs up to 100 MB in size. The requested blob is too large to fetch via the API, but you can use the Git Data API to request blobs up to 100 MB in size.',
        errors: [{ resource: 'Blob', field: 'data', code: 'too_large' }],
        documentation_url: 'https://docs.github.com/rest/repos/contents#get-repository-content',
      },
    });
    await expect(read()).rejects.toThrow(
      "MILESTONES.md on the default branch is larger than GitHub's API serves (100 MB, contents and blob APIs alike); not syncing it",
    );
    // Any other 403 is GitHub's to explain.
    fake.faults.next({
      route: 'GET /repos/{owner}/{repo}/contents/{path}',
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });
    await expect(read()).rejects.toThrow(/^Resource not accessible by integration/);
  });

  it('reads every page of more than 100 issues, open and closed', async () => {
    const { fake, read } = setup({ issues: 150 });
    fake.human.closeIssue({ repo: FULL_NAME, number: 7 });
    const snapshot = await read();
    expect(snapshot.issues).toHaveLength(150);
    expect(snapshot.issues.map((i) => i.number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 150 }, (_, i) => i + 1),
    );
    expect(snapshot.issues.find((i) => i.number === 7)?.state).toBe('closed');
    expect(fake.calls.count(ISSUES)).toBe(2);
    const pages = fake.calls
      .all()
      .filter((c) => c.route === ISSUES)
      .map((c) => [c.query.per_page, c.query.page, c.query.state]);
    expect(pages).toEqual([
      ['100', '1', 'all'],
      ['100', '2', 'all'],
    ]);
  });

  it('drops pull requests from the issue list', async () => {
    const { fake, octokit, read } = setup({ issues: 2 });
    const main = await octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
      ...REPO,
      ref: 'heads/main',
    });
    await octokit.request('POST /repos/{owner}/{repo}/git/refs', {
      ...REPO,
      ref: 'refs/heads/topic',
      sha: main.data.object.sha,
    });
    await octokit.request('PUT /repos/{owner}/{repo}/contents/{path}', {
      ...REPO,
      path: 'other.md',
      message: 'other',
      content: Buffer.from('x').toString('base64'),
      branch: 'topic',
    });
    const pull = await octokit.request('POST /repos/{owner}/{repo}/pulls', {
      ...REPO,
      title: 'A pull request',
      head: 'topic',
      base: 'main',
    });
    expect(pull.data.number).toBe(3);
    const snapshot = await read();
    expect(snapshot.issues.map((i) => i.number).sort()).toEqual([1, 2]);
    expect(fake.repo(FULL_NAME).issues.size).toBe(3);
  });

  it('decodes markers, labels, assignees, milestones and authors', async () => {
    const { fake, octokit, read } = setup();
    const issueMarker = marker('m1/parser', { title: 'Parser', labels: ['plan: x'] });
    const milestoneMarker = marker('m1', { title: 'M1', due: '2026-03-31' });
    const created = await octokit.request('POST /repos/{owner}/{repo}/milestones', {
      ...REPO,
      title: 'M1',
      description: `Planned.\n\n${encodeMarker(milestoneMarker)}`,
      due_on: '2026-03-31T12:00:00Z',
    });
    await octokit.request('POST /repos/{owner}/{repo}/issues', {
      ...REPO,
      title: 'Parser',
      body: `Text.\n\n${encodeMarker(issueMarker)}`,
      labels: ['plan: x'],
      milestone: created.data.number,
    });
    fake.human.createIssue({ repo: FULL_NAME, title: 'By a person', body: 'no marker' });
    const snapshot = await read();
    expect(snapshot.milestones).toEqual([
      {
        number: 1,
        title: 'M1',
        description: `Planned.\n\n${encodeMarker(milestoneMarker)}`,
        state: 'open',
        dueOn: expect.stringMatching(/^2026-03-31T/),
        marker: milestoneMarker,
      },
    ]);
    const byNumber = new Map(snapshot.issues.map((i) => [i.number, i]));
    expect(byNumber.get(1)).toMatchObject({
      title: 'Parser',
      labels: ['plan: x'],
      milestone: 1,
      marker: issueMarker,
      author: BOT,
      parent: null,
      state: 'open',
      stateReason: null,
    });
    expect(byNumber.get(2)).toMatchObject({ marker: null, author: 'octocat', milestone: null });
    expect(snapshot.labels).toEqual(['plan: x']);
  });

  it('reads the parent of a sub-issue from parent_issue_url', async () => {
    const { fake, read } = setup({ issues: 3 });
    fake.human.addSubIssue({ repo: FULL_NAME, parent: 1, child: 3 });
    const snapshot = await read();
    expect(snapshot.issues.map((i) => [i.number, i.parent]).sort()).toEqual([
      [1, null],
      [2, null],
      [3, 1],
    ]);
  });

  it('a second read of an unchanged repository is answered by 304s and gives the same snapshot', async () => {
    const { fake, read } = setup({ issues: 150 });
    fake.human.createMilestone({ repo: FULL_NAME, title: 'M1' });
    const first = await read();
    fake.calls.reset();
    const second = await read();
    expect(second).toEqual(first);
    expect(fake.calls.reads().length).toBeLessThanOrEqual(3);
    expect(fake.calls.all().map((c) => [c.route, c.status])).toEqual([
      ['GET /repos/{owner}/{repo}/contents/{path}', 304],
      ['GET /repos/{owner}/{repo}/milestones', 304],
      [ISSUES, 304],
    ]);
  });

  it('sees a change to one issue on the next read, even one beyond the first page', async () => {
    const { fake, read } = setup({ issues: 150 });
    await read();
    // Issue 1 was updated longest ago: it is on page 2.
    fake.human.editIssue({ repo: FULL_NAME, number: 1, title: 'Renamed by a person' });
    fake.human.closeIssue({ repo: FULL_NAME, number: 2 });
    const snapshot = await read();
    expect(snapshot.issues).toHaveLength(150);
    expect(snapshot.issues.find((i) => i.number === 1)?.title).toBe('Renamed by a person');
    expect(snapshot.issues.find((i) => i.number === 2)?.state).toBe('closed');
  });

  it('sees a new commit to the file on the next read', async () => {
    const { fake, read } = setup();
    const first = await read();
    fake.human.editFile({ repo: FULL_NAME, path: PATH, content: `${TEXT}- [ ] Lexer\n` });
    const second = await read();
    expect(second.file.text).toBe(`${TEXT}- [ ] Lexer\n`);
    expect(second.file.sha).not.toBe(first.file.sha);
  });

  // Known limitation (documented in read-github.ts): a 304 on page 1 of the issue list (sorted
  // by updated) is taken as proof that the whole list is unchanged. An issue that disappears from a later page
  // (deleted, or transferred to another repository) changes no page-1 response, so the cached
  // list is returned and the snapshot keeps an issue that no longer exists.
  it.fails('notices an issue beyond the first page that disappeared', async () => {
    const { fake, read } = setup({ issues: 150 });
    await read();
    fake.repo(FULL_NAME).issues.delete(1);
    const snapshot = await read();
    expect(snapshot.issues.map((i) => i.number)).not.toContain(1);
  });

  // GitHub writes a branch like `release/v1` unescaped in `_links.html`
  // (https://github.com/acme/plan/blob/release/v1/MILESTONES.md); the branch is read from the
  // answer's `url` (`?ref=`) or by cutting the known path off that link, never by splitting on `/`.
  it('reads a default branch whose name has a slash', async () => {
    const content = Buffer.from(TEXT).toString('base64');
    // A hand-made stand-in: only the fields read-github reads.
    const client = {
      request: async (route: string) => {
        if (route.startsWith('GET /repos/{owner}/{repo}/contents/'))
          return {
            status: 200,
            headers: {},
            data: {
              sha: 'abc',
              encoding: 'base64',
              content,
              _links: { html: 'https://github.com/acme/plan/blob/release/v1/MILESTONES.md' },
            },
          };
        if (route === 'GET /repos/{owner}/{repo}')
          return { status: 200, headers: {}, data: { default_branch: 'release/v1' } };
        return { status: 200, headers: {}, data: [] };
      },
    } as unknown as GithubClient;
    const snapshot = await readGithub({ octokit: client, repo: REPO, path: PATH });
    expect(snapshot.defaultBranch).toBe('release/v1');
  });
});
