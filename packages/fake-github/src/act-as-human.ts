import { commitToBranch } from './content-operations.js';
import type { FakeContext } from './fake-context.js';
import { createComment } from './comment-operations.js';
import { rerequestCheckRun } from './check-run-operations.js';
import type {
  FakeCheckRun,
  FakeCommit,
  FakeComment,
  FakeIssue,
  FakeMilestone,
  FakePull,
  FakeRepo,
} from './fake-state.js';
import { createFork } from './fork-operations.js';
import { createPull, updatePull } from './pull-operations.js';
import { renderPullRequest } from './render-pull-request.js';
import { repoKey } from './fake-state.js';
import { addLabels, createIssue, removeLabel, updateIssue } from './issue-operations.js';
import type { MilestonePatch } from './milestone-operations.js';
import { createMilestone, updateMilestone } from './milestone-operations.js';
import { addSubIssue } from './sub-issue-operations.js';
import type { MergeMethod } from './merge-pull.js';
import { mergePull } from './merge-pull.js';

/** Resolves `owner/name` to a fake repository or throws. */
export function findRepo(params: { ctx: FakeContext; fullName: string }): FakeRepo {
  const [owner = '', name = ''] = params.fullName.split('/');
  const repo = params.ctx.state.repos.get(repoKey({ owner, repo: name }));
  if (!repo) throw new Error(`fake-github: no repository ${params.fullName}`);
  return repo;
}

function findIssue(params: { repo: FakeRepo; number: number }): FakeIssue {
  const issue = params.repo.issues.get(params.number);
  if (!issue)
    throw new Error(
      `fake-github: no issue #${params.number} in ${params.repo.ownerLogin}/${params.repo.name}`,
    );
  return issue;
}

function findPull(params: { repo: FakeRepo; number: number }): FakePull {
  const pull = params.repo.pulls.get(params.number);
  if (!pull) throw new Error(`fake-github: no pull request #${params.number}`);
  return pull;
}

function findMilestone(params: { repo: FakeRepo; number: number }): FakeMilestone {
  const milestone = params.repo.milestones.get(params.number);
  if (!milestone) throw new Error(`fake-github: no milestone ${params.number}`);
  return milestone;
}

/**
 * What a person does in the GitHub UI, applied straight to the fake's state
 * (no HTTP, not counted in `calls`, no rate limit) with the same webhooks a
 * real change would emit. Human commits bypass branch protection (an admin).
 */
export interface HumanActions {
  readonly login: string;
  /** The same actions performed by another user. */
  as(login: string): HumanActions;
  createIssue(params: {
    repo: string;
    title: string;
    body?: string;
    labels?: string[];
    milestone?: number | null;
  }): FakeIssue;
  /** Rename and/or rewrite the body → `issues.edited` with `changes`. */
  editIssue(params: {
    repo: string;
    number: number;
    title?: string;
    body?: string | null;
  }): FakeIssue;
  closeIssue(params: {
    repo: string;
    number: number;
    reason?: 'completed' | 'not_planned' | 'duplicate';
  }): FakeIssue;
  reopenIssue(params: { repo: string; number: number }): FakeIssue;
  addLabel(params: { repo: string; number: number; label: string }): FakeIssue;
  removeLabel(params: { repo: string; number: number; label: string }): FakeIssue;
  setMilestone(params: { repo: string; number: number; milestone: number | null }): FakeIssue;
  createMilestone(params: {
    repo: string;
    title: string;
    description?: string;
    dueOn?: string | null;
  }): FakeMilestone;
  editMilestone(params: { repo: string; number: number; patch: MilestonePatch }): FakeMilestone;
  closeMilestone(params: { repo: string; number: number }): FakeMilestone;
  addSubIssue(params: { repo: string; parent: number; child: number }): FakeIssue;
  /** A comment on an issue or pull request → `issue_comment.created`. */
  comment(params: { repo: string; number: number; body: string }): FakeComment;
  /** Commit a file change (`push` event) on `branch` (default branch by default). */
  editFile(params: {
    repo: string;
    path: string;
    content: string | Buffer;
    branch?: string;
    message?: string;
  }): FakeCommit;
  deleteFile(params: { repo: string; path: string; branch?: string; message?: string }): FakeCommit;
  /** The merge button (merge-pull.ts): `push` to the base, `pull_request.closed` merged. */
  mergePull(params: { repo: string; number: number; method?: MergeMethod }): FakeCommit;
  /** Close a pull request without merging → `pull_request.closed` (merged: false). */
  closePull(params: { repo: string; number: number }): FakePull;
  /** Forks `repo` into this user's account (default branch only); emits nothing. */
  fork(params: { repo: string; name?: string }): FakeRepo;
  /**
   * Opens a pull request into `repo` → `pull_request.opened`. `head`: a branch of `repo`, or
   * `owner:branch` of a fork of it.
   */
  openPullRequest(params: {
    repo: string;
    head: string;
    base?: string;
    title?: string;
    body?: string;
  }): FakePull;
  closePullRequest(params: { repo: string; number: number }): FakePull;
  reopenPullRequest(params: { repo: string; number: number }): FakePull;
  /** “Re-run” in the Checks tab → `check_run.rerequested`. */
  rerequestCheckRun(params: { repo: string; checkRunId: number }): FakeCheckRun;
}

export function createHumanActions(params: {
  ctx: () => FakeContext;
  login: string;
}): HumanActions {
  const { login } = params;
  const repoOf = (fullName: string): FakeRepo => findRepo({ ctx: params.ctx(), fullName });
  const patchIssue = (
    p: { repo: string; number: number },
    patch: Parameters<typeof updateIssue>[0]['patch'],
  ) => {
    const repo = repoOf(p.repo);
    return updateIssue({
      ctx: params.ctx(),
      repo,
      issue: findIssue({ repo, number: p.number }),
      actorLogin: login,
      patch,
    });
  };
  const setPullState = (p: { repo: string; number: number }, state: 'open' | 'closed') => {
    const ctx = params.ctx();
    const repo = repoOf(p.repo);
    const pull = repo.pulls.get(p.number);
    if (!pull) throw new Error(`fake-github: no pull request #${p.number} in ${p.repo}`);
    // The issue side changes; pull requests emit `pull_request`, not `issues`, events.
    updateIssue({
      ctx,
      repo,
      issue: findIssue({ repo, number: p.number }),
      actorLogin: login,
      patch: { state },
    });
    ctx.emit({
      name: 'pull_request',
      repo,
      senderLogin: login,
      payload: {
        action: state === 'open' ? 'reopened' : 'closed',
        number: pull.number,
        pull_request: renderPullRequest({ ctx, repo, pull }),
      },
    });
    return pull;
  };
  return {
    login,
    as: (other) => createHumanActions({ ctx: params.ctx, login: other }),
    createIssue: (p) => {
      const repo = repoOf(p.repo);
      const issue = createIssue({
        ctx: params.ctx(),
        repo,
        actorLogin: login,
        title: p.title,
        body: p.body ?? null,
      });
      if ((p.labels?.length ?? 0) > 0 || p.milestone != null) {
        updateIssue({
          ctx: params.ctx(),
          repo,
          issue,
          actorLogin: login,
          patch: { labels: p.labels, milestone: p.milestone },
        });
      }
      return issue;
    },
    editIssue: (p) => patchIssue(p, { title: p.title, body: p.body }),
    closeIssue: (p) => patchIssue(p, { state: 'closed', state_reason: p.reason ?? 'completed' }),
    reopenIssue: (p) => patchIssue(p, { state: 'open' }),
    addLabel: (p) => {
      const repo = repoOf(p.repo);
      const issue = findIssue({ repo, number: p.number });
      addLabels({ ctx: params.ctx(), repo, issue, actorLogin: login, names: [p.label] });
      return issue;
    },
    removeLabel: (p) => {
      const repo = repoOf(p.repo);
      const issue = findIssue({ repo, number: p.number });
      removeLabel({ ctx: params.ctx(), repo, issue, actorLogin: login, name: p.label });
      return issue;
    },
    setMilestone: (p) => patchIssue(p, { milestone: p.milestone }),
    createMilestone: (p) =>
      createMilestone({
        ctx: params.ctx(),
        repo: repoOf(p.repo),
        actorLogin: login,
        title: p.title,
        description: p.description ?? null,
        dueOn: p.dueOn ?? null,
      }),
    editMilestone: (p) => {
      const repo = repoOf(p.repo);
      return updateMilestone({
        ctx: params.ctx(),
        repo,
        milestone: findMilestone({ repo, number: p.number }),
        actorLogin: login,
        patch: p.patch,
      });
    },
    closeMilestone: (p) => {
      const repo = repoOf(p.repo);
      return updateMilestone({
        ctx: params.ctx(),
        repo,
        milestone: findMilestone({ repo, number: p.number }),
        actorLogin: login,
        patch: { state: 'closed' },
      });
    },
    addSubIssue: (p) => {
      const repo = repoOf(p.repo);
      const parent = findIssue({ repo, number: p.parent });
      addSubIssue({
        ctx: params.ctx(),
        repo,
        parent,
        subIssueId: findIssue({ repo, number: p.child }).id,
      });
      return parent;
    },
    comment: (p) => {
      const repo = repoOf(p.repo);
      return createComment({
        ctx: params.ctx(),
        repo,
        issue: findIssue({ repo, number: p.number }),
        actorLogin: login,
        body: p.body,
      });
    },
    editFile: (p) => {
      const repo = repoOf(p.repo);
      return commitToBranch({
        ctx: params.ctx(),
        repo,
        branch: p.branch ?? repo.defaultBranch,
        changes: [{ path: p.path, content: p.content }],
        message: p.message ?? `Update ${p.path}`,
        authorLogin: login,
      });
    },
    mergePull: (p) => {
      const repo = repoOf(p.repo);
      return mergePull({
        ctx: params.ctx(),
        repo,
        pull: findPull({ repo, number: p.number }),
        actorLogin: login,
        method: p.method,
      });
    },
    closePull: (p) => {
      const repo = repoOf(p.repo);
      return updatePull({
        ctx: params.ctx(),
        repo,
        pull: findPull({ repo, number: p.number }),
        actorLogin: login,
        patch: { state: 'closed' },
      });
    },
    fork: (p) =>
      createFork({ ctx: params.ctx(), source: repoOf(p.repo), ownerLogin: login, name: p.name }),
    openPullRequest: (p) => {
      const repo = repoOf(p.repo);
      return createPull({
        ctx: params.ctx(),
        repo,
        actorLogin: login,
        title: p.title ?? `Changes from ${p.head}`,
        body: p.body ?? null,
        head: p.head,
        base: p.base ?? repo.defaultBranch,
      });
    },
    closePullRequest: (p) => setPullState(p, 'closed'),
    reopenPullRequest: (p) => setPullState(p, 'open'),
    rerequestCheckRun: (p) => {
      const repo = repoOf(p.repo);
      const run = repo.checkRuns.get(p.checkRunId);
      if (!run) throw new Error(`fake-github: no check run ${p.checkRunId} in ${p.repo}`);
      rerequestCheckRun({ ctx: params.ctx(), repo, run, senderLogin: login });
      return run;
    },
    deleteFile: (p) => {
      const repo = repoOf(p.repo);
      return commitToBranch({
        ctx: params.ctx(),
        repo,
        branch: p.branch ?? repo.defaultBranch,
        changes: [{ path: p.path, content: null }],
        message: p.message ?? `Delete ${p.path}`,
        authorLogin: login,
      });
    },
  };
}
