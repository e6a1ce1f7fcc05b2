import { commitToBranch } from './content-operations.js';
import type { FakeContext } from './fake-context.js';
import type { FakeCommit, FakeComment, FakeIssue, FakeMilestone, FakeRepo } from './fake-state.js';
import { allocateId, makeNodeId, repoKey } from './fake-state.js';
import { addLabels, createIssue, removeLabel, updateIssue } from './issue-operations.js';
import type { MergeMethod } from './merge-pull.js';
import { mergePull } from './merge-pull.js';
import type { MilestonePatch } from './milestone-operations.js';
import { createMilestone, updateMilestone } from './milestone-operations.js';
import { addSubIssue } from './sub-issue-operations.js';

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
  /**
   * Merge pull request `number` (default method `merge`; an admin: required checks are bypassed)
   * → `push` to its base and `pull_request.closed` with `merged: true`. Returns the merge sha.
   */
  mergePull(params: { repo: string; number: number; method?: MergeMethod }): string;
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
      const ctx = params.ctx();
      const repo = repoOf(p.repo);
      const issue = findIssue({ repo, number: p.number });
      const id = allocateId(ctx.state);
      const now = ctx.clock.now();
      const comment: FakeComment = {
        id,
        nodeId: makeNodeId({ prefix: 'IC', id }),
        issueNumber: issue.number,
        body: p.body,
        authorLogin: login,
        createdAt: now,
        updatedAt: now,
      };
      repo.comments.set(id, comment);
      issue.updatedAt = now;
      return comment;
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
    mergePull: (p) => {
      const repo = repoOf(p.repo);
      const pull = repo.pulls.get(p.number);
      if (!pull) throw new Error(`fake-github: no pull request #${p.number} in ${p.repo}`);
      return mergePull({
        ctx: params.ctx(),
        repo,
        pull,
        actorLogin: login,
        method: p.method ?? 'merge',
        bypassChecks: true,
      }).sha;
    },
  };
}
