import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ConfigReader } from '../../src/app/repo-settings.js';
import {
  DEFAULT_REPO_SETTINGS,
  isOptedIn,
  loadRepoSettings,
  parseRepoSettings,
} from '../../src/app/repo-settings.js';

describe('parseRepoSettings', () => {
  it('no file or an empty one: defaults', () => {
    expect(parseRepoSettings(null)).toEqual({ settings: DEFAULT_REPO_SETTINGS, problems: [] });
    expect(parseRepoSettings({})).toEqual({ settings: DEFAULT_REPO_SETTINGS, problems: [] });
  });

  it('defaults: the first default plan file, a real sync, the engine’s limits and label prefixes', () => {
    expect(DEFAULT_REPO_SETTINGS).toEqual({
      path: null,
      dryRun: false,
      dashboard: true,
      onboarding: true,
      sync: { maxCloseShare: 0.5, priorityLabelPrefix: 'priority: ', sectionLabelPrefix: 'plan: ' },
      plan: {},
    });
    expect(parseRepoSettings({ dryRun: true }).settings.sync).toEqual(DEFAULT_REPO_SETTINGS.sync);
  });

  it('reads every key, from YAML as a person writes it', () => {
    const yaml = [
      'path: docs/roadmap.md',
      'dryRun: true',
      'dashboard: false',
      'onboarding: false',
      'maxCloseShare: 0.25',
      'milestoneLevel: 3',
      'titlePattern: "^Milestone"',
      'startDate: 2026-01-05',
      'maxBytes: 1048576',
      'priorityLabelPrefix: "prio/"',
      'sectionLabelPrefix: ""',
    ].join('\n');
    expect(parseRepoSettings(parse(yaml))).toEqual({
      settings: {
        path: 'docs/roadmap.md',
        dryRun: true,
        dashboard: false,
        onboarding: false,
        sync: { maxCloseShare: 0.25, priorityLabelPrefix: 'prio/', sectionLabelPrefix: '' },
        plan: {
          milestoneLevel: 3,
          titlePattern: '^Milestone',
          startDate: '2026-01-05',
          maxBytes: 1048576,
        },
      },
      problems: [],
    });
  });

  it.each([
    {
      yaml: 'path: notes/plan.md',
      problem:
        'Unexpected path "notes/plan.md", expected MILESTONES.md, ROADMAP.md, PLAN.md, a root Markdown file named like a plan (PHASES.md…) or docs/<name>.md',
    },
    { yaml: 'dryRun: "yes"', problem: 'Unexpected dryRun "yes", expected true or false' },
    {
      yaml: 'maxCloseShare: 2',
      problem: 'Unexpected maxCloseShare 2, expected a number from 0 to 1',
    },
    {
      yaml: 'milestoneLevel: 9',
      problem: 'Unexpected milestoneLevel 9, expected a whole number from 1 to 6',
    },
    {
      yaml: 'titlePattern: "(("',
      problem: 'Unexpected titlePattern "((", expected a valid regular expression',
    },
    {
      yaml: 'startDate: next monday',
      problem: 'Unexpected startDate "next monday", expected a date like 2026-01-05',
    },
    {
      yaml: 'priorityLabelPrefix: [a]',
      problem:
        'Unexpected priorityLabelPrefix a list, expected a one-line text of at most 40 characters',
    },
    {
      yaml: 'dryrun: true',
      problem:
        'Unexpected config key "dryrun", expected one of path, dryRun, dashboard, onboarding, maxCloseShare, priorityLabelPrefix, sectionLabelPrefix, milestoneLevel, titlePattern, startDate, maxBytes',
    },
    { yaml: '- a list', problem: 'Unexpected a list, expected a mapping of keys' },
    { yaml: '"dryRun: true"', problem: 'Unexpected "dryRun: true", expected a mapping of keys' },
    { yaml: 'dryRun:', problem: 'Unexpected dryRun null, expected true or false' },
    {
      yaml: 'path: docs/a/b.md',
      problem:
        'Unexpected path "docs/a/b.md", expected MILESTONES.md, ROADMAP.md, PLAN.md, a root Markdown file named like a plan (PHASES.md…) or docs/<name>.md',
    },
    {
      yaml: 'maxCloseShare: -0.1',
      problem: 'Unexpected maxCloseShare -0.1, expected a number from 0 to 1',
    },
    {
      yaml: `sectionLabelPrefix: ${'x'.repeat(41)}`,
      problem: `Unexpected sectionLabelPrefix "${'x'.repeat(41)}", expected a one-line text of at most 40 characters`,
    },
    {
      yaml: 'sectionLabelPrefix: "a\\nb"',
      problem:
        'Unexpected sectionLabelPrefix "a\\nb", expected a one-line text of at most 40 characters',
    },
    {
      yaml: 'maxBytes: 0',
      problem: 'Unexpected maxBytes 0, expected a positive whole number',
    },
    {
      yaml: '_extends: .github',
      problem:
        'Unexpected config key "_extends", expected one of path, dryRun, dashboard, onboarding, maxCloseShare, priorityLabelPrefix, sectionLabelPrefix, milestoneLevel, titlePattern, startDate, maxBytes',
    },
  ])('$yaml → one problem', ({ yaml, problem }) => {
    expect(parseRepoSettings(parse(yaml)).problems).toEqual([problem]);
  });

  it('keeps the valid keys next to invalid ones, and lists every problem', () => {
    const { settings, problems } = parseRepoSettings({ dryRun: true, path: 'x', foo: 1 });
    expect(settings.dryRun).toBe(true);
    expect(settings.path).toBeNull();
    expect(problems).toHaveLength(2);
  });

  it('lists the problems in the order of the keys, plan keys included', () => {
    const { settings, problems } = parseRepoSettings({
      milestoneLevel: 0,
      dryRun: 'no',
      titlePattern: '^M',
      maxCloseShare: 0.1,
    });
    expect(problems).toEqual([
      'Unexpected milestoneLevel 0, expected a whole number from 1 to 6',
      'Unexpected dryRun "no", expected true or false',
    ]);
    expect(settings.plan).toEqual({ titlePattern: '^M' });
    expect(settings.sync.maxCloseShare).toBe(0.1);
  });
});

describe('loadRepoSettings', () => {
  const repo = { owner: 'acme', repo: 'plan' };
  const reader = (
    result: Awaited<ReturnType<ConfigReader['config']['get']>> | Error,
  ): ConfigReader => ({
    config: {
      get: async () => {
        if (result instanceof Error) throw result;
        return result;
      },
    },
  });
  const file = (params: { repo: string; config: unknown }) => ({
    owner: 'acme',
    repo: params.repo,
    path: '.github/milestone-sync.yml',
    config: params.config,
  });

  it('no file anywhere: defaults', async () => {
    const octokit = reader({
      config: {},
      files: [file({ repo: 'plan', config: null }), file({ repo: '.github', config: null })],
    });
    expect(await loadRepoSettings({ octokit, repo })).toEqual({
      settings: DEFAULT_REPO_SETTINGS,
      source: 'none',
    });
  });

  it('says where the settings came from: the repository’s own file, else the owner’s', async () => {
    const own = reader({
      config: { dryRun: true },
      files: [file({ repo: 'plan', config: { dryRun: true } })],
    });
    expect(await loadRepoSettings({ octokit: own, repo })).toMatchObject({
      settings: { dryRun: true },
      source: 'repository',
    });
    // An empty file is a file: the config plugin reads it as {}.
    const empty = reader({ config: {}, files: [file({ repo: 'plan', config: {} })] });
    expect(await loadRepoSettings({ octokit: empty, repo })).toMatchObject({
      source: 'repository',
    });
    const owner = reader({
      config: { onboarding: false },
      files: [file({ repo: 'plan', config: null }), file({ repo: '.github', config: {} })],
    });
    expect(await loadRepoSettings({ octokit: owner, repo })).toMatchObject({
      settings: { onboarding: false },
      source: 'owner',
    });
  });

  it('an invalid file: an error naming the file and the key', async () => {
    const octokit = reader({
      config: { maxCloseShare: 5 },
      files: [file({ repo: 'plan', config: { maxCloseShare: 5 } })],
    });
    expect(await loadRepoSettings({ octokit, repo })).toEqual({
      error:
        'Invalid acme/plan:.github/milestone-sync.yml: Unexpected maxCloseShare 5, expected a number from 0 to 1',
    });
  });

  it('the owner’s .github repository counts when the repository has no file', async () => {
    const octokit = reader({
      config: { path: 'nope.md' },
      files: [file({ repo: 'plan', config: null }), file({ repo: '.github', config: { x: 1 } })],
    });
    const result = await loadRepoSettings({ octokit, repo });
    expect(result).toEqual({ error: expect.stringContaining('Invalid acme/.github:') });
  });

  it('a file that is not YAML: the plugin’s reason, without its prefix', async () => {
    const octokit = reader(
      new Error(
        '[@probot/octokit-plugin-config] Configuration could not be parsed from https://api.github.com/repos/acme/plan/contents/.github%2Fmilestone-sync.yml (invalid YAML)',
      ),
    );
    expect(await loadRepoSettings({ octokit, repo })).toEqual({
      error:
        '.github/milestone-sync.yml of acme/plan could not be read: Configuration could not be parsed from https://api.github.com/repos/acme/plan/contents/.github%2Fmilestone-sync.yml (invalid YAML)',
    });
  });

  it('invalid YAML: the parser’s reason and line, which the plugin keeps as the cause', async () => {
    let cause: unknown;
    try {
      parse('dryRun: false\npath: MILESTONES.md: main\n');
    } catch (error) {
      cause = error;
    }
    const octokit = reader(
      new Error(
        '[@probot/octokit-plugin-config] Configuration could not be parsed from https://api.github.com/repos/acme/plan/contents/.github%2Fmilestone-sync.yml (invalid YAML)',
        { cause },
      ),
    );
    expect(await loadRepoSettings({ octokit, repo })).toEqual({
      error:
        '.github/milestone-sync.yml of acme/plan could not be read: Configuration could not be parsed from https://api.github.com/repos/acme/plan/contents/.github%2Fmilestone-sync.yml (invalid YAML): Nested mappings are not allowed in compact mappings at line 2, column 7',
    });
  });

  it('GitHub failing is not a config problem: it is thrown', async () => {
    const octokit = reader(Object.assign(new Error('Server Error'), { status: 502 }));
    await expect(loadRepoSettings({ octokit, repo })).rejects.toThrow('Server Error');
  });
});

describe('isOptedIn', () => {
  const settings = (onboarding: boolean) => ({ ...DEFAULT_REPO_SETTINGS, onboarding });
  it.each([
    { source: 'repository', onboarding: true, want: true },
    { source: 'repository', onboarding: false, want: true },
    { source: 'owner', onboarding: true, want: false },
    { source: 'owner', onboarding: false, want: true },
    { source: 'none', onboarding: true, want: false },
  ] as const)('$source file, onboarding $onboarding → $want', ({ source, onboarding, want }) => {
    expect(isOptedIn({ settings: settings(onboarding), source })).toBe(want);
  });
});
