/**
 * applyActions against the fake GitHub: dry runs, dependency skipping, retries, rate limits,
 * stale file writes and protected branches. The fake checks every request and response against
 * GitHub's OpenAPI description.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeGitHub } from '@milestone-sync/fake-github';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import { silentLogger } from '../../src/sync/github-client.js';
import { syncRepo } from '../../src/sync/sync-repo.js';
import { readSeed } from '../helpers/read-fixture.js';
import { PATH, REPO } from './helpers/snapshot-builders.js';
import { FULL_NAME, createFakeEngine, outcomes } from './helpers/fake-engine.js';
import { summarize } from './helpers/summarize-actions.js';
import type { Action } from '../../src/sync/sync-types.js';

const TEXT = `# Plan

## M1 — Foundations

**Due:** 2026-03-31

- [ ] Write the parser (P0)
- [x] Lexer
- [ ] API
  - [ ] Routes

## M2 — Later

- [ ] Docs
- [x] Changelog
`;

const fakes: FakeGitHub[] = [];
function engine(params: { text: string; protectedBranches?: string[] }) {
  const created = createFakeEngine(params);
  fakes.push(created.fake);
  return created;
}
afterEach(() => {
  for (const fake of fakes.splice(0)) fake.assertNoViolations();
});

const ISSUES = 'POST /repos/{owner}/{repo}/issues';
const MILESTONES = 'POST /repos/{owner}/{repo}/milestones';
const CONTENTS = 'PUT /repos/{owner}/{repo}/contents/{path}';

describe('applyActions: a first sync', () => {
  it('creates everything the plan asks for, with the due date at noon UTC', async () => {
    const e = engine({ text: TEXT });
    const { planned, results } = await e.sync();
    expect(outcomes(results).filter((o) => !o.endsWith(' ok'))).toEqual([]);
    expect(planned.actions).toHaveLength(10);
    expect(e.fake.calls.byRoute()).toMatchObject({
      'POST /repos/{owner}/{repo}/labels': 1,
      [MILESTONES]: 2,
      [ISSUES]: 6,
      // Two deliverables are done: created, then closed.
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}': 2,
      'POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues': 1,
    });
    const m1 = e.fake.calls.all().find((c) => c.route === MILESTONES);
    expect(m1?.body).toMatchObject({ title: 'M1 — Foundations', due_on: '2026-03-31T12:00:00Z' });
    const snapshot = await e.read();
    expect(snapshot.milestones.map((m) => [m.title, m.dueOn?.slice(0, 10) ?? null])).toEqual([
      ['M1 — Foundations', '2026-03-31'],
      ['M2 — Later', null],
    ]);
    expect(e.issueByTitle('Lexer')).toMatchObject({ state: 'closed', stateReason: 'completed' });
    const routes = e.issueByTitle('Routes');
    expect(routes.parentId).toBe(e.issueByTitle('API').id);
    expect(e.plan(snapshot).actions).toEqual([]);
  });
});

describe('applyActions: each action kind, by hand', () => {
  async function threeIssues() {
    const e = engine({ text: TEXT });
    for (const title of ['A', 'B', 'C']) e.fake.human.createIssue({ repo: FULL_NAME, title });
    const snapshot = await e.read();
    const id = (n: number) => snapshot.issues.find((i) => i.number === n)?.id as number;
    return { e, snapshot, id };
  }

  it('links by issue id, moves a sub-issue with replace_parent, unlinks, comments', async () => {
    const { e, snapshot, id } = await threeIssues();
    const actions: Action[] = [
      {
        kind: 'link-sub-issue',
        key: 'k/c',
        parent: { number: 1, id: id(1) },
        child: { number: 3, id: id(3) },
        before: null,
        reason: 'nest C under A',
      },
      {
        kind: 'link-sub-issue',
        key: 'k/c',
        parent: { number: 2, id: id(2) },
        child: { number: 3, id: id(3) },
        before: 1,
        reason: 'move C under B',
      },
      {
        kind: 'comment-issue',
        issue: { number: 3, id: id(3) },
        body: 'Moved.',
        reason: 'say so',
      },
    ];
    const results = await e.apply({ snapshot, actions });
    expect(outcomes(results)).toEqual([
      'link-sub-issue ok',
      'link-sub-issue ok',
      'comment-issue ok',
    ]);
    const links = e.fake.calls
      .all()
      .filter((c) => c.route === 'POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues');
    expect(links.map((c) => [c.params.issue_number, c.body])).toEqual([
      ['1', { sub_issue_id: id(3) }],
      ['2', { sub_issue_id: id(3), replace_parent: true }],
    ]);
    expect(e.issueByTitle('C').parentId).toBe(id(2));
    expect(
      [...e.fake.repo(FULL_NAME).comments.values()].map((c) => [c.issueNumber, c.body]),
    ).toEqual([[3, 'Moved.']]);
    const unlink = await e.apply({
      snapshot,
      actions: [
        {
          kind: 'unlink-sub-issue',
          key: 'k/c',
          parent: 2,
          child: { number: 3, id: id(3) },
          reason: 'no longer nested',
        },
      ],
    });
    expect(unlink.map((r) => r.outcome)).toEqual([{ status: 'ok', number: 3 }]);
    expect(e.issueByTitle('C').parentId).toBeNull();
  });

  it('sends only the fields an update changes; reopening sends state_reason reopened', async () => {
    const { e, snapshot } = await threeIssues();
    e.fake.human.closeIssue({ repo: FULL_NAME, number: 2 });
    e.fake.human.createMilestone({ repo: FULL_NAME, title: 'M' });
    e.fake.calls.reset();
    const actions: Action[] = [
      {
        kind: 'update-issue',
        key: 'k/a',
        number: 1,
        before: {},
        after: { title: 'A2', labels: ['x'], milestone: { number: 1 } },
        reason: 'edit',
      },
      {
        kind: 'update-issue',
        key: 'k/b',
        number: 2,
        before: { state: 'closed' },
        after: { state: 'open' },
        reason: 'reopen',
      },
      {
        kind: 'update-issue',
        key: 'k/a',
        number: 1,
        before: {},
        after: { milestone: null, state: 'closed', stateReason: 'not_planned' },
        reason: 'drop',
      },
      {
        kind: 'update-milestone',
        key: 'm',
        number: 1,
        before: {},
        after: { due: '2026-05-01', state: 'closed' },
        reason: 'due',
      },
    ];
    const results = await e.apply({ snapshot, actions });
    expect(outcomes(results)).toEqual([
      'update-issue ok',
      'update-issue ok',
      'update-issue ok',
      'update-milestone ok',
    ]);
    expect(e.fake.calls.all().map((c) => c.body)).toEqual([
      { title: 'A2', labels: ['x'], milestone: 1 },
      { state: 'open', state_reason: 'reopened' },
      { milestone: null, state: 'closed', state_reason: 'not_planned' },
      { due_on: '2026-05-01T12:00:00Z', state: 'closed' },
    ]);
    expect(e.issueByTitle('A2')).toMatchObject({
      state: 'closed',
      stateReason: 'not_planned',
      milestoneNumber: null,
    });
  });

  it('skips an action whose reference was never created, and says why', async () => {
    const { e, snapshot } = await threeIssues();
    const results = await e.apply({
      snapshot,
      actions: [{ kind: 'comment-issue', issue: { key: 'm/never' }, body: 'x', reason: 'orphan' }],
    });
    expect(results.map((r) => r.outcome)).toEqual([
      { status: 'skipped', error: 'refers to “m/never”, which was not created in this run' },
    ]);
    expect(e.fake.calls.writes()).toEqual([]);
  });

  it('treats a label that exists already as done', async () => {
    const { e, snapshot } = await threeIssues();
    const label: Action = {
      kind: 'create-label',
      after: { name: 'priority: P0', color: 'b60205', description: 'Managed by milestone-sync' },
      reason: 'needed',
    };
    const results = await e.apply({ snapshot, actions: [label, label] });
    expect(results.map((r) => r.outcome)).toEqual([
      { status: 'ok' },
      { status: 'ok', detail: 'already existed' },
    ]);
  });

  it('adopts a milestone of the same title that appeared meanwhile', async () => {
    const e = engine({ text: TEXT });
    const snapshot = await e.read();
    const planned = e.plan(snapshot);
    e.fake.human.createMilestone({ repo: FULL_NAME, title: 'M1 — Foundations' });
    const results = await e.apply({ snapshot, actions: planned.actions });
    expect(results[1]?.outcome).toEqual({
      status: 'ok',
      number: 1,
      detail: 'adopted the existing milestone of that title',
    });
    expect(outcomes(results).filter((o) => !o.endsWith(' ok'))).toEqual([]);
    expect(e.issueByTitle('Lexer').milestoneNumber).toBe(1);
  });
});

describe('applyActions: dry run', () => {
  it('sends no write for a seed’s first sync and reports every action as dry-run', async () => {
    const e = engine({ text: readSeed('eutlas-PHASES.md') });
    const snapshot = await e.read();
    const planned = e.plan(snapshot);
    expect(planned.actions).toHaveLength(98);
    e.fake.calls.reset();
    const results = await e.apply({ snapshot, actions: planned.actions, dryRun: true });
    expect(e.fake.calls.writes()).toEqual([]);
    expect(results.map((r) => r.outcome)).toEqual(
      planned.actions.map(() => ({ status: 'dry-run' })),
    );
    expect(e.issues()).toEqual([]);
    expect(e.fake.repo(FULL_NAME).milestones.size).toBe(0);
  });

  it('sends no write for a file edit either, and leaves the file as it was', async () => {
    const e = engine({ text: TEXT });
    await e.sync();
    e.fake.human.closeIssue({ repo: FULL_NAME, number: e.issueByTitle('Write the parser').number });
    const snapshot = await e.read();
    const planned = e.plan(snapshot);
    expect(summarize(planned.actions)).toEqual([
      'edit-file set-item-status m1-foundations/write-the-parser done',
      'update-issue #1 body',
    ]);
    e.fake.calls.reset();
    const results = await e.apply({ snapshot, actions: planned.actions, dryRun: true });
    expect(outcomes(results)).toEqual(['edit-file dry-run', 'update-issue dry-run']);
    expect(e.fake.calls.writes()).toEqual([]);
    expect(e.fileText()).toBe(TEXT);
  });

  it('still reports an edit that cannot be made', async () => {
    const e = engine({ text: TEXT });
    await e.sync();
    e.fake.human.closeIssue({ repo: FULL_NAME, number: e.issueByTitle('Write the parser').number });
    const snapshot = await e.read();
    const planned = e.plan(snapshot);
    const noEditor = () => ({ text: snapshot.file.text, problems: ['no editor'] });
    const results = await e.apply({
      snapshot,
      actions: planned.actions,
      dryRun: true,
      editText: noEditor,
    });
    expect(results.map((r) => r.outcome)).toEqual([
      { status: 'failed', error: 'no edit possible: no editor' },
      { status: 'skipped', error: 'needs action 1, which did not succeed' },
    ]);
  });
});

describe('applyActions: failures', () => {
  it.each([422, 404])(
    'a create-milestone answered %d skips its issues; the other milestone’s issues are created',
    async (status) => {
      const e = engine({ text: TEXT });
      e.fake.faults.next({
        route: MILESTONES,
        status,
        when: (request) => (request.body as { title?: string }).title === 'M1 — Foundations',
      });
      const { planned, results } = await e.sync();
      expect(summarize(planned.actions).map((s) => s.split(' title=')[0])).toEqual([
        'create-label priority: P0',
        'create-milestone m1-foundations',
        'create-milestone m2-later',
        'create-issue m1-foundations/write-the-parser',
        'create-issue m1-foundations/lexer',
        'create-issue m1-foundations/api',
        'create-issue m1-foundations/api/routes',
        'create-issue m2-later/docs',
        'create-issue m2-later/changelog',
        'link-sub-issue (m1-foundations/api) ← (m1-foundations/api/routes)',
      ]);
      expect(results.map((r) => r.outcome)).toEqual([
        { status: 'ok' },
        {
          status: 'failed',
          httpStatus: status,
          error: expect.stringMatching(new RegExp(`^HTTP ${status}: `)),
        },
        { status: 'ok', number: 1 },
        ...[0, 1, 2, 3].map(() => ({
          status: 'skipped',
          error: 'needs action 2, which did not succeed',
        })),
        { status: 'ok', number: 1, id: expect.any(Number) },
        { status: 'ok', number: 2, id: expect.any(Number) },
        { status: 'skipped', error: 'needs action 6, which did not succeed' },
      ]);
      expect(e.issues().map((i) => [i.title, i.state, i.milestoneNumber])).toEqual([
        ['Docs', 'open', 1],
        ['Changelog', 'closed', 1],
      ]);
      // Not retried: a 4xx is terminal.
      expect(e.fake.calls.count(MILESTONES)).toBe(2);
    },
  );

  it('a done deliverable whose close fails is closed by the next sync, not unticked in the file', async () => {
    const e = engine({ text: TEXT });
    e.fake.faults.next({
      route: 'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
      status: 422,
      when: (request) => (request.body as { state?: string }).state === 'closed',
    });
    const first = await e.sync();
    const lexer = first.results.find(
      (r) => r.action.kind === 'create-issue' && r.action.key === 'm1-foundations/lexer',
    );
    expect(lexer?.outcome).toMatchObject({ status: 'failed', httpStatus: 422 });
    expect(e.issueByTitle('Lexer').state).toBe('open');
    const second = await e.sync();
    expect(summarize(second.planned.actions)).toEqual([
      'update-issue #2 state=closed stateReason=completed body',
    ]);
    expect(e.issueByTitle('Lexer')).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(e.fileText()).toBe(TEXT);
  });

  it('one failed update does not stop the rest', async () => {
    const e = engine({ text: TEXT });
    await e.sync();
    const text = TEXT.replace('- [ ] Write the parser', '- [x] Write the parser').replace(
      '- [ ] Docs',
      '- [x] Docs',
    );
    e.fake.human.editFile({ repo: FULL_NAME, path: PATH, content: text });
    e.fake.faults.next({
      route: 'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
      status: 422,
      when: (request) => request.params.issue_number === '1',
    });
    const { results } = await e.sync();
    expect(outcomes(results)).toEqual([
      'update-milestone ok',
      'update-issue failed',
      'update-issue ok',
    ]);
    expect(e.issueByTitle('Docs').state).toBe('closed');
    expect(e.issueByTitle('Write the parser').state).toBe('open');
  });

  it('retries a 5xx and then succeeds', async () => {
    const e = engine({ text: TEXT });
    e.fake.faults.next({ route: ISSUES, status: 502, times: 2 });
    const start = e.fake.clock.now();
    const { results } = await e.sync();
    expect(outcomes(results).filter((o) => !o.endsWith(' ok'))).toEqual([]);
    expect(e.fake.calls.count(ISSUES)).toBe(6 + 2);
    expect(e.issues()).toHaveLength(6);
    expect(e.fake.clock.now() - start).toBe(1_000 + 2_000);
  });

  it('an issue created although GitHub answered 502 is adopted, not created twice', async () => {
    const e = engine({ text: TEXT });
    e.fake.faults.next({
      route: ISSUES,
      status: 502,
      when: () => e.fake.repo(FULL_NAME).issues.size === 2,
      before: async (request) => {
        await e.fake
          .octokit()
          .request(ISSUES, { owner: 'acme', repo: 'plan', ...(request.body as { title: string }) });
      },
    });
    const { results } = await e.sync();
    expect(outcomes(results).filter((o) => !o.endsWith(' ok'))).toEqual([]);
    expect(e.issues()).toHaveLength(6);
    expect(e.fake.calls.count(ISSUES)).toBe(6 + 1); // the 502 and the fault's own create
    const snapshot = await e.read();
    expect(e.plan(snapshot).actions).toEqual([]);
  });

  it('waits out a secondary rate limit with retry-after: 60, then succeeds', async () => {
    const e = engine({ text: TEXT });
    e.fake.faults.secondaryRateLimit({ route: ISSUES, retryAfter: 60 });
    const start = e.fake.clock.now();
    const { results } = await e.sync();
    expect(outcomes(results).filter((o) => !o.endsWith(' ok'))).toEqual([]);
    expect(e.fake.clock.now() - start).toBe(60_000);
    const posts = e.fake.calls.all().filter((c) => c.route === ISSUES);
    expect(posts.map((c) => c.status)).toEqual([403, 201, 201, 201, 201, 201, 201]);
    expect((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0)).toBe(60_000);
    expect(e.issues()).toHaveLength(6);
  });

  it('a refused write is logged naming the request (a 403 names no route of its own), and the writes needing the same permission are not sent', async () => {
    const fake = createFakeGitHub();
    fakes.push(fake);
    fake.createRepo({ fullName: FULL_NAME, files: { [PATH]: TEXT } });
    fake.faults.always({
      route: ISSUES,
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });
    const warnings: string[] = [];
    const log = {
      ...silentLogger,
      warn: (message: unknown) => void warnings.push(String(message)),
    };
    const report = await syncRepo({ octokit: fake.octokit(), repo: REPO, path: PATH, log });
    const results = report.runs[0]?.results ?? [];
    const failed = results.filter((r) => r.outcome.status === 'failed');
    expect(failed.map((r) => r.action.kind)).toEqual(['create-issue']);
    const skipped = results.filter((r) => r.outcome.status === 'skipped');
    // link-sub-issue waits for a parent that was never created, as before.
    expect(skipped.map((r) => r.action.kind)).toEqual([
      ...Array<string>(5).fill('create-issue'),
      'link-sub-issue',
    ]);
    expect(skipped[0]?.outcome).toEqual({
      status: 'skipped',
      error:
        'not sent: GitHub refused POST /repos/acme/plan/issues earlier in this sync (HTTP 403: the app lacks the permission)',
    });
    expect(fake.calls.all().filter((c) => c.route === ISSUES)).toHaveLength(1);
    expect(warnings.filter((w) => w.startsWith('milestone-sync: create-issue failed'))).toEqual([
      'milestone-sync: create-issue failed: HTTP 403: Resource not accessible by integration (POST /repos/acme/plan/issues)',
    ]);
  });

  it('a 403 about one resource (a locked issue) does not stop the other writes', async () => {
    const fake = createFakeGitHub();
    fakes.push(fake);
    fake.createRepo({ fullName: FULL_NAME, files: { [PATH]: TEXT } });
    fake.faults.next({
      route: ISSUES,
      status: 403,
      body: { message: 'Unable to create this issue right now' },
    });
    const report = await syncRepo({
      octokit: fake.octokit(),
      repo: REPO,
      path: PATH,
      log: silentLogger,
    });
    const results = report.runs[0]?.results ?? [];
    expect(results.filter((r) => r.outcome.status === 'failed')).toHaveLength(1);
    const notSent = results.filter(
      (r) => r.outcome.status === 'skipped' && r.outcome.error.includes('GitHub refused'),
    );
    expect(notSent).toEqual([]);
    expect(fake.calls.all().filter((c) => c.route === ISSUES)).toHaveLength(6);
  });
});

describe('applyActions: writing the plan file', () => {
  async function closedOnGithub(params: { protectedBranches?: string[] } = {}) {
    const e = engine({ text: TEXT, ...params });
    await e.sync();
    e.fake.human.closeIssue({ repo: FULL_NAME, number: e.issueByTitle('Write the parser').number });
    const snapshot = await e.read();
    const planned = e.plan(snapshot);
    expect(summarize(planned.actions)).toEqual([
      'edit-file set-item-status m1-foundations/write-the-parser done',
      'update-issue #1 body',
    ]);
    e.fake.calls.reset();
    return { e, snapshot, planned };
  }
  const TICKED = TEXT.replace('- [ ] Write the parser', '- [x] Write the parser');

  it('commits the edit with the sha it was planned against', async () => {
    const { e, snapshot, planned } = await closedOnGithub();
    const results = await e.apply({ snapshot, actions: planned.actions });
    expect(results.map((r) => r.outcome)).toEqual([
      { status: 'ok', detail: 'committed to main' },
      { status: 'ok', number: 1 },
    ]);
    expect(e.fileText()).toBe(TICKED);
    const put = e.fake.calls.all().find((c) => c.route === CONTENTS);
    expect(put?.body).toMatchObject({ sha: snapshot.file.sha, branch: 'main' });
    expect(e.plan(await e.read()).actions).toEqual([]);
  });

  it('a 409 (the file moved on) is reported failed with 409, not retried, and blocks the marker refresh', async () => {
    const { e, snapshot, planned } = await closedOnGithub();
    const human = `${TEXT}\n- [ ] Added by a person meanwhile\n`;
    e.fake.faults.next({
      route: CONTENTS,
      before: () => {
        e.fake.human.editFile({ repo: FULL_NAME, path: PATH, content: human });
      },
    });
    const results = await e.apply({ snapshot, actions: planned.actions });
    expect(results.map((r) => r.outcome)).toEqual([
      {
        status: 'failed',
        httpStatus: 409,
        error: expect.stringMatching(/^HTTP 409: MILESTONES\.md does not match /),
      },
      { status: 'skipped', error: 'needs action 1, which did not succeed' },
    ]);
    expect(e.fake.calls.count(CONTENTS)).toBe(1);
    expect(e.fileText()).toBe(human);
  });

  it('a ruleset that requires pull requests also gets a pull request', async () => {
    const { e, snapshot, planned } = await closedOnGithub();
    // What GitHub answers when a repository ruleset (not classic branch protection) refuses it.
    e.fake.faults.next({
      route: CONTENTS,
      status: 409,
      body: {
        message:
          'Repository rule violations found\n\nChanges must be made through a pull request.\n\n',
        documentation_url:
          'https://docs.github.com/rest/repos/contents#create-or-update-file-contents',
      },
      when: (request) => (request.body as { branch?: string }).branch === 'main',
    });
    const results = await e.apply({ snapshot, actions: planned.actions });
    expect(outcomes(results)).toEqual(['edit-file deferred', 'update-issue skipped']);
    const pulls = [...e.fake.repo(FULL_NAME).pulls.values()];
    expect(pulls.map((p) => [p.headRef, p.baseRef])).toEqual([
      ['milestone-sync/MILESTONES.md', 'main'],
    ]);
    expect(e.fileText('milestone-sync/MILESTONES.md')).toBe(TICKED);
    expect(e.fileText()).toBe(TEXT);
  });

  it.each([
    'Could not update file: 6 of 6 required status checks are expected.',
    'Protected branch update failed for refs/heads/main.',
  ])('a 409 that is not a stale sha (%s) gets a pull request, not a re-plan', async (message) => {
    const { e, snapshot, planned } = await closedOnGithub();
    e.fake.faults.next({
      route: CONTENTS,
      status: 409,
      body: {
        message,
        documentation_url:
          'https://docs.github.com/rest/repos/contents#create-or-update-file-contents',
      },
      when: (request) => (request.body as { branch?: string }).branch === 'main',
    });
    const results = await e.apply({ snapshot, actions: planned.actions });
    expect(outcomes(results)).toEqual(['edit-file deferred', 'update-issue skipped']);
    expect(e.fileText('milestone-sync/MILESTONES.md')).toBe(TICKED);
    expect(e.fileText()).toBe(TEXT);
  });

  it('a write GitHub refuses (too large) fails naming the file, and GitHub’s copy is unchanged', async () => {
    const { e, snapshot, planned } = await closedOnGithub();
    e.fake.faults.next({
      route: CONTENTS,
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [{ resource: 'Blob', field: 'content', code: 'too_large' }],
      },
    });
    const results = await e.apply({ snapshot, actions: planned.actions });
    expect(results.map((r) => r.outcome)).toEqual([
      {
        status: 'failed',
        httpStatus: 422,
        error: `HTTP 422: MILESTONES.md (${Buffer.byteLength(TICKED)} bytes, too large for GitHub) was not written, GitHub's copy is unchanged: Validation Failed: {"resource":"Blob","field":"content","code":"too_large"}`,
      },
      { status: 'skipped', error: 'needs action 1, which did not succeed' },
    ]);
    expect(e.fileText()).toBe(TEXT);
    expect(e.fake.repo(FULL_NAME).pulls.size).toBe(0);
  });

  it('push protection (a secret in the content) fails the edit without opening a pull request', async () => {
    const { e, snapshot, planned } = await closedOnGithub();
    e.fake.faults.next({
      route: CONTENTS,
      status: 409,
      body: { message: 'Repository rule violations found\n\nSecret detected in content' },
    });
    const results = await e.apply({ snapshot, actions: planned.actions });
    expect(results[0]?.outcome).toMatchObject({ status: 'failed', httpStatus: 409 });
    expect(e.fake.repo(FULL_NAME).pulls.size).toBe(0);
    expect([...e.fake.repo(FULL_NAME).branches.keys()]).toEqual(['main']);
  });

  it('a protected branch gets a pull request from milestone-sync/… instead; dependents wait', async () => {
    const { e, snapshot, planned } = await closedOnGithub({ protectedBranches: ['main'] });
    const results = await e.apply({ snapshot, actions: planned.actions });
    const pulls = [...e.fake.repo(FULL_NAME).pulls.values()];
    expect(pulls.map((p) => [p.headRef, p.baseRef, p.merged])).toEqual([
      ['milestone-sync/MILESTONES.md', 'main', false],
    ]);
    const number = pulls[0]?.number;
    expect(results.map((r) => r.outcome)).toEqual([
      {
        status: 'deferred',
        number,
        detail: `main is protected: proposed in pull request #${number}`,
      },
      {
        status: 'skipped',
        error: `waits for action 1 (main is protected: proposed in pull request #${number})`,
      },
    ]);
    expect(e.fileText()).toBe(TEXT);
    expect(e.fileText('milestone-sync/MILESTONES.md')).toBe(TICKED);
    // The marker was not refreshed, so the next sync proposes the same edit in the same pull request.
    const again = await e.sync();
    expect(outcomes(again.results)).toEqual(['edit-file deferred', 'update-issue skipped']);
    expect(again.results[0]?.outcome).toMatchObject({ number });
    expect(e.fake.repo(FULL_NAME).pulls.size).toBe(1);
    expect(e.fileText('milestone-sync/MILESTONES.md')).toBe(TICKED);
  });
});
