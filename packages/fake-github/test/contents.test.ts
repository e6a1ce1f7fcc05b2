import { describe, expect, it } from 'vitest';
import { RequestError } from '@octokit/request-error';
import { computeBlobSha } from '../src/index.js';
import { NAME, OWNER, PLAN, REPO, setupFake } from './fake-helpers.js';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

async function rejection(promise: Promise<unknown>): Promise<RequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RequestError))
    throw new Error(`expected a RequestError, got ${String(error)}`);
  return error;
}

describe('contents API', () => {
  it('computes blob shas exactly like git hash-object', () => {
    // `printf 'hello\n' | git hash-object --stdin`
    expect(computeBlobSha(Buffer.from('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    expect(computeBlobSha(Buffer.alloc(0))).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  });

  it('GETs a file as wrapped base64 with its git blob sha', async () => {
    const fake = setupFake();
    const { data } = await fake
      .octokit()
      .rest.repos.getContent({ owner: OWNER, repo: NAME, path: 'README.md' });
    if (Array.isArray(data) || data.type !== 'file') throw new Error('expected a file');
    expect(data.encoding).toBe('base64');
    expect(Buffer.from(data.content, 'base64').toString('utf8')).toBe('hello\n');
    expect(data.sha).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    expect(data.size).toBe(6);
    fake.assertNoViolations();
  });

  it('creates (201) then updates (200) a file, and answers a stale sha with 409', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const created = await octokit.rest.repos.createOrUpdateFileContents({
      owner: OWNER,
      repo: NAME,
      path: 'docs/new.md',
      message: 'add',
      content: b64('one\n'),
    });
    expect(created.status).toBe(201);
    const firstSha = created.data.content?.sha ?? '';
    expect(firstSha).toBe(computeBlobSha(Buffer.from('one\n')));

    const updated = await octokit.rest.repos.createOrUpdateFileContents({
      owner: OWNER,
      repo: NAME,
      path: 'docs/new.md',
      message: 'edit',
      content: b64('two\n'),
      sha: firstSha,
    });
    expect(updated.status).toBe(200);
    expect(updated.data.commit.parents?.[0]?.sha).toBe(created.data.commit.sha);

    const stale = await rejection(
      octokit.rest.repos.createOrUpdateFileContents({
        owner: OWNER,
        repo: NAME,
        path: 'docs/new.md',
        message: 'stale',
        content: b64('three\n'),
        sha: firstSha,
      }),
    );
    expect(stale.status).toBe(409);
    expect((stale.response?.data as { message: string }).message).toBe(
      `docs/new.md does not match ${firstSha}`,
    );

    const missing = await rejection(
      octokit.rest.repos.createOrUpdateFileContents({
        owner: OWNER,
        repo: NAME,
        path: 'docs/new.md',
        message: 'no sha',
        content: b64('four\n'),
      }),
    );
    expect(missing.status).toBe(422);
    expect((missing.response?.data as { message: string }).message).toBe(
      'Invalid request.\n\n"sha" wasn\'t supplied.',
    );
    fake.assertNoViolations();
  });

  it('refuses direct writes to a protected branch with 409 "Protected branch update failed"', async () => {
    const fake = setupFake();
    fake.createRepo({
      fullName: 'acme/locked',
      files: { 'MILESTONES.md': PLAN },
      protectedBranches: ['main'],
    });
    const octokit = fake.octokit();
    const { data } = await octokit.rest.repos.getContent({
      owner: OWNER,
      repo: 'locked',
      path: 'MILESTONES.md',
    });
    const sha = Array.isArray(data) ? '' : data.sha;
    const error = await rejection(
      octokit.rest.repos.createOrUpdateFileContents({
        owner: OWNER,
        repo: 'locked',
        path: 'MILESTONES.md',
        message: 'direct',
        content: b64('changed'),
        sha,
      }),
    );
    expect(error.status).toBe(409);
    expect((error.response?.data as { message: string }).message).toBe(
      'Protected branch update failed for refs/heads/main.',
    );
    const branch = await octokit.rest.repos.getBranch({
      owner: OWNER,
      repo: 'locked',
      branch: 'main',
    });
    expect(branch.data.protected).toBe(true);
  });

  it('refuses a write to a branch that requires status checks with 409 "N of N required status checks"', async () => {
    const fake = setupFake();
    fake.createRepo({
      fullName: 'acme/checked',
      files: { 'MILESTONES.md': PLAN },
      requiredStatusChecks: { main: ['build', 'test'] },
    });
    const octokit = fake.octokit();
    const error = await rejection(
      octokit.rest.repos.createOrUpdateFileContents({
        owner: OWNER,
        repo: 'checked',
        path: 'MILESTONES.md',
        message: 'direct',
        content: b64('changed'),
        sha: computeBlobSha(Buffer.from(PLAN)),
      }),
    );
    expect(error.status).toBe(409);
    expect((error.response?.data as { message: string }).message).toBe(
      'Could not update file: 2 of 2 required status checks are expected.',
    );
    expect(fake.repo('acme/checked').branches.get('main')?.protected).toBe(true);
    fake.assertNoViolations();
  });

  it('creates a milestone-sync/... branch, commits to it and opens a PR listing the changed files', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const main = await octokit.rest.git.getRef({ owner: OWNER, repo: NAME, ref: 'heads/main' });
    const ref = await octokit.rest.git.createRef({
      owner: OWNER,
      repo: NAME,
      ref: 'refs/heads/milestone-sync/plan-update',
      sha: main.data.object.sha,
    });
    expect(ref.status).toBe(201);
    expect(ref.data.ref).toBe('refs/heads/milestone-sync/plan-update');
    const duplicate = await rejection(
      octokit.rest.git.createRef({
        owner: OWNER,
        repo: NAME,
        ref: 'refs/heads/milestone-sync/plan-update',
        sha: main.data.object.sha,
      }),
    );
    expect(duplicate.status).toBe(422);
    expect((duplicate.response?.data as { message: string }).message).toBe(
      'Reference already exists',
    );

    const current = await octokit.rest.repos.getContent({
      owner: OWNER,
      repo: NAME,
      path: 'MILESTONES.md',
      ref: 'milestone-sync/plan-update',
    });
    await octokit.rest.repos.createOrUpdateFileContents({
      owner: OWNER,
      repo: NAME,
      path: 'MILESTONES.md',
      branch: 'milestone-sync/plan-update',
      message: 'sync plan',
      content: b64(`${PLAN}- [x] Lexer\n`),
      sha: Array.isArray(current.data) ? '' : current.data.sha,
    });
    // main is untouched
    const onMain = await octokit.rest.repos.getContent({
      owner: OWNER,
      repo: NAME,
      path: 'MILESTONES.md',
    });
    expect(
      Array.isArray(onMain.data)
        ? ''
        : Buffer.from(onMain.data.type === 'file' ? onMain.data.content : '', 'base64').toString(),
    ).toBe(PLAN);

    const pr = await octokit.rest.pulls.create({
      owner: OWNER,
      repo: NAME,
      title: 'Sync plan',
      head: 'milestone-sync/plan-update',
      base: 'main',
    });
    expect(pr.data.head.ref).toBe('milestone-sync/plan-update');
    expect(pr.data.base.ref).toBe('main');
    expect(pr.data.changed_files).toBe(1);
    const files = await octokit.rest.pulls.listFiles({
      owner: OWNER,
      repo: NAME,
      pull_number: pr.data.number,
    });
    expect(files.data.map((f) => [f.filename, f.status])).toEqual([['MILESTONES.md', 'modified']]);

    const compare = await octokit.rest.repos.compareCommitsWithBasehead({
      owner: OWNER,
      repo: NAME,
      basehead: 'main...milestone-sync/plan-update',
    });
    expect(compare.data.status).toBe('ahead');
    expect(compare.data.ahead_by).toBe(1);
    expect(compare.data.files?.map((f) => f.filename)).toEqual(['MILESTONES.md']);
    fake.assertNoViolations();
  });

  it('lists which files a push changed through GET commits/{ref}', async () => {
    const fake = setupFake();
    fake.human.editFile({ repo: REPO, path: 'MILESTONES.md', content: 'edited\n' });
    fake.human.editFile({ repo: REPO, path: 'notes/new.md', content: 'new\n' });
    fake.human.deleteFile({ repo: REPO, path: 'README.md' });
    const octokit = fake.octokit();
    const list = await octokit.rest.repos.listCommits({
      owner: OWNER,
      repo: NAME,
      path: 'MILESTONES.md',
    });
    expect(list.data).toHaveLength(2); // initial commit + the human edit
    const head = await octokit.rest.repos.getCommit({ owner: OWNER, repo: NAME, ref: 'main' });
    expect(head.data.files?.map((f) => [f.filename, f.status])).toEqual([['README.md', 'removed']]);
    const first = await octokit.rest.repos.getCommit({
      owner: OWNER,
      repo: NAME,
      ref: list.data[0]?.sha ?? '',
    });
    expect(first.data.files?.map((f) => [f.filename, f.status])).toEqual([
      ['MILESTONES.md', 'modified'],
    ]);
    fake.assertNoViolations();
  });

  it('omits content above 1 MB (encoding "none", content "") like GitHub', async () => {
    const fake = setupFake();
    const big = Buffer.alloc(1024 * 1024 + 1, 0x61);
    fake.human.editFile({ repo: REPO, path: 'big.txt', content: big });
    const { data } = await fake
      .octokit()
      .rest.repos.getContent({ owner: OWNER, repo: NAME, path: 'big.txt' });
    if (Array.isArray(data) || data.type !== 'file') throw new Error('expected a file');
    expect(data.encoding).toBe('none');
    expect(data.content).toBe('');
    expect(data.size).toBe(1024 * 1024 + 1);
    expect(data.sha).toBe(computeBlobSha(big));
  });

  it('lists a directory', async () => {
    const fake = setupFake();
    fake.human.editFile({ repo: REPO, path: 'docs/a.md', content: 'a' });
    const { data } = await fake
      .octokit()
      .rest.repos.getContent({ owner: OWNER, repo: NAME, path: '' });
    if (!Array.isArray(data)) throw new Error('expected a listing');
    expect(data.map((entry) => `${entry.type}:${entry.path}`)).toEqual([
      'file:MILESTONES.md',
      'file:README.md',
      'dir:docs',
    ]);
  });
  it('deletes a file (sha required to match) and moves a branch by ref update', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const readme = await octokit.rest.repos.getContent({
      owner: OWNER,
      repo: NAME,
      path: 'README.md',
    });
    const sha = Array.isArray(readme.data) ? '' : readme.data.sha;
    const wrong = await rejection(
      octokit.rest.repos.deleteFile({
        owner: OWNER,
        repo: NAME,
        path: 'README.md',
        message: 'rm',
        sha: '0'.repeat(40),
      }),
    );
    expect(wrong.status).toBe(409);
    const removed = await octokit.rest.repos.deleteFile({
      owner: OWNER,
      repo: NAME,
      path: 'README.md',
      message: 'rm',
      sha,
    });
    expect(removed.data.content).toBeNull();
    expect(
      (
        await rejection(
          octokit.rest.repos.getContent({ owner: OWNER, repo: NAME, path: 'README.md' }),
        )
      ).status,
    ).toBe(404);

    const base = fake.repo(REPO).branches.get('main')?.headSha ?? '';
    await octokit.rest.git.createRef({
      owner: OWNER,
      repo: NAME,
      ref: 'refs/heads/milestone-sync/ff',
      sha: base,
    });
    const ahead = fake.human.editFile({ repo: REPO, path: 'MILESTONES.md', content: 'ahead\n' });
    const moved = await octokit.rest.git.updateRef({
      owner: OWNER,
      repo: NAME,
      ref: 'heads/milestone-sync/ff',
      sha: ahead.sha,
    });
    expect(moved.data.object.sha).toBe(ahead.sha);
    const back = await rejection(
      octokit.rest.git.updateRef({
        owner: OWNER,
        repo: NAME,
        ref: 'heads/milestone-sync/ff',
        sha: base,
      }),
    );
    expect(back.status).toBe(422);
    expect((back.response?.data as { message: string }).message).toBe(
      'Update is not a fast forward',
    );
    await octokit.rest.git.deleteRef({ owner: OWNER, repo: NAME, ref: 'heads/milestone-sync/ff' });
    expect(fake.repo(REPO).branches.has('milestone-sync/ff')).toBe(false);
    fake.assertNoViolations();
  });
});
