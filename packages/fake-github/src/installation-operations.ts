import { formatTimestamp } from './fake-clock.js';
import type { FakeContext } from './fake-context.js';
import type { FakeInstallation } from './fake-state.js';
import { allocateId, ensureUser, repoKey } from './fake-state.js';
import { renderUser } from './render-user.js';

/**
 * Installs the app on `account` for `repos` (full names of existing fake
 * repositories) and emits `installation.created`
 * (https://docs.github.com/webhooks/webhook-events-and-payloads#installation).
 */
export function createInstallation(params: {
  ctx: FakeContext;
  account: string;
  repos: readonly string[];
  appId: number;
  appSlug: string;
  senderLogin: string;
  id?: number;
}): FakeInstallation {
  const { ctx } = params;
  ensureUser({ state: ctx.state, login: params.account });
  const id = params.id ?? allocateId(ctx.state);
  const installation: FakeInstallation = {
    id,
    accountLogin: params.account,
    repoFullNames: [...params.repos],
    createdAt: ctx.clock.now(),
    appId: params.appId,
    appSlug: params.appSlug,
  };
  ctx.state.installations.set(id, installation);
  const repositories = params.repos.map((fullName) => {
    const [owner = '', name = ''] = fullName.split('/');
    const repo = ctx.state.repos.get(repoKey({ owner, repo: name }));
    if (!repo) throw new Error(`createInstallation: unknown repository ${fullName}`);
    repo.installationId = id;
    return {
      id: repo.id,
      node_id: repo.nodeId,
      name: repo.name,
      full_name: `${repo.ownerLogin}/${repo.name}`,
      private: repo.private,
    };
  });
  const now = formatTimestamp(ctx.clock.now());
  const account = renderUser({ ctx, login: params.account });
  ctx.emit({
    name: 'installation',
    repo: null,
    senderLogin: params.senderLogin,
    payload: {
      action: 'created',
      installation: {
        id,
        account,
        repository_selection: 'selected',
        access_tokens_url: `${ctx.urls.api}/app/installations/${id}/access_tokens`,
        repositories_url: `${ctx.urls.api}/installation/repositories`,
        html_url: `${ctx.urls.web}/settings/installations/${id}`,
        app_id: params.appId,
        app_slug: params.appSlug,
        target_id: account.id,
        target_type: account.type === 'Organization' ? 'Organization' : 'User',
        permissions: {
          contents: 'write',
          issues: 'write',
          pull_requests: 'write',
          checks: 'write',
          metadata: 'read',
        },
        events: ['issues', 'milestone', 'push', 'pull_request'],
        created_at: now,
        updated_at: now,
        single_file_name: null,
        suspended_by: null,
        suspended_at: null,
      },
      repositories,
      requester: null,
    },
  });
  return installation;
}
