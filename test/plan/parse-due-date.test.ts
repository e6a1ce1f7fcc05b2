import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findRelativeDateInTitle, parseDueDate } from '../../src/plan/parse-due-date.js';

describe('parseDueDate: absolute dates', () => {
  it.each([
    ['2026-03-31', '2026-03-31'],
    ['2026/03/31', '2026-03-31'],
    ['2026.03.31', '2026-03-31'],
    ['2026-3-5', '2026-03-05'],
    ['31.03.2026', '2026-03-31'],
    ['03/31/2026', '2026-03-31'],
    ['03/04/2026', '2026-03-04'],
    ['31/03/2026', '2026-03-31'],
    ['13/01/2026', '2026-01-13'],
    ['March 31, 2026', '2026-03-31'],
    ['march 31 2026', '2026-03-31'],
    ['31 March 2026', '2026-03-31'],
    ['31st of March, 2026', '2026-03-31'],
    ['31-Mar-2026', '2026-03-31'],
    ['Mar 31 2026', '2026-03-31'],
    ['Mar 31, 2026', '2026-03-31'],
    ['Mar. 1st, 2026', '2026-03-01'],
    ['Sept 30, 2026', '2026-09-30'],
    ['2026-03', '2026-03-31'],
    ['2026-02', '2026-02-28'],
    ['2028-02', '2028-02-29'],
    ['02/2026', '2026-02-28'],
    ['March 2026', '2026-03-31'],
    ['Feb 2024', '2024-02-29'],
    ['Q1 2026', '2026-03-31'],
    ['Q2 2026', '2026-06-30'],
    ['2026 Q3', '2026-09-30'],
    ['2026-Q4', '2026-12-31'],
    ["Q1 '26", '2026-03-31'],
    ['q4 26', '2026-12-31'],
    ['H1 2026', '2026-06-30'],
    ['H2 2026', '2026-12-31'],
    ['2026 H1', '2026-06-30'],
    ['2026', '2026-12-31'],
    ['End of March 2026', '2026-03-31'],
    ['end of Q2 2026', '2026-06-30'],
    ['by 2026-03-31', '2026-03-31'],
    ['Due: March 31, 2026', '2026-03-31'],
    ['2026-03-31 (tentative)', '2026-03-31'],
    ['March 31, 2026 — stretch goal', '2026-03-31'],
    ['**2026-03-31**', '2026-03-31'],
    ['`2026-03-31`', '2026-03-31'],
    ['(2026-03-31)', '2026-03-31'],
    ['📅 2026-03-31', '2026-03-31'],
    ['~Q2 2026', '2026-06-30'],
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
  ])('%j → %s', (text, date) => {
    expect(parseDueDate({ text })).toEqual({ kind: 'absolute', date });
    // A start date changes nothing for absolute dates.
    expect(parseDueDate({ text, startDate: '2020-01-01' })).toEqual({ kind: 'absolute', date });
  });
});

describe('parseDueDate: relative dates', () => {
  it.each([
    ['Day 1', '2026-01-05'],
    ['Day 2', '2026-01-06'],
    ['day 10', '2026-01-14'],
    ['Days 3-5', '2026-01-09'],
    ['Days 3–5', '2026-01-09'],
    ['Week 1', '2026-01-11'],
    ['Week 2', '2026-01-18'],
    ['Weeks 2-3', '2026-01-25'],
    ['Weeks 2 – 3', '2026-01-25'],
    ['Week 1-2', '2026-01-18'],
    ['Week 1 to Week 2', '2026-01-18'],
    ['(Week 1-2)', '2026-01-18'],
    ['**Week 4**', '2026-02-01'],
    ['End of Week 2', '2026-01-18'],
    ['Week 3 (stretch)', '2026-01-25'],
    ['Month 1', '2026-02-04'],
    ['Month 12', '2027-01-04'],
    ['Months 2-3', '2026-04-04'],
  ])('%j from Monday 2026-01-05 → %s', (text, date) => {
    expect(parseDueDate({ text, startDate: '2026-01-05' })).toEqual({ kind: 'relative', date });
    expect(parseDueDate({ text })).toEqual({ kind: 'relative', date: null });
  });

  it.each([
    ['Month 1', '2026-01-31', '2026-02-28'],
    ['Month 1', '2024-01-31', '2024-02-29'],
    ['Month 2', '2026-01-31', '2026-03-30'],
    ['Month 1', '2026-12-15', '2027-01-14'],
    ['Week 1', '2026-12-28', '2027-01-03'],
    ['Day 60', '2028-01-01', '2028-02-29'],
  ])('%j from %s → %s', (text, startDate, date) => {
    expect(parseDueDate({ text, startDate })).toEqual({ kind: 'relative', date });
  });

  it('an invalid start date resolves nothing', () => {
    expect(parseDueDate({ text: 'Week 2', startDate: '2026-02-30' })).toEqual({
      kind: 'relative',
      date: null,
    });
    expect(parseDueDate({ text: 'Week 2', startDate: 'soon' })).toEqual({
      kind: 'relative',
      date: null,
    });
  });
});

describe('parseDueDate: no date', () => {
  it.each([
    [''],
    ['   '],
    ['TBD'],
    ['tbd (after M2)'],
    ['TBA'],
    ['N/A'],
    ['n/a'],
    ['None'],
    ['-'],
    ['—'],
    ['–'],
    ['?'],
    ['ongoing'],
    ['Ongoing'],
    ['**TBD**'],
    ['Sprint 3'],
    ['Sprints 2-3'],
  ])('%j → none', (text) => {
    expect(parseDueDate({ text, startDate: '2026-01-05' })).toEqual({ kind: 'none' });
  });
});

describe('parseDueDate: invalid', () => {
  it.each([
    ['soonish', 'Unexpected due date `soonish`, expected a date like 2026-03-31 or `Week 2`'],
    [
      '[Current Date]',
      'Unexpected due date `[Current Date]`, expected a date like 2026-03-31 or `Week 2`',
    ],
    ['Q1', 'Unexpected due date `Q1`, expected a date like 2026-03-31 or `Week 2`'],
    ['Phase 2', 'Unexpected due date `Phase 2`, expected a date like 2026-03-31 or `Week 2`'],
    [
      '2026-03-31T10:00',
      'Unexpected due date `2026-03-31T10:00`, expected a date like 2026-03-31 or `Week 2`',
    ],
    ['2026-02-30', 'Unexpected due date `2026-02-30`, February 2026 has days 1 to 28'],
    ['2026-04-31', 'Unexpected due date `2026-04-31`, April 2026 has days 1 to 30'],
    [
      'February 29, 2027',
      'Unexpected due date `February 29, 2027`, February 2027 has days 1 to 28',
    ],
    ['2026-13-01', 'Unexpected due date `2026-13-01`, expected a month from 1 to 12'],
    ['13/13/2026', 'Unexpected due date `13/13/2026`, expected a month from 1 to 12'],
    ['2026-00', 'Unexpected due date `2026-00`, expected a month from 1 to 12'],
    ['Week 0', 'Unexpected due date `Week 0`, expected weeks counted from 1, like `Week 2`'],
    ['Weeks 3-2', 'Unexpected due date `Weeks 3-2`, expected weeks counted from 1, like `Week 2`'],
    ['Day 0', 'Unexpected due date `Day 0`, expected days counted from 1, like `Day 2`'],
    [
      'a `very` long text that goes on and on and on',
      "Unexpected due date `a 'very' long text that goes on and on…`, expected a date like 2026-03-31 or `Week 2`",
    ],
  ])('%j → invalid', (text, reason) => {
    expect(parseDueDate({ text, startDate: '2026-01-05' })).toEqual({ kind: 'invalid', reason });
  });
});

describe('parseDueDate: properties', () => {
  const MONTHS = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const FORMATS: readonly ((y: number, m: number, d: number) => string)[] = [
    (y, m, d) => `${y}-${pad(m)}-${pad(d)}`,
    (y, m, d) => `${y}/${pad(m)}/${pad(d)}`,
    (y, m, d) => `${pad(d)}.${pad(m)}.${y}`,
    (y, m, d) => `${pad(m)}/${pad(d)}/${y}`,
    (y, m, d) => `${MONTHS[m - 1]} ${d}, ${y}`,
    (y, m, d) => `${d} ${MONTHS[m - 1]} ${y}`,
    (y, m, d) => `${MONTHS[m - 1]?.slice(0, 3)} ${d} ${y}`,
    (y, m, d) => `${y}-${pad(m)}-${pad(d)} (tentative)`,
  ];

  it('parses a formatted random valid date back to itself', () => {
    const day = fc
      .date({
        min: new Date('1900-01-01T00:00:00Z'),
        max: new Date('2199-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()] as const);
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: FORMATS.length - 1 }), ([y, m, d], f) => {
        const text = FORMATS[f]!(y, m, d);
        expect(parseDueDate({ text })).toEqual({
          kind: 'absolute',
          date: `${y}-${pad(m)}-${pad(d)}`,
        });
      }),
      { numRuns: 500 },
    );
  });

  it('resolves Week N to start + 7N − 1 days', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 520 }),
        (start, n) => {
          const startDate = start.toISOString().slice(0, 10);
          const end = new Date(Date.parse(startDate) + (7 * n - 1) * 86_400_000);
          expect(parseDueDate({ text: `Week ${n}`, startDate })).toEqual({
            kind: 'relative',
            date: end.toISOString().slice(0, 10),
          });
        },
      ),
    );
  });

  it('never throws and always returns a known kind', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.option(fc.string()), (text, startDate) => {
        const result = parseDueDate({ text, ...(startDate === null ? {} : { startDate }) });
        expect(['absolute', 'relative', 'none', 'invalid']).toContain(result.kind);
        if (result.kind === 'absolute') expect(result.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.stringMatching(/^(Week|Day|Month|Q|H)?\s?\d{0,6}([-/. ]\d{0,4}){0,2}$/),
        (text) => {
          expect(['absolute', 'relative', 'none', 'invalid']).toContain(
            parseDueDate({ text, startDate: '2026-01-05' }).kind,
          );
        },
      ),
    );
  });
});

describe('findRelativeDateInTitle', () => {
  it.each<[string, string | null]>([
    ['M1.1: Core Infrastructure (Week 1)', 'Week 1'],
    ['Phase 1: Core Service Foundation (Week 1)', 'Week 1'],
    ['Phase 2: Backend (Weeks 2-3)', 'Weeks 2-3'],
    ['Sprint plan (Week 1-2)', 'Week 1-2'],
    ['Checkpoint 1 (Day 3)', 'Day 3'],
    ['Checkpoint 2 - Days 4-5', 'Days 4-5'],
    ['Hardening: Week 6', 'Week 6'],
    ['Launch Week 8', 'Week 8'],
    ['Phase 3 (Weeks 4–6)', 'Weeks 4–6'],
    ['Stabilisation (Month 2) ', 'Month 2'],
    ['**Milestone 1 (Week 1)**', 'Week 1'],
    ['M1.1: Core Infrastructure', null],
    ['Week 1: Setup', null],
    ['Phase 1 (Week 1', null],
    ['Retrospective of Weekend 2', null],
    ['Phase 1 (Week 1, 5 days)', null],
    ['Sprint 3', null],
  ])('%j → %j', (title, expected) => {
    expect(findRelativeDateInTitle(title)).toBe(expected);
  });

  it('returns text that parseDueDate reads as relative', () => {
    const found = findRelativeDateInTitle('Phase 2: Backend (Weeks 2-3)');
    expect(found).toBe('Weeks 2-3');
    expect(parseDueDate({ text: found ?? '', startDate: '2026-01-05' })).toEqual({
      kind: 'relative',
      date: '2026-01-25',
    });
  });

  it('property: never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (title) => {
        const found = findRelativeDateInTitle(title);
        if (found !== null) expect(parseDueDate({ text: found }).kind).toBe('relative');
      }),
    );
  });
});
