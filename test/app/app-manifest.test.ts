import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Probot } from 'probot';
import { describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { milestoneSyncApp } from '../../src/app/app.js';
import { createRecordingLog, privateKey } from './app-helpers.js';

/**
 * app.yml (the manifest `npm start` registers the app with) asks for exactly what the code uses:
 * the events the app subscribes (read from its `app.on` registrations) and the permissions the
 * REST routes in src/ need.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const manifest = parseYaml(readFileSync(join(ROOT, 'app.yml'), 'utf8')) as {
  default_events: string[];
  default_permissions: Record<string, string>;
};

/**
 * Sent to every GitHub App without a subscription: "All GitHub Apps receive this event by default.
 * You cannot manually subscribe to this event." (https://docs.github.com/webhooks/webhook-events-and-payloads#installation,
 * #installation_repositories; the same words in @octokit/openapi-webhooks).
 */
const ALWAYS_DELIVERED = ['installation', 'installation_repositories'];

/** The webhook events (without actions) the app registers handlers for. */
async function subscribedEvents(): Promise<string[]> {
  const probot = new Probot({ appId: 1, privateKey: privateKey(), log: createRecordingLog().log });
  const on = vi.spyOn(probot, 'on');
  const app = milestoneSyncApp(probot, { appSlug: 'milestone-sync' });
  await app.close();
  const names = on.mock.calls.flatMap(([events]) => (Array.isArray(events) ? events : [events]));
  return [...new Set(names.map((name) => String(name).split('.')[0] as string))].sort();
}

type Level = 'read' | 'write';
interface Need {
  permission: string;
  level: Level;
}

/**
 * Every REST route src/ sends, and the GitHub App permission it needs
 * (https://docs.github.com/rest/authentication/permissions-required-for-github-apps). A new route
 * in src/ fails the first test below until it is added here with its permission.
 */
const ROUTE_PERMISSIONS: Record<string, Need[]> = {
  // As the app (JWT): the app's slug. No installation permission.
  'GET /app': [],
  // As the app (JWT): its webhook deliveries, and a redelivery of a failed one (the redelivery
  // sweep). No installation permission.
  'GET /app/hook/deliveries': [],
  'POST /app/hook/deliveries/{delivery_id}/attempts': [],
  // The recovery sweep: the app's installations (as the app), each one's repositories and its
  // remaining rate limit (installation tokens need no permission for either).
  'GET /app/installations': [],
  'GET /installation/repositories': [],
  'GET /rate_limit': [],
  // The default branch (and `archived`).
  'GET /repos/{owner}/{repo}': [{ permission: 'metadata', level: 'read' }],
  // Whether a comment's author may run a command.
  'GET /repos/{owner}/{repo}/collaborators/{username}/permission': [
    { permission: 'metadata', level: 'read' },
  ],
  // The plan file, .github/milestone-sync.yml (Probot's config plugin), files over 1 MB, the head.
  'GET /repos/{owner}/{repo}/contents/{path}': [{ permission: 'contents', level: 'read' }],
  'GET /repos/{owner}/{repo}/git/blobs/{file_sha}': [{ permission: 'contents', level: 'read' }],
  'GET /repos/{owner}/{repo}/git/ref/{ref}': [{ permission: 'contents', level: 'read' }],
  // Commit tick and rename edits; a branch for the pull request when the default one is protected.
  'PUT /repos/{owner}/{repo}/contents/{path}': [{ permission: 'contents', level: 'write' }],
  'POST /repos/{owner}/{repo}/git/refs': [{ permission: 'contents', level: 'write' }],
  'PATCH /repos/{owner}/{repo}/git/refs/{ref}': [{ permission: 'contents', level: 'write' }],
  // Issues, labels, milestones, sub-issues, the dashboard issue.
  'GET /repos/{owner}/{repo}/issues': [{ permission: 'issues', level: 'read' }],
  'POST /repos/{owner}/{repo}/issues': [{ permission: 'issues', level: 'write' }],
  'PATCH /repos/{owner}/{repo}/issues/{issue_number}': [{ permission: 'issues', level: 'write' }],
  'GET /repos/{owner}/{repo}/labels': [{ permission: 'issues', level: 'read' }],
  'POST /repos/{owner}/{repo}/labels': [{ permission: 'issues', level: 'write' }],
  'GET /repos/{owner}/{repo}/milestones': [{ permission: 'issues', level: 'read' }],
  'POST /repos/{owner}/{repo}/milestones': [{ permission: 'issues', level: 'write' }],
  'PATCH /repos/{owner}/{repo}/milestones/{milestone_number}': [
    { permission: 'issues', level: 'write' },
  ],
  'POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues': [
    { permission: 'issues', level: 'write' },
  ],
  'DELETE /repos/{owner}/{repo}/issues/{issue_number}/sub_issue': [
    { permission: 'issues', level: 'write' },
  ],
  // Comments: on issues (issues), and the preview's sticky comment on pull requests (pull_requests).
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': [
    { permission: 'issues', level: 'read' },
    { permission: 'pull_requests', level: 'read' },
  ],
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': [
    { permission: 'issues', level: 'write' },
    { permission: 'pull_requests', level: 'write' },
  ],
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': [
    { permission: 'pull_requests', level: 'write' },
  ],
  // Pull requests: the previews read them; a protected default branch gets one with the edit.
  'GET /repos/{owner}/{repo}/pulls': [{ permission: 'pull_requests', level: 'read' }],
  'GET /repos/{owner}/{repo}/pulls/{pull_number}': [{ permission: 'pull_requests', level: 'read' }],
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': [
    { permission: 'pull_requests', level: 'read' },
  ],
  'POST /repos/{owner}/{repo}/pulls': [{ permission: 'pull_requests', level: 'write' }],
  // After a push: the pull request it merged, for the merge summary.
  'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls': [
    { permission: 'contents', level: 'read' },
    { permission: 'pull_requests', level: 'read' },
  ],
  // A fork's head commit, asked when its plan cannot be read, to say why.
  'GET /repos/{owner}/{repo}/commits/{ref}': [{ permission: 'contents', level: 'read' }],
  // The onboarding pull request's description, kept current.
  'PATCH /repos/{owner}/{repo}/pulls/{pull_number}': [
    { permission: 'pull_requests', level: 'write' },
  ],
  // A reaction to a command, on the dashboard issue (issues) or a pull request (pull_requests).
  'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions': [
    { permission: 'issues', level: 'write' },
    { permission: 'pull_requests', level: 'write' },
  ],
  // The milestone-sync check run on pull-request heads (the latest one is read first: an unchanged
  // one is not published again).
  'GET /repos/{owner}/{repo}/commits/{ref}/check-runs': [{ permission: 'checks', level: 'read' }],
  'POST /repos/{owner}/{repo}/check-runs': [{ permission: 'checks', level: 'write' }],
  'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': [
    { permission: 'checks', level: 'write' },
  ],
};

/** Every `'METHOD /route'` literal in src/ (the typed `request(route, …)` calls). */
function routesInSource(): string[] {
  const routes = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const match of text.matchAll(/'((?:GET|POST|PATCH|PUT|DELETE) \/[^'\s]*)'/g)) {
          routes.add(match[1] as string);
        }
      }
    }
  };
  walk(join(ROOT, 'src'));
  return [...routes].sort();
}

describe('app.yml', () => {
  it('subscribes exactly the events the app handles, less those every app receives', async () => {
    const handled = await subscribedEvents();
    expect(handled).toEqual(expect.arrayContaining(ALWAYS_DELIVERED));
    expect([...manifest.default_events].sort()).toEqual(
      handled.filter((event) => !ALWAYS_DELIVERED.includes(event)),
    );
  });

  it('every REST route src/ sends has its permission stated here, and each stated route is still sent', () => {
    const routes = routesInSource();
    expect(routes.filter((route) => !(route in ROUTE_PERMISSIONS))).toEqual([]);
    expect(Object.keys(ROUTE_PERMISSIONS).filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('asks for exactly the permissions those routes need, at the level they need', () => {
    const needed: Record<string, Level> = { metadata: 'read' }; // every GitHub App has it
    for (const route of routesInSource()) {
      for (const { permission, level } of ROUTE_PERMISSIONS[route] ?? []) {
        if (needed[permission] !== 'write') needed[permission] = level;
      }
    }
    expect(manifest.default_permissions).toEqual(needed);
  });
});
