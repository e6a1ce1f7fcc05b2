/**
 * The fake refuses what GitHub refuses: over-long titles, bodies and names are a 422
 * "Validation Failed" shaped like GitHub's, checked against the OpenAPI description (the fake
 * throws on a response that does not validate).
 */
import { RequestError } from '@octokit/request-error';
import { describe, expect, it } from 'vitest';
import { GITHUB_LIMITS } from '../src/index.js';
import { NAME, OWNER, REPO, setupFake } from './fake-helpers.js';

const repo = { owner: OWNER, repo: NAME };

async function refusal(promise: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RequestError))
    throw new Error(`expected a RequestError, got ${String(error)}`);
  return { status: error.status, data: error.response?.data };
}

function tooLong(resource: string, field: string, max: number) {
  return {
    status: 422,
    data: {
      message: 'Validation Failed',
      errors: [
        {
          resource,
          code: 'custom',
          field,
          message: `${field} is too long (maximum is ${max} characters)`,
        },
      ],
      documentation_url: expect.stringMatching(/^https:\/\/docs\.github\.com\/rest\//),
      status: '422',
    },
  };
}

describe('length limits', () => {
  it('issue title: 256 characters pass, 257 are refused (create and update), nothing is created', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const ok = await octokit.rest.issues.create({ ...repo, title: 'x'.repeat(256) });
    expect(ok.status).toBe(201);
    expect(await refusal(octokit.rest.issues.create({ ...repo, title: 'x'.repeat(257) }))).toEqual(
      tooLong('Issue', 'title', 256),
    );
    expect(
      await refusal(
        octokit.rest.issues.update({
          ...repo,
          issue_number: ok.data.number,
          title: 'y'.repeat(257),
        }),
      ),
    ).toEqual(tooLong('Issue', 'title', 256));
    expect([...fake.repo(REPO).issues.values()].map((i) => i.title.length)).toEqual([256]);
    fake.assertNoViolations();
  });

  it('counts characters, not UTF-16 units: 256 emoji are a valid title', async () => {
    const fake = setupFake();
    const title = '🚀'.repeat(256);
    expect(title.length).toBe(512);
    const { status } = await fake.octokit().rest.issues.create({ ...repo, title });
    expect(status).toBe(201);
  });

  it('issue body and comment body: 65,536 characters', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const issue = await octokit.rest.issues.create({
      ...repo,
      title: 'T',
      body: 'b'.repeat(65_536),
    });
    expect(issue.status).toBe(201);
    expect(
      await refusal(octokit.rest.issues.create({ ...repo, title: 'T', body: 'b'.repeat(65_537) })),
    ).toEqual(tooLong('Issue', 'body', 65_536));
    const number = issue.data.number;
    expect(
      await refusal(
        octokit.rest.issues.createComment({
          ...repo,
          issue_number: number,
          body: 'c'.repeat(65_537),
        }),
      ),
    ).toEqual(tooLong('IssueComment', 'body', 65_536));
    const comment = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: number,
      body: 'c'.repeat(65_536),
    });
    expect(
      await refusal(
        octokit.rest.issues.updateComment({
          ...repo,
          comment_id: comment.data.id,
          body: 'd'.repeat(65_537),
        }),
      ),
    ).toEqual(tooLong('IssueComment', 'body', 65_536));
    fake.assertNoViolations();
  });

  it(`milestone title: ${GITHUB_LIMITS.milestoneTitle} characters (create and update)`, async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const max = GITHUB_LIMITS.milestoneTitle;
    const ok = await octokit.rest.issues.createMilestone({ ...repo, title: 'm'.repeat(max) });
    expect(ok.status).toBe(201);
    expect(
      await refusal(octokit.rest.issues.createMilestone({ ...repo, title: 'm'.repeat(max + 1) })),
    ).toEqual(tooLong('Milestone', 'title', max));
    expect(
      await refusal(
        octokit.rest.issues.updateMilestone({
          ...repo,
          milestone_number: ok.data.number,
          title: 'n'.repeat(max + 1),
        }),
      ),
    ).toEqual(tooLong('Milestone', 'title', max));
    fake.assertNoViolations();
  });

  it('label name: 50 characters, also for a label an issue names (then no issue is created)', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    expect((await octokit.rest.issues.createLabel({ ...repo, name: 'l'.repeat(50) })).status).toBe(
      201,
    );
    expect(
      await refusal(octokit.rest.issues.createLabel({ ...repo, name: 'l'.repeat(51) })),
    ).toEqual(tooLong('Label', 'name', 50));
    expect(
      await refusal(octokit.rest.issues.create({ ...repo, title: 'T', labels: ['k'.repeat(51)] })),
    ).toEqual(tooLong('Label', 'name', 50));
    expect(fake.repo(REPO).issues.size).toBe(0);
    expect(fake.repo(REPO).labels.map((l) => l.name.length)).toEqual([50]);
    fake.assertNoViolations();
  });
});

describe('large files', () => {
  const big = `# Plan\n\n${'A line of prose that fills the file.\n'.repeat(40_000)}`;

  it('contents GET omits a >1 MB file (encoding "none"); the blob API returns it in base64', async () => {
    const fake = setupFake();
    fake.createRepo({ fullName: 'acme/big', files: { 'MILESTONES.md': big } });
    const octokit = fake.octokit();
    const { data } = await octokit.rest.repos.getContent({
      owner: OWNER,
      repo: 'big',
      path: 'MILESTONES.md',
    });
    if (Array.isArray(data) || data.type !== 'file') throw new Error('expected a file');
    expect(Buffer.byteLength(big)).toBeGreaterThan(1024 * 1024);
    expect({ encoding: data.encoding, content: data.content, size: data.size }).toEqual({
      encoding: 'none',
      content: '',
      size: Buffer.byteLength(big),
    });
    const blob = await octokit.rest.git.getBlob({ owner: OWNER, repo: 'big', file_sha: data.sha });
    expect(blob.data).toMatchObject({
      sha: data.sha,
      encoding: 'base64',
      size: Buffer.byteLength(big),
    });
    expect(Buffer.from(blob.data.content, 'base64').toString('utf8')).toBe(big);
    fake.assertNoViolations();
  });

  it('the blob API: 404 for an unknown sha, 422 for one that is not 40 hex digits', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    expect(
      await refusal(octokit.rest.git.getBlob({ ...repo, file_sha: 'a'.repeat(40) })),
    ).toMatchObject({
      status: 404,
    });
    expect(await refusal(octokit.rest.git.getBlob({ ...repo, file_sha: 'HEAD' }))).toMatchObject({
      status: 422,
    });
    fake.assertNoViolations();
  });

  it('contents PUT takes a >1 MB file (the limit is 100 MB)', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const { status } = await octokit.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: 'BIG.md',
      message: 'big',
      content: Buffer.from(big).toString('base64'),
    });
    expect(status).toBe(201);
    fake.assertNoViolations();
  });

  it('the raw media type returns the bytes themselves (as Probot’s config plugin asks)', async () => {
    const fake = setupFake();
    fake.createRepo({ fullName: 'acme/big', files: { 'MILESTONES.md': big } });
    const response = await fake.octokit().request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner: OWNER,
      repo: 'big',
      path: 'MILESTONES.md',
      mediaType: { format: 'raw' },
    });
    expect(response.headers['content-type']).toBe('application/vnd.github.raw; charset=utf-8');
    expect(response.data).toBe(big);
  });
});
