import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { formatTimestamp } from './fake-clock.js';
import { notFound } from './http-error.js';
import { renderUser } from './render-user.js';
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

/**
 * https://docs.github.com/rest/apps/apps#create-a-github-app-from-a-manifest
 * The code from `registerAppFromManifest` (the person's "Create GitHub App") → the app, its
 * private key (`pem`, new for each conversion; the fake checks no JWT), webhook secret and OAuth
 * client. No authentication. One use per code, within an hour; else 404.
 */
function convertManifestCode(input: RouteInput): RouteResult {
  const { ctx } = input;
  const code = input.params.code ?? '';
  const registration = ctx.state.manifestCodes.get(code);
  ctx.state.manifestCodes.delete(code);
  if (!registration || registration.expiresAt <= ctx.clock.now()) throw notFound();
  const { manifest, appSlug } = registration;
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const clientId = `Iv23${randomBytes(8).toString('hex')}`;
  const created = formatTimestamp(registration.createdAt);
  return ok(
    {
      id: registration.appId,
      slug: appSlug,
      node_id: `A_kwDO${Buffer.from(String(registration.appId)).toString('base64url')}`,
      client_id: clientId,
      owner: renderUser({ ctx, login: registration.ownerLogin }),
      name: manifest.name ?? appSlug,
      description: manifest.description ?? '',
      external_url: manifest.url,
      html_url: `${ctx.urls.web}/apps/${appSlug}`,
      created_at: created,
      updated_at: created,
      permissions: { metadata: 'read', ...manifest.default_permissions },
      events: manifest.default_events ?? [],
      client_secret: randomBytes(20).toString('hex'),
      webhook_secret: manifest.hook_attributes ? registration.webhookSecret : null,
      pem: privateKey,
    },
    { status: 201 },
  );
}

export const appRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    template: '/app-manifests/{code}/conversions',
    handle: convertManifestCode,
  },
  {
    method: 'POST',
    template: '/app/installations/{installation_id}/access_tokens',
    handle: createAccessToken,
  },
];
