import { randomBytes } from 'node:crypto';
import { formatTimestamp } from './fake-clock.js';
import { notFound } from './http-error.js';
import { ok } from './route-helpers.js';
import type { RouteDefinition, RouteInput, RouteResult } from './route-types.js';

/** Installation tokens live one hour (https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/generating-an-installation-access-token-for-a-github-app). */
const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

/**
 * https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app
 * The fake does not verify the app JWT; any bearer is accepted.
 */
function createAccessToken(input: RouteInput): RouteResult {
  const installationId = Number(input.params.installation_id);
  const installation = input.ctx.state.installations.get(installationId);
  if (!installation) throw notFound();
  const token = `ghs_${randomBytes(18).toString('base64url')}`;
  const expiresAt = input.ctx.clock.now() + TOKEN_LIFETIME_MS;
  input.ctx.state.tokens.set(token, { installationId, expiresAt });
  return ok(
    {
      token,
      expires_at: formatTimestamp(expiresAt),
      permissions: {
        contents: 'write',
        issues: 'write',
        pull_requests: 'write',
        checks: 'write',
        metadata: 'read',
      },
      repository_selection: 'selected',
    },
    { status: 201 },
  );
}

export const appRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    template: '/app/installations/{installation_id}/access_tokens',
    handle: createAccessToken,
  },
];
