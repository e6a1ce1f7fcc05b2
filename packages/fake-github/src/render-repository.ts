import { formatTimestamp } from './fake-clock.js';
import type { FakeContext } from './fake-context.js';
import type { FakeRepo } from './fake-state.js';
import { repoKey } from './fake-state.js';
import { renderUser } from './render-user.js';

/** Base API URL of a repository, e.g. `https://api.github.test/repos/acme/plan`. */
export function repoApiUrl(params: { ctx: FakeContext; repo: FakeRepo }): string {
  return `${params.ctx.urls.api}/repos/${params.repo.ownerLogin}/${params.repo.name}`;
}

export function repoWebUrl(params: { ctx: FakeContext; repo: FakeRepo }): string {
  return `${params.ctx.urls.web}/${params.repo.ownerLogin}/${params.repo.name}`;
}

/**
 * `full-repository` (https://docs.github.com/rest/repos/repos#get-a-repository);
 * also a valid `repository` and webhook `repository`. `timestampStyle: 'epoch'`
 * renders created_at/pushed_at as epoch seconds, as `push` webhooks do.
 */
export function renderRepository(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  timestampStyle?: 'iso' | 'epoch';
}): Record<string, unknown> {
  const { ctx, repo } = params;
  const api = repoApiUrl({ ctx, repo });
  const web = repoWebUrl({ ctx, repo });
  const openIssues = [...repo.issues.values()].filter((issue) => issue.state === 'open').length;
  const epoch = params.timestampStyle === 'epoch';
  const key = repoKey({ owner: repo.ownerLogin, repo: repo.name });
  const forks = [...ctx.state.repos.values()].filter((r) => r.parentKey === key).length;
  return {
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: `${repo.ownerLogin}/${repo.name}`,
    private: repo.private,
    owner: renderUser({ ctx, login: repo.ownerLogin }),
    html_url: web,
    description: repo.description,
    fork: repo.parentKey !== null,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://github.test/${repo.ownerLogin}/${repo.name}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@github.test:${repo.ownerLogin}/${repo.name}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${web}.git`,
    mirror_url: null,
    hooks_url: `${api}/hooks`,
    svn_url: web,
    homepage: null,
    language: null,
    forks_count: forks,
    stargazers_count: 0,
    watchers_count: 0,
    size: 1,
    default_branch: repo.defaultBranch,
    open_issues_count: openIssues,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: repo.archived ?? false,
    disabled: false,
    visibility: repo.private ? 'private' : 'public',
    pushed_at: epoch ? Math.floor(repo.pushedAt / 1000) : formatTimestamp(repo.pushedAt),
    created_at: epoch ? Math.floor(repo.createdAt / 1000) : formatTimestamp(repo.createdAt),
    updated_at: formatTimestamp(repo.updatedAt),
    allow_forking: true,
    web_commit_signoff_required: false,
    subscribers_count: 0,
    network_count: 0,
    license: null,
    forks: forks,
    open_issues: openIssues,
    watchers: 0,
  };
}
