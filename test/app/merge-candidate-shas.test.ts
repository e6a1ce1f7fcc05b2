import { describe, expect, it } from 'vitest';
import type { PushLike } from '../../src/app/plans-touched-by-push.js';
import { mergeCandidateShas } from '../../src/app/summarize-merged-pulls.js';

const push = (
  after: string | undefined,
  modified: string[],
  ref = 'refs/heads/main',
): PushLike => ({
  ref,
  ...(after !== undefined ? { after } : {}),
  commits: [{ added: [], modified, removed: [] }],
  repository: { default_branch: 'main' },
});

describe('mergeCandidateShas', () => {
  const cases: { name: string; pushes: PushLike[]; path?: string; shas: string[] }[] = [
    { name: 'a push touching the plan', pushes: [push('a1', ['MILESTONES.md'])], shas: ['a1'] },
    {
      name: 'the config file counts',
      pushes: [push('a2', ['.github/milestone-sync.yml'])],
      shas: ['a2'],
    },
    {
      name: 'a push touching no plan costs no lookup',
      pushes: [push('b1', ['README.md'])],
      shas: [],
    },
    {
      name: 'a configured plan path: the default file is not the plan',
      pushes: [push('c1', ['MILESTONES.md']), push('c2', ['docs/roadmap.md'])],
      path: 'docs/roadmap.md',
      shas: ['c2'],
    },
    {
      name: 'coalesced pushes: each that touched the plan, once',
      pushes: [
        push('d1', ['MILESTONES.md']),
        push('d2', ['README.md']),
        push('d3', ['MILESTONES.md']),
        push('d1', ['MILESTONES.md']),
      ],
      shas: ['d1', 'd3'],
    },
    { name: 'another branch', pushes: [push('e1', ['MILESTONES.md'], 'refs/heads/dev')], shas: [] },
    {
      name: 'no after, or a deleted branch’s zero sha',
      pushes: [push(undefined, ['MILESTONES.md']), push('0'.repeat(40), ['MILESTONES.md'])],
      shas: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(mergeCandidateShas({ pushes: c.pushes, config: { path: c.path ?? null } })).toEqual(
        c.shas,
      );
    });
  }
});
