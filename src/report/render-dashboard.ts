import type { Item, ItemStatus, Milestone, Plan } from '../plan/plan-types.js';
import { toPlainText } from '../plan/plain-text.js';
import { cutTitle } from '../sync/issue-title.js';
import type { DashboardMarker, LastSync } from '../sync/dashboard-marker.js';
import { encodeDashboardMarker } from '../sync/dashboard-marker.js';
import { renderProgressBar } from './render-progress-bar.js';

/**
 * GitHub refuses an issue body over 65,536 characters (422). The dashboard is measured in UTF-8
 * bytes, which are never fewer than characters, so it fits however GitHub counts.
 * https://docs.github.com/en/rest/issues/issues#create-an-issue
 */
export const GITHUB_BODY_LIMIT = 65_536;

/** A deliverable after the sync: its status (file and GitHub agreed) and its issue, if any. */
export interface DeliverableAfter {
  status: ItemStatus;
  issue: number | null;
}

export interface RenderDashboardParams {
  path: string;
  /** The plan as the file says it once the sync's edits are in. */
  plan: Plan;
  /** By deliverable key; a deliverable missing here keeps its parsed status and has no issue. */
  after: Map<string, DeliverableAfter>;
  /** `YYYY-MM-DD`: a milestone due before it and still open is overdue. */
  today: string;
  /** Plan diagnostics after the sync, counted by severity. */
  diagnostics: { errors: number; warnings: number };
  /** Carried as is into the body (its `last` and `recent` are rendered). */
  marker: DashboardMarker;
  /** Limit of the whole body; default GitHub's. */
  limit?: number;
}

/** How many entries each list shows before "… and N more"; halved until the body fits. */
interface Caps {
  milestones: number;
  chart: number;
  inProgress: number;
  recent: number;
  problems: number;
  titleLength: number;
}

const FIRST_CAPS: Caps = {
  milestones: 60,
  chart: 40,
  inProgress: 20,
  recent: 10,
  problems: 5,
  titleLength: 100,
};

/**
 * The dashboard issue's body: overall progress with a text bar, a table of milestones (done/total,
 * percent, due date with overdue flagged against `today`, state), a Mermaid chart (a `gantt` of
 * milestones by due date when any has one, else a `pie` of deliverables by status), deliverables in
 * progress, recently completed ones, the last sync that changed something (with its refusal or
 * errors), and the hidden marker. Pure and deterministic (no clock): the same inputs give the same
 * body, so an unchanged sync writes nothing. Lists are cut with "… and N more" and cut further
 * until the body fits `limit` (GitHub's 65,536), whatever the plan's size.
 */
export function renderDashboard(params: RenderDashboardParams): string {
  const limit = params.limit ?? GITHUB_BODY_LIMIT;
  let caps = FIRST_CAPS;
  for (;;) {
    const body = renderWith({ params, caps });
    if (utf8Length(body) <= limit || caps.titleLength <= 8) return fitHard({ body, limit });
    caps = {
      milestones: Math.floor(caps.milestones / 2),
      chart: Math.floor(caps.chart / 2),
      inProgress: Math.floor(caps.inProgress / 2),
      recent: Math.floor(caps.recent / 2),
      problems: Math.floor(caps.problems / 2),
      titleLength: Math.floor(caps.titleLength / 2),
    };
  }
}

/** A last resort (a marker or sync message of absurd size): the marker's end is kept. */
function fitHard(params: { body: string; limit: number }): string {
  const { body, limit } = params;
  if (utf8Length(body) <= limit) return body;
  const at = body.lastIndexOf('<!-- milestone-sync-dashboard ');
  const marker = body.slice(at);
  let room = Math.max(0, limit - utf8Length(marker) - 4);
  let head = body.slice(0, Math.min(at, room));
  while (utf8Length(head) > room) head = head.slice(0, (room = Math.floor(room * 0.9)));
  return `${head}\n\n${marker}`;
}

interface Row {
  milestone: Milestone | null;
  title: string;
  done: number;
  inProgress: number;
  total: number;
  state: 'open' | 'closed';
  due: string | null;
  overdue: boolean;
}

function renderWith(params: { params: RenderDashboardParams; caps: Caps }): string {
  const { caps } = params;
  const { path, plan, after, today, marker, diagnostics } = params.params;
  const statusOf = (item: Item): ItemStatus => after.get(item.key)?.status ?? item.status;
  const rows = milestoneRows({ plan, statusOf, today });
  const all = rows.reduce(
    (sum, r) => ({
      done: sum.done + r.done,
      inProgress: sum.inProgress + r.inProgress,
      total: sum.total + r.total,
    }),
    { done: 0, inProgress: 0, total: 0 },
  );
  const milestones = rows.filter((r) => r.milestone !== null);
  const closed = milestones.filter((r) => r.state === 'closed').length;
  const overdue = milestones.filter((r) => r.overdue).length;
  const out: string[] = [
    `**Overall: \`${renderProgressBar({ done: all.done, total: all.total })}\`** — ${all.done} of ${all.total} deliverable${all.total === 1 ? '' : 's'} done, ${all.inProgress} in progress; ${closed} of ${milestones.length} milestone${milestones.length === 1 ? '' : 's'} closed${overdue > 0 ? `, ⚠️ ${overdue} overdue` : ''}.`,
    '',
    ...renderTable({ rows, caps }),
    '',
    ...renderChart({ rows: milestones, all, caps }),
    ...renderInProgress({ plan, statusOf, after, caps }),
    ...renderRecent({ plan, after, recent: marker.recent, caps }),
    ...renderLastSync({ last: marker.last, diagnostics, path, caps }),
    `<sub>Kept up to date by milestone-sync from \`${escapeCode(path)}\`: edits to this issue are overwritten at the next sync that changes something. Set \`dashboard: false\` in \`.github/milestone-sync.yml\` to stop it.</sub>`,
    '',
    encodeDashboardMarker(marker),
  ];
  return out.join('\n');
}

function milestoneRows(params: {
  plan: Plan;
  statusOf: (item: Item) => ItemStatus;
  today: string;
}): Row[] {
  const { plan, statusOf, today } = params;
  const count = (items: Item[]) => {
    const c = { done: 0, inProgress: 0, total: 0 };
    const visit = (list: Item[]) => {
      for (const item of list) {
        c.total++;
        const status = statusOf(item);
        if (status === 'done') c.done++;
        else if (status === 'in-progress') c.inProgress++;
        visit(item.children);
      }
    };
    visit(items);
    return c;
  };
  const rows: Row[] = plan.milestones.map((milestone) => {
    const c = count(milestone.items);
    const due = milestone.due?.date ?? null;
    const state = milestone.state;
    return {
      milestone,
      title: toPlainText(milestone.title),
      ...c,
      state,
      due,
      overdue: state === 'open' && due !== null && due < today,
    };
  });
  if (plan.items.length > 0) {
    const c = count(plan.items);
    rows.push({
      milestone: null,
      title: 'Outside any milestone',
      ...c,
      state: c.done === c.total ? 'closed' : 'open',
      due: null,
      overdue: false,
    });
  }
  return rows;
}

/**
 * One line per milestone, in plan order. Over the cap, open milestones are kept before closed
 * ones and the rest are counted in a last "… and N more" row.
 */
function renderTable(params: { rows: Row[]; caps: Caps }): string[] {
  const { rows, caps } = params;
  if (rows.length === 0) return ['_The plan has no milestones yet._'];
  const order = [...rows].sort((a, b) => rank(a) - rank(b));
  const shown = new Set(order.slice(0, caps.milestones));
  const out = ['| Milestone | Done | Progress | Due | State |', '| --- | ---: | --- | --- | --- |'];
  for (const row of rows) {
    if (!shown.has(row)) continue;
    const title = row.milestone === null ? `_${row.title}_` : escapeInline(cut(row, caps));
    const due = row.due === null ? '—' : row.overdue ? `${row.due} ⚠️ overdue` : row.due;
    out.push(
      `| ${title} | ${row.done}/${row.total} | ${renderProgressBar({ done: row.done, total: row.total })} | ${due} | ${stateText(row)} |`,
    );
  }
  const hidden = rows.filter((r) => !shown.has(r));
  if (hidden.length > 0) {
    const closed = hidden.filter((r) => r.state === 'closed').length;
    out.push(
      `| … and ${hidden.length} more milestone${hidden.length === 1 ? '' : 's'} (${closed} closed) | ${sum(hidden, 'done')}/${sum(hidden, 'total')} | | | |`,
    );
  }
  return out;
}

function rank(row: Row): number {
  return row.state === 'open' ? 0 : 1;
}

function sum(rows: Row[], field: 'done' | 'total'): number {
  return rows.reduce((n, r) => n + r[field], 0);
}

function cut(row: Row, caps: Caps): string {
  return cutTitle({ text: row.title, max: caps.titleLength });
}

function stateText(row: Row): string {
  if (row.state === 'closed') return '✅ closed';
  if (row.done > 0 || row.inProgress > 0) return '🔄 in progress';
  return '⏳ open';
}

/** Mermaid chart GitHub renders (```mermaid): gantt by due date, else a pie by status. */
function renderChart(params: {
  rows: Row[];
  all: { done: number; inProgress: number; total: number };
  caps: Caps;
}): string[] {
  const { rows, all, caps } = params;
  const dated = rows.filter((r) => r.due !== null);
  if (dated.length > 0 && caps.chart > 0) return renderGantt({ dated, caps });
  if (all.total === 0) return [];
  const slices: [string, number][] = [
    ['Done', all.done],
    ['In progress', all.inProgress],
    ['To do', all.total - all.done - all.inProgress],
  ];
  return [
    '```mermaid',
    'pie title Deliverables by status',
    ...slices.filter(([, n]) => n > 0).map(([label, n]) => `    "${label}" : ${n}`),
    '```',
    '',
  ];
}

/**
 * Milestones as gantt milestones (diamonds) on their due dates: `done` when closed, `crit` when
 * overdue, `active` when in progress. Over the cap, open milestones are kept first.
 * https://mermaid.js.org/syntax/gantt.html#milestones
 */
function renderGantt(params: { dated: Row[]; caps: Caps }): string[] {
  const { dated, caps } = params;
  const byDate = [...dated].sort((a, b) => ((a.due ?? '') < (b.due ?? '') ? -1 : 1));
  const kept = new Set([...byDate].sort((a, b) => rank(a) - rank(b)).slice(0, caps.chart));
  const out = [
    '```mermaid',
    'gantt',
    '    title Milestones by due date',
    '    dateFormat YYYY-MM-DD',
    '    section Milestones',
  ];
  let id = 0;
  for (const row of byDate) {
    if (!kept.has(row)) continue;
    id++;
    const tags = [
      row.state === 'closed'
        ? 'done'
        : row.overdue
          ? 'crit'
          : row.done + row.inProgress > 0
            ? 'active'
            : null,
      'milestone',
    ].filter((t): t is string => t !== null);
    out.push(`    ${mermaidText(cut(row, caps))} :${tags.join(', ')}, m${id}, ${row.due}, 0d`);
  }
  out.push('```');
  const left = dated.length - kept.size;
  if (left > 0)
    out.push(
      `_The chart shows ${kept.size} of ${dated.length} milestones with a due date (… and ${left} more)._`,
    );
  out.push('');
  return out;
}

/** Words Mermaid's gantt reads as statements at the start of a line. */
const GANTT_KEYWORDS =
  /^(?:title|section|dateformat|axisformat|tickinterval|excludes|includes|todaymarker|weekday|weekend|inclusiveenddates|topaxis|acctitle|accdescr|click|gantt)\b/i;

/**
 * A title Mermaid reads as plain text: letters, digits, spaces and `-._/()'+` only (`:` `;` `#`
 * `%` and quotes have meanings in its grammar); never empty, never a leading keyword.
 */
export function mermaidText(text: string): string {
  const clean = text
    .replace(/[^\p{L}\p{N} \-._/()'+]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (clean === '') return 'Untitled';
  return GANTT_KEYWORDS.test(clean) ? `Milestone ${clean}` : clean;
}

function renderInProgress(params: {
  plan: Plan;
  statusOf: (item: Item) => ItemStatus;
  after: Map<string, DeliverableAfter>;
  caps: Caps;
}): string[] {
  const { plan, statusOf, after, caps } = params;
  const entries = flatten(plan).filter((e) => statusOf(e.item) === 'in-progress');
  if (entries.length === 0) return [];
  const lines = entries.map((e) =>
    deliverableLine({ item: e.item, milestone: e.milestone, after, caps }),
  );
  return [`### 🔄 In progress (${entries.length})`, '', ...capList(lines, caps.inProgress), ''];
}

function renderRecent(params: {
  plan: Plan;
  after: Map<string, DeliverableAfter>;
  recent: string[];
  caps: Caps;
}): string[] {
  const { plan, after, recent, caps } = params;
  const byKey = new Map(flatten(plan).map((e) => [e.item.key, e]));
  const entries = recent.flatMap((key) => byKey.get(key) ?? []);
  if (entries.length === 0) return [];
  const lines = entries.map((e) =>
    deliverableLine({ item: e.item, milestone: e.milestone, after, caps }),
  );
  return ['### ✅ Recently completed', '', ...capList(lines, caps.recent), ''];
}

function renderLastSync(params: {
  last: LastSync | null;
  diagnostics: { errors: number; warnings: number };
  path: string;
  caps: Caps;
}): string[] {
  const { last, diagnostics, path, caps } = params;
  const out = ['### Last change synced', ''];
  if (last === null) out.push('_None yet._');
  else out.push(`${escapeInline(oneLine(last.headline))} (at ${last.at})`);
  if (last?.refusal) {
    out.push('', `> ⛔ **Refused**: ${escapeInline(oneLine(last.refusal))}`);
  }
  if (last && last.problemCount > 0) {
    out.push(
      '',
      `❌ ${last.problemCount} action${last.problemCount === 1 ? '' : 's'} did not go through:`,
    );
    const lines = last.problems.map((p) => `- ${escapeInline(oneLine(p))}`);
    const shown = lines.slice(0, caps.problems);
    const more = last.problemCount - shown.length;
    for (const line of shown) out.push(line);
    if (more > 0) out.push(`- … and ${more} more`);
  }
  const { errors, warnings } = diagnostics;
  if (errors + warnings > 0) {
    out.push(
      '',
      `📝 \`${escapeCode(path)}\` has ${[errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : null, warnings > 0 ? `${warnings} warning${warnings === 1 ? '' : 's'}` : null].filter((p) => p !== null).join(' and ')}: run \`milestone-sync preview\` to see them.`,
    );
  }
  out.push('');
  return out;
}

function deliverableLine(params: {
  item: Item;
  milestone: Milestone | null;
  after: Map<string, DeliverableAfter>;
  caps: Caps;
}): string {
  const { item, milestone, after, caps } = params;
  const issue = after.get(item.key)?.issue ?? null;
  const title = escapeInline(cutTitle({ text: toPlainText(item.title), max: caps.titleLength }));
  const where = milestone
    ? ` — ${escapeInline(cutTitle({ text: toPlainText(milestone.title), max: caps.titleLength }))}`
    : '';
  return `- ${issue !== null && issue > 0 ? `#${issue} ` : ''}${title}${where}`;
}

function flatten(plan: Plan): { item: Item; milestone: Milestone | null }[] {
  const out: { item: Item; milestone: Milestone | null }[] = [];
  const visit = (items: Item[], milestone: Milestone | null) => {
    for (const item of items) {
      out.push({ item, milestone });
      visit(item.children, milestone);
    }
  };
  for (const milestone of plan.milestones) visit(milestone.items, milestone);
  visit(plan.items, null);
  return out;
}

function capList(lines: string[], max: number): string[] {
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max), `- … and ${lines.length - max} more`];
}

/**
 * Plain text shown as such in Markdown: Markdown's punctuation escaped, `<` and `&` as entities
 * (no HTML, no comment that could look like a marker), `@` and `#` escaped so titles neither
 * mention people nor link issues, `|` escaped for table cells.
 */
export function escapeInline(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|#@~!]/g, '\\$&');
}

function escapeCode(text: string): string {
  return text.replace(/`/g, "'");
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}
