/**
 * The fake's in-memory data model. Plain records, mutated only through the
 * operations in `*-operations.ts` (which also emit webhooks), so API handlers
 * and "act as a human" helpers share one code path.
 */
import type { ManifestRegistration } from './register-app-from-manifest.js';

export interface FakeUser {
  login: string;
  id: number;
  nodeId: string;
  type: 'User' | 'Bot' | 'Organization';
}

export interface FakeBlob {
  sha: string;
  bytes: Buffer;
}

export interface FakeCommit {
  sha: string;
  treeSha: string;
  parents: string[];
  message: string;
  authorLogin: string;
  timestamp: number;
  /** Full snapshot of the tree after this commit (path → blob). */
  files: Map<string, FakeBlob>;
  added: string[];
  modified: string[];
  removed: string[];
}

export interface FakeBranch {
  name: string;
  headSha: string;
  /** When true, direct writes (contents PUT/DELETE, ref updates) are refused. */
  protected: boolean;
  /**
   * Names of required status checks (a protected branch whose rule is "require status checks to
   * pass", not "require a pull request"). A new commit has no checks yet, so a contents write is
   * refused with 409 `Could not update file: N of N required status checks are expected.`
   */
  requiredChecks?: string[];
}

export interface FakeLabel {
  id: number;
  nodeId: string;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface FakeMilestone {
  id: number;
  nodeId: string;
  number: number;
  title: string;
  description: string | null;
  state: 'open' | 'closed';
  /** Stored (already normalised) due date, ISO string, or null. */
  dueOn: string | null;
  creatorLogin: string;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
}

export type StateReason = 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;

export interface FakeIssue {
  id: number;
  nodeId: string;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: StateReason;
  labelIds: number[];
  milestoneNumber: number | null;
  assigneeLogins: string[];
  authorLogin: string;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  closedByLogin: string | null;
  locked: boolean;
  /** Id (not number) of the parent issue, if this is a sub-issue. */
  parentId: number | null;
  /** Ids (not numbers) of sub-issues, in priority order. */
  subIssueIds: number[];
  /** Set when this issue entry is the issue side of a pull request. */
  isPullRequest: boolean;
}

export interface FakePull {
  id: number;
  nodeId: string;
  number: number;
  headRef: string;
  baseRef: string;
  draft: boolean;
  merged: boolean;
  mergedAt: number | null;
  /** Set by a merge (merge-pull.ts). */
  mergeCommitSha?: string | null;
  mergedByLogin?: string | null;
  /** A pull request from a fork; undefined when the head is a branch of the base repository. */
  fork?: FakePullFork;
}

/**
 * The head of a pull request from a fork, as the base repository keeps it. GitHub keeps a fork's
 * head commits in the base repository as `refs/pull/N/head`, so they can be read there by sha
 * (https://docs.github.com/pull-requests/collaborating-with-pull-requests/reviewing-changes-in-pull-requests/checking-out-pull-requests-locally).
 */
export interface FakePullFork {
  /** `repoKey` of the fork; the pull request renders `head.repo: null` once it is deleted. */
  repoKey: string;
  /** The fork's owner (`head.user`, `head.label`), kept after the fork is deleted. */
  ownerLogin: string;
  /** `refs/pull/N/head`: the head sha, moved by pushes to the fork's branch. */
  headSha: string;
  /** Commits copied from the fork into the base repository's `commits` for `refs/pull/N/head`. */
  fetchedShas: string[];
  /**
   * The head commit once the base repository no longer serves it (`deleteRepo` with `pullHeads:
   * 'dropped'`): out of `commits`, so no API reads it, but the pull request's files are still
   * listed from it (GitHub keeps a pull request's diff). Null while the head can be read.
   */
  droppedHead: FakeCommit | null;
}

export interface FakeComment {
  id: number;
  nodeId: string;
  issueNumber: number;
  body: string;
  authorLogin: string;
  createdAt: number;
  updatedAt: number;
}

/** A reaction to an issue comment (https://docs.github.com/rest/reactions/reactions). */
export interface FakeReaction {
  id: number;
  nodeId: string;
  commentId: number;
  content: ReactionContent;
  userLogin: string;
  createdAt: number;
}

export const REACTION_CONTENTS = [
  '+1',
  '-1',
  'laugh',
  'confused',
  'heart',
  'hooray',
  'rocket',
  'eyes',
] as const;
export type ReactionContent = (typeof REACTION_CONTENTS)[number];

/**
 * A person's role on a repository (https://docs.github.com/organizations/managing-user-access-to-your-organizations-repositories/managing-repository-roles/repository-roles-for-an-organization).
 */
export type FakeRole = 'admin' | 'maintain' | 'write' | 'triage' | 'read';

export interface FakeCheckRun {
  id: number;
  nodeId: string;
  name: string;
  headSha: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: string | null;
  startedAt: number;
  completedAt: number | null;
  externalId: string | null;
  detailsUrl: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
}

export interface FakeRepo {
  id: number;
  nodeId: string;
  ownerLogin: string;
  name: string;
  /** `repoKey` of the repository this one is a fork of; null when it is not a fork. */
  parentKey: string | null;
  private: boolean;
  description: string | null;
  defaultBranch: string;
  /** Archived: shown in `archived` (writes are not refused by the fake). */
  archived?: boolean;
  createdAt: number;
  updatedAt: number;
  pushedAt: number;
  branches: Map<string, FakeBranch>;
  commits: Map<string, FakeCommit>;
  /** Issues and the issue side of pull requests; they share one number sequence. */
  issues: Map<number, FakeIssue>;
  pulls: Map<number, FakePull>;
  milestones: Map<number, FakeMilestone>;
  labels: FakeLabel[];
  comments: Map<number, FakeComment>;
  /** Reactions to issue comments, by reaction id. */
  reactions: Map<number, FakeReaction>;
  /**
   * Roles of people on the repository, by login (compared case-insensitively). The owner is an
   * admin without an entry; anyone else without one can read a public repository and nothing of a
   * private one. Set them in tests: `fake.repo('acme/plan').collaborators.set('alice', 'write')`.
   */
  collaborators: Map<string, FakeRole>;
  checkRuns: Map<number, FakeCheckRun>;
  nextNumber: number;
  nextMilestoneNumber: number;
  installationId: number | null;
}

export interface FakeInstallation {
  id: number;
  accountLogin: string;
  repoFullNames: string[];
  /** When it was installed (ms epoch), and the app's id and slug; absent in ones built by hand. */
  createdAt?: number;
  appId?: number;
  appSlug?: string;
}

export interface FakeState {
  users: Map<string, FakeUser>;
  repos: Map<string, FakeRepo>;
  installations: Map<number, FakeInstallation>;
  tokens: Map<string, { installationId: number; expiresAt: number }>;
  /** Apps registered from a manifest, by the code their conversion takes. */
  manifestCodes: Map<string, ManifestRegistration>;
  nextId: number;
}

export function createFakeState(): FakeState {
  return {
    users: new Map(),
    repos: new Map(),
    installations: new Map(),
    tokens: new Map(),
    manifestCodes: new Map(),
    // Ids start far above any issue/milestone number so a test that mixes up
    // `id` and `number` fails loudly instead of passing by coincidence.
    nextId: 1_000_001,
  };
}

/** Next globally unique numeric id (issues, milestones, labels, … share one sequence). */
export function allocateId(state: FakeState): number {
  const id = state.nextId;
  state.nextId += 7;
  return id;
}

/** GraphQL-style opaque node id, e.g. `I_kwDOAAAH` for an issue. */
export function makeNodeId(params: { prefix: string; id: number }): string {
  return `${params.prefix}_kw${Buffer.from(`${params.prefix}:${params.id}`).toString('base64url')}`;
}

export function repoKey(params: { owner: string; repo: string }): string {
  return `${params.owner}/${params.repo}`.toLowerCase();
}

/** Returns the user with this login, creating it (as `type`) on first use. */
export function ensureUser(params: {
  state: FakeState;
  login: string;
  type?: FakeUser['type'];
}): FakeUser {
  const existing = params.state.users.get(params.login.toLowerCase());
  if (existing) return existing;
  const id = allocateId(params.state);
  const type = params.type ?? (params.login.endsWith('[bot]') ? 'Bot' : 'User');
  const user: FakeUser = { login: params.login, id, nodeId: makeNodeId({ prefix: 'U', id }), type };
  params.state.users.set(params.login.toLowerCase(), user);
  return user;
}
