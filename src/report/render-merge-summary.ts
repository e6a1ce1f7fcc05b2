import { listUpdateChanges } from './list-update-changes.js';
import type { Diagnostic } from '../plan/plan-types.js';
import type { SyncReport } from '../sync/sync-repo.js';
import type { ActionResult, Ref } from '../sync/sync-types.js';
import { summarizeSyncReport } from './summarize-sync-report.js';
import { cut, escapeText, oneLine, plural } from './comment-text.js';

/**
 * The hidden marker of the merge summary: one comment per merged pull request, found by it (and
 * its bot author), so a redelivered push or a second sync never posts another.
 */
export const MERGE_SUMMARY_MARKER = '<!-- milestone-sync:merge-summary -->';

/** The body stays under this many characters (GitHub refuses comments over 65,536). */
export const MERGE_SUMMARY_BUDGET = 40_000;

/** What the summary of one merged pull request is built from. */
export interface MergeSummary {
  /** The sync that ran after the push that merged the pull request. */
  report: SyncReport;
  /** The branch the pull request was merged into (the default branch). */
  branch: string;
  /**
   * The repository's web address, e.g. `https://github.com/acme/plan` (`html_url` of the pull
   * request's base repository): links are `<repoUrl>/issues/<number>` and
   * `<repoUrl>/milestone/<number>`, the paths of GitHub's own `html_url`s.
   */
  repoUrl: string;
  /** Other pull requests merged by the pushes this same sync answered: its changes are theirs too. */
  alsoMerged: number[];
}

/** How many entries a list shows, how many more fold into `<details>`, longest title kept. */
export interface MergeSummaryLimits {
  shown: number;
  folded: number;
  title: number;
}

/** Tried in order until the body fits MERGE_SUMMARY_BUDGET (any plan size fits the last). */
const LIMIT_STEPS: MergeSummaryLimits[] = [
  { shown: 10, folded: 100, title: 100 },
  { shown: 10, folded: 30, title: 80 },
  { shown: 5, folded: 10, title: 60 },
  { shown: 3, folded: 0, title: 40 },
];

type ListName =
  'milestones' | 'issues' | 'rename' | 'move' | 'closeNotPlanned' | 'close' | 'reopen' | 'update';

const LISTS: Record<ListName, { title: string; done: (n: number) => string }> = {
  milestones: { title: 'Created milestones', done: (n) => plural(n, 'milestone') },
  issues: { title: 'Created issues', done: (n) => plural(n, 'issue') },
  rename: { title: 'Renamed', done: (n) => `renamed ${n}` },
  move: { title: 'Moved to another milestone', done: (n) => `moved ${n}` },
  closeNotPlanned: {
    title: 'Closed as not planned (gone from the plan)',
    done: (n) => `closed ${n} as not planned`,
  },
  close: {
    title: 'Closed as completed',
    done: (n) => `closed ${n} as completed`,
  },
  reopen: { title: 'Reopened', done: (n) => `reopened ${n}` },
  update: {
    title: 'Other updates (description, labels, assignees, due date)',
    done: (n) => `updated ${n}`,
  },
};

const LIST_NAMES = Object.keys(LISTS) as ListName[];

/**
 * The comment posted once on a pull request after it was merged and the sync of that push ran:
 * a headline with what milestone-sync did (“Merged into main: milestone-sync created 3 milestones
 * and 12 issues, renamed 1, closed 2 as not planned”), then lists linking each milestone and
 * issue it created or changed (long lists fold into `<details>`), what could not be done and
 * why, a refusal with what to do, the dashboard issue, and “already in step” when the sync found
 * nothing to do (another sync got there first). A dry run (`dryRun: true`) says what it would
 * have done. Pure and deterministic; always under MERGE_SUMMARY_BUDGET characters whatever the
 * plan's size. User text is escaped: no HTML, no mentions, no broken links.
 */
export function renderMergeSummary(params: {
  summary: MergeSummary;
  limits?: MergeSummaryLimits;
}): string {
  const steps = params.limits ? [params.limits] : LIMIT_STEPS;
  let body = '';
  for (const limits of steps) {
    body = renderWith({ input: params.summary, limits });
    if (body.length <= MERGE_SUMMARY_BUDGET) return body;
  }
  // Unreachable with the built-in steps (every list and section is capped); kept as a guarantee.
  return `${body.slice(0, MERGE_SUMMARY_BUDGET - 40)}\n\n… (cut to fit GitHub's limit)\n`;
}

function renderWith(params: { input: MergeSummary; limits: MergeSummaryLimits }): string {
  const { input, limits } = params;
  const { report } = input;
  const summary = summarizeSyncReport(report);
  const dry = report.dryRun;
  const path = `\`${escapeText(report.path)}\``;
  const merged = `Merged into \`${escapeText(input.branch)}\``;
  const done = summary.results.filter(
    (r) => r.outcome.status === 'ok' || (dry && r.outcome.status === 'dry-run'),
  );
  const lists = classify({ results: done, report, repoUrl: input.repoUrl, limits });
  const extras = countExtras({ results: done, path: report.path });
  const problems = summary.results.filter(
    (r, i) =>
      r.outcome.status === 'failed' || (r.outcome.status === 'skipped' && !summary.waiting[i]),
  );
  const deferred = summary.results.filter((r) => r.outcome.status === 'deferred');
  const waiting = summary.waiting.filter((w) => w).length;

  const out: string[] = [MERGE_SUMMARY_MARKER];
  const phrases = headlinePhrases({ lists, extras });
  if (summary.refusal) {
    out.push(`### ⛔ ${merged}: milestone-sync refused to sync ${path}`, '');
    out.push(`> ${escapeText(oneLine(summary.refusal.message))}`, '');
    out.push(
      `No milestone or issue was changed. The next push that changes ${path} or \`.github/milestone-sync.yml\` syncs again.`,
      '',
    );
  } else if (phrases.length === 0 && problems.length === 0 && deferred.length === 0) {
    out.push(`### ✅ ${merged}: milestone-sync found GitHub already in step with ${path}`, '');
    out.push(
      'Nothing needed changing: the milestones and issues already matched the plan (another sync may have got there first).',
      '',
    );
  } else {
    const mark = dry ? '🧪' : problems.length > 0 || deferred.length > 0 ? '⚠️' : '✅';
    const what = phrases.length > 0 ? phrases.join(', ') : 'changed nothing';
    const counts = [
      problems.length > 0 ? `${problems.length} could not be done` : null,
      deferred.length > 0 ? `${deferred.length} waiting for a pull request` : null,
    ].filter((p): p is string => p !== null);
    const lead = dry ? `milestone-sync would have ${what}` : `milestone-sync ${what}`;
    out.push(`### ${mark} ${merged}: ${[lead, ...counts].join('; ')}`, '');
    if (dry) {
      out.push(
        '🧪 Dry run (`dryRun: true` in `.github/milestone-sync.yml`): nothing was written.',
        '',
      );
    }
  }
  if (input.alsoMerged.length > 0) {
    const links = input.alsoMerged.map((n) => `[#${n}](${input.repoUrl}/pull/${n})`).join(', ');
    out.push(
      `ℹ️ The same sync also covered ${links}, merged at about the same time: these lists include their changes.`,
      '',
    );
  }
  for (const name of LIST_NAMES) {
    const lines = lists[name];
    if (lines.length === 0) continue;
    out.push(`#### ${LISTS[name].title} (${lines.length})`, '');
    append(out, [...foldList({ lines, limits }), '']);
  }
  const also = extraPhrases(extras);
  // When no list has entries the headline named these already.
  if (also.length > 0 && LIST_NAMES.some((name) => lists[name].length > 0)) {
    out.push(`Also: ${also.join(', ')}.`, '');
  }
  for (const result of deferred) {
    if (result.outcome.status !== 'deferred') continue;
    out.push(`⏸ ${escapeText(cut(oneLine(result.outcome.detail), limits.title * 3))}`, '');
  }
  if (waiting > 0) {
    const verb = waiting === 1 ? 'waits' : 'wait';
    out.push(`⏸ ${plural(waiting, 'change')} ${verb} for that pull request to be merged.`, '');
  }
  if (problems.length > 0) {
    out.push(`#### Could not be done (${problems.length})`, '');
    const lines = problems.map((r) => renderProblem({ result: r, limits }));
    append(out, [...foldList({ lines, limits }), '']);
    out.push(
      'The next sync (a push to the plan, or an issue or milestone event) tries these again.',
      '',
    );
  }
  const dashboard = renderDashboard({ report, repoUrl: input.repoUrl, limits });
  if (dashboard) out.push(dashboard, '');
  const flagged = report.diagnostics.filter((d) => d.severity !== 'info');
  if (flagged.length > 0) {
    out.push(`#### Plan diagnostics (${flagged.length})`, '');
    const lines = sortDiagnostics(flagged).map(
      (d) =>
        `- ${d.severity === 'error' ? '❌' : '⚠️'} line ${d.line}: ${escapeText(cut(oneLine(d.message), limits.title * 2))}`,
    );
    append(out, [...foldList({ lines, limits: { ...limits, folded: 0 } }), '']);
  }
  while (out[out.length - 1] === '') out.pop();
  return out.join('\n') + '\n';
}

/** Counts of what the lists do not show: labels, sub-issue links, comments, the plan file. */
interface Extras {
  labels: number;
  links: number;
  comments: number;
  /** The app's own commit to the plan file (statuses, renames from GitHub). */
  fileEdits: number;
  path: string;
}

function countExtras(params: { results: ActionResult[]; path: string }): Extras {
  const extras: Extras = { labels: 0, links: 0, comments: 0, fileEdits: 0, path: params.path };
  for (const { action } of params.results) {
    if (action.kind === 'create-label') extras.labels++;
    if (action.kind === 'link-sub-issue' || action.kind === 'unlink-sub-issue') extras.links++;
    if (action.kind === 'comment-issue') extras.comments++;
    if (action.kind === 'edit-file') extras.fileEdits += action.changes.length;
  }
  return extras;
}

function extraPhrases(extras: Extras): string[] {
  return [
    extras.labels > 0 ? `created ${plural(extras.labels, 'label')}` : null,
    extras.links > 0 ? `updated ${plural(extras.links, 'sub-issue link')}` : null,
    extras.comments > 0 ? `posted ${plural(extras.comments, 'comment')}` : null,
    extras.fileEdits > 0
      ? `wrote ${plural(extras.fileEdits, 'change')} back to \`${escapeText(extras.path)}\``
      : null,
  ].filter((p): p is string => p !== null);
}

/**
 * `created 3 milestones and 12 issues`, `renamed 1`, … in list order; when no list has entries,
 * the bookkeeping (labels, sub-issue links, comments, the plan file) instead.
 */
function headlinePhrases(params: { lists: Record<ListName, string[]>; extras: Extras }): string[] {
  const { lists } = params;
  const phrases: string[] = [];
  const made = [
    lists.milestones.length > 0 ? LISTS.milestones.done(lists.milestones.length) : null,
    lists.issues.length > 0 ? LISTS.issues.done(lists.issues.length) : null,
  ].filter((p): p is string => p !== null);
  if (made.length > 0) phrases.push(`created ${made.join(' and ')}`);
  for (const name of LIST_NAMES) {
    if (name === 'milestones' || name === 'issues' || lists[name].length === 0) continue;
    phrases.push(LISTS[name].done(lists[name].length));
  }
  return phrases.length > 0 ? phrases : extraPhrases(params.extras);
}

/** One linked Markdown line per milestone or issue created or changed, by kind. */
function classify(params: {
  results: ActionResult[];
  report: SyncReport;
  repoUrl: string;
  limits: MergeSummaryLimits;
}): Record<ListName, string[]> {
  const { results, repoUrl, limits } = params;
  const lists: Record<ListName, string[]> = {
    milestones: [],
    issues: [],
    rename: [],
    move: [],
    closeNotPlanned: [],
    close: [],
    reopen: [],
    update: [],
  };
  const known = knownTitles(params.report);
  const createdMilestones = new Map<string, string>();
  for (const { action } of results) {
    if (action.kind === 'create-milestone') createdMilestones.set(action.key, action.after.title);
  }
  const title = (text: string) => `“${escapeText(cut(oneLine(text), limits.title))}”`;
  const issueLink = (number: number | undefined) =>
    number !== undefined && number > 0 ? `[#${number}](${repoUrl}/issues/${number})` : 'new issue';
  const milestoneLink = (text: string, number: number | undefined) =>
    number !== undefined && number > 0
      ? `[${escapeLinkText(title(text))}](${repoUrl}/milestone/${number})`
      : title(text);
  const milestoneName = (ref: Ref | null | undefined): string => {
    if (ref === null || ref === undefined) return 'no milestone';
    if ('key' in ref) return title(createdMilestones.get(ref.key) ?? ref.key);
    const name = known.milestones.get(ref.number);
    return name !== undefined ? title(name) : `milestone ${ref.number}`;
  };
  for (const { action, outcome } of results) {
    const number = outcome.status === 'ok' ? outcome.number : undefined;
    switch (action.kind) {
      case 'create-milestone':
        lists.milestones.push(`- ${milestoneLink(action.after.title, number)}`);
        break;
      case 'create-issue':
        lists.issues.push(
          `- ${issueLink(number)} ${title(action.after.title)}${action.after.state === 'closed' ? ' (closed: done in the plan)' : ''}`,
        );
        break;
      case 'update-milestone':
      case 'update-issue': {
        const { before, after } = action;
        const isIssue = action.kind === 'update-issue';
        const name =
          before.title ??
          (isIssue ? known.issues : known.milestones).get(action.number) ??
          after.title ??
          action.key;
        const what = isIssue
          ? `${issueLink(action.number)} ${title(name)}`
          : `milestone ${milestoneLink(name, action.number)}`;
        const changes = listUpdateChanges({
          action,
          what,
          title,
          milestone: milestoneName,
          field: describeField,
        });
        for (const { list, line } of changes) lists[list].push(line);
        break;
      }
      case 'create-label':
      case 'link-sub-issue':
      case 'unlink-sub-issue':
      case 'comment-issue':
      case 'edit-file':
        // Bookkeeping that follows from the rest: counted on the “Also” line, not listed.
        break;
    }
  }
  return lists;
}

const FIELD_NAMES: Record<string, string> = {
  body: 'description',
  description: 'description',
  due: 'due date',
};

function describeField(key: string): string {
  return FIELD_NAMES[key] ?? key;
}

/** Titles of the milestones and issues the sync read, by number (for updates without a title). */
function knownTitles(report: SyncReport): {
  issues: Map<number, string>;
  milestones: Map<number, string>;
} {
  const issues = new Map<number, string>();
  const milestones = new Map<number, string>();
  for (const run of report.runs) {
    for (const issue of run.after?.snapshot.issues ?? []) issues.set(issue.number, issue.title);
    for (const m of run.after?.snapshot.milestones ?? []) milestones.set(m.number, m.title);
  }
  return { issues, milestones };
}

function renderProblem(params: { result: ActionResult; limits: MergeSummaryLimits }): string {
  const { result, limits } = params;
  const { outcome } = result;
  const reason = escapeText(cut(oneLine(result.action.reason), limits.title * 2));
  if (outcome.status === 'failed') {
    return `- ❌ ${reason}: ${escapeText(cut(oneLine(outcome.error), limits.title * 2))}`;
  }
  const why = outcome.status === 'skipped' ? outcome.error : '';
  return `- ⏭ ${reason}: ${escapeText(cut(oneLine(why), limits.title * 2))}`;
}

function renderDashboard(params: {
  report: SyncReport;
  repoUrl: string;
  limits: MergeSummaryLimits;
}): string | null {
  const { dashboard } = params.report;
  if (!dashboard) return null;
  if (dashboard.status === 'failed') {
    return `📊 The dashboard issue could not be updated: ${escapeText(cut(oneLine(dashboard.error), params.limits.title * 2))}`;
  }
  const link = `[#${dashboard.number}](${params.repoUrl}/issues/${dashboard.number})`;
  return `📊 Dashboard: ${link}${dashboard.status === 'created' ? ' (new)' : ''}`;
}

const append = (out: string[], lines: string[]): void => {
  // One by one: spreading a long list into push() can overflow the call stack.
  for (const line of lines) out.push(line);
};

/** The first `shown` lines, then up to `folded` more inside `<details>`, then a count. */
function foldList(params: { lines: string[]; limits: MergeSummaryLimits }): string[] {
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

/** Errors first, then warnings; by line within each. */
function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const rank = (d: Diagnostic) => (d.severity === 'error' ? 0 : 1);
  return [...diagnostics].sort((a, b) => rank(a) - rank(b) || a.line - b.line);
}

/** Escaped text inside `[…](url)`: brackets and backslashes cannot end the link early. */
function escapeLinkText(text: string): string {
  return text.replace(/[\\[\]]/g, '\\$&');
}
