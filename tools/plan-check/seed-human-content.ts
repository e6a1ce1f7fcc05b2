import type { FakeGitHub } from '@milestone-sync/fake-github';
import type { FakeContext } from '@milestone-sync/fake-github/internal/fake-context.js';
import { ensureUser } from '@milestone-sync/fake-github/internal/fake-state.js';
import { updateIssue } from '@milestone-sync/fake-github/internal/issue-operations.js';
import { createPull } from '@milestone-sync/fake-github/internal/pull-operations.js';
import { createBranch } from '@milestone-sync/fake-github/internal/repo-operations.js';

/** Issue and pull request numbers the seeded content takes: 1…SEEDED_NUMBERS, none left out. */
export const SEEDED_NUMBERS = 15;

/**
 * What people made in a repository before the app was installed: issues with bodies, labels,
 * assignees, comments, a sub-issue, a milestone, closed issues (completed, not planned, duplicate)
 * and two pull requests whose numbers interleave with the issues, so `#1`…`#15` all exist (plans
 * link small numbers, their own and other repositories'). None of it carries the app's marker.
 * Everything is made by people (`fake.human` and the fake's own operations acting as them), not
 * through the REST API, so nothing is counted in `fake.calls`.
 */
export function seedHumanContent(params: { fake: FakeGitHub; repo: string }): void {
  const { fake, repo } = params;
  const alice = fake.human.as('alice');
  const bob = fake.human.as('bob');
  for (const login of ['alice', 'bob', fake.human.login])
    ensureUser({ state: fake.state, login, type: 'User' });
  // Pull requests and assignees have no `fake.human` action; the fake's operations take a context.
  const ctx: FakeContext = {
    state: fake.state,
    clock: fake.clock,
    urls: fake.urls,
    apiActorLogin: fake.apiActorLogin,
    emit: (event) => void fake.webhooks.emit(event),
    hookDeliveries: fake.webhooks,
  };
  const repoState = fake.repo(repo);
  const assign = (number: number, logins: string[]) => {
    const issue = repoState.issues.get(number);
    if (!issue) throw new Error(`seedHumanContent: no issue #${number}`);
    updateIssue({ ctx, repo: repoState, issue, actorLogin: 'alice', patch: { assignees: logins } });
  };
  const openPull = (p: { branch: string; title: string; body: string; login: string }) => {
    const base = repoState.branches.get(repoState.defaultBranch);
    if (!base) throw new Error('seedHumanContent: no default branch');
    createBranch({ ctx, repo: repoState, name: p.branch, sha: base.headSha, senderLogin: p.login });
    fake.human.as(p.login).editFile({
      repo,
      branch: p.branch,
      path: `notes/${p.branch}.txt`,
      content: `${p.title}\n`,
    });
    return createPull({
      ctx,
      repo: repoState,
      actorLogin: p.login,
      title: p.title,
      body: p.body,
      head: p.branch,
      base: repoState.defaultBranch,
    });
  };
  const backlog = alice.createMilestone({
    repo,
    title: 'Community backlog',
    description: 'Things people asked for; triaged monthly.',
  });

  // #1
  fake.human.createIssue({
    repo,
    title: 'Crash when the config file is empty',
    body: 'Steps:\n\n1. `touch config.yml`\n2. start the server\n\nIt exits with a stack trace.',
    labels: ['bug'],
  });
  assign(1, ['alice']);
  // #2
  bob.createIssue({
    repo,
    title: 'Docs: explain the environment variables',
    body: 'The README lists none of them.',
    labels: ['documentation'],
  });
  fake.human.closeIssue({ repo, number: 2, reason: 'completed' });
  // #3 (pull request)
  openPull({
    branch: 'fix-readme-typo',
    title: 'Fix a typo in the README',
    body: 'Closes nothing, just a typo.',
    login: 'bob',
  });
  // #4
  alice.createIssue({
    repo,
    title: 'Support a dark colour scheme',
    body: 'Many people asked for it in discussions.',
    labels: ['enhancement'],
    milestone: backlog.number,
  });
  // #5
  bob.createIssue({
    repo,
    title: 'Question: does it run on Windows?',
    body: 'I could not find it in the docs.',
    labels: ['question'],
  });
  fake.human.closeIssue({ repo, number: 5, reason: 'not_planned' });
  // #6
  fake.human.createIssue({ repo, title: 'Flaky test in CI', body: 'Fails about once a week.' });
  bob.comment({ repo, number: 6, body: 'Seen again on main today.' });
  alice.comment({ repo, number: 6, body: 'Probably the timeout in the watcher test.' });
  // #7
  alice.createIssue({
    repo,
    title: 'Upgrade dependencies',
    body: '- [ ] lockfile\n- [ ] CI image',
  });
  fake.human.closeIssue({ repo, number: 7, reason: 'completed' });
  // #8 (pull request)
  openPull({
    branch: 'add-ci',
    title: 'Add a CI workflow',
    body: 'Runs the tests on every push.',
    login: 'alice',
  });
  // #9
  fake.human.createIssue({
    repo,
    title: 'Improve error messages',
    body: 'Say what was expected, not only what was found.',
    labels: ['enhancement', 'help wanted'],
  });
  assign(9, ['alice', 'bob']);
  // #10
  bob.createIssue({ repo, title: 'Memory leak in the file watcher', body: 'Same as #1?' });
  fake.human.closeIssue({ repo, number: 10, reason: 'duplicate' });
  // #11: no body at all
  alice.createIssue({ repo, title: 'Add a logo' });
  // #12 with sub-issue #13
  fake.human.createIssue({
    repo,
    title: 'Tracking: first stable release',
    body: 'Everything that must happen before 1.0.',
    milestone: backlog.number,
  });
  // #13
  fake.human.createIssue({
    repo,
    title: 'Write the release notes',
    body: 'Draft in a gist first.',
  });
  fake.human.addSubIssue({ repo, parent: 12, child: 13 });
  // #14
  bob.createIssue({
    repo,
    title: 'Translate the documentation',
    body: 'Volunteers welcome.',
    labels: ['good first issue'],
  });
  // #15
  alice.createIssue({
    repo,
    title: 'Performance regression in the parser',
    body: 'Twice as slow as last month.',
    labels: ['bug'],
    milestone: backlog.number,
  });
  fake.human.closeIssue({ repo, number: 15, reason: 'completed' });
  fake.human.comment({ repo, number: 15, body: 'Fixed by reverting the regex change.' });
}
