import { describe, expect, it } from 'vitest';
import type { RequestError } from '@octokit/request-error';
import { normalizeDueOn } from '../src/index.js';
import { NAME, OWNER, setupFake } from './fake-helpers.js';

const repo = { owner: OWNER, repo: NAME };

describe('milestone due_on storage (Pacific midnight, in UTC)', () => {
  it.each([
    // instant sent                → stored due_on
    ['2020-09-24T06:59:00Z', '2020-09-23T07:00:00Z'], // 23:59 PDT on the 23rd
    ['2020-09-24T07:01:00Z', '2020-09-24T07:00:00Z'],
    ['2026-07-01T00:00:00Z', '2026-06-30T07:00:00Z'], // 17:00 PDT the day before
    ['2026-01-20T12:00:00Z', '2026-01-20T08:00:00Z'], // PST: midnight is 08:00Z
    ['2026-03-08T12:00:00Z', '2026-03-08T08:00:00Z'], // DST starts 02:00 that day: midnight still PST
    ['2026-11-01T12:00:00Z', '2026-11-01T07:00:00Z'], // DST ends 02:00 that day: midnight still PDT
    ['2026-05-10', '2026-05-09T07:00:00Z'], // a bare date is UTC midnight = the previous Pacific day
  ])('%s → %s', (input, stored) => {
    expect(normalizeDueOn(input)).toBe(stored);
  });

  it('returns the normalised value from the API and on later reads', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const created = await octokit.rest.issues.createMilestone({
      ...repo,
      title: 'M1',
      due_on: '2026-02-01T12:00:00Z',
    });
    expect(created.data.due_on).toBe('2026-02-01T08:00:00Z');
    const updated = await octokit.rest.issues.updateMilestone({
      ...repo,
      milestone_number: created.data.number,
      due_on: '2026-06-15T12:00:00Z',
    });
    expect(updated.data.due_on).toBe('2026-06-15T07:00:00Z');
    fake.assertNoViolations();
    // The OpenAPI description types PATCH `due_on` as a date-time string, so the
    // fake (which enforces the description) answers `null` with 422 and records it.
    const cleared = (await octokit.rest.issues
      .updateMilestone({
        ...repo,
        milestone_number: created.data.number,
        due_on: null as unknown as string,
      })
      .catch((e: unknown) => e)) as RequestError;
    expect(cleared.status).toBe(422);
    expect(fake.violations.map((v) => [v.kind, v.route])).toEqual([
      ['request', 'PATCH /repos/{owner}/{repo}/milestones/{milestone_number}'],
    ]);
  });
});

describe('milestones', () => {
  it('numbers milestones per repo, distinct from their ids, and lists by state/sort/direction', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const late = await octokit.rest.issues.createMilestone({
      ...repo,
      title: 'Late',
      due_on: '2026-09-01T12:00:00Z',
    });
    const early = await octokit.rest.issues.createMilestone({
      ...repo,
      title: 'Early',
      due_on: '2026-03-01T12:00:00Z',
    });
    const undated = await octokit.rest.issues.createMilestone({ ...repo, title: 'Undated' });
    expect([late.data.number, early.data.number, undated.data.number]).toEqual([1, 2, 3]);
    expect(late.data.id).toBeGreaterThan(1_000_000);
    await octokit.rest.issues.updateMilestone({
      ...repo,
      milestone_number: early.data.number,
      state: 'closed',
    });

    const titles = async (params: Record<string, string>) =>
      (await octokit.rest.issues.listMilestones({ ...repo, ...params })).data.map((m) => m.title);
    expect(await titles({})).toEqual(['Late', 'Undated']);
    expect(await titles({ state: 'all' })).toEqual(['Early', 'Late', 'Undated']);
    expect(await titles({ state: 'all', direction: 'desc' })).toEqual(['Undated', 'Late', 'Early']);
    expect(await titles({ state: 'closed' })).toEqual(['Early']);

    const closed = await octokit.rest.issues.getMilestone({
      ...repo,
      milestone_number: early.data.number,
    });
    expect(closed.data.state).toBe('closed');
    expect(closed.data.closed_at).not.toBeNull();
    fake.assertNoViolations();
  });

  it('keeps open_issues/closed_issues in step with issue state and assignment (PRs included)', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const m = await octokit.rest.issues.createMilestone({ ...repo, title: 'M' });
    const a = await octokit.rest.issues.create({ ...repo, title: 'a', milestone: m.data.number });
    await octokit.rest.issues.create({ ...repo, title: 'b', milestone: m.data.number });
    fake.human.closeIssue({ repo: 'acme/plan', number: a.data.number });
    const counts = async () => {
      const { data } = await octokit.rest.issues.getMilestone({
        ...repo,
        milestone_number: m.data.number,
      });
      return [data.open_issues, data.closed_issues];
    };
    expect(await counts()).toEqual([1, 1]);
    fake.human.setMilestone({ repo: 'acme/plan', number: a.data.number, milestone: null });
    expect(await counts()).toEqual([1, 0]);
    fake.human.reopenIssue({ repo: 'acme/plan', number: a.data.number });
    fake.human.setMilestone({ repo: 'acme/plan', number: a.data.number, milestone: m.data.number });
    expect(await counts()).toEqual([2, 0]);
  });

  it('rejects a duplicate title with 422 already_exists', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    await octokit.rest.issues.createMilestone({ ...repo, title: 'M1' });
    const error = (await octokit.rest.issues
      .createMilestone({ ...repo, title: 'M1' })
      .catch((e: unknown) => e)) as RequestError;
    expect(error.status).toBe(422);
    expect((error.response?.data as { errors: unknown[] }).errors).toEqual([
      { resource: 'Milestone', code: 'already_exists', field: 'title' },
    ]);
  });
});

describe('labels', () => {
  it('creates, gets and lists labels; an existing name (any case) is 422 already_exists', async () => {
    const fake = setupFake();
    const octokit = fake.octokit();
    const created = await octokit.rest.issues.createLabel({
      ...repo,
      name: 'milestone-sync',
      color: 'C0FFEE',
      description: 'managed',
    });
    expect(created.status).toBe(201);
    expect(created.data.color).toBe('c0ffee');
    const got = await octokit.rest.issues.getLabel({ ...repo, name: 'Milestone-Sync' });
    expect(got.data.id).toBe(created.data.id);
    const error = (await octokit.rest.issues
      .createLabel({ ...repo, name: 'MILESTONE-SYNC' })
      .catch((e: unknown) => e)) as RequestError;
    expect(error.status).toBe(422);
    expect(error.response?.data).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
    });
    const list = await octokit.rest.issues.listLabelsForRepo(repo);
    expect(list.data.map((l) => l.name)).toEqual(['milestone-sync']);
    fake.assertNoViolations();
  });

  it('seeds GitHub default labels on request', () => {
    const fake = setupFake();
    const repoWithDefaults = fake.createRepo({ fullName: 'acme/defaults', defaultLabels: true });
    expect(repoWithDefaults.labels.map((l) => l.name)).toContain('good first issue');
    expect(repoWithDefaults.labels).toHaveLength(9);
  });
});
