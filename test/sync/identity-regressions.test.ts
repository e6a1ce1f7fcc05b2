/**
 * One small deterministic scenario per identity bug found by the interleaving property
 * (test/sync/sync-properties.test.ts, issue #6): which issue a line is, and what the app may do
 * to issues the plan does not own. Each asserts the intended behaviour end to end on the fake.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  FULL_NAME,
  allActions,
  assertFakesClean,
  createPlanRepo,
  failedResults,
  issueFacts,
} from '../helpers/fake-plan-repo.js';
import type { SyncReport } from '../../src/sync/sync-repo.js';

afterEach(() => assertFakesClean());

type PlanRepo = ReturnType<typeof createPlanRepo>;

/** Syncs, and expects every action of it to have gone through. */
async function syncOk(repo: PlanRepo): Promise<SyncReport> {
  const report = await repo.sync();
  expect(failedResults(report), 'failed or skipped actions').toEqual([]);
  return report;
}

/** Expects the next sync to plan nothing and send no write. */
async function expectQuiet(repo: PlanRepo): Promise<void> {
  repo.fake.calls.reset();
  const report = await syncOk(repo);
  expect(allActions(report)).toEqual([]);
  expect(repo.fake.calls.writes().map((c) => c.route)).toEqual([]);
}

function editFile(repo: PlanRepo, edit: (text: string) => string): void {
  const before = repo.fileText();
  const after = edit(before);
  expect(after, 'the test edit changes the file').not.toBe(before);
  repo.fake.human.editFile({ repo: FULL_NAME, path: 'MILESTONES.md', content: after });
}

const issue = (repo: PlanRepo, number: number) => {
  const found = repo.fake.repo(FULL_NAME).issues.get(number);
  if (!found) throw new Error(`no issue #${number}`);
  return found;
};

const milestoneNumber = (repo: PlanRepo, title: string) =>
  [...repo.fake.repo(FULL_NAME).milestones.values()].find((m) => m.title === title)?.number;

const appComments = (repo: PlanRepo, number: number) =>
  [...repo.fake.repo(FULL_NAME).comments.values()].filter(
    (c) => c.issueNumber === number && c.authorLogin === repo.fake.apiActorLogin,
  );

describe('identity regressions (issue #6)', () => {
  it('(i) moving a line to another milestone moves its issue; a deleted closed line’s issue is left alone', async () => {
    const repo = createPlanRepo(
      [
        '# Plan',
        '',
        '## Milestone 1: Core',
        '',
        '- [x] Harden the parser',
        '- [ ] Ship the CLI',
        '',
        '## Milestone 2: Later',
        '',
        '- [ ] Automate the parser',
        '',
      ].join('\n'),
    );
    await syncOk(repo);
    expect(repo.issues().map((i) => [i.number, i.title, i.state])).toEqual([
      [1, 'Harden the parser', 'closed'],
      [2, 'Ship the CLI', 'open'],
      [3, 'Automate the parser', 'open'],
    ]);

    editFile(repo, (text) => text.replace('- [x] Harden the parser\n', ''));
    await syncOk(repo);
    const orphan = issueFacts(issue(repo, 1));

    editFile(repo, (text) =>
      text
        .replace('- [ ] Automate the parser\n', '')
        .replace('- [ ] Ship the CLI\n', '- [ ] Ship the CLI\n- [ ] Automate the parser\n'),
    );
    await syncOk(repo);
    const moved = issue(repo, 3);
    expect(moved.milestoneNumber).toBe(milestoneNumber(repo, 'Milestone 1: Core'));
    expect(moved.state).toBe('open');
    expect(moved.title).toBe('Automate the parser');
    expect(issueFacts(issue(repo, 1))).toEqual(orphan);
    expect(repo.issues()).toHaveLength(3);
    expect(repo.fileText()).toContain('- [ ] Automate the parser\n');
    await expectQuiet(repo);
  });

  it('(ii) a line added after a similar line was deleted (its issue closed on GitHub) gets a new issue and stays unticked', async () => {
    const repo = createPlanRepo(
      [
        '# Plan',
        '',
        '## Milestone 1: Billing',
        '',
        '- [ ] Deploy the billing workflow',
        '- [ ] Ship the CLI',
        '',
      ].join('\n'),
    );
    await syncOk(repo);
    repo.fake.human.closeIssue({ repo: FULL_NAME, number: 1 });
    editFile(repo, (text) => text.replace('- [ ] Deploy the billing workflow\n', ''));
    await syncOk(repo);
    const old = issueFacts(issue(repo, 1));
    expect(old.state).toBe('closed');

    editFile(repo, (text) =>
      text.replace('- [ ] Ship the CLI\n', '- [ ] Ship the CLI\n- [ ] Deploy the billing flow\n'),
    );
    await syncOk(repo);
    expect(repo.fileText()).toContain('- [ ] Deploy the billing flow\n');
    const added = repo.issues().filter((i) => i.title === 'Deploy the billing flow');
    expect(added.map((i) => [i.state, i.number > 2])).toEqual([['open', true]]);
    expect(issueFacts(issue(repo, 1))).toEqual(old);
    await expectQuiet(repo);
  });

  it.each(['Write the parser, follow-up to #1', 'Ping @octocat', 'Triage P0'])(
    '(iii) a GitHub rename to “%s” settles: no failed action, no revert, then nothing to do',
    async (title) => {
      const repo = createPlanRepo(
        [
          '# Plan',
          '',
          '## Milestone 1: Core',
          '',
          '- [ ] Write the parser',
          '- [ ] Ship the CLI',
          '',
        ].join('\n'),
      );
      await syncOk(repo);
      repo.fake.human.editIssue({ repo: FULL_NAME, number: 1, title });
      await syncOk(repo);
      expect(issue(repo, 1).title).toBe(title);
      await expectQuiet(repo);
      expect(issue(repo, 1).title).toBe(title);
    },
  );

  it('(iv) links to another repository never adopt this repository’s issue of the same number', async () => {
    const repo = createPlanRepo(
      [
        '# Plan',
        '',
        '## Milestone 1: Interfaces',
        '',
        '- [x] Swarm API - https://github.com/other/interface/pull/2',
        '- [ ] Thing [#1](https://github.com/other/repo/issues/1)',
        '',
      ].join('\n'),
    );
    repo.fake.human.createIssue({
      repo: FULL_NAME,
      title: 'Crash on start',
      body: 'Steps to reproduce: run it.',
    });
    repo.fake.human.createIssue({ repo: FULL_NAME, title: 'Typo in the docs', body: 'Page 3.' });
    repo.fake.human.closeIssue({ repo: FULL_NAME, number: 2, reason: 'not_planned' });
    const before = [issueFacts(issue(repo, 1)), issueFacts(issue(repo, 2))];

    await syncOk(repo);
    await expectQuiet(repo);
    expect([issueFacts(issue(repo, 1)), issueFacts(issue(repo, 2))]).toEqual(before);
    expect(appComments(repo, 1)).toEqual([]);
    expect(appComments(repo, 2)).toEqual([]);
  });

  it('(v) a ticked line linking an open issue without a marker closes it; the tick is not reverted', async () => {
    const repo = createPlanRepo(
      [
        '# Plan',
        '',
        '## Milestone 1: Core',
        '',
        '- [x] Fix login #1',
        '- [ ] Ship the CLI',
        '',
      ].join('\n'),
    );
    repo.fake.human.createIssue({ repo: FULL_NAME, title: 'Login fails', body: 'It fails.' });
    const text = repo.fileText();
    await syncOk(repo);
    expect(repo.fileText()).toBe(text);
    expect(issue(repo, 1).state).toBe('closed');
    await expectQuiet(repo);
  });

  it('(vi) an issue renamed on GitHub while a child is added under its line settles in one sync', async () => {
    const repo = createPlanRepo(
      [
        '# Plan',
        '',
        '## Milestone 1: Core',
        '',
        '- [ ] Build the exporter',
        '- [ ] Ship the CLI',
        '',
      ].join('\n'),
    );
    await syncOk(repo);
    repo.fake.human.editIssue({ repo: FULL_NAME, number: 1, title: 'Build the CSV exporter' });
    editFile(repo, (text) =>
      text.replace(
        '- [ ] Build the exporter\n',
        '- [ ] Build the exporter\n  - [ ] Write the docs\n',
      ),
    );
    await syncOk(repo);
    await expectQuiet(repo);
    expect(repo.issues()).toHaveLength(3);
  });

  it('(vii) a deliverable longer than GitHub’s title limit gets an issue with a title cut at a word', async () => {
    const long = Array.from({ length: 40 }, (_, i) => `step${i} done`).join(' ');
    expect(long.length).toBeGreaterThan(300);
    const repo = createPlanRepo(
      ['# Plan', '', '## Milestone 1: Core', '', `- [ ] ${long}`, '- [ ] Ship the CLI', ''].join(
        '\n',
      ),
    );
    await syncOk(repo);
    const titles = repo.issues().map((i) => i.title);
    expect(titles).toHaveLength(2);
    const cut = titles.find((t) => t.startsWith('step0')) ?? '';
    expect(cut.length).toBeLessThanOrEqual(256);
    expect(cut.endsWith('…')).toBe(true);
    const kept = cut.slice(0, -1).trimEnd();
    expect(long.startsWith(kept)).toBe(true);
    expect(long.charAt(kept.length)).toBe(' ');
    await expectQuiet(repo);
  });

  it('(viii) Markdown in a title: plain on GitHub; a GitHub rename keeps the link in the file and says why', async () => {
    const line = '- [ ] Make sure the [release file](https://example.com/x) is **updated**';
    const repo = createPlanRepo(
      ['# Plan', '', '## Milestone 1: Core', '', line, '- [ ] Ship the CLI', ''].join('\n'),
    );
    await syncOk(repo);
    expect(issue(repo, 1).title).toBe('Make sure the release file is updated');
    await expectQuiet(repo);

    const text = repo.fileText();
    repo.fake.human.editIssue({
      repo: FULL_NAME,
      number: 1,
      title: 'Make sure the release file is updated today',
    });
    await syncOk(repo);
    expect(repo.fileText()).toBe(text);
    expect(appComments(repo, 1)).toHaveLength(1);
    await expectQuiet(repo);
  });
});
