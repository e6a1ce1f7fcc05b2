import { buildCommit, emitPush } from './content-operations.js';
import type { FakeContext } from './fake-context.js';
import type { FakeLabel, FakeRepo } from './fake-state.js';
import { allocateId, ensureUser, makeNodeId, repoKey } from './fake-state.js';

/** GitHub's default labels for a new repository (https://docs.github.com/issues/using-labels-and-milestones-to-track-work/managing-labels#about-default-labels). */
const DEFAULT_LABELS: Array<[string, string, string]> = [
  ['bug', 'd73a4a', "Something isn't working"],
  ['documentation', '0075ca', 'Improvements or additions to documentation'],
  ['duplicate', 'cfd3d7', 'This issue or pull request already exists'],
  ['enhancement', 'a2eeef', 'New feature or request'],
  ['good first issue', '7057ff', 'Good for newcomers'],
  ['help wanted', '008672', 'Extra attention is needed'],
  ['invalid', 'e4e669', "This doesn't seem right"],
  ['question', 'd876e3', 'Further information is requested'],
  ['wontfix', 'ffffff', 'This will not be worked on'],
];

export interface CreateRepoParams {
  ctx: FakeContext;
  /** `owner/name`. */
  fullName: string;
  defaultBranch?: string;
  /** Initial files on the default branch (one initial commit). */
  files?: Record<string, string | Buffer>;
  /** Branch names that refuse direct writes. */
  protectedBranches?: string[];
  /** Branch name → required status check names; such a branch refuses direct writes too. */
  requiredStatusChecks?: Record<string, string[]>;
  private?: boolean;
  description?: string | null;
  /** Seed GitHub's nine default labels. Default false (an empty label list is easier to assert on). */
  defaultLabels?: boolean;
  /** Installation to attach the repository to. */
  installationId?: number | null;
  /** Shown as `archived: true` in repository payloads. */
  archived?: boolean;
}

/** Creates a repository with an initial commit on its default branch. Emits nothing. */
export function createRepository(params: CreateRepoParams): FakeRepo {
  const { ctx } = params;
  const [ownerLogin, name] = params.fullName.split('/');
  if (!ownerLogin || !name)
    throw new Error(`repository must be "owner/name", got ${params.fullName}`);
  if (ctx.state.repos.has(repoKey({ owner: ownerLogin, repo: name }))) {
    throw new Error(`repository ${params.fullName} already exists`);
  }
  ensureUser({ state: ctx.state, login: ownerLogin });
  const id = allocateId(ctx.state);
  const now = ctx.clock.now();
  const defaultBranch = params.defaultBranch ?? 'main';
  const initial = buildCommit({
    ctx,
    parent: null,
    changes: Object.entries(params.files ?? {}).map(([path, content]) => ({ path, content })),
    message: 'Initial commit',
    authorLogin: ownerLogin,
  });
  const labels: FakeLabel[] = (params.defaultLabels ? DEFAULT_LABELS : []).map(
    ([labelName, color, description]) => {
      const labelId = allocateId(ctx.state);
      return {
        id: labelId,
        nodeId: makeNodeId({ prefix: 'LA', id: labelId }),
        name: labelName,
        color,
        description,
        default: true,
      };
    },
  );
  const repo: FakeRepo = {
    id,
    nodeId: makeNodeId({ prefix: 'R', id }),
    ownerLogin,
    name,
    parentKey: null,
    private: params.private ?? false,
    description: params.description ?? null,
    defaultBranch,
    createdAt: now,
    updatedAt: now,
    pushedAt: now,
    branches: new Map([
      [
        defaultBranch,
        {
          name: defaultBranch,
          headSha: initial.sha,
          protected:
            (params.protectedBranches ?? []).includes(defaultBranch) ||
            (params.requiredStatusChecks?.[defaultBranch]?.length ?? 0) > 0,
          ...(params.requiredStatusChecks?.[defaultBranch]?.length
            ? { requiredChecks: params.requiredStatusChecks[defaultBranch] }
            : {}),
        },
      ],
    ]),
    commits: new Map([[initial.sha, initial]]),
    issues: new Map(),
    pulls: new Map(),
    milestones: new Map(),
    labels,
    comments: new Map(),
    reactions: new Map(),
    collaborators: new Map(),
    checkRuns: new Map(),
    nextNumber: 1,
    nextMilestoneNumber: 1,
    installationId: params.installationId ?? null,
    ...(params.archived ? { archived: true } : {}),
  };
  ctx.state.repos.set(repoKey({ owner: ownerLogin, repo: name }), repo);
  return repo;
}

/** Creates `refs/heads/{name}` at `sha`; emits a `push` with `created: true`. */
export function createBranch(params: {
  ctx: FakeContext;
  repo: FakeRepo;
  name: string;
  sha: string;
  senderLogin: string;
}): void {
  params.repo.branches.set(params.name, {
    name: params.name,
    headSha: params.sha,
    protected: false,
  });
  emitPush({
    ctx: params.ctx,
    repo: params.repo,
    branch: params.name,
    before: '0'.repeat(40),
    commits: [],
    senderLogin: params.senderLogin,
    created: true,
  });
}
