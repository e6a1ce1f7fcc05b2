import type { Item, Milestone, Plan } from '../plan/plan-types.js';
import { slugify } from '../plan/normalize-title.js';
import type { GithubIssue, GithubMilestone, GithubSnapshot, Marker } from './sync-types.js';
import { matchBySimilarity } from './match-by-similarity.js';
import { issueTitleOf, milestoneTitleOf } from './issue-title.js';

/**
 * Which GitHub milestone and issue each part of the plan is (the "match" verb of planning). Pure.
 */

/** A deliverable with where it sits in the plan. */
export interface PlanEntry {
  item: Item;
  milestone: Milestone | null;
  parent: Item | null;
}

export function flattenPlan(plan: Plan): PlanEntry[] {
  const out: PlanEntry[] = [];
  const visit = (items: Item[], milestone: Milestone | null, parent: Item | null) => {
    for (const item of items) {
      out.push({ item, milestone, parent });
      visit(item.children, milestone, item);
    }
  };
  for (const milestone of plan.milestones) visit(milestone.items, milestone, null);
  visit(plan.items, null, null);
  return out;
}

/** Milestone matching: marker key, then the same title (GitHub titles are unique), then rename. */
export function matchMilestones(params: {
  plan: Plan;
  github: GithubSnapshot;
  path: string;
}): Map<Milestone, GithubMilestone> {
  const { plan, github, path } = params;
  const result = new Map<Milestone, GithubMilestone>();
  const used = new Set<number>();
  const byKey = new Map<string, GithubMilestone>();
  for (const gh of github.milestones) if (gh.marker?.file === path) byKey.set(gh.marker.key, gh);
  for (const milestone of plan.milestones) {
    const gh = byKey.get(milestone.key);
    if (gh && !used.has(gh.number)) {
      result.set(milestone, gh);
      used.add(gh.number);
    }
  }
  for (const milestone of plan.milestones) {
    if (result.has(milestone)) continue;
    const title = milestoneTitleOf(milestone.title).toLowerCase();
    const gh = github.milestones.find(
      (m) => !used.has(m.number) && m.title.toLowerCase() === title,
    );
    if (gh) {
      result.set(milestone, gh);
      used.add(gh.number);
    }
  }
  const renamed = matchBySimilarity({
    left: plan.milestones.filter((m) => !result.has(m)),
    right: github.milestones.filter((m) => m.marker?.file === path && !used.has(m.number)),
    leftText: (m) => milestoneTitleOf(m.title),
    rightText: (m) => m.marker?.base.title ?? m.title,
    threshold: 0.6,
  });
  for (const [milestone, gh] of renamed) result.set(milestone, gh);
  return result;
}

/**
 * Issue matching: `#N` link, marker key, move (the same text in another milestone), rename
 * (similar text in the same milestone). Only a link to this repository links: a bare `#N`,
 * `owner/repo#N` or an issue URL naming this repository; any other reference is text. A `#N`
 * that names no issue of this repository is reported and the line is matched like any other.
 * Move and rename detection never take an issue whose line left the plan in an earlier sync (its
 * marker says `removed`): a similar line added later is a new deliverable; only the same line
 * (the same key) brings it back. When several issues carry
 * the same marker (a person copied a managed issue's body), the oldest is the deliverable's
 * issue; the copies are not the app's and are left alone.
 */
export function matchIssues(params: {
  entries: PlanEntry[];
  github: GithubSnapshot;
  path: string;
  notes: string[];
}): {
  matches: Map<Item, GithubIssue>;
  linked: Set<Item>;
  copies: Set<number>;
  duplicates: { issue: GithubIssue; of: GithubIssue }[];
} {
  const { entries, github, path, notes } = params;
  const result = new Map<Item, GithubIssue>();
  const linked = new Set<Item>();
  const used = new Set<number>();
  const byNumber = new Map(github.issues.map((gh) => [gh.number, gh]));
  const thisRepo = `${github.repo.owner}/${github.repo.repo}`.toLowerCase();
  const planKeys = new Map(entries.map((e) => [e.item.key, e.item]));
  for (const { item } of entries) {
    if (item.issue === null) continue;
    if (item.issueRepo && item.issueRepo.toLowerCase() !== thisRepo) continue;
    const gh = byNumber.get(item.issue);
    if (!gh) {
      notes.push(
        `line ${item.line} links #${item.issue}, which is not an issue of this repository`,
      );
      continue;
    }
    if (used.has(gh.number)) {
      notes.push(`line ${item.line} links #${item.issue}, which another line links already`);
      continue;
    }
    const owner = gh.marker?.file === path ? planKeys.get(gh.marker.key) : undefined;
    if (owner !== undefined && owner !== item) {
      notes.push(
        `line ${item.line} links #${item.issue}, which is the issue of line ${owner.line} (“${owner.title}”)`,
      );
      continue;
    }
    result.set(item, gh);
    linked.add(item);
    used.add(gh.number);
  }
  const byKey = new Map<string, GithubIssue>();
  const copies = new Set<number>();
  const duplicates: { issue: GithubIssue; of: GithubIssue }[] = [];
  const owned = github.issues
    .filter((gh) => gh.marker?.file === path)
    .sort((a, b) => a.number - b.number);
  for (const gh of owned) {
    const key = (gh.marker as Marker).key;
    const original = byKey.get(key);
    if (!original) {
      byKey.set(key, gh);
      continue;
    }
    copies.add(gh.number);
    // Opened by the same account as the original: the app's own duplicate (a create that was
    // retried after an error although it had landed). A person's copy is theirs.
    if (gh.author !== null && gh.author === original.author)
      duplicates.push({ issue: gh, of: original });
  }
  for (const { item } of entries) {
    if (result.has(item) || linked.has(item)) continue;
    const gh = byKey.get(item.key);
    if (gh && !used.has(gh.number)) {
      result.set(item, gh);
      used.add(gh.number);
    }
  }
  const unmatchedItems = () => entries.filter((e) => !result.has(e.item));
  const unmatchedIssues = () =>
    owned.filter(
      (gh) => !used.has(gh.number) && !copies.has(gh.number) && !gh.marker?.base.removed,
    );
  const milestoneOf = (key: string) => key.split('/')[0] ?? '';
  const pair = (pairs: [PlanEntry, GithubIssue][]) => {
    for (const [entry, gh] of pairs) {
      result.set(entry.item, gh);
      used.add(gh.number);
    }
  };
  const baseTitle = (gh: GithubIssue) =>
    gh.marker?.base.fileTitle ?? gh.marker?.base.title ?? gh.title;
  // Moves first: a line with (nearly) the same text elsewhere is that issue, wherever it was.
  pair(
    matchBySimilarity({
      left: unmatchedItems(),
      right: unmatchedIssues(),
      leftText: (e) => slugify(issueTitleOf(e.item.title)),
      rightText: (gh) => slugify(baseTitle(gh)),
      threshold: 0.9,
    }),
  );
  pair(
    matchBySimilarity({
      left: unmatchedItems(),
      right: unmatchedIssues(),
      leftText: (e) => issueTitleOf(e.item.title),
      rightText: baseTitle,
      leftGroup: (e) => milestoneOf(e.item.key),
      rightGroup: (gh) => milestoneOf(gh.marker?.key ?? ''),
      threshold: 0.5,
    }),
  );
  return { matches: result, linked, copies, duplicates };
}
