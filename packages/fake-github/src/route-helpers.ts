import type { FakeIssue, FakeRepo } from './fake-state.js';
import { repoKey } from './fake-state.js';
import { GitHubHttpError, notFound } from './http-error.js';
import type { RouteInput } from './route-types.js';

/** The `{owner}/{repo}` of the path, or a 404 like GitHub's for unknown/inaccessible repos. */
export function requireRepo(input: RouteInput): FakeRepo {
  const owner = input.params.owner ?? '';
  const repo = input.ctx.state.repos.get(repoKey({ owner, repo: input.params.repo ?? '' }));
  if (!repo) throw notFound();
  return repo;
}

/** Issue (or PR issue entry) by `{issue_number}`; 404 when absent. */
export function requireIssue(params: { repo: FakeRepo; value: string | undefined }): FakeIssue {
  const issue = params.repo.issues.get(Number(params.value));
  if (!issue) throw notFound();
  return issue;
}

/** Sorts by a key then by id, so ties (same virtual-clock instant) are stable. */
export function sortBy<T extends { id: number }>(params: {
  items: T[];
  key: (item: T) => number | string;
  direction: 'asc' | 'desc';
}): T[] {
  const sign = params.direction === 'asc' ? 1 : -1;
  return [...params.items].sort((a, b) => {
    const ka = params.key(a);
    const kb = params.key(b);
    if (ka < kb) return -sign;
    if (ka > kb) return sign;
    return (a.id - b.id) * sign;
  });
}

/** Reads an enum query parameter, answering 422 like GitHub for an unknown value. */
export function readEnum<T extends string>(params: {
  query: URLSearchParams;
  name: string;
  allowed: readonly T[];
  fallback: T;
}): T {
  const raw = params.query.get(params.name);
  if (raw === null || raw === '') return params.fallback;
  if ((params.allowed as readonly string[]).includes(raw)) return raw as T;
  throw new GitHubHttpError({
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [{ resource: 'Search', field: params.name, code: 'invalid', value: raw }],
    },
  });
}

export function ok(body: unknown, extra: { paginate?: boolean; status?: number } = {}) {
  return { status: extra.status ?? 200, body, paginate: extra.paginate ?? false };
}
