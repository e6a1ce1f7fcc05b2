/**
 * Property: whatever people do to the plan file and to the issues, in any interleaving with
 * syncs that hit faults (5xx, a 409 race, secondary rate limits) or run twice (duplicate
 * deliveries), syncing to quiescence leaves GitHub and the file agreeing:
 * - every deliverable maps to exactly one issue (by marker key), no duplicate issue exists;
 * - states agree (issue closed ⇔ deliverable done);
 * - the next sync plans zero actions;
 * - every commit the app made changed only the lines of the deliverables/milestones it named.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { Item, ParseResult } from '../../src/plan/plan-types.js';
import { decodeMarker } from '../../src/sync/issue-marker.js';
import {
  FULL_NAME,
  PATH,
  allActions,
  assertFakesClean,
  createPlanRepo,
} from '../helpers/fake-plan-repo.js';

const START = [
  '# Plan',
  '',
  '## Milestone 1: Foundations',
  '**Status**: IN PROGRESS',
  '',
  '- [ ] Alpha repository setup',
  '- [x] Bravo continuous integration',
  '- [ ] Charlie release process',
  '  - [ ] Delta changelog tooling',
  '  - [ ] Echo version tagging',
  '',
  '## Milestone 2: Product',
  '',
  '- [ ] Foxtrot login page (P1)',
  '- [ ] Golf account settings',
  '',
  '| Task | Priority | Status |',
  '|------|----------|--------|',
  '| Hotel billing export | P0 | ✅ |',
  '| India audit trail | P2 | ❌ |',
  '',
  '## Milestone 3: Launch',
  '',
  '* [ ] Juliet marketing site',
  '* [ ] Kilo launch checklist',
  '',
].join('\n');

const WORDS = [
  'Lima',
  'Mike',
  'November',
  'Oscar',
  'Papa',
  'Quebec',
  'Romeo',
  'Sierra',
  'Tango',
  'Uniform',
];
const NOUNS = [
  'dashboard',
  'exporter',
  'pipeline',
  'runbook',
  'metrics',
  'backups',
  'search',
  'alerts',
];

type FileOp = 'add' | 'remove' | 'rename' | 'move' | 'tick' | 'untick' | 'reorder';
type GithubOp = 'close' | 'reopen' | 'rename' | 'edit-body' | 'remove-label';
type Fault = 'none' | '5xx' | '409' | 'secondary';
type Step =
  | { kind: 'file'; op: FileOp; pick: number; pick2: number; title: string }
  | { kind: 'github'; op: GithubOp; pick: number; title: string }
  | { kind: 'sync'; fault: Fault; twice: boolean };

const title = fc
  .tuple(fc.constantFrom(...WORDS), fc.constantFrom(...NOUNS), fc.integer({ min: 1, max: 99 }))
  .map(([w, n, i]) => `${w} ${n} ${i}`);
const pick = fc.nat({ max: 1000 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('file' as const),
    op: fc.constantFrom<FileOp>('add', 'remove', 'rename', 'move', 'tick', 'untick', 'reorder'),
    pick,
    pick2: pick,
    title,
  }),
  fc.record({
    kind: fc.constant('github' as const),
    op: fc.constantFrom<GithubOp>('close', 'reopen', 'rename', 'edit-body', 'remove-label'),
    pick,
    title,
  }),
  fc.record({
    kind: fc.constant('sync' as const),
    fault: fc.constantFrom<Fault>('none', 'none', '5xx', '409', 'secondary'),
    twice: fc.boolean(),
  }),
);

function flatten(items: Item[]): Item[] {
  return items.flatMap((item) => [item, ...flatten(item.children)]);
}

function deliverables(parsed: ParseResult): Item[] {
  return [
    ...parsed.plan.milestones.flatMap((m) => flatten(m.items)),
    ...flatten(parsed.plan.items),
  ];
}

/** Leaf checkbox items with the line they are on (0-based) and its indentation. */
function leaves(text: string) {
  const lines = text.split('\n');
  return deliverables(parsePlan({ text }))
    .filter(
      (item) =>
        item.source.kind === 'checkbox' && item.children.length === 0 && item.description === '',
    )
    .map((item) => ({
      item,
      index: item.line - 1,
      indent: /^\s*/.exec(lines[item.line - 1] ?? '')?.[0] ?? '',
    }));
}

function applyFileOp(text: string, s: Extract<Step, { kind: 'file' }>): string {
  const lines = text.split('\n');
  const parsed = parsePlan({ text });
  const all = deliverables(parsed);
  const leafs = leaves(text);
  const leaf = leafs[s.pick % Math.max(1, leafs.length)];
  switch (s.op) {
    case 'add': {
      if (!leaf) return text;
      lines.splice(leaf.index + 1, 0, `${leaf.indent}- [ ] ${s.title}`);
      return lines.join('\n');
    }
    case 'remove': {
      if (!leaf || leafs.length <= 3) return text;
      lines.splice(leaf.index, 1);
      return lines.join('\n');
    }
    case 'move': {
      const target = leafs[s.pick2 % Math.max(1, leafs.length)];
      if (!leaf || !target || target.index === leaf.index) return text;
      const [moved] = lines.splice(leaf.index, 1);
      const at = target.index > leaf.index ? target.index : target.index + 1;
      lines.splice(at, 0, `${target.indent}${(moved ?? '').trimStart()}`);
      return lines.join('\n');
    }
    case 'reorder': {
      const next = leafs.find(
        (l) => l.index === (leaf?.index ?? -2) + 1 && l.indent === leaf?.indent,
      );
      if (!leaf || !next) return text;
      [lines[leaf.index], lines[next.index]] = [
        lines[next.index] as string,
        lines[leaf.index] as string,
      ];
      return lines.join('\n');
    }
    case 'rename': {
      const item = all[s.pick % Math.max(1, all.length)];
      if (!item) return text;
      return text.slice(0, item.source.title.start) + s.title + text.slice(item.source.title.end);
    }
    case 'tick':
    case 'untick': {
      const item = all[s.pick % Math.max(1, all.length)];
      if (!item) return text;
      if (item.source.kind === 'checkbox') {
        const mark = s.op === 'tick' ? 'x' : ' ';
        return text.slice(0, item.source.mark.start) + mark + text.slice(item.source.mark.end);
      }
      const status = item.source.status;
      if (!status) return text;
      return text.slice(0, status.start) + (s.op === 'tick' ? '✅' : '❌') + text.slice(status.end);
    }
  }
}

/** Lines an app commit may change: those of the keys its message names (in the parent text). */
function allowedLines(parentText: string, message: string): Set<number> {
  const parsed = parsePlan({ text: parentText });
  const byKey = new Map<string, number>();
  for (const item of deliverables(parsed)) byKey.set(item.key, item.line);
  for (const milestone of parsed.plan.milestones) {
    if (milestone.status) byKey.set(milestone.key, milestone.status.line);
  }
  const allowed = new Set<number>();
  for (const match of message.matchAll(/^- (?:mark|rename|set milestone) (\S+)/gm)) {
    const line = byKey.get(match[1] ?? '');
    if (line !== undefined) allowed.add(line);
  }
  return allowed;
}

async function runScenario(steps: Step[]): Promise<void> {
  const repo = createPlanRepo(START);
  const { fake } = repo;
  const config = { maxCloseShare: 1 };
  const sync = () => repo.syncWith({ config });
  await sync();
  for (const s of steps) {
    if (s.kind === 'file') {
      const next = applyFileOp(repo.fileText(), s);
      if (next !== repo.fileText())
        fake.human.editFile({ repo: FULL_NAME, path: PATH, content: next });
    } else if (s.kind === 'github') {
      const owned = repo.issues().filter((i) => decodeMarker(i.body) !== null);
      const issue = owned[s.pick % Math.max(1, owned.length)];
      if (!issue) continue;
      if (s.op === 'close' && issue.state === 'open')
        fake.human.closeIssue({ repo: FULL_NAME, number: issue.number });
      if (s.op === 'reopen' && issue.state === 'closed')
        fake.human.reopenIssue({ repo: FULL_NAME, number: issue.number });
      if (s.op === 'rename')
        fake.human.editIssue({ repo: FULL_NAME, number: issue.number, title: s.title });
      if (s.op === 'edit-body') {
        fake.human.editIssue({
          repo: FULL_NAME,
          number: issue.number,
          body: `A note from a person.\n\n${issue.body ?? ''}`,
        });
      }
      if (s.op === 'remove-label' && issue.labelIds.length > 0) {
        const label = fake.repo(FULL_NAME).labels.find((l) => l.id === issue.labelIds[0]);
        if (label)
          fake.human.removeLabel({ repo: FULL_NAME, number: issue.number, label: label.name });
      }
    } else {
      if (s.fault === '5xx') fake.faults.next({ route: /^(POST|PATCH) /, status: 502 });
      if (s.fault === 'secondary')
        fake.faults.secondaryRateLimit({ route: /^(POST|PATCH) /, retryAfter: 30 });
      if (s.fault === '409') {
        fake.faults.next({
          route: 'PUT /repos/{owner}/{repo}/contents/{path}',
          before: () => {
            fake.human.editFile({
              repo: FULL_NAME,
              path: PATH,
              content: `${repo.fileText()}\nA line a person added.\n`,
            });
          },
        });
      }
      await sync();
      if (s.twice) await sync();
      fake.faults.clear();
    }
  }

  // Sync to quiescence.
  let quiet = false;
  for (let round = 0; round < 6 && !quiet; round++) {
    quiet = allActions(await sync()).length === 0;
  }
  expect(quiet, 'reached quiescence').toBe(true);

  assertFakesClean();
  const text = repo.fileText();
  const items = deliverables(parsePlan({ text }));
  const issues = repo.issues();
  const byKey = new Map<string, number[]>();
  for (const issue of issues) {
    const marker = decodeMarker(issue.body);
    if (!marker) continue;
    byKey.set(marker.key, [...(byKey.get(marker.key) ?? []), issue.number]);
  }
  for (const item of items) {
    const numbers = byKey.get(item.key) ?? [];
    expect(numbers, `exactly one issue for “${item.title}”`).toHaveLength(1);
    const issue = issues.find((i) => i.number === numbers[0]);
    expect(issue?.state, `state of “${item.title}”`).toBe(
      item.status === 'done' ? 'closed' : 'open',
    );
    expect(issue?.title).toBe(item.title);
  }
  // No duplicates: every open issue the app owns is a deliverable of the file.
  const keys = new Set(items.map((i) => i.key));
  for (const issue of issues.filter((i) => i.state === 'open')) {
    const marker = decodeMarker(issue.body);
    if (marker)
      expect(
        keys.has(marker.key),
        `open issue #${issue.number} “${issue.title}” is in the plan`,
      ).toBe(true);
  }

  // Every app commit touched only the lines it named.
  const state = fake.repo(FULL_NAME);
  for (const commit of state.commits.values()) {
    if (commit.authorLogin !== fake.apiActorLogin || commit.parents.length === 0) continue;
    const parent = state.commits.get(commit.parents[0] as string);
    const before = parent?.files.get(PATH)?.bytes.toString('utf8') ?? '';
    const after = commit.files.get(PATH)?.bytes.toString('utf8') ?? '';
    const a = before.split('\n');
    const b = after.split('\n');
    expect(b.length).toBe(a.length);
    const allowed = allowedLines(before, commit.message);
    a.forEach((line, i) => {
      if (line !== b[i])
        expect(allowed.has(i + 1), `app commit changed line ${i + 1}: “${line}” → “${b[i]}”`).toBe(
          true,
        );
    });
  }
}

describe('sync properties (fast-check over random interleavings)', () => {
  it('reaches agreement: one issue per deliverable, same states, no duplicates, minimal commits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) =>
        runScenario(steps),
      ),
      { numRuns: Number(process.env.SYNC_PROPERTY_RUNS ?? 40) },
    );
  });
});
