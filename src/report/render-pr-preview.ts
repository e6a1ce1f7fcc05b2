import { listUpdateChanges } from './list-update-changes.js';
import type { Diagnostic } from '../plan/plan-types.js';
import type { SyncReport } from '../sync/sync-repo.js';
import type { Action, Ref } from '../sync/sync-types.js';
import type { Progress } from './count-progress.js';
import { summarizeSyncReport } from './summarize-sync-report.js';
import { cut, escapeText, oneLine } from './comment-text.js';

/**
 * The hidden marker that makes the pull-request preview comment findable: the app edits the
 * comment that starts with it (and was written by a bot) instead of posting another.
 */
export const PR_PREVIEW_MARKER = '<!-- milestone-sync:pr-preview -->';

/** GitHub refuses issue and pull-request comment bodies over 65,536 characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** One milestone's deliverable counts in the plan before (base) and after (head) the merge. */
export interface MilestoneProgressChange {
  title: string;
  /** null: the milestone is not in the base plan. */
  before: Progress | null;
  /** null: the pull request removes it from the plan. */
  after: Progress | null;
}

/** What the preview comment shows for one head commit of a pull request. */
export type PrPreview =
  | {
      kind: 'preview';
      headSha: string;
      /** The dry run of the sync at the head commit (syncRepository with `ref` and `dryRun`). */
      report: SyncReport;
      /** Milestones whose counts differ between base and head, in head order. */
      progress: MilestoneProgressChange[];
      /** Titles of the repository's milestones by number, for moves between milestones. */
      milestoneTitles: Record<number, string>;
      /** Titles of milestones and deliverables by plan key (base and head), for unchanged titles. */
      titles?: Record<string, string>;
      /** Caveats the reader needs (e.g. the config file changes but is read from the base). */
      notes: string[];
    }
  /** The pull request (no longer) changes the plan or the config. */
  | { kind: 'no-plan-changes'; headSha: string }
  /** Nothing can be previewed: `reason` says why (fork not readable, invalid config, no plan). */
  | { kind: 'unavailable'; headSha: string; reason: string };

/** How many entries a list shows before folding the rest into `<details>`, and in it. */
export interface PreviewLimits {
  shown: number;
  folded: number;
  /** Longest title kept, in characters. */
  title: number;
}

/** Tried in order until the body fits well under GitHub's limit (any plan size). */
const LIMIT_STEPS: PreviewLimits[] = [
  { shown: 10, folded: 100, title: 120 },
  { shown: 10, folded: 25, title: 80 },
  { shown: 5, folded: 0, title: 60 },
];

/** The body stays under this many characters (well under GitHub's 65,536). */
export const PREVIEW_BUDGET = 40_000;

type ListName = 'create' | 'rename' | 'move' | 'closeNotPlanned' | 'close' | 'reopen' | 'update';

const LIST_TITLES: Record<ListName, string> = {
  create: 'Create',
  rename: 'Rename',
  move: 'Move to another milestone',
  closeNotPlanned: 'Close as not planned',
  close: 'Close as completed',
  reopen: 'Reopen',
  update: 'Other updates (description, labels, assignees, due date)',
};

/**
 * The sticky pull-request comment: what merging would create, rename, move, close (not planned)
 * and reopen, milestone progress before → after, and the plan's diagnostics with line numbers.
 * Pure and deterministic. Long lists fold into `<details>`; the result is always under
 * PREVIEW_BUDGET characters, whatever the plan's size (limits shrink until it fits, titles are
 * cut, and the last step lists 5 of each kind). User text is escaped so it cannot close the
 * marker, open HTML, break a table, or mention people.
 */
export function renderPrPreview(params: { preview: PrPreview; limits?: PreviewLimits }): string {
  const steps = params.limits ? [params.limits] : LIMIT_STEPS;
  let body = '';
  for (const limits of steps) {
    body = renderWith({ preview: params.preview, limits });
    if (body.length <= PREVIEW_BUDGET) return body;
  }
  // Unreachable with the built-in steps (each list and section is capped); kept as a guarantee.
  return `${body.slice(0, PREVIEW_BUDGET - 40)}\n\n… (cut to fit GitHub's limit)\n`;
}

function renderWith(params: { preview: PrPreview; limits: PreviewLimits }): string {
  const { preview, limits } = params;
  const head = `\`${preview.headSha.slice(0, 7)}\``;
  const out: string[] = [PR_PREVIEW_MARKER, '### 🗺️ milestone-sync: what merging would do', ''];
  if (preview.kind === 'no-plan-changes') {
    out.push(
      `As of ${head} this pull request no longer changes the plan or \`.github/milestone-sync.yml\`: merging it changes no milestone or issue.`,
    );
    return out.join('\n') + '\n';
  }
  if (preview.kind === 'unavailable') {
    out.push(`Nothing to preview at ${head}: ${escapeText(oneLine(preview.reason))}`);
    return out.join('\n') + '\n';
  }
  const path = `\`${escapeText(preview.report.path)}\``;
  out.push(
    `Dry run of ${path} at ${head} against the repository's milestones and issues now. Nothing was written; this comment is updated on every push.`,
    '',
  );
  const { headline, details } = renderParts({ preview, limits });
  append(out, headline);
  append(out, details);
  while (out[out.length - 1] === '') out.pop();
  return out.join('\n') + '\n';
}

/**
 * A preview's content without the comment's marker, heading and intro, for another frame (the
 * onboarding pull request's description): `headline` holds the notes, a refusal and the one-line
 * counts (`**Merging would: …**`), `details` the lists, milestone progress and diagnostics.
 * `headline` plus `details` stay under `budget` characters (default PREVIEW_BUDGET) for any plan,
 * with the same shrinking limits as the comment.
 */
export function renderPreviewSections(params: {
  preview: Extract<PrPreview, { kind: 'preview' }>;
  budget?: number;
}): { headline: string; details: string } {
  const budget = params.budget ?? PREVIEW_BUDGET;
  let parts = { headline: '', details: '' };
  for (const limits of LIMIT_STEPS) {
    const { headline, details } = renderParts({ preview: params.preview, limits });
    parts = { headline: trimLines(headline), details: trimLines(details) };
    if (parts.headline.length + parts.details.length <= budget) return parts;
  }
  // Unreachable with the built-in steps (each list and section is capped); kept as a guarantee.
  const room = Math.max(0, budget - parts.headline.length - 40);
  return { headline: parts.headline, details: `${parts.details.slice(0, room)}\n\n… (cut to fit)` };
}

function trimLines(lines: string[]): string {
  const out = [...lines];
  while (out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

function renderParts(params: {
  preview: Extract<PrPreview, { kind: 'preview' }>;
  limits: PreviewLimits;
}): { headline: string[]; details: string[] } {
  const { preview, limits } = params;
  const { report } = preview;
  const summary = summarizeSyncReport(report);
  const out: string[] = [];
  for (const note of preview.notes) out.push(`> ℹ️ ${escapeText(oneLine(note))}`, '');
  if (summary.refusal) {
    out.push(
      `> ⛔ **Merging would be refused (${summary.refusal.rule})**: ${escapeText(oneLine(summary.refusal.message))}`,
      '',
    );
  }
  const lists = classify({
    actions: summary.results.map((r) => r.action),
    milestoneTitles: preview.milestoneTitles,
    titles: preview.titles ?? {},
    limits,
  });
  const counts = (Object.keys(LIST_TITLES) as ListName[])
    .filter((name) => lists[name].length > 0)
    .map((name) => `${lists[name].length} ${LIST_TITLES[name].split(' (')[0]?.toLowerCase()}`);
  const failed = summary.results.filter((r) => r.outcome.status === 'failed');
  if (counts.length === 0 && !summary.refusal) {
    out.push('**Merging changes no milestone or issue.**', '');
  } else if (counts.length > 0) {
    out.push(`**Merging would: ${counts.join(' · ')}**`, '');
  }
  const details: string[] = [];
  for (const name of Object.keys(LIST_TITLES) as ListName[]) {
    const lines = lists[name];
    if (lines.length === 0) continue;
    details.push(`#### ${LIST_TITLES[name]} (${lines.length})`, '');
    append(details, [...foldList({ lines, limits }), '']);
  }
  if (failed.length > 0) {
    details.push(`#### Could not be prepared (${failed.length})`, '');
    const lines = failed.map(
      (r) =>
        `- ${escapeText(cut(oneLine(r.action.reason), limits.title))}: ${escapeText(cut(oneLine(r.outcome.status === 'failed' ? r.outcome.error : ''), limits.title * 2))}`,
    );
    append(details, [...foldList({ lines, limits }), '']);
  }
  if (preview.progress.length > 0) {
    details.push(`#### Milestone progress (${preview.progress.length})`, '');
    const rows = preview.progress.map(
      (p) =>
        `| ${escapeCell(cut(p.title, limits.title))} | ${renderProgress(p.before)} | ${renderProgress(p.after)} |`,
    );
    append(details, [
      ...foldTable({
        header: ['| Milestone | Before | After |', '| --- | --- | --- |'],
        rows,
        limits,
      }),
      '',
    ]);
  }
  if (report.diagnostics.length > 0) {
    details.push(`#### Plan diagnostics (${report.diagnostics.length})`, '');
    const lines = sortDiagnostics(report.diagnostics).map(
      (d) =>
        `- ${SEVERITY_MARK[d.severity] ?? ''} line ${d.line}: ${escapeText(cut(oneLine(d.message), limits.title * 2))} (\`${escapeText(d.rule)}\`)`,
    );
    append(details, [...foldList({ lines, limits }), '']);
  }
  return { headline: out, details };
}

const SEVERITY_MARK: Record<string, string> = { error: '❌', warning: '⚠️', info: 'ℹ️' };

/** Errors first, then warnings, then the rest; by line within each. */
function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const rank = (d: Diagnostic) => (d.severity === 'error' ? 0 : d.severity === 'warning' ? 1 : 2);
  return [...diagnostics].sort((a, b) => rank(a) - rank(b) || a.line - b.line);
}

function renderProgress(progress: Progress | null): string {
  if (progress === null) return '—';
  const percent = progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  return `${progress.done}/${progress.total} (${percent}%)`;
}

/** One Markdown line per thing merging would do, by kind. An action may be in two lists. */
function classify(params: {
  actions: Action[];
  milestoneTitles: Record<number, string>;
  titles: Record<string, string>;
  limits: PreviewLimits;
}): Record<ListName, string[]> {
  const { actions, limits } = params;
  const lists: Record<ListName, string[]> = {
    create: [],
    rename: [],
    move: [],
    closeNotPlanned: [],
    close: [],
    reopen: [],
    update: [],
  };
  const created = new Map<string, string>();
  for (const action of actions) {
    if (action.kind === 'create-milestone') created.set(action.key, action.after.title);
  }
  const title = (text: string) => `“${escapeText(cut(oneLine(text), limits.title))}”`;
  const milestone = (ref: Ref | null | undefined): string => {
    if (ref === null || ref === undefined) return 'no milestone';
    if ('key' in ref) return title(created.get(ref.key) ?? ref.key);
    const known = params.milestoneTitles[ref.number];
    return known !== undefined ? title(known) : `milestone ${ref.number}`;
  };
  for (const action of actions) {
    switch (action.kind) {
      case 'create-milestone':
        lists.create.push(`- milestone ${title(action.after.title)}`);
        break;
      case 'create-issue':
        lists.create.push(
          `- issue ${title(action.after.title)} in ${milestone(action.after.milestone)}${action.after.state === 'closed' ? ' (closed: done in the plan)' : ''}`,
        );
        break;
      case 'update-milestone':
      case 'update-issue': {
        const { before, after } = action;
        const name = before.title ?? params.titles[action.key] ?? after.title ?? action.key;
        const what =
          action.kind === 'update-milestone'
            ? `milestone ${title(name)}`
            : `#${action.number} ${title(name)}`;
        for (const { list, line } of listUpdateChanges({ action, what, title, milestone })) {
          lists[list].push(line);
        }
        break;
      }
      case 'create-label':
      case 'link-sub-issue':
      case 'unlink-sub-issue':
      case 'comment-issue':
      case 'edit-file':
        // Bookkeeping that follows from the rest (labels, sub-issue links, the app's own
        // write-back to the plan file); counted in the check run, not listed.
        break;
    }
  }
  return lists;
}

/** The first `shown` lines, then up to `folded` more inside `<details>`, then a count. */
function foldList(params: { lines: string[]; limits: PreviewLimits }): string[] {
  const { lines, limits } = params;
  const out = lines.slice(0, limits.shown);
  const folded = lines.slice(limits.shown, limits.shown + limits.folded);
  const rest = lines.length - out.length - folded.length;
  if (folded.length > 0) {
    append(out, [
      '',
      `<details><summary>${folded.length} more</summary>`,
      '',
      ...folded,
      '',
      '</details>',
    ]);
  }
  if (rest > 0) out.push('', `… and ${rest} more not shown.`);
  return out;
}

function foldTable(params: { header: string[]; rows: string[]; limits: PreviewLimits }): string[] {
  const { header, rows, limits } = params;
  const out = [...header, ...rows.slice(0, limits.shown)];
  const folded = rows.slice(limits.shown, limits.shown + limits.folded);
  const rest = rows.length - limits.shown - folded.length;
  if (folded.length > 0) {
    append(out, [
      '',
      `<details><summary>${folded.length} more</summary>`,
      '',
      ...header,
      ...folded,
      '',
      '</details>',
    ]);
  }
  if (rest > 0) out.push('', `… and ${rest} more not shown.`);
  return out;
}

/** Appends one by one: spreading a long list into push() can overflow the call stack. */
function append(out: string[], lines: string[]): void {
  for (const line of lines) out.push(line);
}

function escapeCell(text: string): string {
  return escapeText(oneLine(text)).replace(/\|/g, '\\|');
}
