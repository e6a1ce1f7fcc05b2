import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { Item, Plan } from '../../src/plan/plan-types.js';
import { flattenPlan } from '../../src/sync/match-github.js';
import { checkPlans, main } from '../../tools/check-plans.js';
import { checkPlanFile } from '../../tools/plan-check/check-plan-file.js';
import type { FileCheck } from '../../tools/plan-check/check-types.js';
import { diffLines } from '../../tools/plan-check/diff-lines.js';
import { linkedIssueNumbers } from '../../tools/plan-check/linked-issue-numbers.js';
import { readPlanFiles } from '../../tools/plan-check/read-plan-files.js';
import { renderFileCheck } from '../../tools/plan-check/render-check-results.js';
import { SEEDED_NUMBERS, seedHumanContent } from '../../tools/plan-check/seed-human-content.js';
import { compareIssueSnapshots, snapshotIssues } from '../../tools/plan-check/snapshot-issues.js';
import { SEED_NAMES, readSeed } from '../helpers/read-fixture.js';

const REPO = 'acme/plan';

const dir = mkdtempSync(join(tmpdir(), 'check-plans-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes plans of our own into a fresh folder under the temp dir and returns its path. */
function writeFolder(files: Record<string, string>): string {
  const folder = mkdtempSync(join(dir, 'plans-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

const OWN_LINKS = `# Plan

## Milestone 1: Basics

- [ ] Make the dark scheme the default #4
- [ ] Fix the flaky watcher test https://github.com/acme/plan/issues/6
- [ ] Write a getting-started guide
- [x] Pick a licence

## Milestone 2: Later

- [ ] Publish a first release
- [ ] Announce it
`;

const FOREIGN_LINK = `# Roadmap

## Milestone 1: Upstream

- [ ] Wait for the upstream parser fix https://github.com/other/repo/issues/1
- [ ] Bump the parser once it lands
- [ ] Remove the workaround
`;

const FOLDER_README = `# Plans

This folder holds plans written by several teams. Nothing here is a deliverable.
`;

function deliverables(plan: Plan): Item[] {
  return flattenPlan(plan).map((entry) => entry.item);
}

describe('checkPlans over the seeds', () => {
  it('every seed settles, ticks one line and changes no pre-existing issue', async () => {
    const files = SEED_NAMES.map((name) => ({ name, path: name, text: readSeed(name) }));
    const logged: string[] = [];
    const summary = await checkPlans({ files, log: (text) => logged.push(text) });

    expect(summary.files.map((f) => [f.name, f.status, f.problems])).toEqual(
      SEED_NAMES.map((name) => [name, 'settled', []]),
    );
    expect([summary.settled, summary.failed, summary.skipped, summary.ok]).toEqual([5, 0, 0, true]);
    for (const [i, check] of summary.files.entries()) {
      const { plan } = parsePlan({ text: files[i]?.text ?? '' });
      expect(check.milestones).toBe(plan.milestones.length);
      expect(check.deliverables).toBe(deliverables(plan).length);
      // At least one write per milestone and per deliverable (issue creation).
      expect(check.firstSyncWrites).toBeGreaterThanOrEqual(check.milestones + check.deliverables);
      expect(check.foreignChanges).toEqual([]);
      expect(check.ticked).not.toBeNull();
      // The ticked line holds an open deliverable of the original file.
      const ticked = deliverables(plan).find((item) => item.line === check.ticked?.line);
      expect(ticked?.status).not.toBe('done');
      expect(check.ticked?.number).toBeGreaterThan(SEEDED_NUMBERS);
    }
    expect(logged).toHaveLength(5);
    expect(logged.every((line) => line.startsWith('✓ '))).toBe(true);
  });
});

describe('checkPlans over plans of our own', () => {
  it('reads a folder, skips a README without deliverables, and lets linked issues change', async () => {
    const folder = writeFolder({
      'README.md': FOLDER_README,
      'own-links.md': OWN_LINKS,
      'notes.txt': 'not a plan',
    });
    const files = await readPlanFiles([folder]);
    expect(files.map((f) => f.name)).toEqual(['README.md', 'own-links.md']);

    const summary = await checkPlans({ files });
    const [readme, own] = summary.files as [FileCheck, FileCheck];
    expect(readme.status).toBe('skipped');
    expect(readme.notes[0]).toMatch(/README/);
    expect(own.status).toBe('settled');
    expect(own.problems).toEqual([]);
    expect([own.milestones, own.deliverables]).toEqual([2, 6]);
    expect(own.linkedIssues).toEqual([4, 6]);
    expect(summary.ok).toBe(true);
  });

  it('a plan linking another repository’s issue #1 leaves this repository’s #1 alone', async () => {
    const folder = writeFolder({ 'ROADMAP.md': FOREIGN_LINK });
    const summary = await checkPlans({ files: await readPlanFiles([join(folder, 'ROADMAP.md')]) });
    const [check] = summary.files as [FileCheck];
    expect(check.name).toBe('ROADMAP.md');
    expect(check.deliverables).toBe(3);
    expect(check.foreignChanges).toEqual([]);
    expect(check.problems).toEqual([]);
    expect(check.status).toBe('settled');
  });

  it('a plan with a progress line settles: the line follows the tick in the same commit', async () => {
    const text = OWN_LINKS.replace(
      '# Plan\n',
      '# Plan\n\n**Overall Progress**: 16% (1/6 tasks completed)\n',
    );
    const folder = writeFolder({ 'PLAN.md': text });
    const logged: string[] = [];
    const summary = await checkPlans({
      files: await readPlanFiles([folder]),
      log: (line) => logged.push(line),
    });
    expect(summary.files.map((f) => [f.status, f.problems])).toEqual([['settled', []]]);
    expect(logged.join('\n')).toMatch(/closing #\d+ ticked line \d+/);
  });

  it('a README that holds deliverables is checked like any plan', async () => {
    const folder = writeFolder({ 'README.md': FOREIGN_LINK.replace('/issues/1', '/issues/77') });
    const summary = await checkPlans({ files: await readPlanFiles([folder]) });
    expect(summary.files.map((f) => [f.status, f.deliverables])).toEqual([['settled', 3]]);
  });
});

describe('checkPlanFile reports what went wrong', () => {
  const file = { name: 'PLAN.md', path: 'PLAN.md', text: OWN_LINKS };

  it('a pre-existing issue the plan does not link, changed between syncs', async () => {
    const check = await checkPlanFile({
      file,
      afterFirstSync: (fake) => {
        fake.human.editIssue({ repo: REPO, number: 9, title: 'Improve every error message' });
        fake.human.closeIssue({ repo: REPO, number: 14, reason: 'not_planned' });
      },
    });
    expect(check.status).toBe('failed');
    expect(check.problems.map((p) => p.step)).toEqual(['foreign-issues']);
    expect(check.foreignChanges).toEqual([
      {
        number: 9,
        field: 'title',
        before: '"Improve error messages"',
        after: '"Improve every error message"',
      },
      { number: 14, field: 'state', before: '"open"', after: '"closed"' },
      { number: 14, field: 'state_reason', before: 'null', after: '"not_planned"' },
    ]);
    expect(renderFileCheck(check)).toMatch(
      /^✗ PLAN\.md .*failed: foreign-issues\n {4}\[foreign-issues\] 3 field\(s\) of 2 pre-existing issue\(s\)/,
    );
  });

  it('a linked pre-existing issue may change: shown as a note, not a failure', async () => {
    const check = await checkPlanFile({
      file,
      afterFirstSync: (fake) => fake.human.addLabel({ repo: REPO, number: 4, label: 'urgent' }),
    });
    expect(check.status).toBe('settled');
    expect(check.linkedChanges.filter((c) => c.field === 'labels')).toHaveLength(1);
    expect(check.notes.some((n) => /^pre-existing #4, which the plan links, changed/.test(n))).toBe(
      true,
    );
  });

  it('a second sync with work to do did not settle, and the tick check is not run', async () => {
    const check = await checkPlanFile({
      file,
      afterFirstSync: (fake) =>
        fake.human.editFile({
          repo: REPO,
          path: 'PLAN.md',
          content: OWN_LINKS.replace('- [ ] Announce it\n', '- [ ] Announce it\n- [ ] Celebrate\n'),
        }),
    });
    expect(check.status).toBe('failed');
    expect(check.problems.map((p) => p.step)).toEqual(['second-sync']);
    expect(check.problems[0]?.message).toMatch(/^did not settle: planned [1-9]\d* action/);
    expect(check.problems[0]?.details.some((d) => d.startsWith('create-issue "Celebrate"'))).toBe(
      true,
    );
    expect(check.ticked).toBeNull();
    expect(check.notes).toContain('tick check not run: the first two syncs did not settle cleanly');
  });
});

describe('linkedIssueNumbers', () => {
  const planLinking = (links: { issue: number | null; issueRepo?: string | null }[]): Plan => {
    const { plan } = parsePlan({
      text: `# P\n\n## Milestone 1: M\n\n${links.map((_, i) => `- [ ] Item ${i}`).join('\n')}\n`,
    });
    const items = deliverables(plan);
    links.forEach((link, i) => Object.assign(items[i] as Item, link));
    return plan;
  };

  it.each([
    { links: [{ issue: 3 }], linked: [3], why: 'a parser without issueRepo: every link is ours' },
    { links: [{ issue: 3, issueRepo: null }], linked: [3], why: 'a bare #3' },
    { links: [{ issue: 3, issueRepo: 'acme/plan' }], linked: [3], why: 'acme/plan#3' },
    {
      links: [{ issue: 3, issueRepo: 'ACME/Plan' }],
      linked: [3],
      why: 'names are case-insensitive',
    },
    { links: [{ issue: 3, issueRepo: 'other/repo' }], linked: [], why: 'another repository' },
    { links: [{ issue: null }, { issue: 9 }], linked: [9], why: 'unlinked items add nothing' },
  ])('$why', ({ links, linked }) => {
    expect([...linkedIssueNumbers({ plan: planLinking(links), repo: REPO })]).toEqual(linked);
  });

  it('walks nested items', () => {
    const { plan } = parsePlan({
      text: '# P\n\n## Milestone 1: M\n\n- [ ] Parent\n  - [ ] Child #12\n',
    });
    expect([...linkedIssueNumbers({ plan, repo: REPO })]).toEqual([12]);
  });
});

describe('seedHumanContent', () => {
  it('makes issues and pull requests #1–#15 as people, with no API call and no marker', () => {
    const fake = createFakeGitHub();
    fake.createRepo({ fullName: REPO, files: { 'PLAN.md': '# P\n' } });
    seedHumanContent({ fake, repo: REPO });
    const issues = [...fake.repo(REPO).issues.values()];
    expect(issues.map((i) => i.number)).toEqual(
      Array.from({ length: SEEDED_NUMBERS }, (_, i) => i + 1),
    );
    expect(issues.filter((i) => i.isPullRequest).map((i) => i.number)).toEqual([3, 8]);
    const reasons = new Set(issues.filter((i) => i.state === 'closed').map((i) => i.stateReason));
    expect(reasons).toEqual(new Set(['completed', 'not_planned', 'duplicate']));
    expect(issues.some((i) => i.milestoneNumber !== null)).toBe(true);
    expect(issues.some((i) => i.assigneeLogins.length > 1)).toBe(true);
    expect(issues.some((i) => i.parentId !== null)).toBe(true);
    expect(issues.every((i) => i.authorLogin !== fake.apiActorLogin)).toBe(true);
    expect(issues.every((i) => !(i.body ?? '').includes('milestone-sync'))).toBe(true);
    expect(fake.calls.all()).toEqual([]);
    fake.assertNoViolations();
  });
});

describe('compareIssueSnapshots', () => {
  const seeded = () => {
    const fake = createFakeGitHub();
    fake.createRepo({ fullName: REPO, files: { 'PLAN.md': '# P\n' } });
    seedHumanContent({ fake, repo: REPO });
    return { fake, before: snapshotIssues(fake.repo(REPO)) };
  };

  it('reports each field of a pre-existing issue that changed between syncs', () => {
    const { fake, before } = seeded();
    fake.human.editIssue({ repo: REPO, number: 2, title: 'Docs: list the environment variables' });
    fake.human.addLabel({ repo: REPO, number: 2, label: 'plan: docs' });
    fake.human.reopenIssue({ repo: REPO, number: 5 });
    fake.human.addSubIssue({ repo: REPO, parent: 12, child: 11 });
    fake.human.comment({ repo: REPO, number: 14, body: 'Closing as not planned.' });
    const changes = compareIssueSnapshots({
      before,
      after: snapshotIssues(fake.repo(REPO)),
      exempt: new Set(),
    });
    expect(changes).toEqual([
      {
        number: 2,
        field: 'title',
        before: '"Docs: explain the environment variables"',
        after: '"Docs: list the environment variables"',
      },
      {
        number: 2,
        field: 'labels',
        before: '["documentation"]',
        after: '["documentation","plan: docs"]',
      },
      { number: 5, field: 'state', before: '"closed"', after: '"open"' },
      { number: 5, field: 'state_reason', before: '"not_planned"', after: '"reopened"' },
      { number: 11, field: 'parent', before: 'null', after: '12' },
      { number: 12, field: 'sub_issues', before: '[13]', after: '[13,11]' },
      { number: 14, field: 'comments', before: '0', after: '1' },
    ]);
  });

  it('ignores exempt (linked) issues and issues made after the snapshot', () => {
    const { fake, before } = seeded();
    fake.human.editIssue({ repo: REPO, number: 4, body: 'Rewritten by the sync.' });
    fake.human.createIssue({ repo: REPO, title: 'New after the snapshot' });
    const after = snapshotIssues(fake.repo(REPO));
    expect(compareIssueSnapshots({ before, after, exempt: new Set([4]) })).toEqual([]);
    expect(compareIssueSnapshots({ before, after, exempt: new Set() }).map((c) => c.field)).toEqual(
      ['body'],
    );
  });

  it('reports an issue that disappeared', () => {
    const { fake, before } = seeded();
    fake.repo(REPO).issues.delete(7);
    expect(
      compareIssueSnapshots({ before, after: snapshotIssues(fake.repo(REPO)), exempt: new Set() }),
    ).toEqual([{ number: 7, field: '(issue)', before: 'present', after: 'missing' }]);
  });

  it('snapshots are copies: changing the fake later does not change them', () => {
    const { fake, before } = seeded();
    fake.human.addLabel({ repo: REPO, number: 1, label: 'urgent' });
    expect(before.get(1)?.labels).toEqual(['bug']);
  });
});

describe('diffLines', () => {
  it.each([
    { before: 'a\nb\nc', after: 'a\nB\nc', lines: [2] },
    { before: 'a\r\nb\r\n', after: 'a\r\nb\n', lines: [2] },
    { before: 'a\rb\rc', after: 'a\rb\rC', lines: [3] },
    { before: 'a\nb', after: 'a\nb', lines: [] },
    { before: 'a\nb', after: 'a\nb\nc', lines: [2, 3] },
  ])('$before → $after', ({ before, after, lines }) => {
    expect(diffLines({ before, after }).map((c) => c.line)).toEqual(lines);
  });
});

describe('renderFileCheck', () => {
  it('prints a failed file with each problem and its details indented', () => {
    const check: FileCheck = {
      name: 'ROADMAP.md',
      path: 'plans/ROADMAP.md',
      status: 'failed',
      notes: ['tick check not run: the first two syncs did not settle cleanly'],
      milestones: 2,
      deliverables: 1,
      diagnostics: { error: 0, warning: 3, info: 1 },
      firstSyncWrites: 7,
      linkedIssues: [],
      ticked: null,
      foreignChanges: [],
      linkedChanges: [],
      problems: [
        {
          step: 'second-sync',
          message: 'did not settle: planned 1 action(s) and sent 1 write(s)',
          details: ['create-issue "x" (new deliverable)'],
        },
      ],
    };
    expect(renderFileCheck(check)).toBe(
      [
        '✗ ROADMAP.md  2 milestones, 1 deliverable, 3 warnings, 1 info; first sync 7 writes; failed: second-sync',
        '    [second-sync] did not settle: planned 1 action(s) and sent 1 write(s)',
        '        create-issue "x" (new deliverable)',
        '    note: tick check not run: the first two syncs did not settle cleanly',
        '',
      ].join('\n'),
    );
  });
});

describe('main', () => {
  const run = async (argv: string[]) => {
    let out = '';
    let err = '';
    const code = await main({ argv, write: (t) => (out += t), writeError: (t) => (err += t) });
    return { code, out, err };
  };

  it('--help prints the usage and exits 0', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: npm run check-plans/);
  });

  it.each([[[]], [['--nope', 'x']], [[join(dir, 'no-such-folder')]]])(
    'usage error for %j: exit code 2',
    async (argv) => {
      const { code, err } = await run(argv);
      expect(code).toBe(2);
      expect(err).toMatch(/^check-plans: /);
    },
  );

  it('a folder without .md files is a usage error', async () => {
    const folder = writeFolder({ 'notes.txt': 'x' });
    expect((await run([folder])).code).toBe(2);
  });

  it('--json prints the summary as JSON and exits 0 when every file settled', async () => {
    const folder = writeFolder({ 'README.md': FOLDER_README, 'plan.md': OWN_LINKS });
    const { code, out } = await run(['--json', folder]);
    expect(code).toBe(0);
    const summary = JSON.parse(out) as { files: FileCheck[]; ok: boolean };
    expect(summary.ok).toBe(true);
    expect(summary.files.map((f) => [f.name, f.status])).toEqual([
      ['README.md', 'skipped'],
      ['plan.md', 'settled'],
    ]);
  });
});
