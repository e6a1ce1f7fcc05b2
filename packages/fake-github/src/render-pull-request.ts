import { formatTimestamp } from './fake-clock.js';
import type { FakeContext } from './fake-context.js';
import type { FakePull, FakeRepo } from './fake-state.js';
import { pullDiffHead, pullHeadSha } from './pull-head.js';
import { renderIssue } from './render-issue.js';
import { renderRepository, repoApiUrl, repoWebUrl } from './render-repository.js';
import { renderUser } from './render-user.js';

/** Files a pull request changes: head tree compared with base tree (two-dot diff). */
export function diffPullFiles(params: { repo: FakeRepo; pull: FakePull }): {
  added: string[];
  modified: string[];
  removed: string[];
} {
  const { repo, pull } = params;
  const head = pullDiffHead({ repo, pull });
  const base = repo.commits.get(repo.branches.get(pull.baseRef)?.headSha ?? '');
  const headFiles = head?.files ?? new Map();
  const baseFiles = base?.files ?? new Map();
  const added: string[] = [];
  const modified: string[] = [];
  const removed: string[] = [];
  for (const [path, blob] of headFiles) {
    const before = baseFiles.get(path);
    if (!before) added.push(path);
    else if (before.sha !== blob.sha) modified.push(path);
  }
  for (const path of baseFiles.keys()) if (!headFiles.has(path)) removed.push(path);
  return { added: added.sort(), modified: modified.sort(), removed: removed.sort() };
}

/**
 * `pull-request` (https://docs.github.com/rest/pulls/pulls#get-a-pull-request);
 * `detail: false` renders the list shape (`pull-request-simple`). Title, body,
 * state, labels and milestone come from the PR's issue entry (same number).
 */
export function renderPullRequest(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  pull: FakePull;
  detail?: boolean;
}): Record<string, unknown> {
  const { ctx, repo, pull } = params;
  const issue = repo.issues.get(pull.number);
  if (!issue) throw new Error(`pull #${pull.number} has no issue entry`);
  const asIssue = renderIssue({ ctx, repo, issue });
  const api = `${repoApiUrl({ ctx, repo })}/pulls/${pull.number}`;
  const web = `${repoWebUrl({ ctx, repo })}/pull/${pull.number}`;
  const issueApi = `${repoApiUrl({ ctx, repo })}/issues/${pull.number}`;
  const side = (ref: string): Record<string, unknown> => ({
    label: `${repo.ownerLogin}:${ref}`,
    ref,
    sha: repo.branches.get(ref)?.headSha ?? '0'.repeat(40),
    user: renderUser({ ctx, login: repo.ownerLogin }),
    repo: renderRepository({ ctx, repo }),
  });
  const headSha = pullHeadSha({ repo, pull });
  // A fork's side: null `repo` once the fork is deleted (github/rest-api-description#161).
  const forkSide = (fork: NonNullable<FakePull['fork']>): Record<string, unknown> => {
    const headRepo = ctx.state.repos.get(fork.repoKey);
    return {
      label: `${fork.ownerLogin}:${pull.headRef}`,
      ref: pull.headRef,
      sha: fork.headSha,
      user: renderUser({ ctx, login: fork.ownerLogin }),
      repo: headRepo ? renderRepository({ ctx, repo: headRepo }) : null,
    };
  };
  const link = (href: string): { href: string } => ({ href });
  const rendered: Record<string, unknown> = {
    url: api,
    id: pull.id,
    node_id: pull.nodeId,
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    issue_url: issueApi,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${repoApiUrl({ ctx, repo })}/pulls/comments{/number}`,
    comments_url: `${issueApi}/comments`,
    statuses_url: `${repoApiUrl({ ctx, repo })}/statuses/${headSha ?? ''}`,
    number: pull.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: asIssue.user,
    body: issue.body,
    labels: asIssue.labels,
    milestone: asIssue.milestone,
    active_lock_reason: null,
    created_at: formatTimestamp(issue.createdAt),
    updated_at: formatTimestamp(issue.updatedAt),
    closed_at: issue.closedAt === null ? null : formatTimestamp(issue.closedAt),
    merged_at: pull.mergedAt === null ? null : formatTimestamp(pull.mergedAt),
    merge_commit_sha: pull.mergeCommitSha ?? null,
    assignee: asIssue.assignee,
    assignees: asIssue.assignees,
    requested_reviewers: [],
    requested_teams: [],
    head: pull.fork ? forkSide(pull.fork) : side(pull.headRef),
    base: side(pull.baseRef),
    _links: {
      self: link(api),
      html: link(web),
      issue: link(issueApi),
      comments: link(`${issueApi}/comments`),
      review_comments: link(`${api}/comments`),
      review_comment: link(`${repoApiUrl({ ctx, repo })}/pulls/comments{/number}`),
      commits: link(`${api}/commits`),
      statuses: link(`${repoApiUrl({ ctx, repo })}/statuses/${headSha ?? ''}`),
    },
    author_association: asIssue.author_association,
    auto_merge: null,
    draft: pull.draft,
  };
  if (params.detail !== false) {
    const files = diffPullFiles({ repo, pull });
    Object.assign(rendered, {
      merged: pull.merged,
      mergeable: true,
      rebaseable: true,
      mergeable_state: 'clean',
      merged_by: pull.mergedByLogin ? renderUser({ ctx, login: pull.mergedByLogin }) : null,
      comments: asIssue.comments,
      review_comments: 0,
      maintainer_can_modify: false,
      commits: 1,
      additions: 0,
      deletions: 0,
      changed_files: files.added.length + files.modified.length + files.removed.length,
    });
  }
  return rendered;
}
