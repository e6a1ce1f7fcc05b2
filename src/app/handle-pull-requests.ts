import type { Context } from 'probot';
import { CHECK_RUN_NAME } from '../report/render-pr-check-run.js';
import { describeHttpFailure } from '../sync/github-client.js';
import type { Clock } from '../sync/pace-writes.js';
import type { PreviewOutcome, PullRequestHead } from '../sync/preview-pull-request.js';
import { previewPullRequest } from '../sync/preview-pull-request.js';
import type { RepoRef } from '../sync/sync-types.js';
import type { ConfigReader } from './repo-settings.js';
import { createInProcessSyncQueue } from './sync-queue.js';
import type { AppOctokit } from './sync-octokit.js';
import { toGithubClient } from './sync-octokit.js';
import type { SyncResources } from './sync-resources.js';
import type { AppLogger, DeliveryRef } from './delivery-log.js';
import { createDeliveryLogs, createRunLog, deliveryOf } from './delivery-log.js';

/** `pull_request` actions after which the preview may differ (`edited`: only a new base). */
export const PULL_REQUEST_ACTIONS = [
  'opened',
  'synchronize',
  'reopened',
  'edited',
  'ready_for_review',
] as const;

interface PreviewRequest {
  repo: RepoRef;
  repoId: number;
  installationId: number;
  octokit: AppOctokit & ConfigReader;
  pull: PullRequestHead | { number: number };
  webUrl: string | null;
  /** Probot's app logger; each preview logs through a child bound to its deliveries. */
  log: AppLogger;
  /** The deliveries merged into this request, in arrival order. */
  deliveries: DeliveryRef[];
  event: string;
}

/**
 * Pull-request previews for the app (src/sync/preview-pull-request.ts): thin handlers that decide
 * from the payload and queue one preview per pull request. Previews of one pull request never
 * overlap and a burst collapses into one follow-up with the latest head, so two racing
 * deliveries cannot post two comments (the use case also lists comments again before posting).
 * Previews only read, and write the comment and the check run: they never wait for a sync.
 */
export function createPullRequestPreviews(params: {
  clock: Clock;
  resources: SyncResources;
  /** Probot's app logger (read at each delivery); see delivery-log.ts for the fields. */
  log: () => AppLogger;
}) {
  const { clock, resources } = params;
  const logOf = createDeliveryLogs(params.log);
  const runLog = (input: PreviewRequest) =>
    createRunLog({
      base: input.log,
      deliveries: input.deliveries,
      repo: `${input.repo.owner}/${input.repo.repo}`,
      installationId: input.installationId,
    });
  const queue = createInProcessSyncQueue<PreviewRequest>({
    clock,
    run: async ({ input }): Promise<PreviewOutcome | null> => {
      const { repo } = input;
      const log = runLog(input);
      const fullName = `${repo.owner}/${repo.repo}`;
      try {
        const outcome = await previewPullRequest({
          octokit: toGithubClient(input.octokit),
          configReader: input.octokit,
          repo,
          pull: input.pull,
          webUrl: input.webUrl,
          cache: resources.forRepo(input).cache,
          clock,
          log,
        });
        if (outcome.status === 'previewed') {
          log.info(
            `${fullName}#${input.pull.number}: preview ${outcome.preview.kind}, comment ${outcome.comment} (${input.event})`,
          );
        }
        return outcome;
      } catch (error) {
        log.error(
          { err: error },
          `${fullName}#${input.pull.number}: preview failed (${input.event}): ${describeHttpFailure(error)}`,
        );
        return null;
      }
    },
    // The later delivery has the newer head; a re-run (number only) reads the pull request.
    merge: ({ waiting, next }) => ({
      ...next,
      deliveries: [...waiting.deliveries, ...next.deliveries],
    }),
    // Runs log their own failures; this is a last resort.
    onError: ({ input, error }) =>
      runLog(input).error(`preview of #${input.pull.number} failed: ${describeHttpFailure(error)}`),
  });

  // Enqueued, not awaited: the delivery is answered at once (see sync-queue.ts).
  const push = async (context: Context<'pull_request' | 'check_run'>, input: PreviewRequest) => {
    if (!queue.enqueue({ key: `${input.repoId}#${input.pull.number}`, input })) {
      logOf(context).warn(`#${input.pull.number}: not previewed: stopping`);
    }
  };

  const base = (context: Context<'pull_request' | 'check_run'>) => {
    const repository = context.payload.repository;
    const installationId = (context.payload as { installation?: { id: number } }).installation?.id;
    if (installationId === undefined || repository.archived) return null;
    return {
      repo: { owner: repository.owner.login, repo: repository.name },
      repoId: repository.id,
      installationId,
      octokit: context.octokit,
      webUrl: originOf(repository.html_url),
      log: params.log(),
      deliveries: [deliveryOf(context)],
      event: `${context.name}.${context.payload.action}`,
    };
  };

  /** A pull request into the default branch: merging it syncs, so it is previewed. */
  const onPullRequest = async (context: Context<'pull_request'>): Promise<void> => {
    const { payload } = context;
    const pr = payload.pull_request;
    const common = base(context);
    if (!common) return;
    if (pr.base.ref !== payload.repository.default_branch) return; // merging it syncs nothing
    if (payload.action === 'edited' && !('changes' in payload && payload.changes.base)) return;
    await push(context, {
      ...common,
      pull: {
        number: pr.number,
        headSha: pr.head.sha,
        headRepo: pr.head.repo?.full_name ?? null,
        state: pr.state === 'open' ? 'open' : 'closed',
      },
    });
  };

  /** “Re-run” in the Checks tab: recompute the pull request's preview and check run. */
  const onCheckRunRerequested = async (context: Context<'check_run'>): Promise<void> => {
    const run = context.payload.check_run;
    const common = base(context);
    if (!common || run.name !== CHECK_RUN_NAME) return;
    // GitHub lists no pull requests here for forks; such a re-run waits for the next push.
    const numbers = run.pull_requests.map((pr) => pr.number);
    if (numbers.length === 0) {
      logOf(context).info(
        `${common.repo.owner}/${common.repo.repo}: check re-run on ${run.head_sha.slice(0, 7)} names no pull request; the next push previews it`,
      );
    }
    for (const number of numbers) await push(context, { ...common, pull: { number } });
  };

  return {
    onPullRequest,
    onCheckRunRerequested,
    idle: () => queue.idle(),
    close: () => queue.close(),
  };
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
