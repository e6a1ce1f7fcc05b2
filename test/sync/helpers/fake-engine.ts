/**
 * The engine's pieces wired to a fake GitHub, one step at a time (read → plan → apply), so a test
 * can inject faults or act as a person between steps. Nothing goes over the network.
 */
import { createFakeGitHub } from '@milestone-sync/fake-github';
import type { FakeGitHub, FakeIssue } from '@milestone-sync/fake-github';
import { parsePlan } from '../../../src/plan/parse-plan.js';
import type { EditText } from '../../../src/sync/apply-actions.js';
import { applyActions } from '../../../src/sync/apply-actions.js';
import type { GithubClient } from '../../../src/sync/github-client.js';
import { silentLogger } from '../../../src/sync/github-client.js';
import { createWritePacer } from '../../../src/sync/pace-writes.js';
import { planActions } from '../../../src/sync/plan-actions.js';
import { createMemoryReadCache, readGithub } from '../../../src/sync/read-github.js';
import { withRetry } from '../../../src/sync/request-with-retry.js';
import type {
  Action,
  ActionResult,
  GithubSnapshot,
  PlannedSync,
} from '../../../src/sync/sync-types.js';
import { CONFIG, PATH, REPO } from './snapshot-builders.js';
import { editWithPlanEdits } from './simulate-actions.js';

export const FULL_NAME = `${REPO.owner}/${REPO.repo}`;

export interface FakeEngine {
  fake: FakeGitHub;
  /** withRetry + pacer around the fake's octokit, on the fake's virtual clock. */
  octokit: GithubClient;
  read: () => Promise<GithubSnapshot>;
  plan: (snapshot: GithubSnapshot) => PlannedSync;
  apply: (params: {
    snapshot: GithubSnapshot;
    actions: Action[];
    dryRun?: boolean;
    editText?: EditText;
  }) => Promise<ActionResult[]>;
  /** read → plan → apply once. */
  sync: (options?: {
    dryRun?: boolean;
  }) => Promise<{ planned: PlannedSync; results: ActionResult[] }>;
  fileText: (branch?: string) => string;
  issues: () => FakeIssue[];
  issueByTitle: (title: string) => FakeIssue;
}

export function createFakeEngine(params: {
  text: string;
  protectedBranches?: string[];
}): FakeEngine {
  const fake = createFakeGitHub();
  fake.createRepo({
    fullName: FULL_NAME,
    files: { [PATH]: params.text },
    protectedBranches: params.protectedBranches,
  });
  const octokit = withRetry({
    client: fake.octokit(),
    clock: fake.clock,
    pacer: createWritePacer({ clock: fake.clock }),
    log: silentLogger,
  });
  const cache = createMemoryReadCache();
  const read = () => readGithub({ octokit, repo: REPO, path: PATH, cache });
  const plan = (snapshot: GithubSnapshot) =>
    planActions({
      plan: parsePlan({ text: snapshot.file.text }).plan,
      github: snapshot,
      config: CONFIG,
    });
  const apply: FakeEngine['apply'] = ({ snapshot, actions, dryRun, editText }) =>
    applyActions({
      actions,
      octokit,
      repo: REPO,
      fileText: snapshot.file.text,
      editText: editText ?? editWithPlanEdits,
      dryRun: dryRun ?? false,
      log: silentLogger,
    });
  const repoState = () => fake.repo(FULL_NAME);
  const issues = () => [...repoState().issues.values()].filter((issue) => !issue.isPullRequest);
  return {
    fake,
    octokit,
    read,
    plan,
    apply,
    sync: async (options = {}) => {
      const snapshot = await read();
      const planned = plan(snapshot);
      const results = await apply({ snapshot, actions: planned.actions, dryRun: options.dryRun });
      return { planned, results };
    },
    fileText: (branch) => {
      const repo = repoState();
      const head = repo.branches.get(branch ?? repo.defaultBranch)?.headSha;
      const blob = head ? repo.commits.get(head)?.files.get(PATH) : undefined;
      if (!blob) throw new Error(`${PATH} missing on ${branch ?? repo.defaultBranch}`);
      return blob.bytes.toString('utf8');
    },
    issues,
    issueByTitle: (title) => {
      const found = issues().filter((issue) => issue.title === title);
      if (found.length !== 1) throw new Error(`${found.length} issues titled “${title}”`);
      return found[0] as FakeIssue;
    },
  };
}

/** `kind status` per result, e.g. `create-issue ok`. */
export function outcomes(results: ActionResult[]): string[] {
  return results.map((r) => `${r.action.kind} ${r.outcome.status}`);
}
