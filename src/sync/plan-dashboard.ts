import { parsePlan } from '../plan/parse-plan.js';
import type { Item, ItemStatus, Plan, PlanConfig } from '../plan/plan-types.js';
import type { DeliverableAfter } from '../report/render-dashboard.js';
import { renderDashboard } from '../report/render-dashboard.js';
import { renderSyncReport } from '../report/render-sync-report.js';
import { summarizeSyncReport } from '../report/summarize-sync-report.js';
import type { DashboardMarker, LastSync } from './dashboard-marker.js';
import { decodeMarker } from './issue-marker.js';
import { cutTitle, MAX_ISSUE_TITLE } from './issue-title.js';
import { holdsState } from './predict-after-sync.js';
import type { SyncReport } from './sync-repo.js';
import type { ActionResult, GithubSnapshot } from './sync-types.js';

/** The label a new dashboard gets, so people find it (GitHub creates a label an issue names). */
export const DASHBOARD_LABEL = 'milestone-sync: dashboard';

/** Recently completed deliverables kept (in the marker) and shown. */
const RECENT_MAX = 10;
/** Problems of the last sync kept in the marker, and their length. */
const PROBLEMS_MAX = 5;
const LINE_MAX = 300;
/** A key longer than this is not remembered as recent (it would bloat the marker). */
const KEY_MAX = 300;

/** What to do with the plan's dashboard issue: at most one write. */
export type DashboardDecision =
  | { kind: 'create'; title: string; body: string; labels: string[] }
  | { kind: 'update'; number: number; body: string }
  | { kind: 'none'; number: number };

/**
 * Decides the dashboard of the plan file once the sync is done (pure): renders the body from the
 * after-state of the last round (the plan text with the sync's edit in, the issues as the sync
 * left them) and compares it with the dashboard read at the start of that round. Unchanged →
 * nothing; no dashboard yet → create; else update in place. The last sync shown is this one only
 * when it did something (or failed, or was refused) differently from the one shown already, so
 * an unchanged sync renders the same body. Null when the report has no round to show.
 */
export function planDashboard(params: {
  report: SyncReport;
  planConfig?: PlanConfig;
  /** `YYYY-MM-DD` of the sync, for overdue milestones. */
  today: string;
  /** Clock time (ms) of the sync, shown as the last change when this sync changed something. */
  now: number;
}): DashboardDecision | null {
  const { report } = params;
  const run = report.runs[report.runs.length - 1];
  if (!run?.after) return null;
  const { snapshot, text } = run.after;
  const path = report.path;
  // The plan the sync read, unless its file edit changed the text (then the text after it).
  const parsed =
    report.plan && text === snapshot.file.text
      ? { plan: report.plan, diagnostics: report.diagnostics }
      : parsePlan({ text, config: params.planConfig });
  const after = deliverablesAfter({ plan: parsed.plan, snapshot, results: run.results, path });
  const previous = snapshot.dashboard ?? null;
  const marker: DashboardMarker = {
    v: 1,
    file: path,
    last: lastSyncOf({ report, previous: previous?.marker.last ?? null, now: params.now }),
    recent: recentlyDone({
      after,
      snapshot,
      path,
      previous: previous?.marker.recent ?? [],
    }),
  };
  const count = (severity: string) =>
    parsed.diagnostics.filter((d) => d.severity === severity).length;
  const body = renderDashboard({
    path,
    plan: parsed.plan,
    after,
    today: params.today,
    diagnostics: { errors: count('error'), warnings: count('warning') },
    marker,
  });
  // A file that plans nothing (yet) gets no dashboard; one that exists is kept current.
  if (previous === null && after.size === 0) return null;
  if (previous === null) {
    return {
      kind: 'create',
      title: cutTitle({ text: `Plan dashboard: ${path}`, max: MAX_ISSUE_TITLE }),
      body,
      labels: [DASHBOARD_LABEL],
    };
  }
  if (previous.body === body) return { kind: 'none', number: previous.number };
  return { kind: 'update', number: previous.number, body };
}

/**
 * Each deliverable's status and issue after the sync: the issues of this file read at the start
 * (by marker key, the oldest per key), then what the round's successful creates and updates
 * changed (state, and the key in the marker they wrote). The status is the file's after its
 * edit, except for a line that cannot hold one (a table without Status column): GitHub's.
 */
export function deliverablesAfter(params: {
  plan: Plan;
  snapshot: GithubSnapshot;
  results: ActionResult[];
  path: string;
}): Map<string, DeliverableAfter> {
  const { plan, snapshot, results, path } = params;
  const byNumber = new Map<number, { key: string; state: 'open' | 'closed'; removed: boolean }>();
  for (const gh of snapshot.issues) {
    if (gh.marker?.file !== path) continue;
    byNumber.set(gh.number, {
      key: gh.marker.key,
      state: gh.state,
      removed: gh.marker.base.removed === true,
    });
  }
  for (const { action, outcome } of results) {
    if (outcome.status !== 'ok') continue;
    if (action.kind === 'create-issue' && outcome.number !== undefined) {
      const marker = decodeMarker(action.after.body);
      byNumber.set(outcome.number, {
        key: marker?.key ?? action.key,
        state: action.after.state,
        removed: false,
      });
    } else if (action.kind === 'update-issue') {
      const known = byNumber.get(action.number);
      const marker = action.after.body !== undefined ? decodeMarker(action.after.body) : null;
      if (!known && !marker) continue;
      byNumber.set(action.number, {
        key: marker?.key ?? known?.key ?? action.key,
        state: action.after.state ?? known?.state ?? 'open',
        removed: marker ? marker.base.removed === true : (known?.removed ?? false),
      });
    }
  }
  const byKey = new Map<string, { number: number; state: 'open' | 'closed' }>();
  for (const [number, entry] of [...byNumber.entries()].sort((a, b) => a[0] - b[0])) {
    if (!entry.removed && !byKey.has(entry.key))
      byKey.set(entry.key, { number, state: entry.state });
  }
  const out = new Map<string, DeliverableAfter>();
  const visit = (items: Item[]) => {
    for (const item of items) {
      const gh = byKey.get(item.key);
      out.set(item.key, { status: statusAfter({ item, gh }), issue: gh?.number ?? null });
      visit(item.children);
    }
  };
  for (const milestone of plan.milestones) visit(milestone.items);
  visit(plan.items);
  return out;
}

function statusAfter(params: {
  item: Item;
  gh: { state: 'open' | 'closed' } | undefined;
}): ItemStatus {
  const { item, gh } = params;
  if (!gh || holdsState(item)) return item.status;
  if (gh.state === 'closed') return 'done';
  return item.status === 'done' ? 'todo' : item.status;
}

/**
 * The last sync worth showing: this one when it planned something or was refused, unless nothing
 * it did took effect and it says exactly what the previous one said (a refusal or failure
 * repeated: that one, with its time); else the previous one.
 */
export function lastSyncOf(params: {
  report: SyncReport;
  previous: LastSync | null;
  now: number;
}): LastSync {
  const { report, previous } = params;
  const summary = summarizeSyncReport(report);
  if (summary.conclusion === 'nothing-to-do' && previous !== null) return previous;
  const problems = summary.results
    .filter(
      (r, i) =>
        r.outcome.status === 'failed' || (r.outcome.status === 'skipped' && !summary.waiting[i]),
    )
    .map(({ action, outcome }) =>
      cutTitle({
        text: `${action.reason}: ${'error' in outcome ? outcome.error : outcome.status}`,
        max: LINE_MAX,
      }),
    );
  const headline = (
    renderSyncReport({ report, maxPerGroup: 0, maxNotes: 0 }).split('\n')[0] ?? ''
  ).replace(/^#+\s*/, '');
  const last: LastSync = {
    at: `${new Date(params.now).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    headline: cutTitle({ text: headline, max: LINE_MAX }),
    refusal: summary.refusal ? cutTitle({ text: summary.refusal.message, max: 1000 }) : null,
    problems: problems.slice(0, PROBLEMS_MAX),
    problemCount: problems.length,
  };
  // A refusal or failure repeated by every sync until someone acts keeps its first time.
  const tookEffect = summary.counts.ok + summary.counts.deferred > 0;
  if (previous !== null && !tookEffect && sameLastSync(previous, last)) return previous;
  return last;
}

function sameLastSync(a: LastSync, b: LastSync): boolean {
  return JSON.stringify({ ...a, at: '' }) === JSON.stringify({ ...b, at: '' });
}

/**
 * Keys of recently completed deliverables, most recent first: those done now that were not done
 * at the previous sync (their issue's marker did not record a closed state; later lines first),
 * then the ones remembered before, while still done.
 */
export function recentlyDone(params: {
  after: Map<string, DeliverableAfter>;
  snapshot: GithubSnapshot;
  path: string;
  previous: string[];
}): string[] {
  const { after, snapshot, path } = params;
  const wasDone = new Set(
    snapshot.issues
      .filter(
        (gh) =>
          gh.marker?.file === path && gh.state === 'closed' && gh.marker.base.state === 'closed',
      )
      .map((gh) => gh.marker?.key),
  );
  const done = [...after.entries()].filter(([, a]) => a.status === 'done').map(([key]) => key);
  const doneKeys = new Set(done);
  const newly = done.filter((key) => !wasDone.has(key)).reverse();
  const out: string[] = [];
  for (const key of [...newly, ...params.previous]) {
    if (out.length >= RECENT_MAX) break;
    if (key.length <= KEY_MAX && doneKeys.has(key) && !out.includes(key)) out.push(key);
  }
  return out;
}
