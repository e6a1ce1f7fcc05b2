import { describe, expect, it } from 'vitest';
import type { PushLike } from '../../src/app/plans-touched-by-push.js';
import {
  CONFIG_FILE,
  isOwnPush,
  isPlanPath,
  MAX_TRUSTED_COMMITS,
  plansTouchedByPush,
  pushMayTouchPlan,
} from '../../src/app/plans-touched-by-push.js';

const BOT = 'milestone-sync[bot]';

function push(params: {
  ref?: string;
  commits?: { added?: string[]; modified?: string[]; removed?: string[] }[];
  forced?: boolean;
  deleted?: boolean;
}): PushLike {
  return {
    ref: params.ref ?? 'refs/heads/main',
    forced: params.forced ?? false,
    deleted: params.deleted ?? false,
    commits: (params.commits ?? []).map((c) => ({
      added: c.added ?? [],
      modified: c.modified ?? [],
      removed: c.removed ?? [],
    })),
    repository: { default_branch: 'main' },
  };
}

const DEFAULTS = { path: null };
const CONFIGURED = { path: 'docs/roadmap.md' };

describe('plansTouchedByPush', () => {
  it.each([
    {
      name: 'a modified MILESTONES.md',
      payload: push({ commits: [{ modified: ['MILESTONES.md'] }] }),
      config: DEFAULTS,
      want: ['MILESTONES.md'],
    },
    {
      name: 'README.md only',
      payload: push({ commits: [{ modified: ['README.md'] }] }),
      config: DEFAULTS,
      want: [],
    },
    {
      name: 'an added ROADMAP.md and a removed PLAN.md, over two commits',
      payload: push({ commits: [{ added: ['ROADMAP.md'] }, { removed: ['PLAN.md'] }] }),
      config: DEFAULTS,
      want: ['ROADMAP.md', 'PLAN.md'],
    },
    {
      name: 'the same file in several commits, once',
      payload: push({
        commits: [{ modified: ['MILESTONES.md'] }, { modified: ['MILESTONES.md', 'src/a.ts'] }],
      }),
      config: DEFAULTS,
      want: ['MILESTONES.md'],
    },
    {
      name: 'a plan file in a subfolder is not the root one',
      payload: push({ commits: [{ modified: ['sub/MILESTONES.md'] }] }),
      config: DEFAULTS,
      want: [],
    },
    {
      name: 'docs/*.md is a plan only when configured',
      payload: push({ commits: [{ modified: ['docs/roadmap.md'] }] }),
      config: DEFAULTS,
      want: [],
    },
    {
      name: 'the configured docs/roadmap.md',
      payload: push({ commits: [{ modified: ['docs/roadmap.md'] }] }),
      config: CONFIGURED,
      want: ['docs/roadmap.md'],
    },
    {
      name: 'with a configured path, MILESTONES.md is not the plan',
      payload: push({ commits: [{ modified: ['MILESTONES.md'] }] }),
      config: CONFIGURED,
      want: [],
    },
    {
      name: 'the config file (the plan may have moved)',
      payload: push({ commits: [{ modified: [CONFIG_FILE] }] }),
      config: CONFIGURED,
      want: [CONFIG_FILE],
    },
    {
      name: 'another branch',
      payload: push({ ref: 'refs/heads/feature', commits: [{ modified: ['MILESTONES.md'] }] }),
      config: DEFAULTS,
      want: [],
    },
    {
      name: 'a tag',
      payload: push({ ref: 'refs/tags/main', commits: [{ modified: ['MILESTONES.md'] }] }),
      config: DEFAULTS,
      want: [],
    },
    {
      name: 'the default branch deleted',
      payload: push({ deleted: true }),
      config: DEFAULTS,
      want: [],
    },
    {
      name: 'a push with no commits (a branch pointed at an existing commit)',
      payload: push({ commits: [] }),
      config: DEFAULTS,
      want: [],
    },
    {
      name: 'a forced push may have changed anything',
      payload: push({ forced: true, commits: [] }),
      config: DEFAULTS,
      want: ['MILESTONES.md', 'ROADMAP.md', 'PLAN.md', CONFIG_FILE],
    },
    {
      name: 'a forced push, configured',
      payload: push({ forced: true, commits: [{ modified: ['README.md'] }] }),
      config: CONFIGURED,
      want: ['docs/roadmap.md', CONFIG_FILE],
    },
    {
      name: `${MAX_TRUSTED_COMMITS} commits may not be all of them`,
      payload: push({
        commits: Array.from({ length: MAX_TRUSTED_COMMITS }, () => ({ modified: ['README.md'] })),
      }),
      config: CONFIGURED,
      want: ['docs/roadmap.md', CONFIG_FILE],
    },
  ])('$name → $want', ({ payload, config, want }) => {
    expect(plansTouchedByPush({ payload, config })).toEqual(want);
  });

  it('commits without file lists (GitHub Actions payloads) may have changed anything', () => {
    const payload: PushLike = {
      ref: 'refs/heads/main',
      commits: [{}],
      repository: { default_branch: 'main' },
    };
    expect(plansTouchedByPush({ payload, config: DEFAULTS })).toHaveLength(4);
  });
});

describe('pushMayTouchPlan (before the config is read)', () => {
  it.each([
    { paths: ['README.md'], want: false },
    { paths: ['src/index.ts', 'docs/img/diagram.md'], want: false },
    { paths: ['docs/readme.txt'], want: false },
    { paths: ['MILESTONES.md'], want: true },
    { paths: ['PLAN.md'], want: true },
    { paths: ['docs/q3-roadmap.md'], want: true },
    { paths: [CONFIG_FILE], want: true },
    { paths: ['.github/milestone-sync.yaml'], want: false },
  ])('$paths → $want', ({ paths, want }) => {
    expect(pushMayTouchPlan(push({ commits: [{ modified: paths }] }))).toBe(want);
  });

  it('another branch never does', () => {
    expect(
      pushMayTouchPlan(push({ ref: 'refs/heads/dev', commits: [{ modified: ['MILESTONES.md'] }] })),
    ).toBe(false);
  });

  it('a forced push may', () => {
    expect(pushMayTouchPlan(push({ forced: true, commits: [] }))).toBe(true);
  });
});

describe('isPlanPath', () => {
  it.each([
    ['MILESTONES.md', true],
    ['ROADMAP.md', true],
    ['PLAN.md', true],
    ['docs/plan.md', true],
    ['docs/sub/plan.md', false],
    ['milestones.md', true],
    ['PHASES.md', true],
    ['CHECKPOINTS.md', true],
    ['sprint-plan.md', true],
    ['docs/guide.md', true],
    ['README.md', false],
    ['CHANGELOG.md', false],
    ['src/PLAN.md', false],
    ['docs/plan.txt', false],
  ])('%s → %s', (path, want) => {
    expect(isPlanPath(path)).toBe(want);
  });
});

describe('isOwnPush', () => {
  const commit = (username: string) => ({
    added: [],
    modified: ['MILESTONES.md'],
    removed: [],
    author: { username },
    committer: { username },
  });
  const payload = (params: { sender: string; authors: string[] }): PushLike => ({
    ref: 'refs/heads/main',
    commits: params.authors.map(commit),
    repository: { default_branch: 'main' },
    sender: { login: params.sender, type: params.sender.endsWith('[bot]') ? 'Bot' : 'User' },
  });

  it.each([
    { name: 'the bot sent its own commit', sender: BOT, authors: [BOT], bot: BOT, want: true },
    { name: 'a person pushed', sender: 'octocat', authors: ['octocat'], bot: BOT, want: false },
    {
      name: 'a person pushed a commit the bot made on a branch (merged)',
      sender: 'octocat',
      authors: [BOT],
      bot: BOT,
      want: false,
    },
    {
      name: 'the bot pushed with a person’s commit in it',
      sender: BOT,
      authors: [BOT, 'octocat'],
      bot: BOT,
      want: false,
    },
    {
      name: 'another app’s bot',
      sender: 'dependabot[bot]',
      authors: ['dependabot[bot]'],
      bot: BOT,
      want: false,
    },
    { name: 'bot login unknown', sender: BOT, authors: [BOT], bot: null, want: false },
    { name: 'no commits', sender: BOT, authors: [], bot: BOT, want: false },
  ])('$name → $want', ({ sender, authors, bot, want }) => {
    expect(isOwnPush({ payload: payload({ sender, authors }), botLogin: bot })).toBe(want);
  });
});
