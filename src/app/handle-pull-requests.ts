import type { Context } from 'probot';
import { CHECK_RUN_NAME } from '../report/render-pr-check-run.js';
import { describeHttpFailure } from '../sync/github-client.js';
import type { Clock } from '../sync/pace-writes.js';
import { ONBOARDING_BRANCH } from '../sync/onboard-repository.js';
import type { PreviewOutcome, PullRequestHead } from '../sync/preview-pull-request.js';
import { previewPullRequest } from '../sync/preview-pull-request.js';
import type { RepoRef } from '../sync/sync-types.js';
import { findStickyComment } from '../sync/upsert-sticky-comment.js';
import { PR_PREVIEW_MARKER } from '../report/render-pr-preview.js';
import type { CommandRequest, CommandResult } from './answer-commands.js';
import { createCommandAnswers, mergeCommands } from './answer-commands.js';
import type { ConfigReader } from './repo-settings.js';
import { createInProcessSyncQueue } from './sync-queue.js';
import type { AppOctokit } from './sync-octokit.js';
import { toGithubClient } from './sync-octokit.js';
import type { SyncResources } from './sync-resources.js';
import type { RepoLock } from './repo-lock.js';
import type { AppLogger, DeliveryRef } from './delivery-log.js';
import { createDeliveryLogs, createRunLog, deliveryOf } from './delivery-log.js';
import { webOriginOf } from './web-origin.js';

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
  /** `/milestone-sync preview` commands on this pull request, answered once it ran. */
  commands: CommandRequest[];
  /** A pull-request event (not only commands) asked for it: it runs whatever the commands say. */
  fromEvent: boolean;
}

/** The events (and commands) that reach the previews. */
type PreviewContext = Context<'pull_request' | 'check_run' | 'issue_comment'>;

/**
 * Pull-request previews for the app (src/sync/preview-pull-request.ts): thin handlers that decide
 * from the payload and queue one preview per pull request. Previews of one pull request never
 * overlap and a burst collapses into one follow-up with the latest head, so two racing
 * deliveries cannot post two comments (the use case also lists comments again before posting).
 * Previews only read, and write the comment and the check run: they never wait for a sync. Across
 * processes `lock` (a lock of its own, not the sync's) runs one preview of a repository at a time,
 * so two replicas handling deliveries of one pull request cannot both post its comment.
 * A `/milestone-sync preview` command on a pull request (src/app/handle-commands.ts) re-runs its
 * preview through the same queue and is answered with a link to the preview comment.
 */
export function createPullRequestPreviews(params: {
  clock: Clock;
  resources: SyncResources;
  /** Held around each preview: across processes, one preview of a repository at a time. */
  lock: RepoLock;
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
      const { cache, pacer } = resources.forRepo(input);
      const answers = createCommandAnswers({ octokit: input.octokit, repo, clock, pacer, log });
      const admitted = await answers.admit(input.commands);
      if (!input.fromEvent && admitted.length === 0) return null;
      let outcome: PreviewOutcome | null = null;
      let failure: string | null = null;
      try {
        outcome = await params.lock({
          repoId: input.repoId,
          fullName,
          run: () =>
            previewPullRequest({
              octokit: toGithubClient(input.octokit),
              configReader: input.octokit,
              repo,
              pull: input.pull,
              webUrl: input.webUrl,
              cache,
              clock,
              log,
            }),
        });
        if (outcome.status === 'previewed') {
          log.info(
            `${fullName}#${input.pull.number}: preview ${outcome.preview.kind}, comment ${outcome.comment} (${input.event})`,
          );
        }
      } catch (error) {
        failure = describeHttpFailure(error);
        log.error(
          { err: error },
          `${fullName}#${input.pull.number}: preview failed (${input.event}): ${failure}`,
        );
      }
      if (admitted.length > 0) {
        await answers.finish({
          commands: admitted,
          result: await describePreview({ input, outcome, failure }),
        });
      }
      return outcome;
    },
    // A later delivery has the newer head; a re-run (number only) reads the pull request.
    merge: ({ waiting, next }) => ({
      ...next,
      commands: mergeCommands({ waiting: waiting.commands, next: next.commands }),
      fromEvent: waiting.fromEvent || next.fromEvent,
      deliveries: [...waiting.deliveries, ...next.deliveries],
    }),
    // Runs log their own failures; this is a last resort.
    onError: ({ input, error }) =>
      runLog(input).error(`preview of #${input.pull.number} failed: ${describeHttpFailure(error)}`),
  });

  // Enqueued, not awaited: the delivery is answered at once (see sync-queue.ts).
  const push = async (context: PreviewContext, input: PreviewRequest) => {
    if (!queue.enqueue({ key: `${input.repoId}#${input.pull.number}`, input })) {
      logOf(context).warn(`#${input.pull.number}: not previewed: stopping`);
    }
  };

  const base = (context: PreviewContext) => {
    const repository = context.payload.repository;
    const installationId = (context.payload as { installation?: { id: number } }).installation?.id;
    if (installationId === undefined || repository.archived) return null;
    return {
      repo: { owner: repository.owner.login, repo: repository.name },
      repoId: repository.id,
      installationId,
      octokit: context.octokit,
      webUrl: webOriginOf(repository.html_url),
      log: params.log(),
      deliveries: [deliveryOf(context)],
      event: `${context.name}.${context.payload.action}`,
      commands: [],
      fromEvent: true,
    };
  };

  /** A pull request into the default branch: merging it syncs, so it is previewed. */
  const onPullRequest = async (context: Context<'pull_request'>): Promise<void> => {
    const { payload } = context;
    const pr = payload.pull_request;
    const common = base(context);
    if (!common) return;
    if (pr.base.ref !== payload.repository.default_branch) return; // merging it syncs nothing
    if (pr.head.ref === ONBOARDING_BRANCH && pr.head.repo?.id === payload.repository.id) {
      // The onboarding pull request's description is the preview already.
      logOf(context).debug(`#${pr.number}: the onboarding pull request is not previewed`);
      return;
    }
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

  /** `/milestone-sync preview` on a pull request: its preview again, then the answer. */
  const onPreviewCommand = async (
    context: Context<'issue_comment'>,
    command: CommandRequest,
  ): Promise<void> => {
    const common = base(context);
    if (!common) return;
    await push(context, {
      ...common,
      pull: { number: command.issueNumber },
      commands: [command],
      fromEvent: false,
    });
  };

  return {
    onPullRequest,
    onCheckRunRerequested,
    onPreviewCommand,
    idle: () => queue.idle(),
    close: () => queue.close(),
  };
}

/** The answer to `preview` commands: a link to the preview comment, or why there is none. */
async function describePreview(params: {
  input: PreviewRequest;
  outcome: PreviewOutcome | null;
  failure: string | null;
}): Promise<CommandResult> {
  const { input, outcome } = params;
  if (outcome === null)
    return { ok: false, message: `The preview failed: ${params.failure ?? ''}` };
  switch (outcome.status) {
    case 'closed':
      return { ok: true, message: 'This pull request is closed: there is nothing to preview.' };
    case 'other-base':
      return {
        ok: true,
        message:
          'This pull request is not into the default branch: merging it syncs nothing, so it has no preview.',
      };
    case 'not-touched':
      return {
        ok: true,
        message:
          'This pull request changes neither the plan nor `.github/milestone-sync.yml`: merging it syncs nothing, so it has no preview.',
      };
    case 'previewed': {
      const url = await findStickyComment({
        octokit: toGithubClient(input.octokit),
        repo: input.repo,
        number: input.pull.number,
        marker: PR_PREVIEW_MARKER,
      })
        .then((comment) => comment?.url ?? null)
        .catch(() => null);
      const link = (text: string) => (url ? `[${text}](${url})` : text);
      const comment =
        outcome.comment === 'unchanged'
          ? `${link('The preview comment')} was up to date`
          : `${outcome.comment === 'created' ? 'Posted' : 'Updated'} ${link('the preview comment')}`;
      const check = outcome.checkRequests > 0 ? ' and the `milestone-sync` check run' : '';
      return {
        ok: true,
        message: `${comment}${check}. Nothing was written to issues or milestones.`,
      };
    }
  }
}
