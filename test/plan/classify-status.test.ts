import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyStatus, formatStatus, formatStatusCell } from '../../src/plan/classify-status.js';
import type { ItemStatus } from '../../src/plan/plan-types.js';

const seed = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../fixtures/seeds/${name}`, import.meta.url)), 'utf8');

const STATUSES: readonly ItemStatus[] = ['todo', 'in-progress', 'done'];

describe('classifyStatus', () => {
  it.each<[string, ItemStatus | null]>([
    // done
    ['✅', 'done'],
    ['✔', 'done'],
    ['✔️', 'done'],
    ['☑', 'done'],
    ['☑️', 'done'],
    ['🟢', 'done'],
    ['✓', 'done'],
    ['[x]', 'done'],
    ['[X]', 'done'],
    ['Done', 'done'],
    ['COMPLETED', 'done'],
    ['complete', 'done'],
    ['Finished', 'done'],
    ['shipped', 'done'],
    ['Released', 'done'],
    ['closed', 'done'],
    ['Merged', 'done'],
    ['resolved', 'done'],
    ['Delivered', 'done'],
    ['✅ COMPLETED on 2026-11-22', 'done'],
    ['✅ COMPLETED on [Date]', 'done'],
    ['Done (merged #12)', 'done'],
    ['**Done**', 'done'],
    ['100%', 'done'],
    ['Done ✅', 'done'],
    // in progress
    ['🔄', 'in-progress'],
    ['🚧', 'in-progress'],
    ['🏗️', 'in-progress'],
    ['🟡', 'in-progress'],
    ['▶️', 'in-progress'],
    ['IN PROGRESS', 'in-progress'],
    ['in-progress', 'in-progress'],
    ['In Progress', 'in-progress'],
    ['WIP', 'in-progress'],
    ['ongoing', 'in-progress'],
    ['Started', 'in-progress'],
    ['In review', 'in-progress'],
    ['doing', 'in-progress'],
    ['Active', 'in-progress'],
    ['🔄 In Progress (blocked on #4)', 'in-progress'],
    ['[~]', 'in-progress'],
    ['[/]', 'in-progress'],
    ['80% complete', 'in-progress'],
    ['⏳ In Progress', 'in-progress'],
    // todo
    ['', 'todo'],
    ['   ', 'todo'],
    ['❌', 'todo'],
    ['✖', 'todo'],
    ['⬜', 'todo'],
    ['☐', 'todo'],
    ['🔴', 'todo'],
    ['⭕', 'todo'],
    ['[ ]', 'todo'],
    ['❌ Not Started', 'todo'],
    ['NOT STARTED', 'todo'],
    ['not started yet', 'todo'],
    ['Not done', 'todo'],
    ['Incomplete', 'todo'],
    ['Not yet complete', 'todo'],
    ['todo', 'todo'],
    ['To Do', 'todo'],
    ['TO-DO', 'todo'],
    ['Pending', 'todo'],
    ['⏳ PENDING', 'todo'],
    ['⏳', 'todo'],
    ['planned', 'todo'],
    ['Open', 'todo'],
    ['Blocked', 'todo'],
    ['backlog', 'todo'],
    ['TBD', 'todo'],
    ['0%', 'todo'],
    // unknown
    ['soonish', null],
    ['Pre-Production', null],
    ['P0', null],
    ['42', null],
  ])('%j → %s', (text, expected) => {
    expect(classifyStatus(text)).toBe(expected);
  });

  it('reads every Status value of the seeds', () => {
    const values = ['axum-cloudflare-MILESTONES.md', 'elemta-MILESTONES.md', 'eutlas-PHASES.md']
      .flatMap((f) => [...seed(f).matchAll(/\*\*Status:?\*\*:?\s*(.*?)\s*$/gm)])
      .map((m) => m[1] ?? '');
    expect(new Set(values.map((v) => `${v} → ${classifyStatus(v)}`))).toEqual(
      new Set([
        '⏳ PENDING → todo',
        '✅ COMPLETED on [Date] → done',
        '❌ Not Started → todo',
        'COMPLETED → done',
        'IN PROGRESS → in-progress',
        'NOT STARTED → todo',
      ]),
    );
  });

  it('property: never throws, returns a status or null', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect([null, ...STATUSES]).toContain(classifyStatus(s));
      }),
    );
  });
});

describe('formatStatus', () => {
  const axum = seed('axum-cloudflare-MILESTONES.md');
  const elemta = seed('elemta-MILESTONES.md');

  it.each<[ItemStatus, string | null, string | undefined, string | undefined, string]>([
    ['done', '⏳ PENDING', '2026-11-22', axum, '✅ COMPLETED on 2026-11-22'],
    ['done', '⏳ PENDING', undefined, axum, '✅ COMPLETED'],
    ['in-progress', '⏳ PENDING', undefined, axum, '🔄 IN PROGRESS'],
    ['todo', '✅ COMPLETED on 2026-11-22', undefined, axum, '⏳ PENDING'],
    ['done', '❌ Not Started', undefined, undefined, '✅ Completed'],
    ['done', '❌ Not Started', '2026-11-22', elemta, '✅ Completed'],
    ['in-progress', '❌ Not Started', undefined, elemta, '🔄 In Progress'],
    ['in-progress', 'COMPLETED', undefined, undefined, 'IN PROGRESS'],
    ['done', 'NOT STARTED', undefined, undefined, 'COMPLETED'],
    ['todo', 'COMPLETED', undefined, undefined, 'NOT STARTED'],
    ['done', null, undefined, undefined, '✅ Done'],
    ['in-progress', null, undefined, undefined, '🔄 In Progress'],
    ['todo', null, undefined, undefined, '❌ Not Started'],
    ['done', '', undefined, undefined, '✅ Done'],
    ['done', '✔️ WIP', undefined, undefined, '✔️ Done'],
    ['todo', '✔️ WIP', undefined, undefined, '⬜ Todo'],
    ['todo', '🚧', undefined, undefined, '⬜'],
    ['done', '🟡 in progress', undefined, undefined, '🟢 completed'],
    ['todo', 'Done', undefined, undefined, 'To Do'],
    ['in-progress', 'done', undefined, undefined, 'in progress'],
    ['done', 'Open', undefined, undefined, 'Closed'],
    ['done', 'In progress', undefined, undefined, 'Completed'],
    ['todo', 'In progress', undefined, undefined, 'Not started'],
    ['done', 'Done (merged #12)', '2026-11-22', undefined, 'Done'],
    ['done', 'Done on 2025-01-03', '2026-11-22', undefined, 'Done on 2026-11-22'],
    ['todo', 'Done ✅', undefined, undefined, 'To Do ❌'],
    ['in-progress', '✅', undefined, undefined, '🔄'],
    ['done', '[ ]', undefined, undefined, '[x]'],
    ['in-progress', '[X]', undefined, undefined, '[~]'],
    ['done', 'soonish', undefined, undefined, '✅ Done'],
  ])('%s like %j (date %s) → %j', (status, like, date, fileText, expected) => {
    const out = formatStatus({
      status,
      like,
      ...(date === undefined ? {} : { date }),
      ...(fileText === undefined ? {} : { fileText }),
    });
    expect(out).toBe(expected);
    expect(classifyStatus(out)).toBe(status);
  });

  const LIKES = [
    '⏳ PENDING',
    '✅ COMPLETED on [Date]',
    '✅ COMPLETED on 2026-11-22',
    '❌ Not Started',
    'COMPLETED',
    'IN PROGRESS',
    'NOT STARTED',
    'Done',
    'done',
    'To Do',
    'TODO',
    'WIP',
    'In review',
    '🚧 WIP',
    '✔️ Done',
    '✔ Done',
    '⬜ Todo',
    '🟢 Complete',
    '🔴 Blocked',
    '🟡',
    '☑️',
    '☐ Open',
    'Closed',
    'Planned',
    'Backlog',
    'Shipped',
    'Incomplete',
    'Not done',
    '50% complete',
    '⏳',
    '[x]',
    '',
    'soonish',
  ];

  it.each(STATUSES.flatMap((status) => [null, ...LIKES].map((like) => [status, like] as const)))(
    'round trip: %s like %j',
    (status, like) => {
      expect(classifyStatus(formatStatus({ status, like }))).toBe(status);
      expect(
        classifyStatus(formatStatus({ status, like, date: '2026-11-22', fileText: axum })),
      ).toBe(status);
    },
  );

  it('property: round trip for arbitrary like and file text', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STATUSES),
        fc.option(fc.oneof(fc.constantFrom(...LIKES), fc.string({ unit: 'binary' }))),
        fc.option(fc.string()),
        (status, like, fileText) => {
          const out = formatStatus({
            status,
            like,
            date: '2026-11-22',
            ...(fileText === null ? {} : { fileText: `**Status**: ${fileText}\n` }),
          });
          expect(classifyStatus(out)).toBe(status);
        },
      ),
    );
  });
});

describe('formatStatusCell', () => {
  it.each<[ItemStatus, string[], string]>([
    ['done', ['✅', '🔄', '❌'], '✅'],
    ['in-progress', ['✅', '🔄', '❌'], '🔄'],
    ['todo', ['✅', '🔄', '❌'], '❌'],
    ['done', ['✔️', '✔️ done', '✔️'], '✔️'],
    ['in-progress', ['✅', '✅', ''], '🔄'],
    ['todo', ['✅', '✅'], '❌'],
    ['todo', ['✔', '🚧'], '⬜'],
    ['done', [], '✅'],
    ['in-progress', ['', ' '], '🔄'],
    ['todo', [''], '❌'],
    ['in-progress', ['Done', 'Done', 'Todo'], 'In Progress'],
    ['todo', ['Done', 'Done'], 'To Do'],
    ['done', ['WIP', 'Todo'], 'Done'],
    ['done', ['IN PROGRESS', 'NOT STARTED'], 'COMPLETED'],
    ['done', ['✅ Done', 'Done', '✅ Done (late)'], '✅ Done'],
    ['todo', ['🔄 In Progress', '✅ Done'], '❌ Not Started'],
    ['done', ['n/a', 'P0'], '✅'],
  ])('%s in a column of %j → %j', (status, like, expected) => {
    const out = formatStatusCell({ status, like });
    expect(out).toBe(expected);
    expect(classifyStatus(out)).toBe(status);
  });

  it('uses the glyphs of the double-encoded seed once repaired', () => {
    const cells = ['✅', '🔄', '✅', '✅', '❌', '✅', '🔄', '❌'];
    expect(STATUSES.map((status) => formatStatusCell({ status, like: cells }))).toEqual([
      '❌',
      '🔄',
      '✅',
    ]);
  });

  it('property: round trip for arbitrary columns', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STATUSES),
        fc.array(
          fc.oneof(fc.constantFrom('✅', '🔄', '❌', 'Done', 'WIP', '', '⏳', '🟡'), fc.string()),
        ),
        (status, like) => {
          expect(classifyStatus(formatStatusCell({ status, like }))).toBe(status);
        },
      ),
    );
  });
});
