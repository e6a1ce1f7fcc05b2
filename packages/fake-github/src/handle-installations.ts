import { formatTimestamp } from './fake-clock.js';
import type { FakeContext } from './fake-context.js';
import type { FakeInstallation, FakeRepo } from './fake-state.js';
import { ensureUser, repoKey } from './fake-state.js';
import { GitHubHttpError } from './http-error.js';
import { paginateResponse } from './paginate-response.js';
import { renderRepository } from './render-repository.js';
import { renderUser } from './render-user.js';
import { ok } from './route-helpers.js';
import type { RouteDefinition, RouteInput, RouteResult } from './route-types.js';

/** The permissions every fake installation grants (as `fake.install` announces them). */
const PERMISSIONS = {
  contents: 'write',
  issues: 'write',
  pull_requests: 'write',
  checks: 'write',
  metadata: 'read',
} as const;

/** `installation` (https://docs.github.com/rest/apps/apps#list-installations-for-the-authenticated-app). */
function renderInstallation(params: {
  ctx: FakeContext;
  installation: FakeInstallation;
}): Record<string, unknown> {
  const { ctx, installation } = params;
  const created = formatTimestamp(installation.createdAt ?? ctx.clock.now());
  // `account` is a simple-user or an enterprise; the fake's validator accepts the user only with
  // the fields both share filled in (name, slug, created_at, updated_at).
  const user = ensureUser({ state: ctx.state, login: installation.accountLogin });
  const account = {
    ...renderUser({ ctx, login: installation.accountLogin }),
    name: installation.accountLogin,
    slug: installation.accountLogin,
    created_at: created,
    updated_at: created,
  };
  return {
    id: installation.id,
    account,
    repository_selection: 'selected',
    access_tokens_url: `${ctx.urls.api}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${ctx.urls.api}/installation/repositories`,
    html_url: `${ctx.urls.web}/settings/installations/${installation.id}`,
    app_id: installation.appId ?? 4242,
    app_slug: installation.appSlug ?? ctx.apiActorLogin.replace(/\[bot\]$/, ''),
    target_id: user.id,
    target_type: user.type === 'Organization' ? 'Organization' : 'User',
    permissions: PERMISSIONS,
    events: ['issues', 'milestone', 'push', 'pull_request'],
    created_at: created,
    updated_at: created,
    single_file_name: null,
    suspended_by: null,
    suspended_at: null,
  };
}

/**
 * https://docs.github.com/rest/apps/apps#list-installations-for-the-authenticated-app — as the
 * app (the fake checks no JWT), oldest first, paginated (`per_page` up to 100).
 */
function listInstallations(input: RouteInput): RouteResult {
  const installations = [...input.ctx.state.installations.values()].sort((a, b) => a.id - b.id);
  return ok(
    installations.map((installation) => renderInstallation({ ctx: input.ctx, installation })),
    { paginate: true },
  );
}

/** The installation an installation access token (`Authorization: token ghs_…`) was made for. */
function installationOfToken(input: RouteInput): FakeInstallation {
  const header = input.headers.authorization ?? '';
  const token = header.replace(/^(token|bearer)\s+/i, '');
  const entry = input.ctx.state.tokens.get(token);
  const installation =
    entry && entry.expiresAt > input.ctx.clock.now()
      ? input.ctx.state.installations.get(entry.installationId)
      : undefined;
  if (!installation) {
    throw new GitHubHttpError({ status: 401, body: { message: 'Bad credentials' } });
  }
  return installation;
}

/**
 * https://docs.github.com/rest/apps/installations#list-repositories-accessible-to-the-app-installation
 * — with an installation token: `{ total_count, repositories, repository_selection }`, one page
 * (`per_page` up to 100) with a `link` header when there are more. Each repository carries
 * `pushed_at` (the last push to any branch).
 */
function listInstallationRepositories(input: RouteInput): RouteResult {
  const { ctx } = input;
  const installation = installationOfToken(input);
  const repos = installation.repoFullNames
    .map((fullName) => {
      const [owner = '', repo = ''] = fullName.split('/');
      return ctx.state.repos.get(repoKey({ owner, repo }));
    })
    .filter(
      (repo): repo is FakeRepo => repo !== undefined && repo.installationId === installation.id,
    )
    .sort((a, b) => a.id - b.id);
  const url = new URL(`${ctx.urls.api}/installation/repositories`);
  for (const [name, value] of input.query) url.searchParams.set(name, value);
  const page = paginateResponse({ items: repos, url });
  return {
    status: 200,
    body: {
      total_count: repos.length,
      repositories: page.items.map((repo) => renderRepository({ ctx, repo })),
      repository_selection: 'selected',
    },
    ...(page.link ? { headers: { link: page.link } } : {}),
  };
}

export const installationRoutes: RouteDefinition[] = [
  { method: 'GET', template: '/app/installations', handle: listInstallations },
  { method: 'GET', template: '/installation/repositories', handle: listInstallationRepositories },
];
