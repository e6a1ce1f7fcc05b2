import { createFakeGitHub } from '@milestone-sync/fake-github';
import type { FakeGitHub, FakeIssue } from '@milestone-sync/fake-github';
import { syncRepo } from '../../src/sync/sync-repo.js';
import type { SyncReport } from '../../src/sync/sync-repo.js';
import { silentLogger } from '../../src/sync/github-client.js';
import type { SyncConfig } from '../../src/sync/sync-types.js';

export const REPO = { owner: 'acme', repo: 'plan' };
export const FULL_NAME = 'acme/plan';
export const PATH = 'MILESTONES.md';

const created: FakeGitHub[] = [];

/**
 * Fails when any fake made since the last call saw a request, response or webhook that breaks
 * GitHub's published schemas. Call it in `afterEach`.
 */
export function assertFakesClean(): void {
  const fakes = created.splice(0);
  for (const fake of fakes) fake.assertNoViolations();
}

/** A fake GitHub holding `acme/plan` with the plan at MILESTONES.md, and helpers to look at it. */
export function createPlanRepo(text: string): {
  fake: FakeGitHub;
  sync: (options?: { dryRun?: boolean }) => Promise<SyncReport>;
  syncWith: (options: { dryRun?: boolean; config?: Partial<SyncConfig> }) => Promise<SyncReport>;
  fileText: () => string;
  issues: () => FakeIssue[];
  issueByTitle: (title: string) => FakeIssue;
} {
  const fake = createFakeGitHub();
  created.push(fake);
  fake.createRepo({ fullName: FULL_NAME, files: { [PATH]: text } });
  const octokit = fake.octokit();
  const repoState = () => fake.repo(FULL_NAME);
  const fileText = () => {
    const repo = repoState();
    const branch = repo.branches.get(repo.defaultBranch);
    const blob = branch ? repo.commits.get(branch.headSha)?.files.get(PATH) : undefined;
    if (!blob) throw new Error(`${PATH} missing on the fake`);
    return blob.bytes.toString('utf8');
  };
  const issues = () => [...repoState().issues.values()].filter((issue) => !issue.isPullRequest);
  const syncWith = (options: { dryRun?: boolean; config?: Partial<SyncConfig> }) =>
    syncRepo({
      octokit,
      repo: REPO,
      path: PATH,
      log: silentLogger,
      clock: fake.clock,
      dryRun: options.dryRun,
      config: options.config,
    });
  return {
    fake,
    sync: (options = {}) => syncWith(options),
    syncWith,
    fileText,
    issues,
    issueByTitle: (title) => {
      const found = issues().filter((issue) => issue.title === title);
      if (found.length !== 1)
        throw new Error(`expected one issue titled “${title}”, found ${found.length}`);
      return found[0] as FakeIssue;
    },
  };
}

/** Actions of every round of a report. */
export function allActions(report: SyncReport) {
  return report.runs.flatMap((run) => run.planned.actions);
}

export function allResults(report: SyncReport) {
  return report.runs.flatMap((run) => run.results);
}

/**
 * Results that did not go through: failed, or skipped because something they needed failed. A
 * round that ended in a stale file write (409) is re-planned (syncRepo), so its 409 and the
 * actions that waited on it do not count; everything in the last round does.
 */
export function failedResults(report: SyncReport) {
  const last = report.runs.length - 1;
  return report.runs.flatMap((run, round) =>
    run.results.filter((r) => {
      const { outcome, action } = r;
      if (outcome.status !== 'failed' && outcome.status !== 'skipped') return false;
      if (round === last) return true;
      const stale =
        outcome.status === 'failed' && outcome.httpStatus === 409 && action.kind === 'edit-file';
      return !stale && outcome.status !== 'skipped';
    }),
  );
}

/**
 * Everything a person sees of an issue, as the fake stores it: for an issue the plan does not
 * own, this must be byte-identical before and after any number of syncs.
 */
export function issueFacts(issue: FakeIssue) {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    stateReason: issue.stateReason,
    labelIds: [...issue.labelIds],
    milestoneNumber: issue.milestoneNumber,
    assigneeLogins: [...issue.assigneeLogins],
    parentId: issue.parentId,
    subIssueIds: [...issue.subIssueIds],
  };
}
