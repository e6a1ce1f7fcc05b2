import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFakeGitHub } from '../src/index.js';

const MANIFEST = {
  name: 'milestone-sync',
  url: 'https://example.com/milestone-sync',
  description: 'Keeps a plan in step',
  public: false,
  redirect_url: 'http://localhost:3000/probot/setup',
  hook_attributes: { url: 'https://smee.io/channel' },
  default_events: ['issues', 'push'],
  default_permissions: { issues: 'write', contents: 'write' },
};

async function convert(params: { fake: ReturnType<typeof createFakeGitHub>; code: string }) {
  return params.fake.fetch(`${params.fake.urls.api}/app-manifests/${params.code}/conversions`, {
    method: 'POST',
    headers: { accept: 'application/vnd.github+json' },
  });
}

describe('the GitHub App manifest flow', () => {
  it('a registered manifest’s code converts once into the app, its key and its webhook secret', async () => {
    const fake = createFakeGitHub({ webhookSecret: 'hook-secret', appId: 99 });
    const { code, redirectUrl } = fake.registerAppFromManifest({
      manifest: MANIFEST,
      owner: 'octocat',
    });
    expect(redirectUrl).toBe(`http://localhost:3000/probot/setup?code=${code}`);
    const response = await convert({ fake, code });
    expect(response.status).toBe(201);
    const app = (await response.json()) as Record<string, unknown>;
    expect(app).toMatchObject({
      id: 99,
      slug: 'milestone-sync',
      name: 'milestone-sync',
      external_url: 'https://example.com/milestone-sync',
      html_url: 'https://github.test/apps/milestone-sync',
      owner: { login: 'octocat' },
      events: ['issues', 'push'],
      permissions: { metadata: 'read', issues: 'write', contents: 'write' },
      webhook_secret: 'hook-secret',
    });
    expect(() => createPrivateKey(app.pem as string)).not.toThrow();
    // One use.
    expect((await convert({ fake, code })).status).toBe(404);
    expect(fake.calls.count('POST /app-manifests/{code}/conversions')).toBe(2);
    fake.assertNoViolations();
  });

  it('an unknown code, or one older than an hour, is not found', async () => {
    const fake = createFakeGitHub();
    expect((await convert({ fake, code: 'nope' })).status).toBe(404);
    const { code } = fake.registerAppFromManifest({ manifest: MANIFEST });
    fake.clock.advance(60 * 60 * 1000);
    expect((await convert({ fake, code })).status).toBe(404);
    fake.assertNoViolations();
  });

  it('deliveries go to the manifest’s webhook URL from then on', () => {
    const fake = createFakeGitHub();
    const targets: string[] = [];
    const addTarget = fake.webhooks.addTarget.bind(fake.webhooks);
    fake.webhooks.addTarget = (url: string) => {
      targets.push(url);
      return addTarget(url);
    };
    fake.registerAppFromManifest({ manifest: MANIFEST });
    fake.registerAppFromManifest({
      manifest: { ...MANIFEST, hook_attributes: { url: 'https://inactive.test', active: false } },
    });
    expect(targets).toEqual(['https://smee.io/channel']);
  });

  it('a manifest without a url is refused, as GitHub’s form does', () => {
    const fake = createFakeGitHub();
    expect(() => fake.registerAppFromManifest({ manifest: { ...MANIFEST, url: '' } })).toThrow(
      'fake-github: a GitHub App manifest needs a url',
    );
  });
});
