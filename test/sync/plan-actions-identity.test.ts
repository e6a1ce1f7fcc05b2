/**
 * Regressions of issue #6 on the pure planner (the simulator stands in for GitHub): identity under
 * ordinary edits, links into other repositories, and titles GitHub accepts. Each test drives a
 * sequence of file edits, GitHub edits and syncs, and ends with a sync that plans nothing.
 */
import { describe, expect, it } from 'vitest';
import type { GithubIssue, GithubSnapshot, PlannedSync } from '../../src/sync/sync-types.js';
import { ghIssue, snapshot } from './helpers/snapshot-builders.js';
import { plan, planText, simulateActions, syncedSnapshot } from './helpers/simulate-actions.js';
import { summarize } from './helpers/summarize-actions.js';

/** Plans `text` against `github`, applies it, and returns both. */
function sync(github: GithubSnapshot, text = github.file.text) {
  const planned: PlannedSync = planText(text, github);
  expect(planned.refusal).toBeNull();
  const after = simulateActions({
    snapshot: { ...github, file: { ...github.file, text } },
    actions: planned.actions,
  });
  return { planned, github: after.snapshot, comments: after.comments };
}

function byNumber(github: GithubSnapshot, number: number): GithubIssue {
  const found = github.issues.find((i) => i.number === number);
  if (!found) throw new Error(`no #${number}`);
  return found;
}

function change(github: GithubSnapshot, number: number, edit: (i: GithubIssue) => void) {
  const copy = structuredClone(github);
  edit(byNumber(copy, number));
  return copy;
}

function settled(github: GithubSnapshot): void {
  expect(summarize(plan(github).actions)).toEqual([]);
}

describe('identity under ordinary edits', () => {
  const TWO = `# Plan

## Milestone 1

- [x] Harden the parser
- [ ] Ship the CLI

## Milestone 2

- [ ] Automate the parser
`;

  it('moving a line moves its issue; an issue whose line left earlier is not revived', () => {
    let github = syncedSnapshot(TWO);
    expect(byNumber(github, 1).title).toBe('Harden the parser');
    expect(byNumber(github, 3).title).toBe('Automate the parser');
    // A person deletes the done line: #1 is closed already; the sync records that it left.
    const deleted = TWO.replace('- [x] Harden the parser\n', '');
    let step = sync(github, deleted);
    expect(summarize(step.planned.actions)).toEqual(['update-issue #1 body']);
    expect(byNumber(step.github, 1).marker?.base.removed).toBe(true);
    github = step.github;
    settled(github);
    // Then moves `Automate the parser` into Milestone 1.
    const moved = deleted
      .replace('\n- [ ] Automate the parser\n', '\n')
      .replace('- [ ] Ship the CLI\n', '- [ ] Ship the CLI\n- [ ] Automate the parser\n');
    const before1 = structuredClone(byNumber(github, 1));
    step = sync(github, moved);
    const actions = step.planned.actions;
    expect(actions.some((a) => a.kind === 'update-issue' && a.number === 1)).toBe(false);
    expect(actions.some((a) => a.kind === 'update-issue' && a.number === 3 && a.after.state)).toBe(
      false,
    );
    expect(byNumber(step.github, 3)).toMatchObject({ state: 'open', milestone: 1 });
    expect(byNumber(step.github, 1)).toEqual(before1);
    settled(step.github);
  });

  it('a line added after a similar one left is a new issue and stays unticked', () => {
    const text = `# Plan

## Billing

- [ ] Deploy the billing flows
- [ ] Write the invoices
`;
    let github = syncedSnapshot(text);
    // A person closes #1 on GitHub and deletes its line.
    github = change(github, 1, (i) => {
      i.state = 'closed';
      i.stateReason = 'completed';
    });
    const deleted = text.replace('- [ ] Deploy the billing flows\n', '');
    let step = sync(github, deleted);
    github = step.github;
    settled(github);
    // Later adds a similar line.
    const added = deleted.replace(
      '## Billing\n\n',
      '## Billing\n\n- [ ] Deploy the billing flow\n',
    );
    const before1 = structuredClone(byNumber(github, 1));
    step = sync(github, added);
    expect(summarize(step.planned.actions)).toEqual([
      'create-issue billing/deploy-the-billing-flow title=Deploy the billing flow body labels=[] assignees=[] milestone=#1 state=open stateReason=null',
    ]);
    expect(step.github.file.text).toBe(added);
    expect(byNumber(step.github, 1)).toEqual(before1);
    settled(step.github);
  });
});

describe('one sync settles', () => {
  it('an issue renamed on GitHub while a child is added under its line', () => {
    const text = `# Plan\n\n## M\n\n- [ ] Write the parser\n  - [ ] Lexer\n`;
    let github = syncedSnapshot(text);
    github = change(github, 1, (i) => {
      i.title = 'Write the parser in Rust';
    });
    const withChild = text.replace('  - [ ] Lexer\n', '  - [ ] Lexer\n  - [ ] Grammar\n');
    const step = sync(github, withChild);
    expect(step.github.file.text).toContain('- [ ] Write the parser in Rust\n');
    const grammar = step.github.issues.find((i) => i.title === 'Grammar');
    expect(grammar?.marker?.key).toBe('m/write-the-parser-in-rust/grammar');
    settled(step.github);
  });
});

describe('links into other repositories', () => {
  const FOREIGN = `# Plan

## M

- [x] Swarm API - https://github.com/ipfs-like/interface-core/pull/2
- [ ] Thing [#1](https://github.com/other/repo/issues/1)
- [ ] Other thing other/repo#3
- [ ] Ours acme/plan#4
`;

  it('never adopts this repository’s issue with the same number', () => {
    const unrelated = [1, 2, 3, 4].map((number) =>
      ghIssue({ number, title: `Security report ${number}`, body: `Private details ${number}.` }),
    );
    const first = sync(snapshot({ text: FOREIGN, issues: structuredClone(unrelated) }));
    for (const number of [1, 2, 3])
      expect(byNumber(first.github, number)).toEqual(unrelated[number - 1]);
    // acme/plan#4 names this repository: it is linked (marker added, body otherwise kept).
    const four = byNumber(first.github, 4);
    expect(four.marker?.key).toBe('m/ours');
    expect(four.body?.startsWith('Private details 4.')).toBe(true);
    expect(first.planned.actions.filter((a) => a.kind === 'create-issue')).toHaveLength(3);
    settled(first.github);
  });
});

describe('a #N that names another line’s issue', () => {
  // Real roadmaps link `#15` of their own tracker; after a first sync into a fresh repository #15
  // may be the issue the app opened for another line. It stays that line's issue.
  it('does not take it from that line', () => {
    const text = `# Plan\n\n## M\n\n- [ ] First\n- [ ] Second\n- [ ] Third refers to #2\n`;
    const withoutLink = text.replace(' refers to #2', '');
    const github = syncedSnapshot(withoutLink);
    expect(byNumber(github, 2).marker?.key).toBe('m/second');
    const planned = planText(text, github);
    expect(planned.notes).toContain('line 7 links #2, which is the issue of line 6 (“Second”)');
    expect(planned.actions.some((a) => a.kind === 'update-issue' && a.number === 2)).toBe(false);
    const step = sync(github, text);
    settled(step.github);
  });
});

describe('titles', () => {
  it('a line longer than GitHub allows gets a title cut at a word boundary, and settles', () => {
    const long = `Make sure ${'every release note names the owner of the change '.repeat(8).trim()}`;
    const text = `# Plan\n\n## M\n\n- [ ] ${long}\n`;
    const github = syncedSnapshot(text);
    const title = byNumber(github, 1).title;
    expect(long.length).toBeGreaterThan(300);
    expect(title.length).toBeLessThanOrEqual(256);
    expect(title.endsWith('…')).toBe(true);
    expect(long.startsWith(title.slice(0, -1))).toBe(true);
    expect(long[title.length - 1]).toBe(' ');
    settled(github);
  });

  it('Markdown in a line becomes plain text in the title; a rename on GitHub keeps the link in the file', () => {
    const text = `# Plan\n\n## M\n\n- [ ] Make sure the [release file](https://example.com/x) is **updated**\n`;
    let github = syncedSnapshot(text);
    expect(byNumber(github, 1).title).toBe('Make sure the release file is updated');
    settled(github);
    github = change(github, 1, (i) => {
      i.title = 'Make sure the release file is current';
    });
    const step = sync(github);
    expect(step.github.file.text).toBe(text);
    expect(byNumber(step.github, 1).title).toBe('Make sure the release file is current');
    expect(step.comments.map((c) => c.body).join('\n')).toMatch(/left the line as written/);
    settled(step.github);
  });

  it.each([
    ['Write the parser, follow-up to #1'],
    ['Ping @octocat about the parser'],
    ['Write the parser P0'],
  ])('a GitHub title with plan syntax (%s) is never reverted and settles', (renamed) => {
    const text = `# Plan\n\n## M\n\n- [ ] Write the parser\n- [ ] Other\n`;
    let github = syncedSnapshot(text);
    github = change(github, 1, (i) => {
      i.title = renamed;
    });
    const step = sync(github);
    expect(byNumber(step.github, 1).title).toBe(renamed);
    expect(byNumber(step.github, 2).marker?.key).toBe('m/other');
    settled(step.github);
  });
});
