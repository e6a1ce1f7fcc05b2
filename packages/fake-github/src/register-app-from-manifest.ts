import { randomBytes } from 'node:crypto';
import type { FakeContext } from './fake-context.js';

/** A manifest code lives one hour (https://docs.github.com/apps/sharing-github-apps/registering-a-github-app-from-a-manifest). */
export const MANIFEST_CODE_LIFETIME_MS = 60 * 60 * 1000;

/** The GitHub App manifest fields the fake reads (the docs' "GitHub App Manifest parameters"). */
export interface AppManifest {
  name?: string;
  url: string;
  description?: string;
  public?: boolean;
  redirect_url?: string;
  hook_attributes?: { url: string; active?: boolean };
  default_events?: string[];
  default_permissions?: Record<string, string>;
}

/** An app created from a manifest, waiting for its code to be exchanged. */
export interface ManifestRegistration {
  manifest: AppManifest;
  ownerLogin: string;
  appId: number;
  appSlug: string;
  webhookSecret: string;
  createdAt: number;
  expiresAt: number;
}

/**
 * What GitHub does when a person posts a manifest to `/settings/apps/new` and clicks "Create
 * GitHub App": creates the app and sends the browser to `redirect_url?code=…`. The fake models
 * one app, so the app created is the fake's own (its id, slug and webhook secret); the code is
 * good for one `POST /app-manifests/{code}/conversions` within an hour. Throws, like GitHub's
 * form, when the manifest has no `url`, or `hook_attributes` without a `url`.
 */
export function registerAppFromManifest(params: {
  ctx: FakeContext;
  manifest: AppManifest;
  ownerLogin: string;
  app: { id: number; slug: string; webhookSecret: string };
}): { code: string; redirectUrl: string | null } {
  const { ctx, manifest } = params;
  if (typeof manifest.url !== 'string' || manifest.url === '') {
    throw new Error('fake-github: a GitHub App manifest needs a url');
  }
  if (manifest.hook_attributes && typeof manifest.hook_attributes.url !== 'string') {
    throw new Error('fake-github: a GitHub App manifest’s hook_attributes needs a url');
  }
  const code = randomBytes(20).toString('hex');
  const now = ctx.clock.now();
  ctx.state.manifestCodes.set(code, {
    manifest,
    ownerLogin: params.ownerLogin,
    appId: params.app.id,
    appSlug: params.app.slug,
    webhookSecret: params.app.webhookSecret,
    createdAt: now,
    expiresAt: now + MANIFEST_CODE_LIFETIME_MS,
  });
  const redirectUrl = manifest.redirect_url
    ? `${manifest.redirect_url}${manifest.redirect_url.includes('?') ? '&' : '?'}code=${code}`
    : null;
  return { code, redirectUrl };
}
