import type { ApplicationFunctionOptions, Context, Probot } from 'probot';
import type { Logger } from '../sync/github-client.js';
import type { Clock } from '../sync/pace-writes.js';
import { realClock } from '../sync/pace-writes.js';
import type { RepoRef } from '../sync/sync-types.js';
import type { PushLike } from './plans-touched-by-push.js';
import { isOwnPush, plansTouchedByPush, pushMayTouchPlan } from './plans-touched-by-push.js';
import type { DeliveryDedupe } from './delivery-dedupe.js';
import { createInMemoryDeliveryDedupe } from './delivery-dedupe.js';
import type { RepoLock } from './repo-lock.js';
import { inProcessLock } from './repo-lock.js';
import type { ConfigReader } from './repo-settings.js';
import type { SyncQueue, SyncQueueHandlers } from './sync-queue.js';
import { createInProcessSyncQueue } from './sync-queue.js';
import type { AppOctokit } from './sync-octokit.js';
import type { CreatePacer } from './sync-resources.js';
import { createSyncResources } from './sync-resources.js';
import { createPullRequestPreviews, PULL_REQUEST_ACTIONS } from './handle-pull-requests.js';
import { runRepositorySync } from './run-repository-sync.js';
import { checkSyncRequest } from './check-sync-request.js';
import type { CommandRequest } from './answer-commands.js';
import { createCommandAnswers, mergeCommands, runWithCommands } from './answer-commands.js';
import { createCommandHandler } from './handle-commands.js';
import type { DeliveryRef } from './delivery-log.js';
import { createDeliveryLogs, createRunLog, deliveryOf, eventName } from './delivery-log.js';
import { summarizeMergedPulls } from './summarize-merged-pulls.js';
import type { DeliveryOutcome, MetricsRecorder } from './app-metrics.js';
import { noMetrics } from './app-metrics.js';
import type { SyncLedger } from './sync-ledger.js';
import { createInMemorySyncLedger } from './sync-ledger.js';
import type { SweepLock } from './sweep-lock.js';
import { createInProcessSweepLock } from './sweep-lock.js';
import { recordSyncRun } from './record-sync-run.js';
import type { InstallationSweep } from './sweep-installations.js';
import { sweepInstallations } from './sweep-installations.js';
import type { GithubClient } from '../sync/github-client.js';
import { webOriginOf } from './web-origin.js';

/** The default batching window for issue, milestone and sub-issue events (ms). */
export const DEFAULT_BATCH_WINDOW_MS = 5_000;

export interface MilestoneSyncOptions {
  /**
   * The app's slug: events sent by `<slug>[bot]` are the app's own and start no sync. Default:
   * asked once from `GET /app` (or taken from an installation event).
   */
  appSlug?: string;
  /** Time for write pacing and retry waits, and today's date. Default: real time. */
  clock?: Clock;
  /**
   * Cross-process exclusion around each sync; see repo-lock.ts (postgres-repo-lock.ts for
   * several processes). Default: in-process only.
   */
  lock?: RepoLock;
  /**
   * Cross-process exclusion around each pull-request preview of a repository, so two processes
   * never post its sticky comment at once (postgres-repo-lock.ts with PREVIEW_LOCK_CLASS for
   * several processes). Apart from `lock`: a preview never waits for a sync. Default: in-process.
   */
  previewLock?: RepoLock;
  /**
   * Delivery ids already handled: a delivery claimed before (a redelivery, or the same delivery
   * sent to another replica) is answered without being handled again. Default: in this process,
   * the last 10,000 (createInMemoryDeliveryDedupe); postgres-delivery-dedupe.ts for several.
   */
  deliveries?: DeliveryDedupe;
  /** Repositories whose reads stay cached (ETags) between syncs. Default 100. */
  maxCachedRepos?: number;
  /**
   * Makes each installation's write pacer (GitHub's write ceilings count an installation's
   * writes). Default: in this process (createWritePacer); postgres-write-pacer.ts for several.
   */
  createPacer?: CreatePacer;
  /**
   * Batching window (ms) for issue, milestone and sub-issue events: the sync they ask for starts
   * once this long has passed without another of them (at most ten windows after the first), so
   * a person closing issues one after another costs one sync and one commit (measured by
   * tools/measure-batching.ts). Pushes and installations start at once. Default
   * DEFAULT_BATCH_WINDOW_MS.
   */
  batchWindowMs?: number;
  /**
   * The queue syncs wait in. Default: in this process (createInProcessSyncQueue). Requests are
   * plain JSON (SyncRequest), so a durable queue (postgres-sync-queue.ts) can store them.
   */
  createQueue?: (handlers: SyncQueueHandlers<SyncRequest>) => SyncQueue<SyncRequest>;
  /** Prometheus metrics to record into (createAppMetrics, app-metrics.ts). Default: none. */
  metrics?: MetricsRecorder;
  /**
   * Each repository's last sync, recorded after every run, read by the recovery sweep
   * (`sweep()`). Default: in this process (createInMemorySyncLedger); postgres-sync-ledger.ts for
   * several.
   */
  ledger?: SyncLedger;
  /** One recovery sweep at a time. Default: in this process; postgres-sweep-lock.ts for several. */
  sweepLock?: SweepLock;
}

/** Counters, for tests and health output. */
export interface AppStats {
  /** Events that asked for a sync (before coalescing). */
  requested: number;
  /** Events let go without a sync, and without reading anything for them. */
  ignored: number;
  /** Sync runs started (after coalescing). */
  runs: number;
  /** Repositories with a sync going, and repositories with one waiting (in its window or behind one). */
  running: number;
  waiting: number;
}

export interface MilestoneSyncApp {
  /** Resolves once no sync runs or waits (for tests). */
  idle(): Promise<void>;
  /**
   * For shutdown: queues nothing more, starts waiting syncs without their batching window, and
   * resolves once every queued sync has run. The caller bounds the wait.
   */
  close(): Promise<void>;
  stats(): AppStats;
  /**
   * One recovery sweep (sweep-installations.ts): queues a sync of each repository whose plan or
   * owned issues changed since its last run without the app hearing of it (a lost webhook), within
   * a share of each installation's rate limit. Resolves with what each installation's sweep did,
   * or null when another sweep holds the sweep lock.
   */
  sweep(options?: { budgetShare?: number; syncCost?: number }): Promise<InstallationSweep[] | null>;
}

/** `issues` actions that can change what the plan file should say. */
const ISSUE_ACTIONS = [
  'closed',
  'reopened',
  'edited',
  'deleted',
  'transferred',
  'milestoned',
  'demilestoned',
  'labeled',
  'unlabeled',
] as const;
const MILESTONE_ACTIONS = ['edited', 'closed', 'opened', 'deleted'] as const;

/** The events the app handles (Probot's typed contexts, @octokit/webhooks payloads). */
type AppEventName =
  | 'push'
  | 'issues'
  | 'milestone'
  | 'sub_issues'
  | 'issue_comment'
  | 'installation'
  | 'installation_repositories';
type EventContext = Context<AppEventName>;
/** The fields the app reads of an event's repository (the same in every event's payload type). */
type RepositoryPayload = Pick<
  NonNullable<Context<'issues'>['payload']['repository']>,
  'id' | 'name' | 'full_name' | 'html_url' | 'archived'
> & { owner?: { login: string } | null };
type InstallationRepository =
  Context<'installation_repositories'>['payload']['repositories_added'][number];

/** The repository an event is about; installation events have none. */
function repositoryOf(context: EventContext): RepositoryPayload | undefined {
  return 'repository' in context.payload ? context.payload.repository : undefined;
}

/**
 * One request for a sync of one repository; requests that wait together are merged. Plain JSON
 * (a durable queue stores it): the run rebuilds the installation client from `installationId`
 * (`app.auth`) and its logger from Probot's `app.log` and `deliveries` (delivery-log.ts).
 */
export interface SyncRequest {
  repo: RepoRef;
  fullName: string;
  repoId: number;
  installationId: number;
  /** The deliveries merged into this request, in arrival order. */
  deliveries: DeliveryRef[];
  webUrl: string | null;
  events: string[];
  /** Pushes that may touch a plan: they need a sync only if they touch this repository's plan. */
  pushes: PushLike[];
  /** Some event needs a sync whatever the config says (issues, milestones, installation). */
  always: boolean;
  /** Commands (`/milestone-sync …` comments) to answer in this run; see answer-commands.ts. */
  commands: CommandRequest[];
  /** An installation event asked: a repository that has not opted in gets an onboarding pull request. */
  onboard: boolean;
  /**
   * When the first request merged into this one was enqueued (ms since the epoch, the app's
   * clock), for `job_wait_seconds`. Absent in requests stored by versions before it.
   */
  enqueuedAt?: number;
}

/**
 * The Probot app: thin handlers that decide whether a repository needs a sync, queue one (a
 * SyncQueue, src/app/sync-queue.ts; with a durable one, once it is stored) and return, so Probot
 * answers the delivery without waiting for the sync; the queue runs it (src/app/run-repository-sync.ts → src/sync/sync-repository.ts). Per
 * repository, syncs never overlap, events arriving during one collapse into one follow-up, and
 * issue and milestone events wait a short batching window first. Events sent by the app's own
 * bot are skipped: syncs are level-triggered, so the next person's event reconciles anyway. Only
 * a repository that opted in is synced, which the queued run decides once it has read the config
 * (run-repository-sync.ts); an installation offers the others an onboarding pull request.
 * `/milestone-sync sync|preview` comments (handle-commands.ts) ride the same queues and are
 * answered in the run (answer-commands.ts).
 * Each delivery id is handled once (`deliveries`). Handlers throw only when the queue cannot
 * store a sync (a durable queue whose database failed): Probot then answers 500, GitHub marks the
 * delivery failed, and the id is released so its redelivery is handled. Other failures are logged
 * with the repository and the event.
 *
 * `milestoneSyncApp(app, options)` fits Probot's `ApplicationFunction` (`probot.load`, `Server`);
 * the returned handle is for shutdown and tests.
 */
export function milestoneSyncApp(
  app: Probot,
  options: Partial<ApplicationFunctionOptions> & MilestoneSyncOptions = {},
): MilestoneSyncApp {
  const clock = options.clock ?? realClock;
  const lock = options.lock ?? inProcessLock;
  const deliveries = options.deliveries ?? createInMemoryDeliveryDedupe();
  const ledger = options.ledger ?? createInMemorySyncLedger();
  const sweepLock = options.sweepLock ?? createInProcessSweepLock();
  const resources = createSyncResources({
    clock,
    maxCachedRepos: options.maxCachedRepos,
    createPacer: options.createPacer,
  });
  const counters = { requested: 0, ignored: 0, runs: 0 };
  const metrics = options.metrics ?? noMetrics;
  /** What each delivery came to, for `deliveries_total` (set by `ignore` and `request`). */
  const outcomes = new WeakMap<object, DeliveryOutcome>();
  const botLogin = createBotLogin({ app, appSlug: options.appSlug, clock });
  const logOf = createDeliveryLogs(() => app.log);
  const runLog = (input: SyncRequest) =>
    createRunLog({
      base: app.log,
      deliveries: input.deliveries,
      repo: input.fullName,
      installationId: input.installationId,
    });

  const runSync = (params: Parameters<typeof runRepositorySync>[0]) =>
    timeSyncRun(metrics, () => runRepositorySync(params));

  const batchWindowMs = options.batchWindowMs ?? DEFAULT_BATCH_WINDOW_MS;
  const createQueue =
    options.createQueue ??
    ((handlers: SyncQueueHandlers<SyncRequest>) =>
      createInProcessSyncQueue({ ...handlers, clock }));

  const queue = createQueue({
    run: async ({ input: stored }) => {
      checkSyncRequest(stored);
      if (stored.enqueuedAt !== undefined) {
        // Replicas' clocks may differ a little: a negative wait counts as none.
        metrics.jobWait({ seconds: Math.max(0, clock.now() - stored.enqueuedAt) / 1000 });
      }
      counters.runs++;
      const { cache, pacer } = resources.forRepo(stored);
      const log = runLog(stored);
      // Each run is recorded for the recovery sweep (record-sync-run.ts).
      const recordedSync = (params: Parameters<typeof runRepositorySync>[0]) =>
        recordSyncRun({
          ledger,
          clock,
          repo: stored,
          dryRun: params.dryRun ?? false,
          log,
          run: () => runSync(params),
        });
      // The installation client, rebuilt at run time (Probot caches its tokens): what
      // context.octokit is, Probot's Octokit with the config plugin.
      const octokit: AppOctokit & ConfigReader = await app.auth(stored.installationId);
      metrics.watchOctokit({ octokit, installationId: stored.installationId });
      const input = { ...stored, octokit };
      return lock({
        repoId: input.repoId,
        fullName: input.fullName,
        run: () =>
          runWithCommands({
            commands: input.commands,
            answers: createCommandAnswers({
              octokit: input.octokit,
              repo: input.repo,
              clock,
              pacer,
              log,
            }),
            needsSync: input.always || input.pushes.length > 0,
            sync: ({ forced, dryRun }) =>
              recordedSync({
                octokit: input.octokit,
                repo: input.repo,
                trigger: describeEvents(input.events),
                wanted: (settings) =>
                  forced ||
                  input.always ||
                  input.pushes.some(
                    (payload) => plansTouchedByPush({ payload, config: settings }).length > 0,
                  ),
                dryRun,
                onboard: input.onboard,
                webUrl: input.webUrl,
                cache,
                pacer,
                clock,
                log,
                // Pushes that merged a pull request: one summary comment on it (not from a
                // dry run, which writes nothing).
                onSynced: async (result) => {
                  if (dryRun || result.settings.dryRun) return;
                  await summarizeMergedPulls({
                    octokit: input.octokit,
                    repo: input.repo,
                    pushes: input.pushes,
                    result,
                    clock,
                    pacer,
                    log,
                  });
                },
              }),
          }),
      });
    },
    merge: ({ waiting, next }) => ({
      ...next,
      deliveries: [...waiting.deliveries, ...next.deliveries],
      events: [...waiting.events, ...next.events],
      pushes: [...waiting.pushes, ...next.pushes],
      always: waiting.always || next.always,
      commands: mergeCommands({ waiting: waiting.commands, next: next.commands }),
      onboard: waiting.onboard || next.onboard,
      ...earliestEnqueue({ waiting, next }),
    }),
    // runRepositorySync logs its own failures; this is a last resort (e.g. the lock failed).
    onError: ({ input, error, attempt, willRetry }) => {
      const message = `${input.fullName}: sync failed (${describeEvents(input.events)}, attempt ${attempt}): ${(error as Error).message}`;
      if (willRetry) runLog(input).warn(`${message}; retrying`);
      else runLog(input).error(message);
    },
  });

  const ignore = (context: EventContext, why: string) => {
    counters.ignored++;
    if (!outcomes.has(context)) outcomes.set(context, 'ignored');
    const repository = repositoryOf(context)?.full_name ?? 'installation';
    logOf(context).debug(`${repository}: ${eventName(context)} ignored: ${why}`);
  };

  /**
   * Queues a sync and resolves once it is queued (a durable queue: stored), so the delivery is
   * answered then, without waiting for the sync. A queue that cannot store it rejects: the
   * handler throws, Probot answers 500 and GitHub marks the delivery failed.
   */
  const request = async (params: {
    context: EventContext;
    repository: RepositoryPayload | InstallationRepository;
    push?: PushLike;
    /** A command to answer (it needs a sync only if its author may give it). */
    command?: CommandRequest;
    /** Wait the batching window before starting (issue and milestone events). */
    batch?: boolean;
    /** An installation: onboard the repository if it has not opted in. */
    onboard?: boolean;
  }): Promise<void> => {
    const { context, repository } = params;
    const installationId = context.payload.installation?.id;
    if (installationId === undefined) return ignore(context, 'no installation in the payload');
    counters.requested++;
    const input: SyncRequest = {
      repo: {
        owner:
          ('owner' in repository ? repository.owner?.login : undefined) ??
          repository.full_name.split('/')[0] ??
          '',
        repo: repository.name,
      },
      fullName: repository.full_name,
      repoId: repository.id,
      installationId,
      deliveries: [deliveryOf(context)],
      webUrl: webUrlOf(context),
      events: [eventName(context)],
      pushes: params.push ? [slimPush(params.push)] : [],
      always: params.push === undefined && params.command === undefined,
      commands: params.command ? [params.command] : [],
      onboard: params.onboard ?? false,
      enqueuedAt: clock.now(),
    };
    const queued = await queue.enqueue({
      key: String(repository.id),
      input,
      delayMs: params.batch ? batchWindowMs : 0,
    });
    if (queued || !outcomes.has(context)) outcomes.set(context, queued ? 'queued' : 'ignored');
    if (!queued) {
      logOf(context).warn(`${repository.full_name}: ${eventName(context)} not synced: stopping`);
    }
  };

  const onRepositoryEvent = async (
    context: Context<'issues' | 'milestone' | 'sub_issues'>,
  ): Promise<void> => {
    const repository = context.payload.repository;
    if (!repository) return ignore(context, 'no repository');
    if (repository.archived) return ignore(context, 'the repository is archived');
    const bot = await botLogin({ log: logOf(context) });
    const sender = context.payload.sender;
    if (bot !== null && sender?.type === 'Bot' && sender.login === bot) {
      return ignore(context, `sent by the app itself (${bot})`);
    }
    if (
      context.name === 'issues' &&
      ['deleted', 'transferred'].includes(context.payload.action ?? '')
    ) {
      resources.dropRepo({
        installationId: context.payload.installation?.id ?? 0,
        repoId: repository.id,
      });
    }
    await request({ context, repository, batch: true });
  };

  const onPush = async (context: Context<'push'>): Promise<void> => {
    const repository = context.payload.repository;
    if (!repository) return ignore(context, 'no repository');
    if (repository.archived) return ignore(context, 'the repository is archived');
    // Decided from the payload alone: a push that touches no plan candidate costs no API call.
    if (!pushMayTouchPlan(context.payload)) {
      return ignore(context, 'not to the default branch, or touches no plan file');
    }
    const bot = await botLogin({ log: logOf(context) });
    if (isOwnPush({ payload: context.payload, botLogin: bot })) {
      return ignore(context, `the app's own commit (${bot})`);
    }
    await request({ context, repository, push: context.payload });
  };

  const onInstallation = async (
    context: Context<'installation' | 'installation_repositories'>,
    repositories: InstallationRepository[],
  ): Promise<void> => {
    botLogin.learn(context.payload.installation?.app_slug);
    // Each goes through the queue (and coalesces with events); the queue bounds how many run at
    // once, so a new installation on a big organisation does not start hundreds of syncs together.
    // A repository that has not opted in is offered an onboarding pull request instead of a sync.
    for (const repository of repositories) {
      await request({ context, repository, onboard: true });
    }
  };

  /**
   * Handles each delivery once: one whose id was claimed before (a redelivery, or the same
   * delivery at another replica) is answered without being handled. When handling throws (the
   * queue could not store the sync) the claim is released, so GitHub's redelivery is handled.
   */
  const once = async (
    context: Pick<Context, 'id' | 'name' | 'payload'>,
    handle: () => Promise<void> | void,
  ): Promise<void> => {
    metrics.watchOctokit({
      octokit: (context as { octokit?: unknown }).octokit,
      installationId: (context.payload as { installation?: { id?: number } }).installation?.id,
    });
    if (!(await deliveries.claim(context.id))) {
      metrics.delivery({ event: eventName(context), outcome: 'duplicate' });
      counters.ignored++;
      logOf(context).debug(`${eventName(context)} ignored: delivery ${context.id} seen before`);
      return;
    }
    try {
      await handle();
      metrics.delivery({ event: eventName(context), outcome: outcomes.get(context) ?? 'handled' });
    } catch (error) {
      metrics.delivery({ event: eventName(context), outcome: 'failed' });
      metrics.error('delivery');
      await deliveries.release(context.id).catch((releaseError: unknown) => {
        logOf(context).warn(
          `delivery ${context.id}: could not forget it (${(releaseError as Error).message}); a redelivery will be ignored`,
        );
      });
      throw error;
    }
  };

  app.on('push', (context) => once(context, () => onPush(context)));
  // Pull-request previews: a dry run at the head commit, one sticky comment and a check run.
  const previews = createPullRequestPreviews({
    clock,
    resources,
    lock: options.previewLock ?? inProcessLock,
    log: () => app.log,
  });
  app.on(
    PULL_REQUEST_ACTIONS.map((action) => `pull_request.${action}` as const),
    (context) => once(context, () => previews.onPullRequest(context)),
  );
  app.on('check_run.rerequested', (context) =>
    once(context, () => previews.onCheckRunRerequested(context)),
  );
  app.on(
    ISSUE_ACTIONS.map((action) => `issues.${action}` as const),
    (context) => once(context, () => onRepositoryEvent(context)),
  );
  app.on(
    MILESTONE_ACTIONS.map((action) => `milestone.${action}` as const),
    (context) => once(context, () => onRepositoryEvent(context)),
  );
  app.on('sub_issues', (context) => once(context, () => onRepositoryEvent(context)));
  // `/milestone-sync sync|preview` on the dashboard or a pull request (handle-commands.ts).
  const commands = createCommandHandler({
    requestSync: ({ context, command }) =>
      request({ context, repository: context.payload.repository, command }),
    requestPreview: ({ context, command }) => previews.onPreviewCommand(context, command),
    ignore,
    logOf,
  });
  app.on('issue_comment.created', (context) =>
    once(context, () => commands.onIssueComment(context)),
  );
  app.on('installation.created', (context) =>
    once(context, async () => {
      if (!context.payload.repositories) {
        logOf(context).warn(
          `installation.created (installation ${context.payload.installation.id}) lists no repositories; each syncs on its next event`,
        );
        return;
      }
      await onInstallation(context, context.payload.repositories);
    }),
  );
  app.on('installation_repositories.added', (context) =>
    once(context, () => onInstallation(context, context.payload.repositories_added)),
  );
  app.on('installation.deleted', (context) => {
    resources.dropInstallation(context.payload.installation.id);
  });
  app.on('installation_repositories.removed', (context) => {
    for (const r of context.payload.repositories_removed) {
      resources.dropRepo({ installationId: context.payload.installation.id, repoId: r.id });
    }
  });

  metrics.watchQueue(() => queue.size());
  return {
    idle: async () => {
      await Promise.all([queue.idle(), previews.idle()]);
    },
    close: async () => {
      await Promise.all([queue.close(), previews.close()]);
    },
    stats: () => ({ ...counters, ...queue.size() }),
    sweep: async (sweepOptions = {}) => {
      const swept = await sweepLock(async () =>
        sweepInstallations({
          appOctokit: (await app.auth()) as unknown as GithubClient,
          installationOctokit: async (id) => (await app.auth(id)) as unknown as GithubClient,
          ledger,
          // Stamped here, like every request the app queues, so the job wait counts it too.
          enqueue: async (input) =>
            await queue.enqueue({
              key: String(input.repoId),
              input: { ...input, enqueuedAt: clock.now() },
              delayMs: 0,
            }),
          clock,
          log: app.log,
          ...sweepOptions,
        }),
      );
      return swept.ran ? swept.value : null;
    },
  };
}

/**
 * The app's bot login, `<slug>[bot]`: from the option, else learnt from an installation event or
 * asked once from `GET /app` (as the app). When that fails it is asked again after ten minutes;
 * until then nothing is skipped as the app's own, which only costs syncs that plan nothing.
 */
function createBotLogin(params: { app: Probot; appSlug: string | undefined; clock: Clock }) {
  const { app, clock } = params;
  let login: string | null = params.appSlug ? `${params.appSlug}[bot]` : null;
  let failedAt: number | null = null;
  let pending: Promise<string | null> | null = null;
  const get = async ({ log }: { log: Logger }): Promise<string | null> => {
    if (login !== null) return login;
    if (failedAt !== null && clock.now() - failedAt < 10 * 60_000) return null;
    pending ??= (async () => {
      try {
        const octokit = await app.auth();
        const { data } = await octokit.request('GET /app');
        if (data?.slug) login = `${data.slug}[bot]`;
        failedAt = null;
      } catch (error) {
        failedAt = clock.now();
        log.warn(
          `Could not look up the app's slug (GET /app: ${(error as Error).message}); set APP_SLUG. Until then the app's own events start syncs too (they plan nothing).`,
        );
      }
      pending = null;
      return login;
    })();
    return pending;
  };
  return Object.assign(get, {
    learn: (slug: string | undefined) => {
      if (slug && login === null) login = `${slug}[bot]`;
    },
  });
}

/** Records a sync run's outcome and duration (wall time) into the metrics. */
async function timeSyncRun<T extends { outcome: string }>(
  metrics: MetricsRecorder,
  run: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  try {
    const result = await run();
    metrics.syncRun({ outcome: result.outcome, seconds: (performance.now() - started) / 1000 });
    return result;
  } catch (error) {
    metrics.syncRun({ outcome: 'failed', seconds: (performance.now() - started) / 1000 });
    throw error;
  }
}

/**
 * The earlier `enqueuedAt` of two merged requests (either may lack one, if stored by an older
 * version); no property at all when neither has one (plain JSON: never set to undefined).
 */
function earliestEnqueue(params: {
  waiting: Pick<SyncRequest, 'enqueuedAt'>;
  next: Pick<SyncRequest, 'enqueuedAt'>;
}): Pick<SyncRequest, 'enqueuedAt'> {
  const times = [params.waiting.enqueuedAt, params.next.enqueuedAt].filter(
    (time): time is number => time !== undefined,
  );
  return times.length > 0 ? { enqueuedAt: Math.min(...times) } : {};
}

/** `issues.closed`, or `issues.closed + 4 more` for a coalesced burst. */
function describeEvents(events: string[]): string {
  const [first = 'event', ...rest] = events;
  return rest.length === 0 ? first : `${first} + ${rest.length} more`;
}

/** The web origin for permalinks in issue bodies (GitHub Enterprise Server has its own). */
function webUrlOf(context: EventContext): string | null {
  const installation = context.payload.installation as { html_url?: string } | undefined;
  return webOriginOf(repositoryOf(context)?.html_url ?? installation?.html_url);
}

/**
 * Only what the push decision and the merge summary read (`after`: the pushed head, to find the
 * pull request it merged): payloads can be large, and a burst keeps several.
 */
function slimPush(payload: PushLike): PushLike {
  // Plain JSON (a durable queue stores it): no property set to undefined.
  const defined = <T extends object>(value: T): T =>
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
  return defined({
    ref: payload.ref,
    after: payload.after,
    deleted: payload.deleted,
    forced: payload.forced,
    commits: payload.commits.map((c) =>
      defined({ added: c.added, modified: c.modified, removed: c.removed }),
    ),
    repository: defined({ default_branch: payload.repository.default_branch }),
  });
}
