import type { FakeGitHub, FakeIssue } from '@milestone-sync/fake-github';
import { parsePlan } from '../../src/plan/parse-plan.js';
import type { Plan } from '../../src/plan/plan-types.js';
import { decodeMarker } from '../../src/sync/issue-marker.js';
import type { PlanEntry } from '../../src/sync/match-github.js';
import { flattenPlan } from '../../src/sync/match-github.js';
import type { AddProblem } from './check-types.js';
import { diffLines } from './diff-lines.js';

export interface TickTarget {
  issue: FakeIssue;
  entry: PlanEntry;
  /**
   * Other lines that may change with the tick: the milestone's status line when this is its last
   * open deliverable, the parent's line when this is its last open sub-item, and the plan's
   * progress lines. Only progress lines when a deliverable whose tick changes nothing else could
   * be chosen.
   */
  mayAlsoChange: number[];
}

/** Lines of progress statements the app keeps true (src/plan/find-progress-lines.ts). */
function progressLines(plan: Plan): number[] {
  return plan.progress.filter((p) => p.counts !== null).map((p) => p.line);
}

/**
 * An open issue the app made for a deliverable with no sub-items whose line can show done (a
 * checkbox, or a table row with a Status cell), the first by number among those whose milestone
 * (or the top level) and parent keep another open deliverable, so that only its own line has a
 * reason to change; failing that, the first of any. Null when no deliverable is open.
 */
export function pickIssueToClose(params: {
  fake: FakeGitHub;
  repo: string;
  path: string;
}): TickTarget | null {
  const { plan } = parsePlan({ text: readPlanText(params) });
  const entries = flattenPlan(plan);
  const progress = progressLines(plan);
  const byKey = new Map(entries.map((entry) => [entry.item.key, entry]));
  const candidates: TickTarget[] = [];
  const issues = [...params.fake.repo(params.repo).issues.values()]
    .filter(
      (issue) =>
        !issue.isPullRequest &&
        issue.state === 'open' &&
        issue.authorLogin === params.fake.apiActorLogin &&
        issue.subIssueIds.length === 0,
    )
    .sort((a, b) => a.number - b.number);
  for (const issue of issues) {
    const marker = decodeMarker(issue.body);
    const entry = marker?.file === params.path ? byKey.get(marker.key) : undefined;
    if (!entry || !canShowDone(entry)) continue;
    const follow = linesThatMayFollow({ entry, entries });
    // Progress lines follow every tick; they do not make another deliverable a better pick.
    const mayAlsoChange = [...follow, ...progress];
    if (follow.length === 0) return { issue, entry, mayAlsoChange };
    candidates.push({ issue, entry, mayAlsoChange });
  }
  return candidates[0] ?? null;
}

function canShowDone(entry: PlanEntry): boolean {
  const { item } = entry;
  if (item.children.length > 0 || item.status === 'done') return false;
  return item.source.kind === 'checkbox' || item.source.statusCell !== null;
}

function linesThatMayFollow(params: { entry: PlanEntry; entries: PlanEntry[] }): number[] {
  const { milestone, parent } = params.entry;
  const lines: number[] = [];
  const openInMilestone = params.entries.filter(
    (e) => e.milestone === milestone && e.item.status !== 'done',
  ).length;
  if (openInMilestone < 2 && milestone) lines.push(milestone.status?.line ?? milestone.line);
  if (parent && parent.children.filter((child) => child.status !== 'done').length < 2)
    lines.push(parent.line);
  return lines;
}

/**
 * Closing the issue must change the deliverable's line, to a line that reads done, and no other
 * line but those `mayAlsoChange` allows.
 */
export function checkTick(params: {
  target: TickTarget;
  before: string;
  after: string;
  problem: AddProblem;
}): void {
  const { item } = params.target.entry;
  const number = params.target.issue.number;
  const changes = diffLines({ before: params.before, after: params.after });
  const shown = changes.map((c) => `line ${c.line}: ${c.before.trim()} ⇒ ${c.after.trim()}`);
  const allowed = new Set([item.line, ...params.target.mayAlsoChange]);
  if (!changes.some((c) => c.line === item.line)) {
    params.problem(
      'tick',
      `closing #${number} did not change line ${item.line} (“${item.title}”)`,
      shown,
    );
    return;
  }
  const stray = changes.filter((c) => !allowed.has(c.line));
  if (stray.length > 0) {
    params.problem(
      'tick',
      `closing #${number} changed line(s) ${stray.map((c) => c.line).join(', ')} besides line ${item.line}`,
      shown,
    );
    return;
  }
  const reparsed = flattenPlan(parsePlan({ text: params.after }).plan).find(
    (e) => e.item.line === item.line,
  );
  if (reparsed?.item.status !== 'done') {
    params.problem(
      'tick',
      `after closing #${number}, line ${item.line} reads as ${reparsed?.item.status ?? 'no deliverable'}`,
      shown,
    );
  }
}

/** The plan file at the head of the default branch, read from the fake's state (no API call). */
export function readPlanText(params: { fake: FakeGitHub; repo: string; path: string }): string {
  const repo = params.fake.repo(params.repo);
  const head = repo.commits.get(repo.branches.get(repo.defaultBranch)?.headSha ?? '');
  const blob = head?.files.get(params.path);
  if (!blob) throw new Error(`${params.path} is missing from ${params.repo}`);
  return blob.bytes.toString('utf8');
}
