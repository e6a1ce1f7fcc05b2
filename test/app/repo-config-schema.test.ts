import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlanPath } from '../../src/app/plans-touched-by-push.js';
import { PLAN_PATH_PATTERN } from '../../src/app/repo-config-schema.js';

describe('PLAN_PATH_PATTERN', () => {
  it('accepts exactly the paths isPlanPath accepts (the paths a push is checked against)', () => {
    const part = fc.constantFrom('docs', 'MILESTONES.md', 'ROADMAP.md', 'PLAN.md', 'a.md', 'x', '');
    const path = fc.oneof(
      fc.array(part, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/')),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(path, (candidate) => {
        expect(PLAN_PATH_PATTERN.test(candidate), candidate).toBe(isPlanPath(candidate));
      }),
    );
  });
});
