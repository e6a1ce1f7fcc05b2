import { parsePlan } from '../plan/parse-plan.js';
import type { Diagnostic, Plan, PlanConfig } from '../plan/plan-types.js';
import type { GithubClient, Logger } from './github-client.js';
import type {
  ActionResult,
  GithubSnapshot,
  PlannedSync,
  RepoRef,
  SyncConfig,
} from './sync-types.js';
import { DEFAULT_SYNC_CONFIG } from './sync-types.js';
import type { ReadCache } from './read-github.js';
import { createMemoryReadCache, readGithub, readLabels } from './read-github.js';
import { planActions } from './plan-actions.js';
import type { ActionProgress, EditText } from './apply-actions.js';
import { applyActions } from './apply-actions.js';
import type { Clock, WritePacer } from './pace-writes.js';
import { createWritePacer, realClock } from './pace-writes.js';
import type { RetryPolicy } from './request-with-retry.js';
import { withRetry } from './request-with-retry.js';
import { planLabels } from './desired-labels.js';
import { createEditText } from './edit-plan-text.js';
import { isStaleSha } from './write-plan-file.js';
import type { DashboardResult } from './sync-dashboard.js';

export interface SyncRun {
  planned: PlannedSync;
  results: ActionResult[];
  /**
   * What the round read, and the plan text once its file edit is in (the edited text when the
   * edit was committed, proposed in a pull request or dry-run; else the text read): the after-state
   * the dashboard renders (src/sync/plan-dashboard.ts). Working state, not report: the CLI's
   * `--json` leaves it out (see reportToJson).
   */
  after?: { snapshot: GithubSnapshot; text: string };
}

export interface SyncReport {
  repo: RepoRef;
  path: string;
  dryRun: boolean;
  diagnostics: Diagnostic[];
  /** The plan the last round read (absent in reports built by hand). */
  plan?: Plan;
  /** One entry per read → plan → apply round; more than one after a 409 (the file moved on). */
  runs: SyncRun[];
  /** The plan's dashboard issue, when the sync kept one (syncRepository, not in a dry run). */
  dashboard?: DashboardResult;
}

/**
 * Reconciles one plan file of one repository: read → plan → apply, repeated (at most
 * `maxRounds`) while a file write was refused as stale (409), so a concurrent human edit is
 * re-read and re-planned, never overwritten. Level-triggered: callers only say which repository
 * and file; running it again right after does nothing.
 */
export async function syncRepo(params: {
  octokit: GithubClient;
  repo: RepoRef;
  path: string;
  ref?: string;
  dryRun?: boolean;
  config?: Partial<SyncConfig>;
  planConfig?: PlanConfig;
  /** Defaults to the exact editor from src/edit. */
  editText?: EditText;
  log: Logger;
  cache?: ReadCache;
  clock?: Clock;
  pacer?: WritePacer;
  /** Retries and the per-request timeout (`requestTimeoutMs`, default 30 s). */
  retryPolicy?: Partial<RetryPolicy>;
  /** Clock time (ms) after which nothing more is sent; what is left is reported as skipped. */
  deadline?: number;
  /** Progress of each round's executor (src/sync/apply-actions.ts). */
  onProgress?: (progress: ActionProgress) => void;
  maxRounds?: number;
}): Promise<SyncReport> {
  const { repo, path, log } = params;
  const clock = params.clock ?? realClock;
  const config: SyncConfig = {
    ...DEFAULT_SYNC_CONFIG,
    today: new Date(clock.now()).toISOString().slice(0, 10),
    ...params.config,
  };
  const octokit = withRetry({
    client: params.octokit,
    clock,
    pacer: params.pacer ?? createWritePacer({ clock }),
    policy: params.retryPolicy,
    deadline: params.deadline,
    log,
  });
  const cache = params.cache ?? createMemoryReadCache();
  const dryRun = params.dryRun ?? false;
  const report: SyncReport = { repo, path, dryRun, diagnostics: [], runs: [] };
  const maxRounds = params.maxRounds ?? 3;
  for (let round = 1; round <= maxRounds; round++) {
    let snapshot = await readGithub({ octokit, repo, path, ref: params.ref, cache });
    const parsed = parsePlan({ text: snapshot.file.text, config: params.planConfig });
    report.diagnostics = parsed.diagnostics;
    report.plan = parsed.plan;
    const known = new Set(snapshot.labels.map((l) => l.toLowerCase()));
    if (planLabels({ plan: parsed.plan, config }).some((l) => !known.has(l.toLowerCase()))) {
      // Issues did not show every label the plan wants: list them before deciding to create any.
      snapshot = { ...snapshot, labels: await readLabels({ octokit, repo, cache }) };
    }
    const planned = planActions({
      plan: parsed.plan,
      github: snapshot,
      config,
      planConfig: params.planConfig,
    });
    if (planned.refusal) log.warn(planned.refusal.message);
    const editText =
      params.editText ?? createEditText({ config: params.planConfig, today: config.today });
    let edited = snapshot.file.text;
    const results = await applyActions({
      actions: planned.actions,
      octokit,
      repo,
      fileText: snapshot.file.text,
      editText: (input) => {
        const out = editText(input);
        edited = out.text;
        return out;
      },
      dryRun,
      log,
      onProgress: params.onProgress,
    });
    const landed = results.some(
      (r) => r.action.kind === 'edit-file' && r.outcome.status !== 'failed',
    );
    const after = { snapshot, text: landed ? edited : snapshot.file.text };
    report.runs.push({ planned, results, after });
    const stale = results.some(
      (r) =>
        r.action.kind === 'edit-file' &&
        r.outcome.status === 'failed' &&
        r.outcome.httpStatus === 409 &&
        isStaleSha(r.outcome.error),
    );
    if (!stale || dryRun) break;
    log.info(`${path} changed while syncing (409); re-reading and re-planning`);
  }
  return report;
}

/** The report as JSON for people and scripts: without each run's working state (`after`). */
export function reportToJson(report: SyncReport): string {
  return JSON.stringify(report, (key, value: unknown) => (key === 'after' ? undefined : value), 2);
}
