import { describe, expect, it } from 'vitest';
import { describeProgress, renderProgress } from '../../src/cli/render-progress.js';
import type { ActionProgress } from '../../src/sync/apply-actions.js';
import type { Action } from '../../src/sync/sync-types.js';

const issue = { kind: 'create-issue' } as Action;
const milestone = { kind: 'create-milestone' } as Action;

function progress(done: number, total: number, action = issue): ActionProgress {
  return { done, total, action, outcome: { status: 'ok' } };
}

/** Runs `total` actions (milestones first) through a renderer; `msPerAction` of fake time each. */
function run(params: {
  total: number;
  milestones?: number;
  msPerAction?: number;
  isTTY?: boolean;
}) {
  let now = 0;
  let text = '';
  const render = renderProgress({
    stream: { write: (t: string) => (text += t), isTTY: params.isTTY },
    now: () => now,
  });
  for (let done = 1; done <= params.total; done++) {
    now += params.msPerAction ?? 0;
    render(progress(done, params.total, done <= (params.milestones ?? 0) ? milestone : issue));
  }
  return text;
}

describe('renderProgress, plain lines (not a terminal)', () => {
  it('prints nothing for a sync shorter than 50 actions and 10 s', () => {
    expect(run({ total: 49, msPerAction: 200 })).toBe('');
  });

  it('prints a line every 50 actions, and the last one', () => {
    expect(run({ total: 120, milestones: 20 }).split('\n')).toEqual([
      'Creating issues 50/120',
      'Creating issues 100/120',
      'Creating issues 120/120',
      '',
    ]);
  });

  it('prints a line every 10 s when actions are paced slowly', () => {
    // 0.75 s per action (80 writes a minute): a line every 14 actions.
    const lines = run({ total: 30, milestones: 3, msPerAction: 750 }).split('\n');
    expect(lines).toEqual([
      'Creating issues 14/30',
      'Creating issues 28/30',
      'Creating issues 30/30',
      '',
    ]);
  });
});

describe('renderProgress on a terminal', () => {
  it('updates one line in place and erases it at the end', () => {
    const text = run({ total: 3, milestones: 1, isTTY: true });
    expect(text.split('\r')).toEqual([
      '',
      '\x1b[2KCreating milestones 1/3 …',
      '\x1b[2KCreating issues 2/3 …',
      '\x1b[2K',
    ]);
  });
});

it.each([
  ['create-label', 'Creating labels 1/2'],
  ['edit-file', 'Writing the plan file 1/2'],
  ['update-issue', 'Updating issues 1/2'],
])('%s → %s', (kind, expected) => {
  expect(describeProgress(progress(1, 2, { kind } as Action))).toBe(expected);
});
