import type { FakeRepo, FakeRole } from './fake-state.js';
import { notFound } from './http-error.js';
import { renderUser } from './render-user.js';
import { ok, requireRepo } from './route-helpers.js';
import type { RouteDefinition, RouteInput, RouteResult } from './route-types.js';

type BaseRole = FakeRole | 'none';

/** The legacy base permission of a role: `maintain` → `write`, `triage` → `read`. */
const PERMISSION: Record<BaseRole, 'admin' | 'write' | 'read' | 'none'> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
  none: 'none',
};

const RANK: Record<BaseRole, number> = {
  none: 0,
  read: 1,
  triage: 2,
  write: 3,
  maintain: 4,
  admin: 5,
};

/**
 * A login's role on a repository: its entry in `repo.collaborators`, else `admin` for the owner,
 * else `read` on a public repository (anyone can read it) and `none` on a private one.
 */
export function roleOf(params: { repo: FakeRepo; login: string }): BaseRole {
  const { repo } = params;
  const login = params.login.toLowerCase();
  for (const [name, role] of repo.collaborators) if (name.toLowerCase() === login) return role;
  if (repo.ownerLogin.toLowerCase() === login) return 'admin';
  return repo.private ? 'none' : 'read';
}

/**
 * https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user:
 * `permission` is the legacy base role (admin, write, read, none: `maintain` is reported as
 * `write`, `triage` as `read`), `role_name` the role itself. An unknown login is a 404. For a
 * person without access to a private repository GitHub's `role_name` is not documented; the fake
 * says `none`.
 */
function getPermission(input: RouteInput): RouteResult {
  const repo = requireRepo(input);
  const username = input.params.username ?? '';
  const known =
    input.ctx.state.users.has(username.toLowerCase()) ||
    [...repo.collaborators.keys()].some((name) => name.toLowerCase() === username.toLowerCase());
  if (!known) throw notFound();
  const role = roleOf({ repo, login: username });
  const at = (least: BaseRole) => RANK[role] >= RANK[least];
  return ok({
    permission: PERMISSION[role],
    role_name: role,
    user: {
      ...renderUser({ ctx: input.ctx, login: username }),
      permissions: {
        admin: at('admin'),
        maintain: at('maintain'),
        push: at('write'),
        triage: at('triage'),
        pull: at('read'),
      },
      role_name: role,
    },
  });
}

export const collaboratorRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/collaborators/{username}/permission',
    handle: getPermission,
  },
];
