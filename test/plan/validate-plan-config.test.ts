import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { assertPlanConfig, validatePlanConfig } from '../../src/plan/validate-plan-config.js';

const KEYS = 'milestoneLevel, titlePattern, startDate, maxBytes';

describe('validatePlanConfig', () => {
  it('nothing or an empty mapping: an empty config, no problem', () => {
    for (const input of [null, undefined, {}]) {
      expect(validatePlanConfig(input)).toEqual({ config: {}, problems: [] });
    }
  });

  it('reads every key, without adding defaults (front matter overrides key by key)', () => {
    const yaml = 'milestoneLevel: 6\ntitlePattern: "^\\\\p{L}"\nstartDate: 2024-02-29\nmaxBytes: 1';
    expect(validatePlanConfig(parse(yaml))).toEqual({
      config: { milestoneLevel: 6, titlePattern: '^\\p{L}', startDate: '2024-02-29', maxBytes: 1 },
      problems: [],
    });
    expect(validatePlanConfig({ maxBytes: 5 }).config).toEqual({ maxBytes: 5 });
  });

  it('a YAML 1.1 date (a Date object) counts as its day', () => {
    const startDate = new Date('2026-01-05T00:00:00Z');
    expect(validatePlanConfig({ startDate })).toEqual({
      config: { startDate: '2026-01-05' },
      problems: [],
    });
  });

  it.each([
    ['milestoneLevel: 0', 'Unexpected milestoneLevel 0, expected a whole number from 1 to 6'],
    ['milestoneLevel: 7', 'Unexpected milestoneLevel 7, expected a whole number from 1 to 6'],
    ['milestoneLevel: 2.5', 'Unexpected milestoneLevel 2.5, expected a whole number from 1 to 6'],
    ['milestoneLevel: "3"', 'Unexpected milestoneLevel "3", expected a whole number from 1 to 6'],
    ['milestoneLevel:', 'Unexpected milestoneLevel null, expected a whole number from 1 to 6'],
    ['titlePattern: "["', 'Unexpected titlePattern "[", expected a valid regular expression'],
    [
      'titlePattern: "\\\\Z"',
      'Unexpected titlePattern "\\\\Z", expected a valid regular expression',
    ],
    ['titlePattern: 12', 'Unexpected titlePattern 12, expected a valid regular expression'],
    ['startDate: 2025-02-29', 'Unexpected startDate "2025-02-29", expected a date like 2026-01-05'],
    ['startDate: 2026-1-5', 'Unexpected startDate "2026-1-5", expected a date like 2026-01-05'],
    ['startDate: [2026]', 'Unexpected startDate a list, expected a date like 2026-01-05'],
    ['maxBytes: 0', 'Unexpected maxBytes 0, expected a positive whole number'],
    ['maxBytes: 1.5', 'Unexpected maxBytes 1.5, expected a positive whole number'],
    ['maxBytes: .inf', 'Unexpected maxBytes Infinity, expected a positive whole number'],
    ['maxBytes: {a: 1}', 'Unexpected maxBytes a mapping, expected a positive whole number'],
    ['dryRun: true', `Unexpected config key "dryRun", expected one of ${KEYS}`],
    ['MilestoneLevel: 3', `Unexpected config key "MilestoneLevel", expected one of ${KEYS}`],
    ['- 3', 'Unexpected a list for milestone-sync config, expected a mapping'],
    ['"level 3"', 'Unexpected "level 3" for milestone-sync config, expected a mapping'],
  ])('%s → %s', (yaml, problem) => {
    expect(validatePlanConfig(parse(yaml))).toEqual({ config: {}, problems: [problem] });
  });

  it('keeps the valid keys and lists each problem once, in the order of the keys', () => {
    const input = { maxBytes: -1, milestoneLevel: 2, foo: 1, startDate: 'soon', titlePattern: 'a' };
    expect(validatePlanConfig(input)).toEqual({
      config: { milestoneLevel: 2, titlePattern: 'a' },
      problems: [
        'Unexpected maxBytes -1, expected a positive whole number',
        `Unexpected config key "foo", expected one of ${KEYS}`,
        'Unexpected startDate "soon", expected a date like 2026-01-05',
      ],
    });
  });
});

describe('assertPlanConfig', () => {
  it('returns a valid config and throws every problem of an invalid one', () => {
    expect(assertPlanConfig({ milestoneLevel: 2 })).toEqual({ milestoneLevel: 2 });
    expect(() => assertPlanConfig({ milestoneLevel: 0, x: 1 })).toThrow(
      `Invalid milestone-sync config: Unexpected milestoneLevel 0, expected a whole number from 1 to 6; Unexpected config key "x", expected one of ${KEYS}`,
    );
  });
});
