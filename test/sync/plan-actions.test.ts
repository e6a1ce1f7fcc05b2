/**
 * planActions, table-driven on hand-built snapshots and small plans: no mocks, no fake GitHub.
 * A pure simulator (helpers/simulate-actions.ts) applies planned actions the way GitHub would, so
 * "plan again after applying" must give nothing.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planActions } from '../../src/sync/plan-actions.js';
import type { Action, GithubSnapshot } from '../../src/sync/sync-types.js';
import { SEED_NAMES, readSeed } from '../helpers/read-fixture.js';
import {
  CONFIG,
  PATH,
  ghIssue,
  ghMilestone,
  issueId,
  marker,
  parse,
  snapshot,
} from './helpers/snapshot-builders.js';
import {
  issueByKey,
  plan,
  planText,
  simulateActions,
  syncedSnapshot,
  withIssue,
} from './helpers/simulate-actions.js';
import { summarize } from './helpers/summarize-actions.js';

/**
 * After a first sync (see syncedSnapshot) GitHub holds milestones #1 M1, #2 M2 and issues
 * #1 Write the parser, #2 Lexer (closed), #3 API, #4 Routes (sub-issue of #3), #5 Auth (closed,
 * sub-issue of #3), #6 Docs.
 */
const TEXT = `# Plan

## M1 — Foundations

**Due:** 2026-03-31

- [ ] Write the parser (P0)
- [x] Lexer @alice

### Backend Tasks

- [ ] API
  - [ ] Routes
  - [x] Auth

## M2 — Later

- [ ] Docs
`;

const K = {
  parser: 'm1-foundations/write-the-parser',
  lexer: 'm1-foundations/lexer',
  api: 'm1-foundations/api',
  routes: 'm1-foundations/api/routes',
  auth: 'm1-foundations/api/auth',
  docs: 'm2-later/docs',
};

const SYNCED = syncedSnapshot(TEXT);

function withMilestone(
  github: GithubSnapshot,
  number: number,
  change: (m: GithubSnapshot['milestones'][number]) => void,
): GithubSnapshot {
  const copy = structuredClone(github);
  const found = copy.milestones.find((m) => m.number === number);
  if (!found) throw new Error(`no milestone ${number}`);
  change(found);
  return copy;
}

/** Applies the plan to the snapshot, then plans again. */
function replanAfter(github: GithubSnapshot): { first: Action[]; second: Action[] } {
  const first = plan(github);
  const applied = simulateActions({ snapshot: github, actions: first.actions }).snapshot;
  return { first: first.actions, second: plan(applied).actions };
}

describe('planActions: first sync', () => {
  const first = plan(snapshot({ text: TEXT }));

  it('creates labels, then milestones, then issues, then sub-issue links, in that order', () => {
    expect(first.refusal).toBeNull();
    expect(summarize(first.actions)).toEqual([
      'create-label priority: P0',
      'create-label plan: backend tasks',
      'create-milestone m1-foundations title=M1 — Foundations description due=2026-03-31 state=open',
      'create-milestone m2-later title=M2 — Later description due=null state=open',
      `create-issue ${K.parser} title=Write the parser body labels=[priority: P0] assignees=[] milestone=(m1-foundations) state=open stateReason=null`,
      `create-issue ${K.lexer} title=Lexer body labels=[] assignees=[alice] milestone=(m1-foundations) state=closed stateReason=completed`,
      `create-issue ${K.api} title=API body labels=[plan: backend tasks] assignees=[] milestone=(m1-foundations) state=open stateReason=null`,
      `create-issue ${K.routes} title=Routes body labels=[] assignees=[] milestone=(m1-foundations) state=open stateReason=null`,
      `create-issue ${K.auth} title=Auth body labels=[] assignees=[] milestone=(m1-foundations) state=closed stateReason=completed`,
      `create-issue ${K.docs} title=Docs body labels=[] assignees=[] milestone=(m2-later) state=open stateReason=null`,
      `link-sub-issue (${K.api}) ← (${K.routes})`,
      `link-sub-issue (${K.api}) ← (${K.auth})`,
    ]);
  });

  it('makes every create depend on what it refers to, by action index', () => {
    expect(first.actions.map((a) => a.dependsOn ?? [])).toEqual([
      [],
      [],
      [],
      [],
      [2],
      [2],
      [2],
      [2],
      [2],
      [3],
      [6, 7],
      [6, 8],
    ]);
  });

  it('writes a marker with the synced values into every body it creates', () => {
    const create = first.actions.find((a) => a.kind === 'create-issue' && a.key === K.lexer);
    expect(create?.kind).toBe('create-issue');
    const body = create?.kind === 'create-issue' ? create.after.body : '';
    const applied = simulateActions({ snapshot: snapshot({ text: TEXT }), actions: first.actions });
    expect(issueByKey(applied.snapshot, K.lexer).body).toBe(body);
    expect(issueByKey(applied.snapshot, K.lexer).marker).toEqual({
      v: 1,
      file: PATH,
      key: K.lexer,
      base: {
        title: 'Lexer',
        state: 'closed',
        bodyHash: expect.stringMatching(/^[0-9a-f]{12}$/),
        labels: [],
        assignees: ['alice'],
      },
    });
  });

  it('creates only the labels the repository lacks, whatever their case', () => {
    const actions = plan(snapshot({ text: TEXT, labels: ['Priority: p0', 'bug'] })).actions;
    expect(summarize(actions.filter((a) => a.kind === 'create-label'))).toEqual([
      'create-label plan: backend tasks',
    ]);
    const label = actions[0];
    expect(label?.kind === 'create-label' && label.after).toEqual({
      name: 'plan: backend tasks',
      color: expect.stringMatching(/^[0-9a-f]{6}$/),
      description: 'Managed by milestone-sync',
    });
  });

  it('gives priority labels their fixed colours', () => {
    const label = first.actions[0];
    expect(label?.kind === 'create-label' && label.after.color).toBe('b60205');
  });

  it('creates a milestone closed when all its deliverables are done, or its Status says so', () => {
    const text =
      '# P\n\n## Done by items\n\n- [x] a\n- [x] b\n\n## Done by status\n\n**Status:** ✅ COMPLETED\n\n- [ ] c\n\n## Open\n\n- [x] d\n- [ ] e\n';
    const milestones = plan(snapshot({ text })).actions.filter(
      (a) => a.kind === 'create-milestone',
    );
    expect(milestones.map((a) => [a.key, a.after.state])).toEqual([
      ['done-by-items', 'closed'],
      ['done-by-status', 'closed'],
      ['open', 'open'],
    ]);
  });

  it('is done after one round: planning again gives nothing', () => {
    expect(plan(SYNCED)).toEqual({ actions: [], refusal: null, notes: [] });
  });
});

describe('planActions: matching deliverables to issues', () => {
  it('an explicit #N link beats the marker; the marked issue is then closed as removed', () => {
    const github = structuredClone(SYNCED);
    github.issues.push(ghIssue({ number: 40, title: 'Parsing epic', body: 'Epic.' }));
    const text = TEXT.replace('Write the parser (P0)', 'Write the parser (P0) #40');
    const actions = planText(text, github).actions;
    expect(summarize(actions)).toEqual([
      // Linked issues keep their own title; they join the milestone and get the labels and marker.
      'update-issue #40 milestone=#1 labels=[priority: P0] body',
      'update-issue #1 state=closed stateReason=not_planned body',
      'comment-issue #1',
    ]);
    const linked = actions[0];
    expect(linked?.kind === 'update-issue' && linked.after.body).toMatch(
      /^Epic\.\n\n<!-- milestone-sync \{.*\} -->$/s,
    );
  });

  it('reports a #N link to an issue that does not exist', () => {
    const result = planText(TEXT.replace('- [ ] Docs', '- [ ] Docs #99'), SYNCED);
    expect(result.notes).toEqual(['line 18 links #99, which is not an issue of this repository']);
  });

  // Regression (planner fix 0d9110d): a `#N` link to no issue used to make the line lose its issue
  // (close + create, every sync).
  it('a dangling #N link keeps the issue the marker names, and converges', () => {
    const text = TEXT.replace('- [ ] Docs', '- [ ] Docs #99');
    const github = { ...SYNCED, file: { ...SYNCED.file, text } };
    const { first, second } = replanAfter(github);
    expect(summarize(first)).toEqual([]);
    expect(summarize(second)).toEqual([]);
  });

  it('matches by marker key whatever the issue is called now', () => {
    const github = withIssue(SYNCED, K.docs, (issue) => {
      issue.title = 'Documentation site';
    });
    expect(summarize(plan(github).actions)).toEqual([
      'edit-file rename-item m2-later/docs “Documentation site”',
      'update-issue #6 body',
    ]);
  });

  it('does not take over an unmarked issue that has the same title', () => {
    const github = structuredClone(SYNCED);
    github.issues.push(ghIssue({ number: 50, title: 'Migrate' }));
    const actions = planText(TEXT.replace('- [ ] Docs', '- [ ] Docs\n- [ ] Migrate'), github);
    expect(summarize(actions.actions)).toEqual([
      'create-issue m2-later/migrate title=Migrate body labels=[] assignees=[] milestone=#2 state=open stateReason=null',
    ]);
  });

  // Regression (planner fix 0d9110d): a copied marker used to take the deliverable over (file
  // renamed, original closed).
  it('a copied marker does not take a deliverable away from its original issue', () => {
    const github = structuredClone(SYNCED);
    const original = issueByKey(github, K.docs);
    github.issues.unshift(
      ghIssue({
        number: 20,
        title: 'Docs (copy)',
        body: original.body,
        marker: original.marker,
        author: 'octocat',
      }),
    );
    const actions = summarize(plan(github).actions);
    expect(actions.filter((a) => a.startsWith('edit-file') || a.includes('#6 '))).toEqual([]);
  });

  it('leaves issues of another plan file alone: not matched, not closed', () => {
    const github = structuredClone(SYNCED);
    const other = { ...marker('m2-later/docs', { title: 'Docs' }), file: 'ROADMAP.md' };
    github.issues.push(ghIssue({ number: 60, title: 'Docs', marker: other }));
    github.issues.push(ghIssue({ number: 61, title: 'Gone', marker: { ...other, key: 'x/gone' } }));
    expect(plan(github).actions).toEqual([]);
  });

  it.each([
    ['a longer title', 'Write the parser module'],
    ['a reworded title', 'Write a parser'],
  ])('a rename in the same milestone (%s) updates the title, no create and close', (_n, title) => {
    const actions = planText(TEXT.replace('Write the parser', title), SYNCED).actions;
    expect(summarize(actions)).toEqual([`update-issue #1 title=${title} body`]);
  });

  it('a move to another milestone keeps the issue and changes its milestone', () => {
    const text = TEXT.replace('- [ ] Write the parser (P0)\n', '').replace(
      '- [ ] Docs',
      '- [ ] Docs\n- [ ] Write the parser (P0)',
    );
    expect(summarize(planText(text, SYNCED).actions)).toEqual([
      'update-issue #1 milestone=#2 body',
    ]);
  });

  it('a renamed milestone keeps its issues although all their keys changed', () => {
    const text = TEXT.replace('## M1 — Foundations', '## M1 — Foundations and tooling');
    expect(summarize(planText(text, SYNCED).actions)).toEqual([
      'update-milestone #1 title=M1 — Foundations and tooling description',
      'update-issue #1 body',
      'update-issue #2 body',
      'update-issue #3 body',
      'update-issue #4 body',
      'update-issue #5 body',
    ]);
  });

  it('two deliverables with the same title get one issue each and keep them', () => {
    const text = TEXT.replace('- [ ] Docs', '- [ ] Docs\n- [ ] Docs');
    const first = plan(snapshot({ text })).actions.filter((a) => a.kind === 'create-issue');
    expect(first.map((a) => a.key).slice(-2)).toEqual(['m2-later/docs', 'm2-later/docs~2']);
    const github = syncedSnapshot(text);
    expect(plan(github).actions).toEqual([]);
    // Closing the second one on GitHub ticks the second line, not the first.
    const closed = withIssue(github, 'm2-later/docs~2', (issue) => {
      issue.state = 'closed';
    });
    const result = replanAfter(closed);
    expect(summarize(result.first)).toEqual([
      'edit-file set-item-status m2-later/docs~2 done',
      'update-issue #7 body',
    ]);
    const applied = simulateActions({ snapshot: closed, actions: result.first }).snapshot;
    expect(applied.file.text).toContain('- [ ] Docs\n- [x] Docs\n');
    expect(result.second).toEqual([]);
  });
});

describe('planActions: three-way merge of state', () => {
  it.each([
    [
      'ticked only in the file → close',
      TEXT.replace('- [ ] Write the parser', '- [x] Write the parser'),
      SYNCED,
      ['update-issue #1 state=closed stateReason=completed body'],
    ],
    [
      'unticked only in the file → reopen',
      TEXT.replace('- [x] Lexer', '- [ ] Lexer'),
      SYNCED,
      ['update-issue #2 state=open stateReason=null body'],
    ],
    [
      'closed in both → only the marker is refreshed',
      TEXT.replace('- [ ] Write the parser', '- [x] Write the parser'),
      withIssue(SYNCED, K.parser, (i) => {
        i.state = 'closed';
      }),
      ['update-issue #1 body'],
    ],
  ])('%s', (_name, text, github, expected) => {
    const actions = planText(text, github).actions;
    expect(summarize(actions)).toEqual(expected);
    expect(
      plan(
        simulateActions({ snapshot: { ...github, file: { ...github.file, text } }, actions })
          .snapshot,
      ).actions,
    ).toEqual([]);
  });

  it.each([
    ['closed', K.parser, 'closed', 'done', 1],
    ['reopened', K.lexer, 'open', 'todo', 2],
  ] as const)(
    '%s only on GitHub → the file is edited, then the marker refreshed',
    (_n, key, state, status, number) => {
      const github = withIssue(SYNCED, key, (i) => {
        i.state = state;
      });
      const actions = plan(github).actions;
      expect(summarize(actions)).toEqual([
        `edit-file set-item-status ${key} ${status}`,
        `update-issue #${number} body`,
      ]);
      const edit = actions[0];
      expect(edit?.kind === 'edit-file' && [edit.path, edit.sha, edit.branch]).toEqual([
        PATH,
        'sha-0',
        'main',
      ]);
      // The marker refresh records GitHub's state as the new base: it must wait for the file.
      expect(actions[1]?.dependsOn).toEqual([0]);
      const refresh = actions[1];
      expect(refresh?.kind === 'update-issue' && refresh.after.state).toBeUndefined();
      const applied = simulateActions({ snapshot: github, actions }).snapshot;
      expect(issueByKey(applied, key).marker?.base.state).toBe(state);
      expect(plan(applied).actions).toEqual([]);
    },
  );

  // Regression (issue #6): the first sync of `- [x] Fix login #1` with #1 open used to commit the
  // line back to `- [ ]`. With no base yet, done wins (docs/decisions/0003).
  it('with no common base (a linked issue never synced), done wins: a ticked line closes the issue', () => {
    const github = snapshot({
      text: '# P\n\n## M\n\n- [x] Fix it #5\n- [ ] Other\n',
      milestones: [ghMilestone({ number: 1, title: 'M' })],
      issues: [ghIssue({ number: 5, title: 'Fix it', milestone: 1 })],
    });
    const actions = plan(github).actions;
    expect(summarize(actions)).toEqual([
      'update-milestone #1 description',
      'create-issue m/other title=Other body labels=[] assignees=[] milestone=#1 state=open stateReason=null',
      'update-issue #5 state=closed stateReason=completed body',
    ]);
    expect(actions.some((a) => a.kind === 'edit-file')).toBe(false);
  });

  it('with no common base, done wins: a closed linked issue ticks its line, and says so', () => {
    const github = snapshot({
      text: '# P\n\n## M\n\n- [ ] Fix it #5\n- [ ] Other\n',
      milestones: [ghMilestone({ number: 1, title: 'M' })],
      issues: [ghIssue({ number: 5, title: 'Fix it', milestone: 1, state: 'closed' })],
    });
    const result = plan(github);
    expect(summarize(result.actions)).toEqual([
      'update-milestone #1 description',
      'edit-file set-item-status m/fix-it done',
      'create-issue m/other title=Other body labels=[] assignees=[] milestone=#1 state=open stateReason=null',
      'update-issue #5 body',
    ]);
    expect(result.notes.join('\n')).toMatch(/#5 is closed on GitHub, so its line is ticked/);
  });
});

describe('planActions: three-way merge of titles', () => {
  it('renamed only on GitHub → the file is renamed', () => {
    const github = withIssue(SYNCED, K.parser, (i) => {
      i.title = 'Write the parser in Rust';
    });
    const { first, second } = replanAfter(github);
    expect(summarize(first)).toEqual([
      `edit-file rename-item ${K.parser} “Write the parser in Rust”`,
      'update-issue #1 body',
    ]);
    expect(first[1]?.dependsOn).toEqual([0]);
    expect(second).toEqual([]);
  });

  it('renamed in both → the file wins and the issue gets a comment saying so', () => {
    const github = withIssue(SYNCED, K.parser, (i) => {
      i.title = 'Parser X';
    });
    const actions = planText(
      TEXT.replace('Write the parser', 'Write the parser Y'),
      github,
    ).actions;
    expect(summarize(actions)).toEqual([
      'update-issue #1 title=Write the parser Y body',
      'comment-issue #1',
    ]);
    const comment = actions[1];
    expect(comment?.kind === 'comment-issue' && comment.body).toBe(
      "This issue was renamed here and in `MILESTONES.md` at the same time; the plan's title “Write the parser Y” wins (it was “Parser X” here).",
    );
  });
});

describe('planActions: milestones', () => {
  it('sends a due date the plan changed, and keeps one set on GitHub when the plan has none', () => {
    const github = withMilestone(SYNCED, 2, (m) => {
      m.dueOn = '2026-06-30T07:00:00Z';
    });
    const text = TEXT.replace('**Due:** 2026-03-31', '**Due:** 2026-04-30');
    const actions = planText(text, github).actions;
    expect(summarize(actions)).toEqual(['update-milestone #1 due=2026-04-30 description']);
    const update = actions[0];
    expect(update?.kind === 'update-milestone' && update.before.due).toBe('2026-03-31');
  });

  it('closes a milestone when its last deliverable is ticked in the file', () => {
    const text = TEXT.replace('- [ ] Docs', '- [x] Docs');
    expect(summarize(planText(text, SYNCED).actions)).toEqual([
      'update-milestone #2 state=closed description',
      'update-issue #6 state=closed stateReason=completed body',
    ]);
  });

  it('reopens a milestone closed on GitHub when its state comes from its deliverables', () => {
    const github = withMilestone(SYNCED, 1, (m) => {
      m.state = 'closed';
    });
    const actions = plan(github).actions;
    expect(summarize(actions)).toEqual(['update-milestone #1 state=open']);
    expect(actions[0]?.reason).toContain('add a **Status**: line');
  });

  const WITH_STATUS = TEXT.replace(
    '**Due:** 2026-03-31\n',
    '**Due:** 2026-03-31\n**Status:** 🔄 In Progress\n',
  );

  it('writes a milestone closed on GitHub into its Status line, with today’s date', () => {
    const github = withMilestone(syncedSnapshot(WITH_STATUS), 1, (m) => {
      m.state = 'closed';
    });
    const actions = plan(github).actions;
    const edit = actions.find((a) => a.kind === 'edit-file');
    expect(edit?.kind === 'edit-file' && edit.changes).toEqual([
      { kind: 'set-milestone-status', key: 'm1-foundations', status: 'done', date: '2026-01-15' },
    ]);
    expect(actions.some((a) => a.kind === 'update-milestone' && a.after.state !== undefined)).toBe(
      false,
    );
  });

  // Regression (planner fix 0d9110d): the milestone marker refresh used to run before the file
  // edit, without dependsOn.
  it('the marker refresh after GitHub closed a milestone waits for the file edit', () => {
    const github = withMilestone(syncedSnapshot(WITH_STATUS), 1, (m) => {
      m.state = 'closed';
    });
    const actions = plan(github).actions;
    const editIndex = actions.findIndex((a) => a.kind === 'edit-file');
    const refresh = actions.findIndex((a) => a.kind === 'update-milestone');
    expect(refresh).toBeGreaterThan(editIndex);
    expect(actions[refresh]?.dependsOn).toEqual([editIndex]);
  });

  // Regression (planner fix 0d9110d): a failed Status edit used to leave a refreshed marker, so the
  // next sync reopened the milestone.
  it('a failed Status edit is proposed again next sync; the milestone stays closed', () => {
    const github = withMilestone(syncedSnapshot(WITH_STATUS), 1, (m) => {
      m.state = 'closed';
    });
    const actions = plan(github).actions;
    const editIndex = actions.findIndex((a) => a.kind === 'edit-file');
    // The executor skips whatever depends on a failed action.
    const applied = simulateActions({
      snapshot: github,
      actions: actions.filter(
        (a, i) => i !== editIndex && !(a.dependsOn ?? []).includes(editIndex),
      ),
    }).snapshot;
    const next = summarize(plan(applied).actions);
    expect(next).toContain('edit-file set-milestone-status m1-foundations done');
    expect(next.filter((line) => line.includes('state=open'))).toEqual([]);
  });

  it('closes a milestone that left the file, and never deletes anything', () => {
    const text = TEXT.replace(/## M2[^]*$/, '');
    const actions = planText(text, SYNCED).actions;
    expect(summarize(actions)).toEqual([
      'update-milestone #2 state=closed',
      'update-issue #6 state=closed stateReason=not_planned body',
      'comment-issue #6',
    ]);
    expect(actions[0]?.reason).toBe('milestone “M2 — Later” is no longer in MILESTONES.md');
  });

  it('adopts a milestone a person created with the same title', () => {
    const github = snapshot({
      text: '# P\n\n## Beta\n\n- [ ] a\n',
      milestones: [ghMilestone({ number: 9, title: 'beta', description: 'Ours.' })],
    });
    expect(summarize(plan(github).actions)).toEqual([
      'update-milestone #9 title=Beta description',
      'create-issue beta/a title=a body labels=[] assignees=[] milestone=#9 state=open stateReason=null',
    ]);
  });

  // Regression (planner fix 0d9110d): an existing issue used to wait a second sync to join a
  // milestone created in the run.
  it('assigns an existing issue to a milestone created in the same run', () => {
    const github = snapshot({
      text: '# P\n\n## M\n\n- [ ] Fix it #5\n',
      issues: [ghIssue({ number: 5, title: 'Fix it' })],
    });
    const actions = plan(github).actions;
    const update = actions.find((a) => a.kind === 'update-issue');
    expect(update?.kind === 'update-issue' && update.after.milestone).toEqual({ key: 'm' });
  });
});

describe('planActions: labels', () => {
  it('a managed label a person removed stays removed', () => {
    const github = withIssue(SYNCED, K.parser, (i) => {
      i.labels = [];
    });
    expect(plan(github).actions).toEqual([]);
  });

  it('a priority change in the plan swaps the managed label and keeps the team’s labels', () => {
    const github = withIssue(SYNCED, K.parser, (i) => {
      i.labels = ['bug', 'priority: P0'];
    });
    const actions = planText(TEXT.replace('(P0)', '(P1)'), github).actions;
    expect(summarize(actions)).toEqual([
      'create-label priority: P1',
      'update-issue #1 labels=[bug,priority: P1] body',
    ]);
  });
});

describe('planActions: sub-issues', () => {
  it('relinks an existing child by issue ids (not numbers)', () => {
    const github = withIssue(SYNCED, K.routes, (i) => {
      i.parent = null;
    });
    const actions = plan(github).actions;
    expect(actions).toEqual([
      {
        kind: 'link-sub-issue',
        key: K.routes,
        parent: { number: 3, id: issueId(3) },
        child: { number: 4, id: issueId(4) },
        before: null,
        reason: '“Routes” is nested under “API” (line 13)',
      },
    ]);
  });

  it('moves a child to its new parent, saying which parent it leaves', () => {
    const github = withIssue(SYNCED, K.routes, (i) => {
      i.parent = 6;
    });
    const link = plan(github).actions[0];
    expect(link?.kind === 'link-sub-issue' && link.before).toBe(6);
  });

  const children = (n: number) =>
    Array.from({ length: n }, (_, i) => `  - [ ] Child ${i + 1}`).join('\n');
  const BIG = `# P\n\n## M\n\n- [ ] Parent\n${children(101)}\n`;

  it('links at most 100 sub-issues to one parent and notes the rest', () => {
    const result = plan(snapshot({ text: BIG }));
    const links = result.actions.filter((a) => a.kind === 'link-sub-issue');
    expect(links).toHaveLength(100);
    expect(result.notes).toEqual([
      '“Child 101” (line 106) is not linked as a sub-issue: GitHub allows at most 100 sub-issues per parent',
    ]);
  });

  // Regression (planner fix 0d9110d): already-linked children used not to count toward the 100
  // limit.
  it('counts children already linked toward the 100 limit', () => {
    const github = syncedSnapshot(BIG.replace(/\n {2}- \[ \] Child 101\n/, '\n'));
    expect(github.issues.filter((i) => i.parent === 1)).toHaveLength(100);
    const result = planText(BIG, github);
    expect(result.actions.filter((a) => a.kind === 'link-sub-issue')).toEqual([]);
    expect(result.notes).toHaveLength(1);
  });

  // Regression (planner fix 0d9110d): `unlink-sub-issue` used never to be planned.
  it('unlinks a deliverable that is no longer nested', () => {
    const text = TEXT.replace('  - [ ] Routes\n', '').replace(
      '- [ ] Docs',
      '- [ ] Docs\n- [ ] Routes',
    );
    const actions = planText(text, SYNCED).actions;
    expect(actions.filter((a) => a.kind === 'unlink-sub-issue')).toEqual([
      expect.objectContaining({ parent: 3, child: { number: 4, id: issueId(4) } }),
    ]);
  });
});

describe('planActions: removed deliverables and the mass-close guard', () => {
  it('closes a removed deliverable as not planned, with a comment, and reopens it when it is back', () => {
    const removed = TEXT.replace('  - [ ] Routes\n', '');
    const actions = planText(removed, SYNCED).actions;
    expect(summarize(actions)).toEqual([
      'update-issue #4 state=closed stateReason=not_planned body',
      'comment-issue #4',
    ]);
    const comment = actions[1];
    expect(comment?.kind === 'comment-issue' && comment.body).toBe(
      'This deliverable was removed from `MILESTONES.md`, so milestone-sync closed it as not planned. Add it back to the plan to reopen it.',
    );
    const github = simulateActions({
      snapshot: { ...SYNCED, file: { ...SYNCED.file, text: removed } },
      actions,
    }).snapshot;
    expect(issueByKey(github, K.routes)).toMatchObject({
      state: 'closed',
      stateReason: 'not_planned',
      parent: 3,
    });
    expect(summarize(planText(TEXT, github).actions)).toEqual([
      'update-issue #4 state=open stateReason=null body',
    ]);
  });

  const TEN = `# P\n\n## M\n\n${Array.from({ length: 10 }, (_, i) => `- [ ] Task ${i + 1}`).join('\n')}\n`;
  const TEN_SYNCED = syncedSnapshot(TEN);
  const without = (n: number) =>
    TEN.split('\n')
      .filter((line) => !/^- \[ \] Task (\d+)$/.test(line) || Number(line.slice(11)) > n)
      .join('\n');

  it.each([
    ['the file truncated to nothing', '', 10, true],
    ['6 of 10 gone', without(6), 6, true],
    ['5 of 10 gone (exactly the 50% allowed)', without(5), 5, false],
    ['2 of 10 gone', without(2), 2, false],
  ])('%s', (_name, text, closing, refused) => {
    const result = planText(text, TEN_SYNCED);
    if (refused) {
      expect(result.actions).toEqual([]);
      expect(result.refusal?.rule).toBe('mass-close');
      expect(result.refusal?.message).toContain(`${closing} of 10 open deliverable issues`);
    } else {
      expect(result.refusal).toBeNull();
      const closes = result.actions.filter(
        (a) => a.kind === 'update-issue' && a.after.stateReason === 'not_planned',
      );
      expect(closes).toHaveLength(closing);
    }
  });

  it('counts only open issues of this file', () => {
    const github = structuredClone(TEN_SYNCED);
    // Two of the ten are done on GitHub and in the file already, so 3 of 8 open would close.
    for (const issue of github.issues.slice(0, 2)) issue.state = 'closed';
    const result = planText(
      without(5).replace('## M', '## M\n\n- [x] Task 1\n- [x] Task 2'),
      github,
    );
    expect(result.refusal).toBeNull();
    expect(
      result.actions.filter((a) => a.kind === 'update-issue' && a.after.state === 'closed'),
    ).toHaveLength(3);
  });
});

describe('planActions: idempotence', () => {
  it.each(SEED_NAMES)('a first sync of %s leaves nothing to do', (name) => {
    const github = syncedSnapshot(readSeed(name));
    expect(github.issues.length).toBeGreaterThan(10);
    expect(plan(github)).toEqual({ actions: [], refusal: null, notes: [] });
  });

  it('is pure: the same input gives the same actions and the input is not changed', () => {
    const github = withIssue(SYNCED, K.parser, (i) => {
      i.state = 'closed';
    });
    const frozen = structuredClone(github);
    const a = planActions({ plan: parse(TEXT), github, config: CONFIG });
    const b = planActions({ plan: parse(TEXT), github, config: CONFIG });
    expect(a).toEqual(b);
    expect(github).toEqual(frozen);
  });

  it('converges in one round after changes on both sides', () => {
    let github = withIssue(SYNCED, K.parser, (i) => {
      i.title = 'Write the parser in Rust';
    });
    github = withIssue(github, K.routes, (i) => {
      i.state = 'closed';
    });
    const text = TEXT.replace('- [x] Lexer @alice', '- [ ] Lexer @alice').replace(
      '- [ ] Docs',
      '- [ ] Docs\n- [ ] Changelog (P2)',
    );
    const { first, second } = replanAfter({ ...github, file: { ...github.file, text } });
    expect(summarize(first)).toEqual([
      'create-label priority: P2',
      `edit-file rename-item ${K.parser} “Write the parser in Rust”; set-item-status ${K.routes} done`,
      'create-issue m2-later/changelog title=Changelog body labels=[priority: P2] assignees=[] milestone=#2 state=open stateReason=null',
      'update-issue #1 body',
      'update-issue #2 state=open stateReason=null body',
      'update-issue #4 body',
    ]);
    expect(second).toEqual([]);
  });

  // Regression (planner fix 0d9110d): the milestone used to close only on the sync after the one
  // that closed its last deliverable.
  it('closing every open deliverable of a milestone on GitHub closes it in the same run', () => {
    const github = structuredClone(SYNCED);
    for (const issue of github.issues) if (issue.milestone === 1) issue.state = 'closed';
    const { second } = replanAfter(github);
    expect(summarize(second)).toEqual([]);
  });

  it.each(SEED_NAMES)(
    'converges in one round for any GitHub-side closes, reopens and renames (%s)',
    (name) => {
      const base = syncedSnapshot(readSeed(name));
      const op = fc.record({
        issue: fc.nat({ max: base.issues.length - 1 }),
        what: fc.constantFrom('toggle', 'rename', 'milestone'),
      });
      fc.assert(
        fc.property(fc.array(op, { maxLength: 6 }), (ops) => {
          const github = structuredClone(base);
          for (const { issue: index, what } of ops) {
            const issue = github.issues[index];
            if (!issue) continue;
            if (what === 'toggle') issue.state = issue.state === 'open' ? 'closed' : 'open';
            else if (what === 'rename') issue.title = `${issue.title} (v${index})`;
            else {
              const m = github.milestones.find((x) => x.number === issue.milestone);
              if (m) m.state = m.state === 'open' ? 'closed' : 'open';
            }
          }
          const { second } = replanAfter(github);
          expect(summarize(second)).toEqual([]);
        }),
        { numRuns: 30 },
      );
    },
  );

  const NO_STATUS =
    '# P\n\n## M\n\n| Task | Owner |\n|---|---|\n| Build API | ann |\n| Write docs | bob |\n';

  // A deliverable whose line cannot hold a state (a row of a table without a Status column):
  // GitHub's state stands, no file edit is planned, the marker records it. (Seen on eutlas.)
  it('a table row without a Status cell takes GitHub’s state without a file edit', () => {
    const github = withIssue(syncedSnapshot(NO_STATUS), 'm/build-api', (i) => {
      i.state = 'closed';
    });
    const first = plan(github);
    expect(summarize(first.actions)).toEqual(['update-issue #1 body']);
    const applied = simulateActions({ snapshot: github, actions: first.actions }).snapshot;
    expect(plan(applied).actions).toEqual([]);
  });
});

describe('planActions: the app’s own duplicates and bigger rewordings', () => {
  it('closes a second issue the app opened for the same deliverable as a duplicate, with a comment', () => {
    const github = structuredClone(SYNCED);
    const original = issueByKey(github, K.docs);
    github.issues.push(
      ghIssue({ number: 30, title: 'Docs', marker: original.marker, milestone: 2 }),
    );
    const result = plan(github);
    expect(summarize(result.actions)).toEqual([
      'update-issue #30 state=closed stateReason=duplicate',
      'comment-issue #30',
    ]);
    const comment = result.actions[1];
    expect(comment?.kind === 'comment-issue' && comment.body).toMatch(/^Duplicate of #6: /);
    const applied = simulateActions({ snapshot: github, actions: result.actions }).snapshot;
    expect(plan(applied).actions).toEqual([]);
  });

  it('a title extended in place is a rename, even when the extension is long', () => {
    const title = 'Docs for the public API and the SDKs';
    const actions = planText(TEXT.replace('- [ ] Docs', `- [ ] ${title}`), SYNCED).actions;
    expect(summarize(actions)).toEqual([`update-issue #6 title=${title} body`]);
  });
});
