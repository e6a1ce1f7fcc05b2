import type { FakeContext } from './fake-context.js';
import { ensureUser } from './fake-state.js';

/** `simple-user` as in https://docs.github.com/rest/users/users (all required fields). */
export function renderUser(params: { ctx: FakeContext; login: string }): Record<string, unknown> {
  const { ctx } = params;
  const user = ensureUser({ state: ctx.state, login: params.login });
  const api = `${ctx.urls.api}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: user.nodeId,
    avatar_url: `https://avatars.github.test/u/${user.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: `${ctx.urls.web}/${encodeURIComponent(user.login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** A noreply address for a login (bot suffix dropped so it is a valid `email` format). */
export function noreplyEmail(login: string): string {
  return `${login.replace(/\[bot\]$/, '')}@users.noreply.github.test`;
}
