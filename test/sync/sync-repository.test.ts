/**
 * The one "sync a repository" use case (src/sync/sync-repository.ts) on the fake GitHub: settings,
 * `wanted`, plan discovery and the sync, as the app and the CLI both run it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeGitHub } from '@milestone-sync/fake-github';
import type { FakeGitHub } from '@milestone-sync/fake-github';
import { DEFAULT_REPO_SETTINGS } from '../../src/app/repo-settings.js';
import { createOctokit } from '../../src/cli/create-octokit.js';
import { silentLogger } from '../../src/sync/github-client.js';
import { PlanFileMissingError } from '../../src/sync/read-github.js';
import { syncRepository } from '../../src/sync/sync-repository.js';

const REPO = { owner: 'acme', repo: 'plan' };
const PLAN = '# Plan\n\n## M1\n\n- [ ] Write the parser\n';
const fakes: FakeGitHub[] = [];
afterEach(() => fakes.splice(0).forEach((fake) => fake.assertNoViolations()));

function setup(files: Record<string, string>) {
  const fake = createFakeGitHub();
  fakes.push(fake);
  fake.webhooks.enabled = false;
  fake.createRepo({ fullName: 'acme/plan', files });
  const octokit = createOctokit({ token: 't', baseUrl: fake.urls.api, fetch: fake.fetch });
  const run = (
    extra: Pick<
      Parameters<typeof syncRepository>[0],
      'file' | 'wanted' | 'requireOptIn' | 'loaded'
    > = {},
  ) =>
    syncRepository({
      octokit,
      configReader: octokit,
      repo: REPO,
      clock: fake.clock,
      log: silentLogger,
      ...extra,
    });
  return { fake, run };
}

describe('syncRepository', () => {
  it('finds the first default plan file that exists and says which were missing', async () => {
    const { fake, run } = setup({ 'ROADMAP.md': PLAN });
    const result = await run();
    expect(result).toMatchObject({
      status: 'synced',
      path: 'ROADMAP.md',
      source: 'default',
      missing: ['MILESTONES.md'],
    });
    expect([...fake.repo('acme/plan').issues.values()].map((i) => i.title)).toEqual([
      'Write the parser',
      'Plan dashboard: ROADMAP.md',
    ]);
  });

  it('syncs the configured path, and reports no plan when it is missing', async () => {
    const config = 'path: docs/roadmap.md\n';
    const found = setup({ '.github/milestone-sync.yml': config, 'docs/roadmap.md': PLAN });
    expect(await found.run()).toMatchObject({ status: 'synced', source: 'config' });
    const missing = setup({ '.github/milestone-sync.yml': config, 'MILESTONES.md': PLAN });
    expect(await missing.run()).toMatchObject({ status: 'no-plan', tried: ['docs/roadmap.md'] });
  });

  it('a file named by the caller must exist', async () => {
    const { run } = setup({ 'MILESTONES.md': PLAN });
    await expect(run({ file: 'PLAN.md' })).rejects.toBeInstanceOf(PlanFileMissingError);
  });

  it('an invalid config syncs nothing and says why', async () => {
    const { fake, run } = setup({
      '.github/milestone-sync.yml': 'bogus: 1\n',
      'MILESTONES.md': PLAN,
    });
    const result = await run();
    expect(result.status).toBe('invalid-config');
    expect(result.status === 'invalid-config' && result.error).toMatch(/bogus/);
    expect(fake.calls.writes()).toEqual([]);
  });

  it('asks `wanted` after reading the settings, before reading the plan', async () => {
    const { fake, run } = setup({ 'MILESTONES.md': PLAN });
    fake.calls.reset();
    expect(await run({ wanted: () => false })).toMatchObject({ status: 'not-wanted' });
    expect(fake.calls.all().some((c) => c.path.includes('MILESTONES.md'))).toBe(false);
    expect(fake.calls.writes()).toEqual([]);
  });

  it('requireOptIn: a repository without a config file of its own is not synced', async () => {
    const { fake, run } = setup({ 'MILESTONES.md': PLAN });
    fake.calls.reset();
    expect(await run({ requireOptIn: true })).toMatchObject({
      status: 'not-opted-in',
      source: 'none',
    });
    expect(fake.calls.all().some((c) => c.path.includes('MILESTONES.md'))).toBe(false);
    // Without it (the CLI), the same repository syncs.
    expect(await run()).toMatchObject({ status: 'synced' });
  });

  it('requireOptIn: the owner’s file opts in only with onboarding: false', async () => {
    const { fake, run } = setup({ 'MILESTONES.md': PLAN });
    fake.createRepo({
      fullName: 'acme/.github',
      files: { '.github/milestone-sync.yml': 'dryRun: true\n' },
    });
    expect(await run({ requireOptIn: true })).toMatchObject({
      status: 'not-opted-in',
      source: 'owner',
      settings: { dryRun: true },
    });
    fake.human.editFile({
      repo: 'acme/.github',
      path: '.github/milestone-sync.yml',
      content: 'dryRun: true\nonboarding: false\n',
    });
    expect(await run({ requireOptIn: true })).toMatchObject({ status: 'synced' });
  });

  it('settings the caller read already are not read again', async () => {
    const { fake, run } = setup({ 'MILESTONES.md': PLAN });
    fake.calls.reset();
    const result = await run({
      loaded: { settings: DEFAULT_REPO_SETTINGS, source: 'repository' },
      requireOptIn: true,
    });
    expect(result.status).toBe('synced');
    expect(fake.calls.all().some((c) => c.path.endsWith('milestone-sync.yml'))).toBe(false);
  });
});
