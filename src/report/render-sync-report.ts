import type { SyncReport } from '../sync/sync-repo.js';
import type { DashboardResult } from '../sync/sync-dashboard.js';
import type { Action, ActionOutcome, ActionResult, PlanChange } from '../sync/sync-types.js';
import { renderDiagnostic } from './render-plan-tree.js';
import type { SyncSummary } from './summarize-sync-report.js';
import { summarizeSyncReport } from './summarize-sync-report.js';

/** Sections of the report, in the order they are rendered. */
type Section = 'create' | 'update' | 'close' | 'reopen' | 'link' | 'comment' | 'file';

const SECTION_TITLES: Record<Section, string> = {
  create: 'Create',
  update: 'Update',
  close: 'Close',
  reopen: 'Reopen',
  link: 'Sub-issues',
  comment: 'Comment',
  file: 'File edit',
};

const SECTIONS = Object.keys(SECTION_TITLES) as Section[];

/** Headline counts in order: `6 milestones created` (dry run: `6 milestones to create`). */
const HEADLINE_COUNTS: {
  test: (action: Action) => boolean;
  noun?: string;
  done: string;
  todo: string;
}[] = [
  {
    test: (a) => a.kind === 'create-milestone',
    noun: 'milestone',
    done: 'created',
    todo: 'to create',
  },
  { test: (a) => a.kind === 'create-issue', noun: 'issue', done: 'created', todo: 'to create' },
  { test: (a) => a.kind === 'create-label', noun: 'label', done: 'created', todo: 'to create' },
  { test: (a) => sectionOf(a) === 'update', done: 'updated', todo: 'to update' },
  { test: (a) => sectionOf(a) === 'close', done: 'closed', todo: 'to close' },
  { test: (a) => sectionOf(a) === 'reopen', done: 'reopened', todo: 'to reopen' },
  { test: (a) => sectionOf(a) === 'link', noun: 'sub-issue link', done: '', todo: 'to make' },
  { test: (a) => a.kind === 'comment-issue', noun: 'comment', done: 'posted', todo: 'to post' },
  { test: (a) => a.kind === 'edit-file', noun: 'file edit', done: '', todo: 'to commit' },
];

const MARKS: Record<ActionOutcome['status'], string> = {
  ok: '✅',
  'dry-run': '🧪',
  deferred: '⏸',
  failed: '❌',
  skipped: '⏭',
};

export interface RenderSyncReportOptions {
  /** Actions listed per group before “… and N more”. Default 10. */
  maxPerGroup?: number;
  /** Notes and diagnostics listed before “… and N more”. Default 20. */
  maxNotes?: number;
}

/**
 * A sync report as Markdown, for the terminal and (later) pull-request comments and check runs:
 * a headline with counts, the refusal when the planner refused, one section per verb (create,
 * update, close, reopen, sub-issues, comment, file edit) with each action's reason and outcome,
 * notes, and the plan's diagnostics. Deterministic (no clock, no randomness) and compact: each
 * group lists at most `maxPerGroup` actions, problems first, and counts the rest.
 */
export function renderSyncReport(params: { report: SyncReport } & RenderSyncReportOptions): string {
  const { report } = params;
  const maxPerGroup = params.maxPerGroup ?? 10;
  const maxNotes = params.maxNotes ?? 20;
  const summary = summarizeSyncReport(report);
  const out: string[] = [`## ${renderHeadline({ report, summary })}`, ''];
  if (report.dryRun) out.push('🧪 Dry run: nothing was written.', '');
  if (report.dashboard) out.push(renderDashboardLine(report.dashboard), '');
  if (summary.refusal) {
    out.push(`> ⛔ **Refused (${summary.refusal.rule})**: ${oneLine(summary.refusal.message)}`, '');
  }
  if (summary.rounds > 1) {
    out.push(
      `🔁 ${report.path} changed while syncing: re-read and re-planned ${summary.rounds - 1} time${summary.rounds === 2 ? '' : 's'}.`,
      '',
    );
  }
  const bySection = new Map<Section, ActionResult[]>();
  for (const result of summary.results) {
    const section = sectionOf(result.action);
    bySection.set(section, [...(bySection.get(section) ?? []), result]);
  }
  for (const section of SECTIONS) {
    const results = bySection.get(section);
    if (!results) continue;
    out.push(`### ${SECTION_TITLES[section]} (${results.length})`, '');
    for (const group of groupResults({ section, results, all: summary.results })) {
      if (group.title !== null) out.push(`**${group.title}** (${group.results.length})`);
      for (const line of renderGroup({ results: group.results, max: maxPerGroup })) out.push(line);
      out.push('');
    }
  }
  if (summary.notes.length > 0) {
    out.push(`### Notes (${summary.notes.length})`, '');
    const notes = summary.notes.map((n) => `- ${oneLine(n)}`);
    for (const line of capList({ lines: notes, max: maxNotes })) out.push(line);
    out.push('');
  }
  if (report.diagnostics.length > 0) {
    out.push(`### Plan diagnostics (${report.diagnostics.length})`, '');
    const lines = report.diagnostics.map(
      (diagnostic) => `- ${renderDiagnostic({ file: report.path, diagnostic })}`,
    );
    for (const line of capList({ lines, max: maxNotes })) out.push(line);
    out.push('');
  }
  while (out[out.length - 1] === '') out.pop();
  return out.join('\n') + '\n';
}

/** What happened to the plan's dashboard issue (src/sync/sync-dashboard.ts). */
function renderDashboardLine(dashboard: DashboardResult): string {
  switch (dashboard.status) {
    case 'created':
      return `📊 Dashboard: created #${dashboard.number}.`;
    case 'updated':
      return `📊 Dashboard: #${dashboard.number} updated.`;
    case 'unchanged':
      return `📊 Dashboard: #${dashboard.number} unchanged.`;
    case 'failed':
      return `📊 Dashboard${dashboard.number !== undefined ? ` #${dashboard.number}` : ''}: ❌ ${oneLine(dashboard.error)}`;
  }
}

function renderHeadline(params: { report: SyncReport; summary: SyncSummary }): string {
  const { report, summary } = params;
  const where = `${report.path} with ${report.repo.owner}/${report.repo.repo}`;
  if (summary.refusal) return `Refused to sync ${where}`;
  if (summary.results.length === 0) return `Nothing to do: GitHub and ${report.path} agree`;
  const dry = report.dryRun;
  const done = summary.results.filter(
    (r) => r.outcome.status === 'ok' || r.outcome.status === 'dry-run',
  );
  const phrases = HEADLINE_COUNTS.map((entry) => {
    const n = done.filter((r) => entry.test(r.action)).length;
    if (n === 0) return null;
    const counted = entry.noun ? `${n} ${entry.noun}${n === 1 ? '' : 's'}` : `${n}`;
    const verb = dry ? entry.todo : entry.done;
    return verb === '' ? counted : `${counted} ${verb}`;
  }).filter((p): p is string => p !== null);
  const { deferred, failed } = summary.counts;
  const skipped = summary.waiting.filter((w, i) => !w && isSkipped(summary.results[i])).length;
  const waiting = summary.waiting.filter((w) => w).length;
  const problems = [
    deferred > 0 ? `${deferred} proposed in a pull request` : null,
    waiting > 0 ? `${waiting} waiting for it` : null,
    failed > 0 ? `${failed} failed` : null,
    skipped > 0 ? `${skipped} skipped` : null,
  ].filter((p): p is string => p !== null);
  const lead = dry
    ? `Dry run of ${where}`
    : phrases.length === 0 && failed + skipped > 0
      ? `Could not sync ${where}`
      : `Synced ${where}`;
  const counts = [phrases.join(', '), problems.join(', ')].filter((p) => p !== '');
  return `${lead}: ${counts.join('; ')}`;
}

function isSkipped(result: ActionResult | undefined): boolean {
  return result?.outcome.status === 'skipped';
}

/** The report section an action belongs to: closing and reopening are their own verbs. */
function sectionOf(action: Action): Section {
  switch (action.kind) {
    case 'create-label':
    case 'create-milestone':
    case 'create-issue':
      return 'create';
    case 'update-milestone':
    case 'update-issue': {
      const { before, after } = action;
      if (after.state === 'closed' && before.state !== 'closed') return 'close';
      if (after.state === 'open' && before.state === 'closed') return 'reopen';
      return 'update';
    }
    case 'link-sub-issue':
    case 'unlink-sub-issue':
      return 'link';
    case 'comment-issue':
      return 'comment';
    case 'edit-file':
      return 'file';
  }
}

interface Group {
  /** null: the section has a single, untitled group. */
  title: string | null;
  results: ActionResult[];
}

/**
 * Splits a section into groups in order of first appearance: create → labels, milestones, then
 * issues per milestone; update/close/reopen → milestones, issues; the rest stay one group.
 */
function groupResults(params: {
  section: Section;
  results: ActionResult[];
  all: ActionResult[];
}): Group[] {
  const { section, results, all } = params;
  if (section !== 'create' && section !== 'update' && section !== 'close' && section !== 'reopen')
    return [{ title: null, results }];
  const milestoneTitles = new Map<string, string>();
  for (const { action } of all) {
    if (action.kind === 'create-milestone') milestoneTitles.set(action.key, action.after.title);
  }
  const groups = new Map<string, ActionResult[]>();
  for (const result of results) {
    const title = groupTitle({ action: result.action, milestoneTitles });
    groups.set(title, [...(groups.get(title) ?? []), result]);
  }
  const order = ['Labels', 'Milestones'];
  return [...groups.entries()]
    .map(([title, list]) => ({ title, results: list }))
    .sort((a, b) => rank(order, a.title) - rank(order, b.title));
}

function rank(order: string[], title: string): number {
  const index = order.indexOf(title);
  return index === -1 ? order.length : index;
}

function groupTitle(params: { action: Action; milestoneTitles: Map<string, string> }): string {
  const { action } = params;
  switch (action.kind) {
    case 'create-label':
      return 'Labels';
    case 'create-milestone':
    case 'update-milestone':
      return 'Milestones';
    case 'create-issue': {
      const ref = action.after.milestone;
      if (ref === null) return 'Issues outside any milestone';
      if ('key' in ref) {
        const title = params.milestoneTitles.get(ref.key);
        return title !== undefined ? `Issues in “${title}”` : `Issues in milestone ${ref.key}`;
      }
      return `Issues in milestone ${ref.number}`;
    }
    default:
      return 'Issues';
  }
}

/**
 * At most `max` lines: problems (failed, skipped, deferred) first, then the rest in order, and a
 * last line counting what was left out by outcome.
 */
function renderGroup(params: { results: ActionResult[]; max: number }): string[] {
  const problemsFirst = [
    ...params.results.filter((r) => isProblem(r.outcome)),
    ...params.results.filter((r) => !isProblem(r.outcome)),
  ];
  const shown = problemsFirst.slice(0, params.max);
  const hidden = problemsFirst.slice(params.max);
  const lines = shown.flatMap(renderResult);
  if (hidden.length > 0) {
    const byStatus = new Map<ActionOutcome['status'], number>();
    for (const r of hidden)
      byStatus.set(r.outcome.status, (byStatus.get(r.outcome.status) ?? 0) + 1);
    const parts = [...byStatus.entries()].map(([status, n]) => `${n} ${MARKS[status]}`);
    lines.push(`- … and ${hidden.length} more (${parts.join(', ')})`);
  }
  return lines;
}

function isProblem(outcome: ActionOutcome): boolean {
  return (
    outcome.status === 'failed' || outcome.status === 'skipped' || outcome.status === 'deferred'
  );
}

function renderResult(result: ActionResult): string[] {
  const { action, outcome } = result;
  const line = `- ${MARKS[outcome.status]} ${oneLine(action.reason)}${renderOutcome({ action, outcome })}`;
  if (action.kind !== 'edit-file') return [line];
  return [line, ...action.changes.map((change) => `  - ${describeChange(change)}`)];
}

function renderOutcome(params: { action: Action; outcome: ActionOutcome }): string {
  const { action, outcome } = params;
  switch (outcome.status) {
    case 'ok': {
      const created =
        outcome.number === undefined
          ? ''
          : action.kind === 'create-issue'
            ? ` → #${outcome.number}`
            : action.kind === 'create-milestone'
              ? ` → milestone ${outcome.number}`
              : '';
      return `${created}${outcome.detail ? ` — ${oneLine(outcome.detail)}` : ''}`;
    }
    case 'dry-run':
      return '';
    case 'deferred':
      return ` — deferred: ${oneLine(outcome.detail)}`;
    case 'failed':
      return ` — failed: ${oneLine(outcome.error)}`;
    case 'skipped':
      return ` — skipped: ${oneLine(outcome.error)}`;
  }
}

function describeChange(change: PlanChange): string {
  switch (change.kind) {
    case 'set-item-status':
      return `mark \`${change.key}\` ${change.status}`;
    case 'rename-item':
      return `rename \`${change.key}\` to “${oneLine(change.title)}”`;
    case 'set-milestone-status':
      return `set milestone \`${change.key}\` to ${change.status}${change.date ? ` (${change.date})` : ''}`;
    case 'set-progress':
      return `line ${change.line}: progress ${change.before} → ${change.after}`;
  }
}

function capList(params: { lines: string[]; max: number }): string[] {
  const { lines, max } = params;
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max), `- … and ${lines.length - max} more`];
}

/** Keeps a list item on one line whatever the message holds. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
