import { describe, expect, it } from 'vitest';
import type { ItemStatus } from '../../src/plan/plan-types.js';
import { parsePlan } from '../../src/plan/parse-plan.js';
import { damageText } from '../../src/plan/repair-encoding.js';
import { readSeed } from '../helpers/read-fixture.js';
import { expectOnlyChange, run } from './edit-test-helpers.js';

interface Case {
  name: string;
  text: string;
  status: ItemStatus;
  date?: string;
  today?: string;
  out: string;
}

const axum = '### M1\n**Status**: ⏳ PENDING  \n**Target Completion**: Day 2\n\n- [ ] a\n';
const eutlas = '## M1\n**Duration:** Week 1\n**Status:** IN PROGRESS\n\n- [ ] a\n';

const cases: Case[] = [
  {
    name: 'axum style: glyph and upper case kept, hard-break spaces kept',
    text: axum,
    status: 'in-progress',
    out: axum.replace('⏳ PENDING  ', '🔄 IN PROGRESS  '),
  },
  {
    name: 'axum style, done: no date where the file writes none',
    text: axum,
    status: 'done',
    date: '2026-11-22',
    out: axum.replace('⏳ PENDING  ', '✅ COMPLETED  '),
  },
  {
    name: 'dated done where the file writes `COMPLETED on <date>`',
    text: `${axum}\n### M0\n**Status**: ✅ COMPLETED on 2026-01-05\n\n- [x] b\n`,
    status: 'done',
    date: '2026-11-22',
    out: `${axum.replace('⏳ PENDING  ', '✅ COMPLETED on 2026-11-22  ')}\n### M0\n**Status**: ✅ COMPLETED on 2026-01-05\n\n- [x] b\n`,
  },
  {
    name: 'dated done takes `today` when the change has no date',
    text: '## M1\n**Status**: Pending\n\n- [ ] a\n\n## M2\n**Status**: Done on 2026-01-02\n\n- [x] b\n',
    status: 'done',
    today: '2026-03-04',
    out: '## M1\n**Status**: Done on 2026-03-04\n\n- [ ] a\n\n## M2\n**Status**: Done on 2026-01-02\n\n- [x] b\n',
  },
  {
    name: 'eutlas style `**Status:** IN PROGRESS`',
    text: eutlas,
    status: 'done',
    out: eutlas.replace('IN PROGRESS', 'COMPLETED'),
  },
  {
    name: 'plain `Status: Done`, CRLF',
    text: '## M1\r\nStatus: Done\r\n\r\n- [x] a\r\n',
    status: 'todo',
    out: '## M1\r\nStatus: To Do\r\n\r\n- [x] a\r\n',
  },
  {
    name: 'emphasis around the value kept',
    text: '## M1\n**Status**: *In progress*\n\n- [ ] a\n',
    status: 'done',
    out: '## M1\n**Status**: *Completed*\n\n- [ ] a\n',
  },
  {
    name: 'empty value filled after one space',
    text: '## M1\n**Status**:\n**Due**: 2026-05-01\n\n- [ ] a\n',
    status: 'done',
    out: '## M1\n**Status**: ✅ Done\n**Due**: 2026-05-01\n\n- [ ] a\n',
  },
  {
    name: 'double-encoded file',
    text: damageText(
      '## M1\n**Status**: ❌ Not Started\n\n| Task | Status |\n|---|---|\n| a | ✅ |\n',
    ),
    status: 'in-progress',
    out: damageText(
      '## M1\n**Status**: 🔄 In Progress\n\n| Task | Status |\n|---|---|\n| a | ✅ |\n',
    ),
  },
];

describe('set-milestone-status', () => {
  it.each(cases)('$name', ({ text, status, date, today, out: wanted }) => {
    const before = parsePlan({ text });
    const key = before.plan.milestones[0]?.key ?? '';
    expect(key).toBe('m1');
    const change = {
      kind: 'set-milestone-status',
      key,
      status,
      ...(date === undefined ? {} : { date }),
    } as const;
    const { result, out } = run({ text, changes: [change], today });
    expect(result.problems).toEqual([]);
    expect(out).toBe(wanted);
    expectOnlyChange({
      before,
      after: parsePlan({ text: out }),
      edits: result.edits,
      targets: [{ key, status, milestone: true }],
    });
    expect(run({ text: out, changes: [change], today }).result.edits).toEqual([]);
  });

  it('the axum seed: only the value of the Status line changes', () => {
    const text = readSeed('axum-cloudflare-MILESTONES.md');
    const key = 'checkpoint-1-1-rust-axum-service-implementation';
    const { result, out } = run({
      text,
      changes: [{ kind: 'set-milestone-status', key, status: 'in-progress' }],
    });
    expect(result.edits).toHaveLength(1);
    expect(result.edits[0]?.line).toBe(16);
    expect(out.split('\n')[15]).toBe('**Status**: 🔄 IN PROGRESS  ');
    expect(text.split('\n')[15]).toBe('**Status**: ⏳ PENDING  ');
    expect(parsePlan({ text: out }).plan.milestones[0]?.status?.text).toBe('🔄 IN PROGRESS');
  });

  it('a milestone without a Status line is a problem: no line is added', () => {
    const text = '## M1\n\n- [ ] a\n';
    const change = { kind: 'set-milestone-status', key: 'm1', status: 'done' } as const;
    const { result } = run({ text, changes: [change] });
    expect(result.edits).toEqual([]);
    expect(result.problems).toEqual([
      {
        change,
        message:
          'Unexpected milestone “M1” without a readable `Status:` line, expected one to edit; a Status line is never added',
      },
    ]);
  });

  it('an unreadable Status value is a problem too', () => {
    const text = '## M1\n**Status**: see the wiki\n\n- [ ] a\n';
    const { result } = run({
      text,
      changes: [{ kind: 'set-milestone-status', key: 'm1', status: 'done' }],
    });
    expect(result.edits).toEqual([]);
    expect(result.problems[0]?.message).toMatch(/without a readable `Status:` line/);
  });

  it('an invalid date is a problem', () => {
    const { result } = run({
      text: axum,
      changes: [{ kind: 'set-milestone-status', key: 'm1', status: 'done', date: '22/11/2026' }],
    });
    expect(result.edits).toEqual([]);
    expect(result.problems[0]?.message).toBe(
      'Unexpected date `22/11/2026`, expected a calendar day as YYYY-MM-DD',
    );
  });

  it('already done: no edit, whatever the date', () => {
    const text = '## M1\n**Status**: ✅ COMPLETED on 2026-01-05\n\n- [x] a\n';
    const { result } = run({
      text,
      changes: [{ kind: 'set-milestone-status', key: 'm1', status: 'done', date: '2026-11-22' }],
    });
    expect(result).toEqual({ edits: [], problems: [], approximations: [] });
  });
});
