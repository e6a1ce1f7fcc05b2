import { afterEach, describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { Item } from '../../src/plan/plan-types.js';
import { SEED_NAMES, readSeed } from '../helpers/read-fixture.js';
import {
  FULL_NAME,
  PATH,
  allActions,
  allResults,
  assertFakesClean,
  createPlanRepo,
} from '../helpers/fake-plan-repo.js';

afterEach(() => assertFakesClean());

function flatten(items: Item[]): Item[] {
  return items.flatMap((item) => [item, ...flatten(item.children)]);
}

const count = (list: { kind: string }[], kind: string) =>
  list.filter((a) => a.kind === kind).length;

describe('syncRepo end to end on the fake GitHub', () => {
  it.each(SEED_NAMES)(
    'first sync of %s creates exactly the plan, then a second sync does nothing',
    async (name) => {
      const text = readSeed(name);
      const { plan } = parsePlan({ text });
      const items = [...plan.milestones.flatMap((m) => flatten(m.items)), ...flatten(plan.items)];
      const nested = items.reduce((n, item) => n + item.children.length, 0);
      const repo = createPlanRepo(text);

      const first = await repo.sync();
      const actions = allActions(first);
      expect(allResults(first).filter((r) => r.outcome.status !== 'ok')).toEqual([]);
      expect(count(actions, 'create-milestone')).toBe(plan.milestones.length);
      expect(count(actions, 'create-issue')).toBe(items.length);
      expect(count(actions, 'link-sub-issue')).toBe(nested);
      expect(repo.issues()).toHaveLength(items.length);
      expect(repo.issues().filter((i) => i.state === 'closed')).toHaveLength(
        items.filter((i) => i.status === 'done').length,
      );
      const milestones = [...repo.fake.repo(FULL_NAME).milestones.values()];
      expect(milestones.map((m) => m.title)).toEqual(plan.milestones.map((m) => m.title));
      expect(milestones.map((m) => m.state)).toEqual(plan.milestones.map((m) => m.state));
      expect(repo.fileText()).toBe(text);

      repo.fake.calls.reset();
      const second = await repo.sync();
      expect(allActions(second)).toEqual([]);
      expect(repo.fake.calls.writes()).toEqual([]);
      expect(repo.fake.calls.reads().length).toBeLessThanOrEqual(4);
    },
  );

  it('a person closes an issue: the box is ticked with exactly one contents write, then nothing to do', async () => {
    const text = readSeed('elemta-MILESTONES.md');
    const repo = createPlanRepo(text);
    await repo.sync();
    const issue = repo.issueByTitle('Single standardized configuration format');
    repo.fake.human.closeIssue({ repo: FULL_NAME, number: issue.number });
    repo.fake.calls.reset();

    const report = await repo.sync();
    const contentWrites = repo.fake.calls
      .writes()
      .filter((c) => c.route.startsWith('PUT /repos/{owner}/{repo}/contents/'));
    expect(contentWrites).toHaveLength(1);
    const after = repo.fileText();
    expect(after).toBe(
      text.replace(
        '- [ ] Single standardized configuration format',
        '- [x] Single standardized configuration format',
      ),
    );
    expect(allResults(report).every((r) => r.outcome.status === 'ok')).toBe(true);

    repo.fake.calls.reset();
    expect(allActions(await repo.sync())).toEqual([]);
    expect(repo.fake.calls.writes()).toEqual([]);
  });

  it('a person renames an issue: the line is renamed in place', async () => {
    const text = readSeed('enterprise-rust-MILESTONES.md');
    const repo = createPlanRepo(text);
    await repo.sync();
    const issue = repo.issueByTitle('Rate limiting');
    repo.fake.human.editIssue({
      repo: FULL_NAME,
      number: issue.number,
      title: 'Rate limiting per tenant',
    });

    await repo.sync();
    expect(repo.fileText()).toBe(
      text.replace('- [ ] Rate limiting\n', '- [ ] Rate limiting per tenant\n'),
    );
    expect(repo.issueByTitle('Rate limiting per tenant').number).toBe(issue.number);
    expect(allActions(await repo.sync())).toEqual([]);
  });

  it('a table row set to done on GitHub gets ✅ in the double-encoded file’s own form', async () => {
    const text = readSeed('eutlas-PHASES.md');
    const repo = createPlanRepo(text);
    await repo.sync();
    const issue = repo.issueByTitle('Email service integration');
    repo.fake.human.closeIssue({ repo: FULL_NAME, number: issue.number });
    await repo.sync();
    const line = repo
      .fileText()
      .split('\n')
      .find((l) => l.startsWith('| Email service integration'));
    expect(line).toBe('| Email service integration | P1 | ‚úÖ |');
    expect(allActions(await repo.sync())).toEqual([]);
  });

  it('ticking in the file closes the issue; removing a line closes it as not planned with a comment', async () => {
    const text = readSeed('elemta-MILESTONES.md');
    const repo = createPlanRepo(text);
    await repo.sync();
    const ticked = text.replace('- [ ] Performance optimization', '- [x] Performance optimization');
    const removed = ticked.replace('- [ ] Security audit completion\n', '');
    repo.fake.human.editFile({ repo: FULL_NAME, path: PATH, content: removed });

    await repo.sync();
    const done = repo.issueByTitle('Performance optimization');
    expect([done.state, done.stateReason]).toEqual(['closed', 'completed']);
    const gone = repo.issueByTitle('Security audit completion');
    expect([gone.state, gone.stateReason]).toEqual(['closed', 'not_planned']);
    const comments = [...repo.fake.repo(FULL_NAME).comments.values()].filter(
      (c) => c.issueNumber === gone.number,
    );
    expect(comments).toHaveLength(1);
    expect(repo.fileText()).toBe(removed);
    expect(allActions(await repo.sync())).toEqual([]);
  });

  it('refuses to close most deliverables when the file is truncated', async () => {
    const text = readSeed('elemta-MILESTONES.md');
    const repo = createPlanRepo(text);
    await repo.sync();
    repo.fake.human.editFile({ repo: FULL_NAME, path: PATH, content: text.slice(0, 400) });
    repo.fake.calls.reset();
    const report = await repo.sync();
    expect(report.runs[0]?.planned.refusal?.rule).toBe('mass-close');
    expect(repo.fake.calls.writes()).toEqual([]);
    expect(repo.issues().filter((i) => i.state === 'open')).toHaveLength(24);
  });

  it('a dry run plans the first sync but writes nothing', async () => {
    const repo = createPlanRepo(readSeed('feature-flags-MILESTONES.md'));
    const report = await repo.sync({ dryRun: true });
    expect(allResults(report).length).toBeGreaterThan(167);
    expect(allResults(report).every((r) => r.outcome.status === 'dry-run')).toBe(true);
    expect(repo.fake.calls.writes()).toEqual([]);
    expect(repo.issues()).toEqual([]);
  });

  it('a first sync stopped by a long rate limit resumes where it stopped, creating nothing twice', async () => {
    const text = readSeed('feature-flags-MILESTONES.md');
    const repo = createPlanRepo(text);
    let writes = 0;
    // After 50 writes GitHub asks us to wait an hour: longer than a sync should block.
    repo.fake.faults.always({
      route: /^(POST|PATCH) /,
      when: () => ++writes > 50,
      status: 403,
      headers: { 'retry-after': '3600' },
      body: {
        message:
          'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.',
      },
    });
    const first = await repo.sync();
    const outcomes = allResults(first).map((r) => r.outcome.status);
    expect(outcomes.filter((s) => s === 'ok')).toHaveLength(50);
    expect(outcomes.filter((s) => s === 'failed')).toHaveLength(1);
    expect(outcomes.slice(51).every((s) => s === 'skipped')).toBe(true);
    expect(repo.fake.calls.writes().filter((c) => c.status === 403)).toHaveLength(1);

    repo.fake.faults.clear();
    const second = await repo.sync();
    expect(allResults(second).every((r) => r.outcome.status === 'ok')).toBe(true);
    const titles = repo.issues().map((i) => i.title);
    expect(titles).toHaveLength(167);
    expect(allActions(await repo.sync())).toEqual([]);
  });

  it('a person renames a parent issue: one sync renames the line and re-keys its sub-issues', async () => {
    const text = readSeed('feature-flags-MILESTONES.md');
    const repo = createPlanRepo(text);
    await repo.sync();
    const parent = repo.issueByTitle('Create directory structure:');
    repo.fake.human.editIssue({
      repo: FULL_NAME,
      number: parent.number,
      title: 'Create the directory layout:',
    });

    await repo.sync();
    expect(repo.fileText()).toBe(
      text.replace('- [ ] Create directory structure:', '- [ ] Create the directory layout:'),
    );
    repo.fake.calls.reset();
    expect(allActions(await repo.sync())).toEqual([]);
    expect(repo.fake.calls.writes()).toEqual([]);
  });
});
