import { describe, expect, it } from 'vitest';
import {
  COMMAND_REPLY_BUDGET,
  codeSpan,
  commandReplyMarker,
  renderCommandReply,
} from '../../src/report/render-command-reply.js';
import type { SyncReport } from '../../src/sync/sync-repo.js';
import type { Action, IssueFields } from '../../src/sync/sync-types.js';

function createIssue(params: { key: string; title: string; milestone: string }): Action {
  const after: IssueFields = {
    title: params.title,
    body: '',
    labels: [],
    assignees: [],
    milestone: { key: params.milestone },
    state: 'open',
    stateReason: null,
  };
  return {
    kind: 'create-issue',
    key: params.key,
    after,
    reason: `new deliverable “${params.title}”`,
  };
}

/** A first sync of `milestones` milestones with `perMilestone` deliverables of long titles. */
function bigReport(params: {
  milestones: number;
  perMilestone: number;
  title?: string;
}): SyncReport {
  const actions: Action[] = [];
  for (let m = 0; m < params.milestones; m++) {
    for (let i = 0; i < params.perMilestone; i++) {
      actions.push(
        createIssue({
          key: `m${m}/d${i}`,
          title: params.title ?? `Deliverable ${i} of milestone ${m} ${'x'.repeat(200)}`,
          milestone: `m${m}`,
        }),
      );
    }
  }
  return {
    repo: { owner: 'acme', repo: 'plan' },
    path: 'MILESTONES.md',
    dryRun: false,
    diagnostics: [],
    runs: [
      {
        planned: { actions, refusal: null, notes: [] },
        results: actions.map((action, i) => ({
          action,
          outcome: { status: 'ok', number: i + 1 },
        })),
      },
    ],
  };
}

const BASE = {
  commentId: 42,
  commentUrl: 'https://github.test/acme/plan/issues/7#issuecomment-42',
  line: '/milestone-sync sync',
};

describe('renderCommandReply', () => {
  it('starts with the marker naming the comment, quotes the command, then the message', () => {
    expect(renderCommandReply({ ...BASE, message: 'Nothing to do.' })).toBe(
      [
        '<!-- milestone-sync:command-reply 42 -->',
        '> [`/milestone-sync sync`](https://github.test/acme/plan/issues/7#issuecomment-42)',
        '',
        'Nothing to do.',
        '',
      ].join('\n'),
    );
    expect(commandReplyMarker(42)).toBe('<!-- milestone-sync:command-reply 42 -->');
  });

  it('lists ignored words, and folds the report (without its headline) into <details>', () => {
    const body = renderCommandReply({
      ...BASE,
      message: 'Synced.',
      ignored: ['now', 'please'],
      report: bigReport({ milestones: 1, perMilestone: 2, title: 'Parser' }),
    });
    expect(body).toContain('\nIgnored after the command: `now please`.\n');
    expect(body).toContain('please`.\n\n<details><summary>Report</summary>\n\n### Create (2)\n');
    expect(body).not.toContain('## Synced MILESTONES.md');
    expect(body.endsWith('</details>\n')).toBe(true);
  });

  it('user text cannot open HTML, close the marker or mention anyone', () => {
    const body = renderCommandReply({
      ...BASE,
      line: '/milestone-sync sync `@team` -->',
      message: 'Invalid @acme/x: <b>bad</b>.',
      report: bigReport({ milestones: 1, perMilestone: 1, title: 'Ship </details> to @team' }),
    });
    expect(body.match(/<\/details>/g)).toHaveLength(1);
    // The marker is whole before any user text; the command line is code (no HTML, no mention).
    expect(body.split('\n')[0]).toBe(commandReplyMarker(42));
    expect(body).toContain("`/milestone-sync sync '@team' -->`");
    expect(body).toContain('Invalid @\u200bacme/x: &lt;b>bad&lt;/b>.');
    expect(body).toContain('Ship &lt;/details> to @\u200bteam');
  });

  it.each([
    { milestones: 5, perMilestone: 20 },
    { milestones: 200, perMilestone: 50 },
  ])(
    'stays under the budget for $milestones milestones of $perMilestone long deliverables',
    (size) => {
      const body = renderCommandReply({ ...BASE, message: 'Synced.', report: bigReport(size) });
      expect(body.length).toBeLessThanOrEqual(COMMAND_REPLY_BUDGET);
      expect(body).toContain('Synced.');
    },
  );

  it('a report too long even at its smallest is left out, and the reply says so', () => {
    const body = renderCommandReply({
      ...BASE,
      message: 'Synced.',
      report: bigReport({ milestones: 2000, perMilestone: 1 }),
    });
    expect(body.length).toBeLessThanOrEqual(COMMAND_REPLY_BUDGET);
    expect(body).not.toContain('<details>');
    expect(body).toContain('The full report is too long for a comment');
  });
});

describe('codeSpan', () => {
  it.each([
    { text: 'sync', expected: '`sync`' },
    { text: 'a `b` c', expected: "`a 'b' c`" },
    { text: 'two\nlines', expected: '`two lines`' },
    { text: 'y'.repeat(300), expected: `\`${'y'.repeat(199)}…\`` },
  ])('$text', ({ text, expected }) => {
    expect(codeSpan(text)).toBe(expected);
  });
});
