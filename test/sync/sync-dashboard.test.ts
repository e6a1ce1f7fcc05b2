/**
 * The plan's dashboard issue, end to end through the one use case (syncRepository) on the fake
 * GitHub: created once, edited in place, no write when nothing changed, never a deliverable.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import type { FakeGitHub, FakeIssue } from '@milestone-sync/fake-github';
import { createOctokit } from '../../src/cli/create-octokit.js';
import { silentLogger } from '../../src/sync/github-client.js';
import { syncRepository } from '../../src/sync/sync-repository.js';
import type { SyncRepositoryResult } from '../../src/sync/sync-repository.js';
import { decodeMarker } from '../../src/sync/issue-marker.js';
import { decodeDashboardMarker } from '../../src/sync/dashboard-marker.js';
import { DASHBOARD_LABEL } from '../../src/sync/plan-dashboard.js';

const REPO = { owner: 'acme', repo: 'plan' };
const PLAN = [
  '# Plan',
  '',
  '## Parser',
  '',
  '**Target Date**: 2026-01-15',
  '',
  '- [x] Read headings',
  '- [ ] Read tables',
  '- [ ] Read checkboxes',
  '',
  '## Printer',
  '',
  '- [ ] Print trees',
  '',
].join('\n');

const fakes: FakeGitHub[] = [];
afterEach(() => fakes.splice(0).forEach((fake) => fake.assertNoViolations()));

function setup(files: Record<string, string>) {
  const fake = createFakeGitHub();
  fakes.push(fake);
  fake.webhooks.enabled = false;
  fake.createRepo({ fullName: 'acme/plan', files });
  const octokit = createOctokit({ token: 't', baseUrl: fake.urls.api, fetch: fake.fetch });
  const run = (extra: { dryRun?: boolean } = {}) =>
    syncRepository({
      octokit,
      configReader: octokit,
      repo: REPO,
      clock: fake.clock,
      log: silentLogger,
      ...extra,
    });
  const issues = () => [...fake.repo('acme/plan').issues.values()].filter((i) => !i.isPullRequest);
  const dashboards = () => issues().filter((i) => decodeDashboardMarker(i.body) !== null);
  const byTitle = (title: string) => issues().find((i) => i.title === title) as FakeIssue;
  return { fake, run, issues, dashboards, byTitle };
}

function dashboardOf(result: SyncRepositoryResult) {
  return result.status === 'synced' ? result.report.dashboard : undefined;
}

describe('the dashboard issue', () => {
  it('is created once by the first sync, labelled, with the plan’s progress', async () => {
    const { fake, run, dashboards } = setup({ 'MILESTONES.md': PLAN });
    const result = await run();
    const [dashboard, ...others] = dashboards();
    expect(others).toEqual([]);
    expect(dashboard).toBeDefined();
    if (!dashboard) return;
    expect(dashboardOf(result)).toEqual({ status: 'created', number: dashboard.number });
    expect(dashboard.title).toBe('Plan dashboard: MILESTONES.md');
    expect(dashboard.state).toBe('open');
    const labels = [...dashboard.labelIds].map(
      (id) => [...fake.repo('acme/plan').labels.values()].find((l) => l.id === id)?.name,
    );
    expect(labels).toEqual([DASHBOARD_LABEL]);
    expect(dashboard.body).toContain('1 of 4 deliverables done');
    expect(dashboard.body).toContain('| Parser | 1/3 |');
    expect(decodeMarker(dashboard.body)).toBeNull();
    // Exactly one write more than the deliverables need: the dashboard's create.
    const creates = fake.calls
      .writes()
      .filter((c) => c.method === 'POST' && /\/issues$/.test(c.path));
    expect(creates).toHaveLength(5);
  });

  it('a second sync with nothing changed sends no write at all', async () => {
    const { fake, run } = setup({ 'MILESTONES.md': PLAN });
    await run();
    fake.calls.reset();
    const second = await run();
    expect(fake.calls.writes()).toEqual([]);
    expect(dashboardOf(second)).toMatchObject({ status: 'unchanged' });
  });

  it('an issue closed on GitHub: the next sync edits the dashboard once and ticks its line', async () => {
    const { fake, run, dashboards, byTitle } = setup({ 'MILESTONES.md': PLAN });
    await run();
    await run();
    const before = dashboards()[0]?.body ?? '';
    fake.human.closeIssue({ repo: 'acme/plan', number: byTitle('Read tables').number });
    fake.calls.reset();
    const result = await run();
    const dashboard = dashboards()[0] as FakeIssue;
    const patches = fake.calls
      .writes()
      .filter((c) => c.method === 'PATCH' && c.path.endsWith(`/issues/${dashboard.number}`));
    expect(patches).toHaveLength(1);
    expect(dashboardOf(result)).toEqual({ status: 'updated', number: dashboard.number });
    expect(before).toContain('| Parser | 1/3 |');
    expect(dashboard.body).toContain('| Parser | 2/3 |');
    expect(dashboard.body).toMatch(/Recently completed\n\n- #\d+ Read tables/);
    expect(dashboard.body).toMatch(
      /Synced MILESTONES\.md with acme\/plan: .*\(at \d{4}-\d\d-\d\d \d\d:\d\d UTC\)/,
    );
    // And it settles: the sync after that writes nothing.
    fake.calls.reset();
    await run();
    expect(fake.calls.writes()).toEqual([]);
  });

  it('is never closed nor matched as a deliverable, even when its number is linked or the plan empties', async () => {
    const { fake, run, dashboards } = setup({ 'MILESTONES.md': PLAN });
    await run();
    const dashboard = dashboards()[0] as FakeIssue;
    // A line linking the dashboard's number does not make it a deliverable.
    fake.human.editFile({
      repo: 'acme/plan',
      path: 'MILESTONES.md',
      content: `${PLAN}- [x] Ship it #${dashboard.number}\n`,
    });
    await run();
    expect(dashboards()[0]).toMatchObject({ number: dashboard.number, state: 'open' });
    expect(dashboards()[0]?.title).toBe('Plan dashboard: MILESTONES.md');
    // Every deliverable removed (a small plan: the guard lets it through): the dashboard stays open.
    fake.human.editFile({ repo: 'acme/plan', path: 'MILESTONES.md', content: '# Plan\n' });
    await run();
    expect(dashboards()).toHaveLength(1);
    expect(dashboards()[0]).toMatchObject({ number: dashboard.number, state: 'open' });
  });

  it('shows a refused mass close with what to do, and is not counted by the guard', async () => {
    const many = [
      '# Plan',
      '',
      '## M',
      '',
      ...Array.from({ length: 8 }, (_, i) => `- [ ] Task ${i + 1}`),
      '',
    ];
    const { fake, run, dashboards } = setup({ 'MILESTONES.md': many.join('\n') });
    await run();
    fake.human.editFile({
      repo: 'acme/plan',
      path: 'MILESTONES.md',
      content: '# Plan\n\n## M\n\n- [ ] Task 1\n',
    });
    const result = await run();
    expect(result.status === 'synced' && result.report.runs[0]?.planned.refusal?.message).toMatch(
      /7 of 8 open deliverable issues/,
    );
    const body = dashboards()[0]?.body ?? '';
    expect(body).toContain('⛔ **Refused**');
    expect(body).toContain('maxCloseShare');
    // The refusal repeated: the same dashboard, no write.
    fake.calls.reset();
    await run();
    expect(fake.calls.writes()).toEqual([]);
  });

  it('`dashboard: false` keeps none; a dry run writes none', async () => {
    const off = setup({
      '.github/milestone-sync.yml': 'dashboard: false\n',
      'MILESTONES.md': PLAN,
    });
    const result = await off.run();
    expect(off.dashboards()).toEqual([]);
    expect(dashboardOf(result)).toBeUndefined();
    const dry = setup({ 'MILESTONES.md': PLAN });
    await dry.run({ dryRun: true });
    expect(dry.issues()).toEqual([]);
    expect(dry.fake.calls.writes()).toEqual([]);
  });

  it('a plan file with no deliverables gets none (nothing to show)', async () => {
    const empty = setup({ 'MILESTONES.md': '# Plan\n\nNothing planned yet.\n' });
    await empty.run();
    expect(empty.dashboards()).toEqual([]);
    expect(empty.fake.calls.writes()).toEqual([]);
  });
});
