import { describe, expect, it } from 'vitest';
import { ADVISORY_LOCK_CLASSES } from '../../src/app/advisory-lock-classes.js';

describe('ADVISORY_LOCK_CLASSES', () => {
  it('gives every lock a class of its own, each a PostgreSQL int4', () => {
    const classes = Object.values(ADVISORY_LOCK_CLASSES);
    expect(new Set(classes).size).toBe(classes.length);
    for (const value of classes) {
      expect(Number.isInteger(value)).toBe(true);
      expect(value).toBeLessThanOrEqual(2 ** 31 - 1);
      expect(value).toBeGreaterThanOrEqual(-(2 ** 31));
    }
  });
});
